/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Real windows against a real demo server: every page renders with demo data
 * (screenshots in the build directory), the sign-in page shows a real
 * server's refusal inline, the editor validates, submits an order with a
 * price-plan override and the order appears in the list and the detail, and
 * every window finalizes.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-catalogue-page.h"
#include "procure-order-detail.h"
#include "procure-order-editor.h"
#include "procure-orders-page.h"
#include "procure-sign-in-page.h"
#include "procure-sims-page.h"
#include "procure-order-table.h"
#include "procure-test-util.h"
#include "procure-window.h"

static ProcureDemoServer *server;
static char *tmp_dir;
static char *server_url;
static ProcureSession *pat_session;

static ProcureWindow *
new_window (ProcureSession *session)
{
  ProcureWindow *window = procure_window_new (NULL, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (ProcureWindow *window)
{
  /* GTK's toplevel list holds the other reference: after destroy, ours is
   * the last one, and dropping it must finalize the window. */
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_sign_in_page (void)
{
  ProcureWindow *window = new_window (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  ProcureSignInField field = PROCURE_SIGN_IN_FIELD_NONE;

  g_assert_cmpstr (procure_window_get_face (window), ==, "sign-in");
  procure_window_show_sign_in (window, server_url, "pat");
  procure_test_screenshot (GTK_WIDGET (window), "sign-in");

  /* A wrong password, refused by the real server, is shown on the password. */
  error = procure_test_sign_in_error (server_url, "pat", "wrong");
  message = procure_sign_in_describe_error (error, &field);
  g_assert_cmpint (field, ==, PROCURE_SIGN_IN_FIELD_PASSWORD);
  procure_window_show_sign_in_error (window, error);
  g_assert_cmpstr (procure_window_get_face (window), ==, "sign-in");
  procure_test_screenshot (GTK_WIDGET (window), "sign-in-error");

  close_window (window);
}

static guint
count_form_factor (GListModel *products,
                   const char *form_factor)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(ProcureProductRow) row = g_list_model_get_item (products, i);

      n += procure_product_row_get_active (row) &&
           g_strcmp0 (procure_product_row_get_form_factor (row), form_factor) == 0;
    }
  return n;
}

static gboolean
page_shows_all (gpointer data)
{
  ProcureOrdersPage *page = data;
  ProcureWindow *window = PROCURE_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));
  ProcureSession *session = procure_window_get_session (window);
  GListModel *source = page == PROCURE_ORDERS_PAGE (procure_window_get_page (window, "inbox"))
                       ? procure_session_get_inbox (session) : procure_session_get_orders (session);

  return procure_orders_page_is_settled (page) &&
         g_list_model_get_n_items (procure_orders_page_get_model (page)) == g_list_model_get_n_items (source);
}

static gboolean
editor_open (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (PROCURE_IS_ORDER_EDITOR (item))
        return TRUE;
    }
  return FALSE;
}

static void
close_editors (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i - 1);

      if (PROCURE_IS_ORDER_EDITOR (item))
        gtk_window_destroy (GTK_WINDOW (item));
    }
}

static void
test_pages (void)
{
  ProcureWindow *window = new_window (pat_session);
  static const char *pages[] = { "catalogue", "orders", "inbox", "sims" };
  ProcureCataloguePage *catalogue;
  g_autoptr(ProcureProductRow) first = NULL;
  const char *form_factor;

  procure_window_show_main (window);
  g_assert_cmpstr (procure_window_get_face (window), ==, "main");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = procure_window_get_page (window, pages[i]);

      procure_window_show_page (window, pages[i]);
      /* Unfiltered lists show every row of the session's model. */
      if (PROCURE_IS_ORDERS_PAGE (page))
        procure_test_wait_for (page_shows_all, page, 10);
      procure_test_screenshot (GTK_WIDGET (window), pages[i]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (procure_orders_page_get_model (
                      PROCURE_ORDERS_PAGE (procure_window_get_page (window, "inbox")))), ==,
                    g_list_model_get_n_items (procure_session_get_inbox (pat_session)));
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_inbox (pat_session)), >, 0);

  /* The catalogue shows the account's products and filters them. */
  catalogue = PROCURE_CATALOGUE_PAGE (procure_window_get_page (window, "catalogue"));
  g_assert_cmpuint (g_list_model_get_n_items (procure_catalogue_page_get_model (catalogue)), >, 0);
  first = g_list_model_get_item (procure_session_get_products (pat_session), 0);
  form_factor = procure_product_row_get_form_factor (first);
  procure_catalogue_page_set_form_factor (catalogue, form_factor);
  g_assert_cmpuint (g_list_model_get_n_items (procure_catalogue_page_get_model (catalogue)), ==,
                    count_form_factor (procure_session_get_products (pat_session), form_factor));
  procure_catalogue_page_set_search_text (catalogue, "no product is called this");
  g_assert_cmpuint (g_list_model_get_n_items (procure_catalogue_page_get_model (catalogue)), ==, 0);
  procure_catalogue_page_set_search_text (catalogue, NULL);
  procure_catalogue_page_set_form_factor (catalogue, NULL);

  /* The actions behind Ctrl+F and Ctrl+N. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  procure_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                             GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-order", NULL));
  g_assert_true (editor_open ());
  close_editors ();

  close_window (window);
}

/* ---------- the editor ---------- */

