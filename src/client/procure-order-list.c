/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <string.h>

#include "procure-order-list.h"
#include "procure-cache-private.h"
#include "procure-row-blocks.h"

/* A few blocks of rows are kept: a view asks for neighbouring rows. */
#define MAX_BLOCKS 16
/* More written orders than this at once: query again instead of placing
 * each one (a sync page of 500 orders, the first fill). */
#define MAX_INCREMENTAL 64

enum { FILTER_INBOX = 1 << 0, FILTER_STATUS = 1 << 1, FILTER_TEXT = 1 << 2, N_FILTER_MASKS = 1 << 3 };

struct _ProcureOrderList
{
  GObject           parent_instance;

  ProcureCache     *cache;
  gulong            changed_handler;
  ProcureOrderList *base;            /* a view follows its base's cache */
  gulong            base_handler;
  gulong            base_loading_handler;

  gboolean          inbox_only;
  ProcureStatus     status;          /* PROCURE_STATUS_INVALID: any */
  char             *needle;          /* case-folded search text, NULL: any */
  ProcureOrderSort  sort;
  gboolean          descending;

  GArray           *rowids;          /* gint64, in display order */
  ProcureRowBlocks *blocks;          /* of ProcureOrderRow */

  guint             generation;      /* of the newest query started */
  GCancellable     *cancellable;     /* of the query in the worker */
  gboolean          loading;
  gboolean          stale;           /* orders changed while loading */
  gboolean          awaiting_base;   /* a view waiting for its base's rows */
};

enum { PROP_0, PROP_CACHE, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static guint sync_limit = 20000;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProcureOrderList, procure_order_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---------- SQL ---------- */

/* The ORDER BY column of each ProcureOrderSort (names are compared as
 * SQLite's NOCASE does, see compare_keys()). */
static const struct {
  const char *column;
  gboolean    nocase;
} sort_columns[PROCURE_N_ORDER_SORTS] = {
  [PROCURE_ORDER_SORT_CREATED] = { "created_at", FALSE },
  [PROCURE_ORDER_SORT_NUMBER] = { "number", FALSE },
  [PROCURE_ORDER_SORT_STATUS] = { "status", FALSE },
  [PROCURE_ORDER_SORT_ACCOUNT] = { "account_name", TRUE },
  [PROCURE_ORDER_SORT_TOTAL] = { "total", FALSE },
  [PROCURE_ORDER_SORT_REQUESTED_DATE] = { "requested_ship_date", FALSE },
  [PROCURE_ORDER_SORT_CREATED_BY] = { "created_by_name", TRUE },
};

static guint
filter_mask (ProcureOrderList *self)
{
  return (self->inbox_only ? FILTER_INBOX : 0) |
         (self->status != PROCURE_STATUS_INVALID ? FILTER_STATUS : 0) |
         (self->needle != NULL ? FILTER_TEXT : 0);
}

/* The conditions of @mask joined by AND ("1" for none). Only fixed text:
 * values are always bound (?1 status, ?2 search text). */
static void
append_conditions (GString *sql,
                   guint    mask)
{
  g_string_append (sql, "1");
  if (mask & FILTER_INBOX)
    g_string_append (sql, " AND inbox = 1");
  if (mask & FILTER_STATUS)
    g_string_append (sql, " AND status = ?1");
  if (mask & FILTER_TEXT)
    g_string_append (sql, " AND instr(search, ?2) > 0");
}

/* The statements are kept by the cache under their SQL's address: every
 * query text is built once and interned. */
static const char *
rowid_query (guint            mask,
             ProcureOrderSort sort,
             gboolean         descending)
{
  static const char *queries[N_FILTER_MASKS][PROCURE_N_ORDER_SORTS][2];
  const char **slot = &queries[mask][sort][descending];

  if (*slot == NULL)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT rowid FROM orders WHERE ");
      const char *dir = descending ? "DESC" : "ASC";

      append_conditions (sql, mask);
      g_string_append_printf (sql, " ORDER BY %s%s %s, id %s", sort_columns[sort].column,
                              sort_columns[sort].nocase ? " COLLATE NOCASE" : "", dir, dir);
      *slot = g_intern_string (sql->str);
    }
  return *slot;
}

/* Whether the order at rowid ?3 exists and passes the filter. */
static const char *
match_query (guint mask)
{
  static const char *queries[N_FILTER_MASKS];

  if (queries[mask] == NULL)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT ");

      append_conditions (sql, mask);
      g_string_append (sql, " FROM orders WHERE rowid = ?3");
      queries[mask] = g_intern_string (sql->str);
    }
  return queries[mask];
}

