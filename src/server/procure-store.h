/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-store.h: the storage interface of procure-server.
 *
 * The HTTP and service layers talk to storage only through this table of
 * functions; procure-store-sqlite.c is the default implementation and a
 * PostgreSQL one can be added beside it. Every mutation writes the entity,
 * its history entry (orders) and one or more rows of the events table in a
 * single transaction; after the commit the store calls the commit hook with
 * the events it wrote, so live listeners (WebSocket) can be told.
 *
 * Errors: PROCURE_ERROR codes where the client caused them (CONFLICT for a
 * taken PO number, missing stock or a used ICCID, each naming the field),
 * PROCURE_STORE_ERROR_STALE when an expected version no longer matches, and
 * PROCURE_STORE_ERROR_FAILED for anything else (an internal error).
 */
#pragma once

#include "procure-core.h"

G_BEGIN_DECLS

#define PROCURE_STORE_ERROR (procure_store_error_quark ())

typedef enum {
  PROCURE_STORE_ERROR_FAILED,
  PROCURE_STORE_ERROR_STALE,
} ProcureStoreErrorCode;

GQuark procure_store_error_quark (void);

typedef struct _ProcureStore ProcureStore;

/* One row of the events table. Kinds: "order", "account", "product",
 * "product_removed" (the product is no longer assigned to account_id) and
 * "sims" (object_id is the order whose SIMs joined the inventory).
 * account_id NULL means "visible to the service provider only". */
typedef struct {
  gint64  seq;
  char   *kind;
  char   *object_id;
  char   *account_id;
} ProcureEvent;

void procure_event_free (ProcureEvent *self);

typedef void (*ProcureStoreCommitFunc) (ProcureStore       *store,
                                        const ProcureEvent *event,
                                        gpointer            user_data);

/* Called when a write opens a group (group commit): the owner arranges
 * for procure_store_flush() to be called soon. */
typedef void (*ProcureStoreGroupFunc) (ProcureStore *store,
                                       gpointer      user_data);

/* Filters of GET /api/v1/orders; NULL members do not filter. */
typedef struct {
  const char *account_id;
  const char *status;
  const char *q;          /* substring of number, notes or shipping address */
  const char *cursor;     /* opaque, from a previous page */
  guint       limit;
} ProcureOrderQuery;

/* Filters of GET /api/v1/sims. */
typedef struct {
  const char *account_id;
  const char *order_id;
  const char *product_id;
  const char *q;          /* substring of ICCID, IMSI or MSISDN */
  const char *cursor;
  guint       limit;
} ProcureSimQuery;

/* A stock movement made with an order write (negative = reserved). */
typedef struct {
  const char *product_id;
  gint64      delta;
  const char *field;      /* named in the conflict error: "lines[0].quantity" */
} ProcureStockChange;

/* An order write: creation (expected_version 0) or an update that only
 * succeeds while the stored version equals expected_version. */
typedef struct {
  ProcureOrder              *order;             /* new state, version already set */
  gint64                     expected_version;
  const ProcureHistoryEntry *history;           /* entry added by this write, or NULL */
  const ProcureStockChange  *stock;             /* n_stock entries */
  guint                      n_stock;
  GPtrArray                 *sims;              /* of ProcureSim to insert, or NULL */
  /* Idempotency record stored with a creation (key NULL: none). */
  const char                *idem_key;
  const char                *idem_user_id;
  const char                *idem_body_hash;
  guint                      idem_status;       /* the response is the order as written */
  /* When not NULL, receives (after a successful write) the document as
   * written: the order's wire encoding, for the answer. */
  char                     **doc_out;
} ProcureOrderWrite;

/* A stored idempotency record. */
typedef struct {
  char  *body_hash;
  guint  status;
  char  *response;
} ProcureIdempotency;

void procure_idempotency_free (ProcureIdempotency *self);

/* An order as stored, for answering GET /api/v1/orders/{id} without
 * decoding it: the columns visibility and the ETag need, and the document,
 * which is the order's wire encoding (procure_order_to_json) as written. */
typedef struct {
  char   *account_id;
  gint64  version;
  char   *doc;
} ProcureStoredOrder;

void procure_stored_order_free (ProcureStoredOrder *self);

