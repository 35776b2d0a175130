/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "client-test-server.h"

static SoupSession *
sync_session (void)
{
  static SoupSession *session;

  /* Its own session, so synchronous calls never run the main loop. */
  if (session == NULL)
    session = soup_session_new_with_options ("timeout", (guint) (10 * test_timeout_scale ()), NULL);
  return session;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
spawn (TestServer *server,
       const char *listen)
{
  const char *exe = g_getenv ("PROCURE_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* If the test dies, the server must not outlive it (it holds the test
   * log's pipes open). */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (server->tls != NULL)
    server->process = g_subprocess_launcher_spawn (launcher, &error, exe, "--demo", "--db", server->db,
                                                   "--listen", listen,
                                                   "--tls-cert", server->tls->cert_path,
                                                   "--tls-key", server->tls->key_path, NULL);
  else
    server->process = g_subprocess_launcher_spawn (launcher, &error, exe, "--demo", "--db", server->db,
                                                   "--listen", listen, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, server->tls ? "https://127.0.0.1:" : "http://127.0.0.1:"));
  g_free (server->url);
  server->url = g_strdup (line);
  colon = strrchr (line, ':');
  server->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
}

gboolean
test_server_prepare (TestServer *server)
{
  if (g_getenv ("PROCURE_SERVER") == NULL)
    {
      g_test_skip ("PROCURE_SERVER is not set");
      return FALSE;
    }
  if (server->dir == NULL)
    server->dir = g_dir_make_tmp ("procure-client-XXXXXX", NULL);
  g_assert_nonnull (server->dir);
  return TRUE;
}

gboolean
test_server_start (TestServer *server)
{
  if (!test_server_prepare (server))
    return FALSE;
  server->db = g_build_filename (server->dir, "server.db", NULL);
  spawn (server, "127.0.0.1:0");
  return TRUE;
}

void
test_server_restart (TestServer *server)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autofree char *old_url = g_strdup (server->url);

  g_assert_null (server->process);
  spawn (server, listen);
  g_assert_cmpstr (server->url, ==, old_url);
}

void
test_server_stop (TestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
test_server_free (TestServer *server)
{
  test_server_stop (server);
  if (server->dir != NULL)
    remove_tree (server->dir);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->db, g_free);
  g_clear_pointer (&server->url, g_free);
}

static gboolean
accept_test_certificate (SoupMessage          *msg,
                         GTlsCertificate      *certificate,
                         GTlsCertificateFlags  errors,
                         gpointer              user_data)
{
  g_autoptr(GTlsCertificate) trusted = g_tls_certificate_new_from_pem (user_data, -1, NULL);

  return trusted != NULL && g_tls_certificate_is_same (certificate, trusted);
}

JsonNode *
test_http (TestServer  *server,
           const char  *method,
           const char  *path,
           const char  *token,
           const char  *body,
           const char  *if_match,
           guint       *out_status)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  if (server->tls != NULL)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_test_certificate), server->tls->pem);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (if_match != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", if_match);
      soup_message_headers_replace (headers, "If-Match", quoted);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (sync_session (), msg, NULL, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &size);
  return size > 0 ? procure_json_parse (data, size, NULL) : NULL;
}

char *
test_login_token (TestServer *server,
                  const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"demo\"}", login);
  guint status = 0;
  g_autoptr(JsonNode) node = test_http (server, "POST", "/api/v1/session", NULL, body, NULL, &status);

  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

GPtrArray *
test_list_orders (TestServer *server,
                  const char *token)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *path = cursor
        ? g_strdup_printf ("/api/v1/orders?limit=100&cursor=%s", cursor)
        : g_strdup ("/api/v1/orders?limit=100");
      guint status = 0;
      g_autoptr(JsonNode) node = test_http (server, "GET", path, token, NULL, NULL, &status);
      JsonObject *page;
      JsonArray *items;
      JsonNode *next;

      g_assert_cmpuint (status, ==, 200);
      page = json_node_get_object (node);
      items = json_object_get_array_member (page, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (orders, json_node_copy (json_array_get_element (items, i)));
      next = json_object_get_member (page, "next");
      g_clear_pointer (&cursor, g_free);
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_uri_escape_string (json_node_get_string (next), NULL, TRUE);
    }
  while (cursor != NULL);
  return orders;
}

static gboolean
mark_fired (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

double
test_timeout_scale (void)
{
  const char *text = g_getenv ("PROCURE_TEST_TIMEOUT_SCALE");
  double scale = text ? g_ascii_strtod (text, NULL) : 1.0;

  return scale >= 1.0 ? scale : 1.0;
}

void
test_iterate (void)
{
  gboolean fired = FALSE;
  guint id = g_timeout_add (10, mark_fired, &fired);

  g_main_context_iteration (NULL, TRUE);
  if (!fired)
    g_source_remove (id);
}
