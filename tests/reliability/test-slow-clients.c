/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow and absent clients against the real procure-server, started with a
 * 2 s --request-timeout and --max-connections-per-peer 8: connections that
 * never finish their headers, trickle them, trickle a body or stay idle are
 * closed after the timeout while everyone else is served; one address
 * cannot hold more than its share of connections; connections that
 * clients close are closed on the server too (no descriptor leak); SIGTERM
 * does not wait for idle connections.
 */
#define G_LOG_DOMAIN "test-reliability"

#include "config.h"

#include <string.h>

#include "raw-http.h"
#include "test-server-common.h"

#define TIMEOUT_S   2
#define PEER_CAP    8
/* Closed no sooner than the timeout allows and no later than the timeout,
 * the watchdog's sweep and a loaded machine's scheduling do. */
#define EARLIEST_S  (TIMEOUT_S - 0.5)
#define LATEST_S    (TIMEOUT_S + 6.0)

static TestServer *server;
static guint16 port;
static char *pat;

static const char * const server_args[] = {
  "--request-timeout", G_STRINGIFY (TIMEOUT_S),
  "--max-connections-per-peer", G_STRINGIFY (PEER_CAP),
  NULL
};

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* A normal client gets its answer promptly while the slow ones hang on. */
static void
assert_others_served (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/products", pat);

  test_assert_status (response, 200);
  g_assert_cmpfloat (seconds_since (start), <, 2.0);
}

static void
assert_closed_in_time (GSocket *socket,
                       gint64   opened)
{
  double closed = raw_wait_closed (socket, LATEST_S + 1);

  g_assert_cmpfloat (closed, >=, 0);
  g_assert_cmpfloat (seconds_since (opened), >=, EARLIEST_S);
  g_assert_cmpfloat (seconds_since (opened), <=, LATEST_S);
}

/* Sends @data one byte every @interval_ms until the server closes the
 * connection; returns what the server sent back meanwhile. */
static char *
trickle_until_closed (GSocket    *socket,
                      const char *data,
                      guint       interval_ms,
                      gint64      opened)
{
  g_autoptr(GString) received = g_string_new (NULL);
  gsize sent = 0;

  while (seconds_since (opened) < LATEST_S + 1)
    {
      char buffer[1024];
      gssize got;

      if (sent < strlen (data) && !raw_send (socket, data + sent++, 1))
        return g_string_free (g_steal_pointer (&received), FALSE);
      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          interval_ms * 1000, NULL, NULL))
        continue;
      got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (got <= 0)
        return g_string_free (g_steal_pointer (&received), FALSE);
      g_string_append_len (received, buffer, got);
    }
  g_assert_not_reached ();
}

static void
test_unfinished_headers (void)
{
  GSocket *stalled[4];
  gint64 opened = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (stalled); i++)
    {
      stalled[i] = raw_connect (port, NULL);
      g_assert_true (raw_send (stalled[i], "GET /api/v1/products HTTP/1.1\r\nHost: x\r\nX-Slow: ", -1));
    }
  assert_others_served ();
  for (guint i = 0; i < G_N_ELEMENTS (stalled); i++)
    {
      assert_closed_in_time (stalled[i], opened);
      g_object_unref (stalled[i]);
    }
}

/* Sending a byte now and then does not extend the deadline. */
static void
test_trickled_headers (void)
{
  g_autoptr(GSocket) socket = raw_connect (port, NULL);
  gint64 opened = g_get_monotonic_time ();
  g_autofree char *headers = g_strnfill (200, 'a');
  g_autofree char *request = g_strdup_printf ("GET /api/v1/products HTTP/1.1\r\nHost: x\r\nX-Slow: %s\r\n\r\n", headers);
  g_autofree char *answer = NULL;

  assert_others_served ();
  answer = trickle_until_closed (socket, request, 100, opened);
  g_assert_cmpstr (answer, ==, "");
  g_assert_cmpfloat (seconds_since (opened), >=, EARLIEST_S);
  g_assert_cmpfloat (seconds_since (opened), <=, LATEST_S);
}

static void
test_idle_connection (void)
{
  g_autoptr(GSocket) socket = raw_connect (port, NULL);
  gint64 opened = g_get_monotonic_time ();

  assert_others_served ();
  assert_closed_in_time (socket, opened);
}

static guint
count_orders_noted (const char *marker)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?limit=200&q=%s", marker);
  g_autoptr(TestResponse) response = test_get (server, path, pat);

  test_assert_status (response, 200);
  return json_array_get_length (test_json_array (response->json, "items"));
}

/* A body that never completes is dropped: closed, not answered, and no
 * order exists afterwards. */
static void
test_trickled_body (void)
{
  g_autoptr(GSocket) socket = raw_connect (port, NULL);
  gint64 opened = g_get_monotonic_time ();
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autofree char *date = test_date (7);
  g_autofree char *body = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": 10}],"
                                           " \"address_id\": \"adr-2\", \"requested_ship_date\": \"%s\","
                                           " \"notes\": \"slowbody-7c1f\"}", product, date);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/orders HTTP/1.1\r\nHost: x\r\n"
                                           "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n\r\n", pat, strlen (body));
  g_autofree char *answer = NULL;

  g_assert_true (raw_send (socket, head, -1));
  assert_others_served ();
  /* 100 ms a byte: the whole body would need far longer than the timeout. */
  answer = trickle_until_closed (socket, body, 100, opened);
  g_assert_false (g_str_has_prefix (answer, "HTTP/1.1 2"));
  g_assert_cmpfloat (seconds_since (opened), >=, EARLIEST_S);
  g_assert_cmpfloat (seconds_since (opened), <=, LATEST_S);
  g_assert_cmpuint (count_orders_noted ("slowbody-7c1f"), ==, 0);
}

