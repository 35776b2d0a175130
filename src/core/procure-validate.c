/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-error.h"
#include "procure-lifecycle.h"
#include "procure-money.h"
#include "procure-validate.h"

#define MAX_RANGE_COUNT 100000
#define MAX_SIM_TEXT_ENTRIES 100000

/* ---------- helpers ---------- */

static gboolean
all_digits (const char *str)
{
  if (str == NULL || *str == '\0')
    return FALSE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isdigit (*str))
      return FALSE;
  return TRUE;
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static char *
join_path (const char *prefix,
           const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

static char *
index_path (const char *prefix,
            guint       index,
            const char *member)
{
  if (member == NULL)
    return g_strdup_printf ("%s[%u]", prefix, index);
  return g_strdup_printf ("%s[%u].%s", prefix, index, member);
}

/* ---------- identifiers ---------- */

int
procure_luhn_check_digit (const char *payload)
{
  gsize len;
  guint sum = 0;

  g_return_val_if_fail (payload != NULL, -1);

  if (!all_digits (payload))
    return -1;

  /* Doubling starts at the rightmost payload digit, the one next to where
   * the check digit goes. */
  len = strlen (payload);
  for (gsize i = 0; i < len; i++)
    {
      guint digit = (guint) (payload[len - 1 - i] - '0');

      if (i % 2 == 0)
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
  return (int) ((10 - sum % 10) % 10);
}

gboolean
procure_luhn_valid (const char *digits)
{
  g_autofree char *payload = NULL;
  gsize len;

  if (!all_digits (digits) || (len = strlen (digits)) < 2)
    return FALSE;

  payload = g_strndup (digits, len - 1);
  return procure_luhn_check_digit (payload) == digits[len - 1] - '0';
}

gboolean
procure_validate_iccid (const char *iccid,
                        const char *field,
                        GError    **error)
{
  gsize len;

  if (iccid == NULL || *iccid == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "An ICCID is required");
      return FALSE;
    }
  len = strlen (iccid);
  if (!all_digits (iccid) || len < 19 || len > 20)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "“%s” is not an ICCID: it must have 19 or 20 digits", iccid);
      return FALSE;
    }
  if (!procure_luhn_valid (iccid))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "The ICCID “%s” has a wrong check digit", iccid);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_validate_imsi (const char *imsi,
                       const char *field,
                       GError    **error)
{
  if (imsi == NULL || *imsi == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "An IMSI is required");
      return FALSE;
    }
  if (!all_digits (imsi) || strlen (imsi) != 15)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "“%s” is not an IMSI: it must have exactly 15 digits", imsi);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_validate_msisdn (const char *msisdn,
                         const char *field,
                         GError    **error)
{
  gsize digits;

  if (msisdn == NULL || *msisdn == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "An MSISDN is required");
      return FALSE;
    }
  digits = strlen (msisdn) - 1;
  if (msisdn[0] != '+' || !all_digits (msisdn + 1) || msisdn[1] == '0' || digits < 8 || digits > 15)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "“%s” is not an international number (+ and 8 to 15 digits)", msisdn);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_validate_po_number (const char *number,
                            const char *field,
                            GError    **error)
{
  if (number == NULL || *number == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "A PO number is required");
      return FALSE;
    }
  if (!all_digits (number) || strlen (number) > 18)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "A PO number has 1 to 18 digits");
      return FALSE;
    }
  return TRUE;
}

/* ---------- ICCID ranges and pasted text ---------- */

static char *
iccid_from_payload (guint64 payload,
                    int     payload_len)
{
  g_autofree char *digits = g_strdup_printf ("%0*" G_GUINT64_FORMAT, payload_len, payload);

  return g_strdup_printf ("%s%d", digits, procure_luhn_check_digit (digits));
}

