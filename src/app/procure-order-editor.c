/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-editor.c: the editor window, the shell around its parts:
 * the account choice (agents), the lines (ProcureOrderLineRow), the total,
 * the delivery (ProcureDeliverySection) and the overrides
 * (ProcureOverridesSection); it turns the form into an order, validates it,
 * shows the first problem on its field, and saves or submits through the
 * session.
 */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-delivery-section.h"
#include "procure-order-editor.h"
#include "procure-order-line-row.h"
#include "procure-overrides-section.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

struct _ProcureOrderEditor
{
  AdwWindow                parent_instance;

  ProcureSession          *session;
  char                    *order_id;        /* NULL for a new order */
  ProcureOrder            *original;        /* the draft being edited */
  ProcureAccount          *account;
  GPtrArray               *products;        /* of ProcureProduct the account may order */
  GPtrArray               *lines;           /* of ProcureOrderLineRow, in list order */
  GPtrArray               *account_ids;     /* agents: of char*, the account combo's ids */
  gboolean                 loading;

  AdwWindowTitle          *window_title;
  GtkButton               *submit_button;
  GtkLabel                *error_label;
  GtkWidget               *account_group;
  AdwComboRow             *account_row;
  GtkListBox              *lines_list;
  GtkLabel                *total_label;
  ProcureDeliverySection  *delivery_section;
  ProcureOverridesSection *overrides_section;
};

G_DEFINE_FINAL_TYPE (ProcureOrderEditor, procure_order_editor, ADW_TYPE_WINDOW)

static void recompute (ProcureOrderEditor *self);
static void clear_errors (ProcureOrderEditor *self);

/* ---------- products ---------- */

static const ProcureProduct *
find_product (ProcureOrderEditor *self,
              const char         *product_id)
{
  for (guint i = 0; i < self->products->len; i++)
    {
      const ProcureProduct *product = g_ptr_array_index (self->products, i);

      if (g_strcmp0 (product->id, product_id) == 0)
        return product;
    }
  return NULL;
}

static const ProcureProduct *
lookup_product_cb (const char *product_id,
                   gpointer    user_data)
{
  return find_product (user_data, product_id);
}

static int
index_of_product (ProcureOrderEditor *self,
                  const char         *product_id)
{
  for (guint i = 0; i < self->products->len; i++)
    if (g_strcmp0 (((ProcureProduct *) g_ptr_array_index (self->products, i))->id, product_id) == 0)
      return (int) i;
  return -1;
}

static gboolean
product_assigned (const ProcureProduct *product,
                  const char           *account_id)
{
  /* Members only ever receive their account's products; agents receive all
   * of them with the accounts each is assigned to. */
  return product->account_ids == NULL ||
         g_strv_contains ((const char * const *) product->account_ids, account_id);
}

/* A new array each time: line rows keep the one they were built with. */
static void
load_products (ProcureOrderEditor *self)
{
  GListModel *rows = procure_session_get_products (self->session);
  guint n = g_list_model_get_n_items (rows);

  g_clear_pointer (&self->products, g_ptr_array_unref);
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  for (guint i = 0; i < n && self->account != NULL; i++)
    {
      g_autoptr(ProcureProductRow) row = g_list_model_get_item (rows, i);
      ProcureProduct *product = procure_session_get_product (self->session,
                                                             procure_product_row_get_id (row));

      if (product != NULL && product->active && product_assigned (product, self->account->id))
        g_ptr_array_add (self->products, product);
      else if (product != NULL)
        procure_product_unref (product);
    }
}

/* ---------- lines ---------- */

static ProcureOrderLineRow *
line_at (ProcureOrderEditor *self,
         guint               index)
{
  return g_ptr_array_index (self->lines, index);
}

