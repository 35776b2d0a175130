/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-background.c: the app after its last window closed.
 *
 * The real ProcureApplication runs in-process (g_application_run) under
 * Xvfb on the private session bus of tests/client/run-with-session.sh: a
 * real Secret Service and python3-dbusmock's notification daemon, whose
 * call log is $PROCURE_NOTIFY_LOG. It signs in as pat to a real
 * `procure-server --demo`; pat (from a second session) raises and submits
 * an order; the window closes; morgan approves. Checked:
 *
 *  - background sync: the app goes on running without a window, syncs, and
 *    pat's notification reaches the daemon; the app quits on its own the
 *    configured time (PROCURE_BACKGROUND_SYNC_SECONDS) after the close;
 *  - "Open" on that notification (the daemon emits ActionInvoked) brings a
 *    window back, on that order's detail, and cancels the countdown;
 *  - 0 quits as soon as the window closes;
 *  - no toplevel of the app is ever hidden but alive: GTK 4.8's AT-SPI
 *    root answers an index past the visible windows with the last
 *    toplevel, and a hidden one (the help overlay GtkApplication builds for
 *    every window) crashed the app (SIGSEGV in g_variant_new_object_path).
 *
 * Each case runs in a subprocess: one application per process.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "procure-application.h"
#include "procure-order-detail.h"
#include "procure-test-util.h"
#include "test-notify-log.h"
#include "procure-window.h"

/* Background time in the cases that keep syncing: long enough for the
 * approval to be pushed, pulled and notified (coalesced 2 s) on a loaded
 * machine, short enough for a test. */
#define BACKGROUND_SECONDS 10

typedef struct {
  guint               seconds;
  gboolean            open_from_notification;
  char               *dir;
  char               *url;
  ProcureDemoServer  *server;
  ProcureApplication *app;
  ProcureSession     *pat;       /* pat's second session, raising the order */
  ProcureSession     *morgan;
  char               *order_id;
  gint64              closed_at; /* monotonic µs of the last window close */
  guint               calls_before;
  guint               poll_id;
  gboolean            started;
  gboolean            done;
} Scenario;

/* ---------- the notification daemon ---------- */

/* The daemon reports a click on @action, as a desktop would. */
static void
invoke_action (guint       notification_id,
               const char *action)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder args;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", g_variant_new_uint32 (notification_id));
  g_variant_builder_add (&args, "v", g_variant_new_string (action));
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "EmitSignal",
                                       g_variant_new ("(sssav)", "org.freedesktop.Notifications",
                                                      "ActionInvoked", "us", &args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

/* ---------- the order ---------- */

/* An order of pat's account of at least 2,000.00 EUR (approval from
 * 1,000.00): the first active product, enough of it. */
static ProcureOrderRequest *
order_request (ProcureSession *session)
{
  const gint64 at_least = 200000;
  ProcureOrderRequest *request = procure_order_request_new ();
  ProcureAccount *account = procure_session_get_user_account (session);
  GListModel *products = procure_session_get_products (session);

  g_assert_nonnull (account);
  request->has_lines = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (products) && request->lines->len == 0; i++)
    {
      g_autoptr(ProcureProductRow) row = g_list_model_get_item (products, i);
      g_autoptr(ProcureProduct) product = procure_session_get_product (session, procure_product_row_get_id (row));
      ProcureLineRequest *line;
      gint64 quantity;

      if (product == NULL || !product->active || product->unit_price <= 0)
        continue;
      quantity = MAX (product->min_quantity, (at_least + product->unit_price - 1) / product->unit_price);
      if (product->quantity_multiple > 1)
        quantity = (quantity + product->quantity_multiple - 1) / product->quantity_multiple * product->quantity_multiple;
      if (product->max_quantity > 0 && quantity > product->max_quantity)
        continue;
      line = procure_line_request_new ();
      line->product_id = g_strdup (product->id);
      line->quantity = quantity;
      g_ptr_array_add (request->lines, line);
    }
  g_assert_cmpuint (request->lines->len, ==, 1);
  request->has_shipping_address = TRUE;
  request->shipping_address = procure_address_copy (g_ptr_array_index (account->addresses, 0));
  g_clear_pointer (&request->shipping_address->id, g_free);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = procure_date_today_string (14);
  request->has_notes = TRUE;
  request->notes = g_strdup ("Background sync test order");
  return request;
}

static void
on_order_id_changed (ProcureSession *session,
                     const char     *local_id,
                     const char     *server_id,
                     char          **out_id)
{
  g_free (*out_id);
  *out_id = g_strdup (server_id);
}

static gboolean
outbox_sent (gpointer data)
{
  return procure_session_get_pending_count (data) == 0;
}

static gboolean
has_string (gpointer data)
{
  return *(char **) data != NULL;
}