static const char *
key_query (ProcureOrderSort sort)
{
  static const char *queries[PROCURE_N_ORDER_SORTS];

  if (queries[sort] == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s, id FROM orders WHERE rowid = ?1",
                                              sort_columns[sort].column);
      queries[sort] = g_intern_string (sql);
    }
  return queries[sort];
}

static void
bind_filter (sqlite3_stmt  *stmt,
             guint          mask,
             ProcureStatus  status,
             const char    *needle)
{
  if (mask & FILTER_STATUS)
    sqlite3_bind_int (stmt, 1, status);
  if (mask & FILTER_TEXT)
    sqlite3_bind_text (stmt, 2, needle, -1, SQLITE_TRANSIENT);
}

static GArray *
collect_rowids (sqlite3_stmt *stmt,
                GCancellable *cancellable)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      /* A newer query makes this one pointless. */
      if (++n % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  return rowids;
}

/* ---------- GListModel ---------- */

static GType
procure_order_list_get_item_type (GListModel *model)
{
  return PROCURE_TYPE_ORDER_ROW;
}

static guint
procure_order_list_get_n_items (GListModel *model)
{
  return PROCURE_ORDER_LIST (model)->rowids->len;
}

static GPtrArray *
read_block (gpointer owner,
            guint    block)
{
  ProcureOrderList *self = owner;
  guint first = block * PROCURE_CACHE_ORDER_BLOCK;
  guint n = MIN (PROCURE_CACHE_ORDER_BLOCK, self->rowids->len - first);
  GPtrArray *rows = procure_row_blocks_new_rows (n);

  g_ptr_array_set_size (rows, n);
  procure_cache_read_order_rows (self->cache, &g_array_index (self->rowids, gint64, first), n,
                                 (ProcureOrderRow **) rows->pdata);
  return rows;
}

static gpointer
procure_order_list_get_item (GListModel *model,
                             guint       position)
{
  ProcureOrderList *self = PROCURE_ORDER_LIST (model);

  if (position >= self->rowids->len || self->cache == NULL)
    return NULL;
  /* Rows a view still holds stay alive anyway and are handed out again by
   * the cache. */
  return procure_row_blocks_get (self->blocks, position, read_block, self);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = procure_order_list_get_item_type;
  iface->get_n_items = procure_order_list_get_n_items;
  iface->get_item = procure_order_list_get_item;
}

/* ---------- applying a query's result ---------- */

/* Replaces the rowids and reports only the range between the unchanged
 * head and tail, so a view keeps the rows it already shows. */
static void
replace_rowids (ProcureOrderList *self,
                GArray           *rowids)
{
  GArray *old = self->rowids;
  guint head, removed, added;

  procure_rowids_difference (old, rowids, &head, &removed, &added);
  procure_row_blocks_clear (self->blocks);
  self->rowids = rowids;
  g_array_unref (old);
  /* One change, also when it both removes and adds: views show this list
   * through a ProcureSlotList, which keeps the rows of the replaced range
   * and reports only the difference in length. */
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, removed, added);
}

static void
set_loading (ProcureOrderList *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---------- querying ---------- */

typedef struct {
  char          *path;
  const char    *sql;
  guint          mask;
  ProcureStatus  status;
  char          *needle;
  guint          generation;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->path);
  g_free (data->needle);
  g_free (data);
}

/* Stops a sort SQLite is still doing for a query nobody waits for. */
static int
query_progress (gpointer cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* In the worker: a read-only connection of its own (WAL lets it read while
 * the main thread writes). */
static void
query_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GArray *rowids;

  if (sqlite3_open_v2 (data->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, data->sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "Cache %s: %s",
                               data->path, db ? sqlite3_errmsg (db) : "cannot open");
      sqlite3_close_v2 (db);
      return;
    }
  sqlite3_busy_timeout (db, 2000);
  sqlite3_progress_handler (db, 10000, query_progress, cancellable);
  bind_filter (stmt, data->mask, data->status, data->needle);
  rowids = collect_rowids (stmt, cancellable);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  g_task_return_pointer (task, rowids, (GDestroyNotify) g_array_unref);
}

static void requery (ProcureOrderList *self);

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ProcureOrderList *self = PROCURE_ORDER_LIST (source);
  QueryData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GArray *rowids = g_task_propagate_pointer (G_TASK (result), &error);

  /* Superseded by a newer query (or the cache went away): ignore. */
  if (data->generation != self->generation)
    {
      g_clear_pointer (&rowids, g_array_unref);
      return;
    }
  g_clear_object (&self->cancellable);
  if (rowids == NULL)
    g_warning ("Order query failed: %s", error->message);
  else
    replace_rowids (self, rowids);
  if (self->stale)
    {
      /* Orders were written while we read: read again. */
      requery (self);
      return;
    }
  set_loading (self, FALSE);
}

