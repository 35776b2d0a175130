/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * TLS end to end: the real procure-server serves HTTPS with a self-signed
 * certificate made in the test (openssl); the client refuses it until the
 * user trusts exactly that certificate for that server, then signs in, syncs
 * and receives pushes over wss://. Plain HTTP to the TLS port fails at once
 * with an error (no hang, no misparsed answer).
 */
#define G_LOG_DOMAIN "test-tls"

#include "config.h"

#include <string.h>

#include "procure-client.h"
#include "client-test-server.h"
#include "test-certificate.h"

typedef struct {
  TestServer      server;
  TestCertificate cert;    /* the server's */
  TestCertificate other;   /* a stranger's */
  char           *cache_dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  if (!test_server_prepare (&fixture->server) ||
      !test_certificate_make (&fixture->cert, fixture->server.dir, "server") ||
      !test_certificate_make (&fixture->other, fixture->server.dir, "other"))
    return;
  fixture->server.tls = &fixture->cert;
  test_server_start (&fixture->server);
  fixture->cache_dir = g_build_filename (fixture->server.dir, "cache", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_server_free (&fixture->server);
  test_certificate_clear (&fixture->cert);
  test_certificate_clear (&fixture->other);
  g_free (fixture->cache_dir);
}

#define REQUIRE_SERVER(fixture) G_STMT_START { if ((fixture)->server.url == NULL) return; } G_STMT_END

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static JsonNode *
call (ProcureApi  *api,
      const char  *method,
      const char  *path,
      const char  *body,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = body ? json_from_string (body, NULL) : NULL;

  procure_api_request_async (api, method, path, node, NULL, NULL, NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 30);
  return procure_api_request_finish (api, result, NULL, error);
}

static JsonNode *
log_in (ProcureApi  *api,
        GError     **error)
{
  return call (api, "POST", "/api/v1/session", "{\"login\":\"pat\",\"password\":\"demo\"}", error);
}

static gboolean
same_certificate (const char *pem_a,
                  const char *pem_b)
{
  g_autoptr(GTlsCertificate) a = pem_a ? g_tls_certificate_new_from_pem (pem_a, -1, NULL) : NULL;
  g_autoptr(GTlsCertificate) b = pem_b ? g_tls_certificate_new_from_pem (pem_b, -1, NULL) : NULL;

  return a != NULL && b != NULL && g_tls_certificate_is_same (a, b);
}

static void
test_refused_until_trusted (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ProcureApi) api = NULL;
  g_autoptr(ProcureApi) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autofree char *other_url = NULL;

  REQUIRE_SERVER (fixture);
  g_assert_true (g_str_has_prefix (fixture->server.url, "https://"));
  api = procure_api_new (fixture->server.url);
  procure_api_set_max_retries (api, 0);

  /* Not signed by anyone the system trusts: refused before any request is
   * sent, and the certificate is offered for the user to inspect. */
  refused = log_in (api, &error);
  g_assert_null (refused);
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
  g_assert_false (procure_api_error_is_transient (error));
  g_assert_true (same_certificate (procure_api_error_get_certificate_pem (error), fixture->cert.pem));
  g_assert_true (same_certificate (procure_api_get_refused_certificate (api), fixture->cert.pem));
  /* nothing was trusted for this server before: not a changed certificate */
  g_assert_false (procure_api_error_get_certificate_changed (error));
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);

  /* Trusting some other certificate does not open the door, and the
   * server's own now counts as a changed one. */
  g_assert_true (procure_api_set_pinned_certificate (api, fixture->other.pem, &error));
  g_assert_null (log_in (api, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
  g_assert_true (procure_api_error_get_certificate_changed (error));
  g_clear_error (&error);

  /* The user trusts this server's certificate: it works. */
  g_assert_true (procure_api_set_pinned_certificate (api, fixture->cert.pem, &error));
  g_assert_no_error (error);
  session = log_in (api, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (session), "token"));

  /* Trust is kept per server URL: a client for another URL (localhost
   * instead of 127.0.0.1) has not been told to trust anything. */
  other_url = g_strdup_printf ("https://localhost:%u", fixture->server.port);
  elsewhere = procure_api_new (other_url);
  procure_api_set_max_retries (elsewhere, 0);
  g_assert_null (log_in (elsewhere, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  *(guint *) user_data += added;
}

static void
test_session_over_https (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ProcureSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *ship_date = procure_date_today_string (10);
  g_autoptr(JsonNode) created = NULL;
  guint added = 0;
  guint status = 0;

  REQUIRE_SERVER (fixture);
  session = g_object_new (PROCURE_TYPE_SESSION, "server-url", fixture->server.url,
                          "cache-dir", fixture->cache_dir, "use-keyring", FALSE, NULL);

  /* Untrusted: sign-in fails with the TLS error, nothing is cached. */
  procure_session_sign_in_async (session, "pat", "demo", NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_false (procure_session_sign_in_finish (session, result, &error));
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS);
  g_assert_false (procure_session_get_signed_in (session));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Trusted: sign-in, first sync and the wss:// push all go through. */
  g_assert_true (procure_api_set_pinned_certificate (procure_session_get_api (session),
                                                     fixture->cert.pem, &error));
  procure_session_sign_in_async (session, "pat", "demo", NULL, store_result, &result);
  TEST_WAIT_UNTIL (result != NULL, 30);
  g_assert_true (procure_session_sign_in_finish (session, result, &error));
  g_assert_no_error (error);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE, 30);
  g_assert_cmpuint (g_list_model_get_n_items (procure_session_get_orders (session)), >, 0);
  g_signal_connect (procure_session_get_orders (session), "items-changed",
                    G_CALLBACK (on_items_changed), &added);

  /* Another device creates an order; the push arrives over the stream. */
  token = test_login_token (&fixture->server, "pat");
  body = g_strdup_printf ("{\"lines\":[{\"product_id\":\"prd-1\",\"quantity\":800}],"
                          "\"address_id\":\"adr-1\",\"requested_ship_date\":\"%s\"}", ship_date);
  created = test_http (&fixture->server, "POST", "/api/v1/orders", token, body, NULL, &status);
  g_assert_cmpuint (status, ==, 201);
  TEST_WAIT_UNTIL (added >= 1, 10);
  TEST_WAIT_UNTIL (procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE, 10);
}

/* Plain HTTP to the TLS port: a quick error that names the problem, and
 * the server goes on serving HTTPS. */
static void
test_plain_http_to_tls_port (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *plain_url = NULL;
  g_autoptr(ProcureApi) plain = NULL;
  g_autoptr(ProcureApi) secure = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(JsonNode) node = NULL;

  REQUIRE_SERVER (fixture);
  plain_url = g_strdup_printf ("http://127.0.0.1:%u", fixture->server.port);
  plain = procure_api_new (plain_url);
  procure_api_set_max_retries (plain, 0);
  procure_api_set_timeout (plain, 10);
  g_assert_null (log_in (plain, &error));
  g_test_message ("plain HTTP to the TLS port: %s (%.2f s)", error->message, g_timer_elapsed (timer, NULL));
  /* The TLS server resets the connection: a network error at once, not a
   * hang until the timeout and not a response parsed from TLS bytes. */
  g_assert_error (error, PROCURE_API_ERROR, PROCURE_API_ERROR_NETWORK);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0 * test_timeout_scale ());
  /* ...and says what to do about it */
  g_assert_true (procure_api_error_is_plain_http_to_tls (error));
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  secure = procure_api_new (fixture->server.url);
  g_assert_true (procure_api_set_pinned_certificate (secure, fixture->cert.pem, &error));
  node = log_in (secure, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client/tls/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("refused-until-trusted", test_refused_until_trusted);
  ADD ("session-over-https", test_session_over_https);
  ADD ("plain-http-to-tls-port", test_plain_http_to_tls_port);
#undef ADD

  return g_test_run ();
}
