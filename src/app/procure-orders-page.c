/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-inbox-summary.h"
#include "procure-orders-page.h"
#include "procure-order-table.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

/* ---------- the page ---------- */

struct _ProcureOrdersPage
{
  AdwBin              parent_instance;

  ProcureSession     *session;
  gboolean            inbox;
  char               *search_text;
  ProcureStatus       status_filter;

  ProcureOrderList   *list;          /* the page's own query over the session's orders */
  ProcureSlotList    *slots;         /* the list as the view sees it: rows kept on a new query */
  GtkSelectionModel  *selection;     /* owned by the table's list view */

  ProcureOrderTable  *table;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkStack           *content_stack;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_new_button;
  GtkWidget          *approve_button;
  GtkWidget          *reject_button;
};

G_DEFINE_FINAL_TYPE (ProcureOrdersPage, procure_orders_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_INBOX,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------- the inbox's differences ---------- */

/* The inbox's note column: the order's overrides and resubmission
 * (procure-inbox-summary.h), highlighted when it overrides its account's
 * defaults. Only inbox rows that are shown pay for reading their order. */
static char *
differences_text (ProcureOrderRow *row,
                  gboolean        *highlight,
                  gpointer         user_data)
{
  ProcureOrdersPage *page = user_data;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureAccount) account = NULL;
  g_autofree char *overrides = NULL;

  if (page->session == NULL ||
      (order = procure_session_get_order (page->session, procure_order_row_get_id (row))) == NULL)
    return NULL;
  account = procure_session_get_account (page->session, order->account_id);
  overrides = procure_inbox_overrides_text (order, account);
  *highlight = overrides != NULL;
  return procure_inbox_differences_text (order, account);
}

/* ---------- sorting and filtering (in SQL, by the list) ---------- */

static void
on_sort_changed (ProcureOrdersPage *self)
{
  ProcureOrderSort sort;
  gboolean descending;

  procure_order_table_get_sort (self->table, &sort, &descending);
  if (self->list != NULL)
    procure_order_list_set_sort (self->list, sort, descending);
}

static void
refilter (ProcureOrdersPage *self)
{
  if (self->list != NULL)
    procure_order_list_set_filter (self->list, self->status_filter, self->search_text);
}

static GListModel *
session_list (ProcureOrdersPage *self)
{
  if (self->session == NULL)
    return NULL;
  return self->inbox ? procure_session_get_inbox (self->session) : procure_session_get_orders (self->session);
}

static void
update_state (ProcureOrdersPage *self)
{
  GListModel *source = session_list (self);
  guint shown = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  guint total = source ? g_list_model_get_n_items (source) : 0;
  gboolean loading = self->list != NULL && procure_order_list_is_loading (self->list);
  g_autofree char *count = NULL;

  /* a big cache is read in the background: not "no orders" meanwhile */
  if (total == 0 && !loading && !(source != NULL && procure_order_list_is_loading (PROCURE_ORDER_LIST (source))))
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0 && !loading)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u order", "%'u orders", shown), shown);
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
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (G_LIST_MODEL (self->list), position);

      if (row != NULL)
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
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u order approved",
                                                           "%'u orders approved", n), n);

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
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u order rejected",
                                          "%'u orders rejected", n), n);
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

/* ---------- callbacks ---------- */

static void
on_row_activated (ProcureOrdersPage *self,
                  guint              position)
{
  g_autoptr(ProcureOrderRow) row = self->list ? g_list_model_get_item (G_LIST_MODEL (self->list), position) : NULL;

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

/* GTK 4.8 builds its ~200 rows as soon as a view has a model, shown or
 * not: 270 ms per orders page at start-up, while the app opens on the
 * catalogue. A page's view gets its list when the page is first shown;
 * after that a new list refills the rows it has. */
static void
show_list (ProcureOrdersPage *self)
{
  if (self->list == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      procure_slot_list_get_model (self->slots) != NULL)
    procure_slot_list_set_model (self->slots, G_LIST_MODEL (self->list));
}

static void
procure_orders_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (procure_orders_page_parent_class)->map (widget);
  show_list (PROCURE_ORDERS_PAGE (widget));
}

