/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "procure-row-blocks.h"
#include "procure-sim-list.h"
#include "procure-cache-private.h"
#include "procure-sim-row.h"

enum { COND_ORDER, COND_PRODUCT, COND_ACCOUNT, COND_SEARCH, N_CONDS };

struct _ProcureSimList
{
  GObject       parent_instance;

  ProcureCache *cache;
  ProcureSimFilter filter;
  char         *value;     /* the filter's value; NULL: every SIM */
  char         *conds[N_CONDS];  /* order, product, account, search; NULL: any */
  GArray       *rowids;    /* gint64, in ICCID order */
  ProcureRowBlocks *blocks;  /* of ProcureSimRow */

  /* Background reloads: the ids are read on a worker thread. */
  gboolean      background;
  gboolean      loading;
  guint         reload_idle;
  GCancellable *cancellable;  /* of the read under way */
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void cancel_background_read (ProcureSimList *self);
static void release_rowids (GArray *rowids);

/* Rows are read BLOCK_SIZE at a time and a few blocks are kept: a view
 * asks for neighbouring rows, and one query per row is slow. */
#define BLOCK_SIZE 256
#define MAX_BLOCKS 16

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

/* "SELECT ... WHERE rowid IN (?1, ..., ?256)": built once, kept for good
 * (the cache keeps statements by their SQL's address). */
static const char *
block_query (void)
{
  static const char *sql;

  if (sql == NULL)
    {
      g_autoptr(GString) query = g_string_new (
        "SELECT rowid, iccid, imsi, msisdn, account_id, order_id, product_id, s0, s1, s2, s3, s4"
        " FROM sims WHERE rowid IN (?1");

      for (int i = 2; i <= BLOCK_SIZE; i++)
        g_string_append_printf (query, ", ?%d", i);
      g_string_append_c (query, ')');
      sql = g_intern_string (query->str);
    }
  return sql;
}

static ProcureSimRow *
row_from_stmt (sqlite3_stmt *stmt)
{
  ProcureSim sim = { 0 };
  ProcureSettings settings = { 0 };

  /* Borrowed column text: the row copies it. */
  sim.iccid = (char *) sqlite3_column_text (stmt, 1);
  sim.imsi = (char *) sqlite3_column_text (stmt, 2);
  sim.msisdn = (char *) sqlite3_column_text (stmt, 3);
  sim.account_id = (char *) sqlite3_column_text (stmt, 4);
  sim.order_id = (char *) sqlite3_column_text (stmt, 5);
  sim.product_id = (char *) sqlite3_column_text (stmt, 6);
  for (int i = 0; i < PROCURE_N_SETTINGS; i++)
    settings.values[i] = (char *) sqlite3_column_text (stmt, 7 + i);
  sim.settings = &settings;
  return procure_sim_row_new_from_sim (&sim);
}

/* Reads the rows of block @block with one query, in list order; a row
 * deleted since the last reload stays NULL. */
static GPtrArray *
read_block (gpointer owner,
            guint    block)
{
  ProcureSimList *self = owner;
  guint first = block * BLOCK_SIZE;
  guint n = MIN (BLOCK_SIZE, self->rowids->len - first);
  GPtrArray *rows = procure_row_blocks_new_rows (n);
  g_autoptr(GHashTable) by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, g_object_unref);
  sqlite3_stmt *stmt = procure_cache_stmt (self->cache, block_query ());

  sqlite3_clear_bindings (stmt);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_int64 (stmt, i + 1, g_array_index (self->rowids, gint64, first + i));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (by_rowid, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         row_from_stmt (stmt));
  sqlite3_reset (stmt);
  for (guint i = 0; i < n; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, first + i);
      gpointer key = NULL, row = NULL;

