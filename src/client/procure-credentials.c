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

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
procure_credentials_lookup_async (const char          *server_url,
                                  const char          *login,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_url != NULL && login != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_credentials_lookup_async);
  secret_password_lookup (procure_credentials_get_schema (), cancellable, lookup_cb, task,
                          "server", server_url, "login", login, NULL);
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
