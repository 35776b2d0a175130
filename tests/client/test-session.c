/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ProcureSession against the real procure-server, on the private session
 * bus of run-with-session.sh (real Secret Service, dbusmock notification
 * daemon whose log is $PROCURE_NOTIFY_LOG).
 */
#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include <glib/gstdio.h>

#include "procure-client.h"
#include "client-test-server.h"
#include "test-notify-log.h"

typedef struct {
  TestServer server;
  char      *cache_dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  if (!test_server_start (&fixture->server))
    return;
  fixture->cache_dir = g_build_filename (fixture->server.dir, "cache", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_server_free (&fixture->server);
  g_free (fixture->cache_dir);
}

#define REQUIRE_SERVER(fixture) G_STMT_START { if ((fixture)->server.url == NULL) return; } G_STMT_END

/* ---------- helpers ---------- */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static ProcureSession *
new_session (Fixture         *fixture,
             ProcureNotifier *notifier)
{
  return procure_session_new (fixture->server.url, fixture->cache_dir, notifier);
}

static void
sign_in (ProcureSession *session,
         const char     *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  procure_session_sign_in_async (session, login, "demo", NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (procure_session_sign_in_finish (session, result, &error));
  g_assert_no_error (error);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE, 10);
}

static void
sign_out (ProcureSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  procure_session_sign_out_async (session, NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (procure_session_sign_out_finish (session, result, &error));
  g_assert_no_error (error);
}

static ProcureOrderRow *
find_row (GListModel *model,
          const char *order_id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (model, i);
      if (g_strcmp0 (procure_order_row_get_id (row), order_id) == 0)
        return row;   /* the model keeps it alive */
    }
  return NULL;
}

static ProcureStatus
row_status (ProcureSession *session,
            const char     *order_id)
{
  ProcureOrderRow *row = find_row (procure_session_get_orders (session), order_id);

  return row ? procure_order_row_get_status (row) : PROCURE_STATUS_INVALID;
}

/* A line of the first active product of the user's catalogue, with a
 * quantity whose total reaches @at_least minor units. */
static ProcureLineRequest *
line_for (ProcureSession *session,
          gint64          at_least)
{
  GListModel *products = procure_session_get_products (session);
  ProcureLineRequest *line = g_new0 (ProcureLineRequest, 1);

  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(ProcureProductRow) row = g_list_model_get_item (products, i);
      g_autoptr(ProcureProduct) product = procure_session_get_product (session, procure_product_row_get_id (row));
      gint64 quantity;

      if (product == NULL || !product->active || product->unit_price <= 0)
        continue;
      quantity = MAX (product->min_quantity, (at_least + product->unit_price - 1) / product->unit_price);
      if (product->quantity_multiple > 1)
        quantity = (quantity + product->quantity_multiple - 1) / product->quantity_multiple * product->quantity_multiple;
      if (product->max_quantity > 0 && quantity > product->max_quantity)
        continue;
      line->product_id = g_strdup (product->id);
      line->quantity = quantity;
      return line;
    }
  g_error ("no product fits an order of %" G_GINT64_FORMAT, at_least);
}

static void
line_request_free (gpointer data)
{
  ProcureLineRequest *line = data;

  g_free (line->product_id);
  g_free (line);
}

static ProcureOrderRequest *
order_request (ProcureSession *session,
               gint64          at_least)
{
  ProcureOrderRequest *request = procure_order_request_new ();
  ProcureAccount *account = procure_session_get_user_account (session);

  g_assert_nonnull (account);
  request->has_lines = TRUE;
  if (request->lines == NULL)
    request->lines = g_ptr_array_new_with_free_func (line_request_free);
  g_ptr_array_add (request->lines, line_for (session, at_least));
  request->has_shipping_address = TRUE;
  request->shipping_address = procure_address_copy (g_ptr_array_index (account->addresses, 0));
  g_clear_pointer (&request->shipping_address->id, g_free);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = procure_date_today_string (14);
  request->has_notes = TRUE;
  request->notes = g_strdup ("Client test order");
  return request;
}

