/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The authorization matrix: every role × every endpoint × own and other
 * account, against every demo order (all statuses, both accounts).
 *
 * The expected answer comes from this file's own reading of the lifecycle
 * table and role list in DESIGN.md (expect_action() and friends), not from
 * libprocure-core. Requests that should be allowed carry a stale If-Match
 * or an invalid body, so the server answers 412 or 422 from the stage after
 * authorization and the demo data stays unchanged (checked at the end).
 */
#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include "test-server-common.h"

enum { P = 1 << 0, A = 1 << 1, G = 1 << 2, D = 1 << 3 };   /* purchaser approver agent admin */
#define MEMBERS (P | A)

typedef struct {
  const char *status;
  const char *action;
  guint       roles;
} Row;

/* DESIGN.md "PO lifecycle", row by row. */
static const Row lifecycle[] = {
  { "draft",            "submit",          MEMBERS | G },
  { "pending_approval", "approve",         A },
  { "pending_approval", "reject",          A },
  { "pending_approval", "request_info",    A },
  { "info_requested",   "resubmit",        MEMBERS },
  { "submitted",        "accept",          G },
  { "submitted",        "reject",          G },
  { "accepted",         "start",           G },
  { "provisioning",     "ready",           G },
  { "ready",            "ship",            G },
  { "shipped",          "confirm_receipt", MEMBERS },
  { "rejected",         "reopen",          MEMBERS },
  { "draft",            "cancel",          MEMBERS | G },
  { "pending_approval", "cancel",          MEMBERS },
  { "info_requested",   "cancel",          MEMBERS },
  { "submitted",        "cancel",          MEMBERS },
  { "rejected",         "cancel",          MEMBERS },
};

static const char * const actions[] = {
  "submit", "approve", "reject", "request_info", "resubmit", "accept", "start", "ready",
  "ship", "confirm_receipt", "cancel", "reopen", NULL
};

typedef struct {
  const char *login;
  guint       role;
  char       *token;
  char       *id;
  char       *account;   /* NULL for the provider */
} User;

static User users[] = {
  { "pat", P }, { "morgan", A }, { "sam", G }, { "ada", D },
};

static TestServer *server;
static char *accounts[2];

static gboolean
is_member (const User *user)
{
  return (user->role & MEMBERS) != 0;
}

static gboolean
is_decision (const char *action)
{
  return g_str_equal (action, "approve") || g_str_equal (action, "reject")
      || g_str_equal (action, "request_info");
}

