/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-order-editor.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

/* One line of the form. */
typedef struct {
  GtkWidget *row;        /* GtkListBoxRow */
  GtkWidget *product;    /* GtkDropDown over self->products */
  GtkWidget *quantity;   /* GtkSpinButton */
  GtkWidget *hint;       /* min / max / pack label */
  GtkWidget *total;      /* line total label */
  GtkWidget *error;      /* error label */
} Line;

struct _ProcureOrderEditor
{
  AdwWindow        parent_instance;

  ProcureSession  *session;
  char            *order_id;        /* NULL for a new order */
  ProcureOrder    *original;        /* the draft being edited */
  ProcureAccount  *account;
  GPtrArray       *products;        /* of ProcureProduct the account may order */
  GPtrArray       *lines;           /* of Line */
  GPtrArray       *account_ids;     /* agents: of char*, the account combo's ids */
  char            *ship_date;
  GtkWidget       *override_rows[PROCURE_N_SETTINGS];
  GtkWidget       *address_fields[8];
  gboolean         loading;

  AdwWindowTitle  *window_title;
  GtkButton       *submit_button;
  GtkLabel        *error_label;
  GtkWidget       *account_group;
  AdwComboRow     *account_row;
  GtkListBox      *lines_list;
  GtkLabel        *total_label;
  AdwComboRow     *address_row;
  GtkWidget       *name_row;
  GtkWidget       *company_row;
  GtkWidget       *street_row;
  GtkWidget       *postal_code_row;
  GtkWidget       *city_row;
  GtkWidget       *region_row;
  GtkWidget       *country_row;
  GtkWidget       *phone_row;
  GtkWidget       *date_row;
  GtkMenuButton   *date_button;
  GtkCalendar     *calendar;
  GtkWidget       *notes_row;
  GtkWidget       *overrides_group;
  AdwExpanderRow  *overrides_row;
};

G_DEFINE_FINAL_TYPE (ProcureOrderEditor, procure_order_editor, ADW_TYPE_WINDOW)

static void recompute (ProcureOrderEditor *self);

/* ---------- small helpers ---------- */

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

/* NULL for blank text, else a stripped copy. */
static char *
dup_nonblank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

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

static const ProcureProduct *
line_product (ProcureOrderEditor *self,
              Line               *line)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (line->product));

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->products->len)
    return NULL;
  return g_ptr_array_index (self->products, selected);
}

static gint64
line_quantity (Line *line)
{
  return (gint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (line->quantity));
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

/* ---------- lines ---------- */

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
  min = g_strdup_printf ("%" G_GINT64_FORMAT, product->min_quantity);
  max = g_strdup_printf ("%" G_GINT64_FORMAT, product->max_quantity);
  pack = g_strdup_printf ("%" G_GINT64_FORMAT, product->quantity_multiple);
  if (product->quantity_multiple > 1)
    /* Translators: unit price, minimum and maximum quantity, pack size */
    return g_strdup_printf (_("%s each · %s to %s, in packs of %s"), price, min, max, pack);
  /* Translators: unit price, minimum and maximum quantity */
  return g_strdup_printf (_("%s each · %s to %s"), price, min, max);
}

static void
update_line (ProcureOrderEditor *self,
             Line               *line)
{
  const ProcureProduct *product = line_product (self, line);
  g_autofree char *hint = quantity_hint (product);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (line->quantity);
  gint64 total = 0;
  g_autofree char *total_text = NULL;

  gtk_label_set_label (GTK_LABEL (line->hint), hint);
  if (product != NULL)
    {
      gint64 step = MAX (product->quantity_multiple, 1);

      gtk_spin_button_set_increments (spin, step, step * 10);
      if (!procure_money_mul (product->unit_price, line_quantity (line), &total))
        total = 0;
    }
  total_text = procure_money_format (total, self->account ? self->account->currency : "EUR");
  gtk_label_set_label (GTK_LABEL (line->total), total_text);
}

static void clear_errors (ProcureOrderEditor *self);