typedef struct {
  char *order_id;
  const char *price_plan;
} Submitted;

static void
on_order_id_changed (ProcureSession *session,
                     const char     *local_id,
                     const char     *server_id,
                     Submitted      *submitted)
{
  if (g_strcmp0 (submitted->order_id, local_id) == 0)
    {
      g_free (submitted->order_id);
      submitted->order_id = g_strdup (server_id);
    }
}

static gboolean
order_submitted (gpointer data)
{
  Submitted *submitted = data;
  g_autoptr(ProcureOrder) order = NULL;

  if (procure_session_get_pending_count (pat_session) > 0)
    return FALSE;
  order = procure_session_get_order (pat_session, submitted->order_id);
  return order != NULL &&
         (order->status == PROCURE_STATUS_PENDING_APPROVAL ||
          order->status == PROCURE_STATUS_SUBMITTED);
}

static gboolean
model_has_order (GListModel *model,
                 const char *order_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureSlot) slot = g_list_model_get_item (model, i);
      ProcureOrderRow *row = procure_slot_get_item (slot);

      if (g_strcmp0 (procure_order_row_get_id (row), order_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
filter_settled (gpointer data)
{
  /* A big cache is filtered and sorted in the background. */
  return procure_orders_page_is_settled (PROCURE_ORDERS_PAGE (data));
}

/* An entitled price plan that is not the account default. */
static const char *
other_price_plan (const ProcureAccount *account)
{
  GStrv plans = account->entitlements->values[PROCURE_SETTING_PRICE_PLAN];

  for (guint i = 0; plans != NULL && plans[i] != NULL; i++)
    if (g_strcmp0 (plans[i], account->defaults->values[PROCURE_SETTING_PRICE_PLAN]) != 0)
      return plans[i];
  return NULL;
}

static void
test_editor_submit (void)
{
  ProcureWindow *window = new_window (pat_session);
  g_autoptr(ProcureProductRow) row = g_list_model_get_item (procure_session_get_products (pat_session), 0);
  g_autoptr(ProcureProduct) product = procure_session_get_product (pat_session, procure_product_row_get_id (row));
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  Submitted submitted = { NULL, NULL };
  ProcureOrderEditor *editor;
  ProcureOrdersPage *orders;
  gint64 expected;
  gulong handler;

  account = procure_session_get_account (pat_session, procure_session_get_user (pat_session)->account_id);
  g_assert_nonnull (account);
  g_assert_true (account->allow_default_override);
  submitted.price_plan = other_price_plan (account);
  g_assert_nonnull (submitted.price_plan);

  procure_window_show_main (window);
  editor = PROCURE_ORDER_EDITOR (procure_window_edit_order (window, NULL, product->id));
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_cmpuint (procure_order_editor_get_n_lines (editor), ==, 1);
  g_assert_true (procure_money_mul (product->unit_price, product->min_quantity, &expected));
  g_assert_cmpint (procure_order_editor_get_total (editor), ==, expected);

  /* Invalid input is caught before anything is sent. */
  procure_order_editor_set_quantity (editor, 0, product->max_quantity + product->quantity_multiple);
  g_assert_null (procure_order_editor_submit (editor, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (procure_error_get_field (error), ==, "lines[0].quantity");
  g_clear_error (&error);
  procure_test_screenshot (GTK_WIDGET (editor), "editor-error");

  procure_order_editor_set_quantity (editor, 0, product->min_quantity);
  procure_order_editor_select_address (editor, 0);
  g_assert_true (procure_order_editor_set_override (editor, PROCURE_SETTING_PRICE_PLAN,
                                                    submitted.price_plan));
  g_assert_false (procure_order_editor_set_override (editor, PROCURE_SETTING_PRICE_PLAN,
                                                     "not-an-entitled-plan"));
  procure_test_screenshot (GTK_WIDGET (editor), "editor");

  handler = g_signal_connect (pat_session, "order-id-changed", G_CALLBACK (on_order_id_changed), &submitted);
  submitted.order_id = procure_order_editor_submit (editor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (submitted.order_id);
  procure_test_wait_for (order_submitted, &submitted, 30);
  g_signal_handler_disconnect (pat_session, handler);

  /* The server kept the override; the order is in the list and the detail. */
  order = procure_session_get_order (pat_session, submitted.order_id);
  g_assert_cmpstr (order->overrides->values[PROCURE_SETTING_PRICE_PLAN], ==, submitted.price_plan);
  g_assert_cmpstr (order->effective->values[PROCURE_SETTING_PRICE_PLAN], ==, submitted.price_plan);
  orders = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "orders"));
  procure_window_show_page (window, "orders");
  procure_test_wait_for (filter_settled, orders, 10);
  g_assert_true (model_has_order (procure_orders_page_get_model (orders), submitted.order_id));
  procure_orders_page_set_status_filter (orders, PROCURE_STATUS_CLOSED);
  procure_test_wait_for (filter_settled, orders, 10);
  g_assert_false (model_has_order (procure_orders_page_get_model (orders), submitted.order_id));
  procure_orders_page_set_status_filter (orders, order->status);
  procure_test_wait_for (filter_settled, orders, 10);
  g_assert_true (model_has_order (procure_orders_page_get_model (orders), submitted.order_id));
  procure_orders_page_set_status_filter (orders, PROCURE_STATUS_INVALID);
  procure_test_screenshot (GTK_WIDGET (window), "orders-after-submit");

  procure_window_open_order (window, submitted.order_id);
  g_assert_cmpstr (procure_order_detail_get_order_id (
                     PROCURE_ORDER_DETAIL (procure_window_get_page (window, "detail"))),
                   ==, submitted.order_id);
  procure_test_screenshot (GTK_WIDGET (window), "detail");

  g_assert_null (editor);   /* closed on success */
  g_free (submitted.order_id);
  close_window (window);
}

static gboolean
is_offline (gpointer data)
{
  return procure_session_get_state (PROCURE_SESSION (data)) == PROCURE_SYNC_STATE_OFFLINE;
}

static gboolean
has_pending_row (GListModel *model,
                 const char *order_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureSlot) slot = g_list_model_get_item (model, i);
      ProcureOrderRow *row = procure_slot_get_item (slot);

      if (g_strcmp0 (procure_order_row_get_id (row), order_id) == 0)
        return procure_order_row_get_pending (row);
    }
  return FALSE;
}

static gboolean
orders_page_has_pending (gpointer data)
{
  ProcureOrdersPage *page = data;
  const char *order_id = g_object_get_data (G_OBJECT (page), "test-order-id");

  return has_pending_row (procure_orders_page_get_model (page), order_id);
}

static GtkWidget *top_row (ProcureOrdersPage *page);

/* Runs last: the server goes away. The banner shows, the cached data stays,
 * and a draft is still saved, queued in the outbox and marked pending. */
static void
test_offline (void)
{
  ProcureWindow *window = new_window (pat_session);
  g_autoptr(ProcureProductRow) row = g_list_model_get_item (procure_session_get_products (pat_session), 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *draft_id = NULL;
  ProcureOrderEditor *editor;
  ProcureOrdersPage *orders;
  guint n_orders = g_list_model_get_n_items (procure_session_get_orders (pat_session));

  procure_window_show_main (window);
  g_assert_false (procure_window_get_offline_banner (window));
  procure_demo_server_stop (server);
  procure_test_wait_for (is_offline, pat_session, 60);
  g_assert_true (procure_window_get_offline_banner (window));

  editor = PROCURE_ORDER_EDITOR (procure_window_edit_order (window, NULL,
                                                            procure_product_row_get_id (row)));
  procure_order_editor_select_address (editor, 0);
  draft_id = procure_order_editor_save_draft (editor, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (draft_id, "local-"));
  g_assert_cmpuint (procure_session_get_pending_count (pat_session), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (pat_session)), ==, n_orders + 1);

  orders = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "orders"));
  g_object_set_data_full (G_OBJECT (orders), "test-order-id", g_strdup (draft_id), g_free);
  procure_window_show_page (window, "orders");
  procure_test_wait_for (orders_page_has_pending, orders, 10);
  procure_test_screenshot (GTK_WIDGET (window), "offline");
  /* the newest order, on top: marked as waiting to be sent */
  {
    GtkWidget *top = top_row (orders);
    g_autofree char *label = NULL;

    g_assert_nonnull (top);
    g_assert_true (procure_order_row_view_get_pending (PROCURE_ORDER_ROW_VIEW (top)));
    g_object_get (top, "label", &label, NULL);
    g_assert_nonnull (strstr (label, ", Waiting to be sent, Draft, "));
  }
  close_window (window);
}