      /* Stealing hands over the key too: it is ours to free. */
      if (g_hash_table_steal_extended (by_rowid, &rowid, &key, &row))
        g_free (key);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static gpointer
procure_sim_list_get_item (GListModel *model,
                           guint       position)
{
  ProcureSimList *self = PROCURE_SIM_LIST (model);

  if (position >= self->rowids->len || self->cache == NULL)
    return NULL;
  return procure_row_blocks_get (self->blocks, position, read_block, self);
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

  cancel_background_read (self);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (procure_sim_list_parent_class)->dispose (object);
}

static void
procure_sim_list_finalize (GObject *object)
{
  ProcureSimList *self = PROCURE_SIM_LIST (object);

  g_clear_pointer (&self->rowids, release_rowids);
  g_clear_pointer (&self->blocks, procure_row_blocks_free);
  g_clear_pointer (&self->value, g_free);
  for (int i = 0; i < N_CONDS; i++)
    g_clear_pointer (&self->conds[i], g_free);

  G_OBJECT_CLASS (procure_sim_list_parent_class)->finalize (object);
}

static void
procure_sim_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProcureSimList *self = PROCURE_SIM_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_sim_list_class_init (ProcureSimListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_sim_list_dispose;
  object_class->finalize = procure_sim_list_finalize;
  object_class->get_property = procure_sim_list_get_property;

  /* TRUE while a background reload reads the ids (the items are the
   * previous ones until it ends). */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_sim_list_init (ProcureSimList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->blocks = procure_row_blocks_new (BLOCK_SIZE, MAX_BLOCKS);
}

ProcureSimList *
procure_sim_list_new (void)
{
  return g_object_new (PROCURE_TYPE_SIM_LIST, NULL);
}

ProcureSimList *
procure_sim_list_new_filtered (ProcureSimFilter  filter,
                               const char       *value)
{
  ProcureSimList *self;

  g_return_val_if_fail (filter == PROCURE_SIM_FILTER_NONE || value != NULL, NULL);
  g_return_val_if_fail (filter <= PROCURE_SIM_FILTER_ACCOUNT, NULL);

  self = g_object_new (PROCURE_TYPE_SIM_LIST, NULL);
  self->filter = filter;
  if (filter != PROCURE_SIM_FILTER_NONE)
    {
      self->value = g_strdup (value);
      /* The filter enum and the condition slots are in the same order. */
      self->conds[COND_ORDER + filter - PROCURE_SIM_FILTER_ORDER] = g_strdup (value);
    }
  return self;
}

ProcureSimList *
procure_sim_list_new_query (const char *order_id,
                            const char *product_id,
                            const char *account_id,
                            const char *search)
{
  ProcureSimList *self = g_object_new (PROCURE_TYPE_SIM_LIST, NULL);
  const char *values[N_CONDS] = { order_id, product_id, account_id, search };
  guint n_set = 0;

  for (int i = 0; i < N_CONDS; i++)
    if (values[i] != NULL && *values[i] != '\0')
      {
        self->conds[i] = g_strdup (values[i]);
        n_set++;
      }
  /* One condition alone on order, product or account is also a filter. */
  for (int i = COND_ORDER; i <= COND_ACCOUNT && n_set == 1; i++)
    if (self->conds[i] != NULL)
      {
        self->filter = PROCURE_SIM_FILTER_ORDER + i - COND_ORDER;
        self->value = g_strdup (self->conds[i]);
      }
  return self;
}

ProcureSimList *
procure_sim_list_new_for_order (const char *order_id)
{
  g_return_val_if_fail (order_id != NULL, NULL);

  return procure_sim_list_new_filtered (PROCURE_SIM_FILTER_ORDER, order_id);
}

ProcureSimFilter
procure_sim_list_get_filter (ProcureSimList *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_LIST (self), PROCURE_SIM_FILTER_NONE);
  return self->filter;
}

const char *
procure_sim_list_get_filter_value (ProcureSimList *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_LIST (self), NULL);
  return self->value;
}

const char *
procure_sim_list_get_order_id (ProcureSimList *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_LIST (self), NULL);
  return self->filter == PROCURE_SIM_FILTER_ORDER ? self->value : NULL;
}

/* The rowid query for the conditions in @mask (bit i: conds[i] is set),
 * built from fixed fragments only (input is always bound, never spliced)
 * and kept for good: the cache keeps statements by their SQL's address. */