static GArray *
query_now (ProcureOrderList *self)
{
  guint mask = filter_mask (self);
  sqlite3_stmt *stmt = procure_cache_stmt (self->cache, rowid_query (mask, self->sort, self->descending));
  GArray *rowids;

  bind_filter (stmt, mask, self->status, self->needle);
  rowids = collect_rowids (stmt, NULL);
  sqlite3_reset (stmt);
  return rowids;
}

/* Runs the list's query: at once on a small cache, else in a worker. */
static void
requery (ProcureOrderList *self)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  self->generation++;
  self->stale = FALSE;
  self->awaiting_base = FALSE;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->cache == NULL)
    {
      replace_rowids (self, g_array_new (FALSE, FALSE, sizeof (gint64)));
      set_loading (self, FALSE);
      return;
    }
  if (procure_cache_count_orders (self->cache) < sync_limit)
    {
      replace_rowids (self, query_now (self));
      set_loading (self, FALSE);
      return;
    }

  data = g_new0 (QueryData, 1);
  data->path = g_strdup (procure_cache_get_path (self->cache));
  data->mask = filter_mask (self);
  data->sql = rowid_query (data->mask, self->sort, self->descending);
  data->status = self->status;
  data->needle = g_strdup (self->needle);
  data->generation = self->generation;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, query_done, NULL);
  g_task_set_source_tag (task, requery);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, query_thread);
}

/* ---------- placing a written order ---------- */

