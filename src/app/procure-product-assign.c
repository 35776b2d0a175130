/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include "procure-product-assign.h"

typedef struct {
  ProcureApi *api;
  char       *product_id;
  GPtrArray  *accounts;   /* ids still to do, last first */
  GArray     *offer;      /* gboolean per account, same order */
} Assign;

static void
assign_free (Assign *assign)
{
  g_object_unref (assign->api);
  g_free (assign->product_id);
  g_ptr_array_unref (assign->accounts);
  g_array_unref (assign->offer);
  g_free (assign);
}

static void next_account (GTask *task);

static const char *
current_account (Assign *assign)
{
  return g_ptr_array_index (assign->accounts, assign->accounts->len - 1);
}

static void
on_put_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Assign *assign = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = procure_api_request_finish (PROCURE_API (source), result, NULL, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_ptr_array_set_size (assign->accounts, assign->accounts->len - 1);
  g_array_set_size (assign->offer, assign->offer->len - 1);
  next_account (task);
}

/* The account's product ids from a list answer, with ours added or removed. */
static JsonNode *
new_assignment (JsonNode   *answer,
                const char *product_id,
                gboolean    offer)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonArray *items = object && json_object_has_member (object, "items")
                     ? json_object_get_array_member (object, "items") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "product_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id = item ? json_object_get_string_member_with_default (item, "id", NULL) : NULL;

      if (id != NULL && g_strcmp0 (id, product_id) != 0)
        json_builder_add_string_value (builder, id);
    }
  if (offer)
    json_builder_add_string_value (builder, product_id);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_get_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Assign *assign = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = procure_api_get_finish (PROCURE_API (source), result, NULL, &error);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = g_uuid_string_random ();

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  body = new_assignment (answer, assign->product_id,
                         g_array_index (assign->offer, gboolean, assign->offer->len - 1));
  path = g_strdup_printf ("/api/v1/accounts/%s/products", current_account (assign));
  procure_api_request_async (assign->api, "PUT", path, body, NULL, key, NULL, on_put_done, task);
}

static void
next_account (GTask *task)
{
  Assign *assign = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (assign->accounts->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* Agents' account product lists are short: one page. */
  path = g_strdup_printf ("/api/v1/accounts/%s/products", current_account (assign));
  procure_api_get_async (assign->api, path, NULL, on_get_done, task);
}

void
procure_product_assign_async (ProcureApi          *api,
                              const char          *product_id,
                              GHashTable          *changes,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  Assign *assign = g_new0 (Assign, 1);
  GHashTableIter iter;
  gpointer key, value;

  assign->api = g_object_ref (api);
  assign->product_id = g_strdup (product_id);
  assign->accounts = g_ptr_array_new_with_free_func (g_free);
  assign->offer = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean offer = GPOINTER_TO_INT (value);

      g_ptr_array_add (assign->accounts, g_strdup (key));
      g_array_append_val (assign->offer, offer);
    }
  g_task_set_task_data (task, assign, (GDestroyNotify) assign_free);
  next_account (task);
}

gboolean
procure_product_assign_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
