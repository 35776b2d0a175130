/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-sim-text: procure_parse_sim_text(), the agent's pasted or scanned
 * ICCID lists and ranges, then procure_validate_sims() on the result.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"

static void
check_sims (GPtrArray *sims)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < sims->len; i++)
    {
      const ProcureSim *sim = g_ptr_array_index (sims, i);

      g_assert_true (procure_validate_iccid (sim->iccid, "iccid", NULL));
      g_assert_true (procure_luhn_valid (sim->iccid));
      g_assert_true (sim->imsi == NULL || procure_validate_imsi (sim->imsi, "imsi", NULL));
      g_assert_true (sim->msisdn == NULL || procure_validate_msisdn (sim->msisdn, "msisdn", NULL));
    }
  if (!procure_validate_sims (sims, sims->len, "sims", &error))
    {
      fuzz_check_procure_error (error);
      g_assert_nonnull (procure_error_get_field (error));
    }
  /* One SIM too few is always refused. */
  g_assert_false (procure_validate_sims (sims, (gint64) sims->len + 1, "sims", NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(GPtrArray) sims = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  sims = procure_parse_sim_text (text, &error);
  if (sims == NULL)
    {
      fuzz_check_procure_error (error);
      g_assert_true (g_str_has_prefix (procure_error_get_field (error), "sims["));
      return 0;
    }
  g_assert_no_error (error);
  check_sims (sims);
  return 0;
}
