/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-inbox-summary.h"
#include "procure-order-checks.h"
#include "procure-sims-page.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

static ProcureOrder *
make_order (ProcureStatus status,
            const char   *creator)
{
  ProcureOrder *order = procure_order_new ();

  order->id = g_strdup ("o1");
  order->account_id = g_strdup ("acme");
  order->created_by = g_strdup (creator);
  order->status = status;
  order->currency = g_strdup ("EUR");
  order->total = 50000;   /* 500.00, under the approval threshold below */
  return order;
}

static const ProcurePolicy policy = { 100000, 1000000 };

static const ProcureActor pat = { "u-pat", PROCURE_ROLE_PURCHASER, "acme" };
static const ProcureActor morgan = { "u-morgan", PROCURE_ROLE_APPROVER, "acme" };
static const ProcureActor sam = { "u-sam", PROCURE_ROLE_AGENT, NULL };
static const ProcureActor gale = { "u-gale", PROCURE_ROLE_PURCHASER, "globex" };

static guint
collect (const ProcureActor  *actor,
         ProcureStatus        status,
         ProcureActionButton  buttons[PROCURE_N_ACTIONS])
{
  g_autoptr(ProcureOrder) order = make_order (status, "u-pat");

  return procure_ui_action_buttons (actor, order, &policy, buttons);
}

static void
test_draft_by_creator (void)
{
  ProcureActionButton buttons[PROCURE_N_ACTIONS];
  guint n = collect (&pat, PROCURE_STATUS_DRAFT, buttons);

  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (buttons[0].action, ==, PROCURE_ACTION_SUBMIT);
  g_assert_cmpstr (buttons[0].style_class, ==, "suggested-action");
  g_assert_false (buttons[0].needs_comment);
  g_assert_cmpint (buttons[1].action, ==, PROCURE_ACTION_CANCEL);
  g_assert_cmpstr (buttons[1].style_class, ==, "destructive-action");
}

static void
test_pending_for_approver (void)
{
  ProcureActionButton buttons[PROCURE_N_ACTIONS];
  guint n = collect (&morgan, PROCURE_STATUS_PENDING_APPROVAL, buttons);

  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (buttons[0].action, ==, PROCURE_ACTION_APPROVE);
  g_assert_cmpstr (buttons[0].style_class, ==, "suggested-action");
  g_assert_cmpint (buttons[1].action, ==, PROCURE_ACTION_REQUEST_INFO);
  g_assert_null (buttons[1].style_class);
  g_assert_true (buttons[1].needs_comment);
  g_assert_cmpint (buttons[2].action, ==, PROCURE_ACTION_REJECT);
  g_assert_true (buttons[2].needs_comment);
  g_assert_cmpint (buttons[3].action, ==, PROCURE_ACTION_CANCEL);
}

static void
test_pending_for_creator (void)
{
  ProcureActionButton buttons[PROCURE_N_ACTIONS];
  guint n = collect (&pat, PROCURE_STATUS_PENDING_APPROVAL, buttons);

  /* The creator may not approve their own order, only withdraw it. */
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (buttons[0].action, ==, PROCURE_ACTION_CANCEL);
}

static void
test_agent_and_outsider (void)
{
  ProcureActionButton buttons[PROCURE_N_ACTIONS];
  guint n = collect (&sam, PROCURE_STATUS_SUBMITTED, buttons);

  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (buttons[0].action, ==, PROCURE_ACTION_ACCEPT);
  g_assert_cmpint (buttons[1].action, ==, PROCURE_ACTION_REJECT);

  g_assert_cmpuint (collect (&gale, PROCURE_STATUS_DRAFT, buttons), ==, 0);
  g_assert_cmpuint (collect (&pat, PROCURE_STATUS_CLOSED, buttons), ==, 0);
  g_assert_cmpuint (collect (&sam, PROCURE_STATUS_CANCELLED, buttons), ==, 0);
}

/* For every status and actor: exactly the lifecycle's actions, each once,
 * at most one suggested, destructive ones last. */
