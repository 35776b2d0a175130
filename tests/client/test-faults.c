/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The client under server faults: ProcureSession signed in to the real
 * procure-server, which then goes down; a misbehaving server
 * (fault-server.c) takes its port and answers garbage, 500s, never answers,
 * or drops the WebSocket. The client keeps running, shows offline and keeps
 * every queued action; when the real server comes back on the same port the
 * queue is sent and applied exactly once.
 */
#define G_LOG_DOMAIN "test-faults"

#include "config.h"

#include "procure-client.h"
#include "client-test-server.h"
#include "fault-server.h"

typedef struct {
  FaultAnswer changes;
  FaultAnswer writes;
  gboolean    accept_stream;
} Fault;

typedef struct {
  TestServer      server;
  char           *cache_dir;
  ProcureSession *session;
  char           *server_id;   /* from "order-id-changed" */
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
  if (fixture->session != NULL)
    g_assert_finalize_object (fixture->session);
  test_server_free (&fixture->server);
  g_free (fixture->cache_dir);
  g_free (fixture->server_id);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
on_order_id_changed (ProcureSession *session,
                     const char     *local_id,
                     const char     *server_id,
                     gpointer        user_data)
{
  Fixture *fixture = user_data;

  g_free (fixture->server_id);
  fixture->server_id = g_strdup (server_id);
}

/* Pat, signed in without the keyring (these tests need no D-Bus). */
static ProcureSession *
signed_in_session (Fixture *fixture)
{
  ProcureSession *session = g_object_new (PROCURE_TYPE_SESSION,
                                          "server-url", fixture->server.url,
                                          "cache-dir", fixture->cache_dir,
                                          "use-keyring", FALSE,
                                          NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "order-id-changed", G_CALLBACK (on_order_id_changed), fixture);
  /* A hanging server must cost seconds, not the default 15 s per attempt. */
  procure_api_set_timeout (procure_session_get_api (session), (guint) (2 * test_timeout_scale ()));
  procure_session_sign_in_async (session, "pat", "demo", NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 10);
  g_assert_true (procure_session_sign_in_finish (session, result, &error));
  g_assert_no_error (error);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE, 10);
  return session;
}

static ProcureOrderRow *
find_row (ProcureSession *session,
          const char     *order_id)
{
  GListModel *model = procure_session_get_orders (session);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (model, i);
      if (g_strcmp0 (procure_order_row_get_id (row), order_id) == 0)
        return row;   /* the model keeps it alive */
    }
  return NULL;
}

static void
line_request_free (gpointer data)
{
  ProcureLineRequest *line = data;

  g_free (line->product_id);
  g_free (line);
}

/* A small order of Pat's first active product, to the account's first address. */
static ProcureOrderRequest *
small_order (ProcureSession *session)
{
  ProcureOrderRequest *request = procure_order_request_new ();
  ProcureAccount *account = procure_session_get_user_account (session);
  GListModel *products = procure_session_get_products (session);
  ProcureLineRequest *line = g_new0 (ProcureLineRequest, 1);

  for (guint i = 0; i < g_list_model_get_n_items (products) && line->product_id == NULL; i++)
    {
      g_autoptr(ProcureProductRow) row = g_list_model_get_item (products, i);
      g_autoptr(ProcureProduct) product = procure_session_get_product (session, procure_product_row_get_id (row));

      if (product == NULL || !product->active || product->unit_price <= 0 ||
          (product->max_quantity > 0 && product->max_quantity < product->min_quantity))
        continue;
      line->product_id = g_strdup (product->id);
      line->quantity = MAX (product->min_quantity, product->quantity_multiple);
      if (product->quantity_multiple > 1)
        line->quantity = (line->quantity + product->quantity_multiple - 1) /
                         product->quantity_multiple * product->quantity_multiple;
    }
  g_assert_nonnull (line->product_id);
  g_assert_nonnull (account);
  request->has_lines = TRUE;
  if (request->lines == NULL)
    request->lines = g_ptr_array_new_with_free_func (line_request_free);
  g_ptr_array_add (request->lines, line);
  request->has_shipping_address = TRUE;
  request->shipping_address = procure_address_copy (g_ptr_array_index (account->addresses, 0));
  g_clear_pointer (&request->shipping_address->id, g_free);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = procure_date_today_string (14);
  request->has_notes = TRUE;
  request->notes = g_strdup ("Queued through a faulty server");
  return request;
}

/* How many orders Pat has on the real server. */
static guint
count_server_orders (TestServer *server)
{
  g_autofree char *token = test_login_token (server, "pat");
  g_autoptr(GPtrArray) orders = test_list_orders (server, token);

  return orders->len;
}