/* Creates an order through the session's outbox and waits for its server id. */
static char *
create_order (ProcureSession *session,
              gint64          at_least)
{
  g_autoptr(ProcureOrderRequest) request = order_request (session, at_least);
  g_autoptr(GError) error = NULL;
  g_autofree char *local_id = procure_session_create_order (session, request, &error);
  ProcureOrderRow *row;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (local_id, "local-"));
  TEST_WAIT_UNTIL (procure_session_get_pending_count (session) == 0, 10);
  g_assert_null (find_row (procure_session_get_orders (session), local_id));
  row = g_list_model_get_item (procure_session_get_orders (session), 0);
  g_object_unref (row);   /* newest first: our order */
  g_assert_false (g_str_has_prefix (procure_order_row_get_id (row), "local-"));
  return g_strdup (procure_order_row_get_id (row));
}

static void
act (ProcureSession       *session,
     const char           *order_id,
     ProcureAction         action,
     ProcureActionRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (procure_session_order_action (session, order_id, action, request, &error));
  g_assert_no_error (error);
  TEST_WAIT_UNTIL (procure_session_get_pending_count (session) == 0, 10);
}

static gboolean
last_notify_has (const char *text)
{
  g_autofree char *line = test_notify_last_line ();

  return line != NULL && strstr (line, text) != NULL;
}

/* ---------- tests ---------- */

static void
test_first_sync_fills_cache (Fixture       *fixture,
                             gconstpointer  data)
{
  ProcureSession *session;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) server_orders = NULL;
  g_autoptr(GAsyncResult) restored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  ProcureAccount *account;
  guint n_orders;

  REQUIRE_SERVER (fixture);
  session = new_session (fixture, NULL);
  sign_in (session, "pat");

  token = test_login_token (&fixture->server, "pat");
  server_orders = test_list_orders (&fixture->server, token);
  n_orders = g_list_model_get_n_items (procure_session_get_orders (session));
  g_assert_cmpuint (server_orders->len, >, 0);
  g_assert_cmpuint (n_orders, ==, server_orders->len);
  g_assert_cmpuint (procure_cache_count_orders (procure_session_get_cache (session)), ==, n_orders);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_products (session)), >, 0);
  g_assert_nonnull (procure_session_get_last_synced (session));
  account = procure_session_get_user_account (session);
  g_assert_nonnull (account);
  g_assert_cmpstr (account->id, ==, procure_session_get_user (session)->account_id);
  /* Every order of the server is in the cache, whole. */
  for (guint i = 0; i < server_orders->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (server_orders, i));
      const char *id = json_object_get_string_member (object, "id");
      g_autoptr(ProcureOrder) cached = procure_session_get_order (session, id);

      g_assert_nonnull (cached);
      g_assert_cmpint (cached->version, ==, json_object_get_int_member (object, "version"));
      g_assert_cmpstr (procure_status_to_string (cached->status), ==,
                       json_object_get_string_member (object, "status"));
    }
  g_assert_finalize_object (session);

  /* A restart restores from the Secret Service and shows the cache at once,
   * before any network. */
  session = new_session (fixture, NULL);
  procure_session_restore_async (session, "pat", NULL, store_result, &restored);
  TEST_WAIT_UNTIL (restored != NULL, 10);
  g_assert_true (procure_session_restore_finish (session, restored, &error));
  g_assert_no_error (error);
  g_clear_object (&restored);   /* the task holds the session */
  g_assert_cmpstr (procure_session_get_user (session)->login, ==, "pat");
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE, 10);

  /* Signing out clears the token from the keyring. */
  sign_out (session);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, 0);
  g_assert_false (procure_session_get_signed_in (session));
  procure_credentials_lookup_async (fixture->server.url, "pat", NULL, store_result, &looked_up);
  TEST_WAIT_UNTIL (looked_up != NULL, 10);
  left = procure_credentials_lookup_finish (looked_up, &error);
  g_assert_no_error (error);
  g_assert_null (left);
  g_assert_finalize_object (session);
}

typedef struct {
  guint position, removed, added, calls;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChanged *seen = user_data;

  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->calls++;
}

