/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-product-assign.h"
#include "procure-product-dialog.h"
#include "procure-product-form.h"
#include "procure-widgets.h"
#include "procure-window.h"

struct _ProcureProductDialog
{
  AdwMessageDialog  parent_instance;

  ProcureSession   *session;
  ProcureProduct   *product;     /* NULL: a new one */
  GHashTable       *fields;      /* wire name -> AdwEntryRow */
  GtkSwitch        *active;
  GtkLabel         *error_label;
  GHashTable       *offered;     /* account id -> GtkCheckButton */
};

G_DEFINE_FINAL_TYPE (ProcureProductDialog, procure_product_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const struct {
  const char *field;
  const char *title;
} field_titles[] = {
  { "code", N_("Code") },
  { "name", N_("Name") },
  { "form_factor", N_("Form Factor (2FF, 3FF, 4FF, triple-cut, MFF2, eSIM)") },
  { "currency", N_("Currency") },
  { "unit_price", N_("Unit Price") },
  { "min_quantity", N_("Minimum Quantity") },
  { "max_quantity", N_("Maximum Quantity") },
  { "quantity_multiple", N_("Pack Size") },
  { "stock", N_("Stock") },
};

static const char *
text_of (ProcureProductDialog *self,
         const char           *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_hash_table_lookup (self->fields, field)));
}

static JsonNode *
build_body (ProcureProductDialog  *self,
            GError               **error)
{
  ProcureProductForm form = {
    text_of (self, "code"), text_of (self, "name"), text_of (self, "form_factor"),
    text_of (self, "unit_price"), text_of (self, "currency"), text_of (self, "min_quantity"),
    text_of (self, "max_quantity"), text_of (self, "quantity_multiple"), text_of (self, "stock"),
    gtk_switch_get_active (self->active),
  };

  return procure_product_form_to_json (&form, error);
}

/* The error names the field by its title, and the row is marked. */
static void
revalidate (ProcureProductDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = build_body (self, &error);
  const char *bad = procure_error_get_field (error);
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &row))
    if (g_strcmp0 (key, bad) == 0)
      gtk_widget_add_css_class (row, "error");
    else
      gtk_widget_remove_css_class (row, "error");
  if (error != NULL && bad != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
      if (g_str_equal (field_titles[i].field, bad))
        g_prefix_error (&error, "%s: ", _(field_titles[i].title));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", body != NULL);
  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
build_fields (ProcureProductDialog *self,
              GtkWidget            *list)
{
  GtkWidget *active_row = adw_action_row_new ();

  for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *title = _(field_titles[i].title);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      procure_set_accessible_label (row, title);
      g_signal_connect_object (row, "changed", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
      g_hash_table_insert (self->fields, (gpointer) field_titles[i].field, row);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  self->active = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->active, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->active), GTK_ALIGN_CENTER);
  procure_set_accessible_label (GTK_WIDGET (self->active), _("Active"));
  g_signal_connect_object (self->active, "notify::active", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (active_row), _("Active"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (active_row), _("Inactive products can no longer be ordered"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (active_row), GTK_WIDGET (self->active));
  gtk_list_box_append (GTK_LIST_BOX (list), active_row);
}

/* One check per account: the accounts that see the product. */
static GtkWidget *
build_accounts (ProcureProductDialog *self,
                ProcureProduct       *product)
{
  GListModel *accounts = procure_session_get_accounts (self->session);
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(ProcureAccountRow) account = g_list_model_get_item (accounts, i);
      const char *id = procure_account_row_get_id (account);
      GtkWidget *check = gtk_check_button_new_with_label (procure_account_row_get_name (account));
      g_autofree char *name = g_strdup_printf (_("Offered to %s"), procure_account_row_get_name (account));
      gboolean on = product != NULL && product->account_ids != NULL &&
                    g_strv_contains ((const char * const *) product->account_ids, id);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
      /* What the server has now: only changes are sent. */
      g_object_set_data (G_OBJECT (check), "procure-initial", GINT_TO_POINTER (on));
      procure_set_accessible_label (check, name);
      gtk_widget_set_margin_start (check, 12);
      gtk_widget_set_margin_top (check, 6);
      gtk_widget_set_margin_bottom (check, 6);
      g_hash_table_insert (self->offered, g_strdup (id), check);
      gtk_list_box_append (GTK_LIST_BOX (list), check);
    }
  return list;
}

/* account id -> offer?, for the checks that differ from the server. */
static GHashTable *
offer_changes (ProcureProductDialog *self)
{
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer id, check;

  g_hash_table_iter_init (&iter, self->offered);
  while (g_hash_table_iter_next (&iter, &id, &check))
    {
      gboolean on = gtk_check_button_get_active (check);

      if (on != GPOINTER_TO_INT (g_object_get_data (check, "procure-initial")))
        g_hash_table_insert (changes, g_strdup (id), GINT_TO_POINTER (on));
    }
  return changes;
}

static void
fill_from (ProcureProductDialog *self,
           ProcureProduct       *product)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  ProcureProductForm form = { 0 };

  if (product == NULL)
    {
      procure_product_dialog_set_text (self, "currency", "EUR");
      procure_product_dialog_set_text (self, "quantity_multiple", "1");
      procure_product_dialog_set_text (self, "min_quantity", "1");
      return;
    }
  procure_product_form_from_product (&form, product, strings);
  procure_product_dialog_set_text (self, "code", form.code);
  procure_product_dialog_set_text (self, "name", form.name);
  procure_product_dialog_set_text (self, "form_factor", form.form_factor);
  procure_product_dialog_set_text (self, "currency", form.currency);
  procure_product_dialog_set_text (self, "unit_price", form.unit_price);
  procure_product_dialog_set_text (self, "min_quantity", form.min_quantity);
  procure_product_dialog_set_text (self, "max_quantity", form.max_quantity);
  procure_product_dialog_set_text (self, "quantity_multiple", form.quantity_multiple);
  procure_product_dialog_set_text (self, "stock", form.stock);
  gtk_switch_set_active (self->active, form.active);
}