/* Until the fault has been met at least twice: the client retried after it. */
static gboolean
fault_met (const Fault       *fault,
           const FaultServer *server)
{
  if (fault->changes != FAULT_ANSWER_OK)
    return server->n_changes >= 2;
  if (fault->writes != FAULT_ANSWER_OK)
    return server->n_writes >= 2;
  return server->n_streams >= 2 && server->n_writes >= 1;
}

static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const Fault *fault = data;
  FaultServer bad = { .changes = fault->changes, .writes = fault->writes,
                      .accept_stream = fault->accept_stream };
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) order = NULL;
  ProcureOrderRow *row;
  guint before;
  guint status = 0;

  if (fixture->server.url == NULL)
    return;
  before = count_server_orders (&fixture->server);
  fixture->session = signed_in_session (fixture);
  request = small_order (fixture->session);

  /* The real server goes away; the broken one takes its port. */
  test_server_stop (&fixture->server);
  TEST_WAIT_UNTIL (procure_session_get_state (fixture->session) == PROCURE_SYNC_STATE_OFFLINE, 10);
  fault_server_start (&bad, fixture->server.port);

  /* Pat keeps working: a new order and its submission are queued. */
  local_id = procure_session_create_order (fixture->session, request, &error);
  g_assert_no_error (error);
  g_assert_true (procure_session_order_action (fixture->session, local_id, PROCURE_ACTION_SUBMIT,
                                               NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (procure_session_get_pending_count (fixture->session), ==, 2);

  /* The client meets the fault, retries, and is still running. */
  TEST_WAIT_UNTIL (fault_met (fault, &bad), 60);
  g_test_message ("fault server saw %u pulls, %u writes, %u streams",
                  bad.n_changes, bad.n_writes, bad.n_streams);
  TEST_WAIT_UNTIL (procure_session_get_state (fixture->session) == PROCURE_SYNC_STATE_OFFLINE, 30);
  /* Nothing queued was lost or given up. */
  g_assert_cmpuint (procure_session_get_pending_count (fixture->session), ==, 2);
  row = find_row (fixture->session, local_id);
  g_assert_nonnull (row);
  g_assert_true (procure_order_row_get_pending (row));
  g_assert_null (fixture->server_id);

  /* The real server comes back on the same port. */
  fault_server_stop (&bad);
  test_server_restart (&fixture->server);
  TEST_WAIT_UNTIL (procure_session_get_pending_count (fixture->session) == 0, 90);
  g_assert_nonnull (fixture->server_id);
  g_assert_null (find_row (fixture->session, local_id));
  TEST_WAIT_UNTIL (procure_session_get_state (fixture->session) == PROCURE_SYNC_STATE_ONLINE, 60);

  /* Exactly one order reached the server, created and submitted once. */
  g_assert_cmpuint (count_server_orders (&fixture->server), ==, before + 1);
  {
    g_autofree char *token = test_login_token (&fixture->server, "pat");
    JsonObject *object;
    JsonArray *history;

    path = g_strdup_printf ("/api/v1/orders/%s", fixture->server_id);
    order = test_http (&fixture->server, "GET", path, token, NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    object = json_node_get_object (order);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "submitted");
    g_assert_cmpstr (json_object_get_string_member (object, "notes"), ==, "Queued through a faulty server");
    history = json_object_get_array_member (object, "history");
    g_assert_cmpuint (json_array_get_length (history), ==, 2);   /* created, submitted */
  }
}

static const Fault changes_garbage = { FAULT_ANSWER_GARBAGE, FAULT_ANSWER_OK, FALSE };
static const Fault changes_500 = { FAULT_ANSWER_500, FAULT_ANSWER_OK, FALSE };
static const Fault changes_hang = { FAULT_ANSWER_HANG, FAULT_ANSWER_OK, FALSE };
static const Fault writes_garbage = { FAULT_ANSWER_OK, FAULT_ANSWER_GARBAGE, FALSE };
static const Fault writes_500 = { FAULT_ANSWER_OK, FAULT_ANSWER_500, FALSE };
static const Fault writes_hang = { FAULT_ANSWER_OK, FAULT_ANSWER_HANG, FALSE };
static const Fault stream_dropped = { FAULT_ANSWER_OK, FAULT_ANSWER_OK, TRUE };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fault) \
  g_test_add ("/client/faults/" path, Fixture, &fault, fixture_setup, test_fault, fixture_teardown)
  ADD ("changes-garbage", changes_garbage);
  ADD ("changes-500", changes_500);
  ADD ("changes-hang", changes_hang);
  ADD ("writes-garbage", writes_garbage);
  ADD ("writes-500", writes_500);
  ADD ("writes-hang", writes_hang);
  ADD ("stream-dropped", stream_dropped);
#undef ADD

  return g_test_run ();
}
