/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite store: connection, migrations, statement cache, transactions,
 * users, sessions, accounts and products. Orders, SIMs and events live in
 * procure-store-sqlite-orders.c.
 *
 * Accounts, products and orders are stored as a JSON document (the wire
 * encoding of core) next to the columns that queries filter, sort or keep
 * unique on; stock is a column of its own so a reservation is one guarded
 * UPDATE.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-store-sqlite-private.h"

#define BUSY_TIMEOUT_MS 5000

/* Each entry migrates from user_version i to i + 1. */
static const char * const migrations[] = {
  "CREATE TABLE accounts ("
  "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  "  doc TEXT NOT NULL);"
  "CREATE TABLE users ("
  "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL, role TEXT NOT NULL,"
  "  account_id TEXT REFERENCES accounts(id), password_hash TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE TABLE products ("
  "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, code TEXT NOT NULL UNIQUE,"
  "  stock INTEGER NOT NULL CHECK (stock >= 0), doc TEXT NOT NULL);"
  "CREATE TABLE product_accounts ("
  "  account_id TEXT NOT NULL REFERENCES accounts(id),"
  "  product_id TEXT NOT NULL REFERENCES products(id),"
  "  PRIMARY KEY (account_id, product_id));"
  "CREATE INDEX product_accounts_product ON product_accounts(product_id);"
  "CREATE TABLE orders ("
  "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts(id), status TEXT NOT NULL,"
  "  number TEXT UNIQUE, created_at TEXT NOT NULL, version INTEGER NOT NULL,"
  "  search TEXT NOT NULL, doc TEXT NOT NULL);"
  "CREATE INDEX orders_account ON orders(account_id, rowid);"
  "CREATE INDEX orders_status ON orders(status, rowid);"
  "CREATE TABLE order_history ("
  "  rowid INTEGER PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id),"
  "  at TEXT NOT NULL, actor_id TEXT, action TEXT, from_status TEXT,"
  "  to_status TEXT NOT NULL, comment TEXT);"
  "CREATE INDEX order_history_order ON order_history(order_id);"
  "CREATE TABLE sims ("
  "  rowid INTEGER PRIMARY KEY, iccid TEXT NOT NULL UNIQUE, imsi TEXT NOT NULL UNIQUE,"
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
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, object_id TEXT NOT NULL,"
  "  account_id TEXT, at TEXT NOT NULL);"
  "CREATE INDEX events_account ON events(account_id, seq);",
};

/* ---------- helpers shared with the orders file ---------- */

