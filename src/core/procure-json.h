/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-json.h: JSON codecs for every domain type, with exactly the member
 * names of the wire contract (../shared/DESIGN.md, data/openapi.yaml).
 *
 * Two decoding modes:
 *  - PROCURE_JSON_STRICT (the server decoding a request): unknown members and
 *    mistyped members are refused (PROCURE_ERROR_MALFORMED naming the field).
 *  - PROCURE_JSON_LENIENT (the client decoding a response): mistyped members
 *    are refused, unknown members ignored, so an older app keeps working with
 *    a newer server.
 * Missing members decode as their empty value; required members are checked
 * by the validators, not the decoders.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "procure-types.h"
#include "procure-requests.h"

G_BEGIN_DECLS

typedef enum {
  PROCURE_JSON_STRICT,
  PROCURE_JSON_LENIENT,
} ProcureJsonMode;

/* Limits for parsing untrusted text. */
#define PROCURE_JSON_MAX_DEPTH 16

/* Parses @data (need not be NUL-terminated) into a node. Refuses invalid
 * UTF-8, invalid JSON and nesting deeper than PROCURE_JSON_MAX_DEPTH with
 * PROCURE_ERROR_MALFORMED. */
JsonNode *procure_json_parse       (const char *data,
                                    gssize      length,
                                    GError    **error);
/* Compact serialisation. */
char     *procure_json_to_string   (JsonNode   *node);

/* Encoders: return a new JSON object node. */
JsonNode *procure_settings_to_json     (const ProcureSettings     *settings);   /* nulls for unset */
JsonNode *procure_entitlements_to_json (const ProcureEntitlements *entitlements);
JsonNode *procure_address_to_json      (const ProcureAddress      *address);
JsonNode *procure_user_to_json         (const ProcureUser         *user);
JsonNode *procure_account_to_json      (const ProcureAccount      *account);
JsonNode *procure_product_to_json      (const ProcureProduct      *product);
JsonNode *procure_order_to_json        (const ProcureOrder        *order);
JsonNode *procure_sim_to_json          (const ProcureSim          *sim);
JsonNode *procure_shipment_to_json     (const ProcureShipment     *shipment);
JsonNode *procure_comment_to_json      (const ProcureComment      *comment);
/* The same as text, written directly (what procure_json_to_string() would
 * print of the node, but cheaper): for documents that are stored or sent. */
char     *procure_account_to_text      (const ProcureAccount      *account);
char     *procure_product_to_text      (const ProcureProduct      *product);
char     *procure_order_to_text        (const ProcureOrder        *order);
char     *procure_sim_to_text          (const ProcureSim          *sim);

/* Decoders. @field is the JSON path prefix for error messages (NULL = root). */
ProcureSettings     *procure_settings_from_json     (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureEntitlements *procure_entitlements_from_json (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureAddress      *procure_address_from_json      (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureUser         *procure_user_from_json         (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureAccount      *procure_account_from_json      (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureProduct      *procure_product_from_json      (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureOrder        *procure_order_from_json        (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureSim          *procure_sim_from_json          (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
ProcureComment      *procure_comment_from_json      (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);

/* Request decoders (always strict). The order request refuses every member
 * but account_id, lines (only product_id and quantity), shipping_address,
 * address_id, requested_ship_date, overrides and notes: a client sending
 * "status", "total", "unit_price", ... gets MALFORMED naming that member.
 * has_* is TRUE when the member is present, even as null; a null overrides
 * gives all-unset settings. The action request's sims are only
 * {"iccid", "imsi", "msisdn"}; request->sims stays NULL when absent. */
ProcureLoginRequest   *procure_login_request_from_json   (JsonNode *node, GError **error);
ProcureOrderRequest   *procure_order_request_from_json   (JsonNode *node, GError **error);
ProcureActionRequest  *procure_action_request_from_json  (JsonNode *node, GError **error);
ProcureCommentRequest *procure_comment_request_from_json (JsonNode *node, GError **error);

/* Request encoders (the client's side). The order request carries only the
 * members whose has_* flag is set (account_id and address_id when non-NULL),
 * so the same encoder serves POST and PATCH. */
JsonNode *procure_order_request_to_json  (const ProcureOrderRequest  *request);
JsonNode *procure_action_request_to_json (const ProcureActionRequest *request);

/* The error shape {"error": {"code", "message", "field"}}; "field" is null
 * when there is none. */
JsonNode *procure_error_to_json    (const char *code,
                                    const char *message,
                                    const char *field);
/* From a PROCURE_ERROR (any other domain becomes "internal"). */
JsonNode *procure_gerror_to_json   (const GError *error);

G_END_DECLS
