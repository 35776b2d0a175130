/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-inbox-summary.h"
#include "procure-orders-page.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

struct _ProcureOrdersPage
{
  AdwBin              parent_instance;

  ProcureSession     *session;
  gboolean            inbox;
  char               *search_text;
  ProcureStatus       status_filter;

  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkCustomFilter    *filter;
  GtkSelectionModel  *selection;     /* owned by the column view */

  GtkColumnView      *column_view;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkStack           *content_stack;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_new_button;
  GtkWidget          *approve_button;
  GtkWidget          *reject_button;
  GtkColumnViewColumn *differences_column;  /* inbox only */
};

G_DEFINE_FINAL_TYPE (ProcureOrdersPage, procure_orders_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_INBOX,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------- cell expressions ---------- */

static GtkExpression *
row_property (const char *name)
{
  return gtk_property_expression_new (PROCURE_TYPE_ORDER_ROW,
                                      gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                      name);
}

static char *
format_timestamp_cb (GObject    *unused,
                     const char *value)
{
  return procure_format_timestamp (value);
}

static char *
format_date_cb (GObject    *unused,
                const char *value)
{
  return procure_format_date (value);
}

static char *
format_number_cb (GObject    *unused,
                  const char *number)
{
  /* Until an agent accepts the order it has no PO number. */
  return g_strdup (number && *number ? number : _("—"));
}

static GStrv
status_classes_cb (GObject *unused,
                   int      status)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv classes;

  g_strv_builder_add (builder, "status-pill");
  g_strv_builder_add (builder, procure_ui_status_css_class (status));
  classes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return classes;
}

static GtkExpression *
formatted (const char *property,
           GCallback   format)
{
  GtkExpression *params[] = { row_property (property) };

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, params, format, NULL, NULL);
}

/* ---------- columns ---------- */

typedef struct {
  const char *title;
  const char *property;     /* shown property (before formatting) */
  GCallback   format;       /* NULL: show the property as is */
  const char *sort_property;
  gboolean    numeric_sort;
  gboolean    expand;
} ColumnSpec;

/* A plain single click on a row opens its order (the column view itself
 * activates on double click only). Ctrl/Shift clicks keep selecting rows
 * for bulk decisions; Enter activates through the column view. */
static void
on_cell_released (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkListItem     *item)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  ProcureOrderRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  if (n_press != 1 || row == NULL ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_META_MASK)) != 0)
    return;
  gtk_widget_activate_action (cell, "win.open-order", "s", procure_order_row_get_id (row));
}

static void
set_cell_child (GtkListItem *item,
                GtkWidget   *child)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "procure-open-row");
  /* The list item is owned by the list view and outlives its child. */
  g_signal_connect (click, "released", G_CALLBACK (on_cell_released), item);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, child);
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *expression;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  expression = spec->format ? formatted (spec->property, spec->format)
                            : row_property (spec->property);
  gtk_expression_bind (expression, label, "label", item);
  set_cell_child (item, label);
}

static void
setup_status_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *pill = procure_status_pill_new ();
  GtkExpression *params[] = { row_property ("status") };

  gtk_expression_bind (row_property ("status-label"), pill, "label", item);
  gtk_expression_bind (gtk_cclosure_expression_new (G_TYPE_STRV, NULL, 1, params,
                                                    G_CALLBACK (status_classes_cb), NULL, NULL),
                       pill, "css-classes", item);
  set_cell_child (item, pill);
}

static void
setup_number_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *pending = gtk_image_new_from_icon_name ("document-open-recent-symbolic");

  gtk_widget_set_tooltip_text (pending, _("Waiting to be sent"));
  gtk_widget_add_css_class (pending, "pending-marker");
  procure_set_accessible_label (pending, _("Pending"));
  gtk_expression_bind (formatted ("number", G_CALLBACK (format_number_cb)), label, "label", item);
  gtk_expression_bind (row_property ("pending"), pending, "visible", item);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), pending);
  set_cell_child (item, box);
}