gboolean
sq_fail (ProcureStoreSqlite *self,
         GError            **error)
{
  g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
               "SQLite: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
sq_prepare (ProcureStoreSqlite *self,
            const char         *sql,
            GError            **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sq_fail (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
sq_step_row (ProcureStoreSqlite *self,
             sqlite3_stmt       *stmt,
             const char         *missing,
             GError            **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "%s", missing);
  else
    sq_fail (self, error);
  return FALSE;
}

gboolean
sq_step_done (ProcureStoreSqlite *self,
              sqlite3_stmt       *stmt,
              GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return sq_fail (self, error);
  return TRUE;
}

gboolean
sq_exec (ProcureStoreSqlite *self,
         const char         *sql,
         GError            **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
                   "SQLite: %s", message ? message : "error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
group_begin (ProcureStoreSqlite *self,
             GError            **error)
{
  if (self->parent.group_open && (self->group_lost || sqlite3_get_autocommit (self->db)))
    {
      /* An I/O error or a full disk made SQLite roll the group back: the
       * writes already in it are gone, and so is this one (until the
       * flush reports it and a new group starts). */
      self->group_lost = TRUE;
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
                   "SQLite: the open transaction was rolled back");
      return FALSE;
    }
  if (!self->parent.group_open)
    {
      g_assert (self->pending->len == 0);
      if (!sq_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->parent.group_open = TRUE;
      procure_store_group_opened (&self->parent);
    }
  self->mark = self->pending->len;
  return sq_exec (self, "SAVEPOINT one_write", error);
}

gboolean
sq_begin (ProcureStoreSqlite *self,
          GError            **error)
{
  if (self->parent.group_commit)
    return group_begin (self, error);
  g_assert (self->pending->len == 0);
  return sq_exec (self, "BEGIN IMMEDIATE", error);
}

static void
emit_pending (ProcureStoreSqlite *self)
{
  g_autoptr(GPtrArray) events = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  for (guint i = 0; i < events->len; i++)
    procure_store_emit_commit (&self->parent, g_ptr_array_index (events, i));
}

gboolean
sq_commit (ProcureStoreSqlite *self,
           GError            **error)
{
  if (self->parent.group_open)
    {
      if (!sq_exec (self, "RELEASE one_write", error))
        {
          sq_rollback (self);
          return FALSE;
        }
      return TRUE;
    }
  if (!sq_exec (self, "COMMIT", error))
    {
      sq_rollback (self);
      return FALSE;
    }
  /* Tell listeners only about what is durable. */
  emit_pending (self);
  return TRUE;
}

void
sq_rollback (ProcureStoreSqlite *self)
{
  if (self->parent.group_open)
    {
      if (sqlite3_get_autocommit (self->db))
        self->group_lost = TRUE;
      else if (!self->group_lost)
        sq_exec (self, "ROLLBACK TO one_write; RELEASE one_write", NULL);
      g_ptr_array_set_size (self->pending, self->group_lost ? 0 : self->mark);
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sq_exec (self, "ROLLBACK", NULL);
  g_ptr_array_set_size (self->pending, 0);
}

gboolean
sq_flush (ProcureStore *store,
          GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  gboolean lost = self->group_lost;

  if (!self->parent.group_open)
    return TRUE;
  self->parent.group_open = FALSE;
  self->group_lost = FALSE;
  if (lost || sqlite3_get_autocommit (self->db))
    {
      g_ptr_array_set_size (self->pending, 0);
      g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
                   "SQLite: the open transaction was rolled back");
      return FALSE;
    }
  if (!sq_exec (self, "COMMIT", error))
    {
      sq_rollback (self);
      return FALSE;
    }
  emit_pending (self);
  return TRUE;
}

void
sq_bind_text (sqlite3_stmt *stmt,
              int           index,
              const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

char *
sq_column_dup (sqlite3_stmt *stmt,
               int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

char *
sq_next_id (ProcureStoreSqlite *self,
            const char         *table,
            const char         *prefix,
            GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT IFNULL(MAX(rowid), 0) + 1 FROM %s", table);
  sqlite3_stmt *stmt = sq_prepare (self, sql, error);
  gint64 next;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sq_fail (self, error);
      return NULL;
    }
  next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, next);
}

gboolean
sq_add_event (ProcureStoreSqlite *self,
              const char         *kind,
              const char         *object_id,
              const char         *account_id,
              GError            **error)
{
  g_autofree char *now = procure_time_now_string ();
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO events (kind, object_id, account_id, at) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, kind);
  sq_bind_text (stmt, 2, object_id);
  sq_bind_text (stmt, 3, account_id);
  sq_bind_text (stmt, 4, now);
  if (!sq_step_done (self, stmt, error))
    return FALSE;
  g_ptr_array_add (self->pending, procure_codec_event_new (sqlite3_last_insert_rowid (self->db),
                                                          kind, object_id, account_id));
  return TRUE;
}

static GStrv
product_account_ids (ProcureStoreSqlite *self,
                     const char         *product_id,
                     GError            **error)
{
  sqlite3_stmt *stmt = sq_prepare (self,
    "SELECT account_id FROM product_accounts WHERE product_id = ? ORDER BY account_id", error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, product_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sq_fail (self, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
sq_add_product_events (ProcureStoreSqlite *self,
                       const char         *product_id,
                       GError            **error)
{
  g_auto(GStrv) accounts = product_account_ids (self, product_id, error);

  if (accounts == NULL || !sq_add_event (self, "product", product_id, NULL, error))
    return FALSE;
  for (guint i = 0; accounts[i] != NULL; i++)
    if (!sq_add_event (self, "product", product_id, accounts[i], error))
      return FALSE;
  return TRUE;
}

/* ---------- lifecycle of the store ---------- */

static gboolean
migrate (ProcureStoreSqlite *self,
         GError            **error)
{
  sqlite3_stmt *stmt = sq_prepare (self, "PRAGMA user_version", error);
  gint64 version;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return sq_fail (self, error);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (gsize v = version; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GSIZE_FORMAT, v + 1);

      if (!sq_begin (self, error))
        return FALSE;
      if (!sq_exec (self, migrations[v], error) || !sq_exec (self, bump, error))
        {
          sq_rollback (self);
          return FALSE;
        }
      if (!sq_commit (self, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
configure (ProcureStoreSqlite *self,
           GError            **error)
{
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  /* WAL for concurrent readers; FULL so an acknowledged write survives a
   * power loss, not just a crash of the process. */
  return sq_exec (self,
                  "PRAGMA journal_mode = WAL;"
                  "PRAGMA synchronous = FULL;"
                  "PRAGMA foreign_keys = ON;", error);
}

static void
sqlite_close (ProcureStore *store)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);

  g_clear_pointer (&self->statements, g_hash_table_unref);  /* finalizes statements */
  sqlite3_close (self->db);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self);
}

static gboolean
sqlite_is_empty (ProcureStore *store)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM users)", NULL);
  gboolean empty;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  empty = sqlite3_column_int64 (stmt, 0) == 0;
  sqlite3_reset (stmt);
  return empty;
}

static gint64
sqlite_last_seq (ProcureStore *store)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT IFNULL(MAX(seq), 0) FROM events", NULL);
  gint64 seq = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return seq;
}

/* ---------- users and sessions ---------- */

#define USER_COLUMNS PROCURE_CODEC_USER_COLUMNS ", password_hash"

/* A user from the columns of USER_COLUMNS (the password hash follows them). */
static ProcureUser *
user_from_row (sqlite3_stmt *stmt,
               char        **password_hash)
{
  const char *columns[PROCURE_CODEC_N_USER_COLUMNS];

  for (int i = 0; i < PROCURE_CODEC_N_USER_COLUMNS; i++)
    columns[i] = (const char *) sqlite3_column_text (stmt, i);
  if (password_hash != NULL)
    *password_hash = sq_column_dup (stmt, PROCURE_CODEC_N_USER_COLUMNS);
  return procure_codec_user_from_columns (columns);
}

/* Runs @stmt (bound) and returns the user of its first row, or NULL with
 * PROCURE_ERROR_NOT_FOUND. */
static ProcureUser *
user_query (ProcureStoreSqlite *self,
            sqlite3_stmt       *stmt,
            char              **password_hash,
            GError            **error)
{
  ProcureUser *user = NULL;

  if (sq_step_row (self, stmt, "No such user", error))
    user = user_from_row (stmt, password_hash);
  sqlite3_reset (stmt);
  return user;
}

static ProcureUser *
sqlite_user_get (ProcureStore *store,
                 const char   *id,
                 GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, id);
  return user_query (self, stmt, NULL, error);
}

static ProcureUser *
sqlite_user_by_login (ProcureStore *store,
                      const char   *login,
                      char        **password_hash,
                      GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", error);

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, login);
  return user_query (self, stmt, password_hash, error);
}

