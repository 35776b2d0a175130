/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include "bench-load.h"

typedef struct _Load Load;

typedef struct {
  Load        *load;
  guint        index;
  SoupSession *session;
  const char  *token;
  double       sent_at;
  SoupMessage *msg;
} Client;

struct _Load {
  GMainLoop        *loop;
  BenchRequestFunc  request_func;
  gpointer          user_data;
  guint             expected_status;
  double            count_from;     /* answers before this are warm-up */
  double            deadline;
  guint             in_flight;
  guint64           serial;
  GArray           *latencies;      /* ms, counted answers only */
  BenchLoadResult  *result;
};

static void send_next (Client *client);

static void
record (Client *client,
        guint   status,
        double  now)
{
  Load *load = client->load;

  if (now < load->count_from)
    return;
  if (status == load->expected_status)
    {
      double ms = (now - client->sent_at) * 1000.0;

      load->result->ok++;
      g_array_append_val (load->latencies, ms);
    }
  else
    {
      load->result->failed++;
      if (load->result->first_bad_status == 0)
        load->result->first_bad_status = status;
    }
}

static void
on_answer (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);
  double now = bench_now ();

  record (client, body ? soup_message_get_status (client->msg) : 0, now);
  if (error != NULL && client->load->result->failed == 1)
    g_printerr ("bench-load: %s\n", error->message);
  g_clear_object (&client->msg);
  if (now < client->load->deadline)
    {
      send_next (client);
      return;
    }
  if (--client->load->in_flight == 0)
    g_main_loop_quit (client->load->loop);
}

static void
send_next (Client *client)
{
  Load *load = client->load;

  client->msg = load->request_func (client->index, load->serial++, load->user_data);
  if (client->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", client->token);
      soup_message_headers_replace (soup_message_get_request_headers (client->msg),
                                    "Authorization", auth);
    }
  client->sent_at = bench_now ();
  soup_session_send_and_read_async (client->session, client->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_answer, client);
}

void
bench_load_run (guint             n_clients,
                double            warmup,
                double            seconds,
                char            **tokens,
                guint             expected_status,
                BenchRequestFunc  request_func,
                gpointer          user_data,
                BenchLoadResult  *result)
{
  g_autofree Client *clients = g_new0 (Client, n_clients);
  double start = bench_now ();
  Load load = {
    .loop = g_main_loop_new (NULL, FALSE),
    .request_func = request_func,
    .user_data = user_data,
    .expected_status = expected_status,
    .count_from = start + warmup,
    .deadline = start + warmup + seconds,
    .latencies = g_array_new (FALSE, FALSE, sizeof (double)),
    .result = result,
  };

  memset (result, 0, sizeof *result);
  for (guint i = 0; i < n_clients; i++)
    {
      clients[i] = (Client) { &load, i, soup_session_new_with_options ("max-conns-per-host", 1, NULL),
                              tokens ? tokens[i] : NULL, 0, NULL };
      load.in_flight++;
      send_next (&clients[i]);
    }
  g_main_loop_run (load.loop);

  result->seconds = bench_now () - load.count_from;
  result->per_second = result->ok / result->seconds;
  result->p50_ms = bench_percentile (load.latencies, 50);
  result->p99_ms = bench_percentile (load.latencies, 99);
  for (guint i = 0; i < n_clients; i++)
    g_object_unref (clients[i].session);
  g_array_unref (load.latencies);
  g_main_loop_unref (load.loop);
}
