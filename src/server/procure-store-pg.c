/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The PostgreSQL store: connection, migrations, query helpers,
 * transactions, users, sessions, login throttling, accounts and products.
 * Orders, SIMs and events live in procure-store-pg-orders.c, the listener
 * for other instances' commits in procure-store-pg-listen.c.
 *
 * It keeps the layout of the SQLite store (JSON documents beside the
 * columns that queries filter, sort or keep unique on) and its behaviour:
 * the same ids, errors, events and cursors.
 *
 * Several instances share one database. Every write transaction first
 * takes one transaction-scoped advisory lock, so writes are serialised
 * cluster-wide: ids (MAX + 1) and event sequence numbers are handed out in
 * commit order, and a reader never sees seq N + 1 before seq N.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-store-pg-private.h"

/* The advisory lock key of write transactions ("PROCURE" in ASCII). */
#define WRITE_LOCK_KEY "5067482598163013"

/* Each entry migrates from version i to i + 1. */
static const char * const migrations[] = {
  "CREATE TABLE accounts ("
  "  rowid BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  doc TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  rowid BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL, role TEXT NOT NULL,"
  "  account_id TEXT REFERENCES accounts(id), password_hash TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
  "CREATE TABLE products ("
  "  rowid BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE,"
  "  stock BIGINT NOT NULL CHECK (stock >= 0), doc TEXT NOT NULL);"
  "CREATE TABLE product_accounts ("
  "  account_id TEXT NOT NULL REFERENCES accounts(id),"
  "  product_id TEXT NOT NULL REFERENCES products(id),"
  "  PRIMARY KEY (account_id, product_id));"
  "CREATE INDEX product_accounts_product ON product_accounts(product_id);"
  "CREATE TABLE orders ("
  "  rowid BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts(id), status TEXT NOT NULL,"
  "  number TEXT UNIQUE, created_at TEXT NOT NULL, version BIGINT NOT NULL,"
  "  search TEXT NOT NULL, doc TEXT NOT NULL);"
  "CREATE INDEX orders_account ON orders(account_id, rowid);"
  "CREATE INDEX orders_status ON orders(status, rowid);"
  "CREATE TABLE order_history ("
  "  rowid BIGSERIAL PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id),"
  "  at TEXT NOT NULL, actor_id TEXT, action TEXT, from_status TEXT,"
  "  to_status TEXT NOT NULL, comment TEXT);"
  "CREATE INDEX order_history_order ON order_history(order_id);"
  "CREATE TABLE sims ("
  "  rowid BIGSERIAL PRIMARY KEY, iccid TEXT NOT NULL UNIQUE, imsi TEXT NOT NULL UNIQUE,"
  "  msisdn TEXT NOT NULL UNIQUE, account_id TEXT NOT NULL REFERENCES accounts(id),"
  "  order_id TEXT NOT NULL REFERENCES orders(id),"
  "  product_id TEXT NOT NULL REFERENCES products(id), doc TEXT NOT NULL);"
  "CREATE INDEX sims_account ON sims(account_id, rowid);"
  "CREATE INDEX sims_order ON sims(order_id, rowid);"
  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL, response TEXT NOT NULL,"
  "  order_id TEXT REFERENCES orders(id), PRIMARY KEY (user_id, key));"
  "CREATE TABLE events ("
  "  seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, object_id TEXT NOT NULL,"
  "  account_id TEXT, at TEXT NOT NULL);"
  "CREATE INDEX events_account ON events(account_id, seq);"
  "CREATE TABLE login_failures ("
  "  login TEXT PRIMARY KEY, failures INTEGER NOT NULL, first BIGINT NOT NULL);",
};

/* ---------- parameters and statements ---------- */

PgParams *
pg_params_new (void)
{
  PgParams *params = g_new0 (PgParams, 1);

  params->values = g_ptr_array_new_with_free_func (g_free);
  return params;
}

void
pg_params_free (PgParams *params)
{
  if (params == NULL)
    return;
  g_ptr_array_unref (params->values);
  g_free (params);
}

PgParams *
pg_params_text (PgParams   *params,
                const char *value)
{
  g_ptr_array_add (params->values, g_strdup (value));
  return params;
}