static gboolean
user_insert (ProcureStoreSqlite *self,
             ProcureUser        *user,
             const char         *password_hash,
             GError            **error)
{
  sqlite3_stmt *stmt;

  user->id = sq_next_id (self, "users", "usr", error);
  if (user->id == NULL)
    return FALSE;
  stmt = sq_prepare (self, "INSERT INTO users (" USER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, user->id);
  sq_bind_text (stmt, 2, user->login);
  sq_bind_text (stmt, 3, user->name);
  sq_bind_text (stmt, 4, procure_role_to_string (user->role));
  sq_bind_text (stmt, 5, user->account_id);
  sq_bind_text (stmt, 6, password_hash);
  if (sqlite3_step (stmt) == SQLITE_CONSTRAINT)
    {
      sqlite3_reset (stmt);
      procure_set_error (error, PROCURE_ERROR_CONFLICT, "login", "The login is taken");
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_user_create (ProcureStore *store,
                    ProcureUser  *user,
                    const char   *password_hash,
                    GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);

  g_clear_pointer (&user->id, g_free);
  if (!sq_begin (self, error))
    return FALSE;
  if (!user_insert (self, user, password_hash, error))
    {
      g_clear_pointer (&user->id, g_free);
      sq_rollback (self);
      return FALSE;
    }
  return sq_commit (self, error);
}

static gboolean
sqlite_session_create (ProcureStore *store,
                       const char   *token_hash,
                       const char   *user_id,
                       gint64        expires_at,
                       GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, token_hash);
  sq_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  return sq_step_done (self, stmt, error);
}