static void
on_line_changed (ProcureOrderEditor *self)
{
  if (self->loading)
    return;
  /* A changed value loses the error mark it had; Save or Submit check again. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    clear_errors (self);
  recompute (self);
}

static void
on_remove_line_clicked (GtkButton          *button,
                        ProcureOrderEditor *self)
{
  Line *line = g_object_get_data (G_OBJECT (button), "line");

  gtk_list_box_remove (self->lines_list, line->row);
  g_ptr_array_remove (self->lines, line);
  recompute (self);
}

static GtkStringList *
product_names (ProcureOrderEditor *self)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->products->len; i++)
    {
      const ProcureProduct *product = g_ptr_array_index (self->products, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", product->name, product->form_factor);

      gtk_string_list_append (names, label);
    }
  return names;
}

static void
label_line_widgets (Line *line,
                    guint number)
{
  g_autofree char *product = g_strdup_printf (_("Product, Line %u"), number);
  g_autofree char *quantity = g_strdup_printf (_("Quantity, Line %u"), number);
  g_autofree char *total = g_strdup_printf (_("Line Total, Line %u"), number);

  procure_set_accessible_label (line->product, product);
  procure_set_accessible_label (line->quantity, quantity);
  procure_set_accessible_label (line->total, total);
}

static GtkWidget *
build_line_row (ProcureOrderEditor *self,
                Line               *line)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GtkStringList) names = product_names (self);

  line->product = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  line->quantity = gtk_spin_button_new_with_range (0, PROCURE_MAX_QUANTITY, 1);
  line->hint = gtk_label_new (NULL);
  line->total = gtk_label_new (NULL);
  line->error = gtk_label_new (NULL);

  gtk_widget_set_hexpand (line->product, TRUE);
  gtk_widget_set_tooltip_text (remove, _("Remove Line"));
  gtk_widget_add_css_class (remove, "flat");
  procure_set_accessible_label (remove, _("Remove Line"));
  g_object_set_data (G_OBJECT (remove), "line", line);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_line_clicked), self);
  gtk_box_append (GTK_BOX (top), line->product);
  gtk_box_append (GTK_BOX (top), line->quantity);
  gtk_box_append (GTK_BOX (top), remove);

  gtk_label_set_xalign (GTK_LABEL (line->hint), 0);
  gtk_widget_set_hexpand (line->hint, TRUE);
  gtk_widget_add_css_class (line->hint, "dim-label");
  gtk_widget_add_css_class (line->hint, "caption");
  gtk_widget_add_css_class (line->total, "heading");
  gtk_box_append (GTK_BOX (bottom), line->hint);
  gtk_box_append (GTK_BOX (bottom), line->total);

  gtk_label_set_xalign (GTK_LABEL (line->error), 0);
  gtk_label_set_wrap (GTK_LABEL (line->error), TRUE);
  gtk_widget_add_css_class (line->error, "error");
  gtk_widget_add_css_class (line->error, "caption");
  gtk_widget_set_visible (line->error, FALSE);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_box_append (GTK_BOX (box), line->error);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  g_signal_connect_swapped (line->product, "notify::selected", G_CALLBACK (on_line_changed), self);
  g_signal_connect_swapped (line->quantity, "value-changed", G_CALLBACK (on_line_changed), self);

  line->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (line->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (line->row), box);
  return line->row;
}

/* Appends a line; @product_index -1 leaves the product unselected. */
static Line *
append_line (ProcureOrderEditor *self,
             int                 product_index,
             gint64              quantity)
{
  Line *line = g_new0 (Line, 1);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gtk_list_box_append (self->lines_list, build_line_row (self, line));
  g_ptr_array_add (self->lines, line);
  label_line_widgets (line, self->lines->len);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (line->product),
                              product_index < 0 ? GTK_INVALID_LIST_POSITION : (guint) product_index);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (line->quantity), (double) quantity);
  self->loading = was_loading;
  recompute (self);
  return line;
}

static void
clear_lines (ProcureOrderEditor *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    gtk_list_box_remove (self->lines_list, ((Line *) g_ptr_array_index (self->lines, i))->row);
  g_ptr_array_set_size (self->lines, 0);
}

/* ---------- address and date ---------- */

/* The rows of a new address, in form order. */
#define N_ADDRESS_ROWS 8

static GtkWidget **
address_rows (ProcureOrderEditor *self,
              guint              *n)
{
  *n = N_ADDRESS_ROWS;
  return self->address_fields;
}

static gboolean
new_address_selected (ProcureOrderEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->address_row);

  return self->account == NULL || selected >= self->account->addresses->len;
}

static void
update_address_rows (ProcureOrderEditor *self)
{
  guint n;
  GtkWidget **rows = address_rows (self, &n);
  gboolean show = new_address_selected (self);

  for (guint i = 0; i < n; i++)
    gtk_widget_set_visible (rows[i], show);
}

