/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service's clock, actors and sessions. A session token is 32 random
 * bytes given to the client in base64url; the database keeps only its
 * SHA-256, so a leaked database does not leak usable tokens.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <sodium.h>

#include "procure-http-error.h"
#include "procure-service.h"

#define TOKEN_BYTES 32

JsonNode *
procure_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

char *
procure_service_now (ProcureService *self)
{
  if (self->clock != NULL)
    return procure_time_format (self->clock);
  return procure_time_now_string ();
}

void
procure_service_today (ProcureService *self,
                       GDate          *out)
{
  g_autoptr(GDateTime) now = self->clock ? g_date_time_ref (self->clock) : g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

void
procure_service_actor (const ProcureUser *user,
                       ProcureActor      *out)
{
  out->user_id = user->id;
  out->role = user->role;
  out->account_id = user->account_id;
}

gboolean
procure_service_is_staff (const ProcureUser *user)
{
  return user->role == PROCURE_ROLE_AGENT || user->role == PROCURE_ROLE_ADMIN;
}

char *
procure_service_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

ProcureUser *
procure_service_authenticate (ProcureService *self,
                              const char     *token,
                              GError        **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(GError) local_error = NULL;
  ProcureUser *user;

  if (token == NULL || *token == '\0')
    {
      procure_http_set_error (error, 401, "Sign in first: send Authorization: Bearer <token>");
      return NULL;
    }
  hash = procure_service_token_hash (token);
  user = procure_store_session_user (self->store, hash, g_get_real_time () / G_USEC_PER_SEC,
                                     &local_error);
  if (user == NULL && g_error_matches (local_error, PROCURE_ERROR, PROCURE_ERROR_NOT_FOUND))
    procure_http_set_error (error, 401, "The session is unknown or has expired");
  else if (user == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return user;
}

char *
procure_service_open_session (ProcureService    *self,
                              const ProcureUser *user,
                              GError           **error)
{
  guchar bytes[TOKEN_BYTES];
  char token[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  g_autofree char *hash = NULL;
  gint64 expires;

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (token, sizeof token, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  hash = procure_service_token_hash (token);
  expires = g_get_real_time () / G_USEC_PER_SEC + self->token_lifetime;
  if (!self->store->vtable->session_create (self->store, hash, user->id, expires, error))
    return NULL;
  return g_strdup (token);
}

gboolean
procure_service_close_session (ProcureService *self,
                               const char     *token,
                               GError        **error)
{
  g_autofree char *hash = procure_service_token_hash (token);

  return procure_store_session_delete (self->store, hash, error);
}