static void
test_matches_lifecycle_everywhere (void)
{
  const ProcureActor *actors[] = { &pat, &morgan, &sam, &gale };

  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
      {
        g_autoptr(ProcureOrder) order = make_order (status, "u-pat");
        guint mask = procure_lifecycle_allowed_actions (actors[a], order, &policy);
        ProcureActionButton buttons[PROCURE_N_ACTIONS];
        guint n = procure_ui_action_buttons (actors[a], order, &policy, buttons);
        guint seen = 0, suggested = 0;
        gboolean destructive_seen = FALSE;

        g_assert_cmpuint (n, ==, (guint) __builtin_popcount (mask));
        for (guint i = 0; i < n; i++)
          {
            gboolean destructive = g_strcmp0 (buttons[i].style_class, "destructive-action") == 0;

            g_assert_true (mask & (1u << buttons[i].action));
            g_assert_false (seen & (1u << buttons[i].action));
            seen |= 1u << buttons[i].action;
            suggested += g_strcmp0 (buttons[i].style_class, "suggested-action") == 0;
            g_assert_true (!destructive_seen || destructive);
            destructive_seen |= destructive;
            g_assert_nonnull (buttons[i].label);
            g_assert_cmpint (buttons[i].needs_comment, ==,
                             procure_action_needs_comment (buttons[i].action));
          }
        g_assert_cmpuint (seen, ==, mask);
        g_assert_cmpuint (suggested, <=, 1);
      }
}

static void
test_status_classes (void)
{
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_DRAFT), ==, "status-neutral");
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_PENDING_APPROVAL), ==, "status-warning");
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_SHIPPED), ==, "status-accent");
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_CLOSED), ==, "status-success");
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_REJECTED), ==, "status-error");
  g_assert_cmpstr (procure_ui_status_css_class (PROCURE_STATUS_INVALID), ==, "status-neutral");
}

static void
test_progress_steps (void)
{
  const ProcureStatus happy[] = {
    PROCURE_STATUS_DRAFT, PROCURE_STATUS_PENDING_APPROVAL, PROCURE_STATUS_SUBMITTED,
    PROCURE_STATUS_ACCEPTED, PROCURE_STATUS_PROVISIONING, PROCURE_STATUS_READY,
    PROCURE_STATUS_SHIPPED, PROCURE_STATUS_CLOSED,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (happy) == PROCURE_UI_N_STEPS);
  for (guint i = 0; i < G_N_ELEMENTS (happy); i++)
    {
      g_assert_cmpint (procure_ui_progress_step (happy[i]), ==, (int) i);
      g_assert_nonnull (procure_ui_step_label (i));
    }
  g_assert_cmpint (procure_ui_progress_step (PROCURE_STATUS_INFO_REQUESTED), ==,
                   procure_ui_progress_step (PROCURE_STATUS_PENDING_APPROVAL));
  g_assert_cmpint (procure_ui_progress_step (PROCURE_STATUS_REJECTED), ==, PROCURE_UI_STEP_STOPPED);
  g_assert_cmpint (procure_ui_progress_step (PROCURE_STATUS_CANCELLED), ==, PROCURE_UI_STEP_STOPPED);
}

static void
test_field_paths (void)
{
  int index;

  g_assert_cmpint (procure_ui_field_from_path ("lines[3].quantity", &index), ==,
                   PROCURE_UI_FIELD_LINE_QUANTITY);
  g_assert_cmpint (index, ==, 3);
  g_assert_cmpint (procure_ui_field_from_path ("lines[12].product_id", &index), ==,
                   PROCURE_UI_FIELD_LINE_PRODUCT);
  g_assert_cmpint (index, ==, 12);
  g_assert_cmpint (procure_ui_field_from_path ("lines", &index), ==, PROCURE_UI_FIELD_LINES);
  g_assert_cmpint (index, ==, -1);
  g_assert_cmpint (procure_ui_field_from_path ("lines[x]", &index), ==, PROCURE_UI_FIELD_LINES);
  g_assert_cmpint (procure_ui_field_from_path ("shipping_address.country", &index), ==,
                   PROCURE_UI_FIELD_ADDRESS);
  g_assert_cmpint (procure_ui_field_from_path ("requested_ship_date", NULL), ==,
                   PROCURE_UI_FIELD_SHIP_DATE);
  g_assert_cmpint (procure_ui_field_from_path ("overrides.price_plan", &index), ==,
                   PROCURE_UI_FIELD_OVERRIDE);
  g_assert_cmpint (index, ==, PROCURE_SETTING_PRICE_PLAN);
  g_assert_cmpint (procure_ui_field_from_path ("notes", NULL), ==, PROCURE_UI_FIELD_NOTES);
  g_assert_cmpint (procure_ui_field_from_path ("version", NULL), ==, PROCURE_UI_FIELD_OTHER);
  g_assert_cmpint (procure_ui_field_from_path (NULL, NULL), ==, PROCURE_UI_FIELD_OTHER);
}

