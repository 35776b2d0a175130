/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-core.h"

/* Asserts that @ok is FALSE and @error is PROCURE_ERROR @code naming @field. */
#define assert_refused(ok, error, code, field) G_STMT_START { \
    g_assert_false (ok); \
    g_assert_error ((error), PROCURE_ERROR, (int) (code)); \
    g_assert_cmpstr (procure_error_get_field (error), ==, (field)); \
    g_clear_error (&(error)); \
  } G_STMT_END

#define assert_accepted(ok, error) G_STMT_START { \
    g_assert_no_error (error); \
    g_assert_true (ok); \
  } G_STMT_END

/* ---------- Luhn and identifiers ---------- */

static void
test_validate_luhn (void)
{
  /* The textbook example, by hand: payload 7992739871; from the right,
   * doubling every second digit starting with the rightmost:
   * 1→2, 7, 8→16→7, 9, 3→6, 7, 2→4, 9, 9→18→9, 7: sum 67, check digit 3. */
  g_assert_cmpint (procure_luhn_check_digit ("7992739871"), ==, 3);
  g_assert_true (procure_luhn_valid ("79927398713"));
  g_assert_false (procure_luhn_valid ("79927398710"));
  g_assert_false (procure_luhn_valid ("79927398714"));
  /* "0" pads nothing: 0 → check 0; "1" → 2 → check 8. */
  g_assert_cmpint (procure_luhn_check_digit ("0"), ==, 0);
  g_assert_cmpint (procure_luhn_check_digit ("1"), ==, 8);
  g_assert_cmpint (procure_luhn_check_digit ("12a"), ==, -1);
  g_assert_false (procure_luhn_valid ("7"));
  g_assert_false (procure_luhn_valid (""));
  g_assert_false (procure_luhn_valid (NULL));
  g_assert_false (procure_luhn_valid ("7992739871 3"));
}