/* pat raises an order and submits it; returns its server id. */
static char *
raise_order (ProcureSession *pat)
{
  g_autoptr(ProcureOrderRequest) request = order_request (pat);
  g_autoptr(GError) error = NULL;
  g_autofree char *local_id = NULL;
  char *order_id = NULL;
  gulong handler;

  handler = g_signal_connect (pat, "order-id-changed", G_CALLBACK (on_order_id_changed), &order_id);
  local_id = procure_session_create_order (pat, request, &error);
  g_assert_no_error (error);
  procure_test_wait_for (has_string, &order_id, 20);
  g_signal_handler_disconnect (pat, handler);
  g_assert_true (procure_session_order_action (pat, order_id, PROCURE_ACTION_SUBMIT, NULL, &error));
  g_assert_no_error (error);
  procure_test_wait_for (outbox_sent, pat, 20);
  return order_id;
}

typedef struct {
  ProcureSession *session;
  const char     *order_id;
  ProcureStatus   status;
} OrderState;

static gboolean
order_has_status (gpointer data)
{
  OrderState *state = data;
  g_autoptr(ProcureOrder) order = procure_session_get_order (state->session, state->order_id);

  return order != NULL && order->status == state->status;
}

static void
wait_order_status (ProcureSession *session,
                   const char     *order_id,
                   ProcureStatus   status)
{
  OrderState state = { session, order_id, status };

  procure_test_wait_for (order_has_status, &state, 30);
}

/* ---------- the app ---------- */

static gboolean
app_signed_in (gpointer data)
{
  Scenario *s = data;
  ProcureSession *session = procure_application_get_session (s->app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (s->app));

  return session != NULL && procure_session_get_signed_in (session) &&
         procure_session_get_last_synced (session) != NULL &&
         window != NULL && g_strcmp0 (procure_window_get_face (PROCURE_WINDOW (window)), "main") == 0;
}

static gboolean
shows_order (gpointer data)
{
  Scenario *s = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (s->app));
  GtkWidget *detail;

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  detail = procure_window_get_page (PROCURE_WINDOW (window), "detail");
  return gtk_widget_get_mapped (detail) &&
         g_strcmp0 (procure_order_detail_get_order_id (PROCURE_ORDER_DETAIL (detail)), s->order_id) == 0;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop for @seconds. */
static void
linger (double seconds)
{
  gboolean over = FALSE;

  g_timeout_add ((guint) (seconds * 1000), set_true, &over);
  procure_test_wait_for (is_true, &over, (guint) seconds + 5);
}

static double
seconds_since (gint64 then)
{
  return (g_get_monotonic_time () - then) / (double) G_USEC_PER_SEC;
}

static void
close_window (Scenario *s)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (s->app));

  g_assert_nonnull (window);
  gtk_window_close (window);
  s->closed_at = g_get_monotonic_time ();
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (s->app)));
}

/* Opens the notification's order from the daemon while no window is open. */
static void
open_from_notification (Scenario *s)
{
  g_autofree char *line = test_notify_last_line ();

  g_assert_nonnull (strstr (line, "[\"open\", \"Open\"]"));
  invoke_action (test_notify_count_calls (), "open");
  procure_test_wait_for (shows_order, s, 15);
  procure_test_screenshot (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (s->app))),
                           "background-open-order");
  /* The countdown of the first close is off: the window keeps the app. */
  linger (MAX (0.0, s->seconds + 1.0 - seconds_since (s->closed_at)));
  g_assert_true (shows_order (s));
  close_window (s);
}

/* The notification has reached the daemon: check it, then (if asked)
 * open its order from it. */
static void
check_notification (Scenario *s)
{
  g_autofree char *line = test_notify_last_line ();

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (s->app)));
  g_assert_cmpfloat (seconds_since (s->closed_at), <, s->seconds);
  g_printerr ("# notified without a window after %.1f s: %s\n", seconds_since (s->closed_at), line);
  g_assert_nonnull (strstr (line, procure_status_get_label (PROCURE_STATUS_SUBMITTED)));
  g_assert_nonnull (strstr (line, procure_session_get_user (s->morgan)->name));
  if (s->open_from_notification)
    open_from_notification (s);
  s->done = TRUE;
}

/* Polled from the application's own main loop (no nested wait holds the
 * app): should it quit before the notification, g_application_run()
 * returns with the scenario unfinished. */
static gboolean
poll_notified_cb (gpointer data)
{
  Scenario *s = data;

  if (test_notify_count_calls () == s->calls_before)
    return G_SOURCE_CONTINUE;
  s->poll_id = 0;
  check_notification (s);
  return G_SOURCE_REMOVE;
}

/* No window: morgan's approval must still reach pat's desktop. */
static gboolean
approve_cb (gpointer data)
{
  Scenario *s = data;
  g_autoptr(GError) error = NULL;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (s->app)));
  g_assert_true (procure_session_order_action (s->morgan, s->order_id, PROCURE_ACTION_APPROVE,
                                               NULL, &error));
  g_assert_no_error (error);
  s->poll_id = g_timeout_add (100, poll_notified_cb, s);
  return G_SOURCE_REMOVE;
}

/* Signs in, raises the order, closes the window. Runs inside the
 * application's main loop; its waits iterate that loop while the window
 * still holds the app. */
