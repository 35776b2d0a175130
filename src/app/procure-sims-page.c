/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-sims-page.h"
#include "procure-widgets.h"

struct _ProcureSimsPage
{
  AdwBin              parent_instance;

  ProcureSession     *session;
  char               *search_text;
  guint               search_timeout;
  /* No filter: it only passes the current SQL-queried list through (a
   * filter would read every row of a million). */
  GtkFilterListModel *filter_model;
  ProcureSimList     *query;          /* our own list, or NULL */

  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;

  /* Filters and search are all conditions of one SQL query. */
  GtkEntry           *order_entry;
  GtkDropDown        *product_dropdown;
  GtkDropDown        *account_dropdown;
  GPtrArray          *product_ids;    /* dropdown position - 1 -> id */
  GPtrArray          *account_ids;
  char               *order_id;       /* NULL: any */
  char               *product_id;
  char               *account_id;
};

#define SEARCH_DELAY_MS 150

G_DEFINE_FINAL_TYPE (ProcureSimsPage, procure_sims_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            const char               *property)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *expression =
    gtk_property_expression_new (PROCURE_TYPE_SIM_ROW,
                                 gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                 property);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_expression_bind (expression, label, "label", item);
  gtk_list_item_set_child (item, label);
}

static void
add_column (ProcureSimsPage *self,
            const char      *title,
            const char      *property)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) property);
  column = gtk_column_view_column_new (title, factory);
  /* No sorter: the rows come in ICCID order from SQL, and sorting a
   * million would read every one. */
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
update_state (ProcureSimsPage *self)
{
  GListModel *all = self->session ? procure_session_get_sims (self->session) : NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SIM", "%u SIMs", shown),
                                            shown);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack,
      all != NULL && g_list_model_get_n_items (all) > 0 ? "list" : "empty");
}

static GtkWidget *
create_empty_page (void)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "auth-sim-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No SIMs Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
      _("SIMs join the inventory when their order is ready."));
  return page;
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    ProcureSimsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      csv = procure_sims_to_csv (G_LIST_MODEL (self->filter_model));
      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, &error))
        g_warning ("Could not export the SIMs: %s", error->message);
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (ProcureSimsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export SIMs"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "sims.csv");
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------- filters by order, product and account ---------- */

/* Our own query follows the session's SIMs: they reload after sync. */
static void
on_sims_reloaded (ProcureSimsPage *self)
{
  if (self->query != NULL)
    procure_sim_list_reload (self->query);
}

static void
clear_query (ProcureSimsPage *self)
{
  if (self->query == NULL)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (procure_session_get_sims (self->session),
                                          on_sims_reloaded, self);
  g_clear_object (&self->query);
}

/* Gives the view one lazy SQL-queried list for the current filters and
 * search: the session's own list when nothing or only one id filters. */
static void
apply_filters (ProcureSimsPage *self)
{
  g_autoptr(GListModel) source = NULL;
  guint n_ids = (self->order_id != NULL) + (self->product_id != NULL) + (self->account_id != NULL);

  clear_query (self);
  if (self->session == NULL)
    ;
  else if (self->search_text != NULL || n_ids > 1)
    {
      self->query = procure_sim_list_new_query (self->order_id, self->product_id,
                                                self->account_id, self->search_text);
      procure_sim_list_set_cache (self->query, procure_session_get_cache (self->session));
      g_signal_connect_object (procure_session_get_sims (self->session), "items-changed",
                               G_CALLBACK (on_sims_reloaded), self, G_CONNECT_SWAPPED);
      source = g_object_ref (G_LIST_MODEL (self->query));
    }
  else if (self->order_id != NULL)
    source = procure_session_get_filtered_sims (self->session, PROCURE_SIM_FILTER_ORDER, self->order_id);
  else if (self->product_id != NULL)
    source = procure_session_get_filtered_sims (self->session, PROCURE_SIM_FILTER_PRODUCT, self->product_id);
  else if (self->account_id != NULL)
    source = procure_session_get_filtered_sims (self->session, PROCURE_SIM_FILTER_ACCOUNT, self->account_id);
  else
    source = g_object_ref (procure_session_get_sims (self->session));
  gtk_filter_list_model_set_model (self->filter_model, source);
  update_state (self);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static const char *
dropdown_id (GtkDropDown *dropdown,
             GPtrArray   *ids)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* Item 0 is "All ..."; the others follow @ids. */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > ids->len)
    return NULL;
  return g_ptr_array_index (ids, selected - 1);
}