typedef struct {
  int         type;       /* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
  gint64      number;
  char       *text;
  char       *id;
} SortKey;

static void
sort_key_clear (SortKey *key)
{
  g_clear_pointer (&key->text, g_free);
  g_clear_pointer (&key->id, g_free);
}

static void
read_key (ProcureOrderList *self,
          gint64            rowid,
          SortKey          *key)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self->cache, key_query (self->sort));

  sort_key_clear (key);
  key->type = SQLITE_NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      key->type = sqlite3_column_type (stmt, 0);
      if (key->type == SQLITE_INTEGER)
        key->number = sqlite3_column_int64 (stmt, 0);
      else if (key->type != SQLITE_NULL)
        {
          key->type = SQLITE_TEXT;
          key->text = procure_cache_column_text (stmt, 0);
        }
      key->id = procure_cache_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
}

/* The list's ORDER BY as SQLite applies it: NULL before numbers before
 * text, text binary or NOCASE, then the id; reversed when descending. */
static int
compare_keys (ProcureOrderList *self,
              const SortKey    *a,
              const SortKey    *b)
{
  int cmp;

  if (a->type != b->type)
    cmp = a->type == SQLITE_NULL ? -1 : b->type == SQLITE_NULL ? 1 : a->type == SQLITE_INTEGER ? -1 : 1;
  else if (a->type == SQLITE_INTEGER)
    cmp = (a->number > b->number) - (a->number < b->number);
  else if (a->type == SQLITE_TEXT)
    cmp = sort_columns[self->sort].nocase ? sqlite3_stricmp (a->text, b->text) : strcmp (a->text, b->text);
  else
    cmp = 0;
  if (cmp == 0)
    cmp = g_strcmp0 (a->id, b->id);
  return self->descending ? -cmp : cmp;
}

static gboolean
order_matches (ProcureOrderList *self,
               gint64            rowid)
{
  guint mask = filter_mask (self);
  sqlite3_stmt *stmt = procure_cache_stmt (self->cache, match_query (mask));
  gboolean matches;

  bind_filter (stmt, mask, self->status, self->needle);
  sqlite3_bind_int64 (stmt, 3, rowid);
  matches = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return matches;
}

static gboolean
find_rowid (ProcureOrderList *self,
            gint64            rowid,
            guint            *position)
{
  const gint64 *ids = (const gint64 *) (gpointer) self->rowids->data;

  for (guint i = 0; i < self->rowids->len; i++)
    if (ids[i] == rowid)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

/* Whether the row at @position still sorts between its neighbours. */
static gboolean
in_place (ProcureOrderList *self,
          guint             position,
          const SortKey    *key)
{
  SortKey other = { 0 };
  gboolean ok = TRUE;

  if (position > 0)
    {
      read_key (self, g_array_index (self->rowids, gint64, position - 1), &other);
      ok = compare_keys (self, &other, key) <= 0;
    }
  if (ok && position + 1 < self->rowids->len)
    {
      read_key (self, g_array_index (self->rowids, gint64, position + 1), &other);
      ok = compare_keys (self, key, &other) <= 0;
    }
  sort_key_clear (&other);
  return ok;
}

/* Binary search with one indexed look-up per step (17 for 100,000). */
static guint
insert_position (ProcureOrderList *self,
                 const SortKey    *key)
{
  SortKey other = { 0 };
  guint lo = 0, hi = self->rowids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      read_key (self, g_array_index (self->rowids, gint64, mid), &other);
      if (compare_keys (self, &other, key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  sort_key_clear (&other);
  return lo;
}

static void
remove_at (ProcureOrderList *self,
           guint             position)
{
  g_array_remove_index (self->rowids, position);
  procure_row_blocks_clear (self->blocks);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
insert_sorted (ProcureOrderList *self,
               gint64            rowid,
               const SortKey    *key)
{
  guint position = insert_position (self, key);

  g_array_insert_val (self->rowids, position, rowid);
  procure_row_blocks_clear (self->blocks);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/* Enters, removes or moves one written (or deleted) order. */
static void
place_order (ProcureOrderList *self,
             gint64            rowid)
{
  gboolean matches = order_matches (self, rowid);
  SortKey key = { 0 };
  guint position;

  if (find_rowid (self, rowid, &position))
    {
      if (!matches)
        {
          remove_at (self, position);
          return;
        }
      read_key (self, rowid, &key);
      if (!in_place (self, position, &key))
        {
          remove_at (self, position);
          insert_sorted (self, rowid, &key);
        }
    }
  else if (matches)
    {
      read_key (self, rowid, &key);
      insert_sorted (self, rowid, &key);
    }
  sort_key_clear (&key);
}

static void
on_orders_changed (ProcureCache     *cache,
                   GArray           *rowids,
                   ProcureOrderList *self)
{
  if (self->loading)
    {
      /* The running query may predate these writes. */
      self->stale = TRUE;
      return;
    }
  if (rowids->len > MAX_INCREMENTAL)
    {
      requery (self);
      return;
    }
  for (guint i = 0; i < rowids->len; i++)
    place_order (self, g_array_index (rowids, gint64, i));
}

/* ---------- GObject ---------- */

static void
disconnect_cache (ProcureOrderList *self)
{
  if (self->cache != NULL)
    g_clear_signal_handler (&self->changed_handler, self->cache);
  g_clear_object (&self->cache);
}

static void
procure_order_list_dispose (GObject *object)
{
  ProcureOrderList *self = PROCURE_ORDER_LIST (object);

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  disconnect_cache (self);
  if (self->base != NULL)
    {
      g_clear_signal_handler (&self->base_handler, self->base);
      g_clear_signal_handler (&self->base_loading_handler, self->base);
    }
  g_clear_object (&self->base);
  if (self->blocks != NULL)
    procure_row_blocks_clear (self->blocks);

  G_OBJECT_CLASS (procure_order_list_parent_class)->dispose (object);
}

static void
procure_order_list_finalize (GObject *object)
{
  ProcureOrderList *self = PROCURE_ORDER_LIST (object);

  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->blocks, procure_row_blocks_free);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (procure_order_list_parent_class)->finalize (object);
}

static void
procure_order_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ProcureOrderList *self = PROCURE_ORDER_LIST (object);

  switch (prop_id)
    {
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_order_list_class_init (ProcureOrderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_order_list_dispose;
  object_class->finalize = procure_order_list_finalize;
  object_class->get_property = procure_order_list_get_property;

  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, PROCURE_TYPE_CACHE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_order_list_init (ProcureOrderList *self)
{
  self->status = PROCURE_STATUS_INVALID;
  self->sort = PROCURE_ORDER_SORT_CREATED;
  self->descending = TRUE;
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->blocks = procure_row_blocks_new (PROCURE_CACHE_ORDER_BLOCK, MAX_BLOCKS);
}

/* ---------- public API ---------- */

ProcureOrderList *
procure_order_list_new (gboolean inbox_only)
{
  ProcureOrderList *self = g_object_new (PROCURE_TYPE_ORDER_LIST, NULL);

  self->inbox_only = inbox_only;
  return self;
}

/* Whether a view asks its base's query (same status, no search text on
 * either, same sort): the base's result is then the view's too. A fresh
 * view is newest first and unfiltered. */
static gboolean
asks_as_base (ProcureOrderList *self)
{
  ProcureOrderList *base = self->base;

  return base->status == self->status && base->needle == NULL && self->needle == NULL
         && base->sort == self->sort && base->descending == self->descending;
}

/* A view that asks its base's query takes the base's rows instead of
 * reading them again; while the base still reads them (a big cache is
 * read in a worker), the view waits for them. */
static void
take_base_rows (ProcureOrderList *self)
{
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->stale = FALSE;
  self->awaiting_base = self->base->loading;
  if (self->awaiting_base)
    {
      set_loading (self, TRUE);
      return;
    }
  replace_rowids (self, g_array_copy (self->base->rowids));
  set_loading (self, FALSE);
}

/* Shows @cache's rows: a view asking its base's query takes the base's,
 * any other list queries (at once on a small cache, else in a worker: the
 * app's first frame does not wait for 100,000 orders). */
static void
set_cache (ProcureOrderList *self,
           ProcureCache     *cache)
{
  gboolean changed = cache != self->cache;

  if (changed)
    {
      disconnect_cache (self);
      if (cache != NULL)
        {
          self->cache = g_object_ref (cache);
          self->changed_handler = g_signal_connect_object (cache, "orders-changed",
                                                           G_CALLBACK (on_orders_changed), self, 0);
        }
      /* Rows of another cache must not be handed out. */
      procure_row_blocks_clear (self->blocks);
      replace_rowids (self, g_array_new (FALSE, FALSE, sizeof (gint64)));
    }
  if (self->cache != NULL && self->base != NULL && self->base->cache == self->cache && asks_as_base (self))
    take_base_rows (self);
  else
    requery (self);
  /* After the rows: views of this list take them instead of asking again. */
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE]);
}

static void
on_base_cache_changed (ProcureOrderList *self)
{
  set_cache (self, self->base->cache);
}

/* The base's rows came: a view waiting for them takes them (or, if it has
 * asked something else since, has already queried itself). */
static void
on_base_loading (ProcureOrderList *self)
{
  if (!self->awaiting_base || self->base->loading || self->base->cache != self->cache)
    return;
  if (asks_as_base (self))
    take_base_rows (self);
  else
    requery (self);
}

ProcureOrderList *
procure_order_list_new_view (ProcureOrderList *base)
{
  ProcureOrderList *self;

  g_return_val_if_fail (PROCURE_IS_ORDER_LIST (base), NULL);

  self = procure_order_list_new (base->inbox_only);
  self->base = g_object_ref (base);
  self->base_handler = g_signal_connect_object (base, "notify::cache",
                                                G_CALLBACK (on_base_cache_changed), self,
                                                G_CONNECT_SWAPPED);
  self->base_loading_handler = g_signal_connect_object (base, "notify::loading",
                                                        G_CALLBACK (on_base_loading), self,
                                                        G_CONNECT_SWAPPED);
  if (base->cache != NULL)
    set_cache (self, base->cache);
  return self;
}

void
procure_order_list_set_cache (ProcureOrderList *self,
                              ProcureCache     *cache)
{
  g_return_if_fail (PROCURE_IS_ORDER_LIST (self));
  g_return_if_fail (cache == NULL || PROCURE_IS_CACHE (cache));

  set_cache (self, cache);
}

ProcureCache *
procure_order_list_get_cache (ProcureOrderList *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_LIST (self), NULL);
  return self->cache;
}

void
procure_order_list_set_filter (ProcureOrderList *self,
                               ProcureStatus     status,
                               const char       *text)
{
  g_autofree char *needle = NULL;

  g_return_if_fail (PROCURE_IS_ORDER_LIST (self));

  /* The cache's search column is case-folded the same way. */
  if (text != NULL && *text != '\0')
    needle = g_utf8_casefold (text, -1);
  if (status == self->status && g_strcmp0 (needle, self->needle) == 0)
    return;
  self->status = status;
  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  requery (self);
}

void
procure_order_list_set_sort (ProcureOrderList *self,
                             ProcureOrderSort  sort,
                             gboolean          descending)
{
  g_return_if_fail (PROCURE_IS_ORDER_LIST (self));
  g_return_if_fail (sort < PROCURE_N_ORDER_SORTS);

  if (sort == self->sort && !descending == !self->descending)
    return;
  self->sort = sort;
  self->descending = !!descending;
  requery (self);
}

gboolean
procure_order_list_is_loading (ProcureOrderList *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_LIST (self), FALSE);
  return self->loading;
}

void
procure_order_list_set_sync_limit (guint limit)
{
  sync_limit = limit;
}
