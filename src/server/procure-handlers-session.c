/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Health, sign-in, sign-out and "me". Checking an argon2id hash takes tens
 * of milliseconds and a lot of memory on purpose, so it runs in a worker
 * thread while the message is paused; the main loop keeps serving others.
 * An unknown login is checked against a dummy hash so that its answer takes
 * as long as a wrong password.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <sodium.h>

#include <string.h>

#include "procure-handlers.h"
#include "procure-http-error.h"
#include "procure-server.h"

typedef struct {
  ProcureServer     *server;
  SoupServerMessage *msg;
  ProcureUser       *user;            /* NULL for an unknown login */
  char              *login;
  char              *password;
  char              *password_hash;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->server);
  g_clear_object (&data->msg);
  g_clear_pointer (&data->user, procure_user_free);
  g_free (data->login);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data->password_hash);
  g_free (data);
}

static const char *
dummy_hash (void)
{
  static char hash[crypto_pwhash_STRBYTES];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      if (crypto_pwhash_str (hash, "procure-dummy", 13, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_error ("Out of memory hashing");
      g_once_init_leave (&initialized, 1);
    }
  return hash;
}

static void
verify_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoginData *data = task_data;
  const char *hash = data->password_hash ? data->password_hash : dummy_hash ();
  gboolean ok = crypto_pwhash_str_verify (hash, data->password, strlen (data->password)) == 0;

  g_task_return_boolean (task, ok && data->user != NULL);
}

static JsonNode *
session_to_json (const char        *token,
                 const ProcureUser *user)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "token", token);
  json_object_set_member (object, "user", procure_user_to_json (user));
  return procure_node_take_object (object);
}

/* Throttling lives in the store when it offers it (shared by the
 * instances of a PostgreSQL deployment), else in this process. */
static guint
throttle_wait (ProcureServer *server,
               const char    *login,
               gint64         now)
{
  ProcureStore *store = procure_server_get_service (server)->store;
  const ProcureServerConfig *config = procure_server_get_config (server);

  if (store->vtable->login_wait != NULL)
    return store->vtable->login_wait (store, login, now, config->login_max_failures,
                                      config->login_window);
  return procure_throttle_wait (procure_server_get_throttle (server), login, now);
}

static void
throttle_failed (ProcureServer *server,
                 const char    *login,
                 gint64         now)
{
  ProcureStore *store = procure_server_get_service (server)->store;

  if (store->vtable->login_failed != NULL)
    store->vtable->login_failed (store, login, now, procure_server_get_config (server)->login_window);
  else
    procure_throttle_failed (procure_server_get_throttle (server), login, now);
}

static void
throttle_succeeded (ProcureServer *server,
                    const char    *login)
{
  ProcureStore *store = procure_server_get_service (server)->store;

  if (store->vtable->login_succeeded != NULL)
    store->vtable->login_succeeded (store, login);
  else
    procure_throttle_succeeded (procure_server_get_throttle (server), login);
}

static void
login_finish (LoginData *data,
              gboolean   ok)
{
  ProcureService *service = procure_server_get_service (data->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!ok)
    {
      throttle_failed (data->server, data->login, g_get_real_time () / G_USEC_PER_SEC);
      procure_http_set_error (&error, 401, "Wrong login or password");
      procure_message_reply_error (data->msg, error);
      return;
    }
  throttle_succeeded (data->server, data->login);
  token = procure_service_open_session (service, data->user, &error);
  if (token == NULL)
    {
      procure_message_reply_error (data->msg, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (data->msg), "procure-login", g_strdup (data->user->login), g_free);
  procure_message_reply_json (data->msg, 201, session_to_json (token, data->user));
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LoginData *data = g_task_get_task_data (G_TASK (result));

  login_finish (data, g_task_propagate_boolean (G_TASK (result), NULL));
  procure_server_answer (data->server, data->msg, TRUE);
}

/* 429 while the login is throttled; sets Retry-After. */
static gboolean
check_throttle (ProcureRequest *request,
                const char     *login,
                GError        **error)
{
  guint wait = throttle_wait (request->server, login, g_get_real_time () / G_USEC_PER_SEC);

  if (wait == 0)
    return TRUE;
  g_object_set_data_full (G_OBJECT (request->msg), "procure-retry-after",
                          g_strdup_printf ("%u", wait), g_free);
  procure_http_set_error (error, 429, "Too many failed sign-ins; try again in %u seconds", wait);
  return FALSE;
}

void
procure_handle_login (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureLoginRequest) login = NULL;
  g_autoptr(GTask) task = NULL;
  LoginData *data;
  ProcureStore *store = request->service->store;

  if (request->body == NULL)
    procure_set_error (&error, PROCURE_ERROR_MALFORMED, NULL, "Send {\"login\", \"password\"}");
  else if ((login = procure_login_request_from_json (request->body, &error)) != NULL
           && (login->login == NULL || login->password == NULL))
    procure_set_error (&error, PROCURE_ERROR_REQUIRED, login->login ? "password" : "login",
                       "Send a login and a password");
  if (error != NULL || !check_throttle (request, login->login, &error))
    {
      procure_request_fail (request, error);
      return;
    }

  data = g_new0 (LoginData, 1);
  data->server = g_object_ref (request->server);
  data->msg = g_object_ref (request->msg);
  data->login = g_strdup (login->login);
  data->password = g_strdup (login->password);
  data->user = store->vtable->user_by_login (store, login->login, &data->password_hash, NULL);
  task = g_task_new (NULL, NULL, on_verified, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  soup_server_message_pause (request->msg);
  request->paused = TRUE;
  g_task_run_in_thread (task, verify_in_thread);
}

void
procure_handle_logout (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!procure_service_close_session (request->service, request->token, &error))
    {
      procure_request_fail (request, error);
      return;
    }
  soup_server_message_set_status (request->msg, 204, NULL);
}

void
procure_handle_me (ProcureRequest *request)
{
  procure_request_reply (request, 200, procure_user_to_json (request->user));
}

void
procure_handle_health (ProcureRequest *request)
{
  ProcureStore *store = request->service->store;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "status", "ok");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  json_object_set_int_member (object, "seq", store->vtable->last_seq (store));
  procure_request_reply (request, 200, procure_node_take_object (object));
}
