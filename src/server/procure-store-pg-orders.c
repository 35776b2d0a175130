/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store, second half: orders (with their history rows,
 * stock reservations, SIMs and idempotency records, all in one
 * transaction), the SIM inventory and the events feed. Mirrors
 * procure-store-sqlite-orders.c statement for statement.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-store-pg-private.h"

/* ---------- orders ---------- */

ProcureOrder *
pg_order_get (ProcureStore *store,
              const char   *id,
              GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), id);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store), "SELECT doc FROM orders WHERE id = $1",
                                        params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return NULL;
    }
  return procure_codec_order_from_doc (PQgetvalue (result, 0, 0), error);
}

ProcureStoredOrder *
pg_order_doc (ProcureStore *store,
              const char   *id,
              GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), id);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT account_id, version, doc FROM orders WHERE id = $1", params, error);
  ProcureStoredOrder *stored;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return NULL;
    }
  stored = g_new0 (ProcureStoredOrder, 1);
  stored->account_id = pg_value_dup (result, 0, 0);
  stored->version = pg_value_int (result, 0, 1);
  stored->doc = pg_value_dup (result, 0, 2);
  return stored;
}

/* Appends " AND @condition" with the next placeholder number in place of
 * each '?' of @condition, and @value as its parameter. */
static void
add_filter (GString    *sql,
            PgParams   *params,
            const char *condition,
            const char *value)
{
  g_string_append (sql, " AND ");
  for (const char *p = condition; *p != '\0'; p++)
    {
      if (*p != '?')
        {
          g_string_append_c (sql, *p);
          continue;
        }
      pg_params_text (params, value);
      g_string_append_printf (sql, "$%u", params->values->len);
    }
}

/* Runs a list query whose rows are (rowid, doc), asked for limit + 1
 * rows, into one page (procure-store-codec.h). */
static GPtrArray *
run_list (ProcureStorePg     *self,
          GString            *sql,
          PgParams           *params,
          guint               limit,
          ProcureCodecDecode  decode,
          GDestroyNotify      free_func,
          char              **next_cursor,
          GError            **error)
{
  g_autoptr(PGresult) result = NULL;
  ProcureCodecPage page;
  int rows;

  *next_cursor = NULL;
  pg_params_int (params, (gint64) limit + 1);
  g_string_append_printf (sql, " LIMIT $%u", params->values->len);
  if ((result = pg_exec (self, sql->str, params, error)) == NULL)
    return NULL;
  rows = PQntuples (result);
  procure_codec_page_init (&page, limit, decode, free_func);
  for (int i = 0; i < rows && procure_codec_page_add (&page, pg_value_int (result, i, 0),
                                                      PQgetvalue (result, i, 1), error); i++)
    ;
  return procure_codec_page_finish (&page, next_cursor);
}

GPtrArray *
pg_order_list (ProcureStore            *store,
               const ProcureOrderQuery *query,
               char                   **next_cursor,
               GError                 **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, doc FROM orders WHERE TRUE");
  g_autoptr(PgParams) params = pg_params_new ();
  g_autofree char *pattern = NULL;
  g_autofree char *cursor_text = NULL;
  gint64 cursor;

  if (!procure_codec_parse_cursor (query->cursor, &cursor, error))
    return NULL;
  if (query->account_id != NULL)
    add_filter (sql, params, "account_id = ?", query->account_id);
  if (query->status != NULL)
    add_filter (sql, params, "status = ?", query->status);
  if (query->q != NULL)
    add_filter (sql, params, "search LIKE ? ESCAPE '\\'", (pattern = procure_codec_like_pattern (query->q)));
  if (cursor > 0)
    {
      cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
      add_filter (sql, params, "rowid < ?", cursor_text);
    }
  g_string_append (sql, " ORDER BY rowid DESC");
  return run_list (PG_STORE (store), sql, params, query->limit,
                   (ProcureCodecDecode) procure_codec_order_from_doc,
                   (GDestroyNotify) procure_order_unref, next_cursor, error);
}