/* The first cell under @widget that opens its row on a single click. */
static GtkGesture *
find_open_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "procure-open-row") == 0)
        return GTK_GESTURE (controller);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkGesture *found = find_open_gesture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The topmost row on screen in @widget's tree (the first order's). */
static void
find_top_row (GtkWidget  *widget,
              GtkWidget  *view,
              GtkWidget **top,
              double     *top_y)
{
  double x, y;

  if (PROCURE_IS_ORDER_ROW_VIEW (widget) && gtk_widget_get_mapped (widget) &&
      gtk_widget_translate_coordinates (widget, view, 0, 0, &x, &y) && y < *top_y)
    {
      *top = widget;
      *top_y = y;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_top_row (child, view, top, top_y);
}

static GtkWidget *
top_row (ProcureOrdersPage *page)
{
  GtkWidget *view = gtk_widget_get_first_child (GTK_WIDGET (page));
  GtkWidget *top = NULL;
  double top_y = G_MAXDOUBLE;

  find_top_row (view, view, &top, &top_y);
  return top;
}

static const char *
row_status (GtkWidget *row)
{
  return procure_order_row_view_get_text (PROCURE_ORDER_ROW_VIEW (row), PROCURE_ORDER_COLUMN_STATUS);
}

/* A new search result refills the rows on screen: GTK 4.8 would build
 * every row anew for it (procure-slot-list.h). The first row keeps its
 * widgets and shows the first matching order; a selection does not move
 * onto the other order now shown there. */
static void
test_search_keeps_rows (void)
{
  ProcureWindow *window = new_window (pat_session);
  ProcureOrdersPage *orders;
  GListModel *model;
  GtkWidget *row;
  g_autoptr(ProcureSlot) first = NULL;
  ProcureStatus wanted = PROCURE_STATUS_INVALID;

  procure_window_show_main (window);
  procure_window_show_page (window, "orders");
  orders = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "orders"));
  procure_test_wait_for (page_shows_all, orders, 10);
  procure_test_wait_for_draw (GTK_WIDGET (window));
  model = procure_orders_page_get_model (orders);

  /* a status the first row does not have */
  first = g_list_model_get_item (model, 0);
  for (guint i = 1; i < g_list_model_get_n_items (model) && wanted == PROCURE_STATUS_INVALID; i++)
    {
      g_autoptr(ProcureSlot) slot = g_list_model_get_item (model, i);
      ProcureStatus status = procure_order_row_get_status (procure_slot_get_item (slot));

      if (status != procure_order_row_get_status (procure_slot_get_item (first)))
        wanted = status;
    }
  g_assert_cmpint (wanted, !=, PROCURE_STATUS_INVALID);

  row = top_row (orders);
  g_assert_nonnull (row);
  g_assert_cmpstr (row_status (row), ==,
                   procure_status_get_label (procure_order_row_get_status (procure_slot_get_item (first))));
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);

  procure_orders_page_set_status_filter (orders, wanted);
  procure_test_wait_for (filter_settled, orders, 10);
  procure_test_wait_for_draw (GTK_WIDGET (window));

  g_assert_nonnull (row);   /* the same widget... */
  g_assert_cmpstr (row_status (row), ==, procure_status_get_label (wanted));   /* ...showing the new first order */
  g_assert_true (top_row (orders) == row);
  {
    g_autoptr(ProcureSlot) now = g_list_model_get_item (model, 0);

    g_assert_true (now == first);
    g_assert_cmpint (procure_order_row_get_status (procure_slot_get_item (now)), ==, wanted);
  }
  g_assert_false (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (model), 0));

  g_object_remove_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  procure_orders_page_set_status_filter (orders, PROCURE_STATUS_INVALID);
  close_window (window);
}

