/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-money.h: money is a 64-bit integer in minor units next to an
 * ISO 4217 currency code. Never floating point.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Minor-unit digits of a currency (EUR 2, JPY 0, BHD 3); 2 if unknown. */
guint    procure_currency_digits (const char *currency);

/* Locale-aware formatting of an amount (reads localeconv(): call it from the
 * main thread, or after setlocale() is done): grouping and decimal separator of the
 * current LC_NUMERIC locale, and the currency symbol where one is well known
 * (€, £, $, ¥, CHF ...) placed as the locale would: "€1,234.50" in English,
 * "1.234,50 €" in German. LC_MONETARY's separators and symbol placement are
 * used first, then LC_NUMERIC's; the C locale falls back to "€1,234.50".
 * Digits are grouped by three; unknown currencies print their code. */
char    *procure_money_format    (gint64      minor,
                                  const char *currency);

/* Plain decimal string without symbol or grouping, "1234.50": for CSV export. */
char    *procure_money_to_decimal (gint64      minor,
                                   const char *currency);

/* Parses "1234.5", "1,234.50" (either separator) into minor units; FALSE on
 * garbage, too many decimals or overflow. */
gboolean procure_money_parse     (const char *text,
                                  const char *currency,
                                  gint64     *out_minor);

/* a * b and a + b in minor units without overflow; FALSE on overflow. */
gboolean procure_money_mul       (gint64 a, gint64 b, gint64 *out);
gboolean procure_money_add       (gint64 a, gint64 b, gint64 *out);

G_END_DECLS
