/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What outlives a request: restart keeps everything (and --demo does not
 * re-seed), the changes feed pages through exactly what a caller may see,
 * the WebSocket push arrives within a second, and the administrative
 * commands bootstrap a database without the demo. A second server on the
 * same database changes the catalogue under the first one's feet, and a
 * keyed action or comment whose server dies right after its commit is
 * replayed, not refused or done twice, when it is sent again.
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "test-server-common.h"

static char *
orders_digest (TestServer *server,
               const char *token)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/orders?limit=200", token);

  test_assert_status (response, 200);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
}

static void
test_restart_keeps_everything (void)
{
  TestServer *server = test_server_start (NULL, TRUE, NULL);
  g_autofree char *db = g_strdup (server->db);
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *sam = test_login (server, "sam");
  g_autofree char *product = test_product_id (server, pat, "EU-ESIM");
  g_autoptr(TestResponse) created = test_create_order (server, pat, NULL, product, 10);
  g_autoptr(TestResponse) submitted = test_act (server, pat, test_json_string (created->json, "id"),
                                                "submit", NULL, 200, "submitted");
  g_autofree char *before = orders_digest (server, sam);
  g_autofree char *after = NULL;
  g_autoptr(TestResponse) me = NULL;
  g_autoptr(TestResponse) health = NULL;
  TestServer *again;

  test_server_stop (server);
  /* Same database; --demo must leave a non-empty database alone. */
  again = test_server_start (db, TRUE, NULL);
  after = orders_digest (again, sam);
  g_assert_cmpstr (before, ==, after);
  me = test_get (again, "/api/v1/me", pat);   /* sessions survive too */
  test_assert_status (me, 200);
  health = test_get (again, "/api/v1/health", NULL);
  test_assert_status (health, 200);
  g_assert_cmpstr (test_json_string (health->json, "status"), ==, "ok");
  test_server_free (again);
  server->process = NULL;
  test_server_free (server);
}

/* ---------- a crash right after a keyed write ---------- */

/* Sends a request the server dies answering: a transport error, no status. */
static void
send_into_crash (TestServer         *server,
                 const char         *method,
                 const char         *path,
                 const char         *token,
                 const char         *body,
                 const char * const *headers)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (test_try_request (server, method, path, token, body, headers, &error));
  g_assert_nonnull (error);   /* no answer: the server died */
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 137);
  g_clear_object (&server->process);
  g_clear_object (&server->session);
  g_clear_pointer (&server->url, g_free);
}

/* A server on @db that dies right after its first keyed order write. */
static TestServer *
start_crashing (const char *db)
{
  TestServer *server;

  g_setenv ("PROCURE_TEST_CRASH_AFTER_KEYED_WRITE", "1", TRUE);
  server = test_server_start (db, FALSE, NULL);
  g_unsetenv ("PROCURE_TEST_CRASH_AFTER_KEYED_WRITE");
  return server;
}

/* The answer to a keyed action, edit or comment is lost because the server
 * dies right after committing it (PROCURE_TEST_CRASH_AFTER_KEYED_WRITE: the
 * real process exits there). The client sends the same request again to a
 * new server: it gets the first answer, and the order changed once. */
