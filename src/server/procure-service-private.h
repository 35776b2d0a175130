/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the order files of the service. */
#pragma once

#include "procure-service.h"

G_BEGIN_DECLS

/* The order if @user may see it, else PROCURE_ERROR_NOT_FOUND. */
ProcureOrder        *svc_order_visible     (ProcureService *self, const ProcureUser *user,
                                            const char *id, GError **error);
/* 428 without If-Match, 412 when it is not the order's current ETag. */
gboolean             svc_check_if_match    (const ProcureOrder *order, const char *if_match,
                                            GError **error);
/* product id -> ProcureProduct assigned to the account. */
GHashTable          *svc_assigned_products (ProcureService *self, const char *account_id,
                                            GError **error);
gboolean             svc_validate_order    (ProcureService *self, const ProcureOrder *order,
                                            const ProcureAccount *account, GHashTable *products,
                                            gboolean for_submit, GError **error);
ProcureHistoryEntry *svc_history_entry     (ProcureService *self, const ProcureUser *user,
                                            ProcureAction action, ProcureStatus from,
                                            ProcureStatus to, const char *comment);
/* effective = overrides over the account defaults; totals recomputed. */
void                 svc_resolve_effective (ProcureOrder *order, const ProcureAccount *account);
/* Writes an edit, action or comment; with the request's retry key, its
 * record (answer: the order as written, with @status) goes in the same
 * transaction. */
gboolean             svc_write_order       (ProcureService *self, ProcureOrderWrite *write,
                                            guint status, GError **error);

G_END_DECLS
