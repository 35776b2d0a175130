/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-sims-page.h"
#include "procure-glyph-text.h"
#include "procure-widgets.h"

struct _ProcureSimsPage
{
  AdwBin              parent_instance;

  ProcureSession     *session;
  char               *search_text;
  guint               search_timeout;
  /* The list shown (the session's SIMs or our query's, filtered in SQL)
   * as slots: a new result refills the rows on screen instead of GTK
   * building them anew. A query in progress keeps the last result shown. */
  ProcureSlotList    *shown;
  GListModel         *wanted;         /* what @shown is to show once the page is shown */
  GListStore         *none;           /* no SIMs (before a session, or shown) */
  ProcureSimList     *query;          /* our own list, or NULL */

  GtkStack           *stack;
  GtkListView        *list_view;
  GtkLabel           *count_label;
  GtkWidget          *export_button;  /* insensitive while an export runs */

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

/* ---------- rows ---------- */

/* The SIM list is a GtkListView of one widget per row that draws the five
 * columns itself. GTK 4.8's list views keep about 200 rows bound around
 * what is on screen, so a jump (dragging the scroll bar) binds some 200
 * rows in one frame, and a new query creates them all afresh: as a
 * GtkColumnView of five GtkLabels that was 2,200 widgets and 50 ms of CPU
 * per frame (each label re-lays its text out for every size request), and
 * still 35 ms with one Pango layout per cell (HarfBuzz shaping). SIM texts
 * are short ASCII (digits, '+', plan names): a row draws glyph strings
 * from procure-glyph-text.h, no shaping, no child widgets. Columns have
 * fixed widths in characters; a text with other characters falls back to
 * a Pango layout. */

typedef const char *(*SimText) (ProcureSimRow *row);

static const char *
sim_price_plan (ProcureSimRow *row)
{
  return procure_sim_row_get_setting (row, PROCURE_SETTING_PRICE_PLAN);
}

static const char *
sim_billing_status (ProcureSimRow *row)
{
  return procure_sim_row_get_setting (row, PROCURE_SETTING_SIM_BILLING_STATUS);
}

typedef struct {
  const char *title;
  SimText     text;
  gboolean    monospace;
  int         chars;       /* column width in digit widths */
} SimColumn;

#define N_SIM_COLUMNS 5

static const SimColumn sim_columns[N_SIM_COLUMNS] = {
  { N_("ICCID"), procure_sim_row_get_iccid, TRUE, 22 },
  { N_("IMSI"), procure_sim_row_get_imsi, TRUE, 18 },
  { N_("MSISDN"), procure_sim_row_get_msisdn, TRUE, 18 },
  { N_("Price Plan"), sim_price_plan, FALSE, 22 },
  { N_("Billing Status"), sim_billing_status, FALSE, 16 },
};

#define PROCURE_TYPE_SIM_ROW_VIEW (procure_sim_row_view_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSimRowView, procure_sim_row_view, PROCURE, SIM_ROW_VIEW, GtkWidget)

typedef struct {
  ProcureGlyphTable *table;   /* of @glyphs */
  PangoGlyphString  *glyphs;  /* NULL: @layout */
  PangoLayout       *layout;
} RowText;

struct _ProcureSimRowView
{
  GtkWidget          parent_instance;
  char              *label;    /* all texts, for accessibility and tests */
  ProcureGlyphTable *digits;   /* sets the column widths */
  gboolean           header;   /* titles: every column in the widget's font */
  RowText            texts[N_SIM_COLUMNS];
};

G_DEFINE_FINAL_TYPE (ProcureSimRowView, procure_sim_row_view, GTK_TYPE_WIDGET)

/* "label", read-only, like a GtkLabel's: what the row shows. */
enum { ROW_PROP_0, ROW_PROP_LABEL, ROW_N_PROPS };
static GParamSpec *row_properties[ROW_N_PROPS];

static void
procure_sim_row_view_clear (ProcureSimRowView *self)
{
  g_clear_pointer (&self->label, g_free);
  for (int i = 0; i < N_SIM_COLUMNS; i++)
    {
      g_clear_pointer (&self->texts[i].glyphs, pango_glyph_string_free);
      g_clear_object (&self->texts[i].layout);
      self->texts[i].table = NULL;
    }
}

/* Shows @texts, one per column (NULL: empty). */
static void
procure_sim_row_view_set_texts (ProcureSimRowView *self,
                                const char *const *texts)
{
  GtkWidget *widget = GTK_WIDGET (self);

  procure_sim_row_view_clear (self);
  self->digits = procure_glyph_table_for (widget, TRUE);
  for (int i = 0; i < N_SIM_COLUMNS; i++)
    {
      RowText *text = &self->texts[i];
      const char *value = texts[i] != NULL ? texts[i] : "";

      text->table = procure_glyph_table_for (widget, sim_columns[i].monospace && !self->header);
      if (text->table == NULL || (text->glyphs = procure_glyph_table_shape (text->table, value, NULL)) == NULL)
        text->layout = gtk_widget_create_pango_layout (widget, value);
    }
  self->label = g_strjoinv (", ", (char **) texts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->label, -1);
  gtk_widget_queue_draw (widget);
}

/* Column @i's width in pixels: the same in every row and the header. */
static int
column_width (ProcureSimRowView *self,
              int                i)
{
  int digit_width = self->digits != NULL ? self->digits->digit_width : 8 * PANGO_SCALE;

  return PANGO_PIXELS_CEIL (sim_columns[i].chars * digit_width);
}

static void
procure_sim_row_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  ProcureSimRowView *self = PROCURE_SIM_ROW_VIEW (widget);
  int size = 0;

