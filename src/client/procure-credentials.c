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

static void
retrieve_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SecretValue *value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    return_value (task, value);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *items = secret_password_search_finish (result, &error);
  gpointer first = items ? items->data : NULL;

  if (error != NULL)
    g_task_return_error (task, error);
  else if (first == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else if (SECRET_IS_ITEM (first))
    return_value (task, secret_item_get_secret (first));   /* loaded by the search */
  else
    secret_retrievable_retrieve_secret (first, g_task_get_cancellable (task), retrieve_cb,
                                        g_object_ref (task));
  g_list_free_full (items, g_object_unref);
}

/* A search that loads the secret, not secret_password_lookup(): libsecret
 * 0.20.5 (Debian 12) leaks the D-Bus reply of every successful
 * secret_password_lookup (shown with a 20-line program and LeakSanitizer);
 * this path does not. */
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
  secret_password_search (procure_credentials_get_schema (),
                          SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                          cancellable, search_cb, task,
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
