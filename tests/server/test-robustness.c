/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Idempotent retries, concurrent decisions on one ETag, every class of bad
 * input (refused with the right status and the one error shape, with the
 * database unchanged), limits (413, 415, 428, 412) and login throttling
 * (429).
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <string.h>

#include "test-server-common.h"

static TestServer *server;
static char *pat, *morgan, *quinn, *sam, *gale;
static char *acme;

static char *
database_digest (void)
{
  g_autoptr(TestResponse) orders = test_get (server, "/api/v1/orders?limit=200", sam);
  g_autoptr(TestResponse) products = test_get (server, "/api/v1/products", sam);
  g_autoptr(TestResponse) sims = test_get (server, "/api/v1/sims?limit=200", sam);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, g_bytes_get_data (orders->body, NULL), g_bytes_get_size (orders->body));
  g_checksum_update (checksum, g_bytes_get_data (products->body, NULL), g_bytes_get_size (products->body));
  g_checksum_update (checksum, g_bytes_get_data (sims->body, NULL), g_bytes_get_size (sims->body));
  return g_strdup (g_checksum_get_string (checksum));
}

static guint
count_orders (const char *q)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders?limit=200&q=%s", q);
  g_autoptr(TestResponse) response = test_get (server, path, pat);

  test_assert_status (response, 200);
  return json_array_get_length (test_json_array (response->json, "items"));
}

static char *
order_body (const char *product,
            gint64      quantity,
            const char *notes)
{
  g_autofree char *date = test_date (7);

  return g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}],"
                          " \"address_id\": \"adr-2\", \"requested_ship_date\": \"%s\", \"notes\": \"%s\"}",
                          product, quantity, date, notes);
}

/* Keeps @text alive until @owned is freed; returns it (for tables of cases). */
static const char *
keep (GPtrArray *owned,
      char      *text)
{
  g_ptr_array_add (owned, text);
  return text;
}

static void
test_idempotent_retries (void)
{
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autofree char *body = order_body (product, 20, "idem-marker-1");
  g_autofree char *other = order_body (product, 30, "idem-marker-1");
  const char *key[] = { "Idempotency-Key", "7f0c6a8e-retry-1", NULL };
  g_autoptr(TestResponse) first = test_request (server, "POST", "/api/v1/orders", pat, body, key);
  g_autoptr(TestResponse) again = test_request (server, "POST", "/api/v1/orders", pat, body, key);
  g_autoptr(TestResponse) changed = test_request (server, "POST", "/api/v1/orders", pat, other, key);
  g_autoptr(TestResponse) fresh = NULL;

  test_assert_status (first, 201);
  test_assert_status (again, 201);
  g_assert_cmpstr (test_json_string (first->json, "id"), ==, test_json_string (again->json, "id"));
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "ETag"), ==, "\"1\"");
  test_assert_status (changed, 422);
  g_assert_cmpstr (test_error_code (changed), ==, "idempotency_mismatch");
  g_assert_cmpuint (count_orders ("idem-marker-1"), ==, 1);
  /* Without the key, a second POST is a second order. */
  fresh = test_request (server, "POST", "/api/v1/orders", pat, body, NULL);
  test_assert_status (fresh, 201);
  g_assert_cmpuint (count_orders ("idem-marker-1"), ==, 2);
}

typedef struct {
  GMainLoop *loop;
  guint      pending;
  guint      statuses[8];
} Concurrent;

typedef struct {
  Concurrent  *concurrent;
  SoupMessage *msg;
  guint        index;
} Sent;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sent *sent = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  sent->concurrent->statuses[sent->index] = soup_message_get_status (sent->msg);
  if (--sent->concurrent->pending == 0)
    g_main_loop_quit (sent->concurrent->loop);
  g_object_unref (sent->msg);
  g_free (sent);
}

/* Sends every request at once, on several connections. */
static void
send_all (Concurrent         *concurrent,
          guint               n,
          const char * const *methods,
          const char * const *paths,
          const char * const *tokens,
          const char * const *bodies,
          const char         *if_match)
{
  concurrent->loop = g_main_loop_new (NULL, FALSE);
  concurrent->pending = n;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uri = g_strconcat (server->url, paths[i], NULL);
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", tokens[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (bodies[i], strlen (bodies[i]));
      Sent *sent = g_new0 (Sent, 1);

      sent->concurrent = concurrent;
      sent->index = i;
      sent->msg = soup_message_new (methods[i], uri);
      soup_message_set_request_body_from_bytes (sent->msg, "application/json", bytes);
      soup_message_headers_replace (soup_message_get_request_headers (sent->msg), "Authorization", bearer);
      soup_message_headers_replace (soup_message_get_request_headers (sent->msg), "If-Match", if_match);
      soup_session_send_and_read_async (server->session, sent->msg, G_PRIORITY_DEFAULT, NULL, on_sent, sent);
    }
  g_main_loop_run (concurrent->loop);
  g_main_loop_unref (concurrent->loop);
}