PgParams *
pg_params_int (PgParams *params,
               gint64    value)
{
  g_ptr_array_add (params->values, g_strdup_printf ("%" G_GINT64_FORMAT, value));
  return params;
}

static void
set_failure (ProcureStorePg *self,
             PGresult       *result,
             GError        **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);
  g_autofree char *text = g_strchomp (g_strdup (message ? message : "error"));

  g_strlcpy (self->sqlstate, state ? state : "", sizeof self->sqlstate);
  g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED, "PostgreSQL: %s", text);
}

/* A connection lost between transactions (a restart, a failover) is
 * opened again; inside a transaction the error reaches the caller. */
static gboolean
between_transactions (ProcureStorePg *self)
{
  PGTransactionStatusType status = PQtransactionStatus (self->conn);

  return status == PQTRANS_IDLE || status == PQTRANS_UNKNOWN;
}

static void
maybe_reconnect (ProcureStorePg *self)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return;
  g_message ("PostgreSQL connection lost; reconnecting");
  PQreset (self->conn);
}

static PGresult *
exec_params (ProcureStorePg *self,
             const char     *sql,
             PgParams       *params)
{
  guint n = params ? params->values->len : 0;

  return PQexecParams (self->conn, sql, (int) n, NULL,
                       n ? (const char * const *) params->values->pdata : NULL,
                       NULL, NULL, 0);
}