static ProcureUser *
sqlite_session_user (ProcureStore *store,
                     const char   *token_hash,
                     gint64        now,
                     gint64       *expires_at,
                     GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "SELECT u.id, u.login, u.name, u.role, u.account_id, s.expires_at"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = ? AND s.expires_at > ?", error);
  ProcureUser *user = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sq_step_row (self, stmt, "No such session", error))
    {
      user = user_from_row (stmt, NULL);
      *expires_at = sqlite3_column_int64 (stmt, PROCURE_CODEC_N_USER_COLUMNS);
    }
  sqlite3_reset (stmt);
  return user;
}

static gboolean
sqlite_session_delete (ProcureStore *store,
                       const char   *token_hash,
                       GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "DELETE FROM sessions WHERE token_hash = ?", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, token_hash);
  return sq_step_done (self, stmt, error);
}

/* ---------- accounts ---------- */

static ProcureAccount *
sqlite_account_get (ProcureStore *store,
                    const char   *id,
                    GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT doc FROM accounts WHERE id = ?", error);
  ProcureAccount *account = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, id);
  if (sq_step_row (self, stmt, "No such account", error))
    account = procure_codec_account_from_doc ((const char *) sqlite3_column_text (stmt, 0), error);
  sqlite3_reset (stmt);
  return account;
}

static GPtrArray *
sqlite_account_list (ProcureStore *store,
                     GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT doc FROM accounts ORDER BY rowid", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_account_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProcureAccount *account =
        procure_codec_account_from_doc ((const char *) sqlite3_column_text (stmt, 0), error);

      if (account == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (list, account);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sq_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
account_upsert (ProcureStoreSqlite *self,
                ProcureAccount     *account,
                GError            **error)
{
  g_autofree char *doc = NULL;
  sqlite3_stmt *stmt;

  if (account->id == NULL && (account->id = sq_next_id (self, "accounts", "acc", error)) == NULL)
    return FALSE;
  g_free (account->updated_at);
  account->updated_at = procure_time_now_string ();
  doc = procure_codec_account_to_doc (account);
  stmt = sq_prepare (self,
    "INSERT INTO accounts (id, name, doc) VALUES (?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc", error);
  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, account->id);
  sq_bind_text (stmt, 2, account->name);
  sq_bind_text (stmt, 3, doc);
  return sq_step_done (self, stmt, error)
      && sq_add_event (self, "account", account->id, account->id, error);
}

static gboolean
sqlite_account_save (ProcureStore   *store,
                     ProcureAccount *account,
                     GError        **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  gboolean created = account->id == NULL;

  if (!sq_begin (self, error))
    return FALSE;
  if (!account_upsert (self, account, error))
    {
      if (created)
        g_clear_pointer (&account->id, g_free);
      sq_rollback (self);
      return FALSE;
    }
  return sq_commit (self, error);
}

/* ---------- products ---------- */

/* A product from the columns (doc, stock). */
static ProcureProduct *
product_from_row (ProcureStoreSqlite *self,
                  sqlite3_stmt       *stmt,
                  GError            **error)
{
  return procure_codec_product_from_doc ((const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1), error);
}

static gboolean
product_fill_accounts (ProcureStoreSqlite *self,
                       ProcureProduct     *product,
                       GError            **error)
{
  g_strfreev (product->account_ids);
  product->account_ids = product_account_ids (self, product->id, error);
  return product->account_ids != NULL;
}

static ProcureProduct *
sqlite_product_get (ProcureStore *store,
                    const char   *id,
                    GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self, "SELECT doc, stock FROM products WHERE id = ?", error);
  g_autoptr(ProcureProduct) product = NULL;

  if (stmt == NULL)
    return NULL;
  sq_bind_text (stmt, 1, id);
  if (sq_step_row (self, stmt, "No such product", error))
    product = product_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  if (product == NULL || !product_fill_accounts (self, product, error))
    return NULL;
  return g_steal_pointer (&product);
}