/* A line or an override changed: new totals. */
static void
on_value_changed (ProcureOrderEditor *self)
{
  if (self->loading)
    return;
  /* A changed value loses the error mark it had; Save or Submit check again. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    clear_errors (self);
  recompute (self);
}

static void
on_line_remove (ProcureOrderEditor  *self,
                ProcureOrderLineRow *line)
{
  gtk_list_box_remove (self->lines_list, GTK_WIDGET (line));
  g_ptr_array_remove (self->lines, line);
  recompute (self);
}

/* Appends a line; @product_index -1 leaves the product unselected. */
static void
append_line (ProcureOrderEditor *self,
             int                 product_index,
             gint64              quantity)
{
  GtkWidget *row = procure_order_line_row_new (self->products,
                                               self->account ? self->account->currency : "EUR");
  ProcureOrderLineRow *line = PROCURE_ORDER_LINE_ROW (row);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_value_changed), self);
  g_signal_connect_swapped (row, "remove", G_CALLBACK (on_line_remove), self);
  gtk_list_box_append (self->lines_list, row);
  g_ptr_array_add (self->lines, g_object_ref (row));
  procure_order_line_row_set_number (line, self->lines->len);
  procure_order_line_row_set_product (line, product_index);
  procure_order_line_row_set_quantity (line, quantity);
  self->loading = was_loading;
  recompute (self);
}

static void
clear_lines (ProcureOrderEditor *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    gtk_list_box_remove (self->lines_list, GTK_WIDGET (line_at (self, i)));
  g_ptr_array_set_size (self->lines, 0);
}

/* ---------- the order as entered ---------- */

static ProcureOrder *
order_from_form (ProcureOrderEditor *self)
{
  ProcureOrder *order = procure_order_new ();

  order->account_id = g_strdup (self->account ? self->account->id : NULL);
  order->currency = g_strdup (self->account ? self->account->currency : NULL);
  order->status = self->original ? self->original->status : PROCURE_STATUS_DRAFT;
  for (guint i = 0; i < self->lines->len; i++)
    {
      const ProcureProduct *product = procure_order_line_row_get_product (line_at (self, i));
      ProcureOrderLine *order_line = procure_order_line_new ();

      order_line->product_id = g_strdup (product ? product->id : NULL);
      order_line->quantity = procure_order_line_row_get_quantity (line_at (self, i));
      order_line->unit_price = product ? product->unit_price : 0;
      g_ptr_array_add (order->lines, order_line);
    }
  procure_order_recompute_totals (order);
  order->shipping_address = procure_delivery_section_get_address (self->delivery_section);
  order->requested_ship_date = g_strdup (procure_delivery_section_get_ship_date (self->delivery_section));
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    procure_settings_set (order->overrides, s,
                          procure_overrides_section_get_value (self->overrides_section, s));
  order->notes = procure_delivery_section_dup_notes (self->delivery_section);
  return order;
}

/* An empty new address is "no address yet" on a draft. */
static gboolean
address_is_empty (const ProcureAddress *a)
{
  return a->name == NULL && a->company == NULL && a->street == NULL &&
         a->postal_code == NULL && a->city == NULL && a->country == NULL;
}

static ProcureOrderRequest *
request_from_order (ProcureOrderEditor *self,
                    ProcureOrder       *order)
{
  ProcureOrderRequest *request = procure_order_request_new ();

  if (self->original == NULL && self->account != NULL)
    request->account_id = g_strdup (self->account->id);
  request->has_lines = TRUE;
  for (guint i = 0; i < order->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (order->lines, i);
      ProcureLineRequest *line_request = g_new0 (ProcureLineRequest, 1);

      line_request->product_id = g_strdup (line->product_id);
      line_request->quantity = line->quantity;
      g_ptr_array_add (request->lines, line_request);
    }
  request->has_shipping_address = TRUE;
  if (!address_is_empty (order->shipping_address))
    request->shipping_address = procure_address_copy (order->shipping_address);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = g_strdup (order->requested_ship_date);
  request->has_overrides = TRUE;
  request->overrides = procure_settings_copy (order->overrides);
  request->has_notes = TRUE;
  request->notes = g_strdup (order->notes);
  return request;
}

/* ---------- validation display ---------- */

