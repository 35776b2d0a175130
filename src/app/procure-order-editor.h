/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-editor.h: the order editor window. Lines (product, quantity
 * with its rules), live totals, shipping address from the address book or a
 * new one, requested shipping date (calendar, no past dates), notes and, where
 * the account allows it, "Override Account Defaults". Every field is checked
 * with the core validators before anything is sent; errors mark the field.
 * Save Draft and Submit go through the session's outbox (so they work
 * offline).
 *
 * The setters below are what the widgets do; tests and tools use them too.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ORDER_EDITOR (procure_order_editor_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderEditor, procure_order_editor, PROCURE, ORDER_EDITOR, AdwWindow)

/* @order_id NULL: a new order. */
GtkWidget  *procure_order_editor_new              (ProcureSession     *session,
                                                   const char         *order_id);
/* Agents: the account the order is raised for. */
gboolean    procure_order_editor_set_account      (ProcureOrderEditor *self,
                                                   const char         *account_id);
/* Appends a line for @product_id (quantity: the product's minimum). FALSE if
 * the product cannot be ordered for this account. */
gboolean    procure_order_editor_add_product      (ProcureOrderEditor *self,
                                                   const char         *product_id);
guint       procure_order_editor_get_n_lines      (ProcureOrderEditor *self);
void        procure_order_editor_set_quantity     (ProcureOrderEditor *self,
                                                   guint               line,
                                                   gint64              quantity);
/* Index into the account's address book; -1 = a new address. */
void        procure_order_editor_select_address   (ProcureOrderEditor *self,
                                                   int                 index);
void        procure_order_editor_set_ship_date    (ProcureOrderEditor *self,
                                                   const char         *date);
void        procure_order_editor_set_notes        (ProcureOrderEditor *self,
                                                   const char         *notes);
/* @value NULL: the account default. FALSE if overrides are not offered or the
 * value is not entitled. */
gboolean    procure_order_editor_set_override     (ProcureOrderEditor *self,
                                                   ProcureSetting      setting,
                                                   const char         *value);
/* Order total in minor units as shown. */
gint64      procure_order_editor_get_total        (ProcureOrderEditor *self);
/* Validates (marking fields) and saves; returns the order id, NULL with
 * @error on validation or outbox failure. The window closes on success. */
char       *procure_order_editor_save_draft       (ProcureOrderEditor *self,
                                                   GError            **error);
char       *procure_order_editor_submit           (ProcureOrderEditor *self,
                                                   GError            **error);

G_END_DECLS
