/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GET /api/v1/orders/{id} answers the stored document without decoding it,
 * and sessions may be answered from memory. These tests hold the fast
 * paths to the slow ones: the same bytes as the decoded and re-encoded
 * order of the list route, the same refusals, and no stale answer after a
 * comment or a sign-out.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "test-server-common.h"

static TestServer *server;

/* @node as compact JSON, member order kept. */
static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Every order @login lists, read one by one, is the listed order: same
 * members in the same order with the same values, and its ETag is its
 * version. */
static guint
check_orders_match_list (const char *login)
{
  g_autofree char *token = test_login (server, login);
  g_autoptr(TestResponse) list = test_get (server, "/api/v1/orders?limit=200", token);
  JsonArray *items;

  test_assert_status (list, 200);
  items = test_json_array (list->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *listed = json_array_get_element (items, i);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", test_json_string (listed, "id"));
      g_autoptr(TestResponse) one = test_get (server, path, token);
      g_autofree char *expected_etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                                        test_json_int (listed, "version"));
      g_autofree char *etag = NULL;
      g_autofree char *listed_text = to_text (listed);
      g_autofree char *one_text = NULL;

      test_assert_status (one, 200);
      etag = test_etag (one);
      one_text = to_text (one->json);
      g_assert_cmpstr (etag, ==, expected_etag);
      g_assert_cmpstr (one_text, ==, listed_text);
      g_assert_cmpstr (soup_message_headers_get_content_type (one->headers, NULL), ==,
                       "application/json");
    }
  return json_array_get_length (items);
}

/* The newest order @token may see. */
static char *
first_order (const char *token)
{
  g_autoptr(TestResponse) list = test_get (server, "/api/v1/orders?limit=1", token);
  JsonArray *items;

  test_assert_status (list, 200);
  items = test_json_array (list->json, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return g_strdup (test_json_string (json_array_get_element (items, 0), "id"));
}

static void
test_order_equals_listed (void)
{
  /* Staff see every account's orders, members their own account's. */
  g_assert_cmpuint (check_orders_match_list ("sam"), >, 0);
  g_assert_cmpuint (check_orders_match_list ("pat"), >, 0);
  g_assert_cmpuint (check_orders_match_list ("gale"), >, 0);
}

static void
test_order_refusals (void)
{
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *gale = test_login (server, "gale");
  g_autofree char *order_id = first_order (pat);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(TestResponse) own = test_get (server, path, pat);
  g_autoptr(TestResponse) other = test_get (server, path, gale);
  g_autoptr(TestResponse) missing = test_get (server, "/api/v1/orders/ord-999999", pat);
  g_autoptr(TestResponse) anonymous = test_get (server, path, NULL);
  g_autoptr(TestResponse) bad_token = test_get (server, path, "not-a-token");

  test_assert_status (own, 200);
  /* Another account's order does not exist for gale: 404, not 403. */
  test_assert_status (other, 404);
  g_assert_cmpstr (test_error_code (other), ==, "not_found");
  g_assert_null (soup_message_headers_get_one (other->headers, "ETag"));
  test_assert_status (missing, 404);
  g_assert_cmpstr (test_error_code (missing), ==, "not_found");
  test_assert_status (anonymous, 401);
  test_assert_status (bad_token, 401);
}

/* A comment keeps the version (and so the ETag) but changes the order: a
 * cache keyed by id and version would answer the old body. */
static void
test_comment_changes_body (void)
{
  g_autofree char *pat = test_login (server, "pat");
  g_autofree char *order_id = first_order (pat);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autofree char *comments_path = g_strdup_printf ("/api/v1/orders/%s/comments", order_id);
  g_autoptr(TestResponse) before = test_get (server, path, pat);
  g_autoptr(TestResponse) posted = NULL;
  g_autoptr(TestResponse) after = NULL;
  g_autofree char *etag_before = NULL;
  g_autofree char *etag_after = NULL;
  JsonArray *comments;

  test_assert_status (before, 200);
  posted = test_request (server, "POST", comments_path, pat, "{\"body\": \"read-path check\"}", NULL);
  test_assert_status (posted, 201);
  after = test_get (server, path, pat);
  test_assert_status (after, 200);
  etag_before = test_etag (before);
  etag_after = test_etag (after);
  g_assert_cmpstr (etag_after, ==, etag_before);
  comments = test_json_array (after->json, "comments");
  g_assert_cmpuint (json_array_get_length (comments),
                    ==, json_array_get_length (test_json_array (before->json, "comments")) + 1);
  g_assert_cmpstr (test_json_string (json_array_get_element (comments, json_array_get_length (comments) - 1),
                                     "body"), ==, "read-path check");
}

/* A session answered from memory ends with DELETE /session at once. */
static void
test_sign_out_revokes (void)
{
  g_autofree char *token = test_login (server, "morgan");
  g_autofree char *other = test_login (server, "morgan");
  g_autoptr(TestResponse) before = test_get (server, "/api/v1/me", token);
  g_autoptr(TestResponse) again = test_get (server, "/api/v1/me", token);
  g_autoptr(TestResponse) out = NULL;
  g_autoptr(TestResponse) after = NULL;
  g_autoptr(TestResponse) order_after = NULL;
  g_autoptr(TestResponse) still = NULL;

  test_assert_status (before, 200);
  test_assert_status (again, 200);
  out = test_request (server, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_assert_cmpuint (out->status / 100, ==, 2);
  after = test_get (server, "/api/v1/me", token);
  test_assert_status (after, 401);
  order_after = test_get (server, "/api/v1/orders?limit=1", token);
  test_assert_status (order_after, 401);
  /* The user's other session goes on. */
  still = test_get (server, "/api/v1/me", other);
  test_assert_status (still, 200);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = test_server_start (NULL, TRUE, NULL);
  g_test_add_func ("/server/reads/order-equals-listed", test_order_equals_listed);
  g_test_add_func ("/server/reads/order-refusals", test_order_refusals);
  g_test_add_func ("/server/reads/comment-changes-body", test_comment_changes_body);
  g_test_add_func ("/server/reads/sign-out-revokes", test_sign_out_revokes);
  status = g_test_run ();
  test_server_free (server);
  return status;
}