static ProcureAddress *
address_from_form (ProcureOrderEditor *self)
{
  ProcureAddress *address = procure_address_new ();
  g_autofree char *country = dup_nonblank (text_of (self->country_row));

  address->name = dup_nonblank (text_of (self->name_row));
  address->company = dup_nonblank (text_of (self->company_row));
  address->street = dup_nonblank (text_of (self->street_row));
  address->postal_code = dup_nonblank (text_of (self->postal_code_row));
  address->city = dup_nonblank (text_of (self->city_row));
  address->region = dup_nonblank (text_of (self->region_row));
  address->country = country ? g_ascii_strup (country, -1) : NULL;
  address->phone = dup_nonblank (text_of (self->phone_row));
  return address;
}

static void
set_ship_date (ProcureOrderEditor *self,
               const char         *date)
{
  g_autofree char *label = NULL;

  g_free (self->ship_date);
  self->ship_date = g_strdup (date);
  label = date ? procure_format_date (date) : g_strdup (_("Choose a Date"));
  gtk_menu_button_set_label (self->date_button, label);
}

/* ---------- overrides ---------- */

static GtkStringList *
override_choices (const ProcureAccount *account,
                  ProcureSetting        setting)
{
  GtkStringList *choices = gtk_string_list_new (NULL);
  g_autofree char *default_label = g_strdup_printf (_("Account default (%s)"),
                                                    account->defaults->values[setting]);
  GStrv values = account->entitlements->values[setting];

  gtk_string_list_append (choices, default_label);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    gtk_string_list_append (choices, values[i]);
  return choices;
}

static void
clear_override_rows (ProcureOrderEditor *self)
{
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    if (self->override_rows[s] != NULL)
      {
        adw_expander_row_remove (self->overrides_row, self->override_rows[s]);
        self->override_rows[s] = NULL;
      }
}

static void
build_override_rows (ProcureOrderEditor *self)
{
  gboolean allowed = self->account != NULL && self->account->allow_default_override;

  clear_override_rows (self);
  gtk_widget_set_visible (self->overrides_group, allowed);
  if (!allowed)
    return;
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autoptr(GtkStringList) choices = override_choices (self->account, s);
      g_autofree char *subtitle = g_strdup_printf (_("Default: %s"),
                                                   self->account->defaults->values[s]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), procure_setting_get_label (s));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      procure_set_accessible_label (row, procure_setting_get_label (s));
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_line_changed), self);
      adw_expander_row_add_row (self->overrides_row, row);
      self->override_rows[s] = row;
    }
}

