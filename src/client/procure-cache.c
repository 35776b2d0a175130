/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "procure-cache.h"
#include "procure-cache-private.h"
#include "procure-order-row-private.h"
#include "procure-product-row.h"
#include "procure-account-row.h"
#include "procure-sim-row.h"
#include "procure-json.h"

struct _ProcureCache
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *stmts;      /* SQL text -> sqlite3_stmt */
  gboolean    rebuilt;

  GHashTable *order_rows;       /* live ProcureOrderRows: rowid -> row (weak) */
  GArray     *changed_orders;   /* rowids written since the last "orders-changed" */
};

enum { SIGNAL_ORDERS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ProcureCache, procure_cache, G_TYPE_OBJECT)

/* MIGRATIONS[i] takes a database from user_version i to i + 1. */
static const char * const MIGRATIONS[] = {
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE orders ("
  "  id TEXT PRIMARY KEY, number TEXT, status INTEGER NOT NULL,"
  "  account_id TEXT, account_name TEXT, created_at TEXT, created_by TEXT,"
  "  created_by_name TEXT, total INTEGER NOT NULL DEFAULT 0, currency TEXT,"
  "  requested_ship_date TEXT, version INTEGER NOT NULL DEFAULT 0, updated_at TEXT,"
  "  inbox INTEGER NOT NULL DEFAULT 0, search TEXT, doc TEXT NOT NULL);"
  "CREATE INDEX orders_by_created ON orders (created_at DESC, id);"
  "CREATE INDEX orders_by_status ON orders (status);"
  "CREATE INDEX orders_by_account ON orders (account_id);"
  "CREATE INDEX orders_by_number ON orders (number);"
  "CREATE TABLE products (id TEXT PRIMARY KEY, code TEXT, doc TEXT NOT NULL);"
  "CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT, doc TEXT NOT NULL);"
  "CREATE TABLE sims ("
  "  iccid TEXT PRIMARY KEY, imsi TEXT, msisdn TEXT, account_id TEXT, order_id TEXT,"
  "  product_id TEXT, s0 TEXT, s1 TEXT, s2 TEXT, s3 TEXT, s4 TEXT);"
  "CREATE INDEX sims_by_order ON sims (order_id);"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind INTEGER NOT NULL, order_id TEXT NOT NULL,"
  "  action INTEGER NOT NULL DEFAULT -1, body TEXT, idempotency_key TEXT NOT NULL,"
  "  base_version INTEGER NOT NULL DEFAULT 0, conflict INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT);",

  /* 2: documents apart, so listing orders scans only the small columns. */
  "CREATE TABLE order_docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL);"
  "INSERT INTO order_docs (id, doc) SELECT id, doc FROM orders;"
  "ALTER TABLE orders DROP COLUMN doc;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (MIGRATIONS) == PROCURE_CACHE_SCHEMA_VERSION);

/* The order lists' start-up queries (procure-order-list.c) walk these
 * instead of sorting 100,000 rows. Only indexes, so older versions can
 * still read the file: created on open rather than by a migration. */
#define ORDER_LIST_INDEXES \
  "CREATE INDEX IF NOT EXISTS orders_by_newest ON orders (created_at DESC, id DESC);" \
  "CREATE INDEX IF NOT EXISTS orders_inbox_by_newest ON orders (inbox, created_at DESC, id DESC);"

void
procure_cache_set_sqlite_error (ProcureCache  *self,
                                GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cache %s: %s",
               self->path, self->db ? sqlite3_errmsg (self->db) : "not open");
}

static gboolean
exec (ProcureCache  *self,
      const char    *sql,
      GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      procure_cache_set_sqlite_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_cache_checkpoint (ProcureCache  *self,
                          GError       **error)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  return exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

sqlite3_stmt *
procure_cache_stmt (ProcureCache *self,
                    const char   *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          g_critical ("Cannot prepare %s: %s", sql, sqlite3_errmsg (self->db));
          return NULL;
        }
      g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
procure_cache_step_done (ProcureCache  *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      procure_cache_set_sqlite_error (self, error);
      return FALSE;
    }
  return TRUE;
}

void
procure_cache_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
procure_cache_column_text (sqlite3_stmt *stmt,
                           int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static int
get_user_version (ProcureCache *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Reads the schema: a file whose header or schema is damaged fails here. */
static gboolean
schema_ok (ProcureCache *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return ok;
}

/* Whether the last program to use the file did not close it: SQLite
 * removes the write-ahead log when the last connection closes. */
static gboolean
closed_uncleanly (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;

  return g_stat (wal, &buf) == 0 && buf.st_size > 0;
}

/* Reads every page: 0.7 s of CPU for 100,000 orders and a million SIMs. */
static gboolean
integrity_ok (ProcureCache *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
migrate (ProcureCache  *self,
         int            from,
         GError       **error)
{
  g_autofree char *set_version = NULL;

  if (from == PROCURE_CACHE_SCHEMA_VERSION)
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (int v = from; v < PROCURE_CACHE_SCHEMA_VERSION; v++)
    if (!exec (self, MIGRATIONS[v], error))
      {
        exec (self, "ROLLBACK", NULL);
        return FALSE;
      }
  set_version = g_strdup_printf ("PRAGMA user_version = %d", PROCURE_CACHE_SCHEMA_VERSION);
  if (!exec (self, set_version, error) || !exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

static void
close_db (ProcureCache *self)
{
  g_hash_table_remove_all (self->stmts);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

static void
delete_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("Cannot delete %s: %s", file, g_strerror (errno));
    }
}

/* PROCURE_CACHE_PROFILE=MS logs every statement of the main connection
 * that ran at least MS milliseconds (a debugging aid for start-up and
 * list work; the worker threads' connections are not traced). */
static int
profile_statement (unsigned int  type,
                   void         *data,
                   void         *p,
                   void         *x)
{
  gint64 ns = *(gint64 *) x;
  char *sql;

  if (ns < GPOINTER_TO_INT (data) * G_GINT64_CONSTANT (1000000))
    return 0;
  sql = sqlite3_expanded_sql (p);
  g_message ("cache[%d]: %.1f ms: %s", (int) getpid (), ns / 1e6, sql != NULL ? sql : sqlite3_sql (p));
  sqlite3_free (sql);
  return 0;
}

static void
maybe_profile (sqlite3 *db)
{
  const char *value = g_getenv ("PROCURE_CACHE_PROFILE");

  if (value != NULL && *value != '\0')
    sqlite3_trace_v2 (db, SQLITE_TRACE_PROFILE, profile_statement,
                      GINT_TO_POINTER (CLAMP (atoi (value), 0, 60000)));
}

/* Opens and checks the file; FALSE (with @error) if it is unusable. */
static gboolean
try_open (ProcureCache  *self,
          GError       **error)
{
  int version;
  /* WAL keeps the file consistent across crashes; reading all of it is for
   * when a crash may have met a damaged disk, not for every start. */
  gboolean full_check = closed_uncleanly (self->path);

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      procure_cache_set_sqlite_error (self, error);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 2000);
  maybe_profile (self->db);
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA mmap_size = 0", error))
    return FALSE;

  version = get_user_version (self);
  if (version < 0 || version > PROCURE_CACHE_SCHEMA_VERSION || !schema_ok (self) ||
      (full_check && !integrity_ok (self)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Cache %s is corrupt or from an incompatible version (%d)", self->path, version);
      return FALSE;
    }
  return migrate (self, version, error) && exec (self, ORDER_LIST_INDEXES, error);
}

static void
procure_cache_finalize (GObject *object)
{
  ProcureCache *self = PROCURE_CACHE (object);

  close_db (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->order_rows, g_hash_table_unref);
  g_clear_pointer (&self->changed_orders, g_array_unref);

  G_OBJECT_CLASS (procure_cache_parent_class)->finalize (object);
}

static void
procure_cache_class_init (ProcureCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = procure_cache_finalize;

  /* (GArray of gint64 rowids): orders were written or deleted; emitted
   * after each write outside a transaction, else at commit or rollback. */
  signals[SIGNAL_ORDERS_CHANGED] =
    g_signal_new ("orders-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
procure_cache_init (ProcureCache *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  self->order_rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->changed_orders = g_array_new (FALSE, FALSE, sizeof (gint64));
}

char *
procure_cache_path_for (const char *cache_dir,
                        const char *server_url,
                        const char *login)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (server_url != NULL && login != NULL, NULL);

  key = g_strconcat (server_url, "\n", login, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strdup_printf ("%.32s.sqlite", hash);
  if (cache_dir == NULL)
    return g_build_filename (g_get_user_cache_dir (), "procure", name, NULL);
  return g_build_filename (cache_dir, name, NULL);
}

ProcureCache *
procure_cache_open (const char  *path,
                    GError     **error)
{
  g_autoptr(ProcureCache) self = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) open_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (PROCURE_TYPE_CACHE, NULL);
  self->path = g_strdup (path);
  if (try_open (self, &open_error))
    return g_steal_pointer (&self);

  /* A cache is only a copy of the server: throw it away and start over. */
  g_message ("Rebuilding cache: %s", open_error->message);
  close_db (self);
  delete_files (path);
  self->rebuilt = TRUE;
  if (!try_open (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
procure_cache_get_path (ProcureCache *self)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);
  return self->path;
}

gboolean
procure_cache_was_rebuilt (ProcureCache *self)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  return self->rebuilt;
}

/* Tells the order lists which rows changed since the last time. */
static void
emit_orders_changed (ProcureCache *self)
{
  g_autoptr(GArray) changed = NULL;

  if (self->changed_orders->len == 0)
    return;
  changed = g_steal_pointer (&self->changed_orders);
  self->changed_orders = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_emit (self, signals[SIGNAL_ORDERS_CHANGED], 0, changed);
}

static void
note_order_changed (ProcureCache *self,
                    gint64        rowid)
{
  g_array_append_val (self->changed_orders, rowid);
  if (sqlite3_get_autocommit (self->db))
    emit_orders_changed (self);
}

gboolean
procure_cache_begin (ProcureCache  *self,
                     GError       **error)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
procure_cache_commit (ProcureCache  *self,
                      GError       **error)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  if (!exec (self, "COMMIT", error))
    return FALSE;
  emit_orders_changed (self);
  return TRUE;
}

void
procure_cache_rollback (ProcureCache *self)
{
  g_return_if_fail (PROCURE_IS_CACHE (self));
  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
  /* Lists compare with what the file holds, so telling them is harmless. */
  emit_orders_changed (self);
}

char *
procure_cache_get_meta (ProcureCache *self,
                        const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  stmt = procure_cache_stmt (self, "SELECT value FROM meta WHERE key = ?1");
  procure_cache_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = procure_cache_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
procure_cache_set_meta (ProcureCache  *self,
                        const char    *key,
                        const char    *value,
                        GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  stmt = procure_cache_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)");
  procure_cache_bind_text (stmt, 1, key);
  procure_cache_bind_text (stmt, 2, value);
  return procure_cache_step_done (self, stmt, error);
}

gint64
procure_cache_get_sync_position (ProcureCache *self)
{
  g_autofree char *value = procure_cache_get_meta (self, "sync_position");

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
procure_cache_set_sync_position (ProcureCache  *self,
                                 gint64         seq,
                                 GError       **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  return procure_cache_set_meta (self, "sync_position", value, error);
}

gboolean
procure_cache_is_empty (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  gboolean empty;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), TRUE);

  stmt = procure_cache_stmt (self,
                             "SELECT NOT EXISTS (SELECT 1 FROM orders) AND"
                             " NOT EXISTS (SELECT 1 FROM products) AND"
                             " NOT EXISTS (SELECT 1 FROM accounts)");
  empty = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return empty;
}

/* ---------- documents ---------- */

static gboolean
put_doc (ProcureCache  *self,
         const char    *sql,
         const char    *id,
         const char    *key,
         JsonNode      *doc,
         GError       **error)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self, sql);
  g_autofree char *text = procure_json_to_string (doc);

  procure_cache_bind_text (stmt, 1, id);
  procure_cache_bind_text (stmt, 2, key);
  procure_cache_bind_text (stmt, 3, text);
  return procure_cache_step_done (self, stmt, error);
}

static JsonNode *
get_doc (ProcureCache *self,
         const char   *sql,
         const char   *id)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self, sql);
  JsonNode *node = NULL;

  procure_cache_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(GError) error = NULL;

      node = procure_json_parse (text, -1, &error);
      if (node == NULL)
        g_warning ("Cached document %s unreadable: %s", id, error->message);
    }
  sqlite3_reset (stmt);
  return node;
}