static void
assert_one_winner (Concurrent *concurrent,
                   guint       n)
{
  guint ok = 0, stale = 0;

  for (guint i = 0; i < n; i++)
    {
      ok += concurrent->statuses[i] == 200;
      stale += concurrent->statuses[i] == 412;
    }
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (stale, ==, n - 1);
}

static void
test_concurrent_edits (void)
{
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autoptr(TestResponse) created = test_create_order (server, pat, NULL, product, 10);
  g_autofree char *etag = test_etag (created);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", test_json_string (created->json, "id"));
  const char *methods[8], *paths[8], *tokens[8], *bodies[8];
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Concurrent concurrent = { 0 };
  g_autoptr(TestResponse) after = NULL;

  for (guint i = 0; i < 8; i++)
    {
      methods[i] = "PATCH";
      paths[i] = path;
      tokens[i] = i % 2 ? pat : morgan;
      bodies[i] = keep (texts, g_strdup_printf ("{\"notes\": \"edit %u\"}", i));
    }
  send_all (&concurrent, 8, methods, paths, tokens, bodies, etag);
  assert_one_winner (&concurrent, 8);
  after = test_get (server, path, pat);
  g_assert_cmpint (test_json_int (after->json, "version"), ==, 2);
  for (guint i = 0; i < 8; i++)
    if (concurrent.statuses[i] == 200)
      {
        g_autofree char *winner = g_strdup_printf ("edit %u", i);
        g_assert_cmpstr (test_json_string (after->json, "notes"), ==, winner);
      }
}

static void
test_concurrent_approvals (void)
{
  g_autofree char *product = test_product_id (server, pat, "EU-MFF2-AUTO");
  g_autoptr(TestResponse) created = test_create_order (server, pat, NULL, product, 2000);
  const char *id = test_json_string (created->json, "id");
  g_autoptr(TestResponse) submitted = test_act (server, pat, id, "submit", NULL, 200, "pending_approval");
  g_autofree char *etag = test_etag (submitted);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/actions/approve", id);
  const char *methods[] = { "POST", "POST" }, *paths[] = { path, path };
  const char *tokens[] = { morgan, quinn }, *bodies[] = { "{}", "{}" };
  Concurrent concurrent = { 0 };

  send_all (&concurrent, 2, methods, paths, tokens, bodies, etag);
  assert_one_winner (&concurrent, 2);
}

typedef struct {
  const char *what;
  const char *method;
  const char *path;
  const char *content_type;
  const char *body;
  guint       status;
  const char *field;        /* expected error field, or NULL not to check */
} BadInput;