static gboolean
order_row_write (ProcureStorePg          *self,
                 const ProcureOrderWrite *write,
                 const char              *doc,
                 GError                 **error)
{
  ProcureOrder *order = write->order;
  g_autofree char *search = procure_codec_order_search (order);
  gboolean create = write->expected_version == 0;
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(GError) local = NULL;
  gint64 changed = 0;

  pg_params_text (params, procure_status_to_string (order->status));
  pg_params_text (params, order->number);
  pg_params_int (params, order->version);
  pg_params_text (pg_params_text (pg_params_text (params, search), doc), order->id);
  if (create)
    pg_params_text (pg_params_text (params, order->account_id), order->created_at);
  else
    pg_params_int (params, write->expected_version);
  if (!pg_run (self, create
      ? "INSERT INTO orders (rowid, status, number, version, search, doc, id, account_id, created_at)"
        " VALUES ((SELECT COALESCE(MAX(rowid), 0) + 1 FROM orders), $1, $2, $3, $4, $5, $6, $7, $8)"
      : "UPDATE orders SET status = $1, number = $2, version = $3, search = $4, doc = $5"
        " WHERE id = $6 AND version = $7", params, &changed, &local))
    {
      if (!pg_failed_with (self, PG_UNIQUE_VIOLATION))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      procure_set_error (error, PROCURE_ERROR_CONFLICT, "number",
                         "PO number %s is already used", order->number);
      return FALSE;
    }
  if (!create && changed == 0)
    {
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_STALE,
                   "The order was changed by someone else");
      return FALSE;
    }
  return TRUE;
}

static gboolean
history_write (ProcureStorePg            *self,
               const char                *order_id,
               const ProcureHistoryEntry *entry,
               GError                   **error)
{
  g_autoptr(PgParams) params = pg_params_new ();

  pg_params_text (pg_params_text (pg_params_text (params, order_id), entry->at), entry->actor_id);
  pg_params_text (params, procure_codec_history_action (entry));
  pg_params_text (params, procure_codec_history_from (entry));
  pg_params_text (pg_params_text (params, procure_status_to_string (entry->to)), entry->comment);
  return pg_run (self,
                 "INSERT INTO order_history (order_id, at, actor_id, action, from_status, to_status, comment)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7)", params, NULL, error);
}

static gboolean
stock_write (ProcureStorePg           *self,
             const ProcureStockChange *change,
             GError                  **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_int (pg_params_new (), change->delta),
                                               change->product_id);
  gint64 changed = 0;

  if (!pg_run (self, "UPDATE products SET stock = stock + $1 WHERE id = $2 AND stock + $1 >= 0",
               params, &changed, error))
    return FALSE;
  if (changed == 0)
    {
      procure_set_error (error, PROCURE_ERROR_CONFLICT, change->field,
                         "Not enough stock of product %s", change->product_id);
      return FALSE;
    }
  return pg_add_product_events (self, change->product_id, error);
}

static gboolean
sim_write (ProcureStorePg   *self,
           const ProcureSim *sim,
           guint             index,
           GError          **error)
{
  g_autofree char *doc = procure_codec_sim_to_doc (sim);
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(GError) local = NULL;

  pg_params_text (pg_params_text (pg_params_text (params, sim->iccid), sim->imsi), sim->msisdn);
  pg_params_text (pg_params_text (params, sim->account_id), sim->order_id);
  pg_params_text (pg_params_text (params, sim->product_id), doc);
  if (pg_run (self,
              "INSERT INTO sims (iccid, imsi, msisdn, account_id, order_id, product_id, doc)"
              " VALUES ($1, $2, $3, $4, $5, $6, $7)", params, NULL, &local))
    return TRUE;
  if (pg_failed_with (self, PG_UNIQUE_VIOLATION) || pg_failed_with (self, PG_FOREIGN_KEY_VIOLATION))
    {
      g_autofree char *field = g_strdup_printf ("sims[%u].iccid", index);

      procure_set_error (error, PROCURE_ERROR_CONFLICT, field,
                         "SIM %s (or its IMSI or MSISDN) is already in use", sim->iccid);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
idempotency_write (ProcureStorePg          *self,
                   const ProcureOrderWrite *write,
                   const char              *response,
                   GError                 **error)
{
  g_autoptr(PgParams) params = pg_params_new ();

  pg_params_text (pg_params_text (params, write->idem_user_id), write->idem_key);
  pg_params_int (pg_params_text (params, write->idem_body_hash), write->idem_status);
  pg_params_text (pg_params_text (params, response), write->order->id);
  return pg_run (self,
                 "INSERT INTO idempotency (user_id, key, body_hash, status, response, order_id)"
                 " VALUES ($1, $2, $3, $4, $5, $6)", params, NULL, error);
}

static gboolean
order_write_all (ProcureStorePg          *self,
                 const ProcureOrderWrite *write,
                 char                   **doc_out,
                 GError                 **error)
{
  ProcureOrder *order = write->order;
  g_autofree char *doc = NULL;

  if (order->id == NULL && (order->id = pg_next_id (self, "orders", "ord", error)) == NULL)
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
  if (write->sims != NULL && !pg_add_event (self, "sims", order->id, order->account_id, error))
    return FALSE;
  if (write->idem_key != NULL && !idempotency_write (self, write, doc, error))
    return FALSE;
  if (!pg_add_event (self, "order", order->id, order->account_id, error))
    return FALSE;
  *doc_out = g_steal_pointer (&doc);
  return TRUE;
}

gboolean
pg_order_write (ProcureStore            *store,
                const ProcureOrderWrite *write,
                GError                 **error)
{
  ProcureStorePg *self = PG_STORE (store);
  gboolean had_id = write->order->id != NULL;
  g_autofree char *doc = NULL;

  if (!pg_begin (self, error))
    return FALSE;
  if (!order_write_all (self, write, &doc, error))
    {
      if (!had_id)
        g_clear_pointer (&write->order->id, g_free);
      pg_rollback (self);
      return FALSE;
    }
  if (!pg_commit (self, error))
    return FALSE;
  if (write->doc_out != NULL)
    *write->doc_out = g_steal_pointer (&doc);
  return TRUE;
}

ProcureIdempotency *
pg_idempotency_get (ProcureStore *store,
                    const char   *user_id,
                    const char   *key,
                    GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_text (pg_params_new (), user_id), key);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT body_hash, status, response FROM idempotency WHERE user_id = $1 AND key = $2",
    params, error);
  ProcureIdempotency *record;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such key");
      return NULL;
    }
  record = g_new0 (ProcureIdempotency, 1);
  record->body_hash = pg_value_dup (result, 0, 0);
  record->status = (guint) pg_value_int (result, 0, 1);
  record->response = pg_value_dup (result, 0, 2);
  return record;
}

