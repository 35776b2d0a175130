/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-pg: the server load of tests/bench/bench-server (create order,
 * get order; closed loop, keep-alive clients) against N procure-server
 * instances on one PostgreSQL database. Client i talks to instance
 * i mod N, as a round-robin load balancer would spread connections.
 *
 *   bench-pg --store URI [--instances N] [--seconds S] [--clients C]
 *
 * The database must be empty the first time (the first instance seeds the
 * demo data). Needs $PROCURE_SERVER. tests/server-pg/run-bench runs it on
 * a throwaway cluster for 1 and 3 instances.
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench-load.h"

typedef struct {
  char      **urls;        /* one per instance */
  guint       n_urls;
  char       *product_id;
  char       *ship_date;
  GPtrArray  *order_ids;
} Target;

static SoupMessage *
create_order_request (guint    client,
                      guint64  serial,
                      gpointer user_data)
{
  Target *target = user_data;
  g_autofree char *url = g_strconcat (target->urls[client % target->n_urls], "/api/v1/orders", NULL);
  g_autofree char *key = g_strdup_printf ("bench-pg-%u-%" G_GUINT64_FORMAT "-%d", client, serial, (int) getpid ());
  g_autofree char *body = g_strdup_printf (
    "{\"lines\": [{\"product_id\": \"%s\", \"quantity\": 1}],"
    " \"address_id\": \"adr-1\", \"requested_ship_date\": \"%s\","
    " \"notes\": \"bench-pg client %u order %" G_GUINT64_FORMAT "\"}",
    target->product_id, target->ship_date, client, serial);
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
  g_autofree char *url = g_strdup_printf ("%s/api/v1/orders/%s", target->urls[client % target->n_urls], id);

  return soup_message_new ("GET", url);
}

static JsonObject *
get_json (SoupSession *session,
          const char  *url,
          const char  *token)
{
  g_autoptr(GError) error = NULL;
  guint status = 0;
  g_autoptr(GBytes) body = bench_http (session, "GET", url, token, NULL, &status, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body == NULL || status != 200)
    bench_die ("GET %s: %u %s", url, status, error ? error->message : "");
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error))
    bench_die ("GET %s: %s", url, error->message);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Fills product_id (the demo eSIM: stock 100000, any quantity) and the
 * order ids the get load reads. */
static void
prepare (Target      *target,
         SoupSession *session,
         const char  *pat,
         const char  *sam)
{
  g_autofree char *products_url = g_strconcat (target->urls[0], "/api/v1/products", NULL);
  g_autofree char *orders_url = g_strconcat (target->urls[0], "/api/v1/orders?limit=200", NULL);
  g_autoptr(JsonObject) products = get_json (session, products_url, pat);
  g_autoptr(JsonObject) orders = get_json (session, orders_url, sam);
  JsonArray *items = json_object_get_array_member (products, "items");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *product = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (product, "code"), "EU-ESIM") == 0)
        target->product_id = g_strdup (json_object_get_string_member (product, "id"));
    }
  if (target->product_id == NULL)
    bench_die ("no EU-ESIM product in the demo data");
  items = json_object_get_array_member (orders, "items");
  target->order_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (target->order_ids,
                     g_strdup (json_object_get_string_member (json_array_get_object_element (items, i), "id")));
  if (target->order_ids->len == 0)
    bench_die ("no orders to read");
  target->ship_date = g_date_time_format (later, "%Y-%m-%d");
}

static char **
login_clients (SoupSession *session,
               Target      *target,
               const char  *login,
               guint        n)
{
  char **tokens = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      if ((tokens[i] = bench_login (session, target->urls[i % target->n_urls], login, &error)) == NULL)
        bench_die ("login %s: %s", login, error->message);
    }
  return tokens;
}

static double
servers_cpu_ms (GSubprocess **servers,
                guint         n)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    total += bench_child_cpu_ms (servers[i]);
  return total;
}

static void
report (const char            *what,
        guint                  instances,
        const BenchLoadResult *result,
        double                 cpu_ms,
        double                 warmup)
{
  /* The CPU time covers the warm-up too: scale it to the measured part. */
  cpu_ms *= result->seconds / (result->seconds + warmup);
  printf ("pg.%s instances=%u rate=%.1f/s p50=%.2fms p99=%.2fms failed=%" G_GUINT64_FORMAT
          " server_cpu_per_request=%.0fus\n",
          what, instances, result->per_second, result->p50_ms, result->p99_ms, result->failed,
          cpu_ms * 1000.0 / MAX (result->ok + result->failed, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *store = NULL;
  int instances = 1, clients = 16;
  double seconds = 10;
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, "PostgreSQL URI of an empty or demo database", "URI" },
    { "instances", 0, 0, G_OPTION_ARG_INT, &instances, "procure-server instances (default 1)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Duration of each run (default 10)", "S" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Concurrent clients (default 16)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— procure-server on PostgreSQL, N instances");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  GSubprocess **servers;
  g_auto(GStrv) pat_tokens = NULL;
  g_auto(GStrv) sam_tokens = NULL;
  Target target = { NULL };
  BenchLoadResult create, get;
  double cpu_before;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || store == NULL
      || instances < 1 || clients < 1)
    bench_die ("%s", error ? error->message : "--store URI is required");

  servers = g_new0 (GSubprocess *, instances);
  target.urls = g_new0 (char *, instances + 1);
  target.n_urls = (guint) instances;
  for (int i = 0; i < instances; i++)
    {
      /* The first seeds the demo data into an empty database. */
      const char *server_argv[] = { bench_require_env ("PROCURE_SERVER"), "--store", store,
                                    "--listen", "127.0.0.1:0", i == 0 ? "--demo" : NULL, NULL };

      if ((servers[i] = bench_spawn_url (server_argv, &target.urls[i], &error)) == NULL)
        bench_die ("procure-server: %s", error->message);
    }
  pat_tokens = login_clients (session, &target, "pat", (guint) clients);
  sam_tokens = login_clients (session, &target, "sam", (guint) clients);
  prepare (&target, session, pat_tokens[0], sam_tokens[0]);

  cpu_before = servers_cpu_ms (servers, (guint) instances);
  bench_load_run ((guint) clients, seconds / 5, seconds, pat_tokens, 201,
                  create_order_request, &target, &create);
  report ("create_order", (guint) instances, &create,
          servers_cpu_ms (servers, (guint) instances) - cpu_before, seconds / 5);
  cpu_before = servers_cpu_ms (servers, (guint) instances);
  bench_load_run ((guint) clients, seconds / 5, seconds, sam_tokens, 200,
                  get_order_request, &target, &get);
  report ("get_order", (guint) instances, &get,
          servers_cpu_ms (servers, (guint) instances) - cpu_before, seconds / 5);

  for (int i = 0; i < instances; i++)
    {
      bench_stop (servers[i]);
      g_object_unref (servers[i]);
    }
  g_free (servers);
  g_strfreev (target.urls);
  g_free (target.product_id);
  g_free (target.ship_date);
  g_ptr_array_unref (target.order_ids);
  return create.failed + get.failed > 0 ? 1 : 0;
}