static void
test_sync_indicator (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 22, 9, 30, 0);
  g_autofree char *offline = procure_ui_sync_tooltip (PROCURE_SYNC_STATE_OFFLINE, NULL, 2);
  g_autofree char *online = procure_ui_sync_tooltip (PROCURE_SYNC_STATE_ONLINE, when, 0);

  g_assert_nonnull (strstr (offline, "Offline"));
  g_assert_nonnull (strstr (offline, "2 changes waiting"));
  g_assert_nonnull (strstr (online, "Online"));
  g_assert_nonnull (strstr (online, "last synced"));
  g_assert_null (strstr (online, "waiting"));
  g_assert_cmpstr (procure_ui_sync_icon_name (PROCURE_SYNC_STATE_OFFLINE), !=,
                   procure_ui_sync_icon_name (PROCURE_SYNC_STATE_ONLINE));
  g_assert_cmpstr (procure_ui_sync_icon_name (PROCURE_SYNC_STATE_SYNCING), !=,
                   procure_ui_sync_icon_name (PROCURE_SYNC_STATE_ONLINE));
}

static ProcureSimRow *
sim_row (const char *iccid,
         const char *msisdn,
         const char *price_plan)
{
  g_autoptr(ProcureSim) sim = procure_sim_new ();

  sim->iccid = g_strdup (iccid);
  sim->imsi = g_strdup ("262010000000001");
  sim->msisdn = g_strdup (msisdn);
  sim->order_id = g_strdup ("ord-1");
  sim->product_id = g_strdup ("p-1");
  sim->settings = procure_settings_new ();
  procure_settings_set (sim->settings, PROCURE_SETTING_PRICE_PLAN, price_plan);
  return procure_sim_row_new_from_sim (sim);
}

static void
test_sims_csv (void)
{
  g_autoptr(GListStore) store = g_list_store_new (PROCURE_TYPE_SIM_ROW);
  g_autoptr(ProcureSimRow) plain = sim_row ("89490200000000000014", "+4915100000001", "IOT-1GB");
  g_autoptr(ProcureSimRow) quoted = sim_row ("89490200000000000022", "+4915100000002", "Plan \"A\", large");
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_list_store_append (store, plain);
  g_list_store_append (store, quoted);
  csv = procure_sims_to_csv (G_LIST_MODEL (store));
  lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 4);     /* header, 2 SIMs, final empty */
  g_assert_true (g_str_has_prefix (lines[0], "iccid,imsi,msisdn,order_id,product_id,"));
  g_assert_nonnull (strstr (lines[0], "price_plan"));
  g_assert_cmpstr (lines[1], ==, "89490200000000000014,262010000000001,+4915100000001,ord-1,p-1,,IOT-1GB,,,");
  /* A value with a comma or quote is quoted, its quotes doubled (RFC 4180). */
  g_assert_nonnull (strstr (lines[2], ",\"Plan \"\"A\"\", large\","));
  g_assert_cmpstr (lines[3], ==, "");
}

static const ProcureOrderCheck *
find_check (GPtrArray  *checks,
            const char *title)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const ProcureOrderCheck *check = g_ptr_array_index (checks, i);

      if (g_strcmp0 (check->title, title) == 0)
        return check;
    }
  return NULL;
}

