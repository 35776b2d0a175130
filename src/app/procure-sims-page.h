/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sims-page.h: the SIM inventory, a GtkColumnView over the session's
 * SIMs with incremental search by ICCID, IMSI or MSISDN.
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
GListModel *procure_sims_page_get_model       (ProcureSimsPage *self);

/* One CSV line per SIM (header first): iccid,imsi,msisdn,order_id,... */
char       *procure_sims_to_csv               (GListModel      *sims);

G_END_DECLS
