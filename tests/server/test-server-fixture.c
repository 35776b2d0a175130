/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "test-server-fixture.h"

/* A failed assertion aborts the test program without stopping its servers;
 * they must not outlive it, or meson waits for their output until the
 * timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
read_url (GSubprocess *process)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));
  return line;
}

TestServer *
test_server_start (const char         *db,
                   gboolean            demo,
                   const char * const *extra)
{
  TestServer *server = g_new0 (TestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("PROCURE_SERVER");

  g_assert_nonnull (binary);
  if (db == NULL)
    {
      server->dir = g_dir_make_tmp ("procure-server-test-XXXXXX", &error);
      g_assert_no_error (error);
      server->db = g_build_filename (server->dir, "db", NULL);
    }
  else
    server->db = g_strdup (db);
  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  if (demo)
    g_ptr_array_add (argv, (char *) "--demo");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  server->url = read_url (server->process);
  server->session = soup_session_new_with_options ("max-conns-per-host", 16, "timeout", 30, NULL);
  return server;
}

void
test_server_stop (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_clear_object (&server->session);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

void
test_server_free (TestServer *server)
{
  test_server_stop (server);
  if (server->dir != NULL)
    remove_dir (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server);
}

void
test_response_free (TestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

static void
add_headers (SoupMessage        *msg,
             const char         *token,
             const char * const *headers)
{
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
}

TestResponse *
test_try_request (TestServer         *server,
                  const char         *method,
                  const char         *path,
                  const char         *token,
                  const char         *body,
                  const char * const *headers,
                  GError            **error)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  TestResponse *response;
  gsize size;
  const char *data;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  add_headers (msg, token, headers);
  if ((reply = soup_session_send_and_read (server->session, msg, NULL, error)) == NULL)
    return NULL;
  response = g_new0 (TestResponse, 1);
  response->body = g_steal_pointer (&reply);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (response->body, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
        response->json = json_node_ref (json_parser_get_root (parser));
    }
  return response;
}

TestResponse *
test_request (TestServer         *server,
              const char         *method,
              const char         *path,
              const char         *token,
              const char         *body,
              const char * const *headers)
{
  g_autoptr(GError) error = NULL;
  TestResponse *response = test_try_request (server, method, path, token, body, headers, &error);

  g_assert_no_error (error);
  return response;
}

TestResponse *
test_get (TestServer *server,
          const char *path,
          const char *token)
{
  return test_request (server, "GET", path, token, NULL, NULL);
}

TestResponse *
test_action (TestServer *server,
             const char *token,
             const char *order_id,
             const char *action,
             const char *if_match,
             const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/actions/%s", order_id, action);
  const char *headers[] = { "If-Match", if_match, NULL };

  return test_request (server, "POST", path, token, body, if_match ? headers : NULL);
}

char *
test_login (TestServer *server,
            const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"demo\"}", login);
  g_autoptr(TestResponse) response = test_request (server, "POST", "/api/v1/session", NULL, body, NULL);

  test_assert_status (response, 201);
  return g_strdup (test_json_string (response->json, "token"));
}

JsonNode *
test_json_member (JsonNode   *node,
                  const char *member)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_get_member (json_node_get_object (node), member);
}

const char *
test_json_string (JsonNode   *node,
                  const char *member)
{
  JsonNode *value = test_json_member (node, member);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  return json_node_get_string (value);
}

gint64
test_json_int (JsonNode   *node,
               const char *member)
{
  JsonNode *value = test_json_member (node, member);

  g_assert_nonnull (value);
  return json_node_get_int (value);
}

JsonArray *
test_json_array (JsonNode   *node,
                 const char *member)
{
  JsonNode *value = test_json_member (node, member);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (value));
  return json_node_get_array (value);
}

const char *
test_error_code (TestResponse *response)
{
  return test_json_string (test_json_member (response->json, "error"), "code");
}

const char *
test_error_field (TestResponse *response)
{
  return test_json_string (test_json_member (response->json, "error"), "field");
}

char *
test_etag (TestResponse *response)
{
  return g_strdup (soup_message_headers_get_one (response->headers, "ETag"));
}

void
test_assert_status_impl (TestResponse *response,
                         guint         expected,
                         const char   *file,
                         int           line)
{
  if (response->status == expected)
    return;
  g_printerr ("%s:%d: expected HTTP %u, got %u: %.*s\n", file, line, expected, response->status,
              (int) MIN (g_bytes_get_size (response->body), 2000),
              (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, expected);
}

char *
test_find_order (TestServer *server,
                 const char *token,
                 const char *account_id,
                 const char *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?limit=200&status=%s&account_id=%s",
                                           status, account_id);
  g_autoptr(TestResponse) response = test_get (server, path, token);
  JsonArray *items;

  test_assert_status (response, 200);
  items = test_json_array (response->json, "items");
  if (json_array_get_length (items) == 0)
    return NULL;
  return g_strdup (test_json_string (json_array_get_element (items, 0), "id"));
}

/* Written here, not taken from core, so the test checks core too. */
static int
luhn_digit (const char *payload)
{
  int sum = 0;
  gsize n = strlen (payload);

  for (gsize i = 0; i < n; i++)
    {
      int d = payload[n - 1 - i] - '0';
      if (i % 2 == 0)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return (10 - sum % 10) % 10;
}

char *
test_sims_json (guint first,
                guint count)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *payload = g_strdup_printf ("894977%012u", first + i);

      g_string_append_printf (json, "%s{\"iccid\": \"%s%d\", \"imsi\": \"90170%010u\","
                              " \"msisdn\": \"+3161%08u\"}",
                              i ? ", " : "", payload, luhn_digit (payload), first + i, first + i);
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}