static gboolean
delete_by_id (ProcureCache  *self,
              const char    *sql,
              const char    *id,
              GError       **error)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self, sql);

  procure_cache_bind_text (stmt, 1, id);
  return procure_cache_step_done (self, stmt, error);
}

/* ---------- orders ---------- */

/* The rowid of order @id, 0 if it is not cached. */
static gint64
order_rowid (ProcureCache *self,
             const char   *id)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self, "SELECT rowid FROM orders WHERE id = ?1");
  gint64 rowid = 0;

  procure_cache_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

/* A row somebody still shows is updated in place (notifying what changed). */
static void
update_live_row (ProcureCache       *self,
                 gint64              rowid,
                 const ProcureOrder *order,
                 gboolean            inbox)
{
  ProcureOrderRow *row = g_hash_table_lookup (self->order_rows, &rowid);
  g_autoptr(ProcureOrderRow) fresh = NULL;

  if (row == NULL)
    return;
  if (g_strcmp0 (row->id, order->id) != 0)
    {
      /* SQLite reused the rowid of a deleted order: that row is stale. */
      g_hash_table_remove (self->order_rows, &rowid);
      return;
    }
  fresh = procure_order_row_new_from_order (order);
  fresh->inbox = inbox;
  procure_order_row_update_from (row, fresh);
}