static const char *
rowid_query (guint mask)
{
  static const char *queries[1 << N_CONDS];
  static const char *const fragments[N_CONDS] = {
    "order_id = ?1", "product_id = ?2", "account_id = ?3",
    /* GLOB with a fixed prefix can use the ICCID index. */
    "(iccid GLOB ?4 OR imsi GLOB ?4 OR msisdn GLOB ?4)",
  };

  if (queries[mask] == NULL)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT rowid FROM sims");
      const char *joiner = " WHERE ";

      for (int i = 0; i < N_CONDS; i++)
        if (mask & (1u << i))
          {
            g_string_append_printf (sql, "%s%s", joiner, fragments[i]);
            joiner = " AND ";
          }
      /* Unfiltered, this walks the primary-key index: already in ICCID order. */
      g_string_append (sql, " ORDER BY iccid");
      queries[mask] = g_intern_string (sql->str);
    }
  return queries[mask];
}

/* "12*" for "12": a prefix match, with GLOB's own characters taken literally. */
static char *
glob_prefix (const char *text)
{
  GString *pattern = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '*' || *p == '?' || *p == '[')
      g_string_append_printf (pattern, "[%c]", *p);
    else
      g_string_append_c (pattern, *p);
  g_string_append_c (pattern, '*');
  return g_string_free (pattern, FALSE);
}

static guint
conds_mask (ProcureSimList *self)
{
  guint mask = 0;

  for (int i = 0; i < N_CONDS; i++)
    if (self->conds[i] != NULL)
      mask |= 1u << i;
  return mask;
}

/* Binds the conditions; @pattern is the search as a GLOB prefix. */
static void
bind_conds (sqlite3_stmt *stmt,
            char * const *conds,
            const char   *pattern)
{
  for (int i = COND_ORDER; i <= COND_ACCOUNT; i++)
    if (conds[i] != NULL)
      procure_cache_bind_text (stmt, i + 1, conds[i]);
  if (pattern != NULL)
    procure_cache_bind_text (stmt, COND_SEARCH + 1, pattern);
}

/* Steps @stmt to the end, appending the ids to @rowids (taken); returns
 * it, or NULL when SQLite failed (*@rc). */
static GArray *
collect_rowids (sqlite3_stmt *stmt,
                GArray       *rowids,
                int          *rc)
{

  /* Only the ids: a million of them are 8 MB and one index walk. */
  while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  if (*rc != SQLITE_DONE)
    g_clear_pointer (&rowids, g_array_unref);
  return rowids;
}

static GArray *
read_rowids (ProcureSimList *self)
{
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  GArray *rowids;
  int rc;

  if (self->cache == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  stmt = procure_cache_stmt (self->cache, rowid_query (conds_mask (self)));
  if (self->conds[COND_SEARCH] != NULL)
    pattern = glob_prefix (self->conds[COND_SEARCH]);
  bind_conds (stmt, self->conds, pattern);
  rowids = collect_rowids (stmt, g_array_new (FALSE, FALSE, sizeof (gint64)), &rc);
  sqlite3_reset (stmt);
  if (rowids == NULL)
    {
      g_warning ("Cannot list the cached SIMs: %s", sqlite3_errstr (rc));
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return rowids;
}

/* ---------- reading the ids on a worker thread ---------- */

/* What the worker needs, copied: the list may change meanwhile. */
typedef struct {
  char       *path;
  const char *sql;            /* interned */
  char       *conds[N_CONDS];
  char       *pattern;
  GArray     *rowids;         /* allocated on the main thread, see below */
} RowidRead;

static void
rowid_read_free (gpointer data)
{
  RowidRead *read = data;

  g_free (read->path);
  for (int i = 0; i < N_CONDS; i++)
    g_free (read->conds[i]);
  g_free (read->pattern);
  g_clear_pointer (&read->rowids, g_array_unref);
  g_free (read);
}

/* SQLite's progress callback: a non-zero answer interrupts the query. */
static int
query_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* On the worker: its own read-only connection (WAL lets it read while the
 * main connection writes), so nothing is shared with the main thread. */
static void
read_rowids_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  RowidRead *read = data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GArray *rowids = NULL;
  int rc;

  rc = sqlite3_open_v2 (read->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 2000);
      sqlite3_progress_handler (db, 10000, query_cancelled, cancellable);
      rc = sqlite3_prepare_v2 (db, read->sql, -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      bind_conds (stmt, read->conds, read->pattern);
      rowids = collect_rowids (stmt, g_steal_pointer (&read->rowids), &rc);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (rowids != NULL)
    g_task_return_pointer (task, rowids, (GDestroyNotify) g_array_unref);
  else if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot list the cached SIMs: %s",
                             sqlite3_errstr (rc));
}

static void
set_loading (ProcureSimList *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void replace_rowids (ProcureSimList *self, GArray *rowids);

static void
rowids_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProcureSimList *self = PROCURE_SIM_LIST (source);
  g_autoptr(GError) error = NULL;
  GArray *rowids = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer read replaced this one: it reports instead. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (rowids == NULL)
    {
      g_warning ("%s", error->message);
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  replace_rowids (self, rowids);
  set_loading (self, FALSE);
}

static gboolean
start_background_read (gpointer data)
{
  ProcureSimList *self = data;
  RowidRead *read = g_new0 (RowidRead, 1);
  g_autoptr(GTask) task = NULL;

  self->reload_idle = 0;
  read->path = g_strdup (procure_cache_get_path (self->cache));
  read->sql = rowid_query (conds_mask (self));
  for (int i = 0; i < N_CONDS; i++)
    read->conds[i] = g_strdup (self->conds[i]);
  if (self->conds[COND_SEARCH] != NULL)
    read->pattern = glob_prefix (self->conds[COND_SEARCH]);
  /* glibc grows a block in the arena it came from: started here, the ids
   * of a big query stay in the main arena instead of a worker thread's,
   * which kept ≈ 110 MB resident after ten searches over a million SIMs */
  read->rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 4096);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, rowids_read_cb, NULL);
  g_task_set_source_tag (task, start_background_read);
  g_task_set_task_data (task, read, rowid_read_free);
  g_task_run_in_thread (task, read_rowids_thread);
  return G_SOURCE_REMOVE;
}

