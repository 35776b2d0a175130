/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-orders-page.h: the orders list (or, with "inbox" set, what waits on
 * the user): a table (procure-order-table.h) over its own ProcureOrderList, a view of the
 * session's orders that filters by status and search text and sorts by the
 * clicked column in SQL, in the background on a big cache (rows are read
 * only when shown). Activating a row activates win.open-order with the
 * order id.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ORDERS_PAGE (procure_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrdersPage, procure_orders_page, PROCURE, ORDERS_PAGE, AdwBin)

GtkWidget  *procure_orders_page_new            (gboolean           inbox);
void        procure_orders_page_set_session    (ProcureOrdersPage *self,
                                                ProcureSession    *session);
void        procure_orders_page_set_search_text (ProcureOrdersPage *self,
                                                 const char        *text);
/* PROCURE_STATUS_INVALID = every status. */
void        procure_orders_page_set_status_filter (ProcureOrdersPage *self,
                                                   ProcureStatus      status);
/* The filtered, sorted model the view shows: a ProcureSlot per row, whose
 * item is the ProcureOrderRow shown there. */
GListModel *procure_orders_page_get_model      (ProcureOrdersPage *self);
/* FALSE while a new filter or sort is still being queried. */
gboolean    procure_orders_page_is_settled     (ProcureOrdersPage *self);

/* Selects every shown row; returns how many. */
guint       procure_orders_page_select_all     (ProcureOrdersPage *self);
/* Approves (or rejects with @request's comment) every selected order the
 * lifecycle allows; returns how many were queued. The "Approve Selected" and
 * "Reject Selected" buttons of an approver's inbox do this. */
guint       procure_orders_page_decide_selected (ProcureOrdersPage          *self,
                                                 ProcureAction               action,
                                                 const ProcureActionRequest *request);

G_END_DECLS