static void
on_dropdown_changed (ProcureSimsPage *self)
{
  set_string (&self->product_id, dropdown_id (self->product_dropdown, self->product_ids));
  set_string (&self->account_id, dropdown_id (self->account_dropdown, self->account_ids));
  apply_filters (self);
}

/* An order is named by its PO number (or its id); "" clears the filter. */
static char *
order_id_for (ProcureSimsPage *self,
              const char      *text)
{
  GListModel *orders = procure_session_get_orders (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (orders, i);

      if (g_strcmp0 (procure_order_row_get_number (row), text) == 0 ||
          g_strcmp0 (procure_order_row_get_id (row), text) == 0)
        return g_strdup (procure_order_row_get_id (row));
    }
  return NULL;
}

static void
on_order_activated (ProcureSimsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->order_entry))));
  g_autofree char *id = NULL;

  if (*text != '\0' && self->session != NULL)
    {
      id = order_id_for (self, text);
      if (id == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->order_entry), "error");
          return;
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->order_entry), "error");
  set_string (&self->order_id, id);
  apply_filters (self);
}

/* Refills a dropdown from a model of rows: "All ..." then each name. */
static void
fill_dropdown (GtkDropDown *dropdown,
               GPtrArray   *ids,
               const char  *all_label,
               GListModel  *rows,
               gboolean     products)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (names, all_label);
  for (guint i = 0; rows != NULL && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *label = NULL;

      if (products)
        {
          label = g_strdup_printf ("%s — %s", procure_product_row_get_code (PROCURE_PRODUCT_ROW (row)),
                                   procure_product_row_get_name (PROCURE_PRODUCT_ROW (row)));
          g_ptr_array_add (ids, g_strdup (procure_product_row_get_id (PROCURE_PRODUCT_ROW (row))));
        }
      else
        {
          label = g_strdup (procure_account_row_get_name (PROCURE_ACCOUNT_ROW (row)));
          g_ptr_array_add (ids, g_strdup (procure_account_row_get_id (PROCURE_ACCOUNT_ROW (row))));
        }
      gtk_string_list_append (names, label);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  g_object_unref (names);
  gtk_drop_down_set_selected (dropdown, 0);
}

static gboolean
user_sees_accounts (ProcureSimsPage *self)
{
  const ProcureUser *user = self->session ? procure_session_get_user (self->session) : NULL;

  return user != NULL && (user->role == PROCURE_ROLE_AGENT || user->role == PROCURE_ROLE_ADMIN);
}

/* Selects @id again after a refill; FALSE if it is gone. */
static gboolean
reselect (GtkDropDown *dropdown,
          GPtrArray   *ids,
          const char  *id)
{
  guint position = 0;

  if (id == NULL)
    return TRUE;
  if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &position))
    return FALSE;
  gtk_drop_down_set_selected (dropdown, position + 1);
  return TRUE;
}

/* After sync changed the catalogue or the accounts: new entries, the same
 * selection where it still exists. */
