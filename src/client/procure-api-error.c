/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PROCURE_API_ERROR domain is an extended GError domain: each error
 * carries the HTTP status and the server's code and field beside the message.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-api.h"
#include "procure-api-private.h"

typedef struct {
  guint  http_status;
  char  *server_code;
  char  *field;
  char  *certificate_pem;
  guint  flags;   /* PROCURE_API_ERROR_FLAG_* */
} ProcureApiErrorPrivate;

static void
procure_api_error_private_init (ProcureApiErrorPrivate *priv)
{
  priv->http_status = 0;
}

static void
procure_api_error_private_copy (const ProcureApiErrorPrivate *src,
                                ProcureApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->field = g_strdup (src->field);
  dest->certificate_pem = g_strdup (src->certificate_pem);
  dest->flags = src->flags;
}

static void
procure_api_error_private_clear (ProcureApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->certificate_pem, g_free);
}

G_DEFINE_EXTENDED_ERROR (ProcureApiError, procure_api_error)

static ProcureApiErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != PROCURE_API_ERROR)
    return NULL;
  return procure_api_error_get_private (error);
}

guint
procure_api_error_get_http_status (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv ? priv->http_status : 0;
}

const char *
procure_api_error_get_server_code (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv ? priv->server_code : NULL;
}

const char *
procure_api_error_get_field (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv ? priv->field : NULL;
}

const char *
procure_api_error_get_certificate_pem (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv ? priv->certificate_pem : NULL;
}

gboolean
procure_api_error_get_certificate_changed (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv != NULL && (priv->flags & PROCURE_API_ERROR_FLAG_CERTIFICATE_CHANGED) != 0;
}

gboolean
procure_api_error_is_plain_http_to_tls (const GError *error)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  return priv != NULL && (priv->flags & PROCURE_API_ERROR_FLAG_PLAIN_HTTP_TO_TLS) != 0;
}

gboolean
procure_api_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != PROCURE_API_ERROR)
    return FALSE;
  return error->code == PROCURE_API_ERROR_NETWORK ||
         error->code == PROCURE_API_ERROR_RATE_LIMITED ||
         error->code == PROCURE_API_ERROR_SERVER;
}

ProcureApiError
procure_api_error_code_for_status (guint status)
{
  switch (status)
    {
    case 401: return PROCURE_API_ERROR_UNAUTHORIZED;
    case 403: return PROCURE_API_ERROR_FORBIDDEN;
    case 404: return PROCURE_API_ERROR_NOT_FOUND;
    case 409: return PROCURE_API_ERROR_CONFLICT;
    case 412: return PROCURE_API_ERROR_PRECONDITION;
    case 429: return PROCURE_API_ERROR_RATE_LIMITED;
    default:
      return status >= 500 ? PROCURE_API_ERROR_SERVER : PROCURE_API_ERROR_BAD_REQUEST;
    }
}

GError *
procure_api_error_new_full (ProcureApiError  code,
                            guint            http_status,
                            const char      *server_code,
                            const char      *field,
                            const char      *message)
{
  GError *error = g_error_new_literal (PROCURE_API_ERROR, code, message);
  ProcureApiErrorPrivate *priv = procure_api_error_get_private (error);

  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->field = g_strdup (field);
  return error;
}

void
procure_api_error_set_certificate_pem (GError     *error,
                                       const char *pem)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->certificate_pem);
  priv->certificate_pem = g_strdup (pem);
}

void
procure_api_error_add_flags (GError *error,
                             guint   flags)
{
  ProcureApiErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  priv->flags |= flags;
}

/* Builds the error for a non-2xx response from its status and, when the body
 * has the standard error shape, the server's code, message and field. */
GError *
procure_api_error_from_response (guint     status,
                                 JsonNode *body)
{
  const char *code = NULL, *message = NULL, *field = NULL;
  g_autofree char *fallback = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *root = json_node_get_object (body);
      JsonNode *err_node = json_object_get_member (root, "error");
      JsonObject *err = err_node && JSON_NODE_HOLDS_OBJECT (err_node) ? json_node_get_object (err_node) : NULL;

      if (err != NULL)
        {
          code = json_object_get_string_member_with_default (err, "code", NULL);
          message = json_object_get_string_member_with_default (err, "message", NULL);
          field = json_object_get_string_member_with_default (err, "field", NULL);
        }
    }

  if (message == NULL)
    message = fallback = g_strdup_printf ("HTTP %u %s", status, soup_status_get_phrase (status));

  return procure_api_error_new_full (procure_api_error_code_for_status (status),
                                     status, code, field, message);
}
