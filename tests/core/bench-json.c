/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-json: what decoding one order costs (issue 8). Not a test: it prints
 * CPU microseconds per order for parsing the text, decoding the node, and
 * both, over a realistic order (or the JSON file given), so callgrind or
 * perf can be pointed at it:
 *
 *   bench-json [--iterations N] [--strict] [FILE]
 *   valgrind --tool=callgrind bench-json --iterations 2000
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <string.h>
#include <time.h>

#include "procure-core.h"

/* An order as the demo server sends it after approval, shipment and a
 * comment: four lines, a new address, overrides, six history entries. */
static const char realistic_order[] =
  "{\"id\":\"ord-00000000-0000-4000-8000-000000000042\",\"number\":\"4500012345\","
  "\"account_id\":\"acc-00000000-0000-4000-8000-000000000001\",\"account_name\":\"Acme Logistics GmbH\","
  "\"status\":\"shipped\",\"version\":7,\"created_by\":\"usr-00000000-0000-4000-8000-000000000003\","
  "\"created_by_name\":\"Pat Purchaser\",\"created_at\":\"2026-11-20T09:30:00.000Z\","
  "\"updated_at\":\"2026-11-25T14:02:11.318Z\",\"on_behalf\":false,\"lines\":["
  "{\"product_id\":\"prd-00000000-0000-4000-8000-000000000011\",\"quantity\":100,\"unit_price\":250,"
  "\"line_total\":25000,\"product_code\":\"SIM-IOT-4FF\",\"product_name\":\"IoT SIM, nano\"},"
  "{\"product_id\":\"prd-00000000-0000-4000-8000-000000000012\",\"quantity\":50,\"unit_price\":420,"
  "\"line_total\":21000,\"product_code\":\"SIM-IND-MFF2\",\"product_name\":\"Industrial eSIM MFF2\"},"
  "{\"product_id\":\"prd-00000000-0000-4000-8000-000000000013\",\"quantity\":20,\"unit_price\":990,"
  "\"line_total\":19800,\"product_code\":\"SIM-5G-3FF\",\"product_name\":\"5G SIM, micro\"},"
  "{\"product_id\":\"prd-00000000-0000-4000-8000-000000000014\",\"quantity\":10,\"unit_price\":150,"
  "\"line_total\":1500,\"product_code\":\"SIM-M2M-2FF\",\"product_name\":\"M2M SIM, mini\"}],"
  "\"currency\":\"EUR\",\"total\":67300,\"shipping_address\":{\"name\":\"Pat Purchaser\","
  "\"company\":\"Acme Logistics GmbH\",\"street\":\"Hafenstra\\u00dfe 12\",\"city\":\"Hamburg\","
  "\"postal_code\":\"20457\",\"region\":null,\"country\":\"DE\",\"phone\":\"+4940123456\"},"
  "\"requested_ship_date\":\"2026-12-01\",\"overrides\":{\"sim_billing_status\":null,"
  "\"price_plan\":\"iot-plus\",\"service_profile\":null,\"roaming_profile\":\"europe\",\"apn_group\":null},"
  "\"effective\":{\"sim_billing_status\":\"active\",\"price_plan\":\"iot-plus\","
  "\"service_profile\":\"data-only\",\"roaming_profile\":\"europe\",\"apn_group\":\"apn-acme\"},"
  "\"notes\":\"Deliver to dock 3, weekdays 8-16\",\"shipment\":{\"carrier\":\"DHL\","
  "\"tracking_number\":\"JD014600006281230011\",\"shipped_at\":\"2026-11-25\"},\"sim_count\":180,"
  "\"approvals\":[{\"user_id\":\"usr-00000000-0000-4000-8000-000000000004\",\"user_name\":\"Morgan Approver\","
  "\"at\":\"2026-11-21T10:00:00.000Z\"},{\"user_id\":\"usr-00000000-0000-4000-8000-000000000005\","
  "\"user_name\":\"Riley Second\",\"at\":\"2026-11-21T11:15:42.007Z\"}],\"history\":["
  "{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000003\",\"actor_name\":\"Pat Purchaser\","
  "\"at\":\"2026-11-20T09:30:00.000Z\",\"action\":null,\"from\":null,\"to\":\"draft\",\"comment\":null},"
  "{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000003\",\"actor_name\":\"Pat Purchaser\","
  "\"at\":\"2026-11-20T09:31:00.000Z\",\"action\":\"submit\",\"from\":\"draft\",\"to\":\"pending_approval\","
  "\"comment\":null},{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000004\",\"actor_name\":\"Morgan Approver\","
  "\"at\":\"2026-11-21T10:00:00.000Z\",\"action\":\"approve\",\"from\":\"pending_approval\","
  "\"to\":\"pending_approval\",\"comment\":\"Budget ok\"},{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000005\","
  "\"actor_name\":\"Riley Second\",\"at\":\"2026-11-21T11:15:42.007Z\",\"action\":\"approve\","
  "\"from\":\"pending_approval\",\"to\":\"submitted\",\"comment\":null},"
  "{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000006\",\"actor_name\":\"Sam Agent\","
  "\"at\":\"2026-11-22T08:00:00.000Z\",\"action\":\"accept\",\"from\":\"submitted\",\"to\":\"accepted\","
  "\"comment\":null},{\"actor_id\":\"usr-00000000-0000-4000-8000-000000000006\",\"actor_name\":\"Sam Agent\","
  "\"at\":\"2026-11-25T14:02:11.318Z\",\"action\":\"ship\",\"from\":\"ready\",\"to\":\"shipped\","
  "\"comment\":null}],\"comments\":[{\"id\":\"cmt-00000000-0000-4000-8000-000000000077\","
  "\"author_id\":\"usr-00000000-0000-4000-8000-000000000004\",\"author_name\":\"Morgan Approver\","
  "\"at\":\"2026-11-21T09:58:00.000Z\",\"body\":\"Please make sure the APN is set before shipping.\"}]}";

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Parses @text @n times; returns CPU µs per parse. */
static double
time_parse (const char *text,
            guint       n)
{
  double start = cpu_seconds ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = procure_json_parse (text, -1, NULL);

      g_assert_nonnull (node);
    }
  return (cpu_seconds () - start) * 1e6 / n;
}