GStrv
procure_iccid_range (const char *first,
                     guint       count,
                     GError    **error)
{
  GPtrArray *iccids;
  g_autofree char *payload_str = NULL;
  guint64 payload, limit = 1;
  int payload_len;

  if (!procure_validate_iccid (first, "iccid", error))
    return NULL;
  if (count < 1 || count > MAX_RANGE_COUNT)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, "count",
                         "A range holds 1 to %d ICCIDs", MAX_RANGE_COUNT);
      return NULL;
    }

  payload_len = (int) strlen (first) - 1;
  payload_str = g_strndup (first, (gsize) payload_len);
  payload = g_ascii_strtoull (payload_str, NULL, 10);
  for (int i = 0; i < payload_len; i++)
    limit *= 10;   /* at most 10^19, which fits in 64 bits */

  if (limit - payload < count)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, "count",
                         "The range starting at %s runs past the last ICCID of that length", first);
      return NULL;
    }

  iccids = g_ptr_array_new_full (count + 1, NULL);
  for (guint i = 0; i < count; i++)
    g_ptr_array_add (iccids, iccid_from_payload (payload + i, payload_len));
  g_ptr_array_add (iccids, NULL);
  return (GStrv) g_ptr_array_free (iccids, FALSE);
}

/* "x25", "X25" or "+25" (at most six digits, so a "+49..." MSISDN is not a
 * count); 0 if @token is none of these. */
static guint
parse_range_count (const char *token)
{
  if ((token[0] != 'x' && token[0] != 'X' && token[0] != '+') ||
      !all_digits (token + 1) || strlen (token + 1) > 6)
    return 0;
  return (guint) g_ascii_strtoull (token + 1, NULL, 10);
}

static ProcureSim *
sim_new_with (const char *iccid,
              const char *imsi,
              const char *msisdn)
{
  ProcureSim *sim = procure_sim_new ();

  sim->iccid = g_strdup (iccid);
  sim->imsi = g_strdup (imsi);
  sim->msisdn = g_strdup (msisdn);
  return sim;
}

/* Adds @step to the decimal number @digits (a string of digits) keeping its
 * width; NULL if the result needs more digits than @digits has. IMSIs (15
 * digits) and MSISDNs (at most 15 digits) fit in 64 bits. */
static char *
digits_add (const char *digits,
            guint       step)
{
  gsize width = strlen (digits);
  guint64 value = g_ascii_strtoull (digits, NULL, 10);
  guint64 limit = 1;

  for (gsize i = 0; i < width; i++)
    limit *= 10;
  if (limit - value <= step)
    return NULL;
  return g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) width, value + step);
}

/* The @index-th IMSI/MSISDN of a range: the first one incremented; an MSISDN
 * keeps its '+'. NULL if the last one would need more digits. */
static char *
range_member (const char *first,
              guint       index)
{
  g_autofree char *sum = NULL;

  if (first == NULL)
    return NULL;
  if (first[0] == '+')
    {
      sum = digits_add (first + 1, index);
      return sum != NULL ? g_strconcat ("+", sum, NULL) : NULL;
    }
  return digits_add (first, index);
}

/* Checks that the last IMSI and MSISDN of a range keep their digit count. */
static gboolean
range_fits (const char  *imsi,
            const char  *msisdn,
            guint        count,
            const char  *field,
            GError     **error)
{
  g_autofree char *last_imsi = imsi != NULL ? range_member (imsi, count - 1) : NULL;
  g_autofree char *last_msisdn = msisdn != NULL ? range_member (msisdn, count - 1) : NULL;

  if (imsi != NULL && last_imsi == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                         "The range starting at IMSI %s runs past the last IMSI of that length", imsi);
      return FALSE;
    }
  if (msisdn != NULL && last_msisdn == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                         "The range starting at MSISDN %s runs past the last number of that length", msisdn);
      return FALSE;
    }
  return TRUE;
}

/* "FIRST xCOUNT" (@imsi and @msisdn NULL) or "FIRST IMSI MSISDN xCOUNT":
 * the ICCID payload, IMSI and MSISDN all count up by one per SIM. */
