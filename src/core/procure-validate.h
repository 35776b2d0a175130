/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-validate.h: field-precise validation.
 *
 * Every function takes the JSON path of the value it checks (@field) and, on
 * failure, sets a PROCURE_ERROR carrying that path (procure_error_get_field()).
 */
#pragma once

#include "procure-types.h"
#include "procure-requests.h"

G_BEGIN_DECLS

/* Limits shared by server and client. */
#define PROCURE_MAX_LINES          100
#define PROCURE_MAX_NAME_LENGTH    200   /* names, streets, cities, companies */
#define PROCURE_MAX_SHORT_LENGTH   64    /* codes, postal codes, phone, carrier, tracking */
#define PROCURE_MAX_NOTES_LENGTH   4000  /* notes and comments */
#define PROCURE_MAX_QUANTITY       1000000

/* ICCID: 19 or 20 digits whose last digit is the Luhn check digit. */
gboolean procure_validate_iccid    (const char *iccid,  const char *field, GError **error);
/* IMSI: exactly 15 digits. */
gboolean procure_validate_imsi     (const char *imsi,   const char *field, GError **error);
/* MSISDN: E.164, '+' then 8 to 15 digits, not starting with 0. */
gboolean procure_validate_msisdn   (const char *msisdn, const char *field, GError **error);
/* PO number: 1 to 18 digits. */
gboolean procure_validate_po_number (const char *number, const char *field, GError **error);

/* The Luhn check digit (0..9) for the digits in @payload (no check digit). */
int      procure_luhn_check_digit  (const char *payload);
gboolean procure_luhn_valid        (const char *digits);

/* Expands a first ICCID and a count into @count consecutive ICCIDs (the
 * payload incremented, each with its own check digit). NULL and @error set if
 * @first is not a valid ICCID, @count is out of 1..100000, or the payload
 * overflows its length. */
GStrv    procure_iccid_range       (const char *first,
                                    guint       count,
                                    GError    **error);

/* Parses text pasted or scanned by an agent: one SIM per line, "ICCID IMSI
 * MSISDN" (separated by spaces, commas, semicolons or tabs; IMSI and MSISDN
 * may be left out here, procure_validate_sims() then reports them missing),
 * or a range line "FIRST_ICCID IMSI MSISDN xCOUNT" (or +COUNT) whose ICCID
 * payload, IMSI and MSISDN all count up by one per SIM, or "FIRST xCOUNT"
 * (ICCIDs only). Blank lines are skipped. Returns an array of ProcureSim
 * (imsi and msisdn NULL where not given). Every ICCID, IMSI and MSISDN is
 * format-checked; a range whose IMSI or MSISDN would outgrow its digit count
 * is refused. Errors name the line as field "sims[LINE]", LINE being the
 * 1-based line number in @text (what the user sees next to the text view).
 * "+COUNT" is a count only with at most 6 digits, so "ICCID +4917..." is an
 * ICCID and an IMSI-less MSISDN error, never a range. Does not check
 * duplicates (see procure_validate_sims()). */
GPtrArray *procure_parse_sim_text  (const char *text,
                                    GError    **error);

/* Checks an array of ProcureSim for READY: every SIM has a valid ICCID, IMSI
 * and MSISDN (a missing one is PROCURE_ERROR_REQUIRED), no duplicate ICCID,
 * IMSI or MSISDN, and exactly @expected entries. Errors name
 * "sims[i].iccid" etc. (0-based, as in the JSON body); a wrong count names
 * @field itself. */
gboolean procure_validate_sims     (GPtrArray  *sims,
                                    gint64      expected,
                                    const char *field,
                                    GError    **error);

/* ISO 3166-1 alpha-2 (the officially assigned codes). */
gboolean procure_country_code_valid (const char *code);
/* ISO 4217 alphabetic code this project knows, and its minor-unit digits. */
gboolean procure_currency_code_valid (const char *code);

/* Required name, street, city, postal_code, country; lengths; country code.
 * @field is the prefix ("shipping_address"). */
gboolean procure_validate_address  (const ProcureAddress *address,
                                    const char           *field,
                                    GError              **error);

/* YYYY-MM-DD, a real date, not before @today (if @today is NULL: the local
 * date now) and not more than a year (365 days) after it. Missing: REQUIRED;
 * not a date: INVALID; outside the window: OUT_OF_RANGE. */
gboolean procure_validate_ship_date (const char  *date,
                                     const GDate *today,
                                     const char  *field,
                                     GError     **error);

/* Parses a YYYY-MM-DD string strictly; FALSE if it is not a real date. */
gboolean procure_parse_date        (const char *str,
                                    GDate      *out);

/* @quantity against the product's minimum, maximum and pack multiple, and the
 * product being active. A max_quantity <= 0 means "no product maximum"
 * (PROCURE_MAX_QUANTITY still applies). Inactive: NOT_ALLOWED; outside the
 * bounds: OUT_OF_RANGE; not a multiple: INVALID. */
gboolean procure_validate_quantity (const ProcureProduct *product,
                                    gint64                quantity,
                                    const char           *field,
                                    GError              **error);

/* Each set override: the account must allow overrides, and the value must be
 * in the account's entitlements. @field is the prefix ("overrides"). */
gboolean procure_validate_overrides (const ProcureAccount  *account,
                                     const ProcureSettings *overrides,
                                     const char            *field,
                                     GError               **error);

/* A string's length in characters within @max (NULL passes) and valid UTF-8. */
gboolean procure_validate_length   (const char *value,
                                    gsize       max,
                                    const char *field,
                                    GError    **error);

/* Looks a product up by id for order validation; NULL if the product does
 * not exist or is not assigned to the account. */
typedef const ProcureProduct *(*ProcureProductLookup) (const char *product_id,
                                                       gpointer    user_data);

/* The whole order as it would be submitted: at least one line and at most
 * PROCURE_MAX_LINES, no product twice, every product assigned and every
 * quantity valid, a complete shipping address, a feasible requested date,
 * overrides allowed and entitled, notes within limits. Drafts may be saved
 * incomplete: with @for_submit FALSE only what is present is checked. */
gboolean procure_validate_order    (const ProcureOrder    *order,
                                    const ProcureAccount  *account,
                                    ProcureProductLookup   lookup,
                                    gpointer               lookup_data,
                                    const GDate           *today,
                                    gboolean               for_submit,
                                    GError               **error);

/* The body of an action: a comment for reject and request_info (non-empty,
 * within limits), a valid number for accept, the SIMs for ready (see
 * procure_validate_sims() with the order's SIM quantity), carrier, tracking
 * number and a valid shipped_at date for ship. */
gboolean procure_action_request_validate (ProcureAction                action,
                                          const ProcureActionRequest  *request,
                                          const ProcureOrder          *order,
                                          GError                     **error);

G_END_DECLS
