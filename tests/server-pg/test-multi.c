/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Three procure-server instances on one PostgreSQL database (run through
 * run-with-pg, which maps the shared --db path to one database):
 * a change made through one instance is pushed to WebSocket clients of all
 * three within a second, and what must hold across instances does:
 * one success for concurrent decisions with one ETag, unique PO numbers,
 * idempotency keys, login throttling, one feed, and event sequence
 * numbers without gaps.
 */
#define G_LOG_DOMAIN "test-server-pg"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "test-server-common.h"

#define N_INSTANCES 3

static TestServer *servers[N_INSTANCES];
static char *db_dir;

/* ---------- WebSocket listeners ---------- */

typedef struct {
  SoupWebsocketConnection *connection;
  gint64                   last_seq;
  guint                    messages;
  gint64                   received_at;
} Listener;

static GMainLoop *loop;

static void
on_ws_message (SoupWebsocketConnection *connection,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  Listener *listener = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, NULL));
  listener->last_seq = test_json_int (json_parser_get_root (parser), "seq");
  listener->messages++;
  listener->received_at = g_get_monotonic_time ();
  g_main_loop_quit (loop);
}

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Listener *listener = user_data;
  g_autoptr(GError) error = NULL;

  listener->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_signal_connect (listener->connection, "message", G_CALLBACK (on_ws_message), listener);
  g_main_loop_quit (loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the loop until every listener has seen @seq (TRUE) or @ms passed. */
static gboolean
wait_all_seq (Listener *listeners,
              guint     n,
              gint64    seq,
              guint     ms)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (ms, on_timeout, &timed_out);

  for (;;)
    {
      guint done = 0;

      for (guint i = 0; i < n; i++)
        done += listeners[i].last_seq >= seq;
      if (done == n)
        {
          g_source_remove (timeout);
          return TRUE;
        }
      if (timed_out)
        return FALSE;
      g_main_loop_run (loop);
    }
}

static void
listen_on (TestServer *server,
           Listener   *listener,
           const char *token)
{
  g_autofree char *ws = g_strdup_printf ("ws%s/api/v1/stream", server->url + 4);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ws);
  g_autofree char *hello = g_strdup_printf ("{\"token\": \"%s\"}", token);

  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected, listener);
  g_main_loop_run (loop);
  soup_websocket_connection_send_text (listener->connection, hello);
  /* The current seq arrives right after authentication. */
  g_assert_true (wait_all_seq (listener, 1, 1, 2000));
}

static void
listener_close (Listener *listener)
{
  soup_websocket_connection_close (listener->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&listener->connection);
}

/* ---------- concurrent requests ---------- */

typedef struct {
  SoupMessage *msg;
  GBytes      *body;
  guint        status;
  guint       *pending;
} Call;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  call->status = soup_message_get_status (call->msg);
  if (--*call->pending == 0)
    g_main_loop_quit (loop);
}

/* Sends one POST per instance at once: bodies[i] through servers[i]. */
static void
post_concurrently (const char  *path,
                   const char  *token,
                   const char  *if_match,
                   char       **bodies,
                   Call        *calls)
{
  guint pending = N_INSTANCES;
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autofree char *uri = g_strconcat (servers[i]->url, path, NULL);
      g_autoptr(GBytes) body = g_bytes_new (bodies[i], strlen (bodies[i]));
      SoupMessageHeaders *headers;

      calls[i].msg = soup_message_new ("POST", uri);
      calls[i].pending = &pending;
      headers = soup_message_get_request_headers (calls[i].msg);
      soup_message_headers_replace (headers, "Authorization", bearer);
      soup_message_headers_replace (headers, "If-Match", if_match);
      soup_message_set_request_body_from_bytes (calls[i].msg, "application/json", body);
    }
  for (guint i = 0; i < N_INSTANCES; i++)
    soup_session_send_and_read_async (servers[i]->session, calls[i].msg, G_PRIORITY_DEFAULT, NULL,
                                      on_sent, &calls[i]);
  g_main_loop_run (loop);
}

