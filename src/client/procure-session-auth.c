/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Signing in, restoring a session from the Secret Service and signing
 * out: the cache opens before any network, then sync starts.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"
#include "procure-credentials.h"

static gboolean
open_cache (ProcureSession  *self,
            const char      *login,
            GError         **error)
{
  g_autofree char *path = procure_cache_path_for (self->cache_dir, self->server_url, login);
  ProcureCache *cache = procure_cache_open (path, error);

  if (cache == NULL)
    return FALSE;
  g_clear_object (&self->cache);
  self->cache = cache;
  return TRUE;
}

static void
save_user (ProcureSession *self)
{
  g_autoptr(JsonNode) node = procure_user_to_json (self->user);
  g_autofree char *text = procure_json_to_string (node);
  g_autoptr(GError) error = NULL;

  if (!procure_cache_set_meta (self->cache, "user", text, &error))
    g_warning ("Cannot store the user in the cache: %s", error->message);
}

static ProcureUser *
load_user (ProcureSession *self)
{
  g_autofree char *text = procure_cache_get_meta (self->cache, "user");
  g_autoptr(JsonNode) node = text ? procure_json_parse (text, -1, NULL) : NULL;

  return node ? procure_user_from_json (node, PROCURE_JSON_LENIENT, NULL, NULL) : NULL;
}

static void
load_last_synced (ProcureSession *self)
{
  g_autofree char *text = procure_cache_get_meta (self->cache, "last_synced");
  g_autoptr(GDateTime) when = text ? procure_time_parse (text) : NULL;

  procure_session_set_last_synced (self, when);
}

/* Shows the cache and starts talking to the server. */
static void
start (ProcureSession *self)
{
  /* Signing in again replaces whatever ran before. */
  procure_session_stop_sync (self);
  procure_session_drop_events (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  procure_session_load_models (self);
  load_last_synced (self);
  procure_session_notify_signed_in (self);
  procure_session_start_sync (self);
}

/* ---------- sign in ---------- */

typedef struct {
  char        *login;
  char        *token;
  ProcureUser *user;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->login);
  g_free (data->token);
  g_clear_pointer (&data->user, procure_user_free);
  g_free (data);
}

/* The user is known and the cache is open: show it and sync. */
static void
become_signed_in (ProcureSession *self,
                  ProcureUser    *user)
{
  procure_session_set_user (self, user);
  save_user (self);
  start (self);
}

static void
sign_in_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureSession *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Signing in works without a keyring; it is only not remembered. */
  if (!procure_credentials_store_finish (result, &error))
    g_warning ("Cannot store the token in the Secret Service: %s", error->message);

  become_signed_in (self, g_steal_pointer (&data->user));
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_login_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureSession *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  data->user = procure_api_login_finish (self->api, result, &data->token, &error);
  if (data->user == NULL || !open_cache (self, data->login, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!self->use_keyring)
    {
      become_signed_in (self, g_steal_pointer (&data->user));
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  procure_credentials_store_async (self->server_url, data->login, data->token,
                                   cancellable, sign_in_stored_cb, g_steal_pointer (&task));
}

void
procure_session_sign_in_async (ProcureSession      *self,
                               const char          *login,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  SignInData *data;

  g_return_if_fail (PROCURE_IS_SESSION (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_session_sign_in_async);
  data = g_new0 (SignInData, 1);
  data->login = g_strdup (login);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  procure_api_login_async (self->api, login, password, cancellable, sign_in_login_cb, task);
}

gboolean
procure_session_sign_in_finish (ProcureSession  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------- restore ---------- */

static void
restore_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_get_finish (self->api, result, NULL, &error);
  ProcureUser *user;

  if (node == NULL)
    {
      g_clear_object (&self->cache);
      procure_api_set_token (self->api, NULL);
      if (g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_UNAUTHORIZED))
        g_task_return_boolean (task, FALSE);   /* the stored token is dead */
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  user = procure_user_from_json (node, PROCURE_JSON_LENIENT, NULL, &error);
  if (user == NULL)
    {
      g_clear_object (&self->cache);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  become_signed_in (self, user);
  g_task_return_boolean (task, TRUE);
}

static void
restore_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureSession *self = g_task_get_source_object (task);
  const char *login = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = procure_credentials_lookup_finish (result, &error);
  GCancellable *cancellable;
  ProcureUser *user;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (!open_cache (self, login, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  procure_api_set_token (self->api, token);

  /* A cache that knows the user works offline at once; otherwise ask. */
  user = load_user (self);
  if (user != NULL)
    {
      become_signed_in (self, user);
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  procure_api_get_async (self->api, "/api/v1/me", cancellable, restore_me_cb, g_steal_pointer (&task));
}

void
procure_session_restore_async (ProcureSession      *self,
                               const char          *login,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PROCURE_IS_SESSION (self));
  g_return_if_fail (login != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_session_restore_async);
  g_task_set_task_data (task, g_strdup (login), g_free);
  if (!self->use_keyring)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  procure_credentials_lookup_async (self->server_url, login, cancellable, restore_lookup_cb, task);
}

gboolean
procure_session_restore_finish (ProcureSession  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------- sign out ---------- */

static void
sign_out_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!procure_credentials_clear_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
sign_out_logout_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Best effort: an unreachable server cannot stop a sign-out. */
  if (!procure_api_logout_finish (PROCURE_API (object), result, &error))
    g_debug ("Server sign-out failed: %s", error->message);
}

void
procure_session_sign_out_async (ProcureSession      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *login = NULL;

  g_return_if_fail (PROCURE_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_session_sign_out_async);
  login = self->user ? g_strdup (self->user->login) : NULL;

  procure_session_stop_sync (self);
  procure_session_drop_events (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (procure_api_get_token (self->api) != NULL)
    procure_api_logout_async (self->api, NULL, sign_out_logout_cb, NULL);
  procure_session_clear_models (self);
  g_clear_object (&self->cache);
  procure_session_set_account (self, NULL);
  procure_session_set_user (self, NULL);
  procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
  procure_session_set_pending_count (self, 0);
  procure_session_notify_signed_in (self);

  if (login == NULL || !self->use_keyring)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  procure_credentials_clear_async (self->server_url, login, cancellable, sign_out_cleared_cb, task);
}

gboolean
procure_session_sign_out_finish (ProcureSession  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
procure_session_sync_now (ProcureSession *self)
{
  g_return_if_fail (PROCURE_IS_SESSION (self));

  if (!procure_session_get_signed_in (self))
    return;
  procure_session_start_sync (self);
}

