/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-detail.h: one order: status header with progress stepper,
 * exactly the action buttons the lifecycle allows this user now, lines,
 * effective settings with overrides marked, delivery, SIMs (copy, CSV
 * export), history and comments. Reloads when the session reports a change.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ORDER_DETAIL (procure_order_detail_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderDetail, procure_order_detail, PROCURE, ORDER_DETAIL, AdwBin)

GtkWidget    *procure_order_detail_new          (void);
void          procure_order_detail_set_session  (ProcureOrderDetail *self,
                                                 ProcureSession     *session);
void          procure_order_detail_set_order_id (ProcureOrderDetail *self,
                                                 const char         *order_id);
const char   *procure_order_detail_get_order_id (ProcureOrderDetail *self);
/* "PO 20261122" or "Draft Order". */
const char   *procure_order_detail_get_title    (ProcureOrderDetail *self);
/* The shown order (borrowed), NULL if none. */
ProcureOrder *procure_order_detail_get_order    (ProcureOrderDetail *self);
/* Follows a locally created order to its server id. */
void          procure_order_detail_replace_id   (ProcureOrderDetail *self,
                                                 const char         *old_id,
                                                 const char         *new_id);
/* Takes @action as its button would (asking for what it needs first). */
void          procure_order_detail_run_action   (ProcureOrderDetail *self,
                                                 ProcureAction       action);

G_END_DECLS