static void
calls_clear (Call *calls)
{
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_clear_object (&calls[i].msg);
      g_clear_pointer (&calls[i].body, g_bytes_unref);
    }
}

/* A new Globex order (no internal approval), submitted: ready to accept. */
static char *
submitted_order (const char *gale)
{
  g_autofree char *product = test_product_id (servers[0], gale, "UK-4FF-NANO");
  g_autoptr(TestResponse) created = test_create_order (servers[0], gale, NULL, product, 10);
  char *id = g_strdup (test_json_string (created->json, "id"));

  test_response_free (test_act (servers[1], gale, id, "submit", NULL, 200, "submitted"));
  return id;
}

/* ---------- tests ---------- */

static void
test_push_reaches_all (void)
{
  g_autofree char *pat = test_login (servers[0], "pat");
  g_autofree char *product = test_product_id (servers[0], pat, "EU-2FF-STD");
  Listener listeners[N_INSTANCES] = { 0 };
  g_autoptr(TestResponse) created = NULL;
  gint64 sent_at, target;

  for (guint i = 0; i < N_INSTANCES; i++)
    listen_on (servers[i], &listeners[i], pat);

  /* Alternate the instance that makes the change. */
  for (guint round = 0; round < N_INSTANCES; round++)
    {
      g_autofree char *id = NULL;

      sent_at = g_get_monotonic_time ();
      g_clear_pointer (&created, test_response_free);
      created = test_create_order (servers[round], pat, NULL, product, 10);
      id = g_strdup (test_json_string (created->json, "id"));
      /* The order's event is at least one past what everyone had. */
      target = listeners[round].last_seq + 1;
      g_assert_true (wait_all_seq (listeners, N_INSTANCES, target, 1000));
      for (guint i = 0; i < N_INSTANCES; i++)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
          g_autoptr(TestResponse) seen = test_get (servers[i], path, pat);

          g_assert_cmpint (listeners[i].received_at - sent_at, <, G_USEC_PER_SEC);
          test_assert_status (seen, 200);
        }
    }
  for (guint i = 0; i < N_INSTANCES; i++)
    listener_close (&listeners[i]);
}

static void
test_one_etag_one_success (void)
{
  g_autofree char *gale = test_login (servers[0], "gale");
  g_autofree char *sam = test_login (servers[2], "sam");
  g_autofree char *id = submitted_order (gale);
  g_autofree char *etag = test_order_etag (servers[0], sam, id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/actions/accept", id);
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", id);
  g_autoptr(TestResponse) after = NULL;
  char *bodies[N_INSTANCES];
  Call calls[N_INSTANCES] = { 0 };
  guint successes = 0;
  gint64 base = g_get_real_time () % 1000000;

  /* Different PO numbers: only the ETag stands between them. */
  for (guint i = 0; i < N_INSTANCES; i++)
    bodies[i] = g_strdup_printf ("{\"number\": \"7%06" G_GINT64_FORMAT "%u\"}", base, i);
  post_concurrently (path, sam, etag, bodies, calls);
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      if (calls[i].status == 200)
        successes++;
      else
        g_assert_true (calls[i].status == 412 || calls[i].status == 409);
      g_free (bodies[i]);
    }
  g_assert_cmpuint (successes, ==, 1);
  calls_clear (calls);

  /* Every instance sees the one decision; history has one accept. */
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autoptr(TestResponse) seen = test_get (servers[i], order_path, sam);
      JsonArray *history = test_json_array (seen->json, "history");
      guint accepts = 0;

      test_assert_status (seen, 200);
      g_assert_cmpstr (test_json_string (seen->json, "status"), ==, "accepted");
      for (guint k = 0; k < json_array_get_length (history); k++)
        accepts += g_strcmp0 (test_json_string (json_array_get_element (history, k), "action"),
                              "accept") == 0;
      g_assert_cmpuint (accepts, ==, 1);
    }
}

