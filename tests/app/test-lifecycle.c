/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One order walked from draft to closed through the real windows of three
 * users against one demo server: pat orders above the approval threshold,
 * morgan approves, sam accepts, provisions, assigns SIMs and ships (each
 * through the action buttons' dialogs), pat confirms receipt. Each step is
 * checked in the acting user's synced data and screenshotted.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-action-dialog.h"
#include "procure-order-detail.h"
#include "procure-order-editor.h"
#include "procure-orders-page.h"
#include "procure-test-util.h"
#include "procure-window.h"

static char *tmp_dir;
static char *server_url;

typedef struct {
  ProcureSession *session;
  const char     *order_id;
  ProcureStatus   status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;
  g_autoptr(ProcureOrder) order = procure_session_get_order (wait->session, wait->order_id);

  return order != NULL && order->status == wait->status &&
         procure_session_get_pending_count (wait->session) == 0;
}

static void
wait_status (ProcureSession *session,
             const char     *order_id,
             ProcureStatus   status)
{
  StatusWait wait = { session, order_id, status };
  g_autoptr(ProcureOrder) order = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!has_status (&wait) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  order = procure_session_get_order (session, order_id);
  g_test_message ("%s: order %s is %s, %u pending; want %s", procure_session_get_user (session)->login,
                  order_id, order ? procure_status_to_string (order->status) : "(unknown)",
                  procure_session_get_pending_count (session), procure_status_to_string (status));
  g_assert_true (has_status (&wait));
}

static ProcureActionDialog *
find_action_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PROCURE_IS_ACTION_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return PROCURE_ACTION_DIALOG (window);
    }
  return NULL;
}

/* Takes @action on the order shown in @window as a user would: the button's
 * dialog is filled with @field = @text (if any) and confirmed. */
