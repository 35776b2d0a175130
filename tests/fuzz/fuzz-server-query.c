/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-server-query: what procure-server does with a request line before
 * any body: the route match (ids with escapes, dots, slashes) and the query
 * string of GET /orders, /sims and /changes, run against the real service
 * over an in-memory SQLite store seeded with the demo data.
 *
 * Input: "METHOD PATH[?QUERY]" on the first line. Properties:
 *  - the router never hands out a param with a NUL or an empty one;
 *  - looking an order up by any matched id answers it or a clean 404 whose
 *    message is valid UTF-8 (it goes into a JSON body);
 *  - a list never fails with an internal (store) error, holds at most the
 *    page size, shows a purchaser only their own account, and its next
 *    cursor is accepted.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "procure-demo.h"
#include "procure-request.h"
#include "procure-router.h"
#include "fuzz-common.h"

typedef struct {
  ProcureService  service;
  ProcureUser    *purchaser;   /* pat, Acme */
  ProcureUser    *agent;       /* sam */
} World;

static ProcureUser *
load_user (ProcureStore *store,
           const char   *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  ProcureUser *user = store->vtable->user_by_login (store, login, &hash, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

static World *
get_world (void)
{
  static World *world;
  g_autoptr(GError) error = NULL;

  if (world != NULL)
    return world;
  g_assert_cmpint (sodium_init (), >=, 0);
  world = g_new0 (World, 1);
  world->service.store = procure_store_sqlite_open (":memory:", &error);
  g_assert_no_error (error);
  world->service.token_lifetime = 3600;
  g_assert_true (procure_demo_seed (&world->service, &error));
  g_assert_no_error (error);
  world->purchaser = load_user (world->service.store, "pat");
  world->agent = load_user (world->service.store, "sam");
  return world;
}

/* A refusal caused by the input, never an internal failure. */
static void
check_refusal (const GError *error)
{
  g_assert_nonnull (error);
  if (error->domain != PROCURE_ERROR)
    g_error ("internal error for client input: %s (%s %d)", error->message,
             g_quark_to_string (error->domain), error->code);
  fuzz_check_procure_error (error);
}

static void
check_order_lookup (World      *world,
                    const char *id)
{
  ProcureUser *users[] = { world->purchaser, world->agent };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureOrder) order = procure_service_order (&world->service, users[i], id, &error);

      if (order == NULL)
        {
          check_refusal (error);
          g_assert_cmpint (error->code, ==, PROCURE_ERROR_NOT_FOUND);
        }
      else
        g_assert_cmpstr (order->id, ==, id);
    }
}

static void
check_route (World      *world,
             const char *method,
             const char *path)
{
  g_autoptr(GString) allow = g_string_new (NULL);
  char *params[PROCURE_MAX_PARAMS] = { NULL };
  const ProcureRoute *route = NULL;
  guint n_routes;
  const ProcureRoute *routes = procure_routes (&n_routes);

  if (procure_router_match (routes, n_routes, method, path, &route, params, allow) != PROCURE_ROUTE_MATCHED)
    return;
  g_assert_nonnull (route);
  for (guint i = 0; i < PROCURE_MAX_PARAMS && params[i] != NULL; i++)
    g_assert_cmpuint (strlen (params[i]), >, 0);
  if (params[0] != NULL && g_str_has_prefix (route->pattern, "/api/v1/orders/"))
    check_order_lookup (world, params[0]);
  for (guint i = 0; i < PROCURE_MAX_PARAMS; i++)
    g_free (params[i]);
}

static void
check_order_page (World             *world,
                  ProcureUser       *user,
                  ProcureOrderQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) orders = procure_service_orders (&world->service, user, query, &next, &error);

  if (orders == NULL)
    return check_refusal (error);
  g_assert_cmpuint (orders->len, <=, query->limit);
  for (guint i = 0; i < orders->len && user->account_id != NULL; i++)
    g_assert_cmpstr (((ProcureOrder *) g_ptr_array_index (orders, i))->account_id, ==, user->account_id);
  if (next != NULL)
    {
      ProcureOrderQuery following = *query;
      g_autoptr(GPtrArray) more = NULL;
      g_autofree char *after = NULL;

      following.cursor = next;
      more = procure_service_orders (&world->service, user, &following, &after, &error);
      g_assert_no_error (error);
      g_assert_nonnull (more);
    }
}

static void
check_sim_page (World           *world,
                ProcureUser     *user,
                ProcureSimQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) sims = procure_service_sims (&world->service, user, query, &next, &error);

  if (sims == NULL)
    return check_refusal (error);
  g_assert_cmpuint (sims->len, <=, query->limit);
  for (guint i = 0; i < sims->len && user->account_id != NULL; i++)
    g_assert_cmpstr (((ProcureSim *) g_ptr_array_index (sims, i))->account_id, ==, user->account_id);
}

static void
check_changes (World          *world,
               ProcureUser    *user,
               ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  const char *since_text = procure_request_query (request, "since");
  guint64 since = 0;

  /* The handler's own parse (a static function) takes 0..G_MAXINT64. */
  if (since_text != NULL && !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL))
    return;
  page = procure_service_changes (&world->service, user, (gint64) since, 50, &error);
  if (page == NULL)
    return check_refusal (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (page));
}

static void
check_query (World      *world,
             const char *query_text)
{
  ProcureRequest request = { .service = &world->service };
  g_autoptr(GError) error = NULL;
  ProcureUser *users[] = { world->purchaser, world->agent };
  guint limit;

  request.query = soup_form_decode (query_text);
  if (!procure_request_limit (&request, &limit, &error))
    check_refusal (error);
  else
    for (guint i = 0; i < G_N_ELEMENTS (users); i++)
      {
        ProcureOrderQuery orders = {
          procure_request_query (&request, "account_id"), procure_request_query (&request, "status"),
          procure_request_query (&request, "q"), procure_request_query (&request, "cursor"), limit,
        };
        ProcureSimQuery sims = {
          procure_request_query (&request, "account_id"), procure_request_query (&request, "order_id"),
          procure_request_query (&request, "product_id"), procure_request_query (&request, "q"),
          procure_request_query (&request, "cursor"), limit,
        };

        check_order_page (world, users[i], &orders);
        check_sim_page (world, users[i], &sims);
        check_changes (world, users[i], &request);
      }
  g_hash_table_unref (request.query);
}

/* Seeding the demo data hashes a password and writes the catalogue: seconds
 * under ASan, which must not count against libFuzzer's per-input timeout. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  get_world ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  World *world;
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;
  char *space, *question;

  fuzz_init ();
  world = get_world ();
  fuzz_split (data, size, &line, &rest);
  if ((space = strchr (line, ' ')) == NULL)
    return 0;
  *space = '\0';
  if ((question = strchr (space + 1, '?')) != NULL)
    *question = '\0';
  check_route (world, line, space + 1);
  if (question != NULL)
    check_query (world, question + 1);
  return 0;
}