static gboolean
approved_by (JsonNode   *order,
             const User *user)
{
  JsonArray *approvals = test_json_array (order, "approvals");

  for (guint i = 0; i < json_array_get_length (approvals); i++)
    if (g_strcmp0 (test_json_string (json_array_get_element (approvals, i), "user_id"), user->id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
own_on_behalf (JsonNode   *order,
               const User *user)
{
  return json_node_get_boolean (test_json_member (order, "on_behalf"))
      && g_strcmp0 (test_json_string (order, "created_by"), user->id) == 0;
}

static gboolean
hidden_from (JsonNode   *order,
             const User *user)
{
  return is_member (user) && g_strcmp0 (test_json_string (order, "account_id"), user->account) != 0;
}

static guint
expect_action (const User *user,
               JsonNode   *order,
               const char *action)
{
  const char *status = test_json_string (order, "status");
  gboolean creator = g_strcmp0 (test_json_string (order, "created_by"), user->id) == 0;
  guint any_roles = 0;
  gboolean in_status = FALSE;

  if (hidden_from (order, user))
    return 404;
  for (guint i = 0; i < G_N_ELEMENTS (lifecycle); i++)
    if (g_str_equal (lifecycle[i].action, action))
      {
        any_roles |= lifecycle[i].roles;
        if (g_str_equal (lifecycle[i].status, status) && (lifecycle[i].roles & user->role))
          in_status = TRUE;
      }
  if ((any_roles & user->role) == 0)
    return 403;
  if (user->role == A && is_decision (action) && creator)
    return 403;
  if (user->role == G && (g_str_equal (action, "submit") || g_str_equal (action, "cancel"))
      && !own_on_behalf (order, user))
    return 403;
  if (!in_status)
    return 409;
  if (user->role == A && is_decision (action) && approved_by (order, user))
    return 409;
  return 412;   /* allowed: only the stale If-Match stops it */
}

static guint
expect_edit (const User *user,
             JsonNode   *order)
{
  const char *status = test_json_string (order, "status");
  gboolean agent_editor = user->role == G && own_on_behalf (order, user);

  if (hidden_from (order, user))
    return 404;
  if (!is_member (user) && !agent_editor)
    return 403;
  if (g_str_equal (status, "draft") || (g_str_equal (status, "info_requested") && !agent_editor))
    return 412;
  return 409;
}

static void
check (TestResponse *response,
       guint         expected,
       const char   *what,
       const User   *user)
{
  if (response->status != expected)
    g_printerr ("%s as %s: expected %u, got %u: %.*s\n", what, user->login, expected,
                response->status, (int) MIN (g_bytes_get_size (response->body), 500),
                (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, expected);
  /* Every refusal uses the one error shape. */
  if (expected >= 400)
    g_assert_nonnull (test_error_code (response));
}

static JsonArray *
all_orders (void)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/orders?limit=200", users[2].token);

  test_assert_status (response, 200);
  g_assert_null (test_json_string (response->json, "next"));
  return json_array_ref (test_json_array (response->json, "items"));
}

static char *
orders_digest (void)
{
  g_autoptr(TestResponse) response = test_get (server, "/api/v1/orders?limit=200", users[2].token);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
}

static void
test_order_actions (void)
{
  g_autoptr(JsonArray) orders = all_orders ();
  const char *stale[] = { "If-Match", "\"0\"", NULL };
  guint counts[600] = { 0 };

  /* Every status of the lifecycle is represented in the demo data. */
  g_assert_cmpuint (json_array_get_length (orders), >=, 20);
  for (guint o = 0; o < json_array_get_length (orders); o++)
    {
      JsonNode *order = json_array_get_element (orders, o);
      const char *id = test_json_string (order, "id");

      for (guint u = 0; u < G_N_ELEMENTS (users); u++)
        for (guint a = 0; actions[a] != NULL; a++)
          {
            g_autoptr(TestResponse) response = test_action (server, users[u].token, id, actions[a],
                                                            stale[1], "{\"comment\": \"x\"}");
            g_autofree char *what = g_strdup_printf ("%s on %s (%s)", actions[a], id,
                                                     test_json_string (order, "status"));
            guint expected = expect_action (&users[u], order, actions[a]);

            check (response, expected, what, &users[u]);
            counts[expected]++;
          }
    }
  /* The matrix really exercised every kind of answer. */
  g_assert_cmpuint (counts[404], >, 0);
  g_assert_cmpuint (counts[403], >, 0);
  g_assert_cmpuint (counts[409], >, 0);
  g_assert_cmpuint (counts[412], >, 0);
}

static void
test_order_reads_and_edits (void)
{
  g_autoptr(JsonArray) orders = all_orders ();
  const char *stale[] = { "If-Match", "\"0\"", NULL };

  for (guint o = 0; o < json_array_get_length (orders); o++)
    {
      JsonNode *order = json_array_get_element (orders, o);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", test_json_string (order, "id"));
      g_autofree char *sims = g_strdup_printf ("%s/sims", path);
      g_autofree char *comments = g_strdup_printf ("%s/comments", path);

      for (guint u = 0; u < G_N_ELEMENTS (users); u++)
        {
          const User *user = &users[u];
          guint visible = hidden_from (order, user) ? 404 : 200;
          g_autoptr(TestResponse) get = test_get (server, path, user->token);
          g_autoptr(TestResponse) get_sims = test_get (server, sims, user->token);
          g_autoptr(TestResponse) edit = test_request (server, "PATCH", path, user->token,
                                                       "{\"notes\": \"x\"}", stale);
          g_autoptr(TestResponse) comment = test_request (server, "POST", comments, user->token,
                                                          "{\"body\": \"\"}", NULL);

          check (get, visible, "GET order", user);
          check (get_sims, visible, "GET order sims", user);
          check (edit, expect_edit (user, order), "PATCH order", user);
          check (comment, visible == 200 ? 422 : 404, "POST comment", user);
        }
    }
}

static void
test_account_endpoints (void)
{
  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    for (guint u = 0; u < G_N_ELEMENTS (users); u++)
      {
        const User *user = &users[u];
        gboolean hidden = is_member (user) && g_strcmp0 (user->account, accounts[a]) != 0;
        g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s", accounts[a]);
        g_autofree char *products = g_strdup_printf ("%s/products", path);
        g_autofree char *sims = g_strdup_printf ("/api/v1/sims?account_id=%s", accounts[a]);
        g_autofree char *list = g_strdup_printf ("/api/v1/orders?account_id=%s", accounts[a]);
        g_autofree char *order = g_strdup_printf (
          "{\"account_id\": \"%s\", \"lines\": [{\"product_id\": \"nope\", \"quantity\": 10}]}", accounts[a]);
        g_autoptr(TestResponse) get = test_get (server, path, user->token);
        g_autoptr(TestResponse) patch = test_request (server, "PATCH", path, user->token, "{\"name\": \"\"}", NULL);
        g_autoptr(TestResponse) get_products = test_get (server, products, user->token);
        g_autoptr(TestResponse) put_products = test_request (server, "PUT", products, user->token,
                                                             "{\"product_ids\": [\"nope\"]}", NULL);
        g_autoptr(TestResponse) get_sims = test_get (server, sims, user->token);
        g_autoptr(TestResponse) get_list = test_get (server, list, user->token);
        g_autoptr(TestResponse) create = test_request (server, "POST", "/api/v1/orders", user->token, order, NULL);

        check (get, hidden ? 404 : 200, "GET account", user);
        check (patch, hidden ? 404 : user->role == D ? 422 : 403, "PATCH account", user);
        check (get_products, hidden ? 404 : 200, "GET account products", user);
        check (put_products, hidden ? 404 : is_member (user) ? 403 : 422, "PUT account products", user);
        check (get_sims, hidden ? 404 : 200, "GET sims", user);
        check (get_list, hidden ? 404 : 200, "GET orders", user);
        check (create, hidden ? 404 : user->role == D ? 403 : 422, "POST order", user);
      }
}

static void
test_global_endpoints (void)
{
  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    {
      const User *user = &users[u];
      gboolean staff = !is_member (user);
      g_autoptr(TestResponse) products = test_get (server, "/api/v1/products", user->token);
      g_autoptr(TestResponse) create = test_request (server, "POST", "/api/v1/products", user->token, "{}", NULL);
      g_autoptr(TestResponse) patch = test_request (server, "PATCH", "/api/v1/products/prd-1", user->token,
                                                    "{\"code\": \"\"}", NULL);
      g_autoptr(TestResponse) account = test_request (server, "POST", "/api/v1/accounts", user->token, "{}", NULL);
      g_autoptr(TestResponse) list = test_get (server, "/api/v1/accounts", user->token);
      g_autoptr(TestResponse) me = test_get (server, "/api/v1/me", user->token);
      g_autoptr(TestResponse) changes = test_get (server, "/api/v1/changes?since=0", user->token);
      g_autoptr(TestResponse) anonymous = test_get (server, "/api/v1/orders", NULL);

      check (products, 200, "GET products", user);
      check (create, staff ? 422 : 403, "POST product", user);
      check (patch, staff ? 422 : 403, "PATCH product", user);
      check (account, user->role == D ? 422 : 403, "POST account", user);
      check (list, 200, "GET accounts", user);
      g_assert_cmpuint (json_array_get_length (test_json_array (list->json, "items")), ==, staff ? 2 : 1);
      check (me, 200, "GET me", user);
      check (changes, 200, "GET changes", user);
      check (anonymous, 401, "GET orders without token", user);
      /* Members see only their account's products, without assignment lists. */
      if (!staff)
        {
          JsonArray *items = test_json_array (products->json, "items");
          for (guint i = 0; i < json_array_get_length (items); i++)
            g_assert_null (test_json_member (json_array_get_element (items, i), "account_ids"));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = test_server_start (NULL, TRUE, NULL);
  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    {
      g_autoptr(TestResponse) me = NULL;

      users[u].token = test_login (server, users[u].login);
      me = test_get (server, "/api/v1/me", users[u].token);
      users[u].id = g_strdup (test_json_string (me->json, "id"));
      users[u].account = g_strdup (test_json_string (me->json, "account_id"));
    }
  {
    g_autofree char *gale = test_login (server, "gale");
    accounts[0] = g_strdup (users[0].account);
    accounts[1] = test_account_of (server, gale);
  }
  before = orders_digest ();

  g_test_add_func ("/authz/order-actions", test_order_actions);
  g_test_add_func ("/authz/order-reads-and-edits", test_order_reads_and_edits);
  g_test_add_func ("/authz/account-endpoints", test_account_endpoints);
  g_test_add_func ("/authz/global-endpoints", test_global_endpoints);
  status = g_test_run ();

  /* Nothing the matrix sent changed an order. */
  after = orders_digest ();
  g_assert_cmpstr (before, ==, after);
  test_server_free (server);
  return status;
}
