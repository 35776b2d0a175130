/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-catalogue-page.h: the SIM sales products the user may order (the
 * account's assigned products; agents see all), with search and a form-factor
 * filter. "Order" on a product activates win.order-product with its id.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_CATALOGUE_PAGE (procure_catalogue_page_get_type ())
G_DECLARE_FINAL_TYPE (ProcureCataloguePage, procure_catalogue_page, PROCURE, CATALOGUE_PAGE, AdwBin)

GtkWidget  *procure_catalogue_page_new             (void);
void        procure_catalogue_page_set_session     (ProcureCataloguePage *self,
                                                    ProcureSession       *session);
void        procure_catalogue_page_set_search_text (ProcureCataloguePage *self,
                                                    const char           *text);
/* NULL = every form factor. */
void        procure_catalogue_page_set_form_factor (ProcureCataloguePage *self,
                                                    const char           *form_factor);
/* The filtered model shown (of ProcureProductRow). */
GListModel *procure_catalogue_page_get_model       (ProcureCataloguePage *self);

G_END_DECLS