static void
test_validate_iccid (void)
{
  static const char * const good[] = {
    "8949020000123456788",    /* 19 digits */
    "89014103211118510720",   /* 20 digits, a published sample ICCID */
    "89012604123456789014",
    "8944000000000001009",
  };
  static const struct {
    const char       *iccid;
    ProcureErrorCode  code;
  } bad[] = {
    { "8949020000123456789", PROCURE_ERROR_INVALID },   /* wrong check digit */
    { "89014103211118510721", PROCURE_ERROR_INVALID },  /* wrong check digit */
    { "89014103211118510702", PROCURE_ERROR_INVALID },  /* two digits swapped */
    { "894902000012345678", PROCURE_ERROR_INVALID },    /* 18 digits */
    { "890141032111185107205", PROCURE_ERROR_INVALID }, /* 21 digits */
    { "8949O20000123456788", PROCURE_ERROR_INVALID },   /* letter O */
    { "8949020000123456788F", PROCURE_ERROR_INVALID },  /* filler nibble */
    { " 8949020000123456788", PROCURE_ERROR_INVALID },
    { "-949020000123456788", PROCURE_ERROR_INVALID },
    { "", PROCURE_ERROR_REQUIRED },
    { NULL, PROCURE_ERROR_REQUIRED },
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    assert_accepted (procure_validate_iccid (good[i], "iccid", &error), error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused (procure_validate_iccid (bad[i].iccid, "sims[3].iccid", &error), error,
                    bad[i].code, "sims[3].iccid");
  g_assert_false (procure_validate_iccid ("123", NULL, NULL));
}

static void
test_validate_imsi_msisdn (void)
{
  GError *error = NULL;

  assert_accepted (procure_validate_imsi ("262011234567890", "imsi", &error), error);
  assert_refused (procure_validate_imsi ("26201123456789", "imsi", &error), error, PROCURE_ERROR_INVALID, "imsi");
  assert_refused (procure_validate_imsi ("2620112345678901", "imsi", &error), error, PROCURE_ERROR_INVALID, "imsi");
  assert_refused (procure_validate_imsi ("26201123456789a", "imsi", &error), error, PROCURE_ERROR_INVALID, "imsi");
  assert_refused (procure_validate_imsi (NULL, "imsi", &error), error, PROCURE_ERROR_REQUIRED, "imsi");

  assert_accepted (procure_validate_msisdn ("+491701234567", "msisdn", &error), error);
  assert_accepted (procure_validate_msisdn ("+12025550123", "msisdn", &error), error);
  assert_accepted (procure_validate_msisdn ("+12345678", "msisdn", &error), error);          /* 8 digits */
  assert_accepted (procure_validate_msisdn ("+123456789012345", "msisdn", &error), error);   /* 15 digits */
  assert_refused (procure_validate_msisdn ("+1234567", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("+1234567890123456", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("491701234567", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("+0491701234567", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("+49 170 1234567", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("+", "msisdn", &error), error, PROCURE_ERROR_INVALID, "msisdn");
  assert_refused (procure_validate_msisdn ("", "msisdn", &error), error, PROCURE_ERROR_REQUIRED, "msisdn");
}

static void
test_validate_po_number (void)
{
  GError *error = NULL;

  assert_accepted (procure_validate_po_number ("4500012345", "number", &error), error);
  assert_accepted (procure_validate_po_number ("1", "number", &error), error);
  assert_accepted (procure_validate_po_number ("123456789012345678", "number", &error), error);
  assert_refused (procure_validate_po_number ("1234567890123456789", "number", &error), error, PROCURE_ERROR_INVALID, "number");
  assert_refused (procure_validate_po_number ("PO-1", "number", &error), error, PROCURE_ERROR_INVALID, "number");
  assert_refused (procure_validate_po_number ("12 34", "number", &error), error, PROCURE_ERROR_INVALID, "number");
  assert_refused (procure_validate_po_number ("", "number", &error), error, PROCURE_ERROR_REQUIRED, "number");
  assert_refused (procure_validate_po_number (NULL, "number", &error), error, PROCURE_ERROR_REQUIRED, "number");
}

/* ---------- ranges and pasted text ---------- */

static void
test_validate_iccid_range (void)
{
  /* Payloads …097 to …100, each check digit computed by hand. */
  static const char * const expected[] = {
    "8944000000000000977", "8944000000000000985", "8944000000000000993", "8944000000000001009", NULL,
  };
  g_auto(GStrv) range = NULL;
  GError *error = NULL;

  range = procure_iccid_range ("8944000000000000977", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (range, expected);
  g_clear_pointer (&range, g_strfreev);

  range = procure_iccid_range ("8944000000000000977", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (range), ==, 1);
  g_assert_cmpstr (range[0], ==, "8944000000000000977");
  g_clear_pointer (&range, g_strfreev);

  /* 899…9 + 1 carries into 900…0 and stays 19 digits. */
  range = procure_iccid_range ("8999999999999999999", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (range[1], ==, "9000000000000000001");
  g_clear_pointer (&range, g_strfreev);

  /* The last 20-digit payload is 9999999999999999999: two fit, three do not. */
  range = procure_iccid_range ("99999999999999999981", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (range[1], ==, "99999999999999999999");
  g_clear_pointer (&range, g_strfreev);
  range = procure_iccid_range ("99999999999999999981", 3, &error);
  g_assert_null (range);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  range = procure_iccid_range ("9999999999999999980", 3, &error);
  g_assert_null (range);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  range = procure_iccid_range ("8944000000000000977", 0, &error);
  g_assert_null (range);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  range = procure_iccid_range ("8944000000000000977", 100001, &error);
  g_assert_null (range);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  range = procure_iccid_range ("8944000000000000978", 2, &error);
  g_assert_null (range);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_INVALID);
  g_clear_error (&error);
}

static const ProcureSim *
sim_at (GPtrArray *sims,
        guint      index)
{
  g_assert_cmpuint (index, <, sims->len);
  return g_ptr_array_index (sims, index);
}

static void
test_validate_parse_sim_text (void)
{
  const char *text =
    "8949020000123456788\n"
    "\n"
    "  89014103211118510720, 262011234567890 ; +491701234567\r\n"
    "89012604123456789014\t262011234567891\n"
    "8944000000000000977 x3\n"
    "8944000000000001009 +1\n";
  g_autoptr(GPtrArray) sims = NULL;
  GError *error = NULL;

  sims = procure_parse_sim_text (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sims->len, ==, 7);
  g_assert_cmpstr (sim_at (sims, 0)->iccid, ==, "8949020000123456788");
  g_assert_null (sim_at (sims, 0)->imsi);
  g_assert_null (sim_at (sims, 0)->msisdn);
  g_assert_cmpstr (sim_at (sims, 1)->iccid, ==, "89014103211118510720");
  g_assert_cmpstr (sim_at (sims, 1)->imsi, ==, "262011234567890");
  g_assert_cmpstr (sim_at (sims, 1)->msisdn, ==, "+491701234567");
  g_assert_cmpstr (sim_at (sims, 2)->imsi, ==, "262011234567891");
  g_assert_null (sim_at (sims, 2)->msisdn);
  g_assert_cmpstr (sim_at (sims, 3)->iccid, ==, "8944000000000000977");
  g_assert_cmpstr (sim_at (sims, 5)->iccid, ==, "8944000000000000993");
  g_assert_cmpstr (sim_at (sims, 6)->iccid, ==, "8944000000000001009");
  g_clear_pointer (&sims, g_ptr_array_unref);

  sims = procure_parse_sim_text ("", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sims->len, ==, 0);
  g_clear_pointer (&sims, g_ptr_array_unref);

  /* Errors name the 1-based line of the text. */
  sims = procure_parse_sim_text ("8949020000123456788\n\n8949020000123456789\n", &error);
  g_assert_null (sims);
  assert_refused (FALSE, error, PROCURE_ERROR_INVALID, "sims[3]");
  sims = procure_parse_sim_text ("8949020000123456788 26201123456789\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8949020000123456788 262011234567890 491701234567\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8949020000123456788 262011234567890 +491701234567 extra\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("x\n8949020000123456788 x0\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8949020000123456788\n8949020000123456788 x0\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[2]");
  sims = procure_parse_sim_text ("99999999999999999981 +5\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_OUT_OF_RANGE, "sims[1]");
}

static GPtrArray *
sims_of (const char *first,
         ...)
{
  GPtrArray *sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);
  va_list args;

  va_start (args, first);
  for (const char *iccid = first; iccid != NULL; iccid = va_arg (args, const char *))
    {
      ProcureSim *sim = procure_sim_new ();

      sim->iccid = g_strdup (iccid);
      sim->imsi = g_strdup (va_arg (args, const char *));
      sim->msisdn = g_strdup (va_arg (args, const char *));
      g_ptr_array_add (sims, sim);
    }
  va_end (args);
  return sims;
}

static void
test_validate_sims (void)
{
  g_autoptr(GPtrArray) good = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                       "89014103211118510720", "262011234567891", "+491701234568", NULL);
  g_autoptr(GPtrArray) dup_iccid = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                            "8949020000123456788", "262011234567891", "+491701234568", NULL);
  g_autoptr(GPtrArray) dup_imsi = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                           "89014103211118510720", "262011234567890", "+491701234568", NULL);
  g_autoptr(GPtrArray) dup_msisdn = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                             "89014103211118510720", "262011234567891", "+491701234567", NULL);
  g_autoptr(GPtrArray) bad_msisdn = sims_of ("8949020000123456788", "262011234567890", "0170", NULL);
  g_autoptr(GPtrArray) bad_imsi = sims_of ("8949020000123456788", "26201123456789", "+491701234567", NULL);
  g_autoptr(GPtrArray) bad_iccid = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                            "8949020000123456789", "262011234567891", "+491701234568", NULL);
  /* READY needs IMSI and MSISDN for every SIM: the server stores them NOT NULL. */
  g_autoptr(GPtrArray) no_imsi = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                                          "89014103211118510720", NULL, "+491701234568", NULL);
  g_autoptr(GPtrArray) no_msisdn = sims_of ("8949020000123456788", "262011234567890", NULL, NULL);
  g_autoptr(GPtrArray) empty_imsi = sims_of ("8949020000123456788", "", "+491701234567", NULL);
  g_autoptr(GPtrArray) iccid_only = sims_of ("8949020000123456788", NULL, NULL, NULL);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GError *error = NULL;

  assert_accepted (procure_validate_sims (good, 2, "sims", &error), error);
  assert_refused (procure_validate_sims (good, 3, "sims", &error), error, PROCURE_ERROR_INVALID, "sims");
  assert_refused (procure_validate_sims (good, 1, "sims", &error), error, PROCURE_ERROR_INVALID, "sims");
  assert_refused (procure_validate_sims (dup_iccid, 2, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[1].iccid");
  assert_refused (procure_validate_sims (dup_imsi, 2, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[1].imsi");
  assert_refused (procure_validate_sims (dup_msisdn, 2, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[1].msisdn");
  assert_refused (procure_validate_sims (bad_msisdn, 1, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[0].msisdn");
  assert_refused (procure_validate_sims (bad_imsi, 1, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[0].imsi");
  assert_refused (procure_validate_sims (bad_iccid, 2, "sims", &error), error, PROCURE_ERROR_INVALID, "sims[1].iccid");
  assert_refused (procure_validate_sims (no_imsi, 2, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims[1].imsi");
  assert_refused (procure_validate_sims (no_msisdn, 1, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims[0].msisdn");
  assert_refused (procure_validate_sims (empty_imsi, 1, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims[0].imsi");
  assert_refused (procure_validate_sims (iccid_only, 1, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims[0].imsi");
  assert_refused (procure_validate_sims (empty, 2, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims");
  assert_refused (procure_validate_sims (NULL, 2, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims");
}

/* Range lines with IMSI and MSISDN count all three up together. */
static void
test_validate_parse_sim_range (void)
{
  g_autoptr(GPtrArray) sims = NULL;
  GError *error = NULL;

  sims = procure_parse_sim_text ("8944000000000000977 262019999999998 +491709999999 x3\n"
                                 "8944000000000001009, 262010000000100, +4930000001 +2\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sims->len, ==, 5);
  g_assert_cmpstr (sim_at (sims, 0)->iccid, ==, "8944000000000000977");
  g_assert_cmpstr (sim_at (sims, 0)->imsi, ==, "262019999999998");
  g_assert_cmpstr (sim_at (sims, 0)->msisdn, ==, "+491709999999");
  g_assert_cmpstr (sim_at (sims, 1)->iccid, ==, "8944000000000000985");
  g_assert_cmpstr (sim_at (sims, 1)->imsi, ==, "262019999999999");
  g_assert_cmpstr (sim_at (sims, 1)->msisdn, ==, "+491710000000");
  g_assert_cmpstr (sim_at (sims, 2)->iccid, ==, "8944000000000000993");
  g_assert_cmpstr (sim_at (sims, 2)->imsi, ==, "262020000000000");
  g_assert_cmpstr (sim_at (sims, 2)->msisdn, ==, "+491710000001");
  g_assert_cmpstr (sim_at (sims, 4)->iccid, ==, "8944000000000001017");
  g_assert_cmpstr (sim_at (sims, 4)->imsi, ==, "262010000000101");
  g_assert_cmpstr (sim_at (sims, 4)->msisdn, ==, "+4930000002");
  /* The parsed range passes READY validation as a whole. */
  assert_accepted (procure_validate_sims (sims, 5, "sims", &error), error);
  g_clear_pointer (&sims, g_ptr_array_unref);

  /* Leading zeros are kept (the width is fixed). */
  sims = procure_parse_sim_text ("8944000000000000977 001010000000009 +100000009 x2\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sim_at (sims, 1)->imsi, ==, "001010000000010");
  g_assert_cmpstr (sim_at (sims, 1)->msisdn, ==, "+100000010");
  g_clear_pointer (&sims, g_ptr_array_unref);

  /* An ICCID-only range parses; READY validation then names what is missing. */
  sims = procure_parse_sim_text ("8944000000000000977 x2\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sims->len, ==, 2);
  g_assert_null (sim_at (sims, 1)->imsi);
  assert_refused (procure_validate_sims (sims, 2, "sims", &error), error, PROCURE_ERROR_REQUIRED, "sims[0].imsi");
  g_clear_pointer (&sims, g_ptr_array_unref);

  /* IMSI or MSISDN outgrowing its digit count: an error naming the line. */
  sims = procure_parse_sim_text ("\n8944000000000000977 999999999999998 +491701234567 x3\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_OUT_OF_RANGE, "sims[2]");
  sims = procure_parse_sim_text ("8944000000000000977 999999999999998 +491701234567 x2\n", &error);
  assert_accepted (sims != NULL, error);
  g_clear_pointer (&sims, g_ptr_array_unref);
  sims = procure_parse_sim_text ("8944000000000000977 262011234567890 +999999999 x2\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_OUT_OF_RANGE, "sims[1]");
  sims = procure_parse_sim_text ("8944000000000000977 262011234567890 +999999999999999 +1\n", &error);
  assert_accepted (sims != NULL, error);
  g_clear_pointer (&sims, g_ptr_array_unref);

  /* Malformed IMSI, MSISDN or ICCID in a range line. */
  sims = procure_parse_sim_text ("8944000000000000977 26201123456789 +491701234567 x2\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8944000000000000977 262011234567890 491701234567 x2\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8944000000000000978 262011234567890 +491701234567 x2\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
  sims = procure_parse_sim_text ("8944000000000000977 262011234567890 +491701234567 x0\n", &error);
  assert_refused (sims != NULL, error, PROCURE_ERROR_INVALID, "sims[1]");
}

/* ---------- codes, addresses, text ---------- */

static void
check_country_file (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *path = "/usr/share/iso-codes/json/iso_3166-1.json";
  JsonArray *entries;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_message ("iso-codes not installed; skipping the cross-check");
      return;
    }
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "3166-1");
  g_assert_cmpuint (json_array_get_length (entries), ==, 249);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_assert_true (procure_country_code_valid (json_object_get_string_member (entry, "alpha_2")));
    }
}

static void
test_validate_codes (void)
{
  static const char * const countries[] = { "DE", "GB", "US", "FR", "AX", "SS", "BQ", NULL };
  static const char * const not_countries[] = { "UK", "EU", "de", "D", "DEU", "", "ZZ", "AA", NULL };

  for (guint i = 0; countries[i] != NULL; i++)
    g_assert_true (procure_country_code_valid (countries[i]));
  /* Kosovo's XK is user-assigned, not officially assigned. */
  g_assert_false (procure_country_code_valid ("XK"));
  for (guint i = 0; not_countries[i] != NULL; i++)
    g_assert_false (procure_country_code_valid (not_countries[i]));
  g_assert_false (procure_country_code_valid (NULL));
  check_country_file ();

  g_assert_true (procure_currency_code_valid ("EUR"));
  g_assert_true (procure_currency_code_valid ("GBP"));
  g_assert_true (procure_currency_code_valid ("JPY"));
  g_assert_true (procure_currency_code_valid ("CHF"));
  g_assert_false (procure_currency_code_valid ("eur"));
  g_assert_false (procure_currency_code_valid ("EURO"));
  g_assert_false (procure_currency_code_valid ("XXX"));
  g_assert_false (procure_currency_code_valid ("ABC"));
  g_assert_false (procure_currency_code_valid (""));
  g_assert_false (procure_currency_code_valid (NULL));
}

static ProcureAddress *
good_address (void)
{
  ProcureAddress *address = procure_address_new ();

  address->name = g_strdup ("Pat Example");
  address->street = g_strdup ("Hafenstraße 1");
  address->city = g_strdup ("Hamburg");
  address->postal_code = g_strdup ("20457");
  address->country = g_strdup ("DE");
  return address;
}

static void
test_validate_address (void)
{
  static const struct {
    gsize       offset;
    const char *field;
  } required[] = {
    { G_STRUCT_OFFSET (ProcureAddress, name), "shipping_address.name" },
    { G_STRUCT_OFFSET (ProcureAddress, street), "shipping_address.street" },
    { G_STRUCT_OFFSET (ProcureAddress, city), "shipping_address.city" },
    { G_STRUCT_OFFSET (ProcureAddress, postal_code), "shipping_address.postal_code" },
    { G_STRUCT_OFFSET (ProcureAddress, country), "shipping_address.country" },
  };
  GError *error = NULL;

  {
    g_autoptr(ProcureAddress) address = good_address ();

    assert_accepted (procure_validate_address (address, "shipping_address", &error), error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autoptr(ProcureAddress) missing = good_address ();
      g_autoptr(ProcureAddress) blank = good_address ();
      char **slot = G_STRUCT_MEMBER_P (missing, required[i].offset);
      char **blank_slot = G_STRUCT_MEMBER_P (blank, required[i].offset);

      g_clear_pointer (slot, g_free);
      assert_refused (procure_validate_address (missing, "shipping_address", &error), error,
                      PROCURE_ERROR_REQUIRED, required[i].field);
      g_free (*blank_slot);
      *blank_slot = g_strdup ("   ");
      assert_refused (procure_validate_address (blank, "shipping_address", &error), error,
                      PROCURE_ERROR_REQUIRED, required[i].field);
    }

  {
    g_autoptr(ProcureAddress) address = good_address ();

    g_free (address->country);
    address->country = g_strdup ("XX");
    assert_refused (procure_validate_address (address, "shipping_address", &error), error,
                    PROCURE_ERROR_INVALID, "shipping_address.country");
    g_free (address->country);
    address->country = g_strdup ("de");
    assert_refused (procure_validate_address (address, "shipping_address", &error), error,
                    PROCURE_ERROR_INVALID, "shipping_address.country");
    g_free (address->country);
    address->country = g_strdup ("DEU");
    assert_refused (procure_validate_address (address, "shipping_address", &error), error,
                    PROCURE_ERROR_TOO_LONG, "shipping_address.country");
    g_free (address->country);
    address->country = g_strdup ("GB");
    address->phone = g_strnfill (PROCURE_MAX_SHORT_LENGTH + 1, '1');
    assert_refused (procure_validate_address (address, "shipping_address", &error), error,
                    PROCURE_ERROR_TOO_LONG, "shipping_address.phone");
    g_free (address->phone);
    address->phone = NULL;
    address->company = g_strnfill (PROCURE_MAX_NAME_LENGTH + 1, 'a');
    assert_refused (procure_validate_address (address, "shipping_address", &error), error,
                    PROCURE_ERROR_TOO_LONG, "shipping_address.company");
  }

  assert_refused (procure_validate_address (NULL, "shipping_address", &error), error,
                  PROCURE_ERROR_REQUIRED, "shipping_address");
}

static void
test_validate_length (void)
{
  g_autofree char *two_hundred = g_strnfill (200, 'a');
  g_autofree char *too_long = g_strnfill (201, 'a');
  GError *error = NULL;

  assert_accepted (procure_validate_length (NULL, 10, "notes", &error), error);
  assert_accepted (procure_validate_length (two_hundred, 200, "notes", &error), error);
  /* Characters, not bytes: four two-byte characters fit in 4. */
  assert_accepted (procure_validate_length ("äöüß", 4, "notes", &error), error);
  assert_refused (procure_validate_length ("äöüßx", 4, "notes", &error), error, PROCURE_ERROR_TOO_LONG, "notes");
  assert_refused (procure_validate_length (too_long, 200, "notes", &error), error, PROCURE_ERROR_TOO_LONG, "notes");
  assert_refused (procure_validate_length ("bad \xff byte", 200, "notes", &error), error, PROCURE_ERROR_INVALID, "notes");
}

/* ---------- dates ---------- */

static void
test_validate_dates (void)
{
  GDate today, parsed;
  GError *error = NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);

  g_assert_true (procure_parse_date ("2026-02-28", &parsed));
  g_assert_cmpint (g_date_get_day (&parsed), ==, 28);
  g_assert_true (procure_parse_date ("2028-02-29", &parsed));
  g_assert_false (procure_parse_date ("2026-02-29", &parsed));
  g_assert_false (procure_parse_date ("2026-02-30", &parsed));
  g_assert_false (procure_parse_date ("2026-13-01", &parsed));
  g_assert_false (procure_parse_date ("2026-00-10", &parsed));
  g_assert_false (procure_parse_date ("2026-1-01", &parsed));
  g_assert_false (procure_parse_date ("26-11-22", &parsed));
  g_assert_false (procure_parse_date ("2026/11/22", &parsed));
  g_assert_false (procure_parse_date ("2026-11-22T00:00:00Z", &parsed));
  g_assert_false (procure_parse_date ("0000-01-01", &parsed));
  g_assert_false (procure_parse_date (NULL, &parsed));

  assert_refused (procure_validate_ship_date ("2026-11-21", &today, "requested_ship_date", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "requested_ship_date");   /* yesterday */
  assert_accepted (procure_validate_ship_date ("2026-11-22", &today, "requested_ship_date", &error), error);
  assert_accepted (procure_validate_ship_date ("2026-11-23", &today, "requested_ship_date", &error), error);
  assert_accepted (procure_validate_ship_date ("2027-11-22", &today, "requested_ship_date", &error), error); /* +365 */
  assert_refused (procure_validate_ship_date ("2027-11-23", &today, "requested_ship_date", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "requested_ship_date");   /* +366 */
  assert_refused (procure_validate_ship_date ("2026-02-30", &today, "requested_ship_date", &error), error,
                  PROCURE_ERROR_INVALID, "requested_ship_date");
  assert_refused (procure_validate_ship_date ("tomorrow", &today, "requested_ship_date", &error), error,
                  PROCURE_ERROR_INVALID, "requested_ship_date");
  assert_refused (procure_validate_ship_date (NULL, &today, "requested_ship_date", &error), error,
                  PROCURE_ERROR_REQUIRED, "requested_ship_date");
}

static void
test_validate_ship_date_local_today (void)
{
  g_autofree char *yesterday = procure_date_today_string (-1);
  g_autofree char *today = procure_date_today_string (0);
  g_autofree char *tomorrow = procure_date_today_string (1);
  g_autofree char *next_year = procure_date_today_string (366);
  GError *error = NULL;

  assert_refused (procure_validate_ship_date (yesterday, NULL, "d", &error), error, PROCURE_ERROR_OUT_OF_RANGE, "d");
  assert_accepted (procure_validate_ship_date (today, NULL, "d", &error), error);
  assert_accepted (procure_validate_ship_date (tomorrow, NULL, "d", &error), error);
  assert_refused (procure_validate_ship_date (next_year, NULL, "d", &error), error, PROCURE_ERROR_OUT_OF_RANGE, "d");
}

/* ---------- quantities, overrides, orders ---------- */

static ProcureProduct *
make_product (const char *id,
              gint64      min,
              gint64      max,
              gint64      multiple)
{
  ProcureProduct *product = procure_product_new ();

  product->id = g_strdup (id);
  product->code = g_strdup (id);
  product->unit_price = 250;
  product->currency = g_strdup ("EUR");
  product->min_quantity = min;
  product->max_quantity = max;
  product->quantity_multiple = multiple;
  return product;
}

static void
test_validate_quantity (void)
{
  g_autoptr(ProcureProduct) product = make_product ("p", 10, 500, 5);
  g_autoptr(ProcureProduct) loose = make_product ("q", 1, 0, 1);
  GError *error = NULL;

  assert_refused (procure_validate_quantity (product, 9, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "lines[0].quantity");   /* min - 1 */
  assert_accepted (procure_validate_quantity (product, 10, "lines[0].quantity", &error), error);   /* min */
  assert_accepted (procure_validate_quantity (product, 500, "lines[0].quantity", &error), error);  /* max */
  assert_refused (procure_validate_quantity (product, 501, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "lines[0].quantity");   /* max + 1 */
  assert_refused (procure_validate_quantity (product, 505, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "lines[0].quantity");
  assert_refused (procure_validate_quantity (product, 12, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_INVALID, "lines[0].quantity");        /* not a multiple of 5 */
  assert_accepted (procure_validate_quantity (product, 15, "lines[0].quantity", &error), error);
  assert_refused (procure_validate_quantity (product, 0, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "lines[0].quantity");
  assert_refused (procure_validate_quantity (product, -10, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "lines[0].quantity");

  /* Without a product maximum, the global one applies. */
  assert_accepted (procure_validate_quantity (loose, PROCURE_MAX_QUANTITY, "q", &error), error);
  assert_refused (procure_validate_quantity (loose, PROCURE_MAX_QUANTITY + 1, "q", &error), error,
                  PROCURE_ERROR_OUT_OF_RANGE, "q");
  assert_accepted (procure_validate_quantity (loose, 1, "q", &error), error);

  product->active = FALSE;
  assert_refused (procure_validate_quantity (product, 10, "lines[0].quantity", &error), error,
                  PROCURE_ERROR_NOT_ALLOWED, "lines[0].quantity");
}

static ProcureAccount *
make_account (gboolean allow_override)
{
  ProcureAccount *account = procure_account_new ();

  account->id = g_strdup ("acme");
  account->currency = g_strdup ("EUR");
  account->allow_default_override = allow_override;
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      g_strfreev (account->entitlements->values[i]);
      account->entitlements->values[i] = g_strsplit ("alpha,beta", ",", -1);
      procure_settings_set (account->defaults, i, "alpha");
    }
  return account;
}

static void
test_validate_overrides (void)
{
  g_autoptr(ProcureAccount) allowing = make_account (TRUE);
  g_autoptr(ProcureAccount) refusing = make_account (FALSE);
  g_autoptr(ProcureSettings) none = procure_settings_new ();
  g_autoptr(ProcureSettings) entitled = procure_settings_new ();
  g_autoptr(ProcureSettings) not_entitled = procure_settings_new ();
  GError *error = NULL;

  procure_settings_set (entitled, PROCURE_SETTING_PRICE_PLAN, "beta");
  procure_settings_set (entitled, PROCURE_SETTING_APN_GROUP, "alpha");
  procure_settings_set (not_entitled, PROCURE_SETTING_ROAMING_PROFILE, "gamma");

  assert_accepted (procure_validate_overrides (allowing, none, "overrides", &error), error);
  assert_accepted (procure_validate_overrides (refusing, none, "overrides", &error), error);
  assert_accepted (procure_validate_overrides (refusing, NULL, "overrides", &error), error);
  assert_accepted (procure_validate_overrides (allowing, entitled, "overrides", &error), error);
  assert_refused (procure_validate_overrides (refusing, entitled, "overrides", &error), error,
                  PROCURE_ERROR_NOT_ALLOWED, "overrides.price_plan");
  assert_refused (procure_validate_overrides (allowing, not_entitled, "overrides", &error), error,
                  PROCURE_ERROR_NOT_ALLOWED, "overrides.roaming_profile");
}

typedef struct {
  GPtrArray *products;
} Catalogue;

static const ProcureProduct *
lookup_product (const char *product_id,
                gpointer    user_data)
{
  Catalogue *catalogue = user_data;

  for (guint i = 0; i < catalogue->products->len; i++)
    {
      ProcureProduct *product = g_ptr_array_index (catalogue->products, i);

      if (g_str_equal (product->id, product_id))
        return product;
    }
  return NULL;
}

static void
add_line (ProcureOrder *order,
          const char   *product_id,
          gint64        quantity)
{
  ProcureOrderLine *line = procure_order_line_new ();

  line->product_id = g_strdup (product_id);
  line->quantity = quantity;
  g_ptr_array_add (order->lines, line);
}

static ProcureOrder *
make_valid_order (void)
{
  ProcureOrder *order = procure_order_new ();

  order->account_id = g_strdup ("acme");
  add_line (order, "p-1", 10);
  add_line (order, "p-2", 100);
  order->shipping_address = good_address ();
  order->requested_ship_date = g_strdup ("2026-12-01");
  return order;
}

static void
test_validate_order (void)
{
  g_autoptr(ProcureAccount) account = make_account (TRUE);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  Catalogue catalogue = { products };
  GDate today;
  GError *error = NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (products, make_product ("p-1", 10, 1000, 10));
  g_ptr_array_add (products, make_product ("p-2", 1, 0, 1));

  {
    g_autoptr(ProcureOrder) order = make_valid_order ();

    assert_accepted (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error);

    g_free (account->currency);
    account->currency = g_strdup ("GBP");
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_INVALID, "lines[0].product_id");
    g_free (account->currency);
    account->currency = g_strdup ("EUR");

    add_line (order, "p-3", 10);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_INVALID, "lines[2].product_id");
    g_ptr_array_remove_index (order->lines, 2);
    add_line (order, "p-1", 10);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_INVALID, "lines[2].product_id");
    g_ptr_array_remove_index (order->lines, 2);

    ((ProcureOrderLine *) g_ptr_array_index (order->lines, 1))->quantity = 0;
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_OUT_OF_RANGE, "lines[1].quantity");
    ((ProcureOrderLine *) g_ptr_array_index (order->lines, 1))->quantity = 5;

    g_clear_pointer (&order->shipping_address->city, g_free);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_REQUIRED, "shipping_address.city");
    /* A draft is saved with what it has, but what it has is checked. */
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error,
                    PROCURE_ERROR_REQUIRED, "shipping_address.city");
    g_clear_pointer (&order->shipping_address, procure_address_free);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_REQUIRED, "shipping_address");
    assert_accepted (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error);
    order->shipping_address = good_address ();

    g_free (order->requested_ship_date);
    order->requested_ship_date = g_strdup ("2026-11-01");
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error,
                    PROCURE_ERROR_OUT_OF_RANGE, "requested_ship_date");
    g_clear_pointer (&order->requested_ship_date, g_free);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_REQUIRED, "requested_ship_date");
    assert_accepted (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error);
    order->requested_ship_date = g_strdup ("2026-12-01");

    procure_settings_set (order->overrides, PROCURE_SETTING_SERVICE_PROFILE, "omega");
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error,
                    PROCURE_ERROR_NOT_ALLOWED, "overrides.service_profile");
    procure_settings_set (order->overrides, PROCURE_SETTING_SERVICE_PROFILE, "beta");

    order->notes = g_strnfill (PROCURE_MAX_NOTES_LENGTH + 1, 'n');
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error,
                    PROCURE_ERROR_TOO_LONG, "notes");
    g_clear_pointer (&order->notes, g_free);
    assert_accepted (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error);

    g_ptr_array_set_size (order->lines, 0);
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, TRUE, &error), error,
                    PROCURE_ERROR_REQUIRED, "lines");
    assert_accepted (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error);
  }

  {
    g_autoptr(ProcureOrder) order = make_valid_order ();

    g_ptr_array_set_size (order->lines, 0);
    for (guint i = 0; i <= PROCURE_MAX_LINES; i++)
      {
        g_autofree char *id = g_strdup_printf ("x-%u", i);

        add_line (order, id, 1);
      }
    assert_refused (procure_validate_order (order, account, lookup_product, &catalogue, &today, FALSE, &error), error,
                    PROCURE_ERROR_TOO_LONG, "lines");
  }
}

static void
test_validate_action_request (void)
{
  g_autoptr(ProcureOrder) order = procure_order_new ();
  g_autoptr(ProcureActionRequest) request = procure_action_request_new ();
  GError *error = NULL;

  add_line (order, "p-1", 1);
  add_line (order, "p-2", 1);

  assert_refused (procure_action_request_validate (PROCURE_ACTION_REJECT, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "comment");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_REQUEST_INFO, NULL, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "comment");
  request->comment = g_strdup ("  ");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_REJECT, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "comment");
  g_free (request->comment);
  request->comment = g_strdup ("Which cost centre?");
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_REQUEST_INFO, request, order, &error), error);
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_APPROVE, NULL, order, &error), error);
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_SUBMIT, request, order, &error), error);
  g_free (request->comment);
  request->comment = g_strnfill (PROCURE_MAX_NOTES_LENGTH + 1, 'c');
  assert_refused (procure_action_request_validate (PROCURE_ACTION_APPROVE, request, order, &error), error,
                  PROCURE_ERROR_TOO_LONG, "comment");
  g_clear_pointer (&request->comment, g_free);

  assert_refused (procure_action_request_validate (PROCURE_ACTION_ACCEPT, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "number");
  request->number = g_strdup ("PO42");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_ACCEPT, request, order, &error), error,
                  PROCURE_ERROR_INVALID, "number");
  g_free (request->number);
  request->number = g_strdup ("4500000042");
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_ACCEPT, request, order, &error), error);

  assert_refused (procure_action_request_validate (PROCURE_ACTION_READY, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "sims");
  request->sims = sims_of ("8949020000123456788", NULL, NULL, NULL);
  assert_refused (procure_action_request_validate (PROCURE_ACTION_READY, request, order, &error), error,
                  PROCURE_ERROR_INVALID, "sims");
  g_ptr_array_unref (request->sims);
  request->sims = sims_of ("8949020000123456788", NULL, NULL, "89014103211118510720", NULL, NULL, NULL);
  assert_refused (procure_action_request_validate (PROCURE_ACTION_READY, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "sims[0].imsi");
  g_ptr_array_unref (request->sims);
  request->sims = sims_of ("8949020000123456788", "262011234567890", "+491701234567",
                           "89014103211118510720", "262011234567891", "+491701234568", NULL);
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_READY, request, order, &error), error);

  assert_refused (procure_action_request_validate (PROCURE_ACTION_SHIP, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "carrier");
  request->carrier = g_strdup ("DHL");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_SHIP, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "tracking_number");
  request->tracking_number = g_strdup ("JD014600006281230521");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_SHIP, request, order, &error), error,
                  PROCURE_ERROR_REQUIRED, "shipped_at");
  request->shipped_at = g_strdup ("2026-02-30");
  assert_refused (procure_action_request_validate (PROCURE_ACTION_SHIP, request, order, &error), error,
                  PROCURE_ERROR_INVALID, "shipped_at");
  g_free (request->shipped_at);
  request->shipped_at = g_strdup ("2026-11-20");
  assert_accepted (procure_action_request_validate (PROCURE_ACTION_SHIP, request, order, &error), error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validate/luhn", test_validate_luhn);
  g_test_add_func ("/core/validate/iccid", test_validate_iccid);
  g_test_add_func ("/core/validate/imsi-msisdn", test_validate_imsi_msisdn);
  g_test_add_func ("/core/validate/po-number", test_validate_po_number);
  g_test_add_func ("/core/validate/iccid-range", test_validate_iccid_range);
  g_test_add_func ("/core/validate/parse-sim-text", test_validate_parse_sim_text);
  g_test_add_func ("/core/validate/sims", test_validate_sims);
  g_test_add_func ("/core/validate/parse-sim-range", test_validate_parse_sim_range);
  g_test_add_func ("/core/validate/codes", test_validate_codes);
  g_test_add_func ("/core/validate/address", test_validate_address);
  g_test_add_func ("/core/validate/length", test_validate_length);
  g_test_add_func ("/core/validate/dates", test_validate_dates);
  g_test_add_func ("/core/validate/ship-date-local-today", test_validate_ship_date_local_today);
  g_test_add_func ("/core/validate/quantity", test_validate_quantity);
  g_test_add_func ("/core/validate/overrides", test_validate_overrides);
  g_test_add_func ("/core/validate/order", test_validate_order);
  g_test_add_func ("/core/validate/action-request", test_validate_action_request);

  return g_test_run ();
}
