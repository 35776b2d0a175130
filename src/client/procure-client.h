/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-client.h: libprocure-client, the engine the app sits on (no GTK).
 *
 * The app gets one ProcureSession injected; everything else here is what the
 * session is built from, public so tests and tools can use the parts alone.
 */
#pragma once

#include "procure-core.h"

#include "procure-client-enums.h"
#include "procure-api.h"
#include "procure-cache.h"
#include "procure-credentials.h"
#include "procure-notifier.h"
#include "procure-notify-policy.h"
#include "procure-libnotify-notifier.h"
#include "procure-order-row.h"
#include "procure-order-list.h"
#include "procure-product-row.h"
#include "procure-sim-row.h"
#include "procure-sim-list.h"
#include "procure-slot-list.h"
#include "procure-account-row.h"
#include "procure-session.h"