/* ---------- SIM inventory ---------- */

GPtrArray *
pg_sim_list (ProcureStore          *store,
             const ProcureSimQuery *query,
             char                 **next_cursor,
             GError               **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, doc FROM sims WHERE TRUE");
  g_autoptr(PgParams) params = pg_params_new ();
  g_autofree char *pattern = NULL;
  g_autofree char *cursor_text = NULL;
  gint64 cursor;

  if (!procure_codec_parse_cursor (query->cursor, &cursor, error))
    return NULL;
  if (query->account_id != NULL)
    add_filter (sql, params, "account_id = ?", query->account_id);
  if (query->order_id != NULL)
    add_filter (sql, params, "order_id = ?", query->order_id);
  if (query->product_id != NULL)
    add_filter (sql, params, "product_id = ?", query->product_id);
  if (query->q != NULL)
    {
      pattern = procure_codec_like_pattern (query->q);
      /* add_filter binds the pattern once per '?'. */
      add_filter (sql, params, "(iccid LIKE ? ESCAPE '\\' OR imsi LIKE ? ESCAPE '\\'"
                  " OR msisdn LIKE ? ESCAPE '\\')", pattern);
    }
  if (cursor > 0)
    {
      cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
      add_filter (sql, params, "rowid > ?", cursor_text);
    }
  g_string_append (sql, " ORDER BY rowid");
  return run_list (PG_STORE (store), sql, params, query->limit,
                   (ProcureCodecDecode) procure_codec_sim_from_doc,
                   (GDestroyNotify) procure_sim_free, next_cursor, error);
}

/* ---------- events ---------- */

GPtrArray *
pg_events_since (ProcureStore *store,
                 gint64        since,
                 const char   *account_id,
                 guint         limit,
                 GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  g_autoptr(PgParams) params = pg_params_int (pg_params_int (pg_params_new (), since), limit);
  g_autoptr(PGresult) result = NULL;

  if (account_id != NULL)
    pg_params_text (params, account_id);
  result = pg_exec (PG_STORE (store), account_id == NULL
    ? "SELECT seq, kind, object_id, account_id FROM events WHERE seq > $1 ORDER BY seq LIMIT $2"
    : "SELECT seq, kind, object_id, account_id FROM events WHERE account_id = $3 AND seq > $1"
      " ORDER BY seq LIMIT $2", params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *row_account = PQgetisnull (result, i, 3) ? NULL : PQgetvalue (result, i, 3);

      g_ptr_array_add (events, procure_codec_event_new (pg_value_int (result, i, 0),
                                                        PQgetvalue (result, i, 1),
                                                        PQgetvalue (result, i, 2), row_account));
    }
  return g_steal_pointer (&events);
}

gint64
pg_last_seq (ProcureStore *store)
{
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT COALESCE(MAX(seq), 0) FROM events", NULL, NULL);

  return result ? pg_value_int (result, 0, 0) : 0;
}
