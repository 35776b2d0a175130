/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store, second half: orders (with their history rows, stock
 * reservations, SIMs and idempotency records, all in one transaction), the
 * SIM inventory and the events feed.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-store-sqlite-private.h"

/* ---------- orders ---------- */

ProcureOrder *
sq_order_get (ProcureStore *store,
              const char   *id,
              GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT doc FROM orders WHERE id = ?", error);
  ProcureOrder *order = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, id);
  if (sq_step_row (self, stmt, "No such order", error))
    order = procure_codec_order_from_doc ((const char *) sqlite3_column_text (stmt, 0), error);
  sqlite3_reset (stmt);
  return order;
}

ProcureStoredOrder *
sq_order_doc (ProcureStore *store,
              const char   *id,
              GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "SELECT account_id, version, doc FROM orders WHERE id = ?", error);
  ProcureStoredOrder *stored = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, id);
  if (sq_step_row (self, stmt, "No such order", error))
    {
      stored = g_new0 (ProcureStoredOrder, 1);
      stored->account_id = sq_column_dup (stmt, 0);
      stored->version = sqlite3_column_int64 (stmt, 1);
      stored->doc = sq_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return stored;
}

/* Steps a list statement whose rows are (rowid, doc), asked for
 * limit + 1 rows, into one page (procure-store-codec.h). */
static GPtrArray *
run_list (ProcureStoreSqlite *self,
          sqlite3_stmt       *stmt,
          guint               limit,
          ProcureCodecDecode  decode,
          GDestroyNotify      free_func,
          char              **next_cursor,
          GError            **error)
{
  ProcureCodecPage page;
  int rc;

  procure_codec_page_init (&page, limit, decode, free_func);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW
         && procure_codec_page_add (&page, sqlite3_column_int64 (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1), error))
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      procure_codec_page_clear (&page);
      *next_cursor = NULL;
      sq_fail (self, error);
      return NULL;
    }
  return procure_codec_page_finish (&page, next_cursor);
}

GPtrArray *
sq_order_list (ProcureStore            *store,
               const ProcureOrderQuery *query,
               char                   **next_cursor,
               GError                 **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, doc FROM orders WHERE 1");
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  gint64 cursor;
  int i = 1;

  if (!procure_codec_parse_cursor (query->cursor, &cursor, error))
    return NULL;
  if (query->account_id != NULL)
    g_string_append (sql, " AND account_id = ?");
  if (query->status != NULL)
    g_string_append (sql, " AND status = ?");
  if (query->q != NULL)
    g_string_append (sql, " AND search LIKE ? ESCAPE '\\'");
  if (cursor > 0)
    g_string_append (sql, " AND rowid < ?");
  g_string_append (sql, " ORDER BY rowid DESC LIMIT ?");

  if ((stmt = sq_prepare (self, sql->str, error)) == NULL)
    return NULL;
  if (query->account_id != NULL)
    sq_bind_text (stmt, i++, query->account_id);
  if (query->status != NULL)
    sq_bind_text (stmt, i++, query->status);
  if (query->q != NULL)
    sq_bind_text (stmt, i++, (pattern = procure_codec_like_pattern (query->q)));
  if (cursor > 0)
    sqlite3_bind_int64 (stmt, i++, cursor);
  sqlite3_bind_int64 (stmt, i, (gint64) query->limit + 1);
  return run_list (self, stmt, query->limit, (ProcureCodecDecode) procure_codec_order_from_doc,
                   (GDestroyNotify) procure_order_unref, next_cursor, error);
}

static gboolean
order_row_write (ProcureStoreSqlite      *self,
                 const ProcureOrderWrite *write,
                 const char              *doc,
                 GError                 **error)
{
  ProcureOrder *order = write->order;
  g_autofree char *search = procure_codec_order_search (order);
  gboolean create = write->expected_version == 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = sq_prepare (self, create
    ? "INSERT INTO orders (status, number, version, search, doc, id, account_id, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    : "UPDATE orders SET status = ?, number = ?, version = ?, search = ?, doc = ?"
      " WHERE id = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, procure_status_to_string (order->status));
  sq_bind_text (stmt, 2, order->number);
  sqlite3_bind_int64 (stmt, 3, order->version);
  sq_bind_text (stmt, 4, search);
  sq_bind_text (stmt, 5, doc);
  sq_bind_text (stmt, 6, order->id);
  if (create)
    {
      sq_bind_text (stmt, 7, order->account_id);
      sq_bind_text (stmt, 8, order->created_at);
    }
  else
    sqlite3_bind_int64 (stmt, 7, write->expected_version);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      procure_set_error (error, PROCURE_ERROR_CONFLICT, "number",
                         "PO number %s is already used", order->number);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return sq_fail (self, error);
  if (!create && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_STALE,
                   "The order was changed by someone else");
      return FALSE;
    }
  return TRUE;
}