static gboolean
succeeded (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

PGresult *
pg_exec (ProcureStorePg *self,
         const char     *sql,
         PgParams       *params,
         GError        **error)
{
  gboolean idle = between_transactions (self);
  PGresult *result;

  if (idle)
    maybe_reconnect (self);
  result = exec_params (self, sql, params);
  /* A connection found dead by the first statement after a failover:
   * outside a transaction nothing ran, so open it again and retry once. */
  if (!succeeded (result) && idle && PQstatus (self->conn) == CONNECTION_BAD)
    {
      PQclear (result);
      maybe_reconnect (self);
      result = exec_params (self, sql, params);
    }
  if (succeeded (result))
    {
      self->sqlstate[0] = '\0';
      return result;
    }
  set_failure (self, result, error);
  PQclear (result);
  return NULL;
}

gboolean
pg_run (ProcureStorePg *self,
        const char     *sql,
        PgParams       *params,
        gint64         *affected,
        GError        **error)
{
  g_autoptr(PGresult) result = pg_exec (self, sql, params, error);

  if (result == NULL)
    return FALSE;
  if (affected != NULL)
    *affected = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  return TRUE;
}

gboolean
pg_failed_with (ProcureStorePg *self,
                const char     *sqlstate)
{
  return strcmp (self->sqlstate, sqlstate) == 0;
}

char *
pg_value_dup (PGresult *result,
              int       row,
              int       column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_strdup (PQgetvalue (result, row, column));
}

gint64
pg_value_int (PGresult *result,
              int       row,
              int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* ---------- transactions ---------- */

gboolean
pg_begin (ProcureStorePg *self,
          GError        **error)
{
  g_assert (self->pending->len == 0);
  if (!pg_run (self, "BEGIN", NULL, NULL, error))
    return FALSE;
  if (!pg_run (self, "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")", NULL, NULL, error))
    {
      pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
pg_commit (ProcureStorePg *self,
           GError        **error)
{
  g_autoptr(GPtrArray) events = NULL;

  /* The notification is delivered with the commit, or not at all. */
  if (self->pending->len > 0)
    {
      ProcureEvent *last = g_ptr_array_index (self->pending, self->pending->len - 1);
      g_autoptr(PgParams) params = pg_params_int (pg_params_new (), last->seq);

      if (!pg_run (self, "SELECT pg_notify('" PG_CHANNEL "', $1)", params, NULL, error))
        {
          pg_rollback (self);
          return FALSE;
        }
    }
  if (!pg_run (self, "COMMIT", NULL, NULL, error))
    {
      pg_rollback (self);
      return FALSE;
    }
  /* Tell listeners only about what is durable. */
  events = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  pg_emit_local (self, events);
  return TRUE;
}

void
pg_rollback (ProcureStorePg *self)
{
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    {
      PGresult *result = PQexec (self->conn, "ROLLBACK");
      PQclear (result);
    }
  g_ptr_array_set_size (self->pending, 0);
}

/* ---------- ids and events ---------- */

char *
pg_next_id (ProcureStorePg *self,
            const char     *table,
            const char     *prefix,
            GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE(MAX(rowid), 0) + 1 FROM %s", table);
  g_autoptr(PGresult) result = pg_exec (self, sql, NULL, error);

  if (result == NULL)
    return NULL;
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, pg_value_int (result, 0, 0));
}

gboolean
pg_add_event (ProcureStorePg *self,
              const char     *kind,
              const char     *object_id,
              const char     *account_id,
              GError        **error)
{
  g_autofree char *now = procure_time_now_string ();
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(PGresult) result = NULL;

  pg_params_text (pg_params_text (pg_params_text (pg_params_text (params, kind), object_id),
                                  account_id), now);
  /* Safe without a sequence: the write lock is held (see the top). */
  result = pg_exec (self,
    "INSERT INTO events (seq, kind, object_id, account_id, at)"
    " VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM events), $1, $2, $3, $4) RETURNING seq",
    params, error);
  if (result == NULL)
    return FALSE;
  g_ptr_array_add (self->pending, procure_codec_event_new (pg_value_int (result, 0, 0), kind,
                                                          object_id, account_id));
  return TRUE;
}

static GStrv
product_account_ids (ProcureStorePg *self,
                     const char     *product_id,
                     GError        **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), product_id);
  g_autoptr(PGresult) result = pg_exec (self,
    "SELECT account_id FROM product_accounts WHERE product_id = $1 ORDER BY account_id COLLATE \"C\"",
    params, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (builder, PQgetvalue (result, i, 0));
  return g_strv_builder_end (builder);
}

gboolean
pg_add_product_events (ProcureStorePg *self,
                       const char     *product_id,
                       GError        **error)
{
  g_auto(GStrv) accounts = product_account_ids (self, product_id, error);

  if (accounts == NULL || !pg_add_event (self, "product", product_id, NULL, error))
    return FALSE;
  for (guint i = 0; accounts[i] != NULL; i++)
    if (!pg_add_event (self, "product", product_id, accounts[i], error))
      return FALSE;
  return TRUE;
}

/* ---------- lifecycle of the store ---------- */

static gint64
schema_version (ProcureStorePg *self,
                GError        **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!pg_run (self, "CREATE TABLE IF NOT EXISTS procure_schema (version INTEGER NOT NULL)",
               NULL, NULL, error))
    return -1;
  result = pg_exec (self, "SELECT COALESCE(MAX(version), 0) FROM procure_schema", NULL, error);
  return result ? pg_value_int (result, 0, 0) : -1;
}

/* All in one transaction under the write lock, so instances starting
 * together migrate once. */
static gboolean
migrate (ProcureStorePg *self,
         GError        **error)
{
  gint64 version;

  if (!pg_begin (self, error))
    return FALSE;
  if ((version = schema_version (self, error)) < 0)
    goto fail;
  for (gsize v = (gsize) version; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autoptr(PgParams) params = pg_params_int (pg_params_new (), (gint64) v + 1);
      PGresult *result = PQexec (self->conn, migrations[v]);

      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          set_failure (self, result, error);
          PQclear (result);
          goto fail;
        }
      PQclear (result);
      if (!pg_run (self, "DELETE FROM procure_schema", NULL, NULL, error)
          || !pg_run (self, "INSERT INTO procure_schema (version) VALUES ($1)", params, NULL, error))
        goto fail;
    }
  return pg_commit (self, error);

fail:
  pg_rollback (self);
  return FALSE;
}

static void
pg_close (ProcureStore *store)
{
  ProcureStorePg *self = PG_STORE (store);

  pg_listen_stop (self);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->local_seqs, g_hash_table_unref);
  g_free (self->conninfo);
  g_free (self);
}

static gboolean
pg_is_empty (ProcureStore *store)
{
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM users)", NULL, NULL);

  return result != NULL && pg_value_int (result, 0, 0) == 0;
}

/* ---------- users and sessions ---------- */

#define USER_COLUMNS PROCURE_CODEC_USER_COLUMNS ", password_hash"