static void
test_order_checks (void)
{
  g_autoptr(ProcureAccount) account = procure_account_new ();
  g_autoptr(ProcureProduct) product = procure_product_new ();
  g_autoptr(ProcureOrder) order = make_order (PROCURE_STATUS_PENDING_APPROVAL, "u-pat");
  g_autoptr(GPtrArray) products = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = NULL;
  ProcureOrderLine *line = procure_order_line_new ();
  ProcureAddress *address = procure_address_new ();
  const ProcureOrderCheck *check;

  account->id = g_strdup ("acme");
  account->currency = g_strdup ("EUR");
  account->approval_threshold = 100000;
  account->second_approval_threshold = 1000000;
  product->id = g_strdup ("p1");
  product->name = g_strdup ("Standard SIM");
  product->unit_price = 250;
  product->currency = g_strdup ("EUR");
  product->max_quantity = 10000;
  product->stock = 300;
  g_ptr_array_add (products, product);

  line->product_id = g_strdup ("p1");
  line->quantity = 400;
  line->unit_price = 250;
  g_ptr_array_add (order->lines, line);
  procure_order_recompute_totals (order);
  address->name = g_strdup ("Jana Petersen");
  address->street = g_strdup ("Am Sandtorkai 12");
  address->city = g_strdup ("Hamburg");
  address->postal_code = g_strdup ("20457");
  address->country = g_strdup ("DE");
  order->shipping_address = address;
  order->requested_ship_date = procure_date_today_string (7);

  checks = procure_order_checks (order, account, products, NULL);
  check = find_check (checks, "Approval");
  g_assert_nonnull (check);
  g_assert_nonnull (strstr (check->detail, "at or above the approval limit"));
  check = find_check (checks, "Order Rules");
  g_assert_true (check->ok);
  check = find_check (checks, "Standard SIM");             /* 300 in stock, 400 ordered */
  g_assert_false (check->ok);
  g_assert_nonnull (strstr (check->detail, "300"));
  check = find_check (checks, "Account Defaults");
  g_assert_nonnull (strstr (check->detail, "All settings"));
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Without an address the order rules fail; with enough stock the line passes. */
  g_clear_pointer (&order->shipping_address, procure_address_free);
  product->stock = 1000;
  checks = procure_order_checks (order, account, products, NULL);
  g_assert_false (find_check (checks, "Order Rules")->ok);
  g_assert_true (find_check (checks, "Standard SIM")->ok);
  g_clear_pointer (&checks, g_ptr_array_unref);

  procure_settings_set (order->overrides, PROCURE_SETTING_PRICE_PLAN, "IOT-1GB");
  checks = procure_order_checks (order, account, products, NULL);
  g_assert_nonnull (strstr (find_check (checks, "Account Defaults")->detail, "1 setting differs"));
}

static void
add_history (ProcureOrder  *order,
             ProcureAction  action,
             const char    *actor,
             const char    *at,
             const char    *comment)
{
  ProcureHistoryEntry *entry = procure_history_entry_new ();

  entry->action = action;
  entry->actor_name = g_strdup (actor);
  entry->at = g_strdup (at);
  entry->comment = g_strdup (comment);
  g_ptr_array_add (order->history, entry);
}

static void
test_inbox_overrides (void)
{
  g_autoptr(ProcureOrder) order = make_order (PROCURE_STATUS_PENDING_APPROVAL, "pat");
  g_autoptr(ProcureAccount) account = procure_account_new ();
  g_autofree char *none = NULL;
  g_autofree char *text = NULL;
  g_autofree char *same = NULL;
  g_autofree char *no_account = NULL;

  account->defaults->values[PROCURE_SETTING_PRICE_PLAN] = g_strdup ("iot-basic");
  account->defaults->values[PROCURE_SETTING_APN_GROUP] = g_strdup ("apn-acme");
  none = procure_inbox_overrides_text (order, account);
  g_assert_null (none);

  order->overrides->values[PROCURE_SETTING_PRICE_PLAN] = g_strdup ("iot-plus");
  order->overrides->values[PROCURE_SETTING_ROAMING_PROFILE] = g_strdup ("world");
  text = procure_inbox_overrides_text (order, account);
  g_assert_cmpstr (text, ==, "Price Plan: iot-plus (default iot-basic); Roaming Profile: world");
  no_account = procure_inbox_overrides_text (order, NULL);
  g_assert_cmpstr (no_account, ==, "Price Plan: iot-plus; Roaming Profile: world");

  /* An override equal to the default is no difference. */
  g_clear_pointer (&order->overrides->values[PROCURE_SETTING_ROAMING_PROFILE], g_free);
  g_free (order->overrides->values[PROCURE_SETTING_PRICE_PLAN]);
  order->overrides->values[PROCURE_SETTING_PRICE_PLAN] = g_strdup ("iot-basic");
  same = procure_inbox_overrides_text (order, account);
  g_assert_null (same);
}

