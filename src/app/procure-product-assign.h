/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-product-assign.h: which accounts see a product. The server sets
 * an account's whole product list (PUT /api/v1/accounts/{id}/products), so
 * for each changed account this reads the list, adds or removes the one
 * product, and writes it back; accounts are done one after the other.
 */
#pragma once

#include "procure-client.h"

G_BEGIN_DECLS

/* @changes: account id -> GINT_TO_POINTER (TRUE to offer, FALSE to withdraw). */
void     procure_product_assign_async  (ProcureApi          *api,
                                        const char          *product_id,
                                        GHashTable          *changes,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean procure_product_assign_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