static void
on_status_notify (GObject    *row,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  *(guint *) user_data += 1;
}

static void
test_push_within_a_second (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ProcureSession) morgan = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) submitted = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *body = NULL;
  g_autofree char *ship_date = procure_date_today_string (10);
  g_autofree char *version = NULL;
  const char *order_id;
  ProcureOrderRow *row;
  ItemsChanged changes = { 0 };
  guint status_notifies = 0;
  guint status = 0;

  REQUIRE_SERVER (fixture);
  morgan = new_session (fixture, NULL);
  sign_in (morgan, "morgan");
  g_signal_connect (procure_session_get_orders (morgan), "items-changed",
                    G_CALLBACK (on_items_changed), &changes);

  /* Pat, on another device, raises a 2,000.00 EUR order and submits it. */
  token = test_login_token (&fixture->server, "pat");
  body = g_strdup_printf ("{\"lines\":[{\"product_id\":\"prd-1\",\"quantity\":800}],"
                          "\"address_id\":\"adr-1\",\"requested_ship_date\":\"%s\"}", ship_date);
  created = test_http (&fixture->server, "POST", "/api/v1/orders", token, body, NULL, &status);
  g_assert_cmpuint (status, ==, 201);
  order_id = json_object_get_string_member (json_node_get_object (created), "id");
  version = g_strdup_printf ("%" G_GINT64_FORMAT,
                             json_object_get_int_member (json_node_get_object (created), "version"));
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_DRAFT, 5);
  /* The new order arrived as one insertion at the top (newest first). */
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  row = find_row (procure_session_get_orders (morgan), order_id);
  g_signal_connect (row, "notify::status", G_CALLBACK (on_status_notify), &status_notifies);

  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/actions/submit", order_id);
  timer = g_timer_new ();
  submitted = test_http (&fixture->server, "POST", path, token, "{}", version, &status);
  g_assert_cmpuint (status, ==, 200);
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_PENDING_APPROVAL, 5);
  g_test_message ("push reached the client after %.3f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.0 * test_timeout_scale ());
  /* Updated in place: the same row object notified, the list untouched. */
  g_assert_cmpuint (status_notifies, ==, 1);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_true (find_row (procure_session_get_orders (morgan), order_id) == row);
  /* It waits on Morgan now. */
  g_assert_nonnull (find_row (procure_session_get_inbox (morgan), order_id));
}

static void
on_order_id_changed (ProcureSession *session,
                     const char     *local_id,
                     const char     *server_id,
                     gpointer        user_data)
{
  char **out = user_data;

  g_free (*out);
  *out = g_strdup (server_id);
}