/* A single click on an order row opens the order (not only a double click). */
static void
test_single_click_opens (void)
{
  ProcureWindow *window = new_window (pat_session);
  ProcureOrdersPage *orders;
  ProcureOrderDetail *detail;
  GtkGesture *gesture;
  const char *opened;

  procure_window_show_main (window);
  procure_window_show_page (window, "orders");
  orders = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "orders"));
  detail = PROCURE_ORDER_DETAIL (procure_window_get_page (window, "detail"));
  procure_test_wait_for (page_shows_all, orders, 10);
  procure_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (procure_orders_page_get_model (orders)), >, 0);
  g_assert_null (procure_order_detail_get_order_id (detail));

  gesture = find_open_gesture (GTK_WIDGET (orders));
  g_assert_nonnull (gesture);
  g_signal_emit_by_name (gesture, "released", 1, 5.0, 5.0);
  opened = procure_order_detail_get_order_id (detail);
  g_assert_nonnull (opened);
  g_assert_true (model_has_order (procure_orders_page_get_model (orders), opened));
  procure_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (detail)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (orders)));
  close_window (window);
}

static gboolean
sims_settled (gpointer data)
{
  return procure_sims_page_is_settled (PROCURE_SIMS_PAGE (data));
}

static gboolean
sims_loaded (gpointer data)
{
  return !procure_sim_list_get_loading (PROCURE_SIM_LIST (data));
}