/* The page's own list: a view of the session's orders (or inbox) that
 * filters and sorts in SQL without touching the session's list. */
static void
set_list (ProcureOrdersPage *self)
{
  GListModel *source = session_list (self);
  ProcureOrderSort sort;
  gboolean descending;

  g_clear_object (&self->list);
  if (source != NULL)
    {
      self->list = procure_order_list_new_view (PROCURE_ORDER_LIST (source));
      procure_order_table_get_sort (self->table, &sort, &descending);
      procure_order_list_set_sort (self->list, sort, descending);
      refilter (self);
      g_signal_connect_object (self->list, "items-changed",
                               G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::loading",
                               G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
      /* The empty page follows the session's list. */
      g_signal_connect_object (source, "items-changed",
                               G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
    }
  show_list (self);
}

/* Slots that show other orders now are other rows to the user: a selection
 * for a bulk decision must not move onto them. */
static void
on_slots_replaced (ProcureOrdersPage *self,
                   guint              position,
                   guint              n)
{
  gtk_selection_model_unselect_range (self->selection, position, n);
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
  g_clear_object (&self->slots);
  g_clear_object (&self->list);
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
  /* Only the inbox has the column: a hidden one would still be laid out
   * in each of the 200 rows GTK keeps bound. */
  procure_order_table_set_note (self->table, inbox ? _("Differences") : NULL,
                                inbox ? differences_text : NULL, self);
  if (inbox)
    {
      adw_status_page_set_icon_name (self->empty_page, "mail-read-symbolic");
      adw_status_page_set_title (self->empty_page, _("Nothing Waits on You"));
      adw_status_page_set_description (self->empty_page,
                                       _("Orders that need your decision or answer appear here."));
    }
  procure_set_accessible_label (GTK_WIDGET (self->table),
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
  widget_class->map = procure_orders_page_map;

  properties[PROP_INBOX] =
    g_param_spec_boolean ("inbox", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PROCURE_TYPE_ORDER_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureOrdersPage, table);
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
  g_signal_connect_object (self->table, "sort-changed", G_CALLBACK (on_sort_changed), self,
                           G_CONNECT_SWAPPED);

  /* Several rows can be selected: approvers decide on them in bulk. The
   * model comes with the session (procure_orders_page_set_session()). */
  self->slots = procure_slot_list_new (NULL);
  g_signal_connect_object (self->slots, "replaced", G_CALLBACK (on_slots_replaced), self,
                           G_CONNECT_SWAPPED);
  selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->slots))));
  self->selection = selection;
  g_signal_connect_object (selection, "selection-changed",
                           G_CALLBACK (update_bulk_buttons), self, G_CONNECT_SWAPPED);
  procure_order_table_set_model (self->table, selection);
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
  g_return_if_fail (PROCURE_IS_ORDERS_PAGE (self));

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->session, update_bulk_buttons, self);
      g_signal_handlers_disconnect_by_func (session_list (self), on_model_changed, self);
    }
  if (!g_set_object (&self->session, session))
    return;
  if (session != NULL)
    g_signal_connect_object (session, "notify::user", G_CALLBACK (update_bulk_buttons), self,
                             G_CONNECT_SWAPPED);
  set_list (self);
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

  return G_LIST_MODEL (self->selection);
}

gboolean
procure_orders_page_is_settled (ProcureOrdersPage *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDERS_PAGE (self), FALSE);

  return self->list == NULL || !procure_order_list_is_loading (self->list);
}

guint
procure_orders_page_select_all (ProcureOrdersPage *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDERS_PAGE (self), 0);

  gtk_selection_model_select_all (self->selection);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
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