  if (self->digits == NULL)
    self->digits = procure_glyph_table_for (widget, TRUE);
  for (int i = 0; i < N_SIM_COLUMNS; i++)
    if (orientation == GTK_ORIENTATION_HORIZONTAL)
      size += column_width (self, i);
    else if (self->texts[i].layout != NULL)
      {
        int height = 0;

        pango_layout_get_pixel_size (self->texts[i].layout, NULL, &height);
        size = MAX (size, height);
      }
    else if (self->texts[i].table != NULL)
      size = MAX (size, self->texts[i].table->height);
  *minimum = *natural = size;
}

static void
procure_sim_row_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ProcureSimRowView *self = PROCURE_SIM_ROW_VIEW (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  int x = 0;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  if (!self->header)
    procure_snapshot_row_separator (widget, snapshot, FALSE);
  for (int i = 0; i < N_SIM_COLUMNS; i++)
    {
      RowText *text = &self->texts[i];
      int width = column_width (self, i);
      g_autoptr(GskRenderNode) node = NULL;

      /* A text too long for its column is cut off, a column's gap kept;
       * the last column has the rest of the row (a long translated title
       * such as "Abrechnungsstatus" is not cut). */
      if (i == N_SIM_COLUMNS - 1)
        width = MAX (width, gtk_widget_get_width (widget) - x);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, 0, MAX (width - 12, 0), height));
      if (text->layout != NULL)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, 0));
          gtk_snapshot_append_layout (snapshot, text->layout, &color);
          gtk_snapshot_restore (snapshot);
        }
      else if (text->glyphs != NULL && text->glyphs->num_glyphs > 0 &&
               (node = gsk_text_node_new (text->table->font, text->glyphs, &color,
                                          &GRAPHENE_POINT_INIT (x, text->table->ascent))) != NULL)
        gtk_snapshot_append_node (snapshot, node);
      gtk_snapshot_pop (snapshot);
      x += width;
    }
}