static void
test_inbox_resubmission (void)
{
  g_autoptr(ProcureOrder) order = make_order (PROCURE_STATUS_PENDING_APPROVAL, "pat");
  g_autoptr(ProcureAccount) account = procure_account_new ();
  ProcureComment *comment = procure_comment_new ();
  g_autofree char *first = NULL;
  g_autofree char *asked = NULL;
  g_autofree char *with_note = NULL;
  g_autofree char *from_comment = NULL;
  g_autofree char *both = NULL;

  add_history (order, PROCURE_ACTION_INVALID, "Pat", "2026-03-01T09:00:00Z", NULL);
  add_history (order, PROCURE_ACTION_SUBMIT, "Pat", "2026-03-01T09:01:00Z", NULL);
  first = procure_inbox_resubmission_text (order);
  g_assert_null (first);                       /* never sent back */

  add_history (order, PROCURE_ACTION_REQUEST_INFO, "Morgan", "2026-03-02T10:00:00Z", "Which cost centre?");
  asked = procure_inbox_resubmission_text (order);
  g_assert_null (asked);                       /* sent back, not yet resubmitted */

  /* The answer is a comment posted after the question... */
  comment->author_name = g_strdup ("Pat");
  comment->at = g_strdup ("2026-03-02T11:00:00Z");
  comment->body = g_strdup ("CC 4711");
  g_ptr_array_add (order->comments, comment);
  add_history (order, PROCURE_ACTION_RESUBMIT, "Pat", "2026-03-02T11:01:00Z", NULL);
  from_comment = procure_inbox_resubmission_text (order);
  g_assert_cmpstr (from_comment, ==,
                   "Resubmitted after Request Information by Morgan: “Which cost centre?” — Note: “CC 4711”");

  /* ...or the resubmission's own note, which wins. */
  ((ProcureHistoryEntry *) g_ptr_array_index (order->history, 3))->comment = g_strdup ("Cost centre added");
  with_note = procure_inbox_resubmission_text (order);
  g_assert_cmpstr (with_note, ==,
                   "Resubmitted after Request Information by Morgan: “Which cost centre?” — Note: “Cost centre added”");

  order->overrides->values[PROCURE_SETTING_PRICE_PLAN] = g_strdup ("iot-plus");
  both = procure_inbox_differences_text (order, account);
  g_assert_cmpstr (both, ==, "Price Plan: iot-plus\n"
                   "Resubmitted after Request Information by Morgan: “Which cost centre?” — Note: “Cost centre added”");
}

/* ---------- dates in lists ---------- */

/* What procure_format_timestamp() made before it formatted a day once. */
static char *
timestamp_as_gdatetime_formats_it (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = procure_time_parse (rfc3339);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%-e %b %Y, %H:%M") : g_strdup ("—");
}

static void
check_timestamp (const char *rfc3339)
{
  g_autofree char *expected = timestamp_as_gdatetime_formats_it (rfc3339);
  g_autofree char *first = procure_format_timestamp (rfc3339);
  g_autofree char *again = procure_format_timestamp (rfc3339);   /* the day's format is kept */

  g_assert_cmpstr (first, ==, expected);
  g_assert_cmpstr (again, ==, expected);
}

/* Timestamps are shown in local time (main() sets a zone with summer
 * time): every minute around both changes of 2026, instants over decades,
 * offsets and fractions, and what is no timestamp at all. */
