/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-money.h"
#include "procure-validate.h"

/* ISO 3166-1 alpha-2: the 249 officially assigned codes, sorted, each
 * followed by one space. */
static const char country_codes[] =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
  "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
  "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
  "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
  "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
  "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
  "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
  "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
  "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
  "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
  "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
  "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
  "VN VU WF WS YE YT ZA ZM ZW";

/* ISO 4217 alphabetic codes of currencies and funds in use (precious metals,
 * testing and "no currency" codes left out), sorted, each followed by one
 * space. */
static const char currency_codes[] =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD "
  "BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP "
  "BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU "
  "CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB "
  "EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD "
  "HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD "
  "JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP "
  "LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU "
  "MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR "
  "NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD "
  "RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS "
  "SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY "
  "TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED "
  "VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/* Currencies whose minor unit is not 2 digits. */
static const struct {
  const char *code;
  guint       digits;
} currency_exponents[] = {
  { "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 },
  { "JPY", 0 }, { "KMF", 0 }, { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 },
  { "UGX", 0 }, { "UYI", 0 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 },
  { "XOF", 0 }, { "XPF", 0 },
  { "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 },
  { "OMR", 3 }, { "TND", 3 },
  { "CLF", 4 }, { "UYW", 4 },
};

/* Whether @code (exactly @len upper-case letters) is one of the
 * space-terminated tokens of @table. */
static gboolean
code_in_table (const char *table,
               const char *code,
               gsize       len)
{
  gsize table_len = strlen (table);

  if (code == NULL || strlen (code) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (code[i]))
      return FALSE;

  for (gsize pos = 0; pos + len <= table_len; pos += len + 1)
    if (memcmp (table + pos, code, len) == 0)
      return TRUE;
  return FALSE;
}

gboolean
procure_country_code_valid (const char *code)
{
  return code_in_table (country_codes, code, 2);
}

gboolean
procure_currency_code_valid (const char *code)
{
  return code_in_table (currency_codes, code, 3);
}

guint
procure_currency_digits (const char *currency)
{
  for (guint i = 0; currency != NULL && i < G_N_ELEMENTS (currency_exponents); i++)
    if (g_str_equal (currency_exponents[i].code, currency))
      return currency_exponents[i].digits;
  return 2;
}