static void
procure_sim_row_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ProcureSimRowView *self = PROCURE_SIM_ROW_VIEW (object);

  switch (prop_id)
    {
    case ROW_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_sim_row_view_finalize (GObject *object)
{
  procure_sim_row_view_clear (PROCURE_SIM_ROW_VIEW (object));
  G_OBJECT_CLASS (procure_sim_row_view_parent_class)->finalize (object);
}

static void
procure_sim_row_view_class_init (ProcureSimRowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = procure_sim_row_view_finalize;
  object_class->get_property = procure_sim_row_view_get_property;
  row_properties[ROW_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
  widget_class->measure = procure_sim_row_view_measure;
  widget_class->snapshot = procure_sim_row_view_snapshot;
  /* styled as a label by the theme (colour, font) */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
procure_sim_row_view_init (ProcureSimRowView *self)
{
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, g_object_new (PROCURE_TYPE_SIM_ROW_VIEW, NULL));
}

static void
fill_row (ProcureSlot *slot,
          GtkListItem *item)
{
  ProcureSimRow *row = procure_slot_get_item (slot);
  const char *texts[N_SIM_COLUMNS + 1] = { NULL };

  for (int i = 0; row != NULL && i < N_SIM_COLUMNS; i++)
    texts[i] = sim_columns[i].text (row) != NULL ? sim_columns[i].text (row) : "";
  for (int i = 0; row == NULL && i < N_SIM_COLUMNS; i++)
    texts[i] = "";
  procure_sim_row_view_set_texts (PROCURE_SIM_ROW_VIEW (gtk_list_item_get_child (item)), texts);
}

/* The view's items are slots (procure-slot-list.h): a new result gives
 * the rows on screen other SIMs. */
static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  ProcureSlot *slot = gtk_list_item_get_item (item);

  fill_row (slot, item);
  g_signal_connect (slot, "changed", G_CALLBACK (fill_row), item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  ProcureSlot *slot = gtk_list_item_get_item (item);

  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, fill_row, item);
}

static void
set_titles (ProcureSimRowView *header)
{
  const char *titles[N_SIM_COLUMNS + 1] = { NULL };

  for (int i = 0; i < N_SIM_COLUMNS; i++)
    titles[i] = _(sim_columns[i].title);
  procure_sim_row_view_set_texts (header, titles);
}

/* The column titles, drawn by the same widget as the rows so they line up. */
static GtkWidget *
build_header (void)
{
  GtkWidget *header = g_object_new (PROCURE_TYPE_SIM_ROW_VIEW, NULL);

  PROCURE_SIM_ROW_VIEW (header)->header = TRUE;
  /* the rows' font (a heading's is larger, and its columns would be
   * wider), dimmed; the start margin is Adwaita's list row padding */
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 2);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  /* its fonts are known once it is styled */
  g_signal_connect (header, "realize", G_CALLBACK (set_titles), NULL);
  set_titles (PROCURE_SIM_ROW_VIEW (header));
  return header;
}

static void
update_state (ProcureSimsPage *self)
{
  GListModel *all = self->session ? procure_session_get_sims (self->session) : NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  g_autofree char *count = NULL;

  if (!procure_sims_page_is_settled (self))
    count = g_strdup (_("Searching…"));
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SIM", "%u SIMs", shown), shown);
  gtk_label_set_label (self->count_label, count);
  /* the session reads its SIMs in the background: not "empty" meanwhile */
  gtk_stack_set_visible_child_name (self->stack,
      all != NULL && (g_list_model_get_n_items (all) > 0 ||
                      procure_sim_list_get_loading (PROCURE_SIM_LIST (all))) ? "list" : "empty");
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
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (source);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n = procure_sims_page_export_finish (self, result, &error);

  gtk_widget_set_sensitive (self->export_button, TRUE);
  if (n < 0)
    message = g_strdup_printf (_("Could not export the SIMs: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u SIM exported", "%'u SIMs exported",
                                            (gulong) n), (guint) n);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    ProcureSimsPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      gtk_widget_set_sensitive (self->export_button, FALSE);
      procure_sims_page_export_async (self, file, NULL, export_done_cb, NULL);
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

/* GTK 4.8 builds its ~200 rows as soon as a view has a model, shown or
 * not, and the app opens on the catalogue: the view gets its first list
 * when the page is first shown; after that a new list refills its rows. */
static void
show_model (ProcureSimsPage *self,
            GListModel      *model)
{
  g_set_object (&self->wanted, model);
  if (model == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      procure_slot_list_get_model (self->shown) != NULL)
    procure_slot_list_set_model (self->shown, model);
}

static void
procure_sims_page_map (GtkWidget *widget)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (widget);

  GTK_WIDGET_CLASS (procure_sims_page_parent_class)->map (widget);
  procure_slot_list_set_model (self->shown, self->wanted);
}

/* A query reads its rows on a worker thread; the view gets it once it
 * has them (and keeps it through later reloads after sync). */