gboolean
procure_cache_put_order (ProcureCache        *self,
                         const ProcureOrder  *order,
                         gboolean             inbox,
                         GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *text = NULL;
  g_autofree char *search = NULL;
  gint64 rowid;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  g_return_val_if_fail (order != NULL && order->id != NULL, FALSE);

  text = procure_order_to_text (order);
  search = procure_order_search_text (order);
  stmt = procure_cache_stmt (self, "INSERT OR REPLACE INTO order_docs (id, doc) VALUES (?1, ?2)");
  procure_cache_bind_text (stmt, 1, order->id);
  procure_cache_bind_text (stmt, 2, text);
  if (!procure_cache_step_done (self, stmt, error))
    return FALSE;

  /* An upsert, not INSERT OR REPLACE: the order keeps its rowid, which the
   * order lists hold. */
  stmt = procure_cache_stmt (self,
    "INSERT INTO orders (id, number, status, account_id, account_name, created_at,"
    " created_by, created_by_name, total, currency, requested_ship_date, version, updated_at,"
    " inbox, search) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT (id) DO UPDATE SET number = excluded.number, status = excluded.status,"
    " account_id = excluded.account_id, account_name = excluded.account_name,"
    " created_at = excluded.created_at, created_by = excluded.created_by,"
    " created_by_name = excluded.created_by_name, total = excluded.total,"
    " currency = excluded.currency, requested_ship_date = excluded.requested_ship_date,"
    " version = excluded.version, updated_at = excluded.updated_at, inbox = excluded.inbox,"
    " search = excluded.search");
  procure_cache_bind_text (stmt, 1, order->id);
  procure_cache_bind_text (stmt, 2, order->number);
  sqlite3_bind_int (stmt, 3, order->status);
  procure_cache_bind_text (stmt, 4, order->account_id);
  procure_cache_bind_text (stmt, 5, order->account_name);
  procure_cache_bind_text (stmt, 6, order->created_at);
  procure_cache_bind_text (stmt, 7, order->created_by);
  procure_cache_bind_text (stmt, 8, order->created_by_name);
  sqlite3_bind_int64 (stmt, 9, order->total);
  procure_cache_bind_text (stmt, 10, order->currency);
  procure_cache_bind_text (stmt, 11, order->requested_ship_date);
  sqlite3_bind_int64 (stmt, 12, order->version);
  procure_cache_bind_text (stmt, 13, order->updated_at);
  sqlite3_bind_int (stmt, 14, inbox ? 1 : 0);
  procure_cache_bind_text (stmt, 15, search);
  if (!procure_cache_step_done (self, stmt, error))
    return FALSE;

  rowid = order_rowid (self, order->id);
  update_live_row (self, rowid, order, inbox);
  note_order_changed (self, rowid);
  return TRUE;
}