static gboolean
parse_range_line (GPtrArray   *sims,
                  const char  *first,
                  const char  *imsi,
                  const char  *msisdn,
                  const char  *count_token,
                  const char  *field,
                  GError     **error)
{
  guint count = parse_range_count (count_token);
  g_auto(GStrv) iccids = NULL;
  g_autoptr(GError) local_error = NULL;

  if (count == 0 || sims->len + count > MAX_SIM_TEXT_ENTRIES)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field, "The range count is out of range");
      return FALSE;
    }
  if ((imsi != NULL && !procure_validate_imsi (imsi, field, error)) ||
      (msisdn != NULL && !procure_validate_msisdn (msisdn, field, error)) ||
      !range_fits (imsi, msisdn, count, field, error))
    return FALSE;
  iccids = procure_iccid_range (first, count, &local_error);
  if (iccids == NULL)
    {
      procure_set_error (error, local_error->code, field, "%s", local_error->message);
      return FALSE;
    }
  for (guint i = 0; iccids[i] != NULL; i++)
    {
      ProcureSim *sim = sim_new_with (iccids[i], NULL, NULL);

      sim->imsi = range_member (imsi, i);
      sim->msisdn = range_member (msisdn, i);
      g_ptr_array_add (sims, sim);
    }
  return TRUE;
}

static gboolean
parse_sim_line (GPtrArray   *sims,
                char       **tokens,
                const char  *field,
                GError     **error)
{
  guint n = g_strv_length (tokens);

  if (n == 2 && parse_range_count (tokens[1]) > 0)
    return parse_range_line (sims, tokens[0], NULL, NULL, tokens[1], field, error);
  if (n == 4 && parse_range_count (tokens[3]) > 0)
    return parse_range_line (sims, tokens[0], tokens[1], tokens[2], tokens[3], field, error);

  if (n > 3)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "A line holds an ICCID, an IMSI and an MSISDN, or a range "
                         "“ICCID IMSI MSISDN xCOUNT”");
      return FALSE;
    }
  if (!procure_validate_iccid (tokens[0], field, error) ||
      (n >= 2 && !procure_validate_imsi (tokens[1], field, error)) ||
      (n >= 3 && !procure_validate_msisdn (tokens[2], field, error)))
    return FALSE;
  if (sims->len >= MAX_SIM_TEXT_ENTRIES)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, field, "Too many SIMs");
      return FALSE;
    }
  g_ptr_array_add (sims, sim_new_with (tokens[0], n >= 2 ? tokens[1] : NULL, n >= 3 ? tokens[2] : NULL));
  return TRUE;
}

/* Splits on runs of separators, dropping empty tokens. */
static GStrv
tokenize_line (const char *line)
{
  g_auto(GStrv) parts = g_strsplit_set (line, " ,;\t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

GPtrArray *
procure_parse_sim_text (const char *text,
                        GError    **error)
{
  g_autoptr(GPtrArray) sims = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) tokens = tokenize_line (g_strstrip (lines[i]));
      g_autofree char *field = g_strdup_printf ("sims[%u]", i + 1);

      if (tokens[0] == NULL)
        continue;
      if (!parse_sim_line (sims, tokens, field, error))
        return NULL;
    }
  return g_steal_pointer (&sims);
}

static gboolean
check_unique (GHashTable  *seen,
              const char  *value,
              const char  *field,
              const char  *what,
              GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_hash_table_add (seen, (gpointer) value))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field, "The %s %s is given twice", what, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_sim_entry (const ProcureSim *sim,
                    const char       *field,
                    guint             index,
                    GHashTable       *seen,
                    GError          **error)
{
  g_autofree char *iccid_field = index_path (field, index, "iccid");
  g_autofree char *imsi_field = index_path (field, index, "imsi");
  g_autofree char *msisdn_field = index_path (field, index, "msisdn");

  return procure_validate_iccid (sim->iccid, iccid_field, error) &&
         procure_validate_imsi (sim->imsi, imsi_field, error) &&
         procure_validate_msisdn (sim->msisdn, msisdn_field, error) &&
         check_unique (seen, sim->iccid, iccid_field, "ICCID", error) &&
         check_unique (seen, sim->imsi, imsi_field, "IMSI", error) &&
         check_unique (seen, sim->msisdn, msisdn_field, "MSISDN", error);
}