static gboolean
history_write (ProcureStoreSqlite        *self,
               const char                *order_id,
               const ProcureHistoryEntry *entry,
               GError                   **error)
{
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO order_history (order_id, at, actor_id, action, from_status, to_status, comment)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, order_id);
  sq_bind_text (stmt, 2, entry->at);
  sq_bind_text (stmt, 3, entry->actor_id);
  sq_bind_text (stmt, 4, procure_codec_history_action (entry));
  sq_bind_text (stmt, 5, procure_codec_history_from (entry));
  sq_bind_text (stmt, 6, procure_status_to_string (entry->to));
  sq_bind_text (stmt, 7, entry->comment);
  return sq_step_done (self, stmt, error);
}

static gboolean
stock_write (ProcureStoreSqlite       *self,
             const ProcureStockChange *change,
             GError                  **error)
{
  sqlite3_stmt *stmt = sq_prepare (self,
    "UPDATE products SET stock = stock + ?1 WHERE id = ?2 AND stock + ?1 >= 0", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->delta);
  sq_bind_text (stmt, 2, change->product_id);
  if (!sq_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_CONFLICT, change->field,
                         "Not enough stock of product %s", change->product_id);
      return FALSE;
    }
  return sq_add_product_events (self, change->product_id, error);
}

static gboolean
sim_write (ProcureStoreSqlite *self,
           const ProcureSim   *sim,
           guint               index,
           GError            **error)
{
  g_autofree char *doc = procure_codec_sim_to_doc (sim);
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO sims (iccid, imsi, msisdn, account_id, order_id, product_id, doc)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, sim->iccid);
  sq_bind_text (stmt, 2, sim->imsi);
  sq_bind_text (stmt, 3, sim->msisdn);
  sq_bind_text (stmt, 4, sim->account_id);
  sq_bind_text (stmt, 5, sim->order_id);
  sq_bind_text (stmt, 6, sim->product_id);
  sq_bind_text (stmt, 7, doc);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_autofree char *field = g_strdup_printf ("sims[%u].iccid", index);

      procure_set_error (error, PROCURE_ERROR_CONFLICT, field,
                         "SIM %s (or its IMSI or MSISDN) is already in use", sim->iccid);
      return FALSE;
    }
  return rc == SQLITE_DONE ? TRUE : sq_fail (self, error);
}

static gboolean
idempotency_write (ProcureStoreSqlite      *self,
                   const ProcureOrderWrite *write,
                   const char              *response,
                   GError                 **error)
{
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO idempotency (user_id, key, body_hash, status, response, order_id)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, write->idem_user_id);
  sq_bind_text (stmt, 2, write->idem_key);
  sq_bind_text (stmt, 3, write->idem_body_hash);
  sqlite3_bind_int (stmt, 4, (int) write->idem_status);
  sq_bind_text (stmt, 5, response);
  sq_bind_text (stmt, 6, write->order->id);
  return sq_step_done (self, stmt, error);
}