static const char *
override_value (ProcureOrderEditor *self,
                ProcureSetting      setting)
{
  GtkWidget *row = self->override_rows[setting];
  guint selected;
  GStrv values;

  if (row == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  values = self->account->entitlements->values[setting];
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || values == NULL ||
      selected > g_strv_length (values))
    return NULL;
  return values[selected - 1];
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
      Line *line = g_ptr_array_index (self->lines, i);
      const ProcureProduct *product = line_product (self, line);
      ProcureOrderLine *order_line = procure_order_line_new ();

      order_line->product_id = g_strdup (product ? product->id : NULL);
      order_line->quantity = line_quantity (line);
      order_line->unit_price = product ? product->unit_price : 0;
      g_ptr_array_add (order->lines, order_line);
    }
  procure_order_recompute_totals (order);
  if (new_address_selected (self))
    order->shipping_address = address_from_form (self);
  else
    order->shipping_address = procure_address_copy (
        g_ptr_array_index (self->account->addresses, adw_combo_row_get_selected (self->address_row)));
  order->requested_ship_date = g_strdup (self->ship_date);
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    procure_settings_set (order->overrides, s, override_value (self, s));
  order->notes = dup_nonblank (text_of (self->notes_row));
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
  guint n;
  GtkWidget **rows = address_rows (self, &n);

  for (guint i = 0; i < n; i++)
    procure_widget_set_error (rows[i], FALSE);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      procure_widget_set_error (line->quantity, FALSE);
      procure_widget_set_error (line->product, FALSE);
      gtk_widget_set_visible (line->error, FALSE);
    }
  procure_widget_set_error (GTK_WIDGET (self->address_row), FALSE);
  procure_widget_set_error (self->date_row, FALSE);
  procure_widget_set_error (self->notes_row, FALSE);
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    if (self->override_rows[s] != NULL)
      procure_widget_set_error (self->override_rows[s], FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static GtkWidget *
address_member_row (ProcureOrderEditor *self,
                    const char         *path)
{
  const char *member = strrchr (path, '.');

  if (!new_address_selected (self) || member == NULL)
    return GTK_WIDGET (self->address_row);
  member++;
  if (g_str_equal (member, "name")) return self->name_row;
  if (g_str_equal (member, "company")) return self->company_row;
  if (g_str_equal (member, "street")) return self->street_row;
  if (g_str_equal (member, "postal_code")) return self->postal_code_row;
  if (g_str_equal (member, "city")) return self->city_row;
  if (g_str_equal (member, "region")) return self->region_row;
  if (g_str_equal (member, "country")) return self->country_row;
  if (g_str_equal (member, "phone")) return self->phone_row;
  return GTK_WIDGET (self->address_row);
}

static void
mark_line_error (ProcureOrderEditor *self,
                 int                 index,
                 ProcureUiField      field,
                 const char         *message)
{
  Line *line;

  if (index < 0 || (guint) index >= self->lines->len)
    return;
  line = g_ptr_array_index (self->lines, index);
  procure_widget_set_error (field == PROCURE_UI_FIELD_LINE_QUANTITY ? line->quantity : line->product,
                            TRUE);
  gtk_label_set_label (GTK_LABEL (line->error), message);
  gtk_widget_set_visible (line->error, TRUE);
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
      mark_line_error (self, index, field, error->message);
      break;
    case PROCURE_UI_FIELD_ADDRESS:
      procure_widget_set_error (address_member_row (self, path), TRUE);
      break;
    case PROCURE_UI_FIELD_SHIP_DATE:
      procure_widget_set_error (self->date_row, TRUE);
      break;
    case PROCURE_UI_FIELD_OVERRIDE:
      if (index >= 0 && index < PROCURE_N_SETTINGS && self->override_rows[index] != NULL)
        {
          procure_widget_set_error (self->override_rows[index], TRUE);
          adw_expander_row_set_expanded (self->overrides_row, TRUE);
        }
      break;
    case PROCURE_UI_FIELD_NOTES:
      procure_widget_set_error (self->notes_row, TRUE);
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
    update_line (self, g_ptr_array_index (self->lines, i));
  if (self->account == NULL)
    return;
  order = order_from_form (self);
  total = procure_money_format (order->total, self->account->currency);
  gtk_label_set_label (self->total_label, total);
}

/* ---------- account and loading ---------- */

static void
load_products (ProcureOrderEditor *self)
{
  GListModel *rows = procure_session_get_products (self->session);
  guint n = g_list_model_get_n_items (rows);

  g_ptr_array_set_size (self->products, 0);
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

static void
load_addresses (ProcureOrderEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; self->account != NULL && i < self->account->addresses->len; i++)
    {
      const ProcureAddress *a = g_ptr_array_index (self->account->addresses, i);
      g_autofree char *label = g_strdup_printf ("%s, %s, %s", a->name, a->street, a->city);

      gtk_string_list_append (names, label);
    }
  gtk_string_list_append (names, _("New Address…"));
  adw_combo_row_set_model (self->address_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->address_row, 0);
  update_address_rows (self);
}

static void
apply_account (ProcureOrderEditor *self,
               ProcureAccount     *account)
{
  g_clear_pointer (&self->account, procure_account_unref);
  self->account = account;
  load_products (self);
  load_addresses (self);
  build_override_rows (self);
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

static int
index_of_product (ProcureOrderEditor *self,
                  const char         *product_id)
{
  for (guint i = 0; i < self->products->len; i++)
    if (g_strcmp0 (((ProcureProduct *) g_ptr_array_index (self->products, i))->id, product_id) == 0)
      return (int) i;
  return -1;
}

static int
index_of_address (ProcureOrderEditor   *self,
                  const ProcureAddress *address)
{
  for (guint i = 0; address != NULL && i < self->account->addresses->len; i++)
    {
      g_autoptr(ProcureAddress) copy = procure_address_copy (g_ptr_array_index (self->account->addresses, i));

      g_clear_pointer (&copy->id, g_free);
      if (procure_address_equal (copy, address))
        return (int) i;
    }
  return -1;
}

static void
fill_address_form (ProcureOrderEditor   *self,
                   const ProcureAddress *a)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), a->name ? a->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->company_row), a->company ? a->company : "");
  gtk_editable_set_text (GTK_EDITABLE (self->street_row), a->street ? a->street : "");
  gtk_editable_set_text (GTK_EDITABLE (self->postal_code_row), a->postal_code ? a->postal_code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->city_row), a->city ? a->city : "");
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), a->region ? a->region : "");
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), a->country ? a->country : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), a->phone ? a->phone : "");
}

