/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The demo data of ../shared/DESIGN.md: two accounts, six users (password
 * "demo"), a catalogue and sample orders in every status.
 *
 * The orders are not written as finished rows: each one is created and
 * driven through its history with the real service functions (the same
 * lifecycle checks, validators, stock reservation and SIM assignment as the
 * API), under a clock set to the step's time, so dates are relative to
 * today. Everything is deterministic except the password salt.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <sodium.h>

#include "procure-demo.h"
#include "procure-service.h"

/* ---------- accounts ---------- */

typedef struct {
  const char *name, *company, *street, *city, *postal_code, *region, *country, *phone;
} DemoAddress;

typedef struct {
  const char  *name;
  const char  *currency;
  gboolean     allow_override;
  gint64       threshold, second_threshold;
  const char  *defaults[PROCURE_N_SETTINGS];
  const char  *entitlements[PROCURE_N_SETTINGS][6];
  DemoAddress  addresses[3];
} DemoAccount;

static const DemoAccount demo_accounts[] = {
  { "Acme Logistics", "EUR", TRUE, 100000, 1000000,
    { "inventory", "IOT-POOL-1GB", "data-sms", "europe-plus", "acme-fleet.m2m" },
    { { "test_ready", "inventory", "activation_ready", "activated" },
      { "IOT-FLEX-50MB", "IOT-POOL-1GB", "FLEET-UNLIMITED-EU", "M2M-BASIC-10MB" },
      { "data-only", "data-sms", "data-sms-voice" },
      { "home-only", "eu-only", "europe-plus", "global" },
      { "acme-fleet.m2m", "acme-telemetry.m2m", "internet.iot" } },
    { { "Jana Petersen", "Acme Logistics GmbH", "Am Sandtorkai 12", "Hamburg", "20457", NULL, "DE", "+4940123456" },
      { "Ruud de Vries", "Acme Logistics B.V.", "Waalhaven Oostzijde 80", "Rotterdam", "3087 BM", "Zuid-Holland", "NL", "+31102345678" },
      { "Camille Martin", "Acme Logistique SAS", "12 Rue de Gerland", "Lyon", "69007", NULL, "FR", NULL } } },
  { "Globex Utilities", "GBP", FALSE, -1, -1,
    { "test_ready", "UTIL-METER-5MB", "data-only", "home-only", "globex-meters.m2m" },
    { { "test_ready", "inventory", "activation_ready", "activated" },
      { "UTIL-METER-5MB", "UTIL-METER-20MB", "UTIL-POOL-500MB" },
      { "data-only", "data-sms", "sms-only" },
      { "home-only", "uk-eu", "global" },
      { "globex-meters.m2m", "globex-scada.m2m", "internet.iot" } },
    { { "Oliver Hughes", "Globex Utilities plc", "3 Forbury Square", "Reading", "RG1 3BB", "Berkshire", "GB", "+441189123456" },
      { "Amelia Clarke", "Globex Utilities plc", "Wellington Place 4", "Leeds", "LS1 4AP", "West Yorkshire", "GB", NULL },
      { NULL } } },
};