static void
on_query_loading (ProcureSimsPage *self)
{
  if (!procure_sim_list_get_loading (self->query) &&
      procure_slot_list_get_model (self->shown) != G_LIST_MODEL (self->query))
    show_model (self, G_LIST_MODEL (self->query));
  update_state (self);
}

static void
clear_query (ProcureSimsPage *self)
{
  if (self->query == NULL)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (procure_session_get_sims (self->session),
                                          on_sims_reloaded, self);
  g_signal_handlers_disconnect_by_func (self->query, on_query_loading, self);
  g_clear_object (&self->query);
}

/* Any filter or search is one SQL query of the cache, run off the main
 * loop (a query may scan a million rows); with none, the view shows the
 * session's own list of every SIM. */
static void
apply_filters (ProcureSimsPage *self)
{
  gboolean filtered = self->search_text != NULL || self->order_id != NULL ||
                      self->product_id != NULL || self->account_id != NULL;

  clear_query (self);
  if (self->session == NULL)
    show_model (self, NULL);
  else if (filtered)
    {
      self->query = procure_sim_list_new_query (self->order_id, self->product_id,
                                                self->account_id, self->search_text);
      procure_sim_list_set_background (self->query, TRUE);
      g_signal_connect_swapped (self->query, "notify::loading", G_CALLBACK (on_query_loading), self);
      procure_sim_list_set_cache (self->query, procure_session_get_cache (self->session));
      g_signal_connect_object (procure_session_get_sims (self->session), "items-changed",
                               G_CALLBACK (on_sims_reloaded), self, G_CONNECT_SWAPPED);
    }
  else
    show_model (self, procure_session_get_sims (self->session));
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

  self->export_button = export;
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
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->stack = GTK_STACK (gtk_stack_new ());
  /* Size by the page shown only; see ui/procure-window.ui. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  self->shown = procure_slot_list_new (NULL);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown))));
  /* No sorting: the rows come in ICCID order from SQL, and sorting a
   * million would read every one. */
  /* the rows draw the separators (procure_snapshot_row_separator()) */
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (selection, factory));
  procure_set_accessible_label (GTK_WIDGET (self->list_view), _("SIM Inventory"));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (list_box), build_toolbar (self));
  gtk_box_append (GTK_BOX (list_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (list_box), build_header ());
  gtk_box_append (GTK_BOX (list_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (list_box), scrolled);
  gtk_stack_add_named (self->stack, list_box, "list");
  gtk_stack_add_named (self->stack, create_empty_page (), "empty");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));
  g_signal_connect_object (self->shown, "items-changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
}

static void
procure_sims_page_dispose (GObject *object)
{
  ProcureSimsPage *self = PROCURE_SIMS_PAGE (object);

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  clear_query (self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->shown);
  g_clear_object (&self->wanted);
  g_clear_object (&self->none);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_sims_page_dispose;
  object_class->finalize = procure_sims_page_finalize;
  object_class->get_property = procure_sims_page_get_property;
  object_class->set_property = procure_sims_page_set_property;
  widget_class->map = procure_sims_page_map;

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

  if (procure_slot_list_get_model (self->shown) != NULL)
    return procure_slot_list_get_model (self->shown);
  if (self->none == NULL)
    self->none = g_list_store_new (PROCURE_TYPE_SIM_ROW);
  return G_LIST_MODEL (self->none);
}

gboolean
procure_sims_page_is_settled (ProcureSimsPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIMS_PAGE (self), FALSE);

  return procure_slot_list_get_model (self->shown) == self->wanted &&
         (self->query == NULL || self->wanted == G_LIST_MODEL (self->query));
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

static void
append_csv_header (GString *csv)
{
  g_string_append (csv, "iccid,imsi,msisdn,order_id,product_id");
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    g_string_append_printf (csv, ",%s", procure_setting_to_string (s));
  g_string_append_c (csv, '\n');
}