static void
send_bad (const BadInput *bad,
          const char     *token)
{
  const char *headers[] = { "Content-Type", bad->content_type, NULL };
  g_autoptr(TestResponse) response =
    test_request (server, bad->method, bad->path, token, bad->body, bad->content_type ? headers : NULL);
  JsonNode *error;

  if (response->status != bad->status)
    g_printerr ("%s: %u %.*s\n", bad->what, response->status,
                (int) g_bytes_get_size (response->body), (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, bad->status);
  g_assert_nonnull (response->json);
  error = test_json_member (response->json, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (test_json_string (error, "code"));
  g_assert_nonnull (test_json_string (error, "message"));
  g_assert_true (json_object_has_member (json_node_get_object (error), "field"));
  if (bad->field != NULL)
    g_assert_cmpstr (test_json_string (error, "field"), ==, bad->field);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==, "application/json");
}

static char *
many_lines (const char *product,
            guint       n)
{
  GString *body = g_string_new ("{\"lines\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"product_id\": \"%s\", \"quantity\": 10}", i ? ", " : "", product);
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static char *
nested (guint depth)
{
  GString *body = g_string_new ("{\"notes\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append (body, "[");
  for (guint i = 0; i < depth; i++)
    g_string_append (body, "]");
  g_string_append (body, "}");
  return g_string_free (body, FALSE);
}

static void
test_bad_input (void)
{
  g_autofree char *p2ff = test_product_id (server, pat, "EU-2FF-STD");
  g_autofree char *pmff2 = test_product_id (server, pat, "EU-MFF2-AUTO");
  g_autofree char *puk = test_product_id (server, gale, "UK-4FF-NANO");
  g_autofree char *draft = test_find_order (server, pat, acme, "draft");
  g_autofree char *draft_path = g_strdup_printf ("/api/v1/orders/%s", draft);
  g_autofree char *draft_action = g_strdup_printf ("/api/v1/orders/%s/actions/fly", draft);
  g_autofree char *draft_submit = g_strdup_printf ("/api/v1/orders/%s/actions/submit", draft);
  g_autofree char *draft_ready = g_strdup_printf ("/api/v1/orders/%s/actions/ready", draft);
  g_autofree char *draft_comments = g_strdup_printf ("/api/v1/orders/%s/comments", draft);
  g_autofree char *past = test_date (-3);
  g_autofree char *lines_101 = many_lines (p2ff, 101);
  g_autofree char *deep = nested (64);
  g_autofree char *long_notes = g_strnfill (5000, 'n');
  g_autofree char *before = database_digest ();
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_free);
  BadInput cases[] = {
    { "not JSON", "POST", "/api/v1/orders", NULL, "{lines: oops", 400, NULL },
    { "an array", "POST", "/api/v1/orders", NULL, "[]", 400, NULL },
    { "client sets status", "POST", "/api/v1/orders", NULL, "{\"status\": \"closed\"}", 400, "status" },
    { "client sets a price", "POST", "/api/v1/orders", NULL,
      keep (b, g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": 10, \"unit_price\": 1}]}", p2ff)),
      400, NULL },
    { "client sets total", "POST", "/api/v1/orders", NULL, "{\"total\": 1}", 400, "total" },
    { "wrong type", "POST", "/api/v1/orders", NULL,
      keep (b, g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": \"ten\"}]}", p2ff)), 400, NULL },
    { "null quantity", "POST", "/api/v1/orders", NULL,
      keep (b, g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": null}]}", p2ff)),
      400, "lines[0].quantity" },
    { "null product", "POST", "/api/v1/orders", NULL,
      "{\"lines\": [{\"product_id\": null, \"quantity\": 10}]}", 400, "lines[0].product_id" },
    { "null lines", "POST", "/api/v1/orders", NULL, "{\"lines\": null}", 400, "lines" },
    { "null address id", "POST", "/api/v1/orders", NULL, "{\"address_id\": null}", 400, "address_id" },
    { "null action comment", "POST", draft_submit, NULL, "{\"comment\": null}", 400, "comment" },
    { "null SIM ICCID", "POST", draft_ready, NULL,
      "{\"sims\": [{\"iccid\": null, \"imsi\": \"262030000000001\", \"msisdn\": \"+491600000001\"}]}",
      400, "sims[0].iccid" },
    { "null comment body", "POST", draft_comments, NULL, "{\"body\": null}", 400, "body" },
    { "null login", "POST", "/api/v1/session", NULL, "{\"login\": null, \"password\": \"demo\"}", 400, "login" },
    { "too deep", "POST", "/api/v1/orders", NULL, deep, 400, NULL },
    { "invalid UTF-8", "POST", "/api/v1/orders", NULL, "{\"notes\": \"\xff\xfe\"}", 400, NULL },
    { "text/plain", "POST", "/api/v1/orders", "text/plain", "{}", 415, NULL },
    { "101 lines", "POST", "/api/v1/orders", NULL, lines_101, 422, "lines" },
    { "quantity not a pack multiple", "POST", "/api/v1/orders", NULL, keep (b, order_body (p2ff, 15, "x")), 422, "lines[0].quantity" },
    { "quantity zero", "POST", "/api/v1/orders", NULL, keep (b, order_body (pmff2, 0, "x")), 422, "lines[0].quantity" },
    { "product of another account", "POST", "/api/v1/orders", NULL, keep (b, order_body (puk, 10, "x")), 422, "lines[0].product_id" },
    { "unknown product", "POST", "/api/v1/orders", NULL, keep (b, order_body ("prd-999", 10, "x")), 422, "lines[0].product_id" },
    { "notes too long", "POST", "/api/v1/orders", NULL, keep (b, order_body (p2ff, 10, long_notes)), 422, "notes" },
    { "date in the past", "POST", "/api/v1/orders", NULL,
      keep (b, g_strdup_printf ("{\"requested_ship_date\": \"%s\"}", past)), 422, "requested_ship_date" },
    { "bad country", "POST", "/api/v1/orders", NULL,
      "{\"shipping_address\": {\"name\": \"A\", \"street\": \"B 1\", \"city\": \"C\", \"postal_code\": \"1\","
      " \"country\": \"XX\"}}", 422, "shipping_address.country" },
    { "unknown address id", "POST", "/api/v1/orders", NULL, "{\"address_id\": \"adr-99\"}", 422, "address_id" },
    { "override not entitled", "POST", "/api/v1/orders", NULL,
      "{\"overrides\": {\"price_plan\": \"GOLD-UNLIMITED\"}}", 422, "overrides.price_plan" },
    { "PATCH without If-Match", "PATCH", draft_path, NULL, "{\"notes\": \"x\"}", 428, NULL },
    { "unknown action", "POST", draft_action, NULL, "{}", 404, NULL },
    { "unknown route", "GET", "/api/v1/nothing", NULL, NULL, 404, NULL },
    { "wrong method", "DELETE", "/api/v1/orders", NULL, NULL, 405, NULL },
    { "bad limit", "GET", "/api/v1/orders?limit=many", NULL, NULL, 422, "limit" },
    { "bad cursor", "GET", "/api/v1/orders?cursor=zz", NULL, NULL, 400, "cursor" },
    { "bad status filter", "GET", "/api/v1/orders?status=lost", NULL, NULL, 422, "status" },
    { "bad since", "GET", "/api/v1/changes?since=-1", NULL, NULL, 422, "since" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    send_bad (&cases[i], pat);
  {
    /* Globex may not override defaults at all. */
    BadInput globex = { "Globex override", "POST", "/api/v1/orders", NULL,
                        "{\"overrides\": {\"price_plan\": \"UTIL-METER-20MB\"}}", 422, "overrides.price_plan" };
    BadInput token = { "bad token", "GET", "/api/v1/orders", NULL, NULL, 401, NULL };
    send_bad (&globex, gale);
    send_bad (&token, "not-a-token");
  }
  after = database_digest ();
  g_assert_cmpstr (before, ==, after);
}

static void
test_body_too_large (void)
{
  g_autofree char *before = database_digest ();
  g_autofree char *after = NULL;
  gsize size = 1024 * 1024 + 100;
  g_autofree char *big = g_malloc (size + 1);
  g_autoptr(TestResponse) response = NULL;

  memset (big, ' ', size);
  memcpy (big, "{\"notes\": \"", 11);
  memcpy (big + size - 2, "\"}", 2);
  big[size] = '\0';
  response = test_request (server, "POST", "/api/v1/orders", pat, big, NULL);
  test_assert_status (response, 413);
  g_assert_cmpstr (test_error_code (response), ==, "too_large");
  after = database_digest ();
  g_assert_cmpstr (before, ==, after);
}

static void
test_stale_if_match (void)
{
  g_autofree char *draft = test_find_order (server, pat, acme, "draft");
  g_autofree char *before = database_digest ();
  g_autofree char *after = NULL;
  g_autoptr(TestResponse) stale = test_action (server, pat, draft, "submit", "\"999\"", NULL);
  g_autoptr(TestResponse) missing = test_action (server, pat, draft, "submit", NULL, NULL);

  test_assert_status (stale, 412);
  g_assert_cmpstr (test_error_code (stale), ==, "precondition_failed");
  test_assert_status (missing, 428);
  g_assert_cmpstr (test_error_code (missing), ==, "precondition_required");
  after = database_digest ();
  g_assert_cmpstr (before, ==, after);
}

static void
test_login_throttle (void)
{
  const char *wrong = "{\"login\": \"quinn\", \"password\": \"guess\"}";
  const char *right = "{\"login\": \"quinn\", \"password\": \"demo\"}";
  g_autoptr(TestResponse) throttled = NULL;
  g_autoptr(TestResponse) still = NULL;
  g_autoptr(TestResponse) other = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TestResponse) response = test_request (server, "POST", "/api/v1/session", NULL, wrong, NULL);
      test_assert_status (response, 401);
    }
  throttled = test_request (server, "POST", "/api/v1/session", NULL, wrong, NULL);
  test_assert_status (throttled, 429);
  g_assert_cmpint (atoi (soup_message_headers_get_one (throttled->headers, "Retry-After")), >, 0);
  /* Even the right password waits; other logins do not. */
  still = test_request (server, "POST", "/api/v1/session", NULL, right, NULL);
  test_assert_status (still, 429);
  other = test_request (server, "POST", "/api/v1/session", NULL,
                        "{\"login\": \"morgan\", \"password\": \"demo\"}", NULL);
  test_assert_status (other, 201);
}