typedef struct {
  void            (*close)          (ProcureStore *self);
  gboolean        (*is_empty)       (ProcureStore *self);
  gint64          (*last_seq)       (ProcureStore *self);

  /* users and sessions */
  ProcureUser    *(*user_get)       (ProcureStore *self, const char *id, GError **error);
  ProcureUser    *(*user_by_login)  (ProcureStore *self, const char *login, char **password_hash, GError **error);
  gboolean        (*user_create)    (ProcureStore *self, ProcureUser *user, const char *password_hash, GError **error);
  gboolean        (*session_create) (ProcureStore *self, const char *token_hash, const char *user_id, gint64 expires_at, GError **error);
  /* The user of a session that has not expired at @now; *expires_at gets its expiry. */
  ProcureUser    *(*session_user)   (ProcureStore *self, const char *token_hash, gint64 now,
                                     gint64 *expires_at, GError **error);
  gboolean        (*session_delete) (ProcureStore *self, const char *token_hash, GError **error);

  /* accounts (account->id NULL on create: the store assigns it) */
  ProcureAccount *(*account_get)    (ProcureStore *self, const char *id, GError **error);
  GPtrArray      *(*account_list)   (ProcureStore *self, GError **error);
  gboolean        (*account_save)   (ProcureStore *self, ProcureAccount *account, GError **error);

  /* products; account_id NULL lists all. product->account_ids is filled. */
  ProcureProduct *(*product_get)    (ProcureStore *self, const char *id, GError **error);
  GPtrArray      *(*product_list)   (ProcureStore *self, const char *account_id, GError **error);
  gboolean        (*product_save)   (ProcureStore *self, ProcureProduct *product, GError **error);
  gboolean        (*product_assign) (ProcureStore *self, const char *account_id, const char * const *product_ids, GError **error);

  /* orders */
  ProcureOrder   *(*order_get)      (ProcureStore *self, const char *id, GError **error);
  ProcureStoredOrder *(*order_doc)  (ProcureStore *self, const char *id, GError **error);
  GPtrArray      *(*order_list)     (ProcureStore *self, const ProcureOrderQuery *query, char **next_cursor, GError **error);
  gboolean        (*order_write)    (ProcureStore *self, const ProcureOrderWrite *write, GError **error);
  ProcureIdempotency *(*idempotency_get) (ProcureStore *self, const char *user_id, const char *key, GError **error);

  /* SIM inventory */
  GPtrArray      *(*sim_list)       (ProcureStore *self, const ProcureSimQuery *query, char **next_cursor, GError **error);

  /* events after @since visible to @account_id (NULL: all), at most @limit */
  GPtrArray      *(*events_since)   (ProcureStore *self, gint64 since, const char *account_id, guint limit, GError **error);

  /* Optional (NULL: the server keeps its in-memory ProcureThrottle):
   * failed-login throttling kept in the database, shared by instances. */
  guint           (*login_wait)      (ProcureStore *self, const char *login, gint64 now, guint max_failures, guint window);
  void            (*login_failed)    (ProcureStore *self, const char *login, gint64 now, guint window);
  void            (*login_succeeded) (ProcureStore *self, const char *login);

  /* Optional (NULL: only POST /orders honours Idempotency-Key): a stored
   * response for another POST/PATCH/PUT retried with the same key. */
  gboolean        (*idempotency_put) (ProcureStore *self, const char *user_id, const char *key,
                                      const char *body_hash, guint status, const char *response,
                                      GError **error);

  /* Optional (NULL: no group commit): commits the open group of writes
   * (see procure_store_set_group_commit). */
  gboolean        (*flush)           (ProcureStore *self, GError **error);
} ProcureStoreVTable;

struct _ProcureStore {
  const ProcureStoreVTable *vtable;
  ProcureStoreCommitFunc    commit_func;
  gpointer                  commit_data;
  /* Set by stores that only this process writes (SQLite): session lookups
   * may then be answered from memory (procure_store_session_user). */
  gboolean                  cache_sessions;
  GHashTable               *session_cache;  /* token hash -> cached session */
  /* Group commit (stores with a flush function): on, whether writes are
   * waiting in the open transaction, and who is told when a group opens. */
  gboolean                  group_commit;
  gboolean                  group_open;
  ProcureStoreGroupFunc     group_func;
  gpointer                  group_data;
};

/* Opens (creating and migrating as needed) the SQLite store at @path. */
ProcureStore *procure_store_sqlite_open (const char *path, GError **error);

/* How long a cached session lookup is trusted (seconds), at most. */
#define PROCURE_SESSION_CACHE_SECONDS 60

/* The user of the live session with @token_hash at @now (seconds since the
 * epoch), PROCURE_ERROR_NOT_FOUND when there is none. With cache_sessions
 * a lookup is kept in memory for PROCURE_SESSION_CACHE_SECONDS, never past
 * the session's own expiry; procure_store_session_delete() forgets it at
 * once. Stores shared by several processes always ask the database. */
ProcureUser  *procure_store_session_user   (ProcureStore *self, const char *token_hash,
                                            gint64 now, GError **error);
gboolean      procure_store_session_delete (ProcureStore *self, const char *token_hash,
                                            GError **error);

/* Group commit. With it on, a write no longer commits by itself: it joins
 * one transaction (as a savepoint, so a failing write undoes only its own
 * part) that stays open until procure_store_flush(), and the writes of many
 * requests share one commit and one fsync. Reads see the open group's
 * writes, so whoever answers must hold every answer given while
 * procure_store_unflushed() is TRUE until the flush succeeded, and answer
 * none of them as a success when it failed (procure-server.c does).
 * The commit hook runs at the flush. @opened (NULL: group commit off) is
 * called whenever a write opens a group. FALSE when the store cannot (its
 * writes then commit one by one, as with group commit off). */
gboolean      procure_store_set_group_commit (ProcureStore          *self,
                                              ProcureStoreGroupFunc  opened,
                                              gpointer               user_data);
/* TRUE while writes wait in an open group. */
gboolean      procure_store_unflushed   (ProcureStore *self);
/* Commits the open group, if any. On failure every write of the group is
 * undone and @error says why. */
gboolean      procure_store_flush       (ProcureStore *self, GError **error);

/* Closes and frees the store (committing an open group first). */
void          procure_store_close       (ProcureStore *self);

void          procure_store_set_commit_func (ProcureStore          *self,
                                             ProcureStoreCommitFunc func,
                                             gpointer               user_data);

/* Called by implementations when a write opens a group. */
void          procure_store_group_opened (ProcureStore *self);

/* Called by implementations after a commit, once per event written. */
void          procure_store_emit_commit (ProcureStore       *self,
                                         const ProcureEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureEvent, procure_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureIdempotency, procure_idempotency_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureStoredOrder, procure_stored_order_free)

G_END_DECLS
