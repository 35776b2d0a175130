/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-server: the two server figures of issue 8.
 *
 *   bench-server --db FILE [--seconds S] [--clients N]
 *
 * FILE is a database made by bench-gen (it is written to). The limits are
 * measured in the same run: one-row-per-transaction SQLite inserts with
 * WAL and synchronous=FULL in FILE's directory, and bench-hello, a
 * minimal libsoup server, under the same load generator as procure-server.
 * Needs $PROCURE_SERVER and $BENCH_HELLO.
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <stdio.h>

#include <sqlite3.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-load.h"

typedef struct {
  char       *base_url;
  char       *product_id;
  gint64      quantity;
  char       *ship_date;
  GPtrArray  *order_ids;
} Target;

/* ---------- the limit for durable writes ---------- */

static void
sqlite_ok (sqlite3 *db,
           int      rc)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    bench_die ("sqlite: %s", sqlite3_errmsg (db));
}

/* Rows per second, each INSERT its own transaction, as durable as the
 * server's store (WAL, synchronous=FULL), with a row of about an order's
 * size. */
static double
raw_sqlite_rate (const char *dir,
                 double      seconds)
{
  g_autofree char *path = g_build_filename (dir, "raw-sqlite-limit.db", NULL);
  g_autofree char *doc = g_strnfill (1500, 'x');
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  double start, end;
  guint64 rows = 0;

  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
  sqlite_ok (db, sqlite3_open (path, &db));
  sqlite_ok (db, sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                   "CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)",
                               NULL, NULL, NULL));
  sqlite_ok (db, sqlite3_prepare_v2 (db, "INSERT INTO t (doc) VALUES (?)", -1, &insert, NULL));
  start = bench_now ();
  end = start + seconds;
  while (bench_now () < end)
    {
      sqlite_ok (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
      sqlite3_bind_text (insert, 1, doc, -1, SQLITE_STATIC);
      sqlite_ok (db, sqlite3_step (insert));
      sqlite3_reset (insert);
      sqlite_ok (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL));
      rows++;
    }
  sqlite3_finalize (insert);
  sqlite3_close (db);
  return rows / (bench_now () - start);
}

/* ---------- requests ---------- */

static SoupMessage *
create_order_request (guint    client,
                      guint64  serial,
                      gpointer user_data)
{
  Target *target = user_data;
  g_autofree char *url = g_strconcat (target->base_url, "/api/v1/orders", NULL);
  g_autofree char *key = g_strdup_printf ("bench-%u-%" G_GUINT64_FORMAT "-%d", client, serial, (int) getpid ());
  g_autofree char *body = g_strdup_printf (
    "{\"lines\": [{\"product_id\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}],"
    " \"address_id\": \"adr-1\", \"requested_ship_date\": \"%s\","
    " \"notes\": \"bench client %u order %" G_GUINT64_FORMAT "\"}",
    target->product_id, target->quantity, target->ship_date, client, serial);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));
  SoupMessage *msg = soup_message_new ("POST", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static SoupMessage *
get_order_request (guint    client,
                   guint64  serial,
                   gpointer user_data)
{
  Target *target = user_data;
  const char *id = g_ptr_array_index (target->order_ids, serial % target->order_ids->len);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders/%s", target->base_url, id);

  return soup_message_new ("GET", url);
}

static SoupMessage *
hello_request (guint    client,
               guint64  serial,
               gpointer user_data)
{
  return soup_message_new ("GET", user_data);
}

/* ---------- what the load needs ---------- */

static JsonObject *
get_json (SoupSession *session,
          const char  *url,
          const char  *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = 0;
  g_autoptr(GBytes) body = bench_http (session, "GET", url, token, NULL, &status, &error);

  if (body == NULL || status != 200
      || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      (gssize) g_bytes_get_size (body), NULL))
    bench_die ("GET %s: %u %s", url, status, error ? error->message : "");
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The first active product pat may order, at its minimum quantity. */
static void
pick_product (Target      *target,
              SoupSession *session,
              const char  *token)
{
  g_autofree char *url = g_strconcat (target->base_url, "/api/v1/products", NULL);
  g_autoptr(JsonObject) page = get_json (session, url, token);
  JsonArray *items = json_object_get_array_member (page, "items");
  JsonObject *product = json_array_get_object_element (items, 0);

  target->product_id = g_strdup (json_object_get_string_member (product, "id"));
  target->quantity = json_object_get_int_member (product, "min_quantity");
}

static void
collect_order_ids (Target      *target,
                   SoupSession *session,
                   const char  *token)
{
  g_autofree char *url = g_strconcat (target->base_url, "/api/v1/orders?limit=200", NULL);
  g_autoptr(JsonObject) page = get_json (session, url, token);
  JsonArray *items = json_object_get_array_member (page, "items");

  target->order_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (target->order_ids,
                     g_strdup (json_object_get_string_member (json_array_get_object_element (items, i), "id")));
  if (target->order_ids->len == 0)
    bench_die ("no orders to read");
}

static char **
login_clients (SoupSession *session,
               const char  *base_url,
               const char  *login,
               guint        n)
{
  char **tokens = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      if ((tokens[i] = bench_login (session, base_url, login, &error)) == NULL)
        bench_die ("%s", error->message);
    }
  return tokens;
}

static void
check_load (const char            *what,
            const BenchLoadResult *r)
{
  if (r->ok == 0)
    bench_die ("%s: no request succeeded (first bad status %u)", what, r->first_bad_status);
  if (r->failed > 0)
    g_printerr ("bench-server: %s: %" G_GUINT64_FORMAT " requests failed (first status %u)\n",
                what, r->failed, r->first_bad_status);
}