static GtkSorter *
column_sorter (const ColumnSpec *spec)
{
  GtkExpression *expression = gtk_property_expression_new (PROCURE_TYPE_ORDER_ROW, NULL,
                                                           spec->sort_property);

  if (spec->numeric_sort)
    return GTK_SORTER (gtk_numeric_sorter_new (expression));
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static GtkColumnViewColumn *
add_column (ProcureOrdersPage *self,
            const ColumnSpec  *spec,
            GCallback          setup)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  g_autoptr(GtkSorter) sorter = column_sorter (spec);

  g_signal_connect (factory, "setup", setup, (gpointer) spec);
  column = gtk_column_view_column_new (_(spec->title), factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_expand (column, spec->expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  return column;
}

static const ColumnSpec columns[] = {
  { N_("Number"), "number", NULL, "number", FALSE, FALSE },
  { N_("Status"), "status", NULL, "status", TRUE, FALSE },
  { N_("Account"), "account-name", NULL, "account-name", FALSE, TRUE },
  { N_("Created"), "created-at", G_CALLBACK (format_timestamp_cb), "created-at", FALSE, FALSE },
  { N_("Total"), "total-label", NULL, "total", TRUE, FALSE },
  { N_("Requested Date"), "requested-ship-date", G_CALLBACK (format_date_cb), "requested-ship-date", FALSE, FALSE },
  { N_("Created By"), "created-by-name", NULL, "created-by-name", FALSE, TRUE },
};

/* ---------- the inbox's differences column ---------- */

static ProcureOrder *
order_of_row (ProcureOrdersPage *self,
              const char        *id)
{
  if (self->session == NULL || id == NULL)
    return NULL;
  return procure_session_get_order (self->session, id);
}

/* The order's overrides and resubmission (procure-inbox-summary.h); the
 * version parameter re-evaluates it whenever the order changes. */
static char *
differences_cb (GtkListItem       *item,
                const char        *id,
                gint64             version,
                ProcureOrdersPage *self)
{
  g_autoptr(ProcureOrder) order = order_of_row (self, id);
  g_autoptr(ProcureAccount) account = NULL;

  if (order == NULL)
    return NULL;
  account = procure_session_get_account (self->session, order->account_id);
  return procure_inbox_differences_text (order, account);
}

/* Overrides are highlighted. */
static GStrv
differences_classes_cb (GtkListItem       *item,
                        const char        *id,
                        gint64             version,
                        ProcureOrdersPage *self)
{
  g_autoptr(ProcureOrder) order = order_of_row (self, id);
  g_autoptr(ProcureAccount) account = NULL;
  g_autofree char *overrides = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "inbox-differences");
  if (order != NULL)
    {
      account = procure_session_get_account (self->session, order->account_id);
      overrides = procure_inbox_overrides_text (order, account);
    }
  if (overrides != NULL)
    g_strv_builder_add (builder, "overridden");
  return g_strv_builder_end (builder);
}

static GtkExpression *
differences_expression (ProcureOrdersPage *self,
                        GType              type,
                        GCallback          callback)
{
  GtkExpression *params[] = { row_property ("id"), row_property ("version") };

  return gtk_cclosure_expression_new (type, NULL, G_N_ELEMENTS (params), params, callback, self, NULL);
}

static void
setup_differences_cell (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        ProcureOrdersPage        *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_expression_bind (differences_expression (self, G_TYPE_STRING, G_CALLBACK (differences_cb)),
                       label, "label", item);
  gtk_expression_bind (differences_expression (self, G_TYPE_STRV, G_CALLBACK (differences_classes_cb)),
                       label, "css-classes", item);
  set_cell_child (item, label);
}

static void
add_differences_column (ProcureOrdersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_differences_cell), self);
  self->differences_column = gtk_column_view_column_new (_("Differences"), factory);
  gtk_column_view_column_set_expand (self->differences_column, TRUE);
  gtk_column_view_column_set_resizable (self->differences_column, TRUE);
  gtk_column_view_column_set_visible (self->differences_column, FALSE);
  gtk_column_view_append_column (self->column_view, self->differences_column);
  g_object_unref (self->differences_column);   /* the column view holds it */
}

static void
build_columns (ProcureOrdersPage *self)
{
  GtkColumnViewColumn *created = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GCallback setup = G_CALLBACK (setup_text_cell);
      GtkColumnViewColumn *column;

      if (i == 0)
        setup = G_CALLBACK (setup_number_cell);
      else if (i == 1)
        setup = G_CALLBACK (setup_status_cell);
      column = add_column (self, &columns[i], setup);
      if (i == 3)
        created = column;
      g_object_unref (column);
    }
  add_differences_column (self);
  /* Newest first, as the session's model already is. */
  gtk_column_view_sort_by_column (self->column_view, created, GTK_SORT_DESCENDING);
}