static void
act (ProcureWindow *window,
     ProcureAction  action,
     const char    *field,
     const char    *text,
     const char    *field2,
     const char    *text2)
{
  ProcureOrderDetail *detail = PROCURE_ORDER_DETAIL (procure_window_get_page (window, "detail"));
  ProcureSession *session = procure_window_get_session (window);
  ProcureActionDialog *dialog;

  g_assert_true (procure_session_get_allowed_actions (session, procure_order_detail_get_order_id (detail))
                 & (1u << action));
  procure_order_detail_run_action (detail, action);
  dialog = find_action_dialog ();
  g_assert_cmpint (dialog != NULL, ==, procure_action_dialog_needed (action));
  if (dialog == NULL)
    return;
  if (field != NULL)
    procure_action_dialog_set_text (dialog, field, text);
  if (field2 != NULL)
    procure_action_dialog_set_text (dialog, field2, text2);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static ProcureWindow *
window_for (ProcureSession *session,
            const char     *order_id)
{
  ProcureWindow *window = procure_window_new (NULL, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  procure_window_show_main (window);
  if (order_id != NULL)
    {
      g_autoptr(ProcureOrder) order = NULL;

      /* Wait until this user's sync has brought the order. */
      while ((order = procure_session_get_order (session, order_id)) == NULL)
        g_main_context_iteration (NULL, TRUE);
      procure_window_open_order (window, order_id);
    }
  return window;
}

static void
close_window (ProcureWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
on_order_id_changed (ProcureSession *session,
                     const char     *local_id,
                     const char     *server_id,
                     char          **order_id)
{
  if (g_strcmp0 (*order_id, local_id) == 0)
    {
      g_free (*order_id);
      *order_id = g_strdup (server_id);
    }
}

static gboolean
is_server_id (gpointer data)
{
  return !g_str_has_prefix (*(char **) data, "local-");
}

/* A price plan @account is entitled to that is not its default. */
static const char *
entitled_non_default_plan (const ProcureAccount *account)
{
  GStrv plans = account->entitlements->values[PROCURE_SETTING_PRICE_PLAN];

  for (guint i = 0; plans != NULL && plans[i] != NULL; i++)
    if (g_strcmp0 (plans[i], account->defaults->values[PROCURE_SETTING_PRICE_PLAN]) != 0)
      return plans[i];
  g_assert_not_reached ();
}

/* A label under @widget with CSS class @css_class showing exactly @text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *css_class,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, css_class, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelSearch;

static gboolean
label_shown (gpointer data)
{
  LabelSearch *search = data;

  return find_label (search->root, "inbox-differences", search->text) != NULL;
}

/* morgan's inbox row for the order shows the override against the default. */
static void
check_inbox_differences (ProcureSession *morgan,
                         ProcureOrder   *order,
                         ProcureAccount *account)
{
  ProcureWindow *window = window_for (morgan, NULL);
  const char *plan = order->overrides->values[PROCURE_SETTING_PRICE_PLAN];
  const char *fallback = account->defaults->values[PROCURE_SETTING_PRICE_PLAN];
  g_autofree char *expected = fallback != NULL
    ? g_strdup_printf ("Price Plan: %s (default %s)", plan, fallback)
    : g_strdup_printf ("Price Plan: %s", plan);
  LabelSearch search = { NULL, expected };
  GtkWidget *label;

  g_assert_nonnull (plan);
  procure_window_show_page (window, "inbox");
  search.root = procure_window_get_page (window, "inbox");
  procure_test_wait_for (label_shown, &search, 30);
  label = find_label (search.root, "inbox-differences", expected);
  g_assert_true (gtk_widget_has_css_class (label, "overridden"));
  procure_test_screenshot (GTK_WIDGET (window), "inbox-differences");
  close_window (window);
}

/* pat orders enough of the first product to need approval. */
static char *
pat_orders (ProcureSession *pat)
{
  ProcureWindow *window = window_for (pat, NULL);
  g_autoptr(ProcureProductRow) row = g_list_model_get_item (procure_session_get_products (pat), 0);
  g_autoptr(ProcureProduct) product = procure_session_get_product (pat, procure_product_row_get_id (row));
  g_autoptr(ProcureAccount) account = procure_session_get_account (pat, procure_session_get_user (pat)->account_id);
  g_autoptr(GError) error = NULL;
  ProcureOrderEditor *editor;
  gint64 quantity, pack = MAX (product->quantity_multiple, 1);
  char *order_id = NULL;
  gulong handler;

  g_assert_cmpint (account->approval_threshold, >, 0);
  quantity = (account->approval_threshold + product->unit_price - 1) / product->unit_price;
  quantity = MAX ((quantity + pack - 1) / pack * pack, product->min_quantity);
  g_assert_cmpint (quantity, <=, product->max_quantity);

  editor = PROCURE_ORDER_EDITOR (procure_window_edit_order (window, NULL, product->id));
  procure_order_editor_set_quantity (editor, 0, quantity);
  procure_order_editor_select_address (editor, 0);
  procure_order_editor_set_notes (editor, "Fleet roll-out, batch 2");
  /* A price plan other than the default: morgan's inbox highlights it. */
  g_assert_true (procure_order_editor_set_override (editor, PROCURE_SETTING_PRICE_PLAN,
                                                    entitled_non_default_plan (account)));
  handler = g_signal_connect (pat, "order-id-changed", G_CALLBACK (on_order_id_changed), &order_id);
  order_id = procure_order_editor_submit (editor, &error);
  g_assert_no_error (error);
  /* The outbox sends it; the local id then becomes the server's. */
  procure_test_wait_for (is_server_id, &order_id, 60);
  wait_status (pat, order_id, PROCURE_STATUS_PENDING_APPROVAL);
  g_signal_handler_disconnect (pat, handler);
  procure_window_open_order (window, order_id);
  procure_test_screenshot (GTK_WIDGET (window), "walk-1-pending-approval");
  close_window (window);
  return order_id;
}

/* What an agent pastes: one "ICCID IMSI MSISDN" line per SIM, unique per run
 * so the server's "already in use" check never trips. */
static char *
sim_lines (gint64 count)
{
  gint64 seed = (g_get_real_time () / 1000) % G_GINT64_CONSTANT (100000000);
  g_autofree char *payload = g_strdup_printf ("894900%08" G_GINT64_FORMAT "0000", seed);
  g_autofree char *first = g_strdup_printf ("%s%d", payload, procure_luhn_check_digit (payload));
  g_auto(GStrv) iccids = procure_iccid_range (first, (guint) count, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (iccids);
  for (gint64 i = 0; i < count; i++)
    g_string_append_printf (text, "%s 2620%03" G_GINT64_FORMAT "%08" G_GINT64_FORMAT
                            " +49151%03" G_GINT64_FORMAT "%05" G_GINT64_FORMAT "\n",
                            iccids[i], seed % 1000, i, seed % 1000, i);
  return g_string_free (text, FALSE);
}

static void
test_walk (void)
{
  g_autoptr(ProcureSession) pat = procure_test_sign_in (server_url, tmp_dir, "pat");
  g_autoptr(ProcureSession) morgan = procure_test_sign_in (server_url, tmp_dir, "morgan");
  g_autoptr(ProcureSession) sam = procure_test_sign_in (server_url, tmp_dir, "sam");
  g_autofree char *order_id = pat_orders (pat);
  g_autoptr(ProcureOrder) order = procure_session_get_order (pat, order_id);
  g_autofree char *sims = sim_lines (procure_order_get_sim_quantity (order));
  g_autofree char *today = procure_date_today_string (0);
  ProcureWindow *window;

  {
    g_autoptr(ProcureAccount) account = procure_session_get_account (pat, order->account_id);

    check_inbox_differences (morgan, order, account);
  }
  window = window_for (morgan, order_id);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  procure_test_screenshot (GTK_WIDGET (window), "walk-2-review");
  act (window, PROCURE_ACTION_APPROVE, NULL, NULL, NULL, NULL);
  g_assert_nonnull (window);
  wait_status (morgan, order_id, PROCURE_STATUS_SUBMITTED);
  g_assert_nonnull (window);
  procure_test_screenshot (GTK_WIDGET (window), "walk-3-submitted");
  close_window (window);

  window = window_for (sam, order_id);
  act (window, PROCURE_ACTION_ACCEPT, NULL, NULL, NULL, NULL);   /* suggested number */
  wait_status (sam, order_id, PROCURE_STATUS_ACCEPTED);
  act (window, PROCURE_ACTION_START, NULL, NULL, NULL, NULL);
  wait_status (sam, order_id, PROCURE_STATUS_PROVISIONING);
  act (window, PROCURE_ACTION_READY, "sims", sims, NULL, NULL);
  wait_status (sam, order_id, PROCURE_STATUS_READY);
  procure_test_screenshot (GTK_WIDGET (window), "walk-4-ready");
  act (window, PROCURE_ACTION_SHIP, "carrier", "DHL", "tracking_number", "JD014600003828");
  wait_status (sam, order_id, PROCURE_STATUS_SHIPPED);
  close_window (window);

  window = window_for (pat, order_id);
  wait_status (pat, order_id, PROCURE_STATUS_SHIPPED);
  act (window, PROCURE_ACTION_CONFIRM_RECEIPT, NULL, NULL, NULL, NULL);
  wait_status (pat, order_id, PROCURE_STATUS_CLOSED);
  procure_test_screenshot (GTK_WIDGET (window), "walk-5-closed");
  close_window (window);

  g_clear_pointer (&order, procure_order_unref);
  order = procure_session_get_order (pat, order_id);
  g_assert_nonnull (order->number);
  g_assert_cmpint (order->sim_count, ==, procure_order_get_sim_quantity (order));
  g_assert_nonnull (order->shipment);
  g_assert_cmpstr (order->shipment->carrier, ==, "DHL");
  g_assert_cmpstr (order->shipment->shipped_at, ==, today);
}

typedef struct {
  ProcureSession *session;
  GPtrArray      *ids;
} Approved;

static gboolean
all_approved (gpointer data)
{
  Approved *approved = data;
  const char *user_id = procure_session_get_user (approved->session)->id;

  if (procure_session_get_pending_count (approved->session) > 0)
    return FALSE;
  for (guint i = 0; i < approved->ids->len; i++)
    {
      g_autoptr(ProcureOrder) order = procure_session_get_order (approved->session,
                                                                 g_ptr_array_index (approved->ids, i));

      if (order->status == PROCURE_STATUS_PENDING_APPROVAL &&
          !procure_order_has_approval_by (order, user_id))
        return FALSE;
    }
  return TRUE;
}

static gboolean
inbox_filled (gpointer data)
{
  ProcureOrdersPage *page = data;

  return g_list_model_get_n_items (procure_orders_page_get_model (page)) > 0;
}

/* morgan selects the whole inbox and approves what may be approved at once. */
static void
test_bulk_approve (void)
{
  g_autoptr(ProcureSession) pat = procure_test_sign_in (server_url, tmp_dir, "pat");
  g_autofree char *new_order = pat_orders (pat);   /* at least one fresh order to decide on */
  g_autoptr(ProcureSession) morgan = procure_test_sign_in (server_url, tmp_dir, "morgan");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  ProcureWindow *window = window_for (morgan, new_order);
  ProcureOrdersPage *inbox = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "inbox"));
  GListModel *model = procure_orders_page_get_model (inbox);
  Approved approved = { morgan, ids };
  guint selected;

  procure_window_show_page (window, "inbox");
  procure_test_wait_for (inbox_filled, inbox, 10);
  selected = procure_orders_page_select_all (inbox);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureSlot) slot = g_list_model_get_item (model, i);
      ProcureOrderRow *row = procure_slot_get_item (slot);
      const char *id = procure_order_row_get_id (row);

      if (procure_session_get_allowed_actions (morgan, id) & (1u << PROCURE_ACTION_APPROVE))
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_assert_cmpuint (selected, >, 0);
  g_assert_cmpuint (ids->len, >=, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (ids, new_order, g_str_equal, NULL));
  procure_test_screenshot (GTK_WIDGET (window), "inbox-bulk-selected");

  g_assert_cmpuint (procure_orders_page_decide_selected (inbox, PROCURE_ACTION_APPROVE, NULL), ==, ids->len);
  procure_test_wait_for (all_approved, &approved, 60);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ProcureDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();
  tmp_dir = g_dir_make_tmp ("procure-app-walk-XXXXXX", &error);
  g_assert_no_error (error);
  server = procure_test_start_server (tmp_dir, &server_url);

  g_test_add_func ("/app/lifecycle/walk", test_walk);
  g_test_add_func ("/app/lifecycle/bulk-approve", test_bulk_approve);
  status = g_test_run ();

  procure_demo_server_stop (server);
  g_free (server_url);
  g_free (tmp_dir);
  return status;
}