static void
test_po_number_unique (void)
{
  g_autofree char *gale = test_login (servers[0], "gale");
  g_autofree char *sam = test_login (servers[1], "sam");
  g_autofree char *number = g_strdup_printf ("8%08" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  char *ids[N_INSTANCES];
  guint pending = N_INSTANCES, successes = 0;
  Call calls[N_INSTANCES] = { 0 };
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", sam);
  g_autofree char *body = g_strdup_printf ("{\"number\": \"%s\"}", number);

  /* Three orders, each accepted through its own instance with one number. */
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autofree char *uri = NULL;
      g_autofree char *etag = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      SoupMessageHeaders *headers;

      ids[i] = submitted_order (gale);
      etag = test_order_etag (servers[i], sam, ids[i]);
      uri = g_strdup_printf ("%s/api/v1/orders/%s/actions/accept", servers[i]->url, ids[i]);
      calls[i].msg = soup_message_new ("POST", uri);
      calls[i].pending = &pending;
      headers = soup_message_get_request_headers (calls[i].msg);
      soup_message_headers_replace (headers, "Authorization", bearer);
      soup_message_headers_replace (headers, "If-Match", etag);
      soup_message_set_request_body_from_bytes (calls[i].msg, "application/json", bytes);
    }
  for (guint i = 0; i < N_INSTANCES; i++)
    soup_session_send_and_read_async (servers[i]->session, calls[i].msg, G_PRIORITY_DEFAULT, NULL,
                                      on_sent, &calls[i]);
  g_main_loop_run (loop);
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      if (calls[i].status == 200)
        successes++;
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *error;

          g_assert_cmpuint (calls[i].status, ==, 409);
          g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (calls[i].body, NULL),
                                                     (gssize) g_bytes_get_size (calls[i].body), NULL));
          error = test_json_member (json_parser_get_root (parser), "error");
          g_assert_cmpstr (test_json_string (error, "field"), ==, "number");
        }
      g_free (ids[i]);
    }
  g_assert_cmpuint (successes, ==, 1);
  calls_clear (calls);
}

static void
test_idempotency_across_instances (void)
{
  g_autofree char *pat = test_login (servers[0], "pat");
  g_autofree char *product = test_product_id (servers[0], pat, "EU-2FF-STD");
  g_autofree char *key = g_strdup_printf ("multi-%" G_GINT64_FORMAT, g_get_real_time ());
  g_autofree char *date = test_date (10);
  g_autofree char *body = g_strdup_printf (
    "{\"lines\": [{\"product_id\": \"%s\", \"quantity\": 10}], \"address_id\": \"adr-1\","
    " \"requested_ship_date\": \"%s\", \"notes\": \"idempotent\"}", product, date);
  const char *headers[] = { "Idempotency-Key", key, NULL };
  g_autofree char *first_id = NULL;

  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autoptr(TestResponse) response = test_request (servers[i], "POST", "/api/v1/orders", pat,
                                                       body, headers);

      test_assert_status (response, 201);
      if (first_id == NULL)
        first_id = g_strdup (test_json_string (response->json, "id"));
      g_assert_cmpstr (test_json_string (response->json, "id"), ==, first_id);
    }
  {
    /* The same key with another body is refused on another instance. */
    g_autofree char *other = g_strdup_printf (
      "{\"lines\": [{\"product_id\": \"%s\", \"quantity\": 20}], \"address_id\": \"adr-1\","
      " \"requested_ship_date\": \"%s\"}", product, date);
    g_autoptr(TestResponse) refused = test_request (servers[2], "POST", "/api/v1/orders", pat,
                                                    other, headers);

    test_assert_status (refused, 422);
  }
}

/* Failed logins counted by every instance add up (default: 5 within the
 * window), so the next attempt is refused by whichever instance gets it. */
static void
test_login_throttle_shared (void)
{
  const char *wrong = "{\"login\": \"quinn\", \"password\": \"not the password\"}";
  const char *right = "{\"login\": \"quinn\", \"password\": \"demo\"}";

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TestResponse) refused = test_request (servers[i % N_INSTANCES], "POST",
                                                      "/api/v1/session", NULL, wrong, NULL);
      test_assert_status (refused, 401);
    }
  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autoptr(TestResponse) throttled = test_request (servers[i], "POST", "/api/v1/session",
                                                        NULL, right, NULL);
      test_assert_status (throttled, 429);
    }
}

