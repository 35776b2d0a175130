/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-product-row.h: one line of the product catalogue list.
 * Properties (read-only): "id", "code", "name", "form-factor", "features"
 * (comma-separated), "branding", "unit-price" (int64), "currency",
 * "unit-price-label", "stock" (int64), "active".
 */
#pragma once

#include <glib-object.h>

#include "procure-types.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_PRODUCT_ROW (procure_product_row_get_type ())
G_DECLARE_FINAL_TYPE (ProcureProductRow, procure_product_row, PROCURE, PRODUCT_ROW, GObject)

ProcureProductRow *procure_product_row_new_from_product (const ProcureProduct *product);
/* Copies every value of @product into @self, notifying what changed. */
void        procure_product_row_update            (ProcureProductRow    *self,
                                                   const ProcureProduct *product);

const char *procure_product_row_get_id               (ProcureProductRow *self);
const char *procure_product_row_get_code             (ProcureProductRow *self);
const char *procure_product_row_get_name             (ProcureProductRow *self);
const char *procure_product_row_get_form_factor      (ProcureProductRow *self);
const char *procure_product_row_get_features         (ProcureProductRow *self);
const char *procure_product_row_get_branding         (ProcureProductRow *self);
gint64      procure_product_row_get_unit_price       (ProcureProductRow *self);
const char *procure_product_row_get_currency         (ProcureProductRow *self);
const char *procure_product_row_get_unit_price_label (ProcureProductRow *self);
gint64      procure_product_row_get_stock            (ProcureProductRow *self);
gboolean    procure_product_row_get_active           (ProcureProductRow *self);

G_END_DECLS