/* ---------- saving ---------- */

static void
on_assigned (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureProductDialog *self = g_task_get_source_object (task);
  ProcureProduct *product = g_object_steal_data (G_OBJECT (task), "procure-product");
  g_autoptr(GError) error = NULL;

  if (!procure_product_assign_finish (result, &error))
    {
      procure_product_unref (product);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  procure_session_sync_now (self->session);
  g_task_return_pointer (task, product, (GDestroyNotify) procure_product_unref);
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureProductDialog *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = procure_api_request_finish (PROCURE_API (source), result, NULL, &error);
  g_autoptr(GHashTable) changes = NULL;
  ProcureProduct *product;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  product = procure_product_from_json (answer, PROCURE_JSON_LENIENT, NULL, &error);
  if (product == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  changes = offer_changes (self);
  if (g_hash_table_size (changes) > 0)
    {
      g_object_set_data (G_OBJECT (task), "procure-product", product);
      procure_product_assign_async (PROCURE_API (source), product->id, changes,
                                    on_assigned, g_steal_pointer (&task));
      return;
    }
  /* The catalogue follows through the changes feed. */
  procure_session_sync_now (self->session);
  g_task_return_pointer (task, product, (GDestroyNotify) procure_product_unref);
}

void
procure_product_dialog_save_async (ProcureProductDialog *self,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = g_uuid_string_random ();

  g_return_if_fail (PROCURE_IS_PRODUCT_DIALOG (self));

  task = g_task_new (self, NULL, callback, user_data);
  body = build_body (self, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = self->product != NULL ? g_strdup_printf ("/api/v1/products/%s", self->product->id)
                               : g_strdup ("/api/v1/products");
  procure_api_request_async (procure_session_get_api (self->session),
                             self->product != NULL ? "PATCH" : "POST", path, body, NULL, key,
                             NULL, on_request_done, g_steal_pointer (&task));
}

ProcureProduct *
procure_product_dialog_save_finish (ProcureProductDialog  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProcureProductDialog *self = PROCURE_PRODUCT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureProduct) product = procure_product_dialog_save_finish (self, result, &error);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *message = product != NULL
    ? g_strdup_printf (_("Product %s saved"), product->code)
    : g_strdup_printf (_("The product was not saved: %s"), error->message);

  if (PROCURE_IS_WINDOW (parent))
    procure_window_toast (PROCURE_WINDOW (parent), message);
  else if (product == NULL)
    g_warning ("%s", message);
}

static void
on_response (ProcureProductDialog *self,
             const char           *response)
{
  if (g_str_equal (response, "save"))
    procure_product_dialog_save_async (self, on_saved, NULL);
}

/* ---------- GObject ---------- */

static void
procure_product_dialog_finalize (GObject *object)
{
  ProcureProductDialog *self = PROCURE_PRODUCT_DIALOG (object);

  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->offered, g_hash_table_unref);
  g_clear_pointer (&self->product, procure_product_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_product_dialog_parent_class)->finalize (object);
}

static void
procure_product_dialog_class_init (ProcureProductDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = procure_product_dialog_finalize;
}

static void
procure_product_dialog_init (ProcureProductDialog *self)
{
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ProcureProductDialog *
procure_product_dialog_new (GtkWindow      *parent,
                            ProcureSession *session,
                            ProcureProduct *product)
{
  ProcureProductDialog *self;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *accounts_title = gtk_label_new (_("Offered To"));

  g_return_val_if_fail (PROCURE_IS_SESSION (session), NULL);

  gtk_label_set_xalign (GTK_LABEL (accounts_title), 0);
  gtk_widget_add_css_class (accounts_title, "heading");

  self = g_object_new (PROCURE_TYPE_PRODUCT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", product != NULL ? _("Edit Product") : _("New Product"),
                       "body", _("A product is offered to the accounts checked under “Offered To”."),
                       NULL);
  self->session = g_object_ref (session);
  self->product = product != NULL ? procure_product_ref (product) : NULL;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  build_fields (self, list);
  gtk_box_append (GTK_BOX (content), list);
  gtk_box_append (GTK_BOX (content), accounts_title);
  gtk_box_append (GTK_BOX (content), build_accounts (self, product));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect (self, "response", G_CALLBACK (on_response), NULL);
  fill_from (self, product);
  revalidate (self);
  return self;
}

void
procure_product_dialog_set_text (ProcureProductDialog *self,
                                 const char           *field,
                                 const char           *text)
{
  GtkWidget *row;

  g_return_if_fail (PROCURE_IS_PRODUCT_DIALOG (self));

  row = g_hash_table_lookup (self->fields, field);
  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
procure_product_dialog_set_active (ProcureProductDialog *self,
                                   gboolean              active)
{
  g_return_if_fail (PROCURE_IS_PRODUCT_DIALOG (self));
  gtk_switch_set_active (self->active, active);
}

void
procure_product_dialog_set_offered (ProcureProductDialog *self,
                                    const char           *account_id,
                                    gboolean              offered)
{
  GtkWidget *check;

  g_return_if_fail (PROCURE_IS_PRODUCT_DIALOG (self));

  check = g_hash_table_lookup (self->offered, account_id);
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), offered);
}

const char *
procure_product_dialog_get_error_text (ProcureProductDialog *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