static void
clear_errors (ProcureOrderEditor *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    procure_order_line_row_clear_error (line_at (self, i));
  procure_delivery_section_clear_errors (self->delivery_section);
  procure_overrides_section_clear_errors (self->overrides_section);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Marks the field @error names and shows its message at the top. */
static void
show_error (ProcureOrderEditor *self,
            const GError       *error)
{
  const char *path = error->domain == PROCURE_ERROR ? procure_error_get_field (error) : NULL;
  int index = -1;
  ProcureUiField field = procure_ui_field_from_path (path, &index);

  clear_errors (self);
  switch (field)
    {
    case PROCURE_UI_FIELD_LINE_PRODUCT:
    case PROCURE_UI_FIELD_LINE_QUANTITY:
      if (index >= 0 && (guint) index < self->lines->len)
        procure_order_line_row_show_error (line_at (self, index), field, error->message);
      break;
    case PROCURE_UI_FIELD_ADDRESS:
    case PROCURE_UI_FIELD_SHIP_DATE:
    case PROCURE_UI_FIELD_NOTES:
      procure_delivery_section_mark_error (self->delivery_section, field, path);
      break;
    case PROCURE_UI_FIELD_OVERRIDE:
      procure_overrides_section_mark_error (self->overrides_section, index);
      break;
    case PROCURE_UI_FIELD_LINES:
    case PROCURE_UI_FIELD_OTHER:
    default:
      break;
    }
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* ---------- totals ---------- */

static void
recompute (ProcureOrderEditor *self)
{
  g_autoptr(ProcureOrder) order = NULL;
  g_autofree char *total = NULL;

  for (guint i = 0; i < self->lines->len; i++)
    procure_order_line_row_update (line_at (self, i));
  if (self->account == NULL)
    return;
  order = order_from_form (self);
  total = procure_money_format (order->total, self->account->currency);
  gtk_label_set_label (self->total_label, total);
}

/* ---------- account and loading ---------- */

static void
apply_account (ProcureOrderEditor *self,
               ProcureAccount     *account)
{
  g_clear_pointer (&self->account, procure_account_unref);
  self->account = account;
  load_products (self);
  procure_delivery_section_set_account (self->delivery_section, account);
  procure_overrides_section_set_account (self->overrides_section, account);
  clear_lines (self);
  recompute (self);
}

static void
fill_accounts (ProcureOrderEditor *self)
{
  GListModel *accounts = procure_session_get_accounts (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureAccountRow) row = g_list_model_get_item (accounts, i);

      gtk_string_list_append (names, procure_account_row_get_name (row));
      g_ptr_array_add (self->account_ids, g_strdup (procure_account_row_get_id (row)));
    }
  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (names));
  gtk_widget_set_visible (self->account_group, TRUE);
}

/* Fills the form from the draft being edited. */
static void
load_original (ProcureOrderEditor *self)
{
  ProcureOrder *order = self->original;

  for (guint i = 0; i < order->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (order->lines, i);

      append_line (self, index_of_product (self, line->product_id), line->quantity);
    }
  procure_delivery_section_show_address (self->delivery_section, order->shipping_address);
  procure_delivery_section_set_ship_date (self->delivery_section, order->requested_ship_date);
  procure_delivery_section_set_notes (self->delivery_section, order->notes);
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    procure_order_editor_set_override (self, s, order->overrides->values[s]);
  adw_window_title_set_title (self->window_title, _("Edit Order"));
  if (order->status == PROCURE_STATUS_INFO_REQUESTED)
    gtk_button_set_label (self->submit_button, _("_Resubmit"));
}

/* ---------- saving ---------- */

static gboolean
validate (ProcureOrderEditor *self,
          ProcureOrder       *order,
          gboolean            for_submit,
          GError            **error)
{
  if (self->account == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "account_id", _("Choose the account to order for"));
      return FALSE;
    }
  return procure_validate_order (order, self->account, lookup_product_cb, self, NULL,
                                 for_submit, error);
}