ProcureOrder *
procure_cache_get_order (ProcureCache *self,
                         const char   *id)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  ProcureOrder *order;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  node = get_doc (self, "SELECT doc FROM order_docs WHERE id = ?1", id);
  if (node == NULL)
    return NULL;
  order = procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, &error);
  if (order == NULL)
    g_warning ("Cached order %s unreadable: %s", id, error->message);
  return order;
}

gboolean
procure_cache_delete_order (ProcureCache  *self,
                            const char    *id,
                            GError       **error)
{
  gint64 rowid;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  rowid = order_rowid (self, id);
  if (!delete_by_id (self, "DELETE FROM order_docs WHERE id = ?1", id, error) ||
      !delete_by_id (self, "DELETE FROM orders WHERE id = ?1", id, error))
    return FALSE;
  if (rowid != 0)
    {
      /* A row still shown keeps its values but is no longer this rowid's. */
      g_hash_table_remove (self->order_rows, &rowid);
      note_order_changed (self, rowid);
    }
  return TRUE;
}

ProcureStatus
procure_cache_get_order_status (ProcureCache *self,
                                const char   *id)
{
  sqlite3_stmt *stmt;
  ProcureStatus status = PROCURE_STATUS_INVALID;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), PROCURE_STATUS_INVALID);

  stmt = procure_cache_stmt (self, "SELECT status FROM orders WHERE id = ?1");
  procure_cache_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return status;
}

