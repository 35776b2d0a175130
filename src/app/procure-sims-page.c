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
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;

  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (ProcureSimsPage, procure_sims_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_sim (gpointer item,
            gpointer user_data)
{
  ProcureSimsPage *self = user_data;
  ProcureSimRow *row = item;
  const char *text = self->search_text;

  if (text == NULL)
    return TRUE;
  return strstr (procure_sim_row_get_iccid (row), text) != NULL ||
         g_strrstr (procure_sim_row_get_imsi (row) ? procure_sim_row_get_imsi (row) : "", text) != NULL ||
         g_strrstr (procure_sim_row_get_msisdn (row) ? procure_sim_row_get_msisdn (row) : "", text) != NULL;
}

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
  GtkSorter *sorter = GTK_SORTER (gtk_string_sorter_new (
      gtk_property_expression_new (PROCURE_TYPE_SIM_ROW, NULL, property)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) property);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, TRUE);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->column_view, column);
}

static void
update_state (ProcureSimsPage *self)
{
  GListModel *source = gtk_filter_list_model_get_model (self->filter_model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SIM", "%u SIMs", shown),
                                            shown);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack,
      source && g_list_model_get_n_items (source) > 0 ? "list" : "empty");
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
  g_autoptr(GtkSortListModel) sorted = NULL;
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

  self->filter = gtk_custom_filter_new (filter_sim, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (sorted, TRUE);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (sorted))));
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
  build_view (self);
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

  if (!g_set_object (&self->session, session))
    return;
  gtk_filter_list_model_set_model (self->filter_model,
                                   session ? procure_session_get_sims (session) : NULL);
  update_state (self);
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
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
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