static gboolean
order_write_all (ProcureStoreSqlite      *self,
                 const ProcureOrderWrite *write,
                 char                   **doc_out,
                 GError                 **error)
{
  ProcureOrder *order = write->order;
  g_autofree char *doc = NULL;

  if (order->id == NULL && (order->id = sq_next_id (self, "orders", "ord", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < write->n_stock; i++)
    if (!stock_write (self, &write->stock[i], error))
      return FALSE;
  /* Encoded once, after the id is known: the row and the stored response. */
  doc = procure_codec_order_to_doc (order);
  if (!order_row_write (self, write, doc, error))
    return FALSE;
  if (write->history != NULL && !history_write (self, order->id, write->history, error))
    return FALSE;
  for (guint i = 0; write->sims != NULL && i < write->sims->len; i++)
    if (!sim_write (self, g_ptr_array_index (write->sims, i), i, error))
      return FALSE;
  if (write->sims != NULL && !sq_add_event (self, "sims", order->id, order->account_id, error))
    return FALSE;
  if (write->idem_key != NULL && !idempotency_write (self, write, doc, error))
    return FALSE;
  if (!sq_add_event (self, "order", order->id, order->account_id, error))
    return FALSE;
  *doc_out = g_steal_pointer (&doc);
  return TRUE;
}

gboolean
sq_order_write (ProcureStore            *store,
                const ProcureOrderWrite *write,
                GError                 **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  gboolean had_id = write->order->id != NULL;
  g_autofree char *doc = NULL;

  if (!sq_begin (self, error))
    return FALSE;
  if (!order_write_all (self, write, &doc, error))
    {
      if (!had_id)
        g_clear_pointer (&write->order->id, g_free);
      sq_rollback (self);
      return FALSE;
    }
  if (!sq_commit (self, error))
    return FALSE;
  if (write->doc_out != NULL)
    *write->doc_out = g_steal_pointer (&doc);
  return TRUE;
}

ProcureIdempotency *
sq_idempotency_get (ProcureStore *store,
                    const char   *user_id,
                    const char   *key,
                    GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "SELECT body_hash, status, response FROM idempotency WHERE user_id = ? AND key = ?", error);
  ProcureIdempotency *record = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, user_id);
  sq_bind_text (stmt, 2, key);
  if (sq_step_row (self, stmt, "No such key", error))
    {
      record = g_new0 (ProcureIdempotency, 1);
      record->body_hash = sq_column_dup (stmt, 0);
      record->status = (guint) sqlite3_column_int (stmt, 1);
      record->response = sq_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return record;
}

/* ---------- SIM inventory ---------- */

GPtrArray *
sq_sim_list (ProcureStore          *store,
             const ProcureSimQuery *query,
             char                 **next_cursor,
             GError               **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, doc FROM sims WHERE 1");
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  gint64 cursor;
  int i = 1;

  if (!procure_codec_parse_cursor (query->cursor, &cursor, error))
    return NULL;
  if (query->account_id != NULL)
    g_string_append (sql, " AND account_id = ?");
  if (query->order_id != NULL)
    g_string_append (sql, " AND order_id = ?");
  if (query->product_id != NULL)
    g_string_append (sql, " AND product_id = ?");
  if (query->q != NULL)
    g_string_append (sql, " AND (iccid LIKE ? ESCAPE '\\' OR imsi LIKE ? ESCAPE '\\'"
                          " OR msisdn LIKE ? ESCAPE '\\')");
  if (cursor > 0)
    g_string_append (sql, " AND rowid > ?");
  g_string_append (sql, " ORDER BY rowid LIMIT ?");

  if ((stmt = sq_prepare (self, sql->str, error)) == NULL)
    return NULL;
  if (query->account_id != NULL)
    sq_bind_text (stmt, i++, query->account_id);
  if (query->order_id != NULL)
    sq_bind_text (stmt, i++, query->order_id);
  if (query->product_id != NULL)
    sq_bind_text (stmt, i++, query->product_id);
  if (query->q != NULL)
    {
      pattern = procure_codec_like_pattern (query->q);
      for (int k = 0; k < 3; k++)
        sq_bind_text (stmt, i++, pattern);
    }
  if (cursor > 0)
    sqlite3_bind_int64 (stmt, i++, cursor);
  sqlite3_bind_int64 (stmt, i, (gint64) query->limit + 1);
  return run_list (self, stmt, query->limit, (ProcureCodecDecode) procure_codec_sim_from_doc,
                   (GDestroyNotify) procure_sim_free, next_cursor, error);
}

/* ---------- events ---------- */

GPtrArray *
sq_events_since (ProcureStore *store,
                 gint64        since,
                 const char   *account_id,
                 guint         limit,
                 GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = sq_prepare (self, account_id == NULL
    ? "SELECT seq, kind, object_id, account_id FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    : "SELECT seq, kind, object_id, account_id FROM events WHERE account_id = ?3 AND seq > ?1"
      " ORDER BY seq LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (account_id != NULL)
    sq_bind_text (stmt, 3, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (events, procure_codec_event_new (sqlite3_column_int64 (stmt, 0),
                                                        (const char *) sqlite3_column_text (stmt, 1),
                                                        (const char *) sqlite3_column_text (stmt, 2),
                                                        (const char *) sqlite3_column_text (stmt, 3)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sq_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}