/* Decodes @node @n times; returns CPU µs per decode. */
static double
time_decode (JsonNode        *node,
             ProcureJsonMode  mode,
             guint            n)
{
  double start = cpu_seconds ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureOrder) order = procure_order_from_json (node, mode, NULL, &error);

      g_assert_no_error (error);
    }
  return (cpu_seconds () - start) * 1e6 / n;
}

/* Text to order @n times; returns CPU µs per order. */
static double
time_both (const char      *text,
           ProcureJsonMode  mode,
           guint            n)
{
  double start = cpu_seconds ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = procure_json_parse (text, -1, NULL);
      g_autoptr(ProcureOrder) order = procure_order_from_json (node, mode, NULL, NULL);

      g_assert_nonnull (order);
    }
  return (cpu_seconds () - start) * 1e6 / n;
}

int
main (int   argc,
      char *argv[])
{
  int iterations = 20000;
  gboolean strict = FALSE;
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Orders to decode per figure", "N" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Decode strictly (the server's mode)", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE] - time decoding an order");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  ProcureJsonMode mode;
  const char *text = realistic_order;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || iterations <= 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--iterations must be positive");
      return 2;
    }
  if (argc > 1)
    {
      if (!g_file_get_contents (argv[1], &contents, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      text = contents;
    }
  mode = strict ? PROCURE_JSON_STRICT : PROCURE_JSON_LENIENT;
  node = procure_json_parse (text, -1, &error);
  if (node == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("order: %zu bytes, %d iterations, %s\n", strlen (text), iterations,
           strict ? "strict" : "lenient");
  g_print ("parse: %.2f us/order\n", time_parse (text, (guint) iterations));
  g_print ("decode: %.2f us/order\n", time_decode (node, mode, (guint) iterations));
  g_print ("parse+decode: %.2f us/order\n", time_both (text, mode, (guint) iterations));
  return 0;
}