/* READY needs IMSI and MSISDN for every SIM (the server stores them NOT
 * NULL UNIQUE). ICCIDs, IMSIs (15 digits) and MSISDNs ('+') cannot collide
 * with each other, so one set holds all three. */
gboolean
procure_validate_sims (GPtrArray  *sims,
                       gint64      expected,
                       const char *field,
                       GError    **error)
{
  g_autoptr(GHashTable) seen = NULL;

  if (field == NULL)
    field = "sims";
  if (sims == NULL || sims->len == 0)
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "The SIMs are required");
      return FALSE;
    }
  if ((gint64) sims->len != expected)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "%u SIMs given, %" G_GINT64_FORMAT " ordered", sims->len, expected);
      return FALSE;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sims->len; i++)
    if (!validate_sim_entry (g_ptr_array_index (sims, i), field, i, seen, error))
      return FALSE;
  return TRUE;
}

/* ---------- text, addresses, dates ---------- */

gboolean
procure_validate_length (const char *value,
                         gsize       max,
                         const char *field,
                         GError    **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field, "Not valid UTF-8 text");
      return FALSE;
    }
  if ((gsize) g_utf8_strlen (value, -1) > max)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, field,
                         "At most %" G_GSIZE_FORMAT " characters", max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_text (const char *value,
               gboolean    required,
               gsize       max,
               const char *prefix,
               const char *member,
               GError    **error)
{
  g_autofree char *field = join_path (prefix, member);

  if (required && is_blank (value))
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "The %s is required", member);
      return FALSE;
    }
  return procure_validate_length (value, max, field, error);
}

gboolean
procure_validate_address (const ProcureAddress *address,
                          const char           *field,
                          GError              **error)
{
  g_autofree char *country_field = join_path (field, "country");

  if (address == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "An address is required");
      return FALSE;
    }
  if (!validate_text (address->name, TRUE, PROCURE_MAX_NAME_LENGTH, field, "name", error) ||
      !validate_text (address->company, FALSE, PROCURE_MAX_NAME_LENGTH, field, "company", error) ||
      !validate_text (address->street, TRUE, PROCURE_MAX_NAME_LENGTH, field, "street", error) ||
      !validate_text (address->city, TRUE, PROCURE_MAX_NAME_LENGTH, field, "city", error) ||
      !validate_text (address->postal_code, TRUE, PROCURE_MAX_SHORT_LENGTH, field, "postal_code", error) ||
      !validate_text (address->region, FALSE, PROCURE_MAX_NAME_LENGTH, field, "region", error) ||
      !validate_text (address->country, TRUE, 2, field, "country", error) ||
      !validate_text (address->phone, FALSE, PROCURE_MAX_SHORT_LENGTH, field, "phone", error))
    return FALSE;
  if (!procure_country_code_valid (address->country))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, country_field,
                         "“%s” is not an ISO 3166-1 country code", address->country);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_parse_date (const char *str,
                    GDate      *out)
{
  guint year, month, day;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL || strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (str, NULL, 10);
  month = (guint) g_ascii_strtoull (str + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (str + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
local_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* "Not more than a year after" is read as at most 365 days ahead. */
gboolean
procure_validate_ship_date (const char  *date,
                            const GDate *today,
                            const char  *field,
                            GError     **error)
{
  GDate parsed, now;
  int days;

  if (date == NULL || *date == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "A shipping date is required");
      return FALSE;
    }
  if (!procure_parse_date (date, &parsed))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field, "“%s” is not a date (YYYY-MM-DD)", date);
      return FALSE;
    }
  if (today != NULL)
    now = *today;
  else
    local_today (&now);

  days = g_date_days_between (&now, &parsed);
  if (days < 0 || days > 365)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                         "The shipping date must be between today and a year from now");
      return FALSE;
    }
  return TRUE;
}

