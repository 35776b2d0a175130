/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <locale.h>

#include "procure-core.h"

static void
assert_format (gint64      minor,
               const char *currency,
               const char *expected)
{
  g_autofree char *text = procure_money_format (minor, currency);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_money_format_c (void)
{
  setlocale (LC_ALL, "C");

  assert_format (123450, "EUR", "€1,234.50");
  assert_format (0, "EUR", "€0.00");
  assert_format (5, "EUR", "€0.05");
  assert_format (99, "GBP", "£0.99");
  assert_format (100000000, "USD", "$1,000,000.00");
  assert_format (-123450, "EUR", "-€1,234.50");
  assert_format (1234, "JPY", "¥1,234");
  assert_format (1234567, "BHD", "BHD1,234.567");
  assert_format (G_MAXINT64, "EUR", "€92,233,720,368,547,758.07");
  assert_format (G_MININT64, "EUR", "-€92,233,720,368,547,758.08");
  assert_format (100, "XYZ", "XYZ1.00");
}

static gboolean
try_locale (const char *name)
{
  return setlocale (LC_ALL, name) != NULL;
}

static void
test_money_format_de (void)
{
  if (!try_locale ("de_DE.UTF-8") && !try_locale ("de_DE.utf8"))
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed (locales: localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
      return;
    }

  assert_format (123450, "EUR", "1.234,50 €");
  assert_format (5, "EUR", "0,05 €");
  assert_format (100000000, "GBP", "1.000.000,00 £");
  assert_format (-123450, "EUR", "-1.234,50 €");
  assert_format (1234, "JPY", "1.234 ¥");

  setlocale (LC_ALL, "C");
}

static void
test_money_format_en_us (void)
{
  if (!try_locale ("en_US.UTF-8") && !try_locale ("en_US.utf8"))
    {
      g_test_skip ("the en_US.UTF-8 locale is not installed");
      return;
    }

  assert_format (123450, "EUR", "€1,234.50");
  assert_format (100000000, "USD", "$1,000,000.00");

  setlocale (LC_ALL, "C");
}

static void
test_money_to_decimal (void)
{
  static const struct {
    gint64      minor;
    const char *currency;
    const char *expected;
  } cases[] = {
    { 123450, "EUR", "1234.50" },
    { 0, "EUR", "0.00" },
    { 7, "EUR", "0.07" },
    { -7, "EUR", "-0.07" },
    { 1234, "JPY", "1234" },
    { 1234, "KWD", "1.234" },
    { 12345, "CLF", "1.2345" },
    { G_MININT64, "USD", "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = procure_money_to_decimal (cases[i].minor, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_money_parse (void)
{
  static const struct {
    const char *text;
    const char *currency;
    gboolean    ok;
    gint64      minor;
  } cases[] = {
    { "1234.5", "EUR", TRUE, 123450 },
    { "1234.50", "EUR", TRUE, 123450 },
    { "1,234.50", "EUR", TRUE, 123450 },
    { "1.234,50", "EUR", TRUE, 123450 },
    { "1234,5", "EUR", TRUE, 123450 },
    { "1,234", "EUR", TRUE, 123400 },
    { "1.234.567", "EUR", TRUE, 123456700 },
    { "  42 ", "EUR", TRUE, 4200 },
    { "-3.10", "EUR", TRUE, -310 },
    { "+3.10", "EUR", TRUE, 310 },
    { "0.01", "EUR", TRUE, 1 },
    { "1234", "JPY", TRUE, 1234 },
    { "1,234", "JPY", TRUE, 1234 },
    { "1,234", "BHD", TRUE, 1234 },
    { "92233720368547758.07", "EUR", TRUE, G_MAXINT64 },
    { "92233720368547758.08", "EUR", FALSE, 0 },
    { "999999999999999999999", "EUR", FALSE, 0 },
    { "1.234", "EUR", TRUE, 123400 },
    { "1.2345", "EUR", FALSE, 0 },
    { "1.5", "JPY", FALSE, 0 },
    { "12.", "EUR", FALSE, 0 },
    { ".5", "EUR", FALSE, 0 },
    { "", "EUR", FALSE, 0 },
    { "abc", "EUR", FALSE, 0 },
    { "12a", "EUR", FALSE, 0 },
    { "1,23,456", "EUR", FALSE, 0 },
    { "1,2345", "EUR", FALSE, 0 },
    { "1.234,5.6", "EUR", FALSE, 0 },
    { "--1", "EUR", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 minor = -999;
      gboolean ok = procure_money_parse (cases[i].text, cases[i].currency, &minor);

      g_test_message ("parsing “%s” %s", cases[i].text, cases[i].currency);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (minor, ==, cases[i].minor);
      else
        g_assert_cmpint (minor, ==, -999);
    }
  g_assert_false (procure_money_parse (NULL, "EUR", &(gint64) { 0 }));
}

static void
test_money_arithmetic (void)
{
  gint64 out = 0;

  g_assert_true (procure_money_mul (1500, 200, &out));
  g_assert_cmpint (out, ==, 300000);
  g_assert_true (procure_money_mul (-3, 4, &out));
  g_assert_cmpint (out, ==, -12);
  g_assert_true (procure_money_mul (G_MAXINT64, 1, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_false (procure_money_mul (G_MAXINT64, 2, &out));
  g_assert_false (procure_money_mul (G_MAXINT64 / 2 + 1, 2, &out));
  g_assert_true (procure_money_mul (G_MAXINT64 / 2, 2, &out));
  g_assert_false (procure_money_mul (G_MININT64, -1, &out));
  g_assert_false (procure_money_mul ((gint64) 1 << 32, (gint64) 1 << 32, &out));

  g_assert_true (procure_money_add (1, 2, &out));
  g_assert_cmpint (out, ==, 3);
  g_assert_true (procure_money_add (G_MAXINT64 - 1, 1, &out));
  g_assert_cmpint (out, ==, G_MAXINT64);
  g_assert_false (procure_money_add (G_MAXINT64, 1, &out));
  g_assert_false (procure_money_add (G_MININT64, -1, &out));
  g_assert_true (procure_money_add (G_MININT64, G_MAXINT64, &out));
  g_assert_cmpint (out, ==, -1);
}

static void
test_money_currency_digits (void)
{
  g_assert_cmpuint (procure_currency_digits ("EUR"), ==, 2);
  g_assert_cmpuint (procure_currency_digits ("GBP"), ==, 2);
  g_assert_cmpuint (procure_currency_digits ("JPY"), ==, 0);
  g_assert_cmpuint (procure_currency_digits ("KRW"), ==, 0);
  g_assert_cmpuint (procure_currency_digits ("BHD"), ==, 3);
  g_assert_cmpuint (procure_currency_digits ("KWD"), ==, 3);
  g_assert_cmpuint (procure_currency_digits ("CLF"), ==, 4);
  g_assert_cmpuint (procure_currency_digits ("XYZ"), ==, 2);
  g_assert_cmpuint (procure_currency_digits (NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/money/format-c", test_money_format_c);
  g_test_add_func ("/core/money/format-de", test_money_format_de);
  g_test_add_func ("/core/money/format-en-us", test_money_format_en_us);
  g_test_add_func ("/core/money/to-decimal", test_money_to_decimal);
  g_test_add_func ("/core/money/parse", test_money_parse);
  g_test_add_func ("/core/money/arithmetic", test_money_arithmetic);
  g_test_add_func ("/core/money/currency-digits", test_money_currency_digits);

  return g_test_run ();
}