static void
refill_filters (ProcureSimsPage *self)
{
  GListModel *products = self->session ? procure_session_get_products (self->session) : NULL;
  GListModel *accounts = self->session ? procure_session_get_accounts (self->session) : NULL;
  gboolean kept;

  g_signal_handlers_block_by_func (self->product_dropdown, on_dropdown_changed, self);
  g_signal_handlers_block_by_func (self->account_dropdown, on_dropdown_changed, self);
  fill_dropdown (self->product_dropdown, self->product_ids, _("All Products"), products, TRUE);
  fill_dropdown (self->account_dropdown, self->account_ids, _("All Accounts"), accounts, FALSE);
  kept = reselect (self->product_dropdown, self->product_ids, self->product_id) &&
         reselect (self->account_dropdown, self->account_ids, self->account_id);
  g_signal_handlers_unblock_by_func (self->product_dropdown, on_dropdown_changed, self);
  g_signal_handlers_unblock_by_func (self->account_dropdown, on_dropdown_changed, self);
  gtk_widget_set_visible (GTK_WIDGET (self->account_dropdown), user_sees_accounts (self));
  if (!kept)
    on_dropdown_changed (self);
}

static GtkDropDown *
filter_dropdown (ProcureSimsPage *self,
                 const char      *accessible_label)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));

  procure_set_accessible_label (GTK_WIDGET (dropdown), accessible_label);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_dropdown_changed), self);
  return dropdown;
}

static void
build_filters (ProcureSimsPage *self,
               GtkWidget       *box)
{
  self->order_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->order_entry, _("PO number"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->order_entry), 14);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->order_entry),
                               _("Show the SIMs of one order: type its PO number and press Enter"));
  procure_set_accessible_label (GTK_WIDGET (self->order_entry), _("Order Filter"));
  g_signal_connect_swapped (self->order_entry, "activate", G_CALLBACK (on_order_activated), self);
  self->product_dropdown = filter_dropdown (self, _("Product Filter"));
  self->account_dropdown = filter_dropdown (self, _("Account Filter"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->order_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->product_dropdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->account_dropdown));
}

static GtkWidget *
build_toolbar (ProcureSimsPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export CSV…"));

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (self->count_label), TRUE);
  gtk_label_set_xalign (self->count_label, 0);
  procure_set_accessible_label (export, _("Export SIMs as CSV"));
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (on_export_clicked), self);
  build_filters (self, box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (box), export);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static void
build_view (ProcureSimsPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkSelectionModel *selection;

  self->stack = GTK_STACK (gtk_stack_new ());
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_row_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  procure_set_accessible_label (GTK_WIDGET (self->column_view), _("SIM Inventory"));
  add_column (self, _("ICCID"), "iccid");
  add_column (self, _("IMSI"), "imsi");
  add_column (self, _("MSISDN"), "msisdn");
  add_column (self, _("Price Plan"), "price-plan");
  add_column (self, _("Billing Status"), "sim-billing-status");

  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model))));
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->column_view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (list_box), build_toolbar (self));
  gtk_box_append (GTK_BOX (list_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (list_box), scrolled);
  gtk_stack_add_named (self->stack, list_box, "list");
  gtk_stack_add_named (self->stack, create_empty_page (), "empty");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
}

static void
procure_sims_page_dispose (GObject *object)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (object);

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  clear_query (self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_sims_page_parent_class)->dispose (object);
}

static void
procure_sims_page_finalize (GObject *object)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->product_ids, g_ptr_array_unref);
  g_clear_pointer (&self->account_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (procure_sims_page_parent_class)->finalize (object);
}

