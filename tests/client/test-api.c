/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ProcureApi against a small local SoupServer whose answers the test
 * controls (transient failures, error bodies, slow answers, TLS), to pin
 * down retries, Retry-After, timeouts, error mapping and certificate
 * pinning. The real procure-server is exercised in test-session.c.
 */
#define G_LOG_DOMAIN "test-api"

#include "config.h"

#include "procure-client.h"
#include "procure-api-private.h"
#include "test-certificate.h"

#include <glib/gstdio.h>

typedef struct {
  SoupServer *server;
  char       *base_url;
  guint       flaky_hits;
  guint       limited_hits;
  char       *seen_if_match;
  char       *seen_key;
  char       *seen_auth;
  GPtrArray  *paused;
} Fixture;

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/flaky"))
    {
      /* Two 503s, then success. */
      if (++fixture->flaky_hits <= 2)
        {
          soup_message_headers_replace (response, "Retry-After", "0");
          reply_json (msg, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}");
        }
      else
        reply_json (msg, 200, "{\"ok\":true}");
    }
  else if (g_str_equal (path, "/limited"))
    {
      fixture->limited_hits++;
      soup_message_headers_replace (response, "Retry-After", "1");
      reply_json (msg, 429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}");
    }
  else if (g_str_equal (path, "/invalid"))
    reply_json (msg, 422, "{\"error\":{\"code\":\"invalid\",\"message\":\"Quantity too small\","
                          "\"field\":\"lines[0].quantity\"}}");
  else if (g_str_equal (path, "/stale"))
    reply_json (msg, 412, "{\"error\":{\"code\":\"stale\",\"message\":\"Version changed\"}}");
  else if (g_str_equal (path, "/garbage"))
    reply_json (msg, 200, "{not json");
  else if (g_str_equal (path, "/empty"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (g_str_equal (path, "/echo"))
    {
      g_free (fixture->seen_if_match);
      g_free (fixture->seen_key);
      g_free (fixture->seen_auth);
      fixture->seen_if_match = g_strdup (soup_message_headers_get_one (request, "If-Match"));
      fixture->seen_key = g_strdup (soup_message_headers_get_one (request, "Idempotency-Key"));
      fixture->seen_auth = g_strdup (soup_message_headers_get_one (request, "Authorization"));
      soup_message_headers_replace (response, "ETag", "\"8\"");
      reply_json (msg, 200, "{\"id\":\"ord-1\",\"version\":8}");
    }
  else if (g_str_equal (path, "/silent"))
    {
      /* Never answer: the client's timeout must fire. */
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
    }
  else
    reply_json (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}");
}

static void
start_server (Fixture         *fixture,
              GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  fixture->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture->server, NULL, handle, fixture, NULL);
  soup_server_listen_local (fixture->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" without the trailing slash */
  fixture->base_url = g_strndup (uri, strlen (uri) - 1);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  start_server (fixture, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_ptr_array_unref (fixture->paused);
  g_clear_object (&fixture->server);
  g_free (fixture->base_url);
  g_free (fixture->seen_if_match);
  g_free (fixture->seen_key);
  g_free (fixture->seen_auth);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs one request to completion. */
static JsonNode *
call (ProcureApi  *api,
      const char  *method,
      const char  *path,
      const char  *if_match,
      const char  *key,
      char       **etag,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"a\":1}", NULL);

  procure_api_request_async (api, method, path, g_str_equal (method, "GET") ? NULL : body,
                             if_match, key, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return procure_api_request_finish (api, result, etag, error);
}

static void
test_safe_request_retried (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = call (api, "GET", "/flaky", NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  g_assert_cmpuint (fixture->flaky_hits, ==, 3);
}

static void
test_post_retried_only_with_key (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = call (api, "POST", "/flaky", NULL, NULL, NULL, &error);
  g_autoptr(JsonNode) node = NULL;

  /* No key: a POST might create twice, so it is tried once. */
  g_assert_null (refused);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_SERVER);
  g_assert_cmpuint (procure_api_error_get_http_status (error), ==, 503);
  g_assert_true (procure_api_error_is_transient (error));
  g_assert_cmpuint (fixture->flaky_hits, ==, 1);
  g_clear_error (&error);

  node = call (api, "POST", "/flaky", NULL, "key-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (fixture->flaky_hits, ==, 3);
}

static void
test_retry_after_honoured (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(JsonNode) node = NULL;

  procure_api_set_max_retries (api, 1);
  node = call (api, "GET", "/limited", NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fixture->limited_hits, ==, 2);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.95);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(JsonNode) node = NULL;

  /* /limited asks for 1 s; cancel after 100 ms. */
  procure_api_request_async (api, "GET", "/limited", NULL, NULL, NULL, cancellable, store_result, &result);
  g_timeout_add (100, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  node = procure_api_request_finish (api, result, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 0.9);
  g_assert_cmpuint (fixture->limited_hits, ==, 1);
}

static void
test_retry_delay (void)
{
  g_assert_cmpfloat (procure_api_retry_delay (0, "5"), ==, 5.0);
  g_assert_cmpfloat (procure_api_retry_delay (0, "100000"), ==, 60.0);
  g_assert_cmpfloat (procure_api_retry_delay (0, NULL), ==, 0.5);
  g_assert_cmpfloat (procure_api_retry_delay (2, NULL), ==, 2.0);
  g_assert_cmpfloat (procure_api_retry_delay (20, NULL), ==, 30.0);
  g_assert_cmpfloat (procure_api_retry_delay (0, "Wed, 21 Oct 2015 07:28:00 GMT"), ==, 0.0);
  g_assert_cmpfloat (procure_api_retry_delay (1, "soon"), ==, 1.0);
}

static void
test_error_keeps_server_details (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = call (api, "POST", "/invalid", NULL, "k", NULL, &error);

  g_assert_null (node);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_BAD_REQUEST);
  g_assert_cmpstr (error->message, ==, "Quantity too small");
  g_assert_cmpuint (procure_api_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (procure_api_error_get_server_code (error), ==, "invalid");
  g_assert_cmpstr (procure_api_error_get_field (error), ==, "lines[0].quantity");
  g_assert_false (procure_api_error_is_transient (error));
  g_clear_error (&error);

  g_assert_null (call (api, "POST", "/stale", "3", "k", NULL, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_PRECONDITION);
  g_clear_error (&error);

  g_assert_null (call (api, "GET", "/nowhere", NULL, NULL, NULL, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (call (api, "GET", "/garbage", NULL, NULL, NULL, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_PROTOCOL);
  g_assert_null (procure_api_error_get_field (error));
}

static void
test_headers_and_etag (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) empty = NULL;

  procure_api_set_token (api, "secret-token");
  node = call (api, "POST", "/echo", "7", "key-42", &etag, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "8");
  g_assert_cmpstr (fixture->seen_if_match, ==, "\"7\"");
  g_assert_cmpstr (fixture->seen_key, ==, "key-42");
  g_assert_cmpstr (fixture->seen_auth, ==, "Bearer secret-token");

  empty = call (api, "DELETE", "/empty", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (empty));
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ProcureApi) api = procure_api_new (fixture->base_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(JsonNode) node = NULL;

  procure_api_set_timeout (api, 1);
  procure_api_set_max_retries (api, 0);
  node = call (api, "GET", "/silent", NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_NETWORK);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
}

static void
test_connection_refused (void)
{
  g_autoptr(ProcureApi) api = procure_api_new ("http://127.0.0.1:1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  procure_api_set_max_retries (api, 0);
  node = call (api, "GET", "/api/v1/me", NULL, NULL, NULL, &error);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_NETWORK);
  g_assert_true (procure_api_error_is_transient (error));
}

static void
remove_certificate (TestCertificate *cert)
{
  if (cert->cert_path != NULL)
    g_unlink (cert->cert_path);
  if (cert->key_path != NULL)
    g_unlink (cert->key_path);
  test_certificate_clear (cert);
}

static void
test_tls_pinning (void)
{
  Fixture fixture = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("procure-api-tls-XXXXXX", NULL);
  TestCertificate server_cert, other_cert;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(ProcureApi) api = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *server_pem, *other_pem;

  /* Made now, not kept in the tree. */
  if (!test_certificate_make (&server_cert, dir, "server") ||
      !test_certificate_make (&other_cert, dir, "other"))
    {
      g_rmdir (dir);
      return;
    }
  server_pem = server_cert.pem;
  other_pem = other_cert.pem;
  cert = g_tls_certificate_new_from_files (server_cert.cert_path, server_cert.key_path, &error);
  g_assert_no_error (error);
  fixture.paused = g_ptr_array_new_with_free_func (g_object_unref);
  start_server (&fixture, cert);
  g_assert_true (g_str_has_prefix (fixture.base_url, "https://"));
  api = procure_api_new (fixture.base_url);
  procure_api_set_max_retries (api, 0);

  /* Self-signed: refused, and the certificate is offered for pinning. */
  node = call (api, "GET", "/flaky", NULL, NULL, NULL, &error);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
  g_assert_cmpstr (procure_api_error_get_certificate_pem (error), ==, server_pem);
  g_clear_error (&error);
  g_assert_cmpuint (fixture.flaky_hits, ==, 0);

  /* Another pinned certificate does not open the door. */
  g_assert_true (procure_api_set_pinned_certificate (api, other_pem, &error));
  node = call (api, "GET", "/flaky", NULL, NULL, NULL, &error);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
  g_clear_error (&error);

  /* The one the user trusted does. */
  g_assert_true (procure_api_set_pinned_certificate (api, server_pem, &error));
  g_assert_cmpstr (procure_api_get_pinned_certificate (api), ==, server_pem);
  procure_api_set_max_retries (api, 3);
  node = call (api, "GET", "/flaky", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_false (procure_api_set_pinned_certificate (api, "not a certificate", &error));
  g_assert_nonnull (error);
  fixture_teardown (&fixture, NULL);
  remove_certificate (&server_cert);
  remove_certificate (&other_cert);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/api/safe-request-retried", Fixture, NULL,
              fixture_setup, test_safe_request_retried, fixture_teardown);
  g_test_add ("/client/api/post-retried-only-with-key", Fixture, NULL,
              fixture_setup, test_post_retried_only_with_key, fixture_teardown);
  g_test_add ("/client/api/retry-after-honoured", Fixture, NULL,
              fixture_setup, test_retry_after_honoured, fixture_teardown);
  g_test_add ("/client/api/error-keeps-server-details", Fixture, NULL,
              fixture_setup, test_error_keeps_server_details, fixture_teardown);
  g_test_add ("/client/api/headers-and-etag", Fixture, NULL,
              fixture_setup, test_headers_and_etag, fixture_teardown);
  g_test_add ("/client/api/timeout", Fixture, NULL,
              fixture_setup, test_timeout, fixture_teardown);
  g_test_add ("/client/api/cancel-during-backoff", Fixture, NULL,
              fixture_setup, test_cancel_during_backoff, fixture_teardown);
  g_test_add_func ("/client/api/retry-delay", test_retry_delay);
  g_test_add_func ("/client/api/connection-refused", test_connection_refused);
  g_test_add_func ("/client/api/tls-pinning", test_tls_pinning);

  return g_test_run ();
}
