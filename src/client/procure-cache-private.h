/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "procure-cache.h"

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

G_END_DECLS