static ProcureAccount *
build_account (const DemoAccount *spec)
{
  ProcureAccount *account = procure_account_new ();

  account->name = g_strdup (spec->name);
  account->currency = g_strdup (spec->currency);
  account->allow_default_override = spec->allow_override;
  account->approval_threshold = spec->threshold;
  account->second_approval_threshold = spec->second_threshold;
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    {
      procure_settings_set (account->defaults, s, spec->defaults[s]);
      g_strfreev (account->entitlements->values[s]);
      account->entitlements->values[s] = g_strdupv ((char **) spec->entitlements[s]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (spec->addresses) && spec->addresses[i].name; i++)
    {
      const DemoAddress *a = &spec->addresses[i];
      ProcureAddress *address = procure_address_new ();

      address->id = g_strdup_printf ("adr-%u", i + 1);
      address->name = g_strdup (a->name);
      address->company = g_strdup (a->company);
      address->street = g_strdup (a->street);
      address->city = g_strdup (a->city);
      address->postal_code = g_strdup (a->postal_code);
      address->region = g_strdup (a->region);
      address->country = g_strdup (a->country);
      address->phone = g_strdup (a->phone);
      g_ptr_array_add (account->addresses, address);
    }
  return account;
}

/* ---------- users ---------- */

typedef struct {
  const char  *login, *name;
  ProcureRole  role;
  int          account;   /* index into demo_accounts, -1 for the provider */
} DemoUser;

static const DemoUser demo_users[] = {
  { "pat",    "Pat Schneider",  PROCURE_ROLE_PURCHASER, 0 },
  { "morgan", "Morgan Keller",  PROCURE_ROLE_APPROVER,  0 },
  { "quinn",  "Quinn Bauer",    PROCURE_ROLE_APPROVER,  0 },
  { "gale",   "Gale Thompson",  PROCURE_ROLE_PURCHASER, 1 },
  { "sam",    "Sam Okafor",     PROCURE_ROLE_AGENT,    -1 },
  { "ada",    "Ada Lindqvist",  PROCURE_ROLE_ADMIN,    -1 },
};

/* ---------- products ---------- */

typedef struct {
  const char *code, *name, *form_factor, *features[5], *branding, *description;
  gint64      price;
  const char *currency;
  gint64      min, max, multiple, stock;
  gboolean    active;
  int         account;    /* assigned to this demo account, -1: none */
} DemoProduct;

static const DemoProduct demo_products[] = {
  { "EU-2FF-STD", "Standard SIM 2FF", "2FF", { "Commercial grade", "-25 °C to +85 °C", "128 KB" },
    "Procure Mobile", "Plastic card 85.6 × 54 mm with break-out 2FF SIM.", 250, "EUR", 10, 10000, 10, 20000, TRUE, 0 },
  { "EU-TC-IND", "Industrial triple-cut SIM", "triple-cut", { "Industrial grade", "-40 °C to +105 °C", "Multi-IMSI", "500k write cycles" },
    "Procure Mobile", "2FF/3FF/4FF punch-out for trackers and gateways.", 450, "EUR", 10, 20000, 10, 15000, TRUE, 0 },
  { "EU-MFF2-AUTO", "Automotive MFF2 chip", "MFF2", { "Solderable QFN-8", "-40 °C to +105 °C", "AEC-Q100" },
    "Procure Mobile", "Soldered eUICC for telematics units; reels of 100.", 690, "EUR", 100, 100000, 100, 50000, TRUE, 0 },
  { "EU-ESIM", "eSIM profile (eUICC, SGP.32)", "eSIM", { "Remote provisioning", "SGP.32 IoT" },
    "Procure Mobile", "Downloadable profile for eUICC devices.", 300, "EUR", 1, 100000, 1, 100000, TRUE, 0 },
  { "UK-TC-METER", "Smart-meter triple-cut SIM", "triple-cut", { "Industrial grade", "-40 °C to +85 °C", "10-year data retention" },
    "Globex Meter Connect", "Co-branded SIM for SMETS2 communications hubs; packs of 50.", 210, "GBP", 50, 50000, 50, 30000, TRUE, 1 },
  { "UK-4FF-NANO", "Nano SIM 4FF", "4FF", { "Commercial grade", "-25 °C to +85 °C" },
    "Procure Mobile", "Nano SIM for handhelds and field tablets.", 180, "GBP", 10, 5000, 10, 8000, TRUE, 1 },
  { "UK-MFF2-IND", "Industrial MFF2 chip", "MFF2", { "Solderable QFN-8", "-40 °C to +105 °C", "Vibration resistant" },
    "Procure Mobile", "Soldered SIM for SCADA outstations; reels of 100.", 520, "GBP", 100, 50000, 100, 20000, TRUE, 1 },
  { "EU-3FF-MICRO", "Micro SIM 3FF", "3FF", { "Commercial grade", "-25 °C to +85 °C" },
    "Procure Mobile", "Micro SIM, not yet offered to any account.", 240, "EUR", 10, 5000, 10, 5000, TRUE, -1 },
};

static ProcureProduct *
build_product (const DemoProduct *spec)
{
  ProcureProduct *product = procure_product_new ();

  product->code = g_strdup (spec->code);
  product->name = g_strdup (spec->name);
  product->form_factor = g_strdup (spec->form_factor);
  g_strfreev (product->features);
  product->features = g_strdupv ((char **) spec->features);
  product->branding = g_strdup (spec->branding);
  product->description = g_strdup (spec->description);
  product->unit_price = spec->price;
  product->currency = g_strdup (spec->currency);
  product->min_quantity = spec->min;
  product->max_quantity = spec->max;
  product->quantity_multiple = spec->multiple;
  product->stock = spec->stock;
  product->active = spec->active;
  return product;
}

/* ---------- orders ---------- */

typedef struct {
  const char *actor;
  const char *action;
  const char *comment;
} DemoStep;

typedef struct {
  int         account;
  const char *creator;
  int         days_ago;
  int         product;        /* index into demo_products */
  gint64      quantity;
  int         address;
  const char *notes;
  const char *override_plan;  /* price plan override, Acme only */
  DemoStep    steps[8];
} DemoOrder;

static const DemoOrder demo_orders[] = {
  /* Acme Logistics: approval from 1,000.00 EUR, second approver from 10,000.00 EUR */
  { 0, "pat", 1, 0, 100, 0, "Spare SIMs for the Hamburg yard scanners.", NULL, { { NULL } } },
  { 0, "pat", 3, 1, 400, 1, "Trackers for the new reefer containers.", "FLEET-UNLIMITED-EU",
    { { "pat", "submit" } } },
  { 0, "pat", 5, 2, 2000, 0, "Telematics retrofit, phase 2 (2,000 trucks).", NULL,
    { { "pat", "submit" }, { "morgan", "approve", "Budget line TLM-2 confirmed." } } },
  { 0, "pat", 6, 0, 600, 2, "Lyon depot handhelds.", NULL,
    { { "pat", "submit" }, { "quinn", "request_info", "Which cost centre carries the Lyon depot this year?" } } },
  { 0, "pat", 4, 3, 200, 0, "eSIM profiles for the pilot gateways.", "IOT-FLEX-50MB",
    { { "pat", "submit" } } },
  { 0, "pat", 8, 0, 800, 1, "Rotterdam forklift terminals.", NULL,
    { { "pat", "submit" }, { "morgan", "approve" } } },
  { 0, "pat", 12, 1, 1000, 0, "Cold-chain sensors for all trailers.", NULL,
    { { "pat", "submit" }, { "morgan", "reject", "Budget is frozen until Q1; please split the rollout." } } },
  { 0, "pat", 10, 0, 50, 2, "Replacement SIMs, Lyon.", NULL,
    { { "pat", "submit" }, { "sam", "reject", "Duplicate of an order already in delivery; nothing to do." } } },
  { 0, "pat", 9, 3, 100, 0, "eSIM profiles for the handheld refresh.", NULL,
    { { "pat", "submit" }, { "sam", "accept:4500012001" } } },
  { 0, "pat", 14, 0, 40, 1, "Gate readers, Rotterdam.", NULL,
    { { "pat", "submit" }, { "sam", "accept:4500012002" }, { "sam", "start" } } },
  { 0, "morgan", 16, 1, 20, 0, "Trackers for the management pool cars.", "M2M-BASIC-10MB",
    { { "morgan", "submit" }, { "sam", "accept:4500012003" }, { "sam", "start" }, { "sam", "ready" } } },
  { 0, "pat", 21, 0, 30, 2, "Lyon forklift terminals.", NULL,
    { { "pat", "submit" }, { "sam", "accept:4500012004" }, { "sam", "start" }, { "sam", "ready" },
      { "sam", "ship" } } },
  { 0, "pat", 35, 1, 10, 0, "Prototype trackers for the innovation lab.", NULL,
    { { "pat", "submit" }, { "sam", "accept:4500012005" }, { "sam", "start" }, { "sam", "ready" },
      { "sam", "ship" }, { "pat", "confirm_receipt" } } },
  { 0, "pat", 7, 0, 20, 0, "Entered twice by mistake.", NULL,
    { { "pat", "cancel", "Raised twice; see the other draft." } } },
  { 0, "sam", 2, 3, 50, 1, "Raised by phone on behalf of Jana Petersen.", NULL,
    { { "sam", "submit" } } },
  { 0, "pat", 11, 0, 700, 0, "Scanner refresh, Hamburg.", NULL,
    { { "pat", "submit" }, { "quinn", "reject", "Please wait for the new framework prices." },
      { "pat", "reopen", "New framework prices are in; reworking the quantities." } } },
  /* Globex Utilities: no internal approval */
  { 1, "gale", 1, 4, 500, 0, "Meter rollout, Reading east.", NULL, { { NULL } } },
  { 1, "gale", 3, 5, 100, 1, "Field engineers' tablets.", NULL, { { "gale", "submit" } } },
  { 1, "gale", 6, 6, 200, 0, "Substation outstations, batch 1.", NULL,
    { { "gale", "submit" }, { "sam", "accept:4500012006" } } },
  { 1, "gale", 9, 4, 1000, 1, "Meter rollout, Leeds north.", NULL,
    { { "gale", "submit" }, { "sam", "accept:4500012007" }, { "sam", "start" } } },
  { 1, "gale", 13, 4, 50, 0, "Meter pilot, Reading.", NULL,
    { { "gale", "submit" }, { "sam", "accept:4500012008" }, { "sam", "start" }, { "sam", "ready" } } },
  { 1, "gale", 18, 5, 50, 1, "Tablets for the Leeds depot.", NULL,
    { { "gale", "submit" }, { "sam", "accept:4500012009" }, { "sam", "start" }, { "sam", "ready" },
      { "sam", "ship" } } },
  { 1, "gale", 40, 4, 100, 0, "Meter pilot, Basingstoke.", NULL,
    { { "gale", "submit" }, { "sam", "accept:4500012010" }, { "sam", "start" }, { "sam", "ready" },
      { "sam", "ship" }, { "gale", "confirm_receipt" } } },
  { 1, "gale", 15, 6, 100, 0, "Outstation spares.", NULL,
    { { "gale", "submit" }, { "sam", "reject", "MFF2 reels ship in hundreds per site; please give the site list." } } },
  { 1, "gale", 5, 5, 30, 1, "Temporary staff tablets.", NULL,
    { { "gale", "submit" }, { "gale", "cancel", "Contract staff postponed." } } },
  { 1, "sam", 4, 4, 150, 0, "Raised on behalf of Globex after the account review.", NULL,
    { { "sam", "submit" }, { "sam", "accept:4500012011" } } },
};

typedef struct {
  ProcureService *service;
  GPtrArray      *users;       /* ProcureUser, in demo_users order */
  GPtrArray      *accounts;    /* ProcureAccount, in demo_accounts order */
  GPtrArray      *products;    /* ProcureProduct, in demo_products order */
  GDateTime      *today;       /* 09:00 UTC today */
  guint           next_sim;
} Seeder;

static const ProcureUser *
find_user (Seeder     *seeder,
           const char *login)
{
  for (guint i = 0; i < seeder->users->len; i++)
    {
      const ProcureUser *user = g_ptr_array_index (seeder->users, i);
      if (g_str_equal (user->login, login))
        return user;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
set_clock (Seeder *seeder,
           int     days_ago,
           int     hours)
{
  g_clear_pointer (&seeder->service->clock, g_date_time_unref);
  seeder->service->clock = g_date_time_add_full (seeder->today, 0, 0, -days_ago, hours, 0, 0);
}

static char *
date_string (GDateTime *base,
             int        days)
{
  g_autoptr(GDateTime) date = g_date_time_add_days (base, days);
  return g_date_time_format (date, "%Y-%m-%d");
}

/* Valid, unique SIM identities: 19-digit ICCIDs with Luhn check digit. */
static GPtrArray *
demo_sims (Seeder *seeder,
           int     account,
           gint64  count)
{
  GPtrArray *sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);

  for (gint64 i = 0; i < count; i++)
    {
      guint n = seeder->next_sim++;
      g_autofree char *payload = g_strdup_printf (account == 0 ? "894902000%09u" : "894410000%09u", n);
      ProcureSim *sim = procure_sim_new ();

      sim->iccid = g_strdup_printf ("%s%d", payload, procure_luhn_check_digit (payload));
      sim->imsi = g_strdup_printf (account == 0 ? "26201%010u" : "23415%010u", n);
      sim->msisdn = g_strdup_printf (account == 0 ? "+4915100%06u" : "+447700%06u", n);
      g_ptr_array_add (sims, sim);
    }
  return sims;
}

static ProcureActionRequest *
step_request (Seeder          *seeder,
              const DemoOrder *spec,
              const DemoStep  *step,
              ProcureAction   *action)
{
  ProcureActionRequest *request = procure_action_request_new ();
  g_auto(GStrv) parts = g_strsplit (step->action, ":", 2);

  *action = procure_action_from_string (parts[0]);
  request->comment = g_strdup (step->comment);
  request->number = g_strdup (parts[1]);
  if (*action == PROCURE_ACTION_READY)
    request->sims = demo_sims (seeder, spec->account, spec->quantity);
  if (*action == PROCURE_ACTION_SHIP)
    {
      request->carrier = g_strdup (spec->account == 0 ? "DHL Express" : "Royal Mail Tracked 24");
      request->tracking_number = g_strdup_printf (spec->account == 0 ? "JD0146%08u" : "RM%09uGB",
                                                  seeder->next_sim);
      request->shipped_at = g_date_time_format (seeder->service->clock, "%Y-%m-%d");
    }
  return request;
}

static ProcureOrderRequest *
order_request (Seeder          *seeder,
               const DemoOrder *spec)
{
  ProcureOrderRequest *request = procure_order_request_new ();
  const ProcureProduct *product = g_ptr_array_index (seeder->products, spec->product);
  const ProcureAccount *account = g_ptr_array_index (seeder->accounts, spec->account);
  ProcureLineRequest *line = procure_line_request_new ();

  line->product_id = g_strdup (product->id);
  line->quantity = spec->quantity;
  request->has_lines = TRUE;
  g_ptr_array_add (request->lines, line);
  if (g_str_equal (spec->creator, "sam"))
    request->account_id = g_strdup (account->id);
  request->address_id = g_strdup_printf ("adr-%d", spec->address + 1);
  request->has_requested_ship_date = TRUE;
  request->requested_ship_date = date_string (seeder->service->clock, 14);
  request->has_notes = TRUE;
  request->notes = g_strdup (spec->notes);
  if (spec->override_plan != NULL)
    {
      request->has_overrides = TRUE;
      request->overrides = procure_settings_new ();
      procure_settings_set (request->overrides, PROCURE_SETTING_PRICE_PLAN, spec->override_plan);
    }
  return request;
}

static gboolean
seed_order (Seeder          *seeder,
            const DemoOrder *spec,
            GError         **error)
{
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autofree char *replay = NULL;

  set_clock (seeder, spec->days_ago, 0);
  request = order_request (seeder, spec);
  order = procure_service_order_create (seeder->service, find_user (seeder, spec->creator),
                                        request, NULL, NULL, &replay, NULL, error);
  for (guint i = 0; order != NULL && i < G_N_ELEMENTS (spec->steps) && spec->steps[i].actor; i++)
    {
      g_autoptr(ProcureActionRequest) body = NULL;
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", order->version);
      g_autofree char *id = g_strdup (order->id);
      ProcureAction action;

      /* A step a few hours after the previous one, still in the past. */
      set_clock (seeder, spec->days_ago, (int) (i + 1) * (spec->days_ago > 1 ? 5 : 1));
      body = step_request (seeder, spec, &spec->steps[i], &action);
      g_clear_pointer (&order, procure_order_unref);
      order = procure_service_order_act (seeder->service, find_user (seeder, spec->steps[i].actor),
                                         id, action, etag, body, error);
    }
  if (order == NULL)
    g_prefix_error (error, "demo order “%s”: ", spec->notes);
  return order != NULL;
}

/* ---------- seeding ---------- */

static gboolean
seed_catalogue (Seeder  *seeder,
                GError **error)
{
  ProcureStore *store = seeder->service->store;

  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      ProcureAccount *account = build_account (&demo_accounts[i]);

      g_ptr_array_add (seeder->accounts, account);
      if (!store->vtable->account_save (store, account, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_products); i++)
    {
      ProcureProduct *product = build_product (&demo_products[i]);

      g_ptr_array_add (seeder->products, product);
      if (!store->vtable->product_save (store, product, error))
        return FALSE;
    }
  for (guint a = 0; a < G_N_ELEMENTS (demo_accounts); a++)
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      const ProcureAccount *account = g_ptr_array_index (seeder->accounts, a);

      for (guint p = 0; p < G_N_ELEMENTS (demo_products); p++)
        if (demo_products[p].account == (int) a)
          g_strv_builder_add (ids, ((ProcureProduct *) g_ptr_array_index (seeder->products, p))->id);
      strv = g_strv_builder_end (ids);
      if (!store->vtable->product_assign (store, account->id, (const char * const *) strv, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_users (Seeder  *seeder,
            GError **error)
{
  ProcureStore *store = seeder->service->store;
  char hash[crypto_pwhash_STRBYTES];

  /* One argon2id hash of "demo" serves every demo user: hashing costs
   * about 0.1 s and 64 MiB each time. */
  if (crypto_pwhash_str (hash, "demo", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED, "Out of memory hashing");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      ProcureUser *user = procure_user_new ();
      int account = demo_users[i].account;

      user->login = g_strdup (demo_users[i].login);
      user->name = g_strdup (demo_users[i].name);
      user->role = demo_users[i].role;
      if (account >= 0)
        user->account_id = g_strdup (((ProcureAccount *) g_ptr_array_index (seeder->accounts, account))->id);
      g_ptr_array_add (seeder->users, user);
      if (!store->vtable->user_create (store, user, hash, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
procure_demo_seed (ProcureService *service,
                   GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Seeder seeder = { service };
  gboolean ok;

  seeder.users = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_user_free);
  seeder.accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_account_unref);
  seeder.products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  seeder.today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                      g_date_time_get_day_of_month (now), 9, 0, 0);
  seeder.next_sim = 1;
  ok = seed_catalogue (&seeder, error) && seed_users (&seeder, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (demo_orders); i++)
    ok = seed_order (&seeder, &demo_orders[i], error);
  g_clear_pointer (&service->clock, g_date_time_unref);
  g_ptr_array_unref (seeder.users);
  g_ptr_array_unref (seeder.accounts);
  g_ptr_array_unref (seeder.products);
  g_date_time_unref (seeder.today);
  return ok;
}
