/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The outbox table of the cache: user actions waiting to reach the server.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-cache.h"
#include "procure-cache-private.h"
#include "procure-time.h"

ProcureOutboxEntry *
procure_outbox_entry_new (void)
{
  ProcureOutboxEntry *self = g_new0 (ProcureOutboxEntry, 1);

  self->action = PROCURE_ACTION_INVALID;
  return self;
}

void
procure_outbox_entry_free (ProcureOutboxEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->order_id);
  g_free (self->body);
  g_free (self->idempotency_key);
  g_free (self->created_at);
  g_free (self);
}

gint64
procure_cache_outbox_add (ProcureCache        *self,
                          ProcureOutboxEntry  *entry,
                          GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), 0);
  g_return_val_if_fail (entry != NULL && entry->order_id != NULL, 0);

  if (entry->idempotency_key == NULL)
    entry->idempotency_key = g_uuid_string_random ();
  if (entry->created_at == NULL)
    entry->created_at = procure_time_now_string ();

  stmt = procure_cache_stmt (self,
    "INSERT INTO outbox (kind, order_id, action, body, idempotency_key, base_version, conflict,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  sqlite3_bind_int (stmt, 1, entry->kind);
  procure_cache_bind_text (stmt, 2, entry->order_id);
  sqlite3_bind_int (stmt, 3, entry->action);
  procure_cache_bind_text (stmt, 4, entry->body);
  procure_cache_bind_text (stmt, 5, entry->idempotency_key);
  sqlite3_bind_int64 (stmt, 6, entry->base_version);
  sqlite3_bind_int (stmt, 7, entry->conflict ? 1 : 0);
  procure_cache_bind_text (stmt, 8, entry->created_at);
  if (!procure_cache_step_done (self, stmt, error))
    return 0;

  entry->id = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt));
  return entry->id;
}

GPtrArray *
procure_cache_outbox_list (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_outbox_entry_free);
  stmt = procure_cache_stmt (self,
    "SELECT id, kind, order_id, action, body, idempotency_key, base_version, conflict, created_at"
    " FROM outbox ORDER BY id");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ProcureOutboxEntry *entry = procure_outbox_entry_new ();

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->kind = sqlite3_column_int (stmt, 1);
      entry->order_id = procure_cache_column_text (stmt, 2);
      entry->action = sqlite3_column_int (stmt, 3);
      entry->body = procure_cache_column_text (stmt, 4);
      entry->idempotency_key = procure_cache_column_text (stmt, 5);
      entry->base_version = sqlite3_column_int64 (stmt, 6);
      entry->conflict = sqlite3_column_int (stmt, 7) != 0;
      entry->created_at = procure_cache_column_text (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  return entries;
}

gboolean
procure_cache_outbox_remove (ProcureCache  *self,
                             gint64         id,
                             GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  stmt = procure_cache_stmt (self, "DELETE FROM outbox WHERE id = ?1");
  sqlite3_bind_int64 (stmt, 1, id);
  return procure_cache_step_done (self, stmt, error);
}

gboolean
procure_cache_outbox_set_conflict (ProcureCache  *self,
                                   gint64         id,
                                   gboolean       conflict,
                                   gint64         base_version,
                                   GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  stmt = procure_cache_stmt (self, "UPDATE outbox SET conflict = ?2, base_version = ?3 WHERE id = ?1");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, conflict ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, base_version);
  return procure_cache_step_done (self, stmt, error);
}

gboolean
procure_cache_outbox_rename_order (ProcureCache  *self,
                                   const char    *local_id,
                                   const char    *server_id,
                                   GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), FALSE);

  stmt = procure_cache_stmt (self, "UPDATE outbox SET order_id = ?2 WHERE order_id = ?1");
  procure_cache_bind_text (stmt, 1, local_id);
  procure_cache_bind_text (stmt, 2, server_id);
  return procure_cache_step_done (self, stmt, error);
}

guint
procure_cache_outbox_count (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), 0);

  stmt = procure_cache_stmt (self, "SELECT COUNT(*) FROM outbox");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

GHashTable *
procure_cache_outbox_pending_orders (ProcureCache *self)
{
  sqlite3_stmt *stmt;
  GHashTable *set;

  g_return_val_if_fail (PROCURE_IS_CACHE (self), NULL);

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stmt = procure_cache_stmt (self, "SELECT DISTINCT order_id FROM outbox");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (set, procure_cache_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return set;
}