/* ---------- filtering ---------- */

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  ProcureOrdersPage *self = user_data;

  return procure_order_row_matches (PROCURE_ORDER_ROW (item), self->status_filter, NULL,
                                    self->search_text);
}

static void
update_state (ProcureOrdersPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  GListModel *source = gtk_filter_list_model_get_model (self->filter_model);
  guint total = source ? g_list_model_get_n_items (source) : 0;
  g_autofree char *count = NULL;

  if (total == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0 && gtk_filter_list_model_get_pending (self->filter_model) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", shown), shown);
  gtk_label_set_label (self->count_label, count);
}

/* ---------- bulk decisions (inbox) ---------- */

static gboolean
user_is_approver (ProcureOrdersPage *self)
{
  const ProcureUser *user = self->session ? procure_session_get_user (self->session) : NULL;

  return user != NULL && user->role == PROCURE_ROLE_APPROVER;
}

static void
update_bulk_buttons (ProcureOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (self->selection);
  gboolean show = self->inbox && user_is_approver (self);
  gboolean any = !gtk_bitset_is_empty (selected);

  gtk_widget_set_visible (self->approve_button, show);
  gtk_widget_set_visible (self->reject_button, show);
  gtk_widget_set_sensitive (self->approve_button, any);
  gtk_widget_set_sensitive (self->reject_button, any);
}

static void
toast (ProcureOrdersPage *self,
       const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* Takes @action on every selected order the lifecycle allows it on; returns
 * how many were queued. */
static guint
decide_selected (ProcureOrdersPage          *self,
                 ProcureAction               action,
                 const ProcureActionRequest *request)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (self->selection);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position, done = 0;

  /* Collect first: queued actions change the inbox while we walk it. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

      g_ptr_array_add (ids, g_strdup (procure_order_row_get_id (row)));
    }
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) error = NULL;

      if (!(procure_session_get_allowed_actions (self->session, id) & (1u << action)))
        continue;
      if (procure_session_order_action (self->session, id, action, request, &error))
        done++;
      else
        g_debug ("Bulk %s of %s: %s", procure_action_to_string (action), id, error->message);
    }
  gtk_selection_model_unselect_all (self->selection);
  return done;
}

static void
on_approve_clicked (ProcureOrdersPage *self)
{
  guint n = procure_orders_page_decide_selected (self, PROCURE_ACTION_APPROVE, NULL);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order approved",
                                                           "%u orders approved", n), n);

  toast (self, message);
}

static void
on_reject_response (ProcureOrdersPage *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(ProcureActionRequest) request = procure_action_request_new ();
  g_autofree char *message = NULL;
  guint n;

  if (!g_str_equal (response, "reject"))
    return;
  request->comment = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  n = procure_orders_page_decide_selected (self, PROCURE_ACTION_REJECT, request);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order rejected",
                                          "%u orders rejected", n), n);
  toast (self, message);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reject", *text != '\0');
}

static void
on_reject_clicked (ProcureOrdersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Reject Selected Orders?"),
                                              _("The reason is sent with every rejected order."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  procure_set_accessible_label (entry, _("Reason"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "reject", _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refilter (ProcureOrdersPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ---------- callbacks ---------- */

static void
on_row_activated (ProcureOrdersPage *self,
                  guint              position)
{
  g_autoptr(ProcureOrderRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (row != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s",
                                procure_order_row_get_id (row));
}

static void
on_status_selected (ProcureOrdersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  /* Item 0 is "All Statuses"; then the statuses in lifecycle order. */
  procure_orders_page_set_status_filter (self,
      selected == 0 || selected == GTK_INVALID_LIST_POSITION
        ? PROCURE_STATUS_INVALID : (ProcureStatus) (selected - 1));
}

static void
on_model_changed (ProcureOrdersPage *self)
{
  update_state (self);
}

/* ---------- GObject ---------- */

static void
fill_status_dropdown (ProcureOrdersPage *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("All Statuses"));
  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    gtk_string_list_append (list, procure_status_get_label (status));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (list));
}

static void
procure_orders_page_dispose (GObject *object)
{
  ProcureOrdersPage *self = PROCURE_ORDERS_PAGE (object);

  /* AdwBin keeps its own pointer to the child: release it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_ORDERS_PAGE);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (procure_orders_page_parent_class)->dispose (object);
}

static void
procure_orders_page_finalize (GObject *object)
{
  ProcureOrdersPage *self = PROCURE_ORDERS_PAGE (object);

  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (procure_orders_page_parent_class)->finalize (object);
}

static void
procure_orders_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProcureOrdersPage *self = PROCURE_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_INBOX:
      g_value_set_boolean (value, self->inbox);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_inbox (ProcureOrdersPage *self,
           gboolean           inbox)
{
  self->inbox = inbox;
  gtk_widget_set_visible (self->empty_new_button, !inbox);
  gtk_column_view_column_set_visible (self->differences_column, inbox);
  if (inbox)
    {
      adw_status_page_set_icon_name (self->empty_page, "mail-read-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Waits on You"));
      adw_status_page_set_description (self->empty_page,
                                       _("Orders that need your decision or answer appear here."));
    }
  procure_set_accessible_label (GTK_WIDGET (self->column_view),
                                inbox ? _("Inbox Orders") : _("Orders"));
  procure_set_accessible_label (GTK_WIDGET (self->status_dropdown),
                                inbox ? _("Inbox Status Filter") : _("Status Filter"));
}

static void
procure_orders_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProcureOrdersPage *self = PROCURE_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_INBOX:
      set_inbox (self, g_value_get_boolean (value));
      break;
    case PROP_SEARCH_TEXT:
      procure_orders_page_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_orders_page_class_init (ProcureOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_orders_page_dispose;
  object_class->finalize = procure_orders_page_finalize;
  object_class->get_property = procure_orders_page_get_property;
  object_class->set_property = procure_orders_page_set_property;

  properties[PROP_INBOX] =
    g_param_spec_boolean ("inbox", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, reject_button);
  gtk_widget_class_bind_template_callback (widget_class, on_approve_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reject_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
}

static void
procure_orders_page_init (ProcureOrdersPage *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  self->status_filter = PROCURE_STATUS_INVALID;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_status_dropdown (self);
  build_columns (self);

  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  /* Incremental: 100,000 rows filter in slices without freezing the UI. */
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  /* Several rows can be selected: approvers decide on them in bulk. */
  selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model))));
  self->selection = selection;
  g_signal_connect_object (selection, "selection-changed",
                           G_CALLBACK (update_bulk_buttons), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, selection);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  set_inbox (self, FALSE);
  update_state (self);
}