/* The user of the first row of @result, or NULL with NOT_FOUND. */
static ProcureUser *
user_from_result (PGresult *result,
                  char    **password_hash,
                  GError  **error)
{
  const char *columns[PROCURE_CODEC_N_USER_COLUMNS];

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such user");
      return NULL;
    }
  for (int i = 0; i < PROCURE_CODEC_N_USER_COLUMNS; i++)
    columns[i] = PQgetisnull (result, 0, i) ? NULL : PQgetvalue (result, 0, i);
  if (password_hash != NULL)
    *password_hash = pg_value_dup (result, 0, PROCURE_CODEC_N_USER_COLUMNS);
  return procure_codec_user_from_columns (columns);
}

static ProcureUser *
pg_user_get (ProcureStore *store,
             const char   *id,
             GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), id);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT " USER_COLUMNS " FROM users WHERE id = $1", params, error);

  return user_from_result (result, NULL, error);
}

static ProcureUser *
pg_user_by_login (ProcureStore *store,
                  const char   *login,
                  char        **password_hash,
                  GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), login);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT " USER_COLUMNS " FROM users WHERE login = $1", params, error);

  return user_from_result (result, password_hash, error);
}

static gboolean
user_insert (ProcureStorePg *self,
             ProcureUser    *user,
             const char     *password_hash,
             GError        **error)
{
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(GError) local = NULL;

  if ((user->id = pg_next_id (self, "users", "usr", error)) == NULL)
    return FALSE;
  pg_params_text (params, user->id);
  pg_params_text (params, user->login);
  pg_params_text (params, user->name);
  pg_params_text (params, procure_role_to_string (user->role));
  pg_params_text (params, user->account_id);
  pg_params_text (params, password_hash);
  if (pg_run (self,
              "INSERT INTO users (rowid, " USER_COLUMNS ")"
              " VALUES ((SELECT COALESCE(MAX(rowid), 0) + 1 FROM users), $1, $2, $3, $4, $5, $6)",
              params, NULL, &local))
    return TRUE;
  /* SQLite answers any constraint here as a taken login; so do we. */
  if (pg_failed_with (self, PG_UNIQUE_VIOLATION) || pg_failed_with (self, PG_FOREIGN_KEY_VIOLATION))
    procure_set_error (error, PROCURE_ERROR_CONFLICT, "login", "The login is taken");
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
pg_user_create (ProcureStore *store,
                ProcureUser  *user,
                const char   *password_hash,
                GError      **error)
{
  ProcureStorePg *self = PG_STORE (store);

  g_clear_pointer (&user->id, g_free);
  if (!pg_begin (self, error))
    return FALSE;
  if (!user_insert (self, user, password_hash, error))
    {
      g_clear_pointer (&user->id, g_free);
      pg_rollback (self);
      return FALSE;
    }
  return pg_commit (self, error);
}

static gboolean
pg_session_create (ProcureStore *store,
                   const char   *token_hash,
                   const char   *user_id,
                   gint64        expires_at,
                   GError      **error)
{
  g_autoptr(PgParams) params = pg_params_new ();

  pg_params_text (pg_params_text (params, token_hash), user_id);
  pg_params_int (pg_params_int (params, g_get_real_time () / G_USEC_PER_SEC), expires_at);
  return pg_run (PG_STORE (store),
                 "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"
                 " VALUES ($1, $2, $3, $4)", params, NULL, error);
}

static ProcureUser *
pg_session_user (ProcureStore *store,
                 const char   *token_hash,
                 gint64        now,
                 gint64       *expires_at,
                 GError      **error)
{
  g_autoptr(PgParams) params = pg_params_int (pg_params_text (pg_params_new (), token_hash), now);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT u.id, u.login, u.name, u.role, u.account_id, s.expires_at"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = $1 AND s.expires_at > $2", params, error);
  ProcureUser *user = user_from_result (result, NULL, error);

  if (user != NULL)
    *expires_at = pg_value_int (result, 0, PROCURE_CODEC_N_USER_COLUMNS);
  return user;
}

static gboolean
pg_session_delete (ProcureStore *store,
                   const char   *token_hash,
                   GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), token_hash);

  return pg_run (PG_STORE (store), "DELETE FROM sessions WHERE token_hash = $1", params, NULL, error);
}

/* ---------- login throttling ---------- */