static gboolean
scenario_cb (gpointer data)
{
  Scenario *s = data;
  g_autofree char *pat_dir = g_build_filename (s->dir, "pat", NULL);
  g_autofree char *morgan_dir = g_build_filename (s->dir, "morgan", NULL);

  procure_application_sign_in (s->app, s->url, "pat", "demo");
  procure_test_wait_for (app_signed_in, s, 60);

  s->pat = procure_test_sign_in (s->url, pat_dir, "pat");
  s->morgan = procure_test_sign_in (s->url, morgan_dir, "morgan");
  s->order_id = raise_order (s->pat);
  wait_order_status (procure_application_get_session (s->app), s->order_id,
                     PROCURE_STATUS_PENDING_APPROVAL);
  wait_order_status (s->morgan, s->order_id, PROCURE_STATUS_PENDING_APPROVAL);

  s->calls_before = test_notify_count_calls ();
  close_window (s);
  if (s->seconds == 0)
    s->done = TRUE;   /* the app must now quit at once */
  else
    g_timeout_add (500, approve_cb, s);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             Scenario     *s)
{
  if (s->started)
    return;
  s->started = TRUE;
  g_idle_add (scenario_cb, s);
}

static gboolean
guard_cb (gpointer data)
{
  g_error ("the application did not quit");
  return G_SOURCE_REMOVE;
}

static void
run_scenario (guint    seconds,
              gboolean open)
{
  Scenario s = { .seconds = seconds, .open_from_notification = open };
  g_autofree char *value = g_strdup_printf ("%u", seconds);
  g_autoptr(GError) error = NULL;
  double after_close;
  guint guard;
  int status;

  g_setenv ("PROCURE_BACKGROUND_SYNC_SECONDS", value, TRUE);
  s.dir = g_dir_make_tmp ("procure-background-XXXXXX", &error);
  g_assert_no_error (error);
  s.server = procure_test_start_server (s.dir, &s.url);
  s.app = procure_application_new ();
  g_signal_connect_after (s.app, "activate", G_CALLBACK (on_activate), &s);
  guard = g_timeout_add_seconds (180 + 3 * seconds, guard_cb, NULL);

  status = g_application_run (G_APPLICATION (s.app), 0, NULL);
  after_close = seconds_since (s.closed_at);

  g_source_remove (guard);
  g_clear_handle_id (&s.poll_id, g_source_remove);
  g_assert_cmpint (status, ==, 0);
  if (!s.done)
    g_error ("the application quit %.1f s after its window closed, before pat was notified",
             after_close);
  g_printerr ("# quit %.1f s after the last window closed (background %u s)\n", after_close, seconds);
  if (seconds == 0)
    g_assert_cmpfloat (after_close, <, 2.0);
  else
    {
      g_assert_cmpfloat (after_close, >=, seconds - 0.5);
      g_assert_cmpfloat (after_close, <, seconds + 5.0);
    }

  g_clear_object (&s.app);
  g_clear_object (&s.pat);
  g_clear_object (&s.morgan);
  procure_demo_server_stop (s.server);
  g_clear_object (&s.server);
  g_free (s.order_id);
  g_free (s.url);
  g_free (s.dir);
}

static void
test_keeps_syncing (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (BACKGROUND_SECONDS, FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_open_from_notification (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (BACKGROUND_SECONDS, TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_zero_quits_at_once (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (0, FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---------- no hidden toplevels ---------- */

static gboolean
all_toplevels_visible (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (window))
        {
          g_printerr ("# hidden toplevel: %s\n", G_OBJECT_TYPE_NAME (window));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
n_toplevels_is (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == GPOINTER_TO_UINT (data);
}

static gboolean
window_mapped (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
toplevels_cb (gpointer data)
{
  GtkApplication *app = data;
  GtkWindow *window;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GtkWindow) shortcuts = NULL;

  procure_test_wait_for (window_mapped, app, 30);
  window = gtk_application_get_active_window (app);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, 1);
  g_assert_true (all_toplevels_visible ());

  /* The keyboard shortcuts still open, as a window of their own that is
   * gone again once closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  procure_test_wait_for (n_toplevels_is, GUINT_TO_POINTER (2), 10);
  shortcuts = g_list_model_get_item (toplevels, 1);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  g_assert_true (gtk_window_get_transient_for (shortcuts) == window);
  g_assert_true (all_toplevels_visible ());
  gtk_window_close (shortcuts);
  procure_test_wait_for (n_toplevels_is, GUINT_TO_POINTER (1), 10);
  g_assert_true (all_toplevels_visible ());

  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
on_activate_toplevels (GApplication *app,
                       gboolean     *started)
{
  if (*started)
    return;
  *started = TRUE;
  g_idle_add (toplevels_cb, app);
}

static void
test_no_hidden_toplevels (void)
{
  g_autoptr(ProcureApplication) app = NULL;
  gboolean started = FALSE;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  app = procure_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_toplevels), &started);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (started);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/background/keeps-syncing", test_keeps_syncing);
  g_test_add_func ("/app/background/open-from-notification", test_open_from_notification);
  g_test_add_func ("/app/background/zero-quits-at-once", test_zero_quits_at_once);
  g_test_add_func ("/app/windows/no-hidden-toplevels", test_no_hidden_toplevels);
  return g_test_run ();
}
