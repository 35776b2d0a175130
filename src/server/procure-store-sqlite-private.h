/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared between the files of the SQLite store: the connection, the
 * prepared-statement cache, transactions and the pending events of the
 * running transaction.
 */
#pragma once

#include <sqlite3.h>

#include "procure-store-codec.h"

G_BEGIN_DECLS

typedef struct {
  ProcureStore  parent;
  sqlite3      *db;
  GHashTable   *statements;   /* SQL text -> sqlite3_stmt* */
  GPtrArray    *pending;      /* ProcureEvent written by the open transaction */
  /* Group commit: pending->len when the current write's savepoint was
   * taken, and whether SQLite rolled the whole open group back. */
  guint         mark;
  gboolean      group_lost;
} ProcureStoreSqlite;

#define SQLITE_STORE(s) ((ProcureStoreSqlite *) (s))

/* A cached, reset statement for @sql; NULL with @error set on failure. */
sqlite3_stmt *sq_prepare      (ProcureStoreSqlite *self, const char *sql, GError **error);
/* Sets @error from the connection's last error. Returns FALSE. */
gboolean      sq_fail         (ProcureStoreSqlite *self, GError **error);
/* Steps @stmt to its first row: FALSE with PROCURE_ERROR_NOT_FOUND
 * (@missing as the message) when there is none, or the database error.
 * The caller resets @stmt after reading the row. */
gboolean      sq_step_row     (ProcureStoreSqlite *self, sqlite3_stmt *stmt, const char *missing,
                               GError **error);
/* Runs a statement with no result rows to completion. */
gboolean      sq_step_done    (ProcureStoreSqlite *self, sqlite3_stmt *stmt, GError **error);
gboolean      sq_exec         (ProcureStoreSqlite *self, const char *sql, GError **error);

/* One write: its own transaction, or with group commit a savepoint in the
 * open group (sq_commit then releases it; the group commits at flush). */
gboolean      sq_begin        (ProcureStoreSqlite *self, GError **error);
gboolean      sq_commit       (ProcureStoreSqlite *self, GError **error);
void          sq_rollback     (ProcureStoreSqlite *self);
gboolean      sq_flush        (ProcureStore *store, GError **error);

void          sq_bind_text    (sqlite3_stmt *stmt, int index, const char *value);
char         *sq_column_dup   (sqlite3_stmt *stmt, int index);

/* "ord-12": the next id of @table with @prefix. */
char         *sq_next_id      (ProcureStoreSqlite *self, const char *table, const char *prefix, GError **error);

/* Inserts an events row and queues it for the commit hook. */
gboolean      sq_add_event    (ProcureStoreSqlite *self, const char *kind, const char *object_id,
                               const char *account_id, GError **error);
/* A "product" event for the staff and for each account it is assigned to. */
gboolean      sq_add_product_events (ProcureStoreSqlite *self, const char *product_id, GError **error);

/* Orders, SIMs, idempotency and events (procure-store-sqlite-orders.c). */
ProcureOrder       *sq_order_get       (ProcureStore *store, const char *id, GError **error);
ProcureStoredOrder *sq_order_doc       (ProcureStore *store, const char *id, GError **error);
GPtrArray          *sq_order_list      (ProcureStore *store, const ProcureOrderQuery *query, char **next_cursor, GError **error);
gboolean            sq_order_write     (ProcureStore *store, const ProcureOrderWrite *write, GError **error);
ProcureIdempotency *sq_idempotency_get (ProcureStore *store, const char *user_id, const char *key, GError **error);
GPtrArray          *sq_sim_list        (ProcureStore *store, const ProcureSimQuery *query, char **next_cursor, GError **error);
GPtrArray          *sq_events_since    (ProcureStore *store, gint64 since, const char *account_id, guint limit, GError **error);

G_END_DECLS
