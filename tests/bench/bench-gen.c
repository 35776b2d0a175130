/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-gen: a seeded generator of benchmark data in a procure-server
 * database.
 *
 *   bench-gen --db FILE --orders N --sims M [--seed S]
 *
 * Seeds the demo data (accounts, users, catalogue), raises every product's
 * stock so it never runs out, then creates N orders across the two demo
 * accounts through the real service functions (the same validation,
 * lifecycle and store writes as POST /api/v1/orders), about 40 % of them
 * submitted, and M SIMs carried by extra orders driven through the
 * lifecycle to READY on behalf of the account by the agent. The same seed
 * gives the same orders, notes and SIM identities.
 *
 * Speed: every store write is its own transaction; for generation only
 * the connection runs with synchronous=OFF (the benchmarks themselves use
 * the server's own settings on a copy of the file).
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <sodium.h>
#include <stdio.h>

#include "procure-demo.h"
#include "procure-service.h"
#include "procure-store-sqlite-private.h"

#define SIMS_PER_ORDER 1000

typedef struct {
  ProcureService  service;
  GRand          *rand;
  ProcureUser    *users[3];      /* pat (Acme), gale (Globex), sam (agent) */
  GPtrArray      *accounts;      /* Acme, Globex */
  GPtrArray      *products[2];   /* the products each account sees */
  guint           next_sim;
  guint           next_number;
} Gen;

static const char *places[] = {
  "Hamburg", "Rotterdam", "Lyon", "Reading", "Leeds", "Bremen", "Antwerp", "Basingstoke",
  "Munich", "Utrecht", "Lille", "Bristol", "Dortmund", "Ghent", "Nantes", "York",
};
static const char *things[] = {
  "trackers", "scanners", "meters", "gateways", "handhelds", "sensors", "tablets",
  "terminals", "telematics units", "outstations", "cameras", "kiosks",
};

/* ---------- setup ---------- */

static ProcureUser *
get_user (Gen        *gen,
          const char *login)
{
  ProcureStore *store = gen->service.store;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  ProcureUser *user = store->vtable->user_by_login (store, login, &hash, &error);

  if (user == NULL)
    g_error ("user %s: %s", login, error ? error->message : "missing");
  return user;
}

/* Stock high enough that no generated order runs out. */
static void
raise_stock (Gen *gen)
{
  ProcureStore *store = gen->service.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = store->vtable->product_list (store, NULL, &error);

  g_assert (products != NULL);
  for (guint i = 0; i < products->len; i++)
    {
      ProcureProduct *product = g_ptr_array_index (products, i);

      product->stock = G_GINT64_CONSTANT (1000000000000);
      product->max_quantity = MAX (product->max_quantity, 100000);
      if (!store->vtable->product_save (store, product, &error))
        g_error ("product %s: %s", product->code, error->message);
    }
}

static void
load_world (Gen *gen)
{
  ProcureStore *store = gen->service.store;
  g_autoptr(GError) error = NULL;

  gen->users[0] = get_user (gen, "pat");
  gen->users[1] = get_user (gen, "gale");
  gen->users[2] = get_user (gen, "sam");
  for (int a = 0; a < 2; a++)
    {
      ProcureAccount *account = store->vtable->account_get (store, gen->users[a]->account_id, &error);

      g_assert (account != NULL);
      g_ptr_array_add (gen->accounts, account);
      gen->products[a] = store->vtable->product_list (store, account->id, &error);
      g_assert (gen->products[a] != NULL && gen->products[a]->len > 0);
    }
}

/* ---------- orders ---------- */

static char *
ship_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);

  return g_date_time_format (later, "%Y-%m-%d");
}

static ProcureOrderRequest *
random_request (Gen                  *gen,
                int                   account,
                const ProcureProduct *product,
                gint64                quantity)
{
  ProcureOrderRequest *request = procure_order_request_new ();
  ProcureLineRequest *line = procure_line_request_new ();
  const ProcureAccount *acc = g_ptr_array_index (gen->accounts, account);
  const ProcureAddress *address =
    g_ptr_array_index (acc->addresses, g_rand_int_range (gen->rand, 0, (gint32) acc->addresses->len));

  line->product_id = g_strdup (product->id);
  line->quantity = quantity;
  request->has_lines = TRUE;
  g_ptr_array_add (request->lines, line);
  request->address_id = g_strdup (address->id);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = ship_date ();
  request->has_notes = TRUE;
  request->notes = g_strdup_printf ("%s %s, batch %u",
                                    places[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (places))],
                                    things[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (things))],
                                    g_rand_int_range (gen->rand, 1, 1000));
  return request;
}

static ProcureOrder *
act (Gen                  *gen,
     const ProcureUser    *user,
     ProcureOrder         *order,
     ProcureAction         action,
     ProcureActionRequest *body)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", order->version);
  g_autoptr(ProcureActionRequest) empty = body ? NULL : procure_action_request_new ();
  g_autoptr(GError) error = NULL;
  ProcureOrder *next = procure_service_order_act (&gen->service, user, order->id, action, etag,
                                                  body ? body : empty, &error);

  if (next == NULL)
    g_error ("%s on %s: %s", procure_action_to_string (action), order->id, error->message);
  procure_order_unref (order);
  return next;
}

