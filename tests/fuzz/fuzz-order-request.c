/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-order-request: the body of POST /api/v1/orders and PATCH
 * /api/v1/orders/{id}. Decoded strictly; what decodes must re-encode to a
 * fixed point (the client's encoder and the server's decoder agree), and is
 * then validated as a draft and as a submission against a fixed account.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"
#include "fuzz-fixtures.h"

static void
check_round_trip (const ProcureOrderRequest *request)
{
  g_autoptr(JsonNode) first = procure_order_request_to_json (request);
  g_autoptr(ProcureOrderRequest) again = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  again = procure_order_request_from_json (first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  second = procure_order_request_to_json (again);
  fuzz_assert_same_json (first, second);
}

/* The order a creation would store, built as the server builds it. */
static ProcureOrder *
order_from_request (const ProcureOrderRequest *request)
{
  ProcureOrder *order = fuzz_order ();

  g_ptr_array_set_size (order->lines, 0);
  for (guint i = 0; i < request->lines->len; i++)
    {
      const ProcureLineRequest *wanted = g_ptr_array_index (request->lines, i);
      ProcureOrderLine *line = procure_order_line_new ();

      line->product_id = g_strdup (wanted->product_id);
      line->quantity = wanted->quantity;
      g_ptr_array_add (order->lines, line);
    }
  order->shipping_address = request->shipping_address ? procure_address_copy (request->shipping_address) : NULL;
  order->requested_ship_date = g_strdup (request->requested_ship_date);
  g_clear_pointer (&order->overrides, procure_settings_free);
  order->overrides = request->overrides ? procure_settings_copy (request->overrides) : procure_settings_new ();
  order->notes = g_strdup (request->notes);
  return order;
}

static void
check_validation (const ProcureOrderRequest *request)
{
  g_autoptr(ProcureAccount) account = fuzz_account ();
  g_autoptr(ProcureOrder) order = order_from_request (request);
  GDate today;

  fuzz_today (&today);
  for (int for_submit = 0; for_submit <= 1; for_submit++)
    {
      g_autoptr(GError) error = NULL;

      if (!procure_validate_order (order, account, fuzz_product_lookup, NULL, &today, for_submit, &error))
        {
          fuzz_check_procure_error (error);
          g_assert_nonnull (procure_error_get_field (error));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if ((node = fuzz_parse_json (data, size)) == NULL)
    return 0;

  request = procure_order_request_from_json (node, &error);
  if (request == NULL)
    {
      fuzz_check_procure_error (error);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (request->lines);
  g_assert_true (!request->has_overrides || request->overrides != NULL);
  check_round_trip (request);
  check_validation (request);
  return 0;
}
