/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-line-row.h: one line of the order editor: the product (from
 * the products the account may order), the quantity with its rules as a
 * hint, the line total, and the error the validators found for the line.
 *
 * Signals: "changed" when the product or the quantity changes, "remove"
 * when the user asks to remove the line (the editor removes the row).
 */
#pragma once

#include <gtk/gtk.h>

#include "procure-client.h"
#include "procure-ui-state.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ORDER_LINE_ROW (procure_order_line_row_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderLineRow, procure_order_line_row, PROCURE, ORDER_LINE_ROW, GtkListBoxRow)

/* @products: of ProcureProduct, referenced and never changed afterwards;
 * @currency: the account's, for the line total. */
GtkWidget            *procure_order_line_row_new          (GPtrArray           *products,
                                                           const char          *currency);
/* Names the controls "Product, Line N", "Quantity, Line N", ... */
void                  procure_order_line_row_set_number   (ProcureOrderLineRow *self,
                                                           guint                number);
/* Index into the products; -1 = none. */
void                  procure_order_line_row_set_product  (ProcureOrderLineRow *self,
                                                           int                  index);
const ProcureProduct *procure_order_line_row_get_product  (ProcureOrderLineRow *self);
void                  procure_order_line_row_set_quantity (ProcureOrderLineRow *self,
                                                           gint64               quantity);
gint64                procure_order_line_row_get_quantity (ProcureOrderLineRow *self);
/* Refreshes the hint, the quantity steps and the line total. */
void                  procure_order_line_row_update       (ProcureOrderLineRow *self);
/* Marks the product or the quantity (@field) and shows @message below. */
void                  procure_order_line_row_show_error   (ProcureOrderLineRow *self,
                                                           ProcureUiField       field,
                                                           const char          *message);
void                  procure_order_line_row_clear_error  (ProcureOrderLineRow *self);

G_END_DECLS