guint
pg_login_wait (ProcureStore *store,
               const char   *login,
               gint64        now,
               guint         max_failures,
               guint         window)
{
  ProcureStorePg *self = PG_STORE (store);
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), login);
  g_autoptr(PGresult) result = pg_exec (self,
    "SELECT failures, first FROM login_failures WHERE login = $1", params, NULL);
  gint64 failures, first;

  if (result == NULL || PQntuples (result) == 0)
    return 0;
  failures = pg_value_int (result, 0, 0);
  first = pg_value_int (result, 0, 1);
  if (now - first >= window)
    {
      pg_login_succeeded (store, login);
      return 0;
    }
  if (failures < MAX (max_failures, 1))
    return 0;
  return (guint) (first + window - now);
}

void
pg_login_failed (ProcureStore *store,
                 const char   *login,
                 gint64        now,
                 guint         window)
{
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(GError) error = NULL;

  pg_params_int (pg_params_int (pg_params_text (params, login), now), window);
  /* One statement, so failures counted by several instances add up. */
  if (!pg_run (PG_STORE (store),
               "INSERT INTO login_failures (login, failures, first) VALUES ($1, 1, $2)"
               " ON CONFLICT (login) DO UPDATE SET"
               "  failures = CASE WHEN $2 - login_failures.first >= $3 THEN 1"
               "                  ELSE login_failures.failures + 1 END,"
               "  first = CASE WHEN $2 - login_failures.first >= $3 THEN $2"
               "               ELSE login_failures.first END",
               params, NULL, &error))
    g_warning ("Recording a failed login: %s", error->message);
}

void
pg_login_succeeded (ProcureStore *store,
                    const char   *login)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), login);

  pg_run (PG_STORE (store), "DELETE FROM login_failures WHERE login = $1", params, NULL, NULL);
}

/* ---------- accounts ---------- */

static ProcureAccount *
pg_account_get (ProcureStore *store,
                const char   *id,
                GError      **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), id);
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT doc FROM accounts WHERE id = $1", params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such account");
      return NULL;
    }
  return procure_codec_account_from_doc (PQgetvalue (result, 0, 0), error);
}

static GPtrArray *
pg_account_list (ProcureStore *store,
                 GError      **error)
{
  g_autoptr(PGresult) result = pg_exec (PG_STORE (store),
    "SELECT doc FROM accounts ORDER BY rowid", NULL, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_account_unref);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      ProcureAccount *account = procure_codec_account_from_doc (PQgetvalue (result, i, 0), error);

      if (account == NULL)
        return NULL;
      g_ptr_array_add (list, account);
    }
  return g_steal_pointer (&list);
}

static gboolean
account_upsert (ProcureStorePg *self,
                ProcureAccount *account,
                GError        **error)
{
  g_autofree char *doc = NULL;
  g_autoptr(PgParams) params = pg_params_new ();

  if (account->id == NULL && (account->id = pg_next_id (self, "accounts", "acc", error)) == NULL)
    return FALSE;
  g_free (account->updated_at);
  account->updated_at = procure_time_now_string ();
  doc = procure_codec_account_to_doc (account);
  pg_params_text (pg_params_text (pg_params_text (params, account->id), account->name), doc);
  return pg_run (self,
                 "INSERT INTO accounts (rowid, id, name, doc)"
                 " VALUES ((SELECT COALESCE(MAX(rowid), 0) + 1 FROM accounts), $1, $2, $3)"
                 " ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc",
                 params, NULL, error)
      && pg_add_event (self, "account", account->id, account->id, error);
}

static gboolean
pg_account_save (ProcureStore   *store,
                 ProcureAccount *account,
                 GError        **error)
{
  ProcureStorePg *self = PG_STORE (store);
  gboolean created = account->id == NULL;

  if (!pg_begin (self, error))
    return FALSE;
  if (!account_upsert (self, account, error))
    {
      if (created)
        g_clear_pointer (&account->id, g_free);
      pg_rollback (self);
      return FALSE;
    }
  return pg_commit (self, error);
}

/* ---------- products ---------- */

/* A product from the columns (doc, stock). */
static ProcureProduct *
product_from_row (PGresult *result,
                  int       row,
                  GError  **error)
{
  return procure_codec_product_from_doc (PQgetvalue (result, row, 0),
                                         pg_value_int (result, row, 1), error);
}