static void
test_offline_queue_sent_once (Fixture       *fixture,
                              gconstpointer  data)
{
  ProcureSession *session;
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) restored = NULL;
  g_autofree char *token = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *server_id = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  ProcureOrderRow *row;

  REQUIRE_SERVER (fixture);
  token = test_login_token (&fixture->server, "pat");
  before = test_list_orders (&fixture->server, token);

  session = new_session (fixture, NULL);
  sign_in (session, "pat");
  request = order_request (session, 1);

  test_server_stop (&fixture->server);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_OFFLINE, 10);

  /* Offline: the order and its submission queue up and show as pending. */
  local_id = procure_session_create_order (session, request, &error);
  g_assert_no_error (error);
  row = find_row (procure_session_get_orders (session), local_id);
  g_assert_nonnull (row);
  g_assert_true (procure_order_row_get_pending (row));
  g_assert_true (procure_session_order_action (session, local_id, PROCURE_ACTION_SUBMIT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (procure_session_get_pending_count (session), ==, 2);

  /* The app quits while offline... */
  g_assert_finalize_object (session);

  /* ...the server comes back, the app starts again from the keyring. */
  test_server_restart (&fixture->server);
  session = new_session (fixture, NULL);
  g_signal_connect (session, "order-id-changed", G_CALLBACK (on_order_id_changed), &server_id);
  procure_session_restore_async (session, "pat", NULL, store_result, &restored);
  TEST_WAIT_UNTIL (restored != NULL, 10);
  g_assert_true (procure_session_restore_finish (session, restored, &error));
  g_clear_object (&restored);
  g_assert_cmpuint (procure_session_get_pending_count (session), ==, 2);
  g_assert_nonnull (find_row (procure_session_get_orders (session), local_id));

  TEST_WAIT_UNTIL (procure_session_get_pending_count (session) == 0, 30);
  g_assert_nonnull (server_id);
  g_assert_null (find_row (procure_session_get_orders (session), local_id));
  TEST_WAIT_UNTIL (row_status (session, server_id) == PROCURE_STATUS_SUBMITTED, 5);
  g_assert_false (procure_order_row_get_pending (find_row (procure_session_get_orders (session), server_id)));

  /* Exactly one order reached the server, submitted once. */
  g_free (token);
  token = test_login_token (&fixture->server, "pat");
  after = test_list_orders (&fixture->server, token);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  order = procure_session_get_order (session, server_id);
  g_assert_nonnull (order);
  g_assert_cmpint (order->status, ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpuint (order->history->len, ==, 2);   /* created, submitted */
  g_assert_finalize_object (session);
}

typedef struct {
  char         *order_id;
  ProcureOrder *server_version;
  GError       *error;
} Conflict;

static void
on_conflict (ProcureSession *session,
             const char     *order_id,
             ProcureOrder   *server_version,
             GError         *error,
             gpointer        user_data)
{
  Conflict *conflict = user_data;

  conflict->order_id = g_strdup (order_id);
  conflict->server_version = server_version ? procure_order_ref (server_version) : NULL;
  conflict->error = g_error_copy (error);
}

static void
test_stale_version_conflict (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(ProcureSession) session = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *version = NULL;
  g_autoptr(ProcureOrder) cached = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(GError) error = NULL;
  Conflict conflict = { 0 };
  guint status = 0;

  REQUIRE_SERVER (fixture);
  session = new_session (fixture, NULL);
  sign_in (session, "pat");
  g_signal_connect (session, "conflict", G_CALLBACK (on_conflict), &conflict);
  order_id = create_order (session, 1);
  cached = procure_session_get_order (session, order_id);

  /* Pat edits the draft elsewhere; this client has not heard yet (the
   * synchronous call does not run our main loop). */
  token = test_login_token (&fixture->server, "pat");
  path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  version = g_strdup_printf ("%" G_GINT64_FORMAT, cached->version);
  patched = test_http (&fixture->server, "PATCH", path, token, "{\"notes\":\"Changed elsewhere\"}",
                       version, &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (procure_session_order_action (session, order_id, PROCURE_ACTION_SUBMIT, NULL, &error));
  g_assert_no_error (error);
  TEST_WAIT_UNTIL (conflict.order_id != NULL, 10);
  g_assert_cmpstr (conflict.order_id, ==, order_id);
  g_assert_error (conflict.error, PROCURE_API_ERROR, PROCURE_API_ERROR_PRECONDITION);
  g_assert_cmpuint (procure_api_error_get_http_status (conflict.error), ==, 412);
  g_assert_nonnull (conflict.server_version);
  g_assert_cmpint (conflict.server_version->version, ==, cached->version + 1);
  g_assert_cmpstr (conflict.server_version->notes, ==, "Changed elsewhere");
  g_assert_cmpint (conflict.server_version->status, ==, PROCURE_STATUS_DRAFT);
  /* Held, not lost. */
  g_assert_cmpuint (procure_session_get_pending_count (session), ==, 1);

  /* The user submits anyway, on top of the server's version. */
  procure_session_resolve_conflict (session, order_id, TRUE);
  TEST_WAIT_UNTIL (procure_session_get_pending_count (session) == 0, 10);
  TEST_WAIT_UNTIL (row_status (session, order_id) == PROCURE_STATUS_SUBMITTED, 5);

  g_free (conflict.order_id);
  g_clear_pointer (&conflict.server_version, procure_order_unref);
  g_clear_error (&conflict.error);
}

static void
test_cache_rebuilt (Fixture       *fixture,
                    gconstpointer  data)
{
  ProcureSession *session;
  g_autofree char *path = NULL;
  g_autofree char *garbage = g_strnfill (16384, '#');
  guint n_orders;

  REQUIRE_SERVER (fixture);
  session = new_session (fixture, NULL);
  sign_in (session, "gale");
  n_orders = g_list_model_get_n_items (procure_session_get_orders (session));
  g_assert_cmpuint (n_orders, >, 0);
  path = g_strdup (procure_cache_get_path (procure_session_get_cache (session)));
  g_assert_finalize_object (session);

  /* Corrupted on disk. */
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  session = new_session (fixture, NULL);
  sign_in (session, "gale");
  g_assert_true (procure_cache_was_rebuilt (procure_session_get_cache (session)));
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders);
  g_assert_finalize_object (session);

  /* Deleted. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  session = new_session (fixture, NULL);
  sign_in (session, "gale");
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders);
  g_assert_cmpuint (procure_cache_count_orders (procure_session_get_cache (session)), ==, n_orders);
  g_assert_finalize_object (session);
}

static GPtrArray *
make_sims (gint64 count)
{
  g_autoptr(GError) error = NULL;
  /* A payload no demo SIM uses; the check digit is computed. */
  const char *payload = "894907770000000000";
  g_autofree char *first = g_strdup_printf ("%s%d", payload, procure_luhn_check_digit (payload));
  g_auto(GStrv) iccids = procure_iccid_range (first, (guint) count, &error);
  GPtrArray *sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);

  g_assert_no_error (error);
  for (gint64 i = 0; i < count; i++)
    {
      ProcureSim *sim = procure_sim_new ();

      sim->iccid = g_strdup (iccids[i]);
      sim->imsi = g_strdup_printf ("26201%010" G_GINT64_FORMAT, 7770000 + i);
      sim->msisdn = g_strdup_printf ("+4915177%06" G_GINT64_FORMAT, i);
      g_ptr_array_add (sims, sim);
    }
  return sims;
}

static void
on_open_order (ProcureNotifier *notifier,
               const char      *order_id,
               gpointer         user_data)
{
  char **out = user_data;

  g_free (*out);
  *out = g_strdup (order_id);
}

static void
invoke_action (guint       notification_id,
               const char *action)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder args;

  /* The daemon reports the click, as a desktop would. */
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

/* Pat, Morgan and Sam drive one order from draft to closed, each seeing the
 * others' steps live; Pat is notified of the steps others take. */
static void
test_lifecycle_two_users (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ProcureNotifier) notifier = procure_libnotify_notifier_new ("Procure");
  g_autoptr(ProcureSession) pat = NULL;
  g_autoptr(ProcureSession) morgan = NULL;
  g_autoptr(ProcureSession) sam = NULL;
  g_autoptr(ProcureActionRequest) accept = procure_action_request_new ();
  g_autoptr(ProcureActionRequest) ready = procure_action_request_new ();
  g_autoptr(ProcureActionRequest) ship = procure_action_request_new ();
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(GListModel) order_sims = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *line = NULL;
  g_autofree char *summary = NULL;
  guint calls, burst;

  REQUIRE_SERVER (fixture);
  g_signal_connect (notifier, "open-order", G_CALLBACK (on_open_order), &opened);
  pat = new_session (fixture, notifier);
  morgan = new_session (fixture, NULL);
  sam = new_session (fixture, NULL);
  sign_in (pat, "pat");
  sign_in (morgan, "morgan");
  sign_in (sam, "sam");
  calls = test_notify_count_calls ();

  /* Pat raises 2,000.00 EUR (approval from 1,000.00) and submits. */
  order_id = create_order (pat, 200000);
  order_sims = procure_session_get_order_sims (pat, order_id);
  g_assert_cmpuint (g_list_model_get_n_items (order_sims), ==, 0);
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_DRAFT, 5);
  act (pat, order_id, PROCURE_ACTION_SUBMIT, NULL);
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_PENDING_APPROVAL, 5);
  g_assert_nonnull (find_row (procure_session_get_inbox (morgan), order_id));
  g_assert_null (find_row (procure_session_get_inbox (sam), order_id));

  /* Morgan approves; Pat sees it and is told, with an "open" action. */
  act (morgan, order_id, PROCURE_ACTION_APPROVE, NULL);
  g_assert_null (find_row (procure_session_get_inbox (morgan), order_id));
  TEST_WAIT_UNTIL (row_status (pat, order_id) == PROCURE_STATUS_SUBMITTED, 5);
  TEST_WAIT_UNTIL (row_status (sam, order_id) == PROCURE_STATUS_SUBMITTED, 5);
  g_assert_nonnull (find_row (procure_session_get_inbox (sam), order_id));
  TEST_WAIT_UNTIL (test_notify_count_calls () == calls + 1, 5);
  line = test_notify_last_line ();
  summary = g_strdup_printf ("Order %s: %s", order_id, procure_status_get_label (PROCURE_STATUS_SUBMITTED));
  g_assert_nonnull (strstr (line, summary));
  g_assert_nonnull (strstr (line, procure_session_get_user (morgan)->name));
  g_assert_nonnull (strstr (line, "\"open\""));
  invoke_action (calls + 1, "open");
  TEST_WAIT_UNTIL (opened != NULL, 5);
  g_assert_cmpstr (opened, ==, order_id);

  /* Sam accepts, provisions, assigns SIMs and ships, in one burst. */
  order = procure_session_get_order (sam, order_id);
  accept->number = g_strdup_printf ("77%08u", g_random_int_range (0, 99999999));
  ready->sims = make_sims (procure_order_get_sim_quantity (order));
  ship->carrier = g_strdup ("DHL");
  ship->tracking_number = g_strdup ("JD0146000033");
  ship->shipped_at = procure_date_today_string (0);
  act (sam, order_id, PROCURE_ACTION_ACCEPT, accept);
  act (sam, order_id, PROCURE_ACTION_START, NULL);
  act (sam, order_id, PROCURE_ACTION_READY, ready);
  act (sam, order_id, PROCURE_ACTION_SHIP, ship);

  TEST_WAIT_UNTIL (row_status (pat, order_id) == PROCURE_STATUS_SHIPPED, 5);
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_SHIPPED, 5);
  g_assert_cmpstr (procure_order_row_get_number (find_row (procure_session_get_orders (pat), order_id)),
                   ==, accept->number);
  g_assert_nonnull (find_row (procure_session_get_inbox (pat), order_id));
  /* Pat's SIM inventory grew by the order's SIMs. */
  TEST_WAIT_UNTIL (g_list_model_get_n_items (order_sims) == ready->sims->len, 5);
  /* the session's list reads its SIM ids off the main loop */
  TEST_WAIT_UNTIL (g_list_model_get_n_items (procure_session_get_sims (pat)) >= ready->sims->len, 5);
  {
    g_autoptr(ProcureSimRow) sim = g_list_model_get_item (order_sims, 0);
    g_assert_cmpstr (procure_sim_row_get_iccid (sim), ==,
                     ((ProcureSim *) g_ptr_array_index (ready->sims, 0))->iccid);
    g_assert_cmpstr (procure_sim_row_get_order_id (sim), ==, order_id);
  }

  /* The burst ends in a notification of the order, its last status, Sam. */
  g_clear_pointer (&summary, g_free);
  summary = g_strdup_printf ("Order %s: %s", accept->number, procure_status_get_label (PROCURE_STATUS_SHIPPED));
  TEST_WAIT_UNTIL (last_notify_has (summary), 5);
  g_clear_pointer (&line, g_free);
  line = test_notify_last_line ();
  g_assert_nonnull (strstr (line, procure_session_get_user (sam)->name));
  /* One notification for the whole burst. Coalescing is by wall-clock time
   * (PROCURE_NOTIFY_COALESCE_MS), so a sanitizer build (scale > 1), whose
   * four requests may take longer than the window, may show a few. */
  burst = test_notify_count_calls () - (calls + 1);
  g_test_message ("the burst of 4 actions gave %u notification(s)", burst);
  if (test_timeout_scale () > 1.0)
    g_assert_cmpuint (burst, <=, 4);
  else
    g_assert_cmpuint (burst, ==, 1);
  calls = test_notify_count_calls ();

  /* Pat closes it; Sam and Morgan see it; Pat is not told of their own step. */
  act (pat, order_id, PROCURE_ACTION_CONFIRM_RECEIPT, NULL);
  TEST_WAIT_UNTIL (row_status (sam, order_id) == PROCURE_STATUS_CLOSED, 5);
  TEST_WAIT_UNTIL (row_status (morgan, order_id) == PROCURE_STATUS_CLOSED, 5);
  g_assert_null (find_row (procure_session_get_inbox (pat), order_id));
  g_assert_null (find_row (procure_session_get_inbox (sam), order_id));
  {
    /* Longer than the coalescing window: nothing more may arrive. */
    gint64 end = g_get_monotonic_time () + (PROCURE_NOTIFY_COALESCE_MS + 500) * 1000;
    while (g_get_monotonic_time () < end)
      test_iterate ();
  }
  g_assert_cmpuint (test_notify_count_calls (), ==, calls);
}