/* A database restart (what the instances see of a failover): the next
 * request succeeds, and the listening connections come back and catch up,
 * so a change still reaches all three instances' clients. */
static void
test_survives_restart (void)
{
  const char *cluster = g_getenv ("PROCURE_PG_CLUSTER");
  const char *dir = g_getenv ("PROCURE_PG_DIR");
  g_autofree char *pat = test_login (servers[0], "pat");
  g_autofree char *product = test_product_id (servers[0], pat, "EU-2FF-STD");
  Listener listeners[N_INSTANCES] = { 0 };
  g_autoptr(TestResponse) created = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status;

  if (cluster == NULL || dir == NULL)
    {
      g_test_skip ("not run through run-with-pg");
      return;
    }
  for (guint i = 0; i < N_INSTANCES; i++)
    listen_on (servers[i], &listeners[i], pat);
  {
    const char *argv[] = { cluster, "restart", dir, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }
  created = test_create_order (servers[1], pat, NULL, product, 10);
  /* Reconnecting takes up to a second, then the catch-up read. */
  g_assert_true (wait_all_seq (listeners, N_INSTANCES, listeners[1].last_seq + 1, 5000));
  for (guint i = 0; i < N_INSTANCES; i++)
    listener_close (&listeners[i]);
}

/* The feed every instance serves is the same. */
static void
test_changes_agree (void)
{
  g_autofree char *sam = test_login (servers[0], "sam");
  g_autoptr(TestResponse) first = NULL;

  for (guint i = 0; i < N_INSTANCES; i++)
    {
      g_autoptr(TestResponse) feed = test_get (servers[i], "/api/v1/changes?since=0&limit=1000", sam);

      test_assert_status (feed, 200);
      if (first == NULL)
        first = g_steal_pointer (&feed);
      else
        g_assert_cmpint (test_json_int (feed->json, "next"), ==, test_json_int (first->json, "next"));
    }
}

/* Asks the shared database (run-with-pg's cluster, database named by
 * pg-server from the --db path) whether seq runs 1..N without a gap after
 * all the concurrent commits above. */
static void
test_seq_without_gaps (const void *data)
{
  const char *db = data;
  const char *base = g_getenv ("PROCURE_PG_URI");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_MD5, db, -1);
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status;

  if (base == NULL)
    {
      g_test_skip ("not run through run-with-pg");
      return;
    }
  digest[20] = '\0';
  uri = g_strdup_printf ("%s/t%s", base, digest);
  {
    const char *argv[] = { "psql", uri, "-XtAc",
                           "SELECT COUNT(*) = MAX(seq) AND COUNT(*) > 0 FROM events", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, NULL, &wait_status, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (out), ==, "t");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  db_dir = g_dir_make_tmp ("procure-multi-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (db_dir, "shared", NULL);
  loop = g_main_loop_new (NULL, FALSE);

  /* The first seeds the demo data; the others join the same database. */
  servers[0] = test_server_start (db, TRUE, NULL);
  for (guint i = 1; i < N_INSTANCES; i++)
    servers[i] = test_server_start (db, FALSE, NULL);

  g_test_add_func ("/multi/push-reaches-all", test_push_reaches_all);
  g_test_add_func ("/multi/one-etag-one-success", test_one_etag_one_success);
  g_test_add_func ("/multi/po-number-unique", test_po_number_unique);
  g_test_add_func ("/multi/idempotency", test_idempotency_across_instances);
  g_test_add_func ("/multi/login-throttle", test_login_throttle_shared);
  g_test_add_func ("/multi/changes-agree", test_changes_agree);
  g_test_add_func ("/multi/survives-restart", test_survives_restart);
  g_test_add_data_func ("/multi/seq-without-gaps", db, test_seq_without_gaps);
  status = g_test_run ();

  for (guint i = 0; i < N_INSTANCES; i++)
    test_server_free (servers[i]);
  g_rmdir (db_dir);
  g_free (db_dir);
  g_main_loop_unref (loop);
  return status;
}
