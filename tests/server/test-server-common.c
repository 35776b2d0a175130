/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include "test-server-common.h"

char *
test_product_id (TestServer *server,
                 const char *token,
                 const char *code)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/products", token);
  JsonArray *items;

  test_assert_status (response, 200);
  items = test_json_array (response->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      if (g_strcmp0 (test_json_string (item, "code"), code) == 0)
        return g_strdup (test_json_string (item, "id"));
    }
  return NULL;
}

gint64
test_product_stock (TestServer *server,
                    const char *token,
                    const char *id)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/products", token);
  JsonArray *items;

  test_assert_status (response, 200);
  items = test_json_array (response->json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      if (g_strcmp0 (test_json_string (item, "id"), id) == 0)
        return test_json_int (item, "stock");
    }
  g_assert_not_reached ();
  return -1;
}

char *
test_account_of (TestServer *server,
                 const char *token)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/me", token);

  test_assert_status (response, 200);
  return g_strdup (test_json_string (response->json, "account_id"));
}

char *
test_date (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

TestResponse *
test_create_order (TestServer *server,
                   const char *token,
                   const char *account_id,
                   const char *product_id,
                   gint64      quantity)
{
  g_autofree char *date = test_date (10);
  g_autofree char *account = account_id ? g_strdup_printf ("\"account_id\": \"%s\", ", account_id)
                                        : g_strdup ("");
  g_autofree char *body = g_strdup_printf (
    "{%s\"lines\": [{\"product_id\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}],"
    " \"address_id\": \"adr-1\", \"requested_ship_date\": \"%s\", \"notes\": \"test order\"}",
    account, product_id, quantity, date);
  TestResponse *response = test_request (server, "POST", "/api/v1/orders", token, body, NULL);

  test_assert_status (response, 201);
  g_assert_cmpstr (test_json_string (response->json, "status"), ==, "draft");
  return response;
}

char *
test_order_etag (TestServer *server,
                 const char *token,
                 const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(TestResponse) response = test_get (server, path, token);

  test_assert_status (response, 200);
  return test_etag (response);
}

TestResponse *
test_act (TestServer *server,
          const char *token,
          const char *order_id,
          const char *action,
          const char *body,
          guint       status,
          const char *new_status)
{
  g_autofree char *etag = test_order_etag (server, token, order_id);
  TestResponse *response = test_action (server, token, order_id, action, etag, body);

  test_assert_status (response, status);
  if (status == 200)
    g_assert_cmpstr (test_json_string (response->json, "status"), ==, new_status);
  return response;
}
