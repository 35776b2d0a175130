/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Orders, SIMs and the changes feed: decode, call the service, encode. */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-handlers.h"
#include "procure-idempotency.h"

#define DEFAULT_CHANGES_LIMIT 100
#define MAX_CHANGES_LIMIT     500

static JsonNode *
encode_order (gconstpointer item,
              gpointer      user_data)
{
  return procure_order_to_json (item);
}

static JsonNode *
encode_sim (gconstpointer item,
            gpointer      user_data)
{
  return procure_sim_to_json (item);
}

static void
reply_order (ProcureRequest *request,
             guint           status,
             ProcureOrder   *order,
             const GError   *error)
{
  if (order == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_order (request, status, order);
}

static gboolean
require_body (ProcureRequest *request,
              GError        **error)
{
  if (request->body != NULL)
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "Send a JSON object");
  return FALSE;
}

void
procure_handle_orders (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *next = NULL;
  ProcureOrderQuery query = {
    .account_id = procure_request_query (request, "account_id"),
    .status = procure_request_query (request, "status"),
    .q = procure_request_query (request, "q"),
    .cursor = procure_request_query (request, "cursor"),
  };

  if (!procure_request_limit (request, &query.limit, &error)
      || (orders = procure_service_orders (request->service, request->user, &query, &next, &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_list (request, orders, encode_order, NULL, next);
}

/* Answers a replayed creation with the stored first response. */
static void
reply_replay (ProcureRequest *request,
              const char     *stored)
{
  g_autoptr(JsonNode) node = procure_json_parse (stored, -1, NULL);
  g_autoptr(ProcureOrder) order = NULL;

  if (node != NULL)
    order = procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, NULL);
  if (order != NULL)
    {
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", order->version);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "ETag", etag);
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Idempotent-Replayed", "true");
  procure_request_reply (request, 201, g_steal_pointer (&node));
}

void
procure_handle_order_create (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureOrderRequest) body = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *replay = NULL;
  char *doc = NULL;
  const char *key = procure_request_header (request, "Idempotency-Key");

  if (!procure_idempotency_key_check (key, &error) || !require_body (request, &error)
      || (body = procure_order_request_from_json (request->body, &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, request->raw_body);
  order = procure_service_order_create (request->service, request->user, body, key, hash,
                                        &replay, &doc, &error);
  if (replay != NULL)
    {
      reply_replay (request, replay);
      return;
    }
  if (order == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  /* The stored document is the answer: the order is not encoded twice. */
  procure_request_reply_order_doc (request, 201, order->id, order->version, doc);
}

/* The stored document is the order's wire encoding: answering it as is
 * spares decoding and encoding the whole order on the busiest read. */
void
procure_handle_order (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureStoredOrder) stored =
    procure_service_order_doc (request->service, request->user, request->params[0], &error);

  if (stored == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_order_doc (request, 200, request->params[0], stored->version,
                                   g_steal_pointer (&stored->doc));
}

void
procure_handle_order_update (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureOrderRequest) body = NULL;
  g_autoptr(ProcureOrder) order = NULL;

  if (!require_body (request, &error)
      || (body = procure_order_request_from_json (request->body, &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  order = procure_service_order_update (request->service, request->user, request->params[0],
                                        procure_request_header (request, "If-Match"), body, &error);
  reply_order (request, 200, order, error);
}

void
procure_handle_order_action (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureActionRequest) body = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  ProcureAction action = procure_action_from_string (request->params[1]);

  if (action == PROCURE_ACTION_INVALID)
    procure_set_error (&error, PROCURE_ERROR_NOT_FOUND, "action", "No such action");
  else if (request->body == NULL)
    body = procure_action_request_new ();
  else
    body = procure_action_request_from_json (request->body, &error);
  if (body == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  order = procure_service_order_act (request->service, request->user, request->params[0], action,
                                     procure_request_header (request, "If-Match"), body, &error);
  reply_order (request, 200, order, error);
}

void
procure_handle_order_comment (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCommentRequest) body = NULL;
  g_autoptr(ProcureOrder) order = NULL;

  if (!require_body (request, &error)
      || (body = procure_comment_request_from_json (request->body, &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  order = procure_service_order_comment (request->service, request->user, request->params[0],
                                         body, &error);
  reply_order (request, 201, order, error);
}

static void
reply_sims (ProcureRequest  *request,
            ProcureSimQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sims = NULL;
  g_autofree char *next = NULL;

  query->cursor = procure_request_query (request, "cursor");
  query->q = procure_request_query (request, "q");
  if (!procure_request_limit (request, &query->limit, &error)
      || (sims = procure_service_sims (request->service, request->user, query, &next, &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_list (request, sims, encode_sim, NULL, next);
}

void
procure_handle_order_sims (ProcureRequest *request)
{
  ProcureSimQuery query = { .order_id = request->params[0] };

  reply_sims (request, &query);
}

void
procure_handle_sims (ProcureRequest *request)
{
  ProcureSimQuery query = {
    .account_id = procure_request_query (request, "account_id"),
    .order_id = procure_request_query (request, "order_id"),
    .product_id = procure_request_query (request, "product_id"),
  };

  reply_sims (request, &query);
}

static gboolean
parse_number (const char *text,
              guint64     min,
              guint64     max,
              guint64     fallback,
              const char *field,
              guint64    *out,
              GError    **error)
{
  *out = fallback;
  if (text == NULL || g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_INVALID, field, "%s must be a number", field);
  return FALSE;
}

void
procure_handle_changes (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonNode *page;
  guint64 since, limit;

  if (!parse_number (procure_request_query (request, "since"), 0, G_MAXINT64, 0, "since",
                     &since, &error)
      || !parse_number (procure_request_query (request, "limit"), 1, G_MAXUINT32,
                        DEFAULT_CHANGES_LIMIT, "limit", &limit, &error)
      || (page = procure_service_changes (request->service, request->user, (gint64) since,
                                          (guint) MIN (limit, MAX_CHANGES_LIMIT), &error)) == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply (request, 200, page);
}
