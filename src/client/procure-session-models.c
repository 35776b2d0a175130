/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session's list models over the cache, kept in step with sync:
 * rows are updated in place and inserted or removed with precise
 * items-changed. Orders are ProcureOrderLists: the cache tells them what
 * it wrote and updates the rows somebody holds in place.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"
#include "procure-cache-private.h"
#include "procure-product-row.h"
#include "procure-account-row.h"
#include "procure-sim-row.h"

/* ---------- helpers ---------- */

static int
compare_product_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return g_strcmp0 (procure_product_row_get_code ((ProcureProductRow *) a),
                    procure_product_row_get_code ((ProcureProductRow *) b));
}

static int
compare_account_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return g_utf8_collate (procure_account_row_get_name ((ProcureAccountRow *) a) ?: "",
                         procure_account_row_get_name ((ProcureAccountRow *) b) ?: "");
}

static gboolean
store_remove_item (GListStore *store,
                   gpointer    item)
{
  guint position;

  if (!g_list_store_find (store, item, &position))
    return FALSE;
  g_list_store_remove (store, position);
  return TRUE;
}

static void
store_replace_all (GListStore *store,
                   GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items ? items->pdata : NULL, items ? items->len : 0);
}

static void
set_cache_on_order_sims (ProcureSession *self)
{
  for (guint i = 0; i < self->order_sims->len; i++)
    procure_sim_list_set_cache (g_ptr_array_index (self->order_sims, i), self->cache);
}

static void
on_order_sims_finalized (gpointer  data,
                         GObject  *where_the_object_was)
{
  ProcureSession *self = data;

  g_ptr_array_remove_fast (self->order_sims, where_the_object_was);
}

static void
drop_order_sims_watch (gpointer item,
                       gpointer user_data)
{
  g_object_weak_unref (item, on_order_sims_finalized, user_data);
}

void
procure_session_load_models (ProcureSession *self)
{
  g_autoptr(GPtrArray) products = procure_cache_load_product_rows (self->cache);
  g_autoptr(GPtrArray) account_rows = procure_cache_load_account_rows (self->cache);

  g_hash_table_remove_all (self->product_rows);
  for (guint i = 0; i < products->len; i++)
    g_hash_table_insert (self->product_rows,
                         (gpointer) procure_product_row_get_id (g_ptr_array_index (products, i)),
                         g_ptr_array_index (products, i));
  g_hash_table_remove_all (self->account_rows);
  g_hash_table_remove_all (self->accounts);
  for (guint i = 0; i < account_rows->len; i++)
    {
      ProcureAccountRow *row = g_ptr_array_index (account_rows, i);
      ProcureAccount *account = procure_cache_get_account (self->cache, procure_account_row_get_id (row));

      g_hash_table_insert (self->account_rows, (gpointer) procure_account_row_get_id (row), row);
      if (account != NULL)
        g_hash_table_insert (self->accounts, g_strdup (account->id), account);
    }

  /* Only the row ids, in order: rows are read when a view shows them. */
  procure_order_list_set_cache (self->orders, self->cache);
  procure_order_list_set_cache (self->inbox, self->cache);
  store_replace_all (self->products, products);
  store_replace_all (self->account_list, account_rows);
  procure_sim_list_set_cache (self->sims, self->cache);
  set_cache_on_order_sims (self);

  if (self->user != NULL && self->user->account_id != NULL)
    procure_session_set_account (self, g_hash_table_lookup (self->accounts, self->user->account_id));
  procure_session_refresh_pending (self, NULL);
}

void
procure_session_clear_models (ProcureSession *self)
{
  g_hash_table_remove_all (self->product_rows);
  g_hash_table_remove_all (self->account_rows);
  g_hash_table_remove_all (self->accounts);
  procure_order_list_set_cache (self->orders, NULL);
  procure_order_list_set_cache (self->inbox, NULL);
  store_replace_all (self->products, NULL);
  store_replace_all (self->account_list, NULL);
  procure_sim_list_set_cache (self->sims, NULL);
  for (guint i = 0; i < self->order_sims->len; i++)
    procure_sim_list_set_cache (g_ptr_array_index (self->order_sims, i), NULL);
}

gboolean
procure_session_apply_order (ProcureSession      *self,
                             const ProcureOrder  *order,
                             gboolean             notify,
                             GError             **error)
{
  ProcureActor actor;
  ProcurePolicy policy;
  ProcureStatus before;
  gboolean inbox;

  procure_session_fill_actor (self, &actor);
  procure_session_policy_for (self, order->account_id, &policy);
  inbox = self->user != NULL && procure_lifecycle_waits_on (&actor, order, &policy);
  before = procure_cache_get_order_status (self->cache, order->id);
  /* The cache updates a shown row in place and tells the order lists,
   * which place the order (now, or at the commit of a sync page). */
  if (!procure_cache_put_order (self->cache, order, inbox, error))
    return FALSE;

  if (notify && self->user != NULL)
    {
      ProcureNotifyEvent *event = procure_notify_decide (&actor, before, order, &policy,
                                                         self->first_fill);
      if (event != NULL)
        procure_session_queue_event (self, event);
    }
  procure_session_emit_order_changed (self, order->id);
  return TRUE;
}

