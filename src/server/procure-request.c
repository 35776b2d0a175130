/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-http-error.h"
#include "procure-request.h"

void
procure_request_free (ProcureRequest *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->msg);
  g_clear_pointer (&self->user, procure_user_free);
  g_clear_pointer (&self->token, g_free);
  for (guint i = 0; i < PROCURE_MAX_PARAMS; i++)
    g_free (self->params[i]);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->body, json_node_unref);
  g_clear_pointer (&self->raw_body, g_bytes_unref);
  g_free (self);
}

const char *
procure_request_query (ProcureRequest *self,
                       const char     *name)
{
  const char *value = self->query ? g_hash_table_lookup (self->query, name) : NULL;

  /* An empty filter is no filter. */
  return value != NULL && *value != '\0' ? value : NULL;
}

const char *
procure_request_header (ProcureRequest *self,
                        const char     *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (self->msg), name);
}

gboolean
procure_request_limit (ProcureRequest *self,
                       guint          *out,
                       GError        **error)
{
  const char *text = procure_request_query (self, "limit");
  guint64 value;

  *out = PROCURE_DEFAULT_PAGE_SIZE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &value, NULL))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "limit", "limit must be a positive number");
      return FALSE;
    }
  *out = (guint) MIN (value, PROCURE_MAX_PAGE_SIZE);
  return TRUE;
}

void
procure_message_reply_json (SoupServerMessage *msg,
                            guint              status,
                            JsonNode          *node)
{
  g_autoptr(JsonNode) owned = node;
  char *text = procure_json_to_string (owned);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

void
procure_message_reply_error (SoupServerMessage *msg,
                             const GError      *error)
{
  guint status = procure_http_status_for_error (error);

  if (status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", g_object_get_data (G_OBJECT (msg), "procure-retry-after"));
  if (status == 401)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer");
  procure_message_reply_json (msg, status, procure_http_error_to_json (error));
}

void
procure_request_reply (ProcureRequest *self,
                       guint           status,
                       JsonNode       *node)
{
  procure_message_reply_json (self->msg, status, node);
}

void
procure_request_reply_order (ProcureRequest     *self,
                             guint               status,
                             const ProcureOrder *order)
{
  procure_request_reply_order_doc (self, status, order->id, order->version,
                                   procure_order_to_text (order));
}

void
procure_request_reply_order_doc (ProcureRequest *self,
                                 guint           status,
                                 const char     *id,
                                 gint64          version,
                                 char           *doc)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (self->msg);
  char etag[32];

  g_snprintf (etag, sizeof etag, "\"%" G_GINT64_FORMAT "\"", version);
  soup_message_headers_replace (headers, "ETag", etag);
  if (status == 201)
    {
      g_autofree char *location = g_strdup_printf ("/api/v1/orders/%s", id);
      soup_message_headers_replace (headers, "Location", location);
    }
  soup_server_message_set_status (self->msg, status, NULL);
  soup_server_message_set_response (self->msg, "application/json", SOUP_MEMORY_TAKE,
                                    doc, strlen (doc));
}

void
procure_request_reply_list (ProcureRequest *self,
                            GPtrArray      *items,
                            JsonNode     *(*encode) (gconstpointer item, gpointer data),
                            gpointer        data,
                            const char     *next)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, encode (g_ptr_array_index (items, i), data));
  json_object_set_array_member (object, "items", array);
  if (next != NULL)
    json_object_set_string_member (object, "next", next);
  else
    json_object_set_null_member (object, "next");
  procure_request_reply (self, 200, procure_node_take_object (object));
}

void
procure_request_fail (ProcureRequest *self,
                      const GError   *error)
{
  procure_message_reply_error (self->msg, error);
}
