/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "procure-credentials.h"

const SecretSchema *
procure_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.procure.Procure.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
procure_credentials_store_async (const char          *server_url,
                                 const char          *login,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL && login != NULL && token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_credentials_store_async);
  label = g_strdup_printf (_("Procure sign-in for %s on %s"), login, server_url);
  secret_password_store (procure_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         token, cancellable, store_cb, task,
                         "server", server_url, "login", login, NULL);
}

gboolean
procure_credentials_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns @value's text as secure memory (secret_password_free), or NULL. */
static void
return_value (GTask       *task,
              SecretValue *value)
{
  char *token = value ? secret_value_unref_to_password (value, NULL) : NULL;

  g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

typedef struct {
  char *server_url;
  char *login;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->server_url);
  g_free (data->login);
  g_free (data);
}

/* A search that loads the secret, not secret_password_lookup(): libsecret
 * 0.20.5 (Debian 12) leaks the D-Bus reply of every successful
 * secret_password_lookup (shown with a 20-line program and LeakSanitizer);
 * this path does not. */
static void
lookup_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  g_autoptr(GHashTable) attributes = secret_attributes_build (procure_credentials_get_schema (),
                                                              "server", data->server_url,
                                                              "login", data->login, NULL);
  /* A connection of this thread's own, not the process's shared service
   * object, whose signals would be bound to this thread. */
  g_autoptr(SecretService) service = secret_service_open_sync (SECRET_TYPE_SERVICE, NULL,
                                                               SECRET_SERVICE_OPEN_SESSION,
                                                               cancellable, &error);
  GList *items = NULL;
  SecretValue *value = NULL;

  if (service != NULL)
    items = secret_service_search_sync (service, procure_credentials_get_schema (), attributes,
                                        SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                        cancellable, &error);
  if (items != NULL)
    value = secret_item_get_secret (items->data);   /* loaded by the search */
  g_list_free_full (items, g_object_unref);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    return_value (task, value);
}

/* In a thread: libsecret's search, unlock and retrieval are several D-Bus
 * round trips, which the sync calls make without waiting for this
 * thread's main loop, so an application can build and show its window
 * meanwhile. */
void
procure_credentials_lookup_async (const char          *server_url,
                                  const char          *login,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (server_url != NULL && login != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_credentials_lookup_async);
  data = g_new0 (LookupData, 1);
  data->server_url = g_strdup (server_url);
  data->login = g_strdup (login);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  g_task_run_in_thread (task, lookup_in_thread);
}

char *
procure_credentials_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  char *secret;
  char *copy;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* Hand out a plain g_free()-able copy and wipe the secret memory. */
  secret = g_task_propagate_pointer (G_TASK (result), error);
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
procure_credentials_clear_async (const char          *server_url,
                                 const char          *login,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_url != NULL && login != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_credentials_clear_async);
  secret_password_clear (procure_credentials_get_schema (), cancellable, clear_cb, task,
                         "server", server_url, "login", login, NULL);
}

gboolean
procure_credentials_clear_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