static void
test_keyed_retries (void)
{
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autoptr(TestResponse) created = test_create_order (server, pat, NULL, product, 10);
  const char *id = test_json_string (created->json, "id");
  g_autofree char *etag = test_etag (created);
  g_autofree char *comments = g_strdup_printf ("/api/v1/orders/%s/comments", id);
  const char *key[] = { "Idempotency-Key", "comment-retry-1", NULL };
  const char *submit_key[] = { "Idempotency-Key", "submit-retry-1", "If-Match", etag, NULL };
  g_autofree char *submit = g_strdup_printf ("/api/v1/orders/%s/actions/submit", id);
  g_autoptr(TestResponse) first = test_request (server, "POST", comments, pat, "{\"body\": \"Please hurry\"}", key);
  g_autoptr(TestResponse) again = test_request (server, "POST", comments, pat, "{\"body\": \"Please hurry\"}", key);
  g_autoptr(TestResponse) other = test_request (server, "POST", comments, pat, "{\"body\": \"Another\"}", key);
  g_autoptr(TestResponse) acted = NULL;
  g_autoptr(TestResponse) acted_again = NULL;

  /* A comment keeps the ETag, so nobody's pending decision goes stale. */
  test_assert_status (first, 201);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "ETag"), ==, etag);
  g_assert_cmpuint (json_array_get_length (test_json_array (first->json, "comments")), ==, 1);
  /* The retry is answered from the first response: one comment only. */
  test_assert_status (again, 201);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
  test_assert_status (other, 422);
  g_assert_cmpstr (test_error_code (other), ==, "idempotency_mismatch");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
    g_autoptr(TestResponse) order = test_get (server, path, pat);
    g_assert_cmpuint (json_array_get_length (test_json_array (order->json, "comments")), ==, 1);
  }
  /* A retried action whose answer was lost gets that answer, not a 412. */
  acted = test_request (server, "POST", submit, pat, NULL, submit_key);
  test_assert_status (acted, 200);
  acted_again = test_request (server, "POST", submit, pat, NULL, submit_key);
  test_assert_status (acted_again, 200);
  g_assert_cmpstr (test_json_string (acted_again->json, "status"), ==, "submitted");
  g_assert_cmpstr (soup_message_headers_get_one (acted_again->headers, "ETag"), ==, "\"2\"");
}