/* ---------- quantities and overrides ---------- */

gboolean
procure_validate_quantity (const ProcureProduct *product,
                           gint64                quantity,
                           const char           *field,
                           GError              **error)
{
  gint64 min, max;

  g_return_val_if_fail (product != NULL, FALSE);

  min = MAX (product->min_quantity, 1);
  max = product->max_quantity > 0 ? MIN (product->max_quantity, PROCURE_MAX_QUANTITY) : PROCURE_MAX_QUANTITY;

  if (!product->active)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, field,
                         "The product %s is no longer offered", product->code ? product->code : "");
      return FALSE;
    }
  if (quantity < min || quantity > max)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                         "Order between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " SIMs", min, max);
      return FALSE;
    }
  if (product->quantity_multiple > 1 && quantity % product->quantity_multiple != 0)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field,
                         "Order in packs of %" G_GINT64_FORMAT, product->quantity_multiple);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_validate_overrides (const ProcureAccount  *account,
                            const ProcureSettings *overrides,
                            const char            *field,
                            GError               **error)
{
  g_return_val_if_fail (account != NULL, FALSE);

  for (guint i = 0; overrides != NULL && i < PROCURE_N_SETTINGS; i++)
    {
      const char *value = overrides->values[i];
      g_autofree char *setting_field = NULL;

      if (value == NULL)
        continue;
      setting_field = join_path (field, procure_setting_to_string (i));
      if (!account->allow_default_override)
        {
          procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, setting_field,
                             "This account may not override its defaults");
          return FALSE;
        }
      if (!procure_entitlements_allows (account->entitlements, i, value))
        {
          procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, setting_field,
                             "“%s” is not among the account's entitlements", value);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---------- whole orders ---------- */

/* What every line of one order is checked against. */
typedef struct {
  const ProcureAccount *account;
  ProcureProductLookup  lookup;
  gpointer              lookup_data;
  GHashTable           *seen;
  gint64                total;
} LineContext;

static gboolean
validate_line (const ProcureOrderLine *line,
               guint                   index,
               LineContext            *ctx,
               GError                **error)
{
  g_autofree char *product_field = index_path ("lines", index, "product_id");
  g_autofree char *quantity_field = index_path ("lines", index, "quantity");
  const ProcureProduct *product;
  gint64 line_total;

  if (is_blank (line->product_id))
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, product_field, "A product is required");
      return FALSE;
    }
  if (!g_hash_table_add (ctx->seen, line->product_id))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, product_field, "The product is already on another line");
      return FALSE;
    }
  product = ctx->lookup != NULL ? ctx->lookup (line->product_id, ctx->lookup_data) : NULL;
  if (product == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, product_field, "No such product for this account");
      return FALSE;
    }
  if (ctx->account->currency != NULL && product->currency != NULL &&
      g_strcmp0 (ctx->account->currency, product->currency) != 0)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, product_field,
                         "The product is priced in %s, the account orders in %s",
                         product->currency, ctx->account->currency);
      return FALSE;
    }
  if (!procure_validate_quantity (product, line->quantity, quantity_field, error))
    return FALSE;
  if (!procure_money_mul (line->quantity, product->unit_price, &line_total) ||
      !procure_money_add (ctx->total, line_total, &ctx->total))
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, quantity_field, "The order total is too large");
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_lines (const ProcureOrder   *order,
                LineContext          *ctx,
                gboolean              for_submit,
                GError              **error)
{
  guint n_lines = order->lines != NULL ? order->lines->len : 0;

  if (for_submit && n_lines == 0)
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "lines", "An order needs at least one line");
      return FALSE;
    }
  if (n_lines > PROCURE_MAX_LINES)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, "lines", "At most %d lines", PROCURE_MAX_LINES);
      return FALSE;
    }
  for (guint i = 0; i < n_lines; i++)
    if (!validate_line (g_ptr_array_index (order->lines, i), i, ctx, error))
      return FALSE;
  return TRUE;
}

