/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

#include "procure-money.h"

/* Symbols for the currencies our users meet most; others print their code. */
static const struct {
  const char *code;
  const char *symbol;
} currency_symbols[] = {
  { "EUR", "€" }, { "GBP", "£" }, { "USD", "$" }, { "JPY", "¥" },
  { "CHF", "CHF" }, { "CNY", "¥" }, { "INR", "₹" }, { "KRW", "₩" },
  { "PLN", "zł" }, { "SEK", "kr" }, { "NOK", "kr" }, { "DKK", "kr" },
  { "CZK", "Kč" }, { "TRY", "₺" }, { "BRL", "R$" }, { "AUD", "A$" },
  { "CAD", "CA$" }, { "ILS", "₪" }, { "UAH", "₴" }, { "RUB", "₽" },
};

/* How the current locale writes money. */
typedef struct {
  const char *decimal;
  const char *thousands;
  gboolean    symbol_first;
  gboolean    space;
} MoneyConventions;

static const char *
currency_symbol (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_strcmp0 (currency_symbols[i].code, currency) == 0)
      return currency_symbols[i].symbol;
  return currency != NULL ? currency : "";
}

static const char *
first_non_empty (const char *a,
                 const char *b,
                 const char *fallback)
{
  if (a != NULL && *a != '\0')
    return a;
  if (b != NULL && *b != '\0')
    return b;
  return fallback;
}

/* LC_MONETARY first, then LC_NUMERIC; the C locale defines neither
 * separator nor placement, so it falls back to the English convention. */
static void
get_conventions (MoneyConventions *conv)
{
  const struct lconv *lc = localeconv ();

  conv->decimal = first_non_empty (lc->mon_decimal_point, lc->decimal_point, ".");
  conv->thousands = first_non_empty (lc->mon_thousands_sep, lc->thousands_sep, NULL);
  if (conv->thousands == NULL)
    conv->thousands = g_str_equal (conv->decimal, ",") ? "." : ",";
  conv->symbol_first = lc->p_cs_precedes == CHAR_MAX ? TRUE : lc->p_cs_precedes != 0;
  conv->space = lc->p_sep_by_space == CHAR_MAX ? FALSE : lc->p_sep_by_space != 0;
}

static guint64
magnitude (gint64 value)
{
  return value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
}

static guint64
pow10u (guint digits)
{
  guint64 result = 1;

  while (digits-- > 0)
    result *= 10;
  return result;
}

static void
append_grouped (GString    *out,
                guint64     units,
                const char *separator)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, units);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

static void
append_fraction (GString    *out,
                 guint64     fraction,
                 guint       digits,
                 const char *decimal)
{
  if (digits == 0)
    return;
  g_string_append (out, decimal);
  g_string_append_printf (out, "%0*" G_GUINT64_FORMAT, (int) digits, fraction);
}

char *
procure_money_format (gint64      minor,
                      const char *currency)
{
  MoneyConventions conv;
  guint digits = procure_currency_digits (currency);
  guint64 scale = pow10u (digits);
  guint64 abs_value = magnitude (minor);
  const char *symbol = currency_symbol (currency);
  GString *out = g_string_new (minor < 0 ? "-" : "");

  get_conventions (&conv);

  if (conv.symbol_first)
    g_string_append_printf (out, "%s%s", symbol, conv.space ? " " : "");
  append_grouped (out, abs_value / scale, conv.thousands);
  append_fraction (out, abs_value % scale, digits, conv.decimal);
  if (!conv.symbol_first)
    g_string_append_printf (out, "%s%s", conv.space ? " " : "", symbol);

  return g_string_free (out, FALSE);
}

char *
procure_money_to_decimal (gint64      minor,
                          const char *currency)
{
  guint digits = procure_currency_digits (currency);
  guint64 scale = pow10u (digits);
  guint64 abs_value = magnitude (minor);
  GString *out = g_string_new (minor < 0 ? "-" : "");

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, abs_value / scale);
  append_fraction (out, abs_value % scale, digits, ".");
  return g_string_free (out, FALSE);
}