static char *
ship_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);

  return g_date_time_format (later, "%Y-%m-%d");
}

/* A load run against @process, with the server CPU time it cost per
 * request (warm-up included in both the time and the count). */
static void
measured_load (GSubprocess      *process,
               guint             clients,
               double            seconds,
               char            **tokens,
               guint             expected_status,
               BenchRequestFunc  request_func,
               gpointer          user_data,
               BenchLoadResult  *result,
               double           *cpu_us)
{
  double cpu_before = bench_child_cpu_ms (process);
  guint64 requests;

  bench_load_run (clients, seconds / 5, seconds, tokens, expected_status,
                  request_func, user_data, result);
  requests = result->ok + result->failed;
  *cpu_us = (bench_child_cpu_ms (process) - cpu_before) * 1000.0
            / MAX (requests, 1) * result->seconds / (result->seconds + seconds / 5);
}

/* procure-server on @db: creating orders as pat, then reading them as sam. */
static void
run_procure (const char      *db,
             guint            clients,
             double           seconds,
             BenchLoadResult *create,
             BenchLoadResult *get,
             double          *create_cpu_us,
             double          *get_cpu_us)
{
  const char *argv[] = { bench_require_env ("PROCURE_SERVER"), "--db", db,
                         "--listen", "127.0.0.1:0", NULL };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_auto(GStrv) pat_tokens = NULL;
  g_auto(GStrv) sam_tokens = NULL;
  Target target = { NULL };

  if ((server = bench_spawn_url (argv, &target.base_url, &error)) == NULL)
    bench_die ("procure-server: %s", error->message);
  pat_tokens = login_clients (session, target.base_url, "pat", clients);
  sam_tokens = login_clients (session, target.base_url, "sam", clients);
  pick_product (&target, session, pat_tokens[0]);
  collect_order_ids (&target, session, sam_tokens[0]);
  target.ship_date = ship_date ();

  measured_load (server, clients, seconds, pat_tokens, 201, create_order_request, &target,
                 create, create_cpu_us);
  check_load ("create order", create);
  measured_load (server, clients, seconds, sam_tokens, 200, get_order_request, &target,
                 get, get_cpu_us);
  check_load ("get order", get);
  bench_stop (server);

  g_free (target.base_url);
  g_free (target.product_id);
  g_free (target.ship_date);
  g_ptr_array_unref (target.order_ids);
}

static void
run_hello (guint            clients,
           double           seconds,
           BenchLoadResult *result,
           double          *cpu_us)
{
  const char *argv[] = { bench_require_env ("BENCH_HELLO"), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) hello = NULL;
  g_autofree char *url = NULL;

  if ((hello = bench_spawn_url (argv, &url, &error)) == NULL)
    bench_die ("bench-hello: %s", error->message);
  measured_load (hello, clients, seconds, NULL, 200, hello_request, url, result, cpu_us);
  check_load ("hello", result);
  bench_stop (hello);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  g_autofree char *dir = NULL;
  gint clients = 16;
  double seconds = 10;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "A bench-gen database (written to)", "FILE" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Duration of each run (default 10)", "S" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Concurrent clients (default 16)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— server benchmarks");
  g_autoptr(GError) error = NULL;
  BenchLoadResult create, get, base;
  double raw_rate, create_cpu_us, get_cpu_us, hello_cpu_us;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL || clients < 1)
    bench_die ("%s", error ? error->message : "--db FILE is required");
  dir = g_path_get_dirname (db);

  /* The disk is shared: half the limit run before, half after, so a
   * change in what else writes to it hits limit and figure alike. */
  raw_rate = raw_sqlite_rate (dir, seconds / 2);
  run_procure (db, (guint) clients, seconds, &create, &get, &create_cpu_us, &get_cpu_us);
  run_hello ((guint) clients, seconds, &base, &hello_cpu_us);
  raw_rate = (raw_rate + raw_sqlite_rate (dir, seconds / 2)) / 2;

  bench_figure ("server.create_order_rate", create.per_second, "orders/s (201, durable)",
                raw_rate, "rows/s", "raw SQLite WAL+FULL one-row transactions",
                BENCH_HIGHER_IS_BETTER, 0.25);
  printf ("  (create order with %d clients: p50 %.2f ms, p99 %.2f ms; server CPU %.0f µs per order, "
          "raw SQLite %.0f µs per durable row)\n", clients, create.p50_ms, create.p99_ms, create_cpu_us,
          1e6 / raw_rate);
  bench_figure ("server.get_order_rate", get.per_second, "requests/s (keep-alive)",
                base.per_second, "requests/s", "libsoup hello-world server",
                BENCH_HIGHER_IS_BETTER, 0.5);
  bench_figure ("server.get_order_p99", get.p99_ms, "ms",
                base.p99_ms, "ms", "hello-world p99", BENCH_LOWER_IS_BETTER, 2.0);
  /* The same comparison per CPU-second of the server process: what the
   * rate would be with a core to itself, whatever else runs on the machine. */
  bench_figure ("server.get_order_cpu_rate", 1e6 / get_cpu_us, "requests per server CPU-second",
                1e6 / hello_cpu_us, "requests per CPU-second", "libsoup hello-world server",
                BENCH_HIGHER_IS_BETTER, 0.5);
  printf ("  (get order: p50 %.2f ms, server CPU %.0f µs per request; hello-world p50 %.2f ms, %.0f µs per request)\n",
          get.p50_ms, get_cpu_us, base.p50_ms, hello_cpu_us);
  return 0;
}
