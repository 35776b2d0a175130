/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "procure-service.h"

G_BEGIN_DECLS

/* Seeds the demo accounts, users, catalogue and orders into an empty store. */
gboolean procure_demo_seed (ProcureService *service,
                            GError        **error);

G_END_DECLS