static void
procure_sims_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_sims_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      procure_sims_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_sims_page_class_init (ProcureSimsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_sims_page_dispose;
  object_class->finalize = procure_sims_page_finalize;
  object_class->get_property = procure_sims_page_get_property;
  object_class->set_property = procure_sims_page_set_property;

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_sims_page_init (ProcureSimsPage *self)
{
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  self->account_ids = g_ptr_array_new_with_free_func (g_free);
  build_view (self);
  refill_filters (self);
  update_state (self);
}

GtkWidget *
procure_sims_page_new (void)
{
  return g_object_new (PROCURE_TYPE_SIMS_PAGE, NULL);
}

void
procure_sims_page_set_session (ProcureSimsPage *self,
                               ProcureSession  *session)
{
  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));

  clear_query (self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_func (procure_session_get_products (self->session), refill_filters, self);
      g_signal_handlers_disconnect_by_func (procure_session_get_accounts (self->session), refill_filters, self);
      g_signal_handlers_disconnect_by_func (self->session, refill_filters, self);
    }
  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    {
      /* Catalogue and accounts change with sync and sign-in. */
      g_signal_connect_object (procure_session_get_products (session), "items-changed",
                               G_CALLBACK (refill_filters), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (procure_session_get_accounts (session), "items-changed",
                               G_CALLBACK (refill_filters), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::user", G_CALLBACK (refill_filters), self, G_CONNECT_SWAPPED);
    }
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->order_id, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->order_entry), "");
  refill_filters (self);
  apply_filters (self);
}

static gboolean
apply_search (gpointer data)
{
  ProcureSimsPage *self = data;

  self->search_timeout = 0;
  apply_filters (self);
  return G_SOURCE_REMOVE;
}

void
procure_sims_page_set_search_text (ProcureSimsPage *self,
                                   const char      *text)
{
  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search_text, text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  /* Each query may scan a million rows: wait until typing pauses. */
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (SEARCH_DELAY_MS, apply_search, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

void
procure_sims_page_set_order_filter (ProcureSimsPage *self,
                                    const char      *text)
{
  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->order_entry), text != NULL ? text : "");
  on_order_activated (self);
}

static void
select_id (GtkDropDown *dropdown,
           GPtrArray   *ids,
           const char  *id)
{
  guint position = 0;

  if (id != NULL && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &position))
    {
      g_critical ("No filter entry for %s", id);
      return;
    }
  gtk_drop_down_set_selected (dropdown, id != NULL ? position + 1 : 0);
}

void
procure_sims_page_set_product_filter (ProcureSimsPage *self,
                                      const char      *product_id)
{
  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));
  select_id (self->product_dropdown, self->product_ids, product_id);
}

void
procure_sims_page_set_account_filter (ProcureSimsPage *self,
                                      const char      *account_id)
{
  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));
  select_id (self->account_dropdown, self->account_ids, account_id);
}

gboolean
procure_sims_page_get_account_filter_visible (ProcureSimsPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIMS_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->account_dropdown));
}

GListModel *
procure_sims_page_get_model (ProcureSimsPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIMS_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

static void
append_csv_field (GString    *csv,
                  const char *value,
                  gboolean    last)
{
  /* Quote only when needed (RFC 4180). */
  if (value != NULL && strpbrk (value, ",\"\n") != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (csv, "\"%s\"", quoted->str);
    }
  else if (value != NULL)
    g_string_append (csv, value);
  g_string_append_c (csv, last ? '\n' : ',');
}

char *
procure_sims_to_csv (GListModel *sims)
{
  GString *csv = g_string_new ("iccid,imsi,msisdn,order_id,product_id");
  guint n = g_list_model_get_n_items (sims);

  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    g_string_append_printf (csv, ",%s", procure_setting_to_string (s));
  g_string_append_c (csv, '\n');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureSimRow) row = g_list_model_get_item (sims, i);

      append_csv_field (csv, procure_sim_row_get_iccid (row), FALSE);
      append_csv_field (csv, procure_sim_row_get_imsi (row), FALSE);
      append_csv_field (csv, procure_sim_row_get_msisdn (row), FALSE);
      append_csv_field (csv, procure_sim_row_get_order_id (row), FALSE);
      append_csv_field (csv, procure_sim_row_get_product_id (row), FALSE);
      for (int s = 0; s < PROCURE_N_SETTINGS; s++)
        append_csv_field (csv, procure_sim_row_get_setting (row, s), s == PROCURE_N_SETTINGS - 1);
    }
  return g_string_free (csv, FALSE);
}