typedef const char *(*SimField) (ProcureSimRow *row);

/* How many of @session's SIMs have @value in @field (the expected count). */
static guint
count_sims (ProcureSession *session,
            SimField        field,
            const char     *value)
{
  GListModel *sims = procure_session_get_sims (session);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (sims); i++)
    {
      g_autoptr(ProcureSimRow) row = g_list_model_get_item (sims, i);

      count += g_strcmp0 (field (row), value) == 0;
    }
  return count;
}

/* Every SIM the page shows has @value in @field, and there are @expected. */
static void
assert_sims_shown (ProcureSimsPage *page,
                   SimField         field,
                   const char      *value,
                   guint            expected)
{
  GListModel *model;

  procure_test_wait_for (sims_settled, page, 30);
  model = procure_sims_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureSimRow) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (field (row), ==, value);
    }
}

typedef struct {
  ProcureSimsPage *page;
  guint            expected;
  gboolean         at_least;
} SimsCount;

static gboolean
sims_count_is (gpointer data)
{
  SimsCount *want = data;

  guint n = g_list_model_get_n_items (procure_sims_page_get_model (want->page));

  return sims_settled (want->page) && (want->at_least ? n >= want->expected : n == want->expected);
}

/* Search (debounced) narrows the filtered SIMs by an ICCID/IMSI/MSISDN
 * prefix, in the same SQL query as the filters. */
static void
check_sims_search (ProcureSimsPage *page,
                   ProcureSimRow   *sim,
                   guint            filtered)
{
  g_autofree char *prefix = g_strndup (procure_sim_row_get_iccid (sim),
                                       strlen (procure_sim_row_get_iccid (sim)) - 1);
  SimsCount want = { page, 1, FALSE };
  g_autoptr(ProcureSimRow) shown = NULL;

  procure_sims_page_set_search_text (page, procure_sim_row_get_iccid (sim));
  procure_test_wait_for (sims_count_is, &want, 30);
  shown = g_list_model_get_item (procure_sims_page_get_model (page), 0);
  g_assert_cmpstr (procure_sim_row_get_iccid (shown), ==, procure_sim_row_get_iccid (sim));
  procure_sims_page_set_search_text (page, "no SIM starts like this");
  want.expected = 0;
  procure_test_wait_for (sims_count_is, &want, 30);
  /* A prefix: the SIM and maybe its neighbours, never more than the filter. */
  procure_sims_page_set_search_text (page, prefix);
  want.expected = 1;
  want.at_least = TRUE;
  procure_test_wait_for (sims_count_is, &want, 30);
  g_assert_cmpuint (g_list_model_get_n_items (procure_sims_page_get_model (page)), <=, filtered);
  procure_sims_page_set_search_text (page, NULL);
  want.at_least = FALSE;
  want.expected = filtered;
  procure_test_wait_for (sims_count_is, &want, 30);
}

/* The SIM inventory filters by order (PO number), product and, for agents,
 * account; each through a query of the client's cache. */
