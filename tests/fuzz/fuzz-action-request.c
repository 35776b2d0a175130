/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-action-request: the body of POST /api/v1/orders/{id}/actions/{action}.
 * Decoded strictly, re-encoded to a fixed point, and validated for every
 * action against an order of 3 SIMs.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"
#include "fuzz-fixtures.h"

static void
check_round_trip (const ProcureActionRequest *request)
{
  g_autoptr(JsonNode) first = procure_action_request_to_json (request);
  g_autoptr(ProcureActionRequest) again = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;

  again = procure_action_request_from_json (first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  second = procure_action_request_to_json (again);
  fuzz_assert_same_json (first, second);
}

static void
check_validation (const ProcureActionRequest *request)
{
  g_autoptr(ProcureOrder) order = fuzz_order ();

  for (int action = 0; action < PROCURE_N_ACTIONS; action++)
    {
      g_autoptr(GError) error = NULL;

      if (procure_action_request_validate (action, request, order, &error))
        {
          g_assert_no_error (error);
          /* A valid accept names a number, a valid ready exactly 3 SIMs. */
          if (action == PROCURE_ACTION_ACCEPT)
            g_assert_true (procure_validate_po_number (request->number, "number", NULL));
          if (action == PROCURE_ACTION_READY)
            g_assert_cmpuint (request->sims->len, ==, 3);
        }
      else
        fuzz_check_procure_error (error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ProcureActionRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if ((node = fuzz_parse_json (data, size)) == NULL)
    return 0;

  request = procure_action_request_from_json (node, &error);
  if (request == NULL)
    {
      fuzz_check_procure_error (error);
      return 0;
    }
  g_assert_no_error (error);
  check_round_trip (request);
  check_validation (request);
  return 0;
}