char *
procure_cache_find_order_id (ProcureCache *self,
                             const char   *number_or_id)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);
  g_return_val_if_fail (number_or_id != NULL, NULL);

  /* Both columns are indexed (the primary key and orders_by_number). */
  stmt = procure_cache_stmt (self,
                             "SELECT id FROM orders WHERE id = ?1"
                             " UNION ALL SELECT id FROM orders WHERE number = ?1 LIMIT 1");
  procure_cache_bind_text (stmt, 1, number_or_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = procure_cache_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static ProcureOrderRow *
order_row_from_stmt (sqlite3_stmt *stmt,
                     int           c)
{
  ProcureOrderRow *row = procure_order_row_new_empty ();

  row->id = procure_cache_column_text (stmt, c + 0);
  row->number = procure_cache_column_text (stmt, c + 1);
  row->status = sqlite3_column_int (stmt, c + 2);
  row->account_id = procure_cache_column_text (stmt, c + 3);
  row->account_name = procure_cache_column_text (stmt, c + 4);
  row->created_at = procure_cache_column_text (stmt, c + 5);
  row->created_by = procure_cache_column_text (stmt, c + 6);
  row->created_by_name = procure_cache_column_text (stmt, c + 7);
  row->total = sqlite3_column_int64 (stmt, c + 8);
  row->currency = procure_cache_column_text (stmt, c + 9);
  row->requested_ship_date = procure_cache_column_text (stmt, c + 10);
  row->version = sqlite3_column_int64 (stmt, c + 11);
  row->updated_at = procure_cache_column_text (stmt, c + 12);
  row->inbox = sqlite3_column_int (stmt, c + 13) != 0;
  row->search_text = procure_cache_column_text (stmt, c + 14);
  return row;
}

/* For g_ptr_array_sort(): newest first, ties by id (descending). */
static int
compare_rows_newest_first (gconstpointer a,
                           gconstpointer b)
{
  const ProcureOrderRow *ra = *(ProcureOrderRow * const *) a;
  const ProcureOrderRow *rb = *(ProcureOrderRow * const *) b;
  int cmp = g_strcmp0 (rb->created_at, ra->created_at);

  return cmp != 0 ? cmp : g_strcmp0 (rb->id, ra->id);
}

#define ORDER_ROW_COLUMNS \
  "id, number, status, account_id, account_name, created_at, created_by, created_by_name," \
  " total, currency, requested_ship_date, version, updated_at, inbox, search"

GPtrArray *
procure_cache_load_order_rows (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  GPtrArray *rows;
  g_autoptr(GHashTable) pending = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  pending = procure_cache_outbox_pending_orders (self);
  rows = g_ptr_array_new_full (procure_cache_count_orders (self), g_object_unref);
  /* A sequential table scan sorted in memory beats walking the index with
   * a table lookup per row. */
  stmt = procure_cache_stmt (self, "SELECT " ORDER_ROW_COLUMNS " FROM orders");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ProcureOrderRow *row = order_row_from_stmt (stmt, 0);

      row->pending = g_hash_table_contains (pending, row->id);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  g_ptr_array_sort (rows, compare_rows_newest_first);
  return rows;
}

/* "SELECT ... WHERE rowid IN (?1, ..., ?N)" for N = PROCURE_CACHE_ORDER_BLOCK:
 * built once; the cache keeps statements by their SQL text. */
static const char *
order_block_query (void)
{
  static const char *sql;

  if (sql == NULL)
    {
      g_autoptr(GString) query = g_string_new (
        "SELECT rowid, " ORDER_ROW_COLUMNS ","
        " EXISTS (SELECT 1 FROM outbox WHERE outbox.order_id = orders.id)"
        " FROM orders WHERE rowid IN (?1");

      for (int i = 2; i <= PROCURE_CACHE_ORDER_BLOCK; i++)
        g_string_append_printf (query, ", ?%d", i);
      g_string_append_c (query, ')');
      sql = g_intern_string (query->str);
    }
  return sql;
}

void
procure_cache_read_order_rows (ProcureCache     *self,
                               const gint64     *rowids,
                               guint             n,
                               ProcureOrderRow **rows)
{
  sqlite3_stmt *stmt;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_if_fail (PROCURE_IS_CACHE (self));
  g_return_if_fail (n <= PROCURE_CACHE_ORDER_BLOCK);

  /* Live rows are handed out again; only the others are read. */
  stmt = procure_cache_stmt (self, order_block_query ());
  for (guint i = 0; i < n; i++)
    {
      ProcureOrderRow *live = g_hash_table_lookup (self->order_rows, &rowids[i]);

      rows[i] = live != NULL ? g_object_ref (live) : NULL;
      if (live == NULL)
        {
          sqlite3_bind_int64 (stmt, i + 1, rowids[i]);
          g_hash_table_insert (wanted, (gpointer) &rowids[i], &rows[i]);
        }
    }
  while (g_hash_table_size (wanted) > 0 && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      ProcureOrderRow **slot = g_hash_table_lookup (wanted, &rowid);
      ProcureOrderRow *row;

      if (slot == NULL || *slot != NULL)
        continue;
      row = order_row_from_stmt (stmt, 1);
      row->rowid = rowid;
      row->pending = sqlite3_column_int (stmt, 16) != 0;
      procure_order_row_register (row, self->order_rows);
      *slot = row;
    }
  sqlite3_reset (stmt);
}

void
procure_cache_update_pending_rows (ProcureCache *self,
                                   GHashTable   *pending,
                                   const char   *order_id)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (PROCURE_IS_CACHE (self));

  /* Only rows somebody holds; the others read the flag when they are made. */
  g_hash_table_iter_init (&iter, self->order_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ProcureOrderRow *row = value;

      if (order_id == NULL || g_strcmp0 (row->id, order_id) == 0)
        procure_order_row_set_pending (row, g_hash_table_contains (pending, row->id));
    }
}