static void
test_list_timestamps (void)
{
  const char *odd[] = {
    "2026-11-21T09:00:00Z", "2026-11-21T09:00:00.123456z", "2026-11-21t23:59:59+05:30",
    "2026-01-01T00:30:00+14:00", "2026-12-31T23:30:00-11:00", "2024-02-29T12:00:00Z",
    "2026-02-29T12:00:00Z", "2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z", "2026-00-10T12:00:00Z",
    "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:60Z", "2026-01-01T10:00:00+24:00",
    "2026-01-01T10:00:00+01:60", "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "2026-01-01T10:00:00.Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "garbage", "", NULL,
  };
  /* the changes to and from summer time in the zone main() sets (UTC) */
  const gint64 changes[] = { 1774746000, 1792890000 };

  for (guint i = 0; odd[i] != NULL; i++)
    check_timestamp (odd[i]);
  {
    g_autofree char *none = procure_format_timestamp (NULL);

    g_assert_cmpstr (none, ==, "—");
  }
  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    for (gint64 t = changes[c] - 3 * 3600; t <= changes[c] + 3 * 3600; t += 60)
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
        g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

        check_timestamp (text);
      }
  for (guint i = 0; i < 20000; i++)
    {
      gint64 t = g_test_rand_int_range (0, G_MAXINT32) + (gint64) g_test_rand_int_range (-400000000, 400000000);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
      g_autoptr(GDateTime) zoned = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GTimeZone) zone = NULL;
      int offset = g_test_rand_int_range (-12 * 60, 14 * 60 + 1);

      /* the same instant as written by a server in another zone */
      zone = g_time_zone_new_offset (offset * 60);
      zoned = g_date_time_to_timezone (utc, zone);
      text = g_date_time_format (zoned, i % 2 ? "%Y-%m-%dT%H:%M:%S.%f%:z" : "%Y-%m-%dT%H:%M:%S%:z");
      check_timestamp (text);
    }
}

static void
test_list_dates (void)
{
  const char *dates[] = { "2026-11-21", "2026-01-01", "2024-02-29", "1999-12-31", "2026-02-29", "2026-1-01",
                          "garbage", NULL };

  for (guint i = 0; dates[i] != NULL; i++)
    for (int round = 0; round < 2; round++)   /* the second time from what was kept */
      {
        g_autofree char *text = procure_format_date (dates[i]);
        GDate parsed;
        char expected[64] = "—";

        if (procure_parse_date (dates[i], &parsed))
          g_assert_cmpuint (g_date_strftime (expected, sizeof expected, "%-e %b %Y", &parsed), >, 0);
        g_assert_cmpstr (text, ==, g_strstrip (expected));
      }
}

int
main (int   argc,
      char *argv[])
{
  /* Central European time, with summer time, whatever the machine's zone */
  g_setenv ("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/ui-state/draft-by-creator", test_draft_by_creator);
  g_test_add_func ("/app/ui-state/pending-for-approver", test_pending_for_approver);
  g_test_add_func ("/app/ui-state/pending-for-creator", test_pending_for_creator);
  g_test_add_func ("/app/ui-state/agent-and-outsider", test_agent_and_outsider);
  g_test_add_func ("/app/ui-state/matches-lifecycle", test_matches_lifecycle_everywhere);
  g_test_add_func ("/app/ui-state/status-classes", test_status_classes);
  g_test_add_func ("/app/ui-state/progress-steps", test_progress_steps);
  g_test_add_func ("/app/ui-state/field-paths", test_field_paths);
  g_test_add_func ("/app/ui-state/sync-indicator", test_sync_indicator);
  g_test_add_func ("/app/ui-state/sims-csv", test_sims_csv);
  g_test_add_func ("/app/ui-state/order-checks", test_order_checks);
  g_test_add_func ("/app/ui-state/inbox-overrides", test_inbox_overrides);
  g_test_add_func ("/app/ui-state/inbox-resubmission", test_inbox_resubmission);
  g_test_add_func ("/app/ui-state/list-timestamps", test_list_timestamps);
  g_test_add_func ("/app/ui-state/list-dates", test_list_dates);

  return g_test_run ();
}