/* Through the GSettings key the app's preferences change, when the schema
 * is installed (GSETTINGS_SCHEMA_DIR points at the build's data/). */
static void
switch_notifications_off (ProcureSession *session)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.procure.Procure", TRUE);
  if (schema == NULL)
    {
      g_test_message ("schema not compiled; using the property");
      procure_session_set_notifications_enabled (session, FALSE);
      return;
    }
  settings = g_settings_new ("io.github.procure.Procure");
  g_assert_true (g_settings_get_boolean (settings, "notifications"));
  g_assert_true (procure_session_get_notifications_enabled (session));
  g_settings_set_boolean (settings, "notifications", FALSE);
  g_assert_false (procure_session_get_notifications_enabled (session));
}

static void
test_burst_and_switch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ProcureNotifier) notifier = procure_libnotify_notifier_new ("Procure");
  g_autoptr(ProcureSession) pat = NULL;
  g_autoptr(ProcureSession) morgan = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *line = NULL;
  guint calls;

  REQUIRE_SERVER (fixture);
  pat = new_session (fixture, notifier);
  morgan = new_session (fixture, NULL);
  sign_in (pat, "pat");
  sign_in (morgan, "morgan");
  first = create_order (pat, 200000);
  second = create_order (pat, 200000);
  third = create_order (pat, 200000);
  act (pat, first, PROCURE_ACTION_SUBMIT, NULL);
  act (pat, second, PROCURE_ACTION_SUBMIT, NULL);
  act (pat, third, PROCURE_ACTION_SUBMIT, NULL);
  TEST_WAIT_UNTIL (row_status (morgan, third) == PROCURE_STATUS_PENDING_APPROVAL, 5);
  calls = test_notify_count_calls ();

  /* Two approvals in a burst: one summary. */
  act (morgan, first, PROCURE_ACTION_APPROVE, NULL);
  act (morgan, second, PROCURE_ACTION_APPROVE, NULL);
  TEST_WAIT_UNTIL (test_notify_count_calls () == calls + 1, 5);
  line = test_notify_last_line ();
  g_assert_nonnull (strstr (line, "2 orders changed"));
  g_assert_null (strstr (line, "\"open\""));

  /* Switched off in the settings: nothing. */
  switch_notifications_off (pat);
  act (morgan, third, PROCURE_ACTION_APPROVE, NULL);
  TEST_WAIT_UNTIL (row_status (pat, third) == PROCURE_STATUS_SUBMITTED, 5);
  {
    gint64 end = g_get_monotonic_time () + (PROCURE_NOTIFY_COALESCE_MS + 500) * 1000;
    while (g_get_monotonic_time () < end)
      test_iterate ();
  }
  g_assert_cmpuint (test_notify_count_calls (), ==, calls + 1);
}