static GPtrArray *
sqlite_product_list (ProcureStore *store,
                     const char   *account_id,
                     GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (account_id == NULL)
    stmt = sq_prepare (self, "SELECT doc, stock FROM products ORDER BY rowid", error);
  else
    stmt = sq_prepare (self,
      "SELECT p.doc, p.stock FROM products p JOIN product_accounts a ON a.product_id = p.id"
      " WHERE a.account_id = ? ORDER BY p.rowid", error);
  if (stmt == NULL)
    return NULL;
  if (account_id != NULL)
    sq_bind_text (stmt, 1, account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProcureProduct *product = product_from_row (self, stmt, error);

      if (product == NULL)
        break;
      g_ptr_array_add (list, product);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sq_fail (self, error), NULL;
  if (rc == SQLITE_ROW)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (!product_fill_accounts (self, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

static gboolean
product_upsert (ProcureStoreSqlite *self,
                ProcureProduct     *product,
                GError            **error)
{
  g_autofree char *doc = NULL;
  sqlite3_stmt *stmt;

  if (product->id == NULL && (product->id = sq_next_id (self, "products", "prd", error)) == NULL)
    return FALSE;
  g_free (product->updated_at);
  product->updated_at = procure_time_now_string ();
  doc = procure_codec_product_to_doc (product);
  stmt = sq_prepare (self,
    "INSERT INTO products (id, code, stock, doc) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET code = excluded.code, stock = excluded.stock,"
    " doc = excluded.doc", error);
  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, product->id);
  sq_bind_text (stmt, 2, product->code);
  sqlite3_bind_int64 (stmt, 3, product->stock);
  sq_bind_text (stmt, 4, doc);
  if (sqlite3_step (stmt) == SQLITE_CONSTRAINT)
    {
      sqlite3_reset (stmt);
      procure_set_error (error, PROCURE_ERROR_CONFLICT, "code", "Another product has this code");
      return FALSE;
    }
  sqlite3_reset (stmt);
  return sq_add_product_events (self, product->id, error);
}

static gboolean
sqlite_product_save (ProcureStore   *store,
                     ProcureProduct *product,
                     GError        **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  gboolean created = product->id == NULL;

  if (!sq_begin (self, error))
    return FALSE;
  if (!product_upsert (self, product, error))
    {
      if (created)
        g_clear_pointer (&product->id, g_free);
      sq_rollback (self);
      return FALSE;
    }
  if (!sq_commit (self, error))
    return FALSE;
  return product_fill_accounts (self, product, error);
}

static gboolean
assignment_change (ProcureStoreSqlite *self,
                   const char         *sql,
                   const char         *account_id,
                   const char         *product_id,
                   const char         *kind,
                   GError            **error)
{
  sqlite3_stmt *stmt = sq_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, account_id);
  sq_bind_text (stmt, 2, product_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      if (sqlite3_errcode (self->db) == SQLITE_CONSTRAINT)
        {
          procure_set_error (error, PROCURE_ERROR_INVALID, "product_ids", "No such product");
          return FALSE;
        }
      return sq_fail (self, error);
    }
  sqlite3_reset (stmt);
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  return sq_add_event (self, kind, product_id, account_id, error)
      && sq_add_event (self, "product", product_id, NULL, error);
}

static gboolean
assign_products (ProcureStoreSqlite *self,
                 const char         *account_id,
                 const char * const *product_ids,
                 GError            **error)
{
  g_autoptr(GPtrArray) current = sqlite_product_list (&self->parent, account_id, error);

  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < current->len; i++)
    {
      ProcureProduct *product = g_ptr_array_index (current, i);

      if (!g_strv_contains (product_ids, product->id)
          && !assignment_change (self,
                                 "DELETE FROM product_accounts WHERE account_id = ? AND product_id = ?",
                                 account_id, product->id, "product_removed", error))
        return FALSE;
    }
  for (guint i = 0; product_ids[i] != NULL; i++)
    if (!assignment_change (self,
                            "INSERT OR IGNORE INTO product_accounts (account_id, product_id) VALUES (?, ?)",
                            account_id, product_ids[i], "product", error))
      return FALSE;
  return TRUE;
}

static gboolean
sqlite_product_assign (ProcureStore       *store,
                       const char         *account_id,
                       const char * const *product_ids,
                       GError            **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);

  if (!sq_begin (self, error))
    return FALSE;
  if (!assign_products (self, account_id, product_ids, error))
    {
      sq_rollback (self);
      return FALSE;
    }
  return sq_commit (self, error);
}

