/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-dates-money: the date, time and money parsers and formatters.
 * Properties: an accepted date is exactly its canonical YYYY-MM-DD; an
 * accepted ship date lies within a year from today; an accepted RFC 3339
 * time formats to a string that parses to the same instant (at millisecond
 * precision); an accepted amount survives to_decimal() and back; the first
 * 8 bytes as an amount format without trouble.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include <string.h>

#include "procure-core.h"
#include "fuzz-common.h"
#include "fuzz-fixtures.h"

static const char * const currencies[] = { "EUR", "JPY", "BHD", "GBP", "XXX", NULL };

static void
check_date (const char *text)
{
  g_autofree char *canonical = NULL;
  GDate date, today, limit;

  if (!procure_parse_date (text, &date))
    return;
  g_assert_true (g_date_valid (&date));
  canonical = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                               g_date_get_month (&date), g_date_get_day (&date));
  g_assert_cmpstr (canonical, ==, text);

  fuzz_today (&today);
  if (!procure_validate_ship_date (text, &today, "requested_ship_date", NULL))
    return;
  limit = today;
  g_date_add_years (&limit, 1);
  g_assert_cmpint (g_date_compare (&date, &today), >=, 0);
  g_assert_cmpint (g_date_compare (&date, &limit), <=, 0);
}

static void
check_time (const char *text)
{
  g_autoptr(GDateTime) parsed = procure_time_parse (text);
  g_autoptr(GDateTime) again = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *reformatted = NULL;

  if (parsed == NULL)
    return;
  formatted = procure_time_format (parsed);
  again = procure_time_parse (formatted);
  g_assert_nonnull (again);
  reformatted = procure_time_format (again);
  g_assert_cmpstr (formatted, ==, reformatted);
}

static void
check_amount_round_trip (gint64      minor,
                         const char *currency)
{
  g_autofree char *decimal = procure_money_to_decimal (minor, currency);
  g_autofree char *formatted = procure_money_format (minor, currency);
  gint64 back = 0;

  g_assert_nonnull (formatted);
  /* G_MININT64 has no positive counterpart, so the parser cannot take it. */
  if (minor == G_MININT64)
    return;
  g_assert_true (procure_money_parse (decimal, currency, &back));
  g_assert_cmpint (back, ==, minor);
}

static void
check_money (const char *text)
{
  for (guint i = 0; currencies[i] != NULL; i++)
    {
      gint64 minor = 0;

      if (procure_money_parse (text, currencies[i], &minor))
        check_amount_round_trip (minor, currencies[i]);
    }
}

static void
check_raw_amounts (const uint8_t *data,
                   size_t         size)
{
  gint64 a, b, out;

  if (size < 2 * sizeof a)
    return;
  memcpy (&a, data, sizeof a);
  memcpy (&b, data + sizeof a, sizeof b);
  for (guint i = 0; currencies[i] != NULL; i++)
    check_amount_round_trip (a, currencies[i]);
  if (procure_money_mul (a, b, &out))
    g_assert_true (a == 0 || (out / a == b && out % a == 0));
  if (procure_money_add (a, b, &out))
    g_assert_cmpint (out - b, ==, a);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_string (data, size);

  fuzz_init ();
  check_date (text);
  check_time (text);
  check_money (text);
  check_raw_amounts (data, size);
  return 0;
}
