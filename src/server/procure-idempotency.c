/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-http-error.h"
#include "procure-idempotency.h"

#define MAX_KEY 200

static const char *
request_key (ProcureRequest *request)
{
  return procure_request_header (request, "Idempotency-Key");
}

static char *
request_hash (ProcureRequest *request)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *method = soup_server_message_get_method (request->msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (request->msg));
  gsize size = 0;
  const guchar *body = request->raw_body ? g_bytes_get_data (request->raw_body, &size) : NULL;

  g_checksum_update (checksum, (const guchar *) method, -1);
  g_checksum_update (checksum, (const guchar *) " ", 1);
  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  if (size > 0)
    g_checksum_update (checksum, body, (gssize) size);
  return g_strdup (g_checksum_get_string (checksum));
}

/* The ETag of a replayed order (its "version"), if the answer is one. */
static void
replay (ProcureRequest           *request,
        const ProcureIdempotency *record)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autoptr(JsonNode) node = procure_json_parse (record->response, -1, NULL);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node)
      && json_object_has_member (json_node_get_object (node), "version")
      && json_object_has_member (json_node_get_object (node), "history"))
    {
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                               json_object_get_int_member (json_node_get_object (node), "version"));
      soup_message_headers_replace (headers, "ETag", etag);
    }
  soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
  soup_server_message_set_status (request->msg, record->status, NULL);
  soup_server_message_set_response (request->msg, "application/json", SOUP_MEMORY_COPY,
                                    record->response, strlen (record->response));
}

gboolean
procure_idempotency_key_check (const char *key,
                               GError    **error)
{
  if (key == NULL)
    return TRUE;
  if (*key == '\0' || strlen (key) > MAX_KEY)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "Idempotency-Key",
                         "An Idempotency-Key has 1 to %d characters", MAX_KEY);
      return FALSE;
    }
  for (const char *c = key; *c != '\0'; c++)
    if (!g_ascii_isgraph (*c))
      {
        /* Keys are opaque tokens (a UUID, say): printable ASCII only, so a
         * stored key can always be shown and compared byte for byte. */
        procure_set_error (error, PROCURE_ERROR_MALFORMED, "Idempotency-Key",
                           "An Idempotency-Key is printable ASCII without spaces");
        return FALSE;
      }
  return TRUE;
}

gboolean
procure_idempotency_begin (ProcureRequest *request,
                           char          **hash,
                           GError        **error)
{
  ProcureStore *store = request->service->store;
  const char *key = request_key (request);
  g_autoptr(ProcureIdempotency) record = NULL;

  *hash = NULL;
  if (key == NULL || store->vtable->idempotency_put == NULL)
    return TRUE;
  if (!procure_idempotency_key_check (key, error))
    return FALSE;
  *hash = request_hash (request);
  record = store->vtable->idempotency_get (store, request->user->id, key, NULL);
  if (record == NULL)
    return TRUE;
  if (g_strcmp0 (record->body_hash, *hash) != 0)
    {
      procure_http_set_error (error, 422, "This Idempotency-Key was used with another request");
      return FALSE;
    }
  replay (request, record);
  return FALSE;
}

void
procure_idempotency_finish (ProcureRequest *request,
                            const char     *hash,
                            gboolean        recorded)
{
  ProcureStore *store = request->service->store;
  guint status = soup_server_message_get_status (request->msg);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data;

  if (hash == NULL || recorded)
    return;
  if (status < 200 || status >= 300)
    {
      /* Two servers ran the same keyed request at once; the one that lost
       * (its record collided, or its If-Match went stale) answers what the
       * winner answered. */
      g_autoptr(ProcureIdempotency) record =
        store->vtable->idempotency_get (store, request->user->id, request_key (request), NULL);

      if (record != NULL && g_strcmp0 (record->body_hash, hash) == 0)
        replay (request, record);
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_response_body (request->msg));
  data = g_bytes_get_data (body, &size);
  text = g_strndup (data ? data : "", size);
  if (!store->vtable->idempotency_put (store, request->user->id, request_key (request), hash,
                                       status, text, &error))
    g_message ("Could not store an idempotency record: %s", error->message);
}