static void
on_token_expired (ProcureSession *session,
                  gpointer        user_data)
{
  *(guint *) user_data += 1;
}

/* The token was revoked elsewhere: the cache still opens (offline first),
 * then the server's 401 asks for a new sign-in. */
static void
test_revoked_token (Fixture       *fixture,
                    gconstpointer  data)
{
  ProcureSession *session;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) revoked = NULL;
  g_autoptr(GAsyncResult) restored = NULL;
  g_autoptr(GError) error = NULL;
  guint expired = 0;
  guint status = 0;
  guint n_orders;

  REQUIRE_SERVER (fixture);
  session = new_session (fixture, NULL);
  sign_in (session, "quinn");
  n_orders = g_list_model_get_n_items (procure_session_get_orders (session));
  token = g_strdup (procure_api_get_token (procure_session_get_api (session)));
  g_assert_finalize_object (session);

  revoked = test_http (&fixture->server, "DELETE", "/api/v1/session", token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 204);

  session = new_session (fixture, NULL);
  g_signal_connect (session, "token-expired", G_CALLBACK (on_token_expired), &expired);
  procure_session_restore_async (session, "quinn", NULL, store_result, &restored);
  TEST_WAIT_UNTIL (restored != NULL, 10);
  g_assert_true (procure_session_restore_finish (session, restored, &error));
  g_assert_no_error (error);
  g_clear_object (&restored);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders);
  TEST_WAIT_UNTIL (expired == 1, 10);
  g_assert_cmpint (procure_session_get_state (session), ==, PROCURE_SYNC_STATE_OFFLINE);
  g_assert_finalize_object (session);
}