static void
make_order (Gen *gen)
{
  int account = g_rand_int_range (gen->rand, 0, 2);
  GPtrArray *products = gen->products[account];
  const ProcureProduct *product =
    g_ptr_array_index (products, g_rand_int_range (gen->rand, 0, (gint32) products->len));
  gint64 quantity = product->min_quantity * g_rand_int_range (gen->rand, 1, 4);
  g_autoptr(ProcureOrderRequest) request = random_request (gen, account, product, quantity);
  g_autoptr(GError) error = NULL;
  g_autofree char *replay = NULL;
  ProcureOrder *order;

  order = procure_service_order_create (&gen->service, gen->users[account], request,
                                        NULL, NULL, &replay, NULL, &error);
  if (order == NULL)
    g_error ("create: %s", error->message);
  if (g_rand_int_range (gen->rand, 0, 100) < 40)
    order = act (gen, gen->users[account], order, PROCURE_ACTION_SUBMIT, NULL);
  procure_order_unref (order);
}

/* ---------- SIMs ---------- */

static GPtrArray *
make_sims (Gen   *gen,
           gint64 count)
{
  GPtrArray *sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);

  for (gint64 i = 0; i < count; i++)
    {
      guint n = gen->next_sim++;
      /* 894903 + 12 digits + check digit: apart from the demo's 8949020/8944100 */
      g_autofree char *payload = g_strdup_printf ("894903%012u", n);
      ProcureSim *sim = procure_sim_new ();

      sim->iccid = g_strdup_printf ("%s%d", payload, procure_luhn_check_digit (payload));
      sim->imsi = g_strdup_printf ("26203%010u", n);
      sim->msisdn = g_strdup_printf ("+4916%09u", n);
      g_ptr_array_add (sims, sim);
    }
  return sims;
}

/* An on-behalf order of @count SIMs of Acme's eSIM-like product with
 * multiple 1, taken through submit, accept, start and ready. */
static void
make_sim_order (Gen    *gen,
                gint64  count)
{
  const ProcureUser *agent = gen->users[2];
  const ProcureProduct *product = NULL;
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(ProcureActionRequest) accept = procure_action_request_new ();
  g_autoptr(ProcureActionRequest) ready = procure_action_request_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *replay = NULL;
  ProcureOrder *order;

  for (guint i = 0; i < gen->products[0]->len && product == NULL; i++)
    {
      const ProcureProduct *p = g_ptr_array_index (gen->products[0], i);
      if (p->quantity_multiple == 1 && p->min_quantity == 1)
        product = p;
    }
  g_assert (product != NULL);
  request = random_request (gen, 0, product, count);
  request->account_id = g_strdup (((ProcureAccount *) g_ptr_array_index (gen->accounts, 0))->id);
  order = procure_service_order_create (&gen->service, agent, request, NULL, NULL, &replay, NULL, &error);
  if (order == NULL)
    g_error ("create SIM order: %s", error->message);
  order = act (gen, agent, order, PROCURE_ACTION_SUBMIT, NULL);
  accept->number = g_strdup_printf ("77%010u", gen->next_number++);
  order = act (gen, agent, order, PROCURE_ACTION_ACCEPT, g_steal_pointer (&accept));
  order = act (gen, agent, order, PROCURE_ACTION_START, NULL);
  ready->sims = make_sims (gen, count);
  order = act (gen, agent, order, PROCURE_ACTION_READY, g_steal_pointer (&ready));
  procure_order_unref (order);
}

/* ---------- main ---------- */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  gint orders = 1000, sims = 0, seed = 1;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database to create (must not exist)", "FILE" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, "Orders to create (default 1000)", "N" },
    { "sims", 0, 0, G_OPTION_ARG_INT, &sims, "SIMs to create (default 0)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 1)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark data for procure-server");
  g_autoptr(GError) error = NULL;
  Gen gen = { { NULL, NULL, 30 * 24 * 3600 } };
  double start = g_get_monotonic_time () / 1e6;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db == NULL)
    {
      g_printerr ("bench-gen: %s\n", error ? error->message : "--db is required");
      return 2;
    }
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_printerr ("bench-gen: %s exists\n", db);
      return 2;
    }
  if (sodium_init () < 0 || (gen.service.store = procure_store_sqlite_open (db, &error)) == NULL)
    {
      g_printerr ("bench-gen: %s\n", error ? error->message : "libsodium");
      return 1;
    }
  sqlite3_exec (SQLITE_STORE (gen.service.store)->db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);

  gen.rand = g_rand_new_with_seed ((guint32) seed);
  gen.accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_account_unref);
  if (!procure_demo_seed (&gen.service, &error))
    g_error ("demo: %s", error->message);
  g_clear_pointer (&gen.service.clock, g_date_time_unref);
  raise_stock (&gen);
  load_world (&gen);

  for (gint i = 0; i < orders; i++)
    make_order (&gen);
  for (gint left = sims; left > 0; left -= SIMS_PER_ORDER)
    make_sim_order (&gen, MIN (left, SIMS_PER_ORDER));

  g_printerr ("bench-gen: %d orders, %d SIMs in %.1f s\n", orders, sims,
              g_get_monotonic_time () / 1e6 - start);
  for (int i = 0; i < 3; i++)
    procure_user_free (gen.users[i]);
  for (int a = 0; a < 2; a++)
    g_ptr_array_unref (gen.products[a]);
  g_ptr_array_unref (gen.accounts);
  g_rand_free (gen.rand);
  procure_store_close (gen.service.store);
  return 0;
}
