/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-client: the client figures of issue 8.
 *
 *   bench-client --db FILE --work DIR [--login sam]
 *
 * Starts procure-server on FILE (a bench-gen database) and measures
 *  - the limit: downloading every /changes page with a plain libsoup client
 *    and bulk-inserting the same rows (one transaction per page, prepared
 *    statement, WAL) into a fresh SQLite file;
 *  - the first sync of ProcureSession into an empty cache in DIR, from
 *    sign-in until "last-synced" is set;
 *  - a sync with nothing new: round trips and bytes on the wire (headers
 *    and bodies, both directions, from libsoup's message metrics).
 * The filled cache stays in DIR (bench-app opens it). Needs $PROCURE_SERVER.
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "procure-client.h"

#define PAGE_LIMIT 500   /* the page size the client's sync asks for */

typedef struct {
  GMainLoop *loop;
  gboolean   signed_in;
  GError    *error;
  guint      requests;
  guint64    bytes;
  guint      changes_requests;
} Watch;

/* ---------- the limit: plain download + bulk insert ---------- */

static void
insert_array (sqlite3_stmt *insert,
              JsonArray    *array,
              const char   *kind)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = json_node_get_object (node);
      g_autofree char *doc = json_to_string (node, FALSE);
      const char *id = json_object_has_member (object, "id")
                       ? json_object_get_string_member (object, "id")
                       : json_object_get_string_member_with_default (object, "iccid", "");

      sqlite3_bind_text (insert, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, doc, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE)
        bench_die ("baseline insert failed");
      sqlite3_reset (insert);
    }
}

/* Returns the seconds it took; *@n_orders gets the orders seen. */
static double
plain_sync (const char *base_url,
            const char *login,
            const char *dir,
            guint      *n_orders)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "plain-sync-limit.db", NULL);
  g_autofree char *token = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  gint64 since = 0;
  gboolean more = TRUE;
  double start = bench_now ();

  g_remove (path);
  if ((token = bench_login (session, base_url, login, &error)) == NULL)
    bench_die ("%s", error->message);
  if (sqlite3_open (path, &db) != SQLITE_OK
      || sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                           "CREATE TABLE objects (kind TEXT, id TEXT, doc TEXT, PRIMARY KEY (kind, id))",
                       NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO objects VALUES (?, ?, ?)", -1, &insert, NULL) != SQLITE_OK)
    bench_die ("baseline db: %s", sqlite3_errmsg (db));

  *n_orders = 0;
  while (more)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%d",
                                              base_url, since, PAGE_LIMIT);
      g_autoptr(JsonParser) parser = json_parser_new ();
      guint status = 0;
      g_autoptr(GBytes) body = bench_http (session, "GET", url, token, NULL, &status, &error);
      JsonObject *page;

      if (body == NULL || status != 200
          || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                          (gssize) g_bytes_get_size (body), NULL))
        bench_die ("GET %s: %u", url, status);
      page = json_node_get_object (json_parser_get_root (parser));
      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      insert_array (insert, json_object_get_array_member (page, "accounts"), "account");
      insert_array (insert, json_object_get_array_member (page, "products"), "product");
      insert_array (insert, json_object_get_array_member (page, "orders"), "order");
      insert_array (insert, json_object_get_array_member (page, "sims"), "sim");
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (json_object_has_member (page, "orders"))
        *n_orders += json_array_get_length (json_object_get_array_member (page, "orders"));
      since = json_object_get_int_member (page, "next");
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
    }
  sqlite3_finalize (insert);
  sqlite3_close (db);
  return bench_now () - start;
}

/* ---------- the session ---------- */

static void
on_last_synced (ProcureSession *session,
                GParamSpec     *pspec,
                Watch          *watch)
{
  if (procure_session_get_last_synced (session) != NULL)
    g_main_loop_quit (watch->loop);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Watch *watch = user_data;

  watch->signed_in = procure_session_sign_in_finish (PROCURE_SESSION (source), result, &watch->error);
  if (!watch->signed_in)
    g_main_loop_quit (watch->loop);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   Watch       *watch)
{
  soup_message_add_flags (msg, SOUP_MESSAGE_COLLECT_METRICS);
}

static void
on_request_unqueued (SoupSession *session,
                     SoupMessage *msg,
                     Watch       *watch)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (msg);

  watch->requests++;
  if (strstr (g_uri_get_path (soup_message_get_uri (msg)), "/changes") != NULL)
    watch->changes_requests++;
  if (metrics != NULL)
    watch->bytes += soup_message_metrics_get_request_header_bytes_sent (metrics)
                  + soup_message_metrics_get_request_body_bytes_sent (metrics)
                  + soup_message_metrics_get_response_header_bytes_received (metrics)
                  + soup_message_metrics_get_response_body_bytes_received (metrics);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  bench_die ("the sync did not finish within the time limit");
}