static void
test_sims_filters (void)
{
  ProcureWindow *window = new_window (pat_session);
  ProcureSimsPage *page = PROCURE_SIMS_PAGE (procure_window_get_page (window, "sims"));
  GListModel *all = procure_session_get_sims (pat_session);
  g_autoptr(ProcureSimRow) first = NULL;
  g_autoptr(ProcureSimRow) last = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureSession) sam = NULL;
  ProcureWindow *sam_window;
  ProcureSimsPage *sam_page;
  const char *account_id;
  guint total;

  /* the session reads its SIM ids off the main loop */
  procure_test_wait_for (sims_loaded, all, 30);
  total = g_list_model_get_n_items (all);
  procure_window_show_main (window);
  procure_window_show_page (window, "sims");
  g_assert_cmpuint (total, >, 0);
  first = g_list_model_get_item (all, 0);
  last = g_list_model_get_item (all, total - 1);
  g_assert_false (procure_sims_page_get_account_filter_visible (page));   /* pat is a purchaser */

  procure_sims_page_set_product_filter (page, procure_sim_row_get_product_id (last));
  assert_sims_shown (page, procure_sim_row_get_product_id, procure_sim_row_get_product_id (last),
                     count_sims (pat_session, procure_sim_row_get_product_id, procure_sim_row_get_product_id (last)));
  procure_test_screenshot (GTK_WIDGET (window), "sims-by-product");
  check_sims_search (page, last,
                     count_sims (pat_session, procure_sim_row_get_product_id, procure_sim_row_get_product_id (last)));
  procure_sims_page_set_product_filter (page, NULL);

  order = procure_session_get_order (pat_session, procure_sim_row_get_order_id (first));
  g_assert_nonnull (order);
  g_assert_nonnull (order->number);
  procure_sims_page_set_order_filter (page, order->number);
  assert_sims_shown (page, procure_sim_row_get_order_id, order->id,
                     count_sims (pat_session, procure_sim_row_get_order_id, order->id));
  /* An unknown PO number keeps the previous filter. */
  procure_sims_page_set_order_filter (page, "999999999999999999");
  assert_sims_shown (page, procure_sim_row_get_order_id, order->id,
                     count_sims (pat_session, procure_sim_row_get_order_id, order->id));
  procure_sims_page_set_order_filter (page, NULL);
  procure_test_wait_for (sims_settled, page, 30);
  g_assert_cmpuint (g_list_model_get_n_items (procure_sims_page_get_model (page)), ==, total);
  close_window (window);

  /* sam, an agent, sees every account's SIMs and filters by account. */
  sam = procure_test_sign_in (server_url, tmp_dir, "sam");
  procure_test_wait_for (sims_loaded, procure_session_get_sims (sam), 30);
  sam_window = new_window (sam);
  sam_page = PROCURE_SIMS_PAGE (procure_window_get_page (sam_window, "sims"));
  procure_window_show_main (sam_window);
  procure_window_show_page (sam_window, "sims");
  g_assert_true (procure_sims_page_get_account_filter_visible (sam_page));
  account_id = procure_sim_row_get_account_id (first);
  procure_sims_page_set_account_filter (sam_page, account_id);
  assert_sims_shown (sam_page, procure_sim_row_get_account_id, account_id,
                     count_sims (sam, procure_sim_row_get_account_id, account_id));
  g_assert_cmpuint (count_sims (sam, procure_sim_row_get_account_id, account_id), <,
                    g_list_model_get_n_items (procure_session_get_sims (sam)));
  procure_test_screenshot (GTK_WIDGET (sam_window), "sims-by-account");
  close_window (sam_window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  tmp_dir = g_dir_make_tmp ("procure-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  server = procure_test_start_server (tmp_dir, &server_url);
  pat_session = procure_test_sign_in (server_url, tmp_dir, "pat");

  g_test_add_func ("/app/window/sign-in-page", test_sign_in_page);
  g_test_add_func ("/app/window/pages", test_pages);
  g_test_add_func ("/app/window/single-click-opens", test_single_click_opens);
  g_test_add_func ("/app/window/search-keeps-rows", test_search_keeps_rows);
  g_test_add_func ("/app/window/editor-submit", test_editor_submit);
  g_test_add_func ("/app/window/sims-filters", test_sims_filters);
  g_test_add_func ("/app/window/offline", test_offline);
  status = g_test_run ();

  g_clear_object (&pat_session);
  procure_demo_server_stop (server);
  g_clear_object (&server);
  g_free (server_url);
  g_free (tmp_dir);
  return status;
}
