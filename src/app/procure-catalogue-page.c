/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-catalogue-page.h"
#include "procure-widgets.h"

struct _ProcureCataloguePage
{
  AdwBin              parent_instance;

  ProcureSession     *session;
  char               *search_text;
  char               *form_factor;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;

  GtkStack           *content_stack;
  GtkListBox         *list_box;
  GtkDropDown        *form_factor_dropdown;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (ProcureCataloguePage, procure_catalogue_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = haystack ? g_utf8_casefold (haystack, -1) : NULL;
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return h != NULL && strstr (h, n) != NULL;
}

static gboolean
filter_product (gpointer item,
                gpointer user_data)
{
  ProcureCataloguePage *self = user_data;
  ProcureProductRow *row = item;
  const char *text = self->search_text;

  if (!procure_product_row_get_active (row))
    return FALSE;
  if (self->form_factor != NULL &&
      g_strcmp0 (procure_product_row_get_form_factor (row), self->form_factor) != 0)
    return FALSE;
  if (text == NULL)
    return TRUE;
  return contains_casefold (procure_product_row_get_name (row), text) ||
         contains_casefold (procure_product_row_get_code (row), text) ||
         contains_casefold (procure_product_row_get_features (row), text) ||
         contains_casefold (procure_product_row_get_branding (row), text);
}

/* Two lines: what the product is, then its features. */
static char *
product_subtitle (ProcureProductRow *row)
{
  const char *features = procure_product_row_get_features (row);
  const char *branding = procure_product_row_get_branding (row);
  GString *text = g_string_new (procure_product_row_get_code (row));

  g_string_append_printf (text, " · %s", procure_product_row_get_form_factor (row));
  if (branding != NULL && *branding != '\0')
    g_string_append_printf (text, " · %s", branding);
  if (features != NULL && *features != '\0')
    g_string_append_printf (text, "\n%s", features);
  return g_string_free (text, FALSE);
}

/* The row's label with CSS class @name ("title", "subtitle": the nodes
 * AdwActionRow documents). */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, name))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A wrapping label costs GTK 4.8 dozens of text layouts each time it is
 * measured (some seventy per row before the first frame: 100 ms of CPU for
 * the catalogue). The title and the two subtitle lines are set lines that
 * end in "…" when the window is too narrow; the tooltip has them whole. */
static void
unwrap_labels (GtkWidget *action_row)
{
  const char *names[] = { "title", "subtitle" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkLabel *label = find_label (action_row, names[i]);

      if (label == NULL)
        continue;
      gtk_label_set_wrap (label, FALSE);
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_lines (label, -1);
    }
}

static GtkWidget *
price_box (ProcureProductRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *price = gtk_label_new (procure_product_row_get_unit_price_label (row));
  gint64 count = procure_product_row_get_stock (row);
  /* %': grouped with the locale's thousands separator (10.000 in German) */
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  g_autofree char *stock_text = NULL;
  GtkWidget *stock;

  stock_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in stock", "%s in stock",
                                             (gulong) MIN (count, G_MAXLONG)), number);
  stock = gtk_label_new (stock_text);
  gtk_label_set_xalign (GTK_LABEL (price), 1);
  gtk_label_set_xalign (GTK_LABEL (stock), 1);
  gtk_widget_add_css_class (price, "heading");
  gtk_widget_add_css_class (stock, "caption");
  gtk_widget_add_css_class (stock, "dim-label");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), price);
  gtk_box_append (GTK_BOX (box), stock);
  return box;
}

/* Agents and admins edit (and deactivate) products from the catalogue. */
static gboolean
manages_products (ProcureCataloguePage *self)
{
  const ProcureUser *user = self->session ? procure_session_get_user (self->session) : NULL;

  return user != NULL && (user->role == PROCURE_ROLE_AGENT || user->role == PROCURE_ROLE_ADMIN);
}

static GtkWidget *
edit_button (ProcureProductRow *row)
{
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *name = g_strdup_printf (_("Edit %s"), procure_product_row_get_name (row));

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (edit, _("Edit or deactivate this product"));
  gtk_widget_add_css_class (edit, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "win.edit-product");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", procure_product_row_get_id (row));
  procure_set_accessible_label (edit, name);
  return edit;
}

static GtkWidget *
create_product_row (gpointer item,
                    gpointer user_data)
{
  ProcureProductRow *row = item;
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *order = gtk_button_new_with_mnemonic (_("_Order"));
  g_autofree char *subtitle = product_subtitle (row);
  g_autofree char *order_name = g_strdup_printf (_("Order %s"), procure_product_row_get_name (row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row),
                                 procure_product_row_get_name (row));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  unwrap_labels (action_row);
  gtk_widget_set_tooltip_text (action_row, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), price_box (row));

  gtk_widget_set_valign (order, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (order), "win.order-product");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (order), "s", procure_product_row_get_id (row));
  procure_set_accessible_label (order, order_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), order);
  if (manages_products (user_data))
    adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), edit_button (row));
  return action_row;
}