/* Starts the read after this main-loop iteration: sync reloads inside the
 * transaction that wrote the SIMs, and the worker's own connection sees
 * them only once that commits. Several reloads in a row read once. */
static void
schedule_background_read (ProcureSimList *self)
{
  set_loading (self, TRUE);
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT, start_background_read,
                                         g_object_ref (self), g_object_unref);
}

static void
cancel_background_read (ProcureSimList *self)
{
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Frees @rowids. A million ids are 8 MB that glibc keeps in the (worker
 * thread's) heap once freed: each new search would leave another such
 * block behind in the resident set, so hand big ones back to the system. */
static void
release_rowids (GArray *rowids)
{
  gboolean big = rowids->len >= 256 * 1024;

  g_array_unref (rowids);
#ifdef __GLIBC__
  if (big)
    malloc_trim (0);
#endif
}

/* Replaces the ids and reports only the range between the unchanged
 * head and tail: new SIMs of one order are one contiguous ICCID block. */
static void
replace_rowids (ProcureSimList *self,
                GArray         *rowids)
{
  GArray *old = self->rowids;
  guint head, removed, added;

  procure_rowids_difference (old, rowids, &head, &removed, &added);
  self->rowids = rowids;
  release_rowids (old);
  /* Rows may have changed even where the ids did not. */
  procure_row_blocks_clear (self->blocks);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, removed, added);
}

void
procure_sim_list_set_cache (ProcureSimList *self,
                            ProcureCache   *cache)
{
  g_return_if_fail (PROCURE_IS_SIM_LIST (self));
  g_return_if_fail (cache == NULL || PROCURE_IS_CACHE (cache));

  /* The old ids mean nothing in another cache: never mix the two. */
  if (self->background && self->cache != cache)
    {
      cancel_background_read (self);
      replace_rowids (self, g_array_new (FALSE, FALSE, sizeof (gint64)));
    }
  g_set_object (&self->cache, cache);
  procure_sim_list_reload (self);
}

void
procure_sim_list_reload (ProcureSimList *self)
{
  g_return_if_fail (PROCURE_IS_SIM_LIST (self));

  if (self->background && self->cache != NULL)
    {
      schedule_background_read (self);
      return;
    }
  cancel_background_read (self);
  replace_rowids (self, read_rowids (self));
  set_loading (self, FALSE);
}

void
procure_sim_list_set_background (ProcureSimList *self,
                                 gboolean        background)
{
  g_return_if_fail (PROCURE_IS_SIM_LIST (self));
  self->background = background;
}

gboolean
procure_sim_list_get_loading (ProcureSimList *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_LIST (self), FALSE);
  return self->loading;
}