static gboolean
product_fill_accounts (ProcureStorePg *self,
                       ProcureProduct *product,
                       GError        **error)
{
  g_strfreev (product->account_ids);
  product->account_ids = product_account_ids (self, product->id, error);
  return product->account_ids != NULL;
}

static ProcureProduct *
pg_product_get (ProcureStore *store,
                const char   *id,
                GError      **error)
{
  ProcureStorePg *self = PG_STORE (store);
  g_autoptr(PgParams) params = pg_params_text (pg_params_new (), id);
  g_autoptr(PGresult) result = pg_exec (self, "SELECT doc, stock FROM products WHERE id = $1",
                                        params, error);
  g_autoptr(ProcureProduct) product = NULL;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such product");
      return NULL;
    }
  product = product_from_row (result, 0, error);
  if (product == NULL || !product_fill_accounts (self, product, error))
    return NULL;
  return g_steal_pointer (&product);
}

GPtrArray *
pg_product_list (ProcureStore *store,
                 const char   *account_id,
                 GError      **error)
{
  ProcureStorePg *self = PG_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(PGresult) result = NULL;

  if (account_id == NULL)
    result = pg_exec (self, "SELECT doc, stock FROM products ORDER BY rowid", NULL, error);
  else
    result = pg_exec (self,
      "SELECT p.doc, p.stock FROM products p JOIN product_accounts a ON a.product_id = p.id"
      " WHERE a.account_id = $1 ORDER BY p.rowid", pg_params_text (params, account_id), error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      ProcureProduct *product = product_from_row (result, i, error);

      if (product == NULL)
        return NULL;
      g_ptr_array_add (list, product);
    }
  for (guint i = 0; i < list->len; i++)
    if (!product_fill_accounts (self, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

static gboolean
product_upsert (ProcureStorePg *self,
                ProcureProduct *product,
                GError        **error)
{
  g_autofree char *doc = NULL;
  g_autoptr(PgParams) params = pg_params_new ();
  g_autoptr(GError) local = NULL;

  if (product->id == NULL && (product->id = pg_next_id (self, "products", "prd", error)) == NULL)
    return FALSE;
  g_free (product->updated_at);
  product->updated_at = procure_time_now_string ();
  doc = procure_codec_product_to_doc (product);
  pg_params_text (pg_params_text (params, product->id), product->code);
  pg_params_text (pg_params_int (params, product->stock), doc);
  if (!pg_run (self,
               "INSERT INTO products (rowid, id, code, stock, doc)"
               " VALUES ((SELECT COALESCE(MAX(rowid), 0) + 1 FROM products), $1, $2, $3, $4)"
               " ON CONFLICT (id) DO UPDATE SET code = excluded.code, stock = excluded.stock,"
               " doc = excluded.doc", params, NULL, &local))
    {
      if (pg_failed_with (self, PG_UNIQUE_VIOLATION) || pg_failed_with (self, PG_CHECK_VIOLATION))
        procure_set_error (error, PROCURE_ERROR_CONFLICT, "code", "Another product has this code");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return pg_add_product_events (self, product->id, error);
}

static gboolean
pg_product_save (ProcureStore   *store,
                 ProcureProduct *product,
                 GError        **error)
{
  ProcureStorePg *self = PG_STORE (store);
  gboolean created = product->id == NULL;

  if (!pg_begin (self, error))
    return FALSE;
  if (!product_upsert (self, product, error))
    {
      if (created)
        g_clear_pointer (&product->id, g_free);
      pg_rollback (self);
      return FALSE;
    }
  if (!pg_commit (self, error))
    return FALSE;
  return product_fill_accounts (self, product, error);
}

static gboolean
assignment_change (ProcureStorePg *self,
                   const char     *sql,
                   const char     *account_id,
                   const char     *product_id,
                   const char     *kind,
                   GError        **error)
{
  g_autoptr(PgParams) params = pg_params_text (pg_params_text (pg_params_new (), account_id), product_id);
  g_autoptr(GError) local = NULL;
  gint64 changed = 0;

  if (!pg_run (self, sql, params, &changed, &local))
    {
      if (pg_failed_with (self, PG_FOREIGN_KEY_VIOLATION))
        procure_set_error (error, PROCURE_ERROR_INVALID, "product_ids", "No such product");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (changed == 0)
    return TRUE;
  return pg_add_event (self, kind, product_id, account_id, error)
      && pg_add_event (self, "product", product_id, NULL, error);
}

static gboolean
assign_products (ProcureStorePg     *self,
                 const char         *account_id,
                 const char * const *product_ids,
                 GError            **error)
{
  g_autoptr(GPtrArray) current = pg_product_list (&self->parent, account_id, error);

  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < current->len; i++)
    {
      ProcureProduct *product = g_ptr_array_index (current, i);

      if (!g_strv_contains (product_ids, product->id)
          && !assignment_change (self,
                                 "DELETE FROM product_accounts WHERE account_id = $1 AND product_id = $2",
                                 account_id, product->id, "product_removed", error))
        return FALSE;
    }
  for (guint i = 0; product_ids[i] != NULL; i++)
    if (!assignment_change (self,
                            "INSERT INTO product_accounts (account_id, product_id) VALUES ($1, $2)"
                            " ON CONFLICT DO NOTHING",
                            account_id, product_ids[i], "product", error))
      return FALSE;
  return TRUE;
}

static gboolean
pg_product_assign (ProcureStore       *store,
                   const char         *account_id,
                   const char * const *product_ids,
                   GError            **error)
{
  ProcureStorePg *self = PG_STORE (store);

  if (!pg_begin (self, error))
    return FALSE;
  if (!assign_products (self, account_id, product_ids, error))
    {
      pg_rollback (self);
      return FALSE;
    }
  return pg_commit (self, error);
}

/* ---------- idempotency of other requests ---------- */

static gboolean
pg_idempotency_put (ProcureStore *store,
                    const char   *user_id,
                    const char   *key,
                    const char   *body_hash,
                    guint         status,
                    const char   *response,
                    GError      **error)
{
  g_autoptr(PgParams) params = pg_params_new ();

  pg_params_text (pg_params_text (pg_params_text (params, user_id), key), body_hash);
  pg_params_text (pg_params_int (params, status), response);
  return pg_run (PG_STORE (store),
                 "INSERT INTO idempotency (user_id, key, body_hash, status, response, order_id)"
                 " VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT (user_id, key) DO NOTHING",
                 params, NULL, error);
}

/* ---------- the table and opening ---------- */

static const ProcureStoreVTable pg_vtable = {
  .close = pg_close,
  .is_empty = pg_is_empty,
  .last_seq = pg_last_seq,
  .user_get = pg_user_get,
  .user_by_login = pg_user_by_login,
  .user_create = pg_user_create,
  .session_create = pg_session_create,
  .session_user = pg_session_user,
  .session_delete = pg_session_delete,
  .account_get = pg_account_get,
  .account_list = pg_account_list,
  .account_save = pg_account_save,
  .product_get = pg_product_get,
  .product_list = pg_product_list,
  .product_save = pg_product_save,
  .product_assign = pg_product_assign,
  .order_get = pg_order_get,
  .order_doc = pg_order_doc,
  .order_list = pg_order_list,
  .order_write = pg_order_write,
  .idempotency_get = pg_idempotency_get,
  .sim_list = pg_sim_list,
  .events_since = pg_events_since,
  .login_wait = pg_login_wait,
  .login_failed = pg_login_failed,
  .login_succeeded = pg_login_succeeded,
  .idempotency_put = pg_idempotency_put,
};

static gboolean
connect_and_migrate (ProcureStorePg *self,
                     GError        **error)
{
  self->conn = PQconnectdb (self->conninfo);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *text = g_strchomp (g_strdup (PQerrorMessage (self->conn)));

      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED, "PostgreSQL: %s", text);
      return FALSE;
    }
  /* Quiet NOTICEs ("relation already exists, skipping") on stderr. */
  return pg_run (self, "SET client_min_messages = warning", NULL, NULL, error)
      && migrate (self, error)
      && pg_listen_start (self, error);
}

ProcureStore *
procure_store_pg_open (const char *conninfo,
                       GError    **error)
{
  ProcureStorePg *self = g_new0 (ProcureStorePg, 1);

  g_return_val_if_fail (conninfo != NULL, NULL);

  self->parent.vtable = &pg_vtable;
  self->conninfo = g_strdup (conninfo);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  self->local_seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!connect_and_migrate (self, error))
    {
      pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
