/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The changes feed: the events after a sequence number that the caller may
 * see, turned into the whole current objects (each at most once per page).
 *
 * Members see the events written for their account; the staff see all.
 * Beyond the wire contract's orders/products/accounts, a page may carry
 * "sims" (SIMs that joined the inventory) and "removed": {"products": [...]}
 * (products no longer assigned to the caller's account).
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-service.h"

#define SIMS_PER_ORDER_MAX 100000

typedef struct {
  ProcureService    *service;
  const ProcureUser *user;
  GHashTable        *seen;       /* "kind/id" */
  JsonArray         *orders;
  JsonArray         *products;
  JsonArray         *accounts;
  JsonArray         *sims;
  GPtrArray         *removed;    /* product ids */
} ChangesPage;

gboolean
procure_service_event_visible (const ProcureUser  *user,
                               const ProcureEvent *event)
{
  if (procure_service_is_staff (user))
    return g_strcmp0 (event->kind, "product_removed") != 0;
  return event->account_id != NULL && g_strcmp0 (event->account_id, user->account_id) == 0;
}

static gboolean
first_time (ChangesPage        *page,
            const ProcureEvent *event)
{
  char *key = g_strconcat (event->kind, "/", event->object_id, NULL);

  if (g_hash_table_contains (page->seen, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (page->seen, key);
  return TRUE;
}

static gboolean
product_assigned_to_caller (const ProcureUser    *user,
                            const ProcureProduct *product)
{
  return procure_service_is_staff (user)
      || (product->account_ids != NULL
          && g_strv_contains ((const char * const *) product->account_ids, user->account_id));
}

static gboolean
add_product (ChangesPage        *page,
             const ProcureEvent *event,
             GError            **error)
{
  ProcureStore *store = page->service->store;
  g_autoptr(ProcureProduct) product = store->vtable->product_get (store, event->object_id, error);

  if (product == NULL)
    return FALSE;
  /* Not assigned any more: the removal event follows in the feed. */
  if (product_assigned_to_caller (page->user, product))
    json_array_add_element (page->products, procure_service_product_to_json (page->user, product));
  return TRUE;
}

static gboolean
add_order (ChangesPage        *page,
           const ProcureEvent *event,
           GError            **error)
{
  ProcureStore *store = page->service->store;
  g_autoptr(ProcureOrder) order = store->vtable->order_get (store, event->object_id, error);

  if (order == NULL)
    return FALSE;
  json_array_add_element (page->orders, procure_order_to_json (order));
  return TRUE;
}

static gboolean
add_account (ChangesPage        *page,
             const ProcureEvent *event,
             GError            **error)
{
  ProcureStore *store = page->service->store;
  g_autoptr(ProcureAccount) account = store->vtable->account_get (store, event->object_id, error);

  if (account == NULL)
    return FALSE;
  json_array_add_element (page->accounts, procure_account_to_json (account));
  return TRUE;
}

static gboolean
add_sims (ChangesPage        *page,
          const ProcureEvent *event,
          GError            **error)
{
  ProcureStore *store = page->service->store;
  ProcureSimQuery query = { .order_id = event->object_id, .limit = SIMS_PER_ORDER_MAX };
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) sims = store->vtable->sim_list (store, &query, &next, error);

  if (sims == NULL)
    return FALSE;
  for (guint i = 0; i < sims->len; i++)
    json_array_add_element (page->sims, procure_sim_to_json (g_ptr_array_index (sims, i)));
  return TRUE;
}

static gboolean
add_event (ChangesPage        *page,
           const ProcureEvent *event,
           GError            **error)
{
  if (!procure_service_event_visible (page->user, event) || !first_time (page, event))
    return TRUE;
  if (g_str_equal (event->kind, "order"))
    return add_order (page, event, error);
  if (g_str_equal (event->kind, "account"))
    return add_account (page, event, error);
  if (g_str_equal (event->kind, "product"))
    return add_product (page, event, error);
  if (g_str_equal (event->kind, "sims"))
    return add_sims (page, event, error);
  if (g_str_equal (event->kind, "product_removed"))
    g_ptr_array_add (page->removed, g_strdup (event->object_id));
  return TRUE;
}

/* Removed products that were assigned again later in the page stay. */
static JsonNode *
removed_to_json (ChangesPage *page)
{
  ProcureStore *store = page->service->store;
  JsonArray *ids = json_array_new ();
  JsonObject *removed = json_object_new ();

  for (guint i = 0; i < page->removed->len; i++)
    {
      const char *id = g_ptr_array_index (page->removed, i);
      g_autoptr(ProcureProduct) product = store->vtable->product_get (store, id, NULL);

      if (product == NULL || !product_assigned_to_caller (page->user, product))
        json_array_add_string_element (ids, id);
    }
  json_object_set_array_member (removed, "products", ids);
  return procure_node_take_object (removed);
}

static JsonNode *
page_to_json (ChangesPage *page,
              gint64       next,
              gboolean     more)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "next", next);
  json_object_set_boolean_member (object, "more", more);
  json_object_set_array_member (object, "orders", json_array_ref (page->orders));
  json_object_set_array_member (object, "products", json_array_ref (page->products));
  json_object_set_array_member (object, "accounts", json_array_ref (page->accounts));
  json_object_set_array_member (object, "sims", json_array_ref (page->sims));
  if (page->removed->len > 0)
    json_object_set_member (object, "removed", removed_to_json (page));
  return procure_node_take_object (object);
}

static void
page_clear (ChangesPage *page)
{
  g_clear_pointer (&page->seen, g_hash_table_unref);
  g_clear_pointer (&page->orders, json_array_unref);
  g_clear_pointer (&page->products, json_array_unref);
  g_clear_pointer (&page->accounts, json_array_unref);
  g_clear_pointer (&page->sims, json_array_unref);
  g_clear_pointer (&page->removed, g_ptr_array_unref);
}

JsonNode *
procure_service_changes (ProcureService    *self,
                         const ProcureUser *user,
                         gint64             since,
                         guint              limit,
                         GError           **error)
{
  const char *scope = procure_service_is_staff (user) ? NULL : user->account_id;
  g_autoptr(GPtrArray) events = NULL;
  ChangesPage page = { self, user };
  g_autoptr(GError) local_error = NULL;
  JsonNode *result = NULL;
  gboolean more;
  gint64 next;

  /* Read the newest seq first: every event up to it is in this scan. */
  next = MAX (since, self->store->vtable->last_seq (self->store));
  events = self->store->vtable->events_since (self->store, since, scope, limit + 1, error);
  if (events == NULL)
    return NULL;
  more = events->len > limit;
  if (more)
    {
      g_ptr_array_set_size (events, limit);
      next = ((ProcureEvent *) g_ptr_array_index (events, limit - 1))->seq;
    }
  page.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  page.orders = json_array_new ();
  page.products = json_array_new ();
  page.accounts = json_array_new ();
  page.sims = json_array_new ();
  page.removed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < events->len; i++)
    if (!add_event (&page, g_ptr_array_index (events, i), &local_error))
      break;
  if (local_error == NULL)
    result = page_to_json (&page, next, more);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  page_clear (&page);
  return result;
}