static void
update_state (ProcureCataloguePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  GListModel *source = gtk_filter_list_model_get_model (self->filter_model);
  gboolean filtered = self->search_text != NULL || self->form_factor != NULL;

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      return;
    }
  if (source != NULL && g_list_model_get_n_items (source) > 0 && filtered)
    {
      /* Keep the filter reachable: show the list with a placeholder. */
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      return;
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
refilter (ProcureCataloguePage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_form_factor_selected (ProcureCataloguePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->form_factor_dropdown);
  const char * const *factors = procure_form_factors ();

  procure_catalogue_page_set_form_factor (self,
      selected == 0 || selected == GTK_INVALID_LIST_POSITION ? NULL : factors[selected - 1]);
}

static void
on_items_changed (ProcureCataloguePage *self)
{
  update_state (self);
}

static GtkWidget *
create_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No matching products"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  return label;
}

static void
fill_form_factor_dropdown (ProcureCataloguePage *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  const char * const *factors = procure_form_factors ();

  gtk_string_list_append (list, _("All Form Factors"));
  for (guint i = 0; factors[i] != NULL; i++)
    gtk_string_list_append (list, factors[i]);
  gtk_drop_down_set_model (self->form_factor_dropdown, G_LIST_MODEL (list));
}

static void
procure_catalogue_page_dispose (GObject *object)
{
  ProcureCataloguePage *self = PROCURE_CATALOGUE_PAGE (object);

  /* AdwBin keeps its own pointer to the child: release it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_CATALOGUE_PAGE);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_catalogue_page_parent_class)->dispose (object);
}

static void
procure_catalogue_page_finalize (GObject *object)
{
  ProcureCataloguePage *self = PROCURE_CATALOGUE_PAGE (object);

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->form_factor, g_free);

  G_OBJECT_CLASS (procure_catalogue_page_parent_class)->finalize (object);
}

static void
procure_catalogue_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ProcureCataloguePage *self = PROCURE_CATALOGUE_PAGE (object);

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
procure_catalogue_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ProcureCataloguePage *self = PROCURE_CATALOGUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      procure_catalogue_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_catalogue_page_class_init (ProcureCataloguePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_catalogue_page_dispose;
  object_class->finalize = procure_catalogue_page_finalize;
  object_class->get_property = procure_catalogue_page_get_property;
  object_class->set_property = procure_catalogue_page_set_property;

  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-catalogue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureCataloguePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ProcureCataloguePage, list_box);
  gtk_widget_class_bind_template_child (widget_class, ProcureCataloguePage, form_factor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ProcureCataloguePage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_form_factor_selected);
}

static void
procure_catalogue_page_init (ProcureCataloguePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_form_factor_dropdown (self);

  self->filter = gtk_custom_filter_new (filter_product, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filter_model),
                           create_product_row, self, NULL);
  gtk_list_box_set_placeholder (self->list_box, create_placeholder ());
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  update_state (self);
}

GtkWidget *
procure_catalogue_page_new (void)
{
  return g_object_new (PROCURE_TYPE_CATALOGUE_PAGE, NULL);
}

void
procure_catalogue_page_set_session (ProcureCataloguePage *self,
                                    ProcureSession       *session)
{
  g_return_if_fail (PROCURE_IS_CATALOGUE_PAGE (self));

  if (!g_set_object (&self->session, session))
    return;
  gtk_filter_list_model_set_model (self->filter_model,
                                   session ? procure_session_get_products (session) : NULL);
  update_state (self);
}

void
procure_catalogue_page_set_search_text (ProcureCataloguePage *self,
                                        const char           *text)
{
  g_return_if_fail (PROCURE_IS_CATALOGUE_PAGE (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search_text, text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

void
procure_catalogue_page_set_form_factor (ProcureCataloguePage *self,
                                        const char           *form_factor)
{
  g_return_if_fail (PROCURE_IS_CATALOGUE_PAGE (self));

  if (g_strcmp0 (self->form_factor, form_factor) == 0)
    return;
  g_free (self->form_factor);
  self->form_factor = g_strdup (form_factor);
  refilter (self);
}

GListModel *
procure_catalogue_page_get_model (ProcureCataloguePage *self)
{
  g_return_val_if_fail (PROCURE_IS_CATALOGUE_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}
