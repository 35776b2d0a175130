/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session's list models over the cache, kept in step with sync:
 * rows are updated in place and inserted or removed with precise
 * items-changed.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"
#include "procure-order-row-private.h"
#include "procure-product-row.h"
#include "procure-account-row.h"
#include "procure-sim-row.h"

/* ---------- helpers ---------- */

/* Newest first, ties broken by id, so positions are stable. */
static int
compare_order_rows (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  ProcureOrderRow *ra = (ProcureOrderRow *) a, *rb = (ProcureOrderRow *) b;
  int cmp = g_strcmp0 (rb->created_at, ra->created_at);

  return cmp != 0 ? cmp : g_strcmp0 (rb->id, ra->id);
}

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
  g_autoptr(GPtrArray) orders = procure_cache_load_order_rows (self->cache);
  g_autoptr(GPtrArray) inbox = g_ptr_array_new ();
  g_autoptr(GPtrArray) products = procure_cache_load_product_rows (self->cache);
  g_autoptr(GPtrArray) account_rows = procure_cache_load_account_rows (self->cache);

  g_hash_table_remove_all (self->order_rows);
  for (guint i = 0; i < orders->len; i++)
    {
      ProcureOrderRow *row = g_ptr_array_index (orders, i);

      g_hash_table_insert (self->order_rows, row->id, row);
      if (row->inbox)
        g_ptr_array_add (inbox, row);
    }
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

  store_replace_all (self->orders, orders);
  store_replace_all (self->inbox, inbox);
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
  g_hash_table_remove_all (self->order_rows);
  g_hash_table_remove_all (self->product_rows);
  g_hash_table_remove_all (self->account_rows);
  g_hash_table_remove_all (self->accounts);
  store_replace_all (self->orders, NULL);
  store_replace_all (self->inbox, NULL);
  store_replace_all (self->products, NULL);
  store_replace_all (self->account_list, NULL);
  procure_sim_list_set_cache (self->sims, NULL);
  for (guint i = 0; i < self->order_sims->len; i++)
    procure_sim_list_set_cache (g_ptr_array_index (self->order_sims, i), NULL);
}

static void
update_inbox_membership (ProcureSession  *self,
                         ProcureOrderRow *row,
                         gboolean         was_in_inbox)
{
  if (row->inbox && !was_in_inbox)
    g_list_store_insert_sorted (self->inbox, row, compare_order_rows, NULL);
  else if (!row->inbox && was_in_inbox)
    store_remove_item (self->inbox, row);
}

gboolean
procure_session_apply_order (ProcureSession      *self,
                             const ProcureOrder  *order,
                             gboolean             notify,
                             GError             **error)
{
  ProcureActor actor;
  ProcurePolicy policy;
  ProcureOrderRow *row;
  g_autoptr(ProcureOrderRow) fresh = NULL;
  ProcureStatus before;
  gboolean inbox, was_in_inbox;

  procure_session_fill_actor (self, &actor);
  procure_session_policy_for (self, order->account_id, &policy);
  inbox = self->user != NULL && procure_lifecycle_waits_on (&actor, order, &policy);
  if (!procure_cache_put_order (self->cache, order, inbox, error))
    return FALSE;

  row = g_hash_table_lookup (self->order_rows, order->id);
  before = row ? row->status : PROCURE_STATUS_INVALID;
  fresh = procure_order_row_new_from_order (order);
  fresh->inbox = inbox;

  if (row != NULL)
    {
      was_in_inbox = row->inbox;
      procure_order_row_update_from (row, fresh);
    }
  else
    {
      row = g_steal_pointer (&fresh);
      was_in_inbox = FALSE;
      g_hash_table_insert (self->order_rows, row->id, row);
      g_list_store_insert_sorted (self->orders, row, compare_order_rows, NULL);
      g_object_unref (row);   /* the store holds it now */
    }
  update_inbox_membership (self, row, was_in_inbox);

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
  ProcureOrderRow *row = g_hash_table_lookup (self->order_rows, order_id);
  g_autofree char *id = g_strdup (order_id);

  procure_cache_delete_order (self->cache, order_id, NULL);
  if (row == NULL)
    return;
  g_object_ref (row);
  g_hash_table_remove (self->order_rows, order_id);
  if (row->inbox)
    store_remove_item (self->inbox, row);
  store_remove_item (self->orders, row);
  g_object_unref (row);
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
  if (order_id != NULL)
    {
      ProcureOrderRow *row = g_hash_table_lookup (self->order_rows, order_id);
      if (row != NULL)
        procure_order_row_set_pending (row, g_hash_table_contains (pending, order_id));
    }
  else
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->order_rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        procure_order_row_set_pending (value, g_hash_table_contains (pending, ((ProcureOrderRow *) value)->id));
    }

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