void
procure_session_remove_order (ProcureSession *self,
                              const char     *order_id)
{
  g_autofree char *id = g_strdup (order_id);
  g_autoptr(GError) error = NULL;

  if (procure_cache_get_order_status (self->cache, order_id) == PROCURE_STATUS_INVALID)
    return;
  if (!procure_cache_delete_order (self->cache, order_id, &error))
    g_warning ("Cannot remove order %s: %s", order_id, error->message);
  procure_session_emit_order_changed (self, id);
}

void
procure_session_apply_account (ProcureSession       *self,
                               const ProcureAccount *account)
{
  ProcureAccountRow *row = g_hash_table_lookup (self->account_rows, account->id);
  g_autoptr(GError) error = NULL;
  ProcureAccount *copy;

  if (!procure_cache_put_account (self->cache, account, &error))
    g_warning ("Cannot cache account %s: %s", account->id, error->message);

  /* Keep our own reference: the caller's struct is not ours to keep. */
  copy = procure_cache_get_account (self->cache, account->id);
  if (copy != NULL)
    g_hash_table_insert (self->accounts, g_strdup (account->id), copy);

  if (row != NULL)
    procure_account_row_update (row, account);
  else
    {
      row = procure_account_row_new_from_account (account);
      g_hash_table_insert (self->account_rows, (gpointer) procure_account_row_get_id (row), row);
      g_list_store_insert_sorted (self->account_list, row, compare_account_rows, NULL);
      g_object_unref (row);
    }

  if (self->user != NULL && g_strcmp0 (self->user->account_id, account->id) == 0)
    {
      /* Always a new struct: listeners compare pointers. */
      g_clear_pointer (&self->account, procure_account_unref);
      procure_session_set_account (self, copy);
    }
}

void
procure_session_apply_product (ProcureSession       *self,
                               const ProcureProduct *product)
{
  ProcureProductRow *row = g_hash_table_lookup (self->product_rows, product->id);
  g_autoptr(GError) error = NULL;

  if (!procure_cache_put_product (self->cache, product, &error))
    g_warning ("Cannot cache product %s: %s", product->id, error->message);

  if (row != NULL)
    {
      gboolean moved = g_strcmp0 (procure_product_row_get_code (row), product->code) != 0;

      if (moved)
        {
          g_object_ref (row);
          store_remove_item (self->products, row);
        }
      procure_product_row_update (row, product);
      if (moved)
        {
          g_list_store_insert_sorted (self->products, row, compare_product_rows, NULL);
          g_object_unref (row);
        }
      return;
    }
  row = procure_product_row_new_from_product (product);
  g_hash_table_insert (self->product_rows, (gpointer) procure_product_row_get_id (row), row);
  g_list_store_insert_sorted (self->products, row, compare_product_rows, NULL);
  g_object_unref (row);
}

void
procure_session_remove_product (ProcureSession *self,
                                const char     *product_id)
{
  ProcureProductRow *row = g_hash_table_lookup (self->product_rows, product_id);

  procure_cache_delete_product (self->cache, product_id, NULL);
  if (row == NULL)
    return;
  g_object_ref (row);
  g_hash_table_remove (self->product_rows, product_id);
  store_remove_item (self->products, row);
  g_object_unref (row);
}

void
procure_session_apply_sim (ProcureSession   *self,
                           const ProcureSim *sim)
{
  g_autoptr(GError) error = NULL;

  if (!procure_cache_put_sim (self->cache, sim, &error))
    g_warning ("Cannot cache SIM %s: %s", sim->iccid, error->message);
}

void
procure_session_reload_sims (ProcureSession *self)
{
  procure_sim_list_reload (self->sims);
  for (guint i = 0; i < self->order_sims->len; i++)
    procure_sim_list_reload (g_ptr_array_index (self->order_sims, i));
}

void
procure_session_refresh_pending (ProcureSession *self,
                                 const char     *order_id)
{
  g_autoptr(GHashTable) pending = NULL;
  guint count;

  if (self->cache == NULL)
    return;

  pending = procure_cache_outbox_pending_orders (self->cache);
  procure_cache_update_pending_rows (self->cache, pending, order_id);

  count = procure_cache_outbox_count (self->cache);
  procure_session_set_pending_count (self, count);
}

GListModel *
procure_session_get_filtered_sims (ProcureSession   *self,
                                   ProcureSimFilter  filter,
                                   const char       *value)
{
  ProcureSimList *list;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  g_return_val_if_fail (filter == PROCURE_SIM_FILTER_NONE || value != NULL, NULL);

  list = procure_sim_list_new_filtered (filter, value);
  procure_sim_list_set_cache (list, self->cache);
  /* Followed through sync like the per-order lists, while it lives. */
  g_ptr_array_add (self->order_sims, list);
  g_object_weak_ref (G_OBJECT (list), on_order_sims_finalized, self);
  return G_LIST_MODEL (list);
}

GListModel *
procure_session_get_order_sims (ProcureSession *self,
                                const char     *order_id)
{
  g_return_val_if_fail (order_id != NULL, NULL);

  return procure_session_get_filtered_sims (self, PROCURE_SIM_FILTER_ORDER, order_id);
}

void
procure_session_forget_order_sims (ProcureSession *self)
{
  g_ptr_array_foreach (self->order_sims, drop_order_sims_watch, self);
  g_ptr_array_set_size (self->order_sims, 0);
}