/* Index of the decimal separator in @text, or -1 when every separator is a
 * thousands separator. With both '.' and ',' present the last one is the
 * decimal; a lone separator is decimal unless exactly three digits follow it
 * and the currency has fewer minor digits ("1,234" is 1234 EUR). */
static gssize
find_decimal (const char *text,
              guint       digits)
{
  const char *last_dot = strrchr (text, '.');
  const char *last_comma = strrchr (text, ',');
  const char *last = last_dot > last_comma ? last_dot : last_comma;
  char other;

  if (last == NULL)
    return -1;
  other = *last == '.' ? ',' : '.';
  if (strchr (text, other) != NULL)
    return last - text;
  if (strchr (text, *last) != last)
    return -1;
  if (strlen (last + 1) == 3 && digits < 3)
    return -1;
  return last - text;
}

/* Integer part with optional thousands separators in groups of three. */
static gboolean
parse_integer_part (const char *text,
                    gsize       len,
                    guint64    *out)
{
  guint64 value = 0;
  gsize group = 0;
  gboolean grouped = FALSE;
  char separator = 0;

  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '.' || c == ',')
        {
          if ((separator != 0 && c != separator) || group == 0 ||
              (grouped && group != 3) || (!grouped && group > 3))
            return FALSE;
          separator = c;
          grouped = TRUE;
          group = 0;
          continue;
        }
      if (!g_ascii_isdigit (c) || value > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      value = value * 10 + (guint64) (c - '0');
      group++;
    }
  if (grouped && group != 3)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_fraction (const char *text,
                guint       digits,
                guint64    *out)
{
  gsize len = strlen (text);
  guint64 value = 0;

  if (len == 0 || len > digits)
    return FALSE;
  for (gsize i = 0; i < digits; i++)
    {
      char c = i < len ? text[i] : '0';

      if (!g_ascii_isdigit (c))
        return FALSE;
      value = value * 10 + (guint64) (c - '0');
    }
  *out = value;
  return TRUE;
}

gboolean
procure_money_parse (const char *text,
                     const char *currency,
                     gint64     *out_minor)
{
  g_autofree char *copy = NULL;
  guint digits = procure_currency_digits (currency);
  guint64 units, fraction = 0, abs_value;
  gboolean negative = FALSE;
  const char *body;
  gssize decimal;

  g_return_val_if_fail (out_minor != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  body = copy;
  if (*body == '-' || *body == '+')
    negative = *body++ == '-';

  decimal = find_decimal (body, digits);
  if (!parse_integer_part (body, decimal >= 0 ? (gsize) decimal : strlen (body), &units))
    return FALSE;
  if (decimal >= 0 && !parse_fraction (body + decimal + 1, digits, &fraction))
    return FALSE;

  if (units > G_MAXUINT64 / pow10u (digits))
    return FALSE;
  abs_value = units * pow10u (digits);
  if (abs_value > G_MAXUINT64 - fraction)
    return FALSE;
  abs_value += fraction;
  if (abs_value > (guint64) G_MAXINT64)
    return FALSE;

  *out_minor = negative ? -(gint64) abs_value : (gint64) abs_value;
  return TRUE;
}

gboolean
procure_money_mul (gint64  a,
                   gint64  b,
                   gint64 *out)
{
  gint64 result;

  if (__builtin_mul_overflow (a, b, &result))
    return FALSE;
  if (out != NULL)
    *out = result;
  return TRUE;
}

gboolean
procure_money_add (gint64  a,
                   gint64  b,
                   gint64 *out)
{
  gint64 result;

  if (__builtin_add_overflow (a, b, &result))
    return FALSE;
  if (out != NULL)
    *out = result;
  return TRUE;
}