guint
procure_cache_count_orders (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), 0);

  stmt = procure_cache_stmt (self, "SELECT COUNT(*) FROM orders");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* ---------- products ---------- */

gboolean
procure_cache_put_product (ProcureCache          *self,
                           const ProcureProduct  *product,
                           GError               **error)
{
  g_autoptr(JsonNode) doc = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  g_return_val_if_fail (product != NULL && product->id != NULL, FALSE);

  doc = procure_product_to_json (product);
  return put_doc (self, "INSERT OR REPLACE INTO products (id, code, doc) VALUES (?1, ?2, ?3)",
                  product->id, product->code, doc, error);
}

ProcureProduct *
procure_cache_get_product (ProcureCache *self,
                           const char   *id)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  node = get_doc (self, "SELECT doc FROM products WHERE id = ?1", id);
  return node ? procure_product_from_json (node, PROCURE_JSON_LENIENT, NULL, NULL) : NULL;
}

gboolean
procure_cache_delete_product (ProcureCache  *self,
                              const char    *id,
                              GError       **error)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  return delete_by_id (self, "DELETE FROM products WHERE id = ?1", id, error);
}

/* Parses every document @sql selects and hands it to @make (a row constructor). */
static GPtrArray *
load_doc_rows (ProcureCache *self,
               const char   *sql,
               gpointer    (*decode) (JsonNode *, ProcureJsonMode, const char *, GError **),
               gpointer    (*make) (gconstpointer),
               GDestroyNotify free_decoded)
{
  sqlite3_stmt *stmt = procure_cache_stmt (self, sql);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonNode) node = procure_json_parse (text, -1, NULL);
      gpointer decoded = node ? decode (node, PROCURE_JSON_LENIENT, NULL, NULL) : NULL;

      if (decoded == NULL)
        continue;
      g_ptr_array_add (rows, make (decoded));
      free_decoded (decoded);
    }
  sqlite3_reset (stmt);
  return rows;
}