/* From sign-in until the first complete sync. */
static double
session_first_sync (ProcureSession *session,
                    const char     *login,
                    Watch          *watch)
{
  double start = bench_now ();
  gulong handler = g_signal_connect (session, "notify::last-synced", G_CALLBACK (on_last_synced), watch);

  procure_session_sign_in_async (session, login, "demo", NULL, sign_in_cb, watch);
  g_main_loop_run (watch->loop);
  g_signal_handler_disconnect (session, handler);
  if (watch->error != NULL)
    bench_die ("sign-in: %s", watch->error->message);
  return bench_now () - start;
}

/* One sync with nothing new: let the stream settle, then count what the
 * sync puts on the wire until a while after the /changes answer. */
static void
session_noop_sync (ProcureSession *session,
                   Watch          *watch)
{
  SoupSession *soup = procure_api_get_soup_session (procure_session_get_api (session));

  g_timeout_add (500, quit_cb, watch->loop);
  g_main_loop_run (watch->loop);
  g_signal_connect (soup, "request-queued", G_CALLBACK (on_request_queued), watch);
  g_signal_connect (soup, "request-unqueued", G_CALLBACK (on_request_unqueued), watch);
  watch->requests = watch->changes_requests = 0;
  watch->bytes = 0;
  procure_session_sync_now (session);
  g_timeout_add (1000, quit_cb, watch->loop);
  g_main_loop_run (watch->loop);
  g_signal_handlers_disconnect_by_data (soup, watch);
  if (watch->changes_requests == 0)
    bench_die ("sync_now sent no /changes request");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *work = NULL;
  g_autofree char *login = g_strdup ("sam");
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "A bench-gen database", "FILE" },
    { "work", 0, 0, G_OPTION_ARG_FILENAME, &work, "Directory for the caches", "DIR" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, "Who syncs (default sam: sees every order)", "LOGIN" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— client benchmarks");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(ProcureSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache_dir = NULL;
  Watch watch = { g_main_loop_new (NULL, FALSE) };
  double plain, first, cpu_mark, plain_server_cpu, first_server_cpu;
  guint n_orders = 0, cached;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL || work == NULL)
    bench_die ("%s", error ? error->message : "--db FILE and --work DIR are required");

  {
    const char *server_argv[] = { bench_require_env ("PROCURE_SERVER"), "--db", db,
                                  "--listen", "127.0.0.1:0", NULL };
    if ((server = bench_spawn_url (server_argv, &url, &error)) == NULL)
      bench_die ("procure-server: %s", error->message);
  }
  cpu_mark = bench_child_cpu_ms (server);
  plain = plain_sync (url, login, work, &n_orders);
  plain_server_cpu = (bench_child_cpu_ms (server) - cpu_mark) / 1000.0;

  cache_dir = g_build_filename (work, "cache", NULL);
  g_mkdir_with_parents (cache_dir, 0700);
  session = g_object_new (PROCURE_TYPE_SESSION, "server-url", url, "cache-dir", cache_dir,
                          "use-keyring", FALSE, NULL);
  g_timeout_add_seconds (1800, timeout_cb, NULL);
  cpu_mark = bench_child_cpu_ms (server);
  first = session_first_sync (session, login, &watch);
  first_server_cpu = (bench_child_cpu_ms (server) - cpu_mark) / 1000.0;
  cached = procure_cache_count_orders (procure_session_get_cache (session));
  if (cached == 0 || n_orders == 0)
    bench_die ("nothing synced (cache %u orders, plain download %u)", cached, n_orders);
  session_noop_sync (session, &watch);

  bench_figure ("client.first_sync_time", first, "s", plain, "s",
                "plain HTTP download + bulk SQLite insert", BENCH_LOWER_IS_BETTER, 2.0);
  printf ("  (first sync: %u orders, %u SIMs cached; %.0f orders/s)\n", cached,
          procure_cache_count_sims (procure_session_get_cache (session)), cached / first);
  printf ("  (procure-server CPU: %.1f s during the first sync, %.1f s during the plain download)\n",
          first_server_cpu, plain_server_cpu);
  bench_figure ("client.noop_sync_round_trips", watch.requests, "round trips", 1, "round trip",
                "(the target itself)", BENCH_LOWER_IS_BETTER, 1.0);
  bench_figure ("client.noop_sync_bytes", (double) watch.bytes, "bytes on the wire", 1024, "bytes",
                "(the target itself)", BENCH_LOWER_IS_BETTER, 1.0);

  /* the cache path for bench-app: printed so run-all can find it */
  printf ("  (cache: %s)\n", procure_cache_get_path (procure_session_get_cache (session)));
  g_clear_object (&session);
  bench_stop (server);
  g_main_loop_unref (watch.loop);
  return 0;
}