/* ---------- idempotency of other requests ---------- */

static gboolean
sqlite_idempotency_put (ProcureStore *store,
                        const char   *user_id,
                        const char   *key,
                        const char   *body_hash,
                        guint         status,
                        const char   *response,
                        GError      **error)
{
  ProcureStoreSqlite *self = SQLITE_STORE (store);
  sqlite3_stmt *stmt = sq_prepare (self,
    "INSERT INTO idempotency (user_id, key, body_hash, status, response, order_id)"
    " VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (user_id, key) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sq_bind_text (stmt, 1, user_id);
  sq_bind_text (stmt, 2, key);
  sq_bind_text (stmt, 3, body_hash);
  sqlite3_bind_int (stmt, 4, (int) status);
  sq_bind_text (stmt, 5, response);
  return sq_step_done (self, stmt, error);
}

/* ---------- the table and opening ---------- */

static const ProcureStoreVTable sqlite_vtable = {
  .close = sqlite_close,
  .is_empty = sqlite_is_empty,
  .last_seq = sqlite_last_seq,
  .user_get = sqlite_user_get,
  .user_by_login = sqlite_user_by_login,
  .user_create = sqlite_user_create,
  .session_create = sqlite_session_create,
  .session_user = sqlite_session_user,
  .session_delete = sqlite_session_delete,
  .account_get = sqlite_account_get,
  .account_list = sqlite_account_list,
  .account_save = sqlite_account_save,
  .product_get = sqlite_product_get,
  .product_list = sqlite_product_list,
  .product_save = sqlite_product_save,
  .product_assign = sqlite_product_assign,
  .order_get = sq_order_get,
  .order_doc = sq_order_doc,
  .order_list = sq_order_list,
  .order_write = sq_order_write,
  .idempotency_get = sq_idempotency_get,
  .sim_list = sq_sim_list,
  .events_since = sq_events_since,
  .idempotency_put = sqlite_idempotency_put,
  .flush = sq_flush,
};

ProcureStore *
procure_store_sqlite_open (const char *path,
                           GError    **error)
{
  ProcureStoreSqlite *self = g_new0 (ProcureStoreSqlite, 1);
  g_autofree char *dir = g_path_get_dirname (path);

  self->parent.vtable = &sqlite_vtable;
  /* Only this process writes the file (the admin commands add users and
   * products, never sessions), so session lookups may be cached. */
  self->parent.cache_sessions = TRUE;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_event_free);
  g_mkdir_with_parents (dir, 0700);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK
      || !configure (self, error) || !migrate (self, error))
    {
      if (error != NULL && *error == NULL)
        sq_fail (self, error);
      sqlite_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