typedef struct {
  char   *order_id;
  GError *error;
} Failure;

static void
on_action_failed (ProcureSession *session,
                  const char     *order_id,
                  GError         *error,
                  gpointer        user_data)
{
  Failure *failure = user_data;

  failure->order_id = g_strdup (order_id);
  failure->error = g_error_copy (error);
}

/* A request the server refuses for good is dropped, the draft with it, and
 * the refusal reaches the UI with the server's field. */
static void
test_refused_create (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ProcureSession) session = NULL;
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_id = NULL;
  ProcureLineRequest *line;
  Failure failure = { 0 };
  guint n_orders;

  REQUIRE_SERVER (fixture);
  session = new_session (fixture, NULL);
  sign_in (session, "pat");
  g_signal_connect (session, "action-failed", G_CALLBACK (on_action_failed), &failure);
  n_orders = g_list_model_get_n_items (procure_session_get_orders (session));

  request = order_request (session, 1);
  line = g_ptr_array_index (request->lines, 0);
  g_free (line->product_id);
  line->product_id = g_strdup ("prd-does-not-exist");
  local_id = procure_session_create_order (session, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders + 1);

  TEST_WAIT_UNTIL (failure.order_id != NULL, 10);
  g_assert_cmpstr (failure.order_id, ==, local_id);
  g_assert_true (failure.error->domain == PROCURE_API_ERROR);
  g_assert_cmpuint (procure_api_error_get_http_status (failure.error), >=, 400);
  g_assert_cmpuint (procure_api_error_get_http_status (failure.error), <, 500);
  g_test_message ("refused: %u %s %s (%s)", procure_api_error_get_http_status (failure.error),
                  procure_api_error_get_server_code (failure.error),
                  procure_api_error_get_field (failure.error), failure.error->message);
  g_assert_cmpuint (procure_session_get_pending_count (session), ==, 0);
  g_assert_null (find_row (procure_session_get_orders (session), local_id));
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), ==, n_orders);

  g_free (failure.order_id);
  g_clear_error (&failure.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client/session/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("first-sync-fills-cache", test_first_sync_fills_cache);
  ADD ("push-within-a-second", test_push_within_a_second);
  ADD ("offline-queue-sent-once", test_offline_queue_sent_once);
  ADD ("stale-version-conflict", test_stale_version_conflict);
  ADD ("cache-rebuilt", test_cache_rebuilt);
  ADD ("lifecycle-two-users", test_lifecycle_two_users);
  ADD ("notification-burst-and-switch", test_burst_and_switch);
  ADD ("revoked-token", test_revoked_token);
  ADD ("refused-create", test_refused_create);
#undef ADD

  return g_test_run ();
}
