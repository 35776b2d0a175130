/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-order-line-row.h"
#include "procure-widgets.h"

struct _ProcureOrderLineRow
{
  GtkListBoxRow  parent_instance;

  GPtrArray     *products;   /* of ProcureProduct, the drop-down's items */
  char          *currency;

  GtkDropDown   *product;
  GtkSpinButton *quantity;
  GtkLabel      *hint;
  GtkLabel      *total;
  GtkLabel      *error;
};

G_DEFINE_FINAL_TYPE (ProcureOrderLineRow, procure_order_line_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------- helpers ---------- */

static char *
quantity_hint (const ProcureProduct *product)
{
  g_autofree char *price = NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  g_autofree char *pack = NULL;

  if (product == NULL)
    return g_strdup ("");
  price = procure_money_format (product->unit_price, product->currency);
  min = g_strdup_printf ("%'" G_GINT64_FORMAT, product->min_quantity);
  max = g_strdup_printf ("%'" G_GINT64_FORMAT, product->max_quantity);
  pack = g_strdup_printf ("%'" G_GINT64_FORMAT, product->quantity_multiple);
  if (product->quantity_multiple > 1)
    /* Translators: unit price, minimum and maximum quantity, pack size */
    return g_strdup_printf (_("%s each · %s to %s, in packs of %s"), price, min, max, pack);
  /* Translators: unit price, minimum and maximum quantity */
  return g_strdup_printf (_("%s each · %s to %s"), price, min, max);
}

static GListModel *
product_names (GPtrArray *products)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < products->len; i++)
    {
      const ProcureProduct *product = g_ptr_array_index (products, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", product->name, product->form_factor);

      gtk_string_list_append (names, label);
    }
  return G_LIST_MODEL (names);
}

/* ---------- callbacks ---------- */

static void
on_value_changed (ProcureOrderLineRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_remove_clicked (ProcureOrderLineRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

/* ---------- GObject ---------- */

static void
procure_order_line_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PROCURE_TYPE_ORDER_LINE_ROW);

  G_OBJECT_CLASS (procure_order_line_row_parent_class)->dispose (object);
}

static void
procure_order_line_row_finalize (GObject *object)
{
  ProcureOrderLineRow *self = PROCURE_ORDER_LINE_ROW (object);

  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (procure_order_line_row_parent_class)->finalize (object);
}

static void
procure_order_line_row_class_init (ProcureOrderLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_order_line_row_dispose;
  object_class->finalize = procure_order_line_row_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-order-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureOrderLineRow, product);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrderLineRow, quantity);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrderLineRow, hint);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrderLineRow, total);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrderLineRow, error);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
procure_order_line_row_init (ProcureOrderLineRow *self)
{
  GtkAdjustment *quantity = gtk_adjustment_new (0, 0, PROCURE_MAX_QUANTITY, 1, 10, 0);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* As gtk_spin_button_new_with_range() does: configure() also sizes the
   * entry for the largest quantity, which a later range change would not. */
  gtk_spin_button_configure (self->quantity, quantity, 1, 0);
  gtk_spin_button_set_numeric (self->quantity, TRUE);
}

/* ---------- public API ---------- */

GtkWidget *
procure_order_line_row_new (GPtrArray  *products,
                            const char *currency)
{
  ProcureOrderLineRow *self;
  g_autoptr(GListModel) names = NULL;

  g_return_val_if_fail (products != NULL, NULL);

  self = g_object_new (PROCURE_TYPE_ORDER_LINE_ROW, NULL);
  self->products = g_ptr_array_ref (products);
  self->currency = g_strdup (currency);
  names = product_names (products);
  /* Nothing listens yet: a new row starts without a product. */
  gtk_drop_down_set_model (self->product, names);
  gtk_drop_down_set_selected (self->product, GTK_INVALID_LIST_POSITION);
  return GTK_WIDGET (self);
}

void
procure_order_line_row_set_number (ProcureOrderLineRow *self,
                                   guint                number)
{
  g_autofree char *product = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *total = NULL;

  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  product = g_strdup_printf (_("Product, Line %u"), number);
  quantity = g_strdup_printf (_("Quantity, Line %u"), number);
  total = g_strdup_printf (_("Line Total, Line %u"), number);
  procure_set_accessible_label (GTK_WIDGET (self->product), product);
  procure_set_accessible_label (GTK_WIDGET (self->quantity), quantity);
  procure_set_accessible_label (GTK_WIDGET (self->total), total);
}

void
procure_order_line_row_set_product (ProcureOrderLineRow *self,
                                    int                  index)
{
  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  gtk_drop_down_set_selected (self->product, index < 0 ? GTK_INVALID_LIST_POSITION : (guint) index);
}

const ProcureProduct *
procure_order_line_row_get_product (ProcureOrderLineRow *self)
{
  guint selected;

  g_return_val_if_fail (PROCURE_IS_ORDER_LINE_ROW (self), NULL);

  selected = gtk_drop_down_get_selected (self->product);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->products->len)
    return NULL;
  return g_ptr_array_index (self->products, selected);
}

void
procure_order_line_row_set_quantity (ProcureOrderLineRow *self,
                                     gint64               quantity)
{
  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  gtk_spin_button_set_value (self->quantity, (double) quantity);
}

gint64
procure_order_line_row_get_quantity (ProcureOrderLineRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_LINE_ROW (self), 0);

  return (gint64) gtk_spin_button_get_value (self->quantity);
}

void
procure_order_line_row_update (ProcureOrderLineRow *self)
{
  const ProcureProduct *product;
  g_autofree char *hint = NULL;
  g_autofree char *total_text = NULL;
  gint64 total = 0;

  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  product = procure_order_line_row_get_product (self);
  hint = quantity_hint (product);
  gtk_label_set_label (self->hint, hint);
  if (product != NULL)
    {
      gint64 step = MAX (product->quantity_multiple, 1);

      gtk_spin_button_set_increments (self->quantity, step, step * 10);
      if (!procure_money_mul (product->unit_price, procure_order_line_row_get_quantity (self), &total))
        total = 0;
    }
  total_text = procure_money_format (total, self->currency);
  gtk_label_set_label (self->total, total_text);
}

void
procure_order_line_row_show_error (ProcureOrderLineRow *self,
                                   ProcureUiField       field,
                                   const char          *message)
{
  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  procure_widget_set_error (field == PROCURE_UI_FIELD_LINE_QUANTITY ? GTK_WIDGET (self->quantity)
                                                                    : GTK_WIDGET (self->product),
                            TRUE);
  gtk_label_set_label (self->error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error), TRUE);
}

void
procure_order_line_row_clear_error (ProcureOrderLineRow *self)
{
  g_return_if_fail (PROCURE_IS_ORDER_LINE_ROW (self));

  procure_widget_set_error (GTK_WIDGET (self->quantity), FALSE);
  procure_widget_set_error (GTK_WIDGET (self->product), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
}
