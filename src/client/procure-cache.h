/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-cache.h: the client's SQLite cache, one file per server and user.
 *
 * WAL journal, schema version in PRAGMA user_version with forward migrations.
 * A file that is not a database, fails its integrity check or carries a
 * version this code does not know is deleted and created afresh (the session
 * then pulls everything from the server again); procure_cache_was_rebuilt()
 * tells. Orders are stored as their JSON document next to the indexed
 * columns the lists need, so a list loads with one SELECT and no JSON
 * parsing. The outbox lives in the same file, so queued actions survive a
 * restart.
 *
 * All calls are synchronous and meant for the main thread; bulk writes go
 * inside procure_cache_begin() / procure_cache_commit(). Signal
 * "orders-changed" (GArray of gint64 rowids) tells the order lists which
 * orders were written or deleted: after each write, or at commit/rollback
 * inside a transaction. Order rows that are alive are updated in place.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "procure-types.h"
#include "procure-requests.h"
#include "procure-client-enums.h"

G_BEGIN_DECLS

#define PROCURE_CACHE_SCHEMA_VERSION 2

/* One queued user action. */
typedef struct {
  gint64            id;               /* outbox row id, sending order */
  ProcureOutboxKind kind;
  char             *order_id;         /* server id, or a local id ("local-...") before the create went through */
  ProcureAction     action;           /* for PROCURE_OUTBOX_ACTION */
  char             *body;             /* JSON text sent as the request body */
  char             *idempotency_key;  /* one per entry, reused on every retry */
  gint64            base_version;     /* version the user saw; 0 = take the cached one when sending */
  gboolean          conflict;         /* held: waiting for procure_session_resolve_conflict() */
  char             *created_at;
} ProcureOutboxEntry;

ProcureOutboxEntry *procure_outbox_entry_new  (void);
void                procure_outbox_entry_free (ProcureOutboxEntry *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureOutboxEntry, procure_outbox_entry_free)

#define PROCURE_TYPE_CACHE (procure_cache_get_type ())
G_DECLARE_FINAL_TYPE (ProcureCache, procure_cache, PROCURE, CACHE, GObject)

/* $cache_dir/<hash of server url and login>.sqlite; @cache_dir NULL means
 * $XDG_CACHE_HOME/procure. */
char         *procure_cache_path_for        (const char *cache_dir,
                                             const char *server_url,
                                             const char *login);

/* Opens (or creates, or rebuilds) the cache at @path. Fails only when the
 * directory cannot be written. */
ProcureCache *procure_cache_open            (const char *path,
                                             GError    **error);
const char   *procure_cache_get_path        (ProcureCache *self);
/* Moves the write-ahead log into the database file and empties it. A log
 * left with content tells the next open that the app did not close the
 * cache (a crash) and makes it check every page (0.7 s at full size). */
gboolean      procure_cache_checkpoint      (ProcureCache  *self,
                                             GError       **error);
/* TRUE if opening threw away a corrupt or incompatible file. */
gboolean      procure_cache_was_rebuilt     (ProcureCache *self);

gboolean      procure_cache_begin           (ProcureCache *self, GError **error);
gboolean      procure_cache_commit          (ProcureCache *self, GError **error);
void          procure_cache_rollback        (ProcureCache *self);

/* Key/value metadata ("user", "last_synced", ...). */
char         *procure_cache_get_meta        (ProcureCache *self, const char *key);
gboolean      procure_cache_set_meta        (ProcureCache *self, const char *key,
                                             const char *value, GError **error);

/* The /changes position (0 = nothing synced yet). */
gint64        procure_cache_get_sync_position (ProcureCache *self);
gboolean      procure_cache_set_sync_position (ProcureCache *self, gint64 seq,
                                               GError **error);
/* Whether no order, product or account has been stored yet. */
gboolean      procure_cache_is_empty        (ProcureCache *self);

/* Orders. @inbox: whether the order waits on this cache's user. */
gboolean      procure_cache_put_order       (ProcureCache       *self,
                                             const ProcureOrder *order,
                                             gboolean            inbox,
                                             GError            **error);
ProcureOrder *procure_cache_get_order       (ProcureCache *self, const char *id);
gboolean      procure_cache_delete_order    (ProcureCache *self, const char *id,
                                             GError **error);
/* The status of the cached order @id, PROCURE_STATUS_INVALID if none. */
ProcureStatus procure_cache_get_order_status (ProcureCache *self, const char *id);
/* The id of the order whose id or PO number is @number_or_id (indexed
 * look-ups), NULL if none. */
char         *procure_cache_find_order_id   (ProcureCache *self, const char *number_or_id);
/* Every order as a ProcureOrderRow, newest first (one SELECT; for tools and
 * tests: the app's lists are ProcureOrderList, which reads rows lazily). */
GPtrArray    *procure_cache_load_order_rows (ProcureCache *self);
guint         procure_cache_count_orders    (ProcureCache *self);

gboolean        procure_cache_put_product    (ProcureCache *self, const ProcureProduct *product,
                                              GError **error);
ProcureProduct *procure_cache_get_product    (ProcureCache *self, const char *id);
gboolean        procure_cache_delete_product (ProcureCache *self, const char *id, GError **error);
/* Every product as a ProcureProductRow, by code. */
GPtrArray      *procure_cache_load_product_rows (ProcureCache *self);

gboolean        procure_cache_put_account    (ProcureCache *self, const ProcureAccount *account,
                                              GError **error);
ProcureAccount *procure_cache_get_account    (ProcureCache *self, const char *id);
gboolean        procure_cache_delete_account (ProcureCache *self, const char *id, GError **error);
/* Every account as a ProcureAccountRow, by name. */
GPtrArray      *procure_cache_load_account_rows (ProcureCache *self);

gboolean      procure_cache_put_sim         (ProcureCache *self, const ProcureSim *sim,
                                             GError **error);
/* Every SIM as a ProcureSimRow, by ICCID. */
GPtrArray    *procure_cache_load_sim_rows   (ProcureCache *self);
guint         procure_cache_count_sims      (ProcureCache *self);

/* Outbox. _add fills entry->id and returns it (0 on error). */
gint64        procure_cache_outbox_add      (ProcureCache *self, ProcureOutboxEntry *entry,
                                             GError **error);
/* Every entry in sending order (of ProcureOutboxEntry). */
GPtrArray    *procure_cache_outbox_list     (ProcureCache *self);
gboolean      procure_cache_outbox_remove   (ProcureCache *self, gint64 id, GError **error);
gboolean      procure_cache_outbox_set_conflict (ProcureCache *self, gint64 id, gboolean conflict,
                                                 gint64 base_version, GError **error);
/* After a create went through: later entries for @local_id now name @server_id. */
gboolean      procure_cache_outbox_rename_order (ProcureCache *self, const char *local_id,
                                                 const char *server_id, GError **error);
guint         procure_cache_outbox_count    (ProcureCache *self);
/* The order ids that have queued entries (a set: id -> id). */
GHashTable   *procure_cache_outbox_pending_orders (ProcureCache *self);

G_END_DECLS