static void
test_keyed_write_survives_crash (void)
{
  TestServer *server = test_server_start (NULL, TRUE, NULL);
  g_autofree char *db = g_strdup (server->db);
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *product = test_product_id (server, pat, "EU-ESIM");
  g_autoptr(TestResponse) created = test_create_order (server, pat, NULL, product, 10);
  g_autofree char *id = g_strdup (test_json_string (created->json, "id"));
  g_autofree char *etag = g_strdup (soup_message_headers_get_one (created->headers, "ETag"));
  g_autofree char *submit = g_strdup_printf ("/api/v1/orders/%s/actions/submit", id);
  g_autofree char *comments = g_strdup_printf ("/api/v1/orders/%s/comments", id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
  const char *submit_headers[] = { "Idempotency-Key", "crash-submit-1", "If-Match", etag, NULL };
  const char *comment_headers[] = { "Idempotency-Key", "crash-comment-1", NULL };
  const char *comment = "{\"body\": \"Needed by Friday\"}";
  TestServer *crashing, *again;
  g_autoptr(TestResponse) resent = NULL;
  g_autoptr(TestResponse) recommented = NULL;
  g_autoptr(TestResponse) order = NULL;
  JsonArray *history;
  guint submits = 0;

  test_server_stop (server);
  crashing = start_crashing (db);
  send_into_crash (crashing, "POST", submit, pat, NULL, submit_headers);
  test_server_free (crashing);
  crashing = start_crashing (db);
  send_into_crash (crashing, "POST", comments, pat, comment, comment_headers);
  test_server_free (crashing);

  again = test_server_start (db, FALSE, NULL);
  resent = test_request (again, "POST", submit, pat, NULL, submit_headers);
  test_assert_status (resent, 200);
  g_assert_cmpstr (soup_message_headers_get_one (resent->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpstr (test_json_string (resent->json, "status"), ==, "submitted");
  recommented = test_request (again, "POST", comments, pat, comment, comment_headers);
  test_assert_status (recommented, 201);
  g_assert_cmpstr (soup_message_headers_get_one (recommented->headers, "Idempotent-Replayed"), ==, "true");

  /* Submitted once, commented once. */
  order = test_get (again, path, pat);
  test_assert_status (order, 200);
  g_assert_cmpstr (test_json_string (order->json, "status"), ==, "submitted");
  g_assert_cmpint (test_json_int (order->json, "version"), ==, test_json_int (resent->json, "version"));
  g_assert_cmpuint (json_array_get_length (test_json_array (order->json, "comments")), ==, 1);
  history = test_json_array (order->json, "history");
  for (guint i = 0; i < json_array_get_length (history); i++)
    if (g_strcmp0 (test_json_string (json_array_get_element (history, i), "action"), "submit") == 0)
      submits++;
  g_assert_cmpuint (submits, ==, 1);

  test_server_free (again);
  test_server_free (server);
}

/* ---------- another server on the same database ---------- */

static gint64
first_line_price (TestResponse *order)
{
  JsonArray *lines = test_json_array (order->json, "lines");

  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  return test_json_int (json_array_get_element (lines, 0), "unit_price");
}

/* A server keeps decoded accounts and products between orders. What another
 * server writes to the same database (SQLite file or PostgreSQL) must reach
 * the next order all the same. */
static void
test_other_server_changes_catalogue (void)
{
  TestServer *a = test_server_start (NULL, TRUE, NULL);
  TestServer *b = test_server_start (a->db, TRUE, NULL);
  g_autofree char *pat = test_login (a, "pat");
  g_autofree char *ada = test_login (b, "ada");
  g_autofree char *product = test_product_id (a, pat, "EU-ESIM");
  g_autofree char *account = test_account_of (a, pat);
  g_autofree char *product_path = g_strdup_printf ("/api/v1/products/%s", product);
  g_autofree char *account_path = g_strdup_printf ("/api/v1/accounts/%s", account);
  g_autoptr(TestResponse) first = test_create_order (a, pat, NULL, product, 10);
  g_autoptr(TestResponse) price = NULL;
  g_autoptr(TestResponse) renamed = NULL;
  g_autoptr(TestResponse) second = NULL;
  g_autofree char *body = NULL;
  gint64 old_price = first_line_price (first);

  body = g_strdup_printf ("{\"unit_price\": %" G_GINT64_FORMAT "}", old_price + 25);
  price = test_request (b, "PATCH", product_path, ada, body, NULL);
  test_assert_status (price, 200);
  renamed = test_request (b, "PATCH", account_path, ada, "{\"name\": \"Acme Renamed\"}", NULL);
  test_assert_status (renamed, 200);

  second = test_create_order (a, pat, NULL, product, 10);
  g_assert_cmpint (first_line_price (second), ==, old_price + 25);
  g_assert_cmpstr (test_json_string (second->json, "account_name"), ==, "Acme Renamed");
  g_assert_cmpstr (test_json_string (first->json, "account_name"), !=, "Acme Renamed");

  test_server_free (b);
  test_server_free (a);
}

/* ---------- changes feed ---------- */

static GHashTable *
collect_changes (TestServer *server,
                 const char *token,
                 gint64      since,
                 guint       limit,
                 gint64     *next,
                 guint      *pages)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean more = TRUE;

  *pages = 0;
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                               since, limit);
      g_autoptr(TestResponse) page = test_get (server, path, token);
      JsonArray *orders;

      test_assert_status (page, 200);
      orders = test_json_array (page->json, "orders");
      for (guint i = 0; i < json_array_get_length (orders); i++)
        g_hash_table_add (ids, g_strdup (test_json_string (json_array_get_element (orders, i), "id")));
      g_assert_cmpint (test_json_int (page->json, "next"), >=, since);
      since = test_json_int (page->json, "next");
      more = json_node_get_boolean (test_json_member (page->json, "more"));
      (*pages)++;
    }
  *next = since;
  return ids;
}

