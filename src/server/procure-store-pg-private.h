/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared between the files of the PostgreSQL store: the connection, query
 * helpers with text parameters, transactions (every write transaction
 * holds one cluster-wide advisory lock, so event sequence numbers are
 * handed out and committed in the same order), and the listener that
 * follows the commits of the other instances.
 */
#pragma once

#include <libpq-fe.h>

#include "procure-store-codec.h"
#include "procure-store-pg.h"

G_BEGIN_DECLS

typedef struct {
  ProcureStore  parent;
  char         *conninfo;
  PGconn       *conn;
  GPtrArray    *pending;       /* ProcureEvent written by the open transaction */
  char          sqlstate[6];   /* of the last failed statement */
  /* listener (procure-store-pg-listen.c) */
  PGconn       *listen_conn;
  guint         listen_source;
  guint         reconnect_source;
  gint64        listen_seq;    /* events up to here were handed to the commit hook */
  GHashTable   *local_seqs;    /* seqs committed (and already emitted) by this instance */
} ProcureStorePg;

#define PG_STORE(s) ((ProcureStorePg *) (s))

/* SQLSTATE classes the store maps to client errors. */
#define PG_UNIQUE_VIOLATION      "23505"
#define PG_FOREIGN_KEY_VIOLATION "23503"
#define PG_CHECK_VIOLATION       "23514"

/* Parameters of one statement, as text (NULL = SQL NULL). */
typedef struct {
  GPtrArray *values;
} PgParams;

PgParams   *pg_params_new       (void);
void        pg_params_free      (PgParams *params);
PgParams   *pg_params_text      (PgParams *params, const char *value);
PgParams   *pg_params_int       (PgParams *params, gint64 value);

/* Runs @sql with @params (may be NULL). Returns the result when the
 * statement succeeded, else NULL with @error set and self->sqlstate. */
PGresult   *pg_exec             (ProcureStorePg *self, const char *sql, PgParams *params, GError **error);
/* pg_exec for a statement whose rows are not needed; *affected (may be
 * NULL) gets the number of rows it changed. */
gboolean    pg_run              (ProcureStorePg *self, const char *sql, PgParams *params,
                                 gint64 *affected, GError **error);
gboolean    pg_failed_with      (ProcureStorePg *self, const char *sqlstate);

char       *pg_value_dup        (PGresult *result, int row, int column);
gint64      pg_value_int        (PGresult *result, int row, int column);

gboolean    pg_begin            (ProcureStorePg *self, GError **error);
gboolean    pg_commit           (ProcureStorePg *self, GError **error);
void        pg_rollback         (ProcureStorePg *self);

/* "ord-12": the next id of @table (inside a write transaction). */
char       *pg_next_id          (ProcureStorePg *self, const char *table, const char *prefix, GError **error);
gboolean    pg_add_event        (ProcureStorePg *self, const char *kind, const char *object_id,
                                 const char *account_id, GError **error);
gboolean    pg_add_product_events (ProcureStorePg *self, const char *product_id, GError **error);

/* Users, sessions, accounts, products, throttling (procure-store-pg.c). */
GPtrArray  *pg_product_list     (ProcureStore *store, const char *account_id, GError **error);
/* Failed-login throttling kept in the database, shared by all instances;
 * the same rules as procure-throttle.h. */
guint       pg_login_wait       (ProcureStore *store, const char *login, gint64 now,
                                 guint max_failures, guint window);
void        pg_login_failed     (ProcureStore *store, const char *login, gint64 now, guint window);
void        pg_login_succeeded  (ProcureStore *store, const char *login);

/* Orders, SIMs, idempotency and events (procure-store-pg-orders.c). */
ProcureOrder       *pg_order_get       (ProcureStore *store, const char *id, GError **error);
ProcureStoredOrder *pg_order_doc       (ProcureStore *store, const char *id, GError **error);
GPtrArray          *pg_order_list      (ProcureStore *store, const ProcureOrderQuery *query, char **next_cursor, GError **error);
gboolean            pg_order_write     (ProcureStore *store, const ProcureOrderWrite *write, GError **error);
ProcureIdempotency *pg_idempotency_get (ProcureStore *store, const char *user_id, const char *key, GError **error);
GPtrArray          *pg_sim_list        (ProcureStore *store, const ProcureSimQuery *query, char **next_cursor, GError **error);
GPtrArray          *pg_events_since    (ProcureStore *store, gint64 since, const char *account_id, guint limit, GError **error);
gint64              pg_last_seq        (ProcureStore *store);

/* The listener (procure-store-pg-listen.c). */
#define PG_CHANNEL "procure_events"
gboolean    pg_listen_start     (ProcureStorePg *self, GError **error);
void        pg_listen_stop      (ProcureStorePg *self);
/* Called after a local commit: hands @events to the commit hook. */
void        pg_emit_local       (ProcureStorePg *self, GPtrArray *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgParams, pg_params_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
