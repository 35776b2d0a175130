/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-product-form.h: the agent's product form (create or edit a SIM
 * sales product), checked field by field before anything is sent, and its
 * JSON body for POST /api/v1/products or PATCH /api/v1/products/{id}.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "procure-core.h"

G_BEGIN_DECLS

/* What the user typed, as text (borrowed). */
typedef struct {
  const char *code;
  const char *name;
  const char *form_factor;        /* 2FF, 3FF, 4FF, triple-cut, MFF2, eSIM */
  const char *unit_price;         /* "12.50" in @currency */
  const char *currency;           /* ISO 4217 */
  const char *min_quantity;
  const char *max_quantity;
  const char *quantity_multiple;  /* pack size */
  const char *stock;
  gboolean    active;
} ProcureProductForm;

/* The request body (every member of ProductCreate and "active"), or NULL
 * with a PROCURE_ERROR naming the wire field ("unit_price", "max_quantity",
 * ...): required text present and within limits, a known form factor and
 * currency, a price that parses in that currency, whole quantities with
 * 1 <= min <= max <= PROCURE_MAX_QUANTITY, min and max multiples of the pack
 * size, stock >= 0. */
JsonNode *procure_product_form_to_json (const ProcureProductForm *form,
                                        GError                  **error);

/* Fills @form's texts from @product (owned by @strings, freed with it). */
void      procure_product_form_from_product (ProcureProductForm   *form,
                                             const ProcureProduct *product,
                                             GPtrArray            *strings);

G_END_DECLS
