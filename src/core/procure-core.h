/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "procure-types.h"
#include "procure-error.h"
#include "procure-money.h"
#include "procure-requests.h"
#include "procure-lifecycle.h"
#include "procure-validate.h"
#include "procure-json.h"
#include "procure-time.h"
