/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-product-dialog.h: agents create or edit a SIM sales product (and
 * deactivate it with the Active switch). Fields are checked live with
 * procure_product_form_to_json(); Save is enabled only when they are valid.
 * "Offered To" lists the accounts with a check each. Saving calls the
 * server directly (admin path, no outbox): the product, then the changed
 * account assignments (procure-product-assign.h), then a sync.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_PRODUCT_DIALOG (procure_product_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ProcureProductDialog, procure_product_dialog, PROCURE, PRODUCT_DIALOG, AdwMessageDialog)

/* @product NULL: a new product. */
ProcureProductDialog *procure_product_dialog_new      (GtkWindow      *parent,
                                                       ProcureSession *session,
                                                       ProcureProduct *product);
/* Field names are the wire names: "code", "name", "form_factor",
 * "unit_price", "currency", "min_quantity", "max_quantity",
 * "quantity_multiple", "stock". */
void                  procure_product_dialog_set_text (ProcureProductDialog *self,
                                                       const char           *field,
                                                       const char           *text);
void                  procure_product_dialog_set_active (ProcureProductDialog *self,
                                                         gboolean              active);
/* Offer the product to @account_id or withdraw it (sent on save, only for
 * accounts whose check changed). */
void                  procure_product_dialog_set_offered (ProcureProductDialog *self,
                                                          const char           *account_id,
                                                          gboolean              offered);
/* The inline error, NULL while the form is valid. */
const char           *procure_product_dialog_get_error_text (ProcureProductDialog *self);
/* Sends the form (as the Save response does); @callback gets the server's
 * answer: finish with procure_product_dialog_save_finish(). */
void                  procure_product_dialog_save_async  (ProcureProductDialog *self,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* The saved product (transfer full) or NULL with @error. */
ProcureProduct       *procure_product_dialog_save_finish (ProcureProductDialog *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