static void
test_changes_feed (void)
{
  TestServer *server = test_server_start (NULL, TRUE, NULL);
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *gale = test_login (server, "gale");
  g_autofree char *sam = test_login (server, "sam");
  g_autofree char *acme = test_account_of (server, pat);
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) later = NULL;
  g_autoptr(TestResponse) listed = test_get (server, "/api/v1/orders?limit=200", pat);
  g_autoptr(TestResponse) created = NULL;
  g_autoptr(TestResponse) page = NULL;
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autofree char *path = NULL;
  JsonArray *items = test_json_array (listed->json, "items");
  gint64 next;
  guint pages;

  /* Small pages, every visible order exactly as listed, none of Globex. */
  ids = collect_changes (server, pat, 0, 5, &next, &pages);
  g_assert_cmpuint (pages, >, 1);
  g_assert_cmpuint (g_hash_table_size (ids), ==, json_array_get_length (items));
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_true (g_hash_table_contains (ids, test_json_string (json_array_get_element (items, i), "id")));

  /* Nothing new, then exactly the new order. */
  g_hash_table_unref (collect_changes (server, pat, next, 50, &next, &pages));
  created = test_create_order (server, pat, NULL, product, 10);
  later = collect_changes (server, pat, next, 50, &next, &pages);
  g_assert_cmpuint (g_hash_table_size (later), ==, 1);
  g_assert_true (g_hash_table_contains (later, test_json_string (created->json, "id")));
  g_hash_table_unref (collect_changes (server, gale, next - 1, 50, &next, &pages));
  {
    /* Gale's feed does not carry Acme's order. */
    g_autoptr(GHashTable) globex = NULL;
    gint64 ignored;
    globex = collect_changes (server, gale, 0, 200, &ignored, &pages);
    g_assert_false (g_hash_table_contains (globex, test_json_string (created->json, "id")));
  }

  /* A product taken away from the account is announced as removed. */
  {
    g_autofree char *assign = g_strdup_printf ("/api/v1/accounts/%s/products", acme);
    g_autofree char *body = g_strdup_printf ("{\"product_ids\": [\"%s\"]}", product);
    g_autoptr(TestResponse) put = test_request (server, "PUT", assign, sam, body, NULL);
    JsonArray *removed;

    test_assert_status (put, 200);
    g_assert_cmpuint (json_array_get_length (test_json_array (put->json, "items")), ==, 1);
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, next);
    page = test_get (server, path, pat);
    test_assert_status (page, 200);
    removed = test_json_array (test_json_member (page->json, "removed"), "products");
    g_assert_cmpuint (json_array_get_length (removed), ==, 3);
    for (guint i = 0; i < json_array_get_length (removed); i++)
      g_assert_cmpstr (json_array_get_string_element (removed, i), !=, product);
  }
  test_server_free (server);
}

/* ---------- WebSocket ---------- */

typedef struct {
  GMainLoop               *loop;
  SoupWebsocketConnection *connection;
  gint64                   last_seq;
  guint                    messages;
  gint64                   received_at;
} Listener;

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
  g_main_loop_quit (listener->loop);
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
  g_main_loop_quit (listener->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs the loop until a message or @ms milliseconds; TRUE on a message. */
static gboolean
wait_message (Listener *listener,
              guint     ms)
{
  guint before = listener->messages;
  guint timeout = g_timeout_add (ms, on_timeout, listener->loop);

  g_main_loop_run (listener->loop);
  if (listener->messages == before)
    return FALSE;
  g_source_remove (timeout);
  return TRUE;
}

/* Connects; with @in_query the token goes in ?token=, else in a first message. */
static void
listen_as (TestServer *server,
           Listener   *listener,
           const char *token,
           gboolean    in_query)
{
  g_autofree char *http = in_query ? g_strdup_printf ("%s/api/v1/stream?token=%s", server->url, token)
                                   : g_strdup_printf ("%s/api/v1/stream", server->url);
  g_autofree char *ws = g_strconcat ("ws", http + 4, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ws);

  listener->loop = g_main_loop_new (NULL, FALSE);
  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected, listener);
  g_main_loop_run (listener->loop);
  if (!in_query)
    {
      g_autofree char *hello = g_strdup_printf ("{\"token\": \"%s\"}", token);
      soup_websocket_connection_send_text (listener->connection, hello);
    }
  /* The current seq arrives right after authentication. */
  g_assert_true (wait_message (listener, 2000));
}

