/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whole purchase-order lifecycles against the real server with the demo
 * data: both accounts, with and without approval, two approvers, info
 * request and resubmit, reject and reopen, cancel, on-behalf orders, and
 * the side effects (PO number, stock, SIMs, shipment, history).
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include "test-server-common.h"

static TestServer *server;
static char *pat, *morgan, *quinn, *gale, *sam;
static char *acme, *globex;

#define ACT(token, id, action, body, status, new_status) \
  test_response_free (test_act (server, token, id, action, body, status, new_status))

static char *
new_order (const char *token,
           const char *account,
           const char *code,
           gint64      quantity)
{
  g_autofree char *product = test_product_id (server, sam, code);
  g_autoptr(TestResponse) response = test_create_order (server, token, account, product, quantity);

  return g_strdup (test_json_string (response->json, "id"));
}

static JsonNode *
get_order (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
  g_autoptr(TestResponse) response = test_get (server, path, sam);

  test_assert_status (response, 200);
  return json_node_ref (response->json);
}

static void
assert_history (const char          *id,
                const char * const  *expected)
{
  g_autoptr(TestResponse) response = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
  JsonArray *history;

  response = test_get (server, path, sam);
  history = test_json_array (response->json, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (test_json_string (json_array_get_element (history, i), "to"), ==, expected[i]);
}

static void
test_acme_without_approval (void)
{
  g_autofree char *esim = test_product_id (server, pat, "EU-ESIM");
  gint64 stock = test_product_stock (server, sam, esim);
  g_autofree char *id = new_order (pat, NULL, "EU-ESIM", 100);
  g_autofree char *sims = test_sims_json (1000, 100);
  g_autofree char *short_sims = test_sims_json (2000, 99);
  g_autofree char *ready = g_strdup_printf ("{\"sims\": %s}", sims);
  g_autofree char *ready_short = g_strdup_printf ("{\"sims\": %s}", short_sims);
  g_autofree char *today = test_date (0);
  g_autofree char *ship = g_strdup_printf ("{\"carrier\": \"DHL\", \"tracking_number\": \"JD01460000001\","
                                           " \"shipped_at\": \"%s\"}", today);
  g_autoptr(JsonNode) order = get_order (id);
  const char * const history[] = { "draft", "submitted", "accepted", "provisioning", "ready",
                                   "shipped", "closed", NULL };

  /* Prices come from the catalogue: 100 x 3.00 EUR. */
  g_assert_cmpint (test_json_int (order, "total"), ==, 30000);
  g_assert_cmpstr (test_json_string (order, "currency"), ==, "EUR");
  ACT (pat, id, "submit", NULL, 200, "submitted");
  ACT (sam, id, "accept", "{}", 422, NULL);
  ACT (sam, id, "accept", "{\"number\": \"4500099001\"}", 200, "accepted");
  g_assert_cmpint (test_product_stock (server, sam, esim), ==, stock - 100);
  ACT (sam, id, "start", NULL, 200, "provisioning");
  ACT (sam, id, "ready", ready_short, 422, NULL);
  ACT (sam, id, "ready", ready, 200, "ready");
  ACT (sam, id, "ship", ship, 200, "shipped");
  ACT (pat, id, "confirm_receipt", NULL, 200, "closed");
  assert_history (id, history);

  g_clear_pointer (&order, json_node_unref);
  order = get_order (id);
  g_assert_cmpstr (test_json_string (order, "number"), ==, "4500099001");
  g_assert_cmpint (test_json_int (order, "sim_count"), ==, 100);
  g_assert_cmpstr (test_json_string (test_json_member (order, "shipment"), "carrier"), ==, "DHL");
}

static void
test_acme_sims_inventory (void)
{
  g_autofree char *id = test_find_order (server, pat, acme, "closed");
  g_autofree char *path = NULL;
  g_autoptr(TestResponse) page1 = NULL;
  g_autoptr(TestResponse) page2 = NULL;
  g_autoptr(TestResponse) search = NULL;
  g_autoptr(TestResponse) other = NULL;
  g_autoptr(JsonNode) order = NULL;
  const char *iccid;
  JsonNode *sim;

  g_assert_nonnull (id);
  order = get_order (id);
  path = g_strdup_printf ("/api/v1/sims?order_id=%s&limit=4", id);
  page1 = test_get (server, path, pat);
  test_assert_status (page1, 200);
  g_assert_cmpuint (json_array_get_length (test_json_array (page1->json, "items")), ==, 4);
  g_assert_nonnull (test_json_string (page1->json, "next"));
  g_free (path);
  path = g_strdup_printf ("/api/v1/sims?order_id=%s&limit=4&cursor=%s", id,
                          test_json_string (page1->json, "next"));
  page2 = test_get (server, path, pat);
  test_assert_status (page2, 200);
  sim = json_array_get_element (test_json_array (page2->json, "items"), 0);
  iccid = test_json_string (sim, "iccid");
  g_assert_cmpstr (iccid, !=, test_json_string (json_array_get_element (test_json_array (page1->json, "items"), 3), "iccid"));
  /* SIMs carry the order's effective settings. */
  g_assert_cmpstr (test_json_string (sim, "price_plan"), ==,
                   test_json_string (test_json_member (order, "effective"), "price_plan"));
  g_free (path);
  path = g_strdup_printf ("/api/v1/sims?q=%s", iccid);
  search = test_get (server, path, pat);
  g_assert_cmpuint (json_array_get_length (test_json_array (search->json, "items")), ==, 1);
  /* Gale's account does not have these SIMs. */
  other = test_get (server, path, gale);
  g_assert_cmpuint (json_array_get_length (test_json_array (other->json, "items")), ==, 0);
}

static void
test_acme_one_approver (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-2FF-STD", 500);   /* 1,250.00 EUR */
  g_autoptr(JsonNode) order = NULL;

  ACT (pat, id, "submit", NULL, 200, "pending_approval");
  ACT (pat, id, "approve", NULL, 403, NULL);
  ACT (sam, id, "approve", NULL, 403, NULL);
  ACT (morgan, id, "approve", NULL, 200, "submitted");
  order = get_order (id);
  g_assert_cmpuint (json_array_get_length (test_json_array (order, "approvals")), ==, 1);
}

static void
test_acme_two_approvers (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-MFF2-AUTO", 2000);   /* 13,800.00 EUR */

  ACT (pat, id, "submit", NULL, 200, "pending_approval");
  ACT (morgan, id, "approve", NULL, 200, "pending_approval");
  ACT (morgan, id, "approve", NULL, 409, NULL);
  ACT (quinn, id, "approve", NULL, 200, "submitted");
}

static void
test_info_request_and_resubmit (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-2FF-STD", 600);
  g_autofree char *etag = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
  g_autoptr(TestResponse) edit = NULL;
  g_autoptr(TestResponse) stale = NULL;
  g_autoptr(JsonNode) order = NULL;
  const char *if_match[] = { "If-Match", NULL, NULL };
  const char * const history[] = { "draft", "pending_approval", "info_requested", "pending_approval", NULL };

  ACT (pat, id, "submit", NULL, 200, "pending_approval");
  ACT (quinn, id, "request_info", "{}", 422, NULL);
  ACT (quinn, id, "request_info", "{\"comment\": \"Which cost centre?\"}", 200, "info_requested");
  etag = test_order_etag (server, pat, id);
  if_match[1] = etag;
  edit = test_request (server, "PATCH", path, pat, "{\"notes\": \"Cost centre 4711\"}", if_match);
  test_assert_status (edit, 200);
  g_assert_cmpstr (test_json_string (edit->json, "notes"), ==, "Cost centre 4711");
  stale = test_request (server, "PATCH", path, pat, "{\"notes\": \"again\"}", if_match);
  test_assert_status (stale, 412);
  ACT (pat, id, "resubmit", NULL, 200, "pending_approval");
  order = get_order (id);
  g_assert_cmpuint (json_array_get_length (test_json_array (order, "approvals")), ==, 0);
  assert_history (id, history);
}

static void
test_reject_and_reopen (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-2FF-STD", 500);
  const char * const history[] = { "draft", "pending_approval", "rejected", "draft",
                                   "pending_approval", NULL };

  ACT (pat, id, "submit", NULL, 200, "pending_approval");
  ACT (morgan, id, "reject", NULL, 422, NULL);
  ACT (morgan, id, "reject", "{\"comment\": \"Too many\"}", 200, "rejected");
  ACT (pat, id, "reopen", NULL, 200, "draft");
  ACT (pat, id, "submit", NULL, 200, "pending_approval");
  assert_history (id, history);
}

static void
test_cancel (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-2FF-STD", 10);

  ACT (pat, id, "cancel", NULL, 200, "cancelled");
  ACT (pat, id, "submit", NULL, 409, NULL);
  ACT (pat, id, "reopen", NULL, 409, NULL);
}

static void
test_on_behalf (void)
{
  /* 2,000.00 EUR would need approval, but not on behalf. */
  g_autofree char *id = new_order (sam, acme, "EU-2FF-STD", 800);
  g_autoptr(JsonNode) order = get_order (id);
  g_autofree char *etag = test_order_etag (server, sam, id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", id);
  const char *if_match[] = { "If-Match", etag, NULL };
  g_autoptr(TestResponse) edit = NULL;

  g_assert_true (json_node_get_boolean (test_json_member (order, "on_behalf")));
  edit = test_request (server, "PATCH", path, sam, "{\"notes\": \"by phone\"}", if_match);
  test_assert_status (edit, 200);
  ACT (sam, id, "submit", NULL, 200, "submitted");
  ACT (sam, id, "accept", "{\"number\": \"4500099002\"}", 200, "accepted");
  /* An agent cannot submit an order it did not raise on behalf. */
  {
    g_autofree char *own = new_order (pat, NULL, "EU-2FF-STD", 10);
    ACT (sam, own, "submit", NULL, 403, NULL);
  }
}

static void
test_globex_without_approval (void)
{
  g_autofree char *id = new_order (gale, NULL, "UK-TC-METER", 5000);   /* 10,500.00 GBP */
  g_autofree char *rejected = new_order (gale, NULL, "UK-4FF-NANO", 100);
  g_autoptr(JsonNode) order = get_order (id);

  g_assert_cmpstr (test_json_string (order, "currency"), ==, "GBP");
  g_assert_cmpstr (test_json_string (order, "account_id"), ==, globex);
  ACT (gale, id, "submit", NULL, 200, "submitted");
  ACT (sam, id, "accept", "{\"number\": \"4500099003\"}", 200, "accepted");
  ACT (sam, id, "start", NULL, 200, "provisioning");
  ACT (gale, rejected, "submit", NULL, 200, "submitted");
  ACT (sam, rejected, "reject", "{\"comment\": \"Please split per site\"}", 200, "rejected");
  ACT (gale, rejected, "reopen", NULL, 200, "draft");
  ACT (gale, rejected, "cancel", NULL, 200, "cancelled");
}

static void
test_accept_conflicts (void)
{
  g_autofree char *id = new_order (pat, NULL, "EU-TC-IND", 100);
  g_autofree char *product = test_product_id (server, sam, "EU-TC-IND");
  g_autofree char *product_path = g_strdup_printf ("/api/v1/products/%s", product);
  g_autoptr(TestResponse) low = NULL;
  g_autoptr(TestResponse) conflict = NULL;
  g_autofree char *etag = NULL;

  ACT (pat, id, "submit", NULL, 200, "submitted");
  ACT (sam, id, "accept", "{\"number\": \"45-00\"}", 422, NULL);
  /* A number taken by a demo order. */
  ACT (sam, id, "accept", "{\"number\": \"4500012001\"}", 409, NULL);
  low = test_request (server, "PATCH", product_path, sam, "{\"stock\": 99}", NULL);
  test_assert_status (low, 200);
  etag = test_order_etag (server, sam, id);
  conflict = test_action (server, sam, id, "accept", etag, "{\"number\": \"4500099004\"}");
  test_assert_status (conflict, 409);
  g_assert_cmpstr (test_error_field (conflict), ==, "lines[0].quantity");
  g_assert_cmpint (test_product_stock (server, sam, product), ==, 99);
  ACT (sam, id, "accept", "{\"number\": \"4500099004\"}", 409, NULL);
  g_clear_pointer (&low, test_response_free);
  low = test_request (server, "PATCH", product_path, sam, "{\"stock\": 1000}", NULL);
  test_assert_status (low, 200);
  ACT (sam, id, "accept", "{\"number\": \"4500099004\"}", 200, "accepted");
  g_assert_cmpint (test_product_stock (server, sam, product), ==, 900);
}

static void
test_ready_refuses_used_sims (void)
{
  g_autofree char *a = new_order (gale, NULL, "UK-4FF-NANO", 10);
  g_autofree char *b = new_order (gale, NULL, "UK-4FF-NANO", 10);
  g_autofree char *sims = test_sims_json (5000, 10);
  g_autofree char *body = g_strdup_printf ("{\"sims\": %s}", sims);
  const char *ids[] = { a, b };
  const char *numbers[] = { "{\"number\": \"4500099005\"}", "{\"number\": \"4500099006\"}" };

  for (guint i = 0; i < 2; i++)
    {
      ACT (gale, ids[i], "submit", NULL, 200, "submitted");
      ACT (sam, ids[i], "accept", numbers[i], 200, "accepted");
      ACT (sam, ids[i], "start", NULL, 200, "provisioning");
    }
  ACT (sam, a, "ready", body, 200, "ready");
  ACT (sam, b, "ready", body, 409, NULL);
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
  gale = test_login (server, "gale");
  sam = test_login (server, "sam");
  acme = test_account_of (server, pat);
  globex = test_account_of (server, gale);

  g_test_add_func ("/lifecycle/acme-without-approval", test_acme_without_approval);
  g_test_add_func ("/lifecycle/acme-sims-inventory", test_acme_sims_inventory);
  g_test_add_func ("/lifecycle/acme-one-approver", test_acme_one_approver);
  g_test_add_func ("/lifecycle/acme-two-approvers", test_acme_two_approvers);
  g_test_add_func ("/lifecycle/info-request-resubmit", test_info_request_and_resubmit);
  g_test_add_func ("/lifecycle/reject-reopen", test_reject_and_reopen);
  g_test_add_func ("/lifecycle/cancel", test_cancel);
  g_test_add_func ("/lifecycle/on-behalf", test_on_behalf);
  g_test_add_func ("/lifecycle/globex-without-approval", test_globex_without_approval);
  g_test_add_func ("/lifecycle/accept-conflicts", test_accept_conflicts);
  g_test_add_func ("/lifecycle/ready-refuses-used-sims", test_ready_refuses_used_sims);
  status = g_test_run ();
  test_server_free (server);
  return status;
}