gboolean
procure_validate_order (const ProcureOrder    *order,
                        const ProcureAccount  *account,
                        ProcureProductLookup   lookup,
                        gpointer               lookup_data,
                        const GDate           *today,
                        gboolean               for_submit,
                        GError               **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  LineContext ctx = { account, lookup, lookup_data, seen, 0 };

  g_return_val_if_fail (order != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!validate_lines (order, &ctx, for_submit, error))
    return FALSE;
  if ((for_submit || order->shipping_address != NULL) &&
      !procure_validate_address (order->shipping_address, "shipping_address", error))
    return FALSE;
  if ((for_submit || order->requested_ship_date != NULL) &&
      !procure_validate_ship_date (order->requested_ship_date, today, "requested_ship_date", error))
    return FALSE;
  return procure_validate_overrides (account, order->overrides, "overrides", error) &&
         procure_validate_length (order->notes, PROCURE_MAX_NOTES_LENGTH, "notes", error);
}

/* ---------- action bodies ---------- */

static gboolean
validate_comment (ProcureAction               action,
                  const ProcureActionRequest *request,
                  GError                    **error)
{
  const char *comment = request != NULL ? request->comment : NULL;

  if (procure_action_needs_comment (action) && is_blank (comment))
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "comment", "A comment is required");
      return FALSE;
    }
  return procure_validate_length (comment, PROCURE_MAX_NOTES_LENGTH, "comment", error);
}

static gboolean
validate_shipment (const ProcureActionRequest *request,
                   GError                    **error)
{
  GDate date;

  if (!validate_text (request->carrier, TRUE, PROCURE_MAX_SHORT_LENGTH, NULL, "carrier", error) ||
      !validate_text (request->tracking_number, TRUE, PROCURE_MAX_SHORT_LENGTH, NULL, "tracking_number", error))
    return FALSE;
  if (request->shipped_at == NULL || *request->shipped_at == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "shipped_at", "The shipping date is required");
      return FALSE;
    }
  if (!procure_parse_date (request->shipped_at, &date))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "shipped_at",
                         "“%s” is not a date (YYYY-MM-DD)", request->shipped_at);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_action_request_validate (ProcureAction                action,
                                 const ProcureActionRequest  *request,
                                 const ProcureOrder          *order,
                                 GError                     **error)
{
  static const ProcureActionRequest empty = { 0 };

  g_return_val_if_fail (order != NULL, FALSE);

  if (request == NULL)
    request = &empty;
  if (!validate_comment (action, request, error))
    return FALSE;

  switch (action)
    {
    case PROCURE_ACTION_ACCEPT:
      return procure_validate_po_number (request->number, "number", error);
    case PROCURE_ACTION_READY:
      return procure_validate_sims (request->sims, procure_order_get_sim_quantity (order), "sims", error);
    case PROCURE_ACTION_SHIP:
      return validate_shipment (request, error);
    case PROCURE_ACTION_INVALID:
    case PROCURE_ACTION_SUBMIT:
    case PROCURE_ACTION_APPROVE:
    case PROCURE_ACTION_REJECT:
    case PROCURE_ACTION_REQUEST_INFO:
    case PROCURE_ACTION_RESUBMIT:
    case PROCURE_ACTION_START:
    case PROCURE_ACTION_CONFIRM_RECEIPT:
    case PROCURE_ACTION_CANCEL:
    case PROCURE_ACTION_REOPEN:
    case PROCURE_N_ACTIONS:
    default:
      return TRUE;
    }
}
