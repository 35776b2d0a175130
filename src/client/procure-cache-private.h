/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "procure-cache.h"
#include "procure-order-row-private.h"

G_BEGIN_DECLS

/* A prepared statement for @sql, kept for the cache's lifetime and reset
 * before it is returned. */
sqlite3_stmt *procure_cache_stmt (ProcureCache *self,
                                  const char   *sql);
/* Runs @stmt to completion (it must return no rows) and resets it. */
gboolean      procure_cache_step_done (ProcureCache *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
void          procure_cache_set_sqlite_error (ProcureCache *self,
                                              GError      **error);
void          procure_cache_bind_text (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *text);
char         *procure_cache_column_text (sqlite3_stmt *stmt,
                                         int           column);

/* Order rows are read this many at a time (one query). */
#define PROCURE_CACHE_ORDER_BLOCK 256

/* Fills @rows[i] with a reference to the row of @rowids[i] (NULL if that
 * order is gone), @n <= PROCURE_CACHE_ORDER_BLOCK: a row somebody still
 * holds is handed out again, the others are read with one query and
 * registered as live, so the cache can update them in place. */
void          procure_cache_read_order_rows (ProcureCache     *self,
                                             const gint64     *rowids,
                                             guint             n,
                                             ProcureOrderRow **rows);
/* Sets the pending flag of the live rows (of @order_id only, unless NULL)
 * from @pending (the set of procure_cache_outbox_pending_orders()). */
void          procure_cache_update_pending_rows (ProcureCache *self,
                                                 GHashTable   *pending,
                                                 const char   *order_id);

G_END_DECLS
