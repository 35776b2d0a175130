/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-sim-list.h"
#include "procure-cache-private.h"
#include "procure-sim-row.h"

struct _ProcureSimList
{
  GObject       parent_instance;

  ProcureCache *cache;
  char         *order_id;  /* NULL: every SIM */
  GArray       *rowids;    /* gint64, in ICCID order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProcureSimList, procure_sim_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
procure_sim_list_get_item_type (GListModel *model)
{
  return PROCURE_TYPE_SIM_ROW;
}

static guint
procure_sim_list_get_n_items (GListModel *model)
{
  return PROCURE_SIM_LIST (model)->rowids->len;
}

static gpointer
procure_sim_list_get_item (GListModel *model,
                           guint       position)
{
  ProcureSimList *self = PROCURE_SIM_LIST (model);
  sqlite3_stmt *stmt;
  ProcureSimRow *row = NULL;

  if (position >= self->rowids->len || self->cache == NULL)
    return NULL;

  stmt = procure_cache_stmt (self->cache,
    "SELECT iccid, imsi, msisdn, account_id, order_id, product_id, s0, s1, s2, s3, s4"
    " FROM sims WHERE rowid = ?1");
  sqlite3_bind_int64 (stmt, 1, g_array_index (self->rowids, gint64, position));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ProcureSim sim = { 0 };
      ProcureSettings settings = { 0 };

      /* Borrowed column text: the row copies it. */
      sim.iccid = (char *) sqlite3_column_text (stmt, 0);
      sim.imsi = (char *) sqlite3_column_text (stmt, 1);
      sim.msisdn = (char *) sqlite3_column_text (stmt, 2);
      sim.account_id = (char *) sqlite3_column_text (stmt, 3);
      sim.order_id = (char *) sqlite3_column_text (stmt, 4);
      sim.product_id = (char *) sqlite3_column_text (stmt, 5);
      for (int i = 0; i < PROCURE_N_SETTINGS; i++)
        settings.values[i] = (char *) sqlite3_column_text (stmt, 6 + i);
      sim.settings = &settings;
      row = procure_sim_row_new_from_sim (&sim);
    }
  sqlite3_reset (stmt);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = procure_sim_list_get_item_type;
  iface->get_n_items = procure_sim_list_get_n_items;
  iface->get_item = procure_sim_list_get_item;
}

static void
procure_sim_list_dispose (GObject *object)
{
  ProcureSimList *self = PROCURE_SIM_LIST (object);

  g_clear_object (&self->cache);

  G_OBJECT_CLASS (procure_sim_list_parent_class)->dispose (object);
}

static void
procure_sim_list_finalize (GObject *object)
{
  ProcureSimList *self = PROCURE_SIM_LIST (object);

  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (procure_sim_list_parent_class)->finalize (object);
}

static void
procure_sim_list_class_init (ProcureSimListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_sim_list_dispose;
  object_class->finalize = procure_sim_list_finalize;
}

static void
procure_sim_list_init (ProcureSimList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

ProcureSimList *
procure_sim_list_new (void)
{
  return g_object_new (PROCURE_TYPE_SIM_LIST, NULL);
}

ProcureSimList *
procure_sim_list_new_for_order (const char *order_id)
{
  ProcureSimList *self;

  g_return_val_if_fail (order_id != NULL, NULL);

  self = g_object_new (PROCURE_TYPE_SIM_LIST, NULL);
  self->order_id = g_strdup (order_id);
  return self;
}

const char *
procure_sim_list_get_order_id (ProcureSimList *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_LIST (self), NULL);
  return self->order_id;
}

static GArray *
read_rowids (ProcureCache *cache,
             const char   *order_id)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if (cache == NULL)
    return rowids;
  if (order_id != NULL)
    {
      stmt = procure_cache_stmt (cache, "SELECT rowid FROM sims WHERE order_id = ?1 ORDER BY iccid");
      procure_cache_bind_text (stmt, 1, order_id);
    }
  else  /* walks the primary-key index: already in ICCID order */
    stmt = procure_cache_stmt (cache, "SELECT rowid FROM sims ORDER BY iccid");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  return rowids;
}

/* Replaces the ids and reports only the range between the unchanged
 * head and tail: new SIMs of one order are one contiguous ICCID block. */
static void
replace_rowids (ProcureSimList *self,
                GArray         *rowids)
{
  GArray *old = self->rowids;
  guint head = 0, tail = 0;
  guint removed, added;

  while (head < old->len && head < rowids->len &&
         g_array_index (old, gint64, head) == g_array_index (rowids, gint64, head))
    head++;
  while (tail < old->len - head && tail < rowids->len - head &&
         g_array_index (old, gint64, old->len - 1 - tail) ==
         g_array_index (rowids, gint64, rowids->len - 1 - tail))
    tail++;
  removed = old->len - head - tail;
  added = rowids->len - head - tail;

  self->rowids = rowids;
  g_array_unref (old);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, removed, added);
}

void
procure_sim_list_set_cache (ProcureSimList *self,
                            ProcureCache   *cache)
{
  g_return_if_fail (PROCURE_IS_SIM_LIST (self));
  g_return_if_fail (cache == NULL || PROCURE_IS_CACHE (cache));

  g_set_object (&self->cache, cache);
  procure_sim_list_reload (self);
}

void
procure_sim_list_reload (ProcureSimList *self)
{
  g_return_if_fail (PROCURE_IS_SIM_LIST (self));

  replace_rowids (self, read_rowids (self->cache, self->order_id));
}