/* Creates or updates the order, then submits it when @submit. */
static char *
send (ProcureOrderEditor  *self,
      ProcureOrder        *order,
      gboolean             submit,
      GError             **error)
{
  g_autoptr(ProcureOrderRequest) request = request_from_order (self, order);
  g_autofree char *id = NULL;
  ProcureAction action = PROCURE_ACTION_SUBMIT;

  if (self->order_id == NULL)
    id = procure_session_create_order (self->session, request, error);
  else if (procure_session_update_order (self->session, self->order_id, request, error))
    id = g_strdup (self->order_id);
  if (id != NULL && submit)
    {
      if (self->original != NULL && self->original->status == PROCURE_STATUS_INFO_REQUESTED)
        action = PROCURE_ACTION_RESUBMIT;
      if (!procure_session_order_action (self->session, id, action, NULL, error))
        g_clear_pointer (&id, g_free);
    }
  return g_steal_pointer (&id);
}

static char *
save (ProcureOrderEditor  *self,
      gboolean             submit,
      GError             **error)
{
  g_autoptr(ProcureOrder) order = order_from_form (self);
  char *id;

  if (!validate (self, order, submit, error))
    {
      show_error (self, *error);
      return NULL;
    }
  clear_errors (self);
  id = send (self, order, submit, error);
  if (id == NULL)
    show_error (self, *error);
  return id;
}

static void
toast_parent (ProcureOrderEditor *self,
              const char         *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *overlay = NULL;

  if (parent != NULL)
    overlay = gtk_widget_get_first_child (GTK_WIDGET (parent));
  while (overlay != NULL && !ADW_IS_TOAST_OVERLAY (overlay))
    overlay = gtk_widget_get_first_child (overlay);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
finish (ProcureOrderEditor *self,
        const char         *order_id,
        const char         *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  toast_parent (self, message);
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-order", "s", order_id);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---------- callbacks ---------- */

static void
on_submit_clicked (ProcureOrderEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = procure_order_editor_submit (self, &error);

  (void) id;
}

static void
on_draft_clicked (ProcureOrderEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = procure_order_editor_save_draft (self, &error);

  (void) id;
}

static void
on_add_line_clicked (ProcureOrderEditor *self)
{
  const ProcureProduct *first = self->products->len ? g_ptr_array_index (self->products, 0) : NULL;

  append_line (self, first ? 0 : -1, first ? first->min_quantity : 1);
}

static void
on_account_selected (ProcureOrderEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->account_row);

  if (selected < self->account_ids->len)
    procure_order_editor_set_account (self, g_ptr_array_index (self->account_ids, selected));
}

static void
on_field_changed (ProcureOrderEditor *self)
{
  /* A corrected field loses its error mark at once. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    clear_errors (self);
}

static void
on_section_invalid (ProcureOrderEditor *self,
                    const GError       *error)
{
  show_error (self, error);
}

/* ---------- GObject ---------- */

static void
procure_order_editor_dispose (GObject *object)
{
  ProcureOrderEditor *self = PROCURE_ORDER_EDITOR (object);

  /* The rows outlive the list box until dropped here: they must not call
   * back into a half-disposed editor. */
  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    g_signal_handlers_disconnect_by_data (line_at (self, i), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_ORDER_EDITOR);
  if (self->lines != NULL)
    g_ptr_array_set_size (self->lines, 0);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_order_editor_parent_class)->dispose (object);
}

static void
procure_order_editor_finalize (GObject *object)
{
  ProcureOrderEditor *self = PROCURE_ORDER_EDITOR (object);

  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->original, procure_order_unref);
  g_clear_pointer (&self->account, procure_account_unref);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->account_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (procure_order_editor_parent_class)->finalize (object);
}

static void
procure_order_editor_class_init (ProcureOrderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_order_editor_dispose;
  object_class->finalize = procure_order_editor_finalize;

  g_type_ensure (PROCURE_TYPE_DELIVERY_SECTION);
  g_type_ensure (PROCURE_TYPE_OVERRIDES_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-order-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProcureOrderEditor, name)
  BIND (window_title);
  BIND (submit_button);
  BIND (error_label);
  BIND (account_group);
  BIND (account_row);
  BIND (lines_list);
  BIND (total_label);
  BIND (delivery_section);
  BIND (overrides_section);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_draft_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_line_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_account_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_section_invalid);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
procure_order_editor_init (ProcureOrderEditor *self)
{
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  self->lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->account_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  procure_combo_row_show_full_values (self->account_row);
  self->loading = FALSE;
}