static void
test_logout (void)
{
  g_autofree char *token = test_login (server, "gale");
  g_autoptr(TestResponse) before = test_get (server, "/api/v1/me", token);
  g_autoptr(TestResponse) out = test_request (server, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_autoptr(TestResponse) after = test_get (server, "/api/v1/me", token);

  test_assert_status (before, 200);
  test_assert_status (out, 204);
  test_assert_status (after, 401);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = test_server_start (NULL, TRUE, NULL);
  pat = test_login (server, "pat");
  morgan = test_login (server, "morgan");
  quinn = test_login (server, "quinn");
  sam = test_login (server, "sam");
  gale = test_login (server, "gale");
  acme = test_account_of (server, pat);

  g_test_add_func ("/robustness/idempotent-retries", test_idempotent_retries);
  g_test_add_func ("/robustness/concurrent-edits", test_concurrent_edits);
  g_test_add_func ("/robustness/concurrent-approvals", test_concurrent_approvals);
  g_test_add_func ("/robustness/bad-input", test_bad_input);
  g_test_add_func ("/robustness/body-too-large", test_body_too_large);
  g_test_add_func ("/robustness/stale-if-match", test_stale_if_match);
  g_test_add_func ("/robustness/login-throttle", test_login_throttle);
  g_test_add_func ("/robustness/keyed-retries", test_keyed_retries);
  g_test_add_func ("/robustness/logout", test_logout);
  status = g_test_run ();
  test_server_free (server);
  return status;
}