/* Real clients are not hurt: libsoup reconnects when the server has closed
 * an idle kept-alive connection. */
static void
test_keepalive_client_survives (void)
{
  g_autoptr(TestResponse) first = test_get (server, "/api/v1/products", pat);
  g_autoptr(TestResponse) second = NULL;

  test_assert_status (first, 200);
  g_usleep ((TIMEOUT_S + 1) * G_USEC_PER_SEC);
  second = test_get (server, "/api/v1/products", pat);
  test_assert_status (second, 200);
}

static guint
exchange_on (GSocket    *socket,
             const char *request)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  char buffer[4096];
  gssize got;

  g_socket_set_timeout (socket, 10);
  g_assert_true (raw_send (socket, request, -1));
  while ((got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, got);
  return g_str_has_prefix (answer->str, "HTTP/1.1 ") ? (guint) atoi (answer->str + 9) : 0;
}

/* 127.0.0.2 is another client as far as the server can tell. */
static void
test_connections_per_peer (void)
{
  GSocket *held[PEER_CAP];
  g_autoptr(GSocket) extra = NULL;
  g_autoptr(GSocket) later = NULL;
  gint64 opened = g_get_monotonic_time ();

  for (guint i = 0; i < PEER_CAP; i++)
    held[i] = raw_connect (port, "127.0.0.2");
  /* One more is closed at once, long before any timeout. */
  extra = raw_connect (port, "127.0.0.2");
  g_assert_cmpfloat (raw_wait_closed (extra, 1.0), >=, 0);
  g_assert_cmpfloat (seconds_since (opened), <, EARLIEST_S);
  assert_others_served ();
  for (guint i = 0; i < PEER_CAP; i++)
    {
      assert_closed_in_time (held[i], opened);
      g_object_unref (held[i]);
    }
  /* Once they are gone the address is welcome again. */
  later = raw_connect (port, "127.0.0.2");
  g_assert_cmpuint (exchange_on (later, "GET /api/v1/products HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    ==, 401);
}

static guint
settled_fd_count (const char *pid,
                  guint       at_most,
                  double      within_s)
{
  gint64 start = g_get_monotonic_time ();
  guint n = raw_count_fds (pid);

  while (n > at_most && seconds_since (start) < within_s)
    {
      g_usleep (100 * 1000);
      n = raw_count_fds (pid);
    }
  return n;
}

/* A kept-alive connection that the client closes after its answer: libsoup
 * 3.2 alone leaves its descriptor open forever (one per connection). */
static void
test_no_descriptor_leak (void)
{
  const char *pid = g_subprocess_get_identifier (server->process);
  guint before = settled_fd_count (pid, 0, 3.0);
  guint after;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GSocket) socket = raw_connect (port, NULL);
      char buffer[4096];

      g_socket_set_timeout (socket, 10);
      g_assert_true (raw_send (socket, "GET /api/v1/products HTTP/1.1\r\nHost: x\r\n\r\n", -1));
      g_assert_cmpint (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL), >, 0);
      g_socket_close (socket, NULL);
    }
  after = settled_fd_count (pid, before + 2, 5.0);
  g_test_message ("descriptors: %u before, %u after 300 connections", before, after);
  g_assert_cmpuint (after, <=, before + 2);
  assert_others_served ();
}

/* SIGTERM closes idle and stalled connections instead of waiting 10 s for
 * them as requests in flight. */
static void
test_shutdown_ignores_idle (void)
{
  TestServer *other = test_server_start (NULL, TRUE, NULL);
  guint16 other_port = raw_port (other->url);
  g_autoptr(GSocket) idle = raw_connect (other_port, NULL);
  g_autoptr(GSocket) stalled = raw_connect (other_port, NULL);
  g_autoptr(TestResponse) response = test_get (other, "/api/v1/products", NULL);
  gint64 start;

  test_assert_status (response, 401);
  g_assert_true (raw_send (stalled, "GET /api/v1/products HTTP/1.1\r\nHo", -1));
  g_usleep (200 * 1000);
  start = g_get_monotonic_time ();
  test_server_stop (other);
  g_assert_cmpfloat (seconds_since (start), <, 3.0);
  test_server_free (other);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = test_server_start (NULL, TRUE, server_args);
  port = raw_port (server->url);
  pat = test_login (server, "pat");

  g_test_add_func ("/reliability/slow/unfinished-headers", test_unfinished_headers);
  g_test_add_func ("/reliability/slow/trickled-headers", test_trickled_headers);
  g_test_add_func ("/reliability/slow/idle-connection", test_idle_connection);
  g_test_add_func ("/reliability/slow/trickled-body", test_trickled_body);
  g_test_add_func ("/reliability/slow/keepalive-client-survives", test_keepalive_client_survives);
  g_test_add_func ("/reliability/slow/connections-per-peer", test_connections_per_peer);
  g_test_add_func ("/reliability/slow/no-descriptor-leak", test_no_descriptor_leak);
  g_test_add_func ("/reliability/slow/shutdown-ignores-idle", test_shutdown_ignores_idle);
  status = g_test_run ();
  g_free (pat);
  test_server_free (server);
  return status;
}