/* Fills the form from the draft being edited. */
static void
load_original (ProcureOrderEditor *self)
{
  ProcureOrder *order = self->original;
  int address_index;

  for (guint i = 0; i < order->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (order->lines, i);

      append_line (self, index_of_product (self, line->product_id), line->quantity);
    }
  address_index = index_of_address (self, order->shipping_address);
  procure_order_editor_select_address (self, address_index);
  if (address_index < 0 && order->shipping_address != NULL)
    fill_address_form (self, order->shipping_address);
  set_ship_date (self, order->requested_ship_date);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), order->notes ? order->notes : "");
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

static char *
save (ProcureOrderEditor  *self,
      gboolean             submit,
      GError             **error)
{
  g_autoptr(ProcureOrder) order = order_from_form (self);
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autofree char *id = NULL;
  ProcureAction action = PROCURE_ACTION_SUBMIT;

  if (!validate (self, order, submit, error))
    {
      show_error (self, *error);
      return NULL;
    }
  clear_errors (self);
  request = request_from_order (self, order);
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
  if (id == NULL)
    {
      show_error (self, *error);
      return NULL;
    }
  return g_steal_pointer (&id);
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
on_address_selected (ProcureOrderEditor *self)
{
  update_address_rows (self);
}

static void
on_field_changed (ProcureOrderEditor *self)
{
  /* A corrected field loses its error mark at once. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    clear_errors (self);
}

static void
on_day_selected (ProcureOrderEditor *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  set_ship_date (self, text);
  if (!procure_validate_ship_date (text, NULL, "requested_ship_date", &error))
    show_error (self, error);
  else
    {
      procure_widget_set_error (self->date_row, FALSE);
      gtk_menu_button_popdown (self->date_button);
    }
}

/* ---------- GObject ---------- */

static void
line_free (gpointer data)
{
  g_free (data);
}

static void
procure_order_editor_dispose (GObject *object)
{
  ProcureOrderEditor *self = PROCURE_ORDER_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_ORDER_EDITOR);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_order_editor_parent_class)->dispose (object);
}

static void
procure_order_editor_finalize (GObject *object)
{
  ProcureOrderEditor *self = PROCURE_ORDER_EDITOR (object);

  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->ship_date, g_free);
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
  BIND (address_row);
  BIND (name_row);
  BIND (company_row);
  BIND (street_row);
  BIND (postal_code_row);
  BIND (city_row);
  BIND (region_row);
  BIND (country_row);
  BIND (phone_row);
  BIND (date_row);
  BIND (date_button);
  BIND (calendar);
  BIND (notes_row);
  BIND (overrides_group);
  BIND (overrides_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_draft_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_line_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_account_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_address_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
procure_order_editor_init (ProcureOrderEditor *self)
{
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  self->lines = g_ptr_array_new_with_free_func (line_free);
  self->account_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->address_fields[0] = self->name_row;
  self->address_fields[1] = self->company_row;
  self->address_fields[2] = self->street_row;
  self->address_fields[3] = self->postal_code_row;
  self->address_fields[4] = self->city_row;
  self->address_fields[5] = self->region_row;
  self->address_fields[6] = self->country_row;
  self->address_fields[7] = self->phone_row;
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
    set_ship_date (self, tomorrow);
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

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (((Line *) g_ptr_array_index (self->lines, line))->quantity),
                             (double) quantity);
}

void
procure_order_editor_select_address (ProcureOrderEditor *self,
                                     int                 index)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  if (self->account == NULL)
    return;
  if (index < 0 || (guint) index >= self->account->addresses->len)
    index = (int) self->account->addresses->len;   /* "New Address…" */
  adw_combo_row_set_selected (self->address_row, (guint) index);
  update_address_rows (self);
}

void
procure_order_editor_set_ship_date (ProcureOrderEditor *self,
                                    const char         *date)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  set_ship_date (self, date);
}

void
procure_order_editor_set_notes (ProcureOrderEditor *self,
                                const char         *notes)
{
  g_return_if_fail (PROCURE_IS_ORDER_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes ? notes : "");
}

gboolean
procure_order_editor_set_override (ProcureOrderEditor *self,
                                   ProcureSetting      setting,
                                   const char         *value)
{
  GStrv values;

  g_return_val_if_fail (PROCURE_IS_ORDER_EDITOR (self), FALSE);
  g_return_val_if_fail (setting < PROCURE_N_SETTINGS, FALSE);

  if (self->override_rows[setting] == NULL)
    return value == NULL;
  if (value == NULL)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->override_rows[setting]), 0);
      return TRUE;
    }
  values = self->account->entitlements->values[setting];
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->override_rows[setting]), i + 1);
        adw_expander_row_set_expanded (self->overrides_row, TRUE);
        return TRUE;
      }
  return FALSE;
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
