/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The catalogue and account administration that succeed: an agent creates
 * and edits a product and assigns it, members then see it (and order it at
 * the catalogue's price); an admin edits an account's policy, defaults and
 * address book, and the order flow follows the new policy.
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include "test-server-common.h"

static TestServer *server;
static char *pat, *gale, *sam, *ada;
static char *acme, *globex;

static void
test_product_lifecycle (void)
{
  g_autoptr(TestResponse) created = NULL;
  g_autoptr(TestResponse) edited = NULL;
  g_autoptr(TestResponse) duplicate = NULL;
  g_autoptr(TestResponse) wrong_currency = NULL;
  g_autoptr(TestResponse) assigned = NULL;
  g_autoptr(TestResponse) order = NULL;
  g_autofree char *path = NULL;
  g_autofree char *assign_path = g_strdup_printf ("/api/v1/accounts/%s/products", globex);
  g_autofree char *body = NULL;
  g_autofree char *eur = test_product_id (server, sam, "EU-3FF-MICRO");
  g_autofree char *meter = NULL, *nano = NULL, *industrial = NULL, *gale_sees = NULL;
  const char *id;

  created = test_request (server, "POST", "/api/v1/products", sam,
    "{\"code\": \"UK-ESIM\", \"name\": \"eSIM profile\", \"form_factor\": \"eSIM\","
    " \"features\": [\"SGP.32\"], \"branding\": \"Globex\", \"unit_price\": 150,"
    " \"currency\": \"GBP\", \"min_quantity\": 1, \"max_quantity\": 1000,"
    " \"quantity_multiple\": 1, \"stock\": 40, \"active\": true}", NULL);
  test_assert_status (created, 201);
  id = test_json_string (created->json, "id");
  g_assert_nonnull (id);
  /* Not assigned yet: Gale does not see it. */
  g_assert_null (test_product_id (server, gale, "UK-ESIM"));

  path = g_strdup_printf ("/api/v1/products/%s", id);
  edited = test_request (server, "PATCH", path, ada, "{\"unit_price\": 175, \"stock\": 50}", NULL);
  test_assert_status (edited, 200);
  g_assert_cmpint (test_json_int (edited->json, "unit_price"), ==, 175);
  g_assert_cmpstr (test_json_string (edited->json, "name"), ==, "eSIM profile");
  duplicate = test_request (server, "POST", "/api/v1/products", sam,
    "{\"code\": \"UK-ESIM\", \"name\": \"Again\", \"form_factor\": \"eSIM\", \"unit_price\": 1,"
    " \"currency\": \"GBP\", \"min_quantity\": 1, \"max_quantity\": 10, \"quantity_multiple\": 1}", NULL);
  test_assert_status (duplicate, 409);
  g_assert_cmpstr (test_error_field (duplicate), ==, "code");

  /* A EUR product cannot go to a GBP account. */
  body = g_strdup_printf ("{\"product_ids\": [\"%s\"]}", eur);
  wrong_currency = test_request (server, "PUT", assign_path, sam, body, NULL);
  test_assert_status (wrong_currency, 422);
  g_assert_cmpstr (test_error_field (wrong_currency), ==, "product_ids[0]");

  g_free (body);
  meter = test_product_id (server, sam, "UK-TC-METER");
  nano = test_product_id (server, sam, "UK-4FF-NANO");
  industrial = test_product_id (server, sam, "UK-MFF2-IND");
  body = g_strdup_printf ("{\"product_ids\": [\"%s\", \"%s\", \"%s\", \"%s\"]}",
                          meter, nano, industrial, id);
  assigned = test_request (server, "PUT", assign_path, sam, body, NULL);
  test_assert_status (assigned, 200);
  g_assert_cmpuint (json_array_get_length (test_json_array (assigned->json, "items")), ==, 4);
  gale_sees = test_product_id (server, gale, "UK-ESIM");
  g_assert_nonnull (gale_sees);

  /* Ordered at the catalogue's (edited) price. */
  order = test_create_order (server, gale, NULL, id, 4);
  g_assert_cmpint (test_json_int (order->json, "total"), ==, 700);
}

static void
test_account_administration (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s", acme);
  g_autoptr(TestResponse) before = test_get (server, path, ada);
  g_autoptr(TestResponse) policy = NULL;
  g_autoptr(TestResponse) bad_default = NULL;
  g_autoptr(TestResponse) currency = NULL;
  g_autoptr(TestResponse) book = NULL;
  g_autoptr(TestResponse) seen = NULL;
  g_autofree char *product = test_product_id (server, pat, "EU-2FF-STD");
  g_autoptr(TestResponse) order = NULL;
  JsonArray *addresses;

  test_assert_status (before, 200);
  /* Raise the threshold: 1,250.00 EUR no longer needs approval. */
  policy = test_request (server, "PATCH", path, ada,
                         "{\"approval_threshold\": 500000, \"second_approval_threshold\": 2000000}", NULL);
  test_assert_status (policy, 200);
  g_assert_cmpint (test_json_int (policy->json, "approval_threshold"), ==, 500000);
  order = test_create_order (server, pat, NULL, product, 500);
  test_response_free (test_act (server, pat, test_json_string (order->json, "id"), "submit", NULL,
                                200, "submitted"));

  bad_default = test_request (server, "PATCH", path, ada,
                              "{\"defaults\": {\"sim_billing_status\": \"inventory\", \"price_plan\": \"GOLD\","
                              " \"service_profile\": \"data-sms\", \"roaming_profile\": \"europe-plus\","
                              " \"apn_group\": \"acme-fleet.m2m\"}}", NULL);
  test_assert_status (bad_default, 422);
  g_assert_cmpstr (test_error_field (bad_default), ==, "defaults.price_plan");
  currency = test_request (server, "PATCH", path, ada, "{\"currency\": \"USD\"}", NULL);
  test_assert_status (currency, 422);

  /* The address book is replaced as a whole; new entries get an id. */
  book = test_request (server, "PATCH", path, ada,
                       "{\"addresses\": [{\"id\": \"adr-1\", \"name\": \"Jana Petersen\","
                       " \"company\": \"Acme Logistics GmbH\", \"street\": \"Am Sandtorkai 12\","
                       " \"city\": \"Hamburg\", \"postal_code\": \"20457\", \"country\": \"DE\"},"
                       " {\"name\": \"Piotr Nowak\", \"company\": \"Acme Logistics Sp. z o.o.\","
                       " \"street\": \"ul. Logistyczna 5\", \"city\": \"Poznań\", \"postal_code\": \"61-001\","
                       " \"country\": \"PL\"}]}", NULL);
  test_assert_status (book, 200);
  addresses = test_json_array (book->json, "addresses");
  g_assert_cmpuint (json_array_get_length (addresses), ==, 2);
  g_assert_cmpstr (test_json_string (json_array_get_element (addresses, 1), "id"), ==, "adr-4");
  seen = test_get (server, path, pat);
  g_assert_cmpuint (json_array_get_length (test_json_array (seen->json, "addresses")), ==, 2);
}

static void
test_account_create (void)
{
  g_autoptr(TestResponse) created = test_request (server, "POST", "/api/v1/accounts", ada,
    "{\"name\": \"Umbrella Transport\", \"currency\": \"CHF\", \"allow_default_override\": false,"
    " \"approval_threshold\": null, \"second_approval_threshold\": null,"
    " \"defaults\": {\"sim_billing_status\": \"inventory\", \"price_plan\": \"CH-BASIC\","
    " \"service_profile\": \"data-only\", \"roaming_profile\": \"home-only\", \"apn_group\": \"internet.iot\"},"
    " \"entitlements\": {\"sim_billing_status\": [\"inventory\"], \"price_plan\": [\"CH-BASIC\"],"
    " \"service_profile\": [\"data-only\"], \"roaming_profile\": [\"home-only\"], \"apn_group\": [\"internet.iot\"]},"
    " \"addresses\": []}", NULL);
  g_autoptr(TestResponse) list = NULL;

  test_assert_status (created, 201);
  g_assert_nonnull (test_json_string (created->json, "id"));
  list = test_get (server, "/api/v1/accounts", sam);
  g_assert_cmpuint (json_array_get_length (test_json_array (list->json, "items")), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = test_server_start (NULL, TRUE, NULL);
  pat = test_login (server, "pat");
  gale = test_login (server, "gale");
  sam = test_login (server, "sam");
  ada = test_login (server, "ada");
  acme = test_account_of (server, pat);
  globex = test_account_of (server, gale);

  g_test_add_func ("/catalogue/product-lifecycle", test_product_lifecycle);
  g_test_add_func ("/catalogue/account-administration", test_account_administration);
  g_test_add_func ("/catalogue/account-create", test_account_create);
  status = g_test_run ();
  test_server_free (server);
  return status;
}