static void
append_csv_row (GString       *csv,
                ProcureSimRow *row)
{
  append_csv_field (csv, procure_sim_row_get_iccid (row), FALSE);
  append_csv_field (csv, procure_sim_row_get_imsi (row), FALSE);
  append_csv_field (csv, procure_sim_row_get_msisdn (row), FALSE);
  append_csv_field (csv, procure_sim_row_get_order_id (row), FALSE);
  append_csv_field (csv, procure_sim_row_get_product_id (row), FALSE);
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    append_csv_field (csv, procure_sim_row_get_setting (row, s), s == PROCURE_N_SETTINGS - 1);
}

char *
procure_sims_to_csv (GListModel *sims)
{
  GString *csv = g_string_new (NULL);
  guint n = g_list_model_get_n_items (sims);

  append_csv_header (csv);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureSimRow) row = g_list_model_get_item (sims, i);

      append_csv_row (csv, row);
    }
  return g_string_free (csv, FALSE);
}

/* ---------- exporting a million SIMs without stopping the window ---------- */

/* Rows formatted per write: about 0.5 MB and a few milliseconds of the
 * main loop; the file is written asynchronously in between. Tests make
 * slices smaller with PROCURE_EXPORT_SLICE. */
#define EXPORT_SLICE 4096

static guint
export_slice (void)
{
  const char *value = g_getenv ("PROCURE_EXPORT_SLICE");
  guint64 slice = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &slice, NULL))
    return EXPORT_SLICE;
  return (guint) slice;
}

typedef struct {
  GListModel    *sims;
  gulong         changed_handler;
  gboolean       changed;
  GOutputStream *out;
  GString       *chunk;          /* being written until export_next() */
  gboolean       header_written;
  guint          next;
  guint          slice;
} Export;

static void
export_free (Export *export)
{
  if (export->changed_handler != 0)
    g_signal_handler_disconnect (export->sims, export->changed_handler);
  g_clear_object (&export->sims);
  g_clear_object (&export->out);
  if (export->chunk != NULL)
    g_string_free (export->chunk, TRUE);
  g_free (export);
}

static void
on_export_sims_changed (Export *export)
{
  export->changed = TRUE;
}

static void export_next (GTask *task);

static void
export_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, export->next);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  export_next (g_steal_pointer (&task));
}

/* Formats the next slice of rows and writes it; closes the file after the
 * last. Takes @task. */
static void
export_next (GTask *task)
{
  Export *export = g_task_get_task_data (task);
  guint n = g_list_model_get_n_items (export->sims);
  guint end = MIN (export->next + export->slice, n);

  /* A sync reloaded the list: the rows written and those to come would
   * not be one consistent list. */
  if (export->changed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The SIMs changed during the export. Export them again."));
      g_object_unref (task);
      return;
    }
  if (export->next >= n && export->header_written)
    {
      g_output_stream_close_async (export->out, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   export_closed_cb, task);
      return;
    }
  /* the previous chunk has been written */
  g_string_truncate (export->chunk, 0);
  if (!export->header_written)
    {
      append_csv_header (export->chunk);
      export->header_written = TRUE;
    }
  for (; export->next < end; export->next++)
    {
      g_autoptr(ProcureSimRow) row = g_list_model_get_item (export->sims, export->next);

      if (row != NULL)
        append_csv_row (export->chunk, row);
    }
  g_output_stream_write_all_async (export->out, export->chunk->str, export->chunk->len,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   export_written_cb, task);
}

static void
export_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  GError *error = NULL;

  export->out = G_OUTPUT_STREAM (g_file_replace_finish (G_FILE (source), result, &error));
  if (export->out == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  export_next (task);
}

void
procure_sims_page_export_async (ProcureSimsPage     *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Export *export;

  g_return_if_fail (PROCURE_IS_SIMS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_sims_page_export_async);
  export = g_new0 (Export, 1);
  /* what the page shows, or would show if it has not been shown yet */
  export->sims = g_object_ref (self->wanted != NULL ? self->wanted : procure_sims_page_get_model (self));
  export->changed_handler = g_signal_connect_swapped (export->sims, "items-changed",
                                                      G_CALLBACK (on_export_sims_changed), export);
  export->chunk = g_string_new (NULL);
  export->slice = export_slice ();
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        cancellable, export_opened_cb, task);
}

gssize
procure_sims_page_export_finish (ProcureSimsPage  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