GPtrArray *
procure_cache_load_product_rows (ProcureCache *self)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);
  return load_doc_rows (self, "SELECT doc FROM products ORDER BY code, id",
                        (gpointer) procure_product_from_json,
                        (gpointer) procure_product_row_new_from_product,
                        (GDestroyNotify) procure_product_unref);
}

/* ---------- accounts ---------- */

gboolean
procure_cache_put_account (ProcureCache          *self,
                           const ProcureAccount  *account,
                           GError               **error)
{
  g_autoptr(JsonNode) doc = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  g_return_val_if_fail (account != NULL && account->id != NULL, FALSE);

  doc = procure_account_to_json (account);
  return put_doc (self, "INSERT OR REPLACE INTO accounts (id, name, doc) VALUES (?1, ?2, ?3)",
                  account->id, account->name, doc, error);
}

ProcureAccount *
procure_cache_get_account (ProcureCache *self,
                           const char   *id)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  node = get_doc (self, "SELECT doc FROM accounts WHERE id = ?1", id);
  return node ? procure_account_from_json (node, PROCURE_JSON_LENIENT, NULL, NULL) : NULL;
}

gboolean
procure_cache_delete_account (ProcureCache  *self,
                              const char    *id,
                              GError       **error)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  return delete_by_id (self, "DELETE FROM accounts WHERE id = ?1", id, error);
}

GPtrArray *
procure_cache_load_account_rows (ProcureCache *self)
{
  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);
  return load_doc_rows (self, "SELECT doc FROM accounts ORDER BY name, id",
                        (gpointer) procure_account_from_json,
                        (gpointer) procure_account_row_new_from_account,
                        (GDestroyNotify) procure_account_unref);
}

/* ---------- SIMs ---------- */

gboolean
procure_cache_put_sim (ProcureCache      *self,
                       const ProcureSim  *sim,
                       GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);
  g_return_val_if_fail (sim != NULL && sim->iccid != NULL, FALSE);

  stmt = procure_cache_stmt (self,
    "INSERT OR REPLACE INTO sims (iccid, imsi, msisdn, account_id, order_id, product_id,"
    " s0, s1, s2, s3, s4) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  procure_cache_bind_text (stmt, 1, sim->iccid);
  procure_cache_bind_text (stmt, 2, sim->imsi);
  procure_cache_bind_text (stmt, 3, sim->msisdn);
  procure_cache_bind_text (stmt, 4, sim->account_id);
  procure_cache_bind_text (stmt, 5, sim->order_id);
  procure_cache_bind_text (stmt, 6, sim->product_id);
  for (int i = 0; i < PROCURE_N_SETTINGS; i++)
    procure_cache_bind_text (stmt, 7 + i, sim->settings ? sim->settings->values[i] : NULL);
  return procure_cache_step_done (self, stmt, error);
}

GPtrArray *
procure_cache_load_sim_rows (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  GPtrArray *rows;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  rows = g_ptr_array_new_full (procure_cache_count_sims (self), g_object_unref);
  stmt = procure_cache_stmt (self,
    "SELECT iccid, imsi, msisdn, account_id, order_id, product_id, s0, s1, s2, s3, s4"
    " FROM sims ORDER BY iccid");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ProcureSim sim = { 0 };
      ProcureSettings settings = { 0 };

      /* Borrowed column text: the row copies what it keeps. */
      sim.iccid = (char *) sqlite3_column_text (stmt, 0);
      sim.imsi = (char *) sqlite3_column_text (stmt, 1);
      sim.msisdn = (char *) sqlite3_column_text (stmt, 2);
      sim.account_id = (char *) sqlite3_column_text (stmt, 3);
      sim.order_id = (char *) sqlite3_column_text (stmt, 4);
      sim.product_id = (char *) sqlite3_column_text (stmt, 5);
      for (int i = 0; i < PROCURE_N_SETTINGS; i++)
        settings.values[i] = (char *) sqlite3_column_text (stmt, 6 + i);
      sim.settings = &settings;
      g_ptr_array_add (rows, procure_sim_row_new_from_sim (&sim));
    }
  sqlite3_reset (stmt);
  return rows;
}

guint
procure_cache_count_sims (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), 0);

  stmt = procure_cache_stmt (self, "SELECT COUNT(*) FROM sims");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