/* ---------- public API ---------- */

GtkWidget *
procure_orders_page_new (gboolean inbox)
{
  return g_object_new (PROCURE_TYPE_ORDERS_PAGE, "inbox", inbox, NULL);
}

void
procure_orders_page_set_session (ProcureOrdersPage *self,
                                 ProcureSession    *session)
{
  GListModel *model = NULL;

  g_return_if_fail (PROCURE_IS_ORDERS_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, update_bulk_buttons, self);
  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    g_signal_connect_object (session, "notify::user", G_CALLBACK (update_bulk_buttons), self,
                             G_CONNECT_SWAPPED);
  if (session != NULL)
    model = self->inbox ? procure_session_get_inbox (session) : procure_session_get_orders (session);
  gtk_filter_list_model_set_model (self->filter_model, model);
  update_state (self);
  update_bulk_buttons (self);
}

void
procure_orders_page_set_search_text (ProcureOrdersPage *self,
                                     const char        *text)
{
  g_return_if_fail (PROCURE_IS_ORDERS_PAGE (self));

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
procure_orders_page_set_status_filter (ProcureOrdersPage *self,
                                       ProcureStatus      status)
{
  g_return_if_fail (PROCURE_IS_ORDERS_PAGE (self));

  if (self->status_filter == status)
    return;
  self->status_filter = status;
  gtk_drop_down_set_selected (self->status_dropdown,
                              status == PROCURE_STATUS_INVALID ? 0 : (guint) status + 1);
  refilter (self);
}

GListModel *
procure_orders_page_get_model (ProcureOrdersPage *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

guint
procure_orders_page_select_all (ProcureOrdersPage *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDERS_PAGE (self), 0);

  gtk_selection_model_select_all (self->selection);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
}

guint
procure_orders_page_decide_selected (ProcureOrdersPage          *self,
                                     ProcureAction               action,
                                     const ProcureActionRequest *request)
{
  g_return_val_if_fail (PROCURE_IS_ORDERS_PAGE (self), 0);
  g_return_val_if_fail (action == PROCURE_ACTION_APPROVE || action == PROCURE_ACTION_REJECT, 0);

  if (self->session == NULL)
    return 0;
  return decide_selected (self, action, request);
}
