/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sims-page.h: the SIM inventory, a list of the session's SIMs
 * (a million stay fluid: rows draw their five columns themselves) with
 * search by ICCID, IMSI or MSISDN prefix and filters by order, product
 * and account, each one SQL query run off the main loop.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_SIMS_PAGE (procure_sims_page_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSimsPage, procure_sims_page, PROCURE, SIMS_PAGE, AdwBin)

GtkWidget  *procure_sims_page_new             (void);
void        procure_sims_page_set_session     (ProcureSimsPage *self,
                                               ProcureSession  *session);
void        procure_sims_page_set_search_text (ProcureSimsPage *self,
                                               const char      *text);
/* Filters (each also in the page's toolbar). The order is named by its PO
 * number or id (NULL or "" clears; an unknown one marks the entry and keeps
 * the previous filter); product and account by id (NULL: all). */
void        procure_sims_page_set_order_filter   (ProcureSimsPage *self,
                                                  const char      *text);
void        procure_sims_page_set_product_filter (ProcureSimsPage *self,
                                                  const char      *product_id);
void        procure_sims_page_set_account_filter (ProcureSimsPage *self,
                                                  const char      *account_id);
/* The account filter is offered to agents and admins only. */
gboolean    procure_sims_page_get_account_filter_visible (ProcureSimsPage *self);
/* The SIMs shown (of ProcureSimRow): the last result while a new search
 * runs. */
GListModel *procure_sims_page_get_model       (ProcureSimsPage *self);
/* Whether the list shows the result of the current filters and search. */
gboolean    procure_sims_page_is_settled      (ProcureSimsPage *self);

/* Writes the SIMs shown to @file as CSV (procure_sims_to_csv()'s format) a
 * slice of rows at a time, the file written asynchronously in between: a
 * million SIMs never stop the window. Fails if the list changes meanwhile
 * (a sync reloaded it). Finishes with the number of SIMs written. */
void        procure_sims_page_export_async    (ProcureSimsPage     *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gssize      procure_sims_page_export_finish   (ProcureSimsPage     *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* One CSV line per SIM (header first): iccid,imsi,msisdn,order_id,... */
char       *procure_sims_to_csv               (GListModel      *sims);

G_END_DECLS