static void
test_websocket_push (void)
{
  TestServer *server = test_server_start (NULL, TRUE, NULL);
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *gale = test_login (server, "gale");
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  Listener acme = { 0 }, globex = { 0 };
  gint64 initial, sent_at;

  listen_as (server, &acme, pat, TRUE);
  listen_as (server, &globex, gale, FALSE);
  initial = acme.last_seq;
  g_assert_cmpint (initial, >, 0);

  sent_at = g_get_monotonic_time ();
  test_response_free (test_create_order (server, pat, NULL, product, 10));
  g_assert_true (wait_message (&acme, 1000));
  g_assert_cmpint (acme.last_seq, >, initial);
  g_assert_cmpint (acme.received_at - sent_at, <, G_USEC_PER_SEC);
  /* Gale may not see Acme's order, so Gale hears nothing. */
  g_assert_false (wait_message (&globex, 300));

  soup_websocket_connection_close (acme.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  soup_websocket_connection_close (globex.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&acme.connection);
  g_clear_object (&globex.connection);
  g_main_loop_unref (acme.loop);
  g_main_loop_unref (globex.loop);
  test_server_free (server);
}

/* ---------- administrative commands ---------- */

static char *
run_admin (const char         *db,
           const char * const *args,
           const char         *input,
           int                 expected_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("PROCURE_SERVER"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  return g_steal_pointer (&out);
}

static char *
id_of (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return g_strdup (test_json_string (json_parser_get_root (parser), "id"));
}

static void
test_admin_commands (void)
{
  g_autofree char *dir = g_dir_make_tmp ("procure-admin-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "db", NULL);
  const char *account_args[] = { "create-account", "--name", "Initech", "--currency", "EUR", NULL };
  g_autofree char *account_json = run_admin (db, account_args, "", 0);
  g_autofree char *account = id_of (account_json);
  const char *user_args[] = { "create-user", "--login", "peter", "--name", "Peter Gibbons",
                              "--role", "purchaser", "--account", account, NULL };
  const char *bad_role[] = { "create-user", "--login", "bob", "--name", "Bob", "--role", "boss", NULL };
  const char *product_args[] = { "create-product", "--code", "IT-4FF", "--name", "Nano SIM",
                                 "--form-factor", "4FF", "--price", "1.99", "--currency", "EUR",
                                 "--stock", "500", NULL };
  g_autofree char *user_json = run_admin (db, user_args, "correct horse battery\n", 0);
  g_autofree char *product_json = run_admin (db, product_args, "", 0);
  g_autofree char *refused = run_admin (db, bad_role, "long enough password\n", 1);
  TestServer *server;
  g_autoptr(TestResponse) login = NULL;
  g_autoptr(TestResponse) wrong = NULL;
  g_autoptr(TestResponse) me = NULL;

  g_assert_nonnull (strstr (product_json, "\"unit_price\":199"));
  g_assert_nonnull (strstr (user_json, "\"login\":\"peter\""));
  server = test_server_start (db, FALSE, NULL);
  login = test_request (server, "POST", "/api/v1/session", NULL,
                        "{\"login\": \"peter\", \"password\": \"correct horse battery\"}", NULL);
  test_assert_status (login, 201);
  wrong = test_request (server, "POST", "/api/v1/session", NULL,
                        "{\"login\": \"pat\", \"password\": \"demo\"}", NULL);
  test_assert_status (wrong, 401);   /* no demo data here */
  me = test_get (server, "/api/v1/me", test_json_string (login->json, "token"));
  g_assert_cmpstr (test_json_string (me->json, "account_id"), ==, account);
  test_server_free (server);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/persistence/restart-keeps-everything", test_restart_keeps_everything);
  g_test_add_func ("/persistence/changes-feed", test_changes_feed);
  g_test_add_func ("/persistence/other-server-changes-catalogue", test_other_server_changes_catalogue);
  g_test_add_func ("/persistence/keyed-write-survives-crash", test_keyed_write_survives_crash);
  g_test_add_func ("/persistence/websocket-push", test_websocket_push);
  g_test_add_func ("/persistence/admin-commands", test_admin_commands);
  return g_test_run ();
}