/* ---------- public API ---------- */

static void
setup_for_user (ProcureOrderEditor *self)
{
  const ProcureUser *user = procure_session_get_user (self->session);
  const char *account_id = self->original ? self->original->account_id
                                          : user ? user->account_id : NULL;

  if (user != NULL && user->role == PROCURE_ROLE_AGENT && self->original == NULL)
    fill_accounts (self);
  if (account_id != NULL)
    procure_order_editor_set_account (self, account_id);
  else if (self->account_ids->len > 0)
    on_account_selected (self);
}

GtkWidget *
procure_order_editor_new (ProcureSession *session,
                          const char     *order_id)
{
  ProcureOrderEditor *self;
  g_autofree char *tomorrow = procure_date_today_string (7);

  g_return_val_if_fail (PROCURE_IS_SESSION (session), NULL);

  self = g_object_new (PROCURE_TYPE_ORDER_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->order_id = g_strdup (order_id);
  if (order_id != NULL)
    self->original = procure_session_get_order (session, order_id);
  setup_for_user (self);
  if (self->original != NULL)
    load_original (self);
  else
    procure_delivery_section_set_ship_date (self->delivery_section, tomorrow);
  return GTK_WIDGET (self);
}

gboolean
procure_order_editor_set_account (ProcureOrderEditor *self,
                                  const char         *account_id)
{
  ProcureAccount *account;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), FALSE);

  if (self->account != NULL && g_strcmp0 (self->account->id, account_id) == 0)
    return TRUE;
  account = procure_session_get_account (self->session, account_id);
  if (account == NULL)
    return FALSE;
  apply_account (self, account);
  for (guint i = 0; i < self->account_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->account_ids, i), account_id))
      adw_combo_row_set_selected (self->account_row, i);
  return TRUE;
}

gboolean
procure_order_editor_add_product (ProcureOrderEditor *self,
                                  const char         *product_id)
{
  int index;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), FALSE);

  index = index_of_product (self, product_id);
  if (index < 0)
    return FALSE;
  append_line (self, index, ((ProcureProduct *) g_ptr_array_index (self->products, index))->min_quantity);
  return TRUE;
}

guint
procure_order_editor_get_n_lines (ProcureOrderEditor *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), 0);

  return self->lines->len;
}

void
procure_order_editor_set_quantity (ProcureOrderEditor *self,
                                   guint               line,
                                   gint64              quantity)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));
  g_return_if_fail (line < self->lines->len);

  procure_order_line_row_set_quantity (line_at (self, line), quantity);
}

void
procure_order_editor_select_address (ProcureOrderEditor *self,
                                     int                 index)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  procure_delivery_section_select_address (self->delivery_section, index);
}

void
procure_order_editor_set_ship_date (ProcureOrderEditor *self,
                                    const char         *date)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  procure_delivery_section_set_ship_date (self->delivery_section, date);
}

void
procure_order_editor_set_notes (ProcureOrderEditor *self,
                                const char         *notes)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  procure_delivery_section_set_notes (self->delivery_section, notes);
}

gboolean
procure_order_editor_set_override (ProcureOrderEditor *self,
                                   ProcureSetting      setting,
                                   const char         *value)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), FALSE);
  g_return_val_if_fail (setting < PROCURE_N_SETTINGS, FALSE);

  return procure_overrides_section_set_value (self->overrides_section, setting, value);
}

gint64
procure_order_editor_get_total (ProcureOrderEditor *self)
{
  g_autoptr(ProcureOrder) order = NULL;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), 0);

  order = order_from_form (self);
  return order->total;
}

char *
procure_order_editor_save_draft (ProcureOrderEditor  *self,
                                 GError             **error)
{
  char *id;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), NULL);

  id = save (self, FALSE, error);
  if (id != NULL)
    finish (self, id, _("Draft saved"));
  return id;
}

char *
procure_order_editor_submit (ProcureOrderEditor  *self,
                             GError             **error)
{
  char *id;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), NULL);

  id = save (self, TRUE, error);
  if (id != NULL)
    finish (self, id, _("Order submitted"));
  return id;
}
