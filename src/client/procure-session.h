/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-session.h: the one service object the app is given.
 *
 * It owns the API client, the cache, the sync engine, the outbox and the
 * notifier. The UI reads the list models (never blocking on the network),
 * makes changes through the outbox calls below, and sees them come back
 * through sync.
 *
 * Sync: on sign-in or restore the cache is shown at once; then /changes is
 * pulled from the stored position in pages, a WebSocket to /api/v1/stream
 * is kept open and every push triggers another pull; lost connections are
 * retried with backoff. "state" and "last-synced" say where things stand.
 *
 * Outbox: every action is written to the cache first with its own
 * Idempotency-Key and the version it was based on, the order's row shows
 * "pending", and entries are sent in order whenever the server is
 * reachable. A 412 or 409 holds the entry and emits "conflict" with the
 * server's current order until procure_session_resolve_conflict().
 *
 * Properties:
 *   "server-url"     string, construct-only
 *   "cache-dir"      string, construct-only (NULL: $XDG_CACHE_HOME/procure)
 *   "notifier"       ProcureNotifier, construct-only (NULL: no notifications)
 *   "use-keyring"    boolean, construct-only (default TRUE): keep the token in the Secret Service
 *   "user"           ProcureUser (boxed), NULL until signed in
 *   "account"        ProcureAccount (boxed) of the user's account; NULL for agents/admins
 *   "state"          ProcureSyncState
 *   "last-synced"    GDateTime, NULL before the first complete sync
 *   "pending-count"  uint, outbox size
 *   "signed-in"      boolean
 *   "notifications-enabled" boolean (initially the GSettings key "notifications"
 *                    of io.github.procure.Procure if that schema is installed, else TRUE)
 *
 * Signals:
 *   "order-changed"    (const char *order_id): a cached order changed (sync or outbox)
 *   "order-id-changed" (const char *local_id, const char *server_id): a locally
 *                      created order got its server id
 *   "conflict"         (const char *order_id, ProcureOrder *server_version, GError *error)
 *   "action-failed"    (const char *order_id, GError *error): the server refused an
 *                      outbox entry for good (4xx other than 409/412); it is dropped
 *   "token-expired"    (): the server answered 401; sign in again
 */
#pragma once

#include <gio/gio.h>

#include "procure-core.h"
#include "procure-client-enums.h"
#include "procure-api.h"
#include "procure-cache.h"
#include "procure-notifier.h"
#include "procure-sim-list.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_SESSION (procure_session_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSession, procure_session, PROCURE, SESSION, GObject)

ProcureSession *procure_session_new (const char      *server_url,
                                     const char      *cache_dir,
                                     ProcureNotifier *notifier);

const char       *procure_session_get_server_url    (ProcureSession *self);
const ProcureUser *procure_session_get_user         (ProcureSession *self);
ProcureAccount   *procure_session_get_user_account  (ProcureSession *self);
ProcureSyncState  procure_session_get_state         (ProcureSession *self);
GDateTime        *procure_session_get_last_synced   (ProcureSession *self);
guint             procure_session_get_pending_count (ProcureSession *self);
gboolean          procure_session_get_signed_in     (ProcureSession *self);
gboolean          procure_session_get_notifications_enabled (ProcureSession *self);
void              procure_session_set_notifications_enabled (ProcureSession *self,
                                                             gboolean        enabled);
ProcureApi       *procure_session_get_api           (ProcureSession *self);
/* NULL until signed in or restored. */
ProcureCache     *procure_session_get_cache         (ProcureSession *self);

/* The signed-in user as a lifecycle actor; the strings belong to @self. */
gboolean          procure_session_get_actor         (ProcureSession *self,
                                                     ProcureActor   *out_actor);
/* What the UI enables for @order_id: a mask of 1 << ProcureAction
 * (procure_lifecycle_allowed_actions() with the cached account's policy). */
guint             procure_session_get_allowed_actions (ProcureSession *self,
                                                       const char     *order_id);
gboolean          procure_session_can_edit          (ProcureSession *self,
                                                     const char     *order_id);

/* Signs in, stores the token in the Secret Service, opens the cache for this
 * server and user and starts syncing. */
void      procure_session_sign_in_async   (ProcureSession      *self,
                                           const char          *login,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  procure_session_sign_in_finish  (ProcureSession  *self,
                                           GAsyncResult    *result,
                                           GError         **error);

/* Looks up the token of @login in the Secret Service; if there is one and the
 * cache knows the user, opens the cache at once (works offline) and starts
 * syncing. FALSE without error: nothing to restore (show the sign-in page). */
void      procure_session_restore_async   (ProcureSession      *self,
                                           const char          *login,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  procure_session_restore_finish  (ProcureSession  *self,
                                           GAsyncResult    *result,
                                           GError         **error);

/* Ends the server session (best effort), clears the token from the Secret
 * Service, stops syncing and closes the cache (kept on disk). */
void      procure_session_sign_out_async  (ProcureSession      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  procure_session_sign_out_finish (ProcureSession  *self,
                                           GAsyncResult    *result,
                                           GError         **error);

/* Pull now (and reconnect if offline). */
void      procure_session_sync_now        (ProcureSession *self);
/* The app is quitting: write the cache's log into its file, so that the
 * next start does not take the quit for a crash (procure_cache_checkpoint()).
 * The session stays usable. */
void      procure_session_checkpoint_cache (ProcureSession *self);

/* List models over the cache; the same objects for the session's lifetime,
 * emptied on sign-out. Newest orders first; products by code; accounts by
 * name; SIMs by ICCID. */
GListModel *procure_session_get_orders    (ProcureSession *self);  /* of ProcureOrderRow */
GListModel *procure_session_get_inbox     (ProcureSession *self);  /* of ProcureOrderRow */
GListModel *procure_session_get_products  (ProcureSession *self);  /* of ProcureProductRow */
GListModel *procure_session_get_accounts  (ProcureSession *self);  /* of ProcureAccountRow */
GListModel *procure_session_get_sims      (ProcureSession *self);  /* of ProcureSimRow */
/* The SIMs of one order (transfer full): an indexed query, not a filter over
 * every SIM; it follows sync for as long as it lives. */
GListModel *procure_session_get_order_sims (ProcureSession *self,
                                            const char     *order_id);
/* The SIMs of one order, product or account (transfer full; see
 * procure_sim_list_new_filtered()), following sync while it lives. */
GListModel *procure_session_get_filtered_sims (ProcureSession   *self,
                                               ProcureSimFilter  filter,
                                               const char       *value);

/* Full objects from the cache (transfer full), NULL if unknown. */
ProcureOrder   *procure_session_get_order   (ProcureSession *self, const char *order_id);
ProcureProduct *procure_session_get_product (ProcureSession *self, const char *product_id);
ProcureAccount *procure_session_get_account (ProcureSession *self, const char *account_id);

/* User actions, queued in the outbox and sent when possible. Each validates
 * what the client can know (lifecycle permission, body requirements) and
 * fails with a PROCURE_ERROR at once if it cannot succeed. */
/* Returns the new order's local id ("local-..."); see "order-id-changed". */
char     *procure_session_create_order (ProcureSession             *self,
                                        const ProcureOrderRequest  *request,
                                        GError                    **error);
gboolean  procure_session_update_order (ProcureSession             *self,
                                        const char                 *order_id,
                                        const ProcureOrderRequest  *request,
                                        GError                    **error);
gboolean  procure_session_order_action (ProcureSession             *self,
                                        const char                 *order_id,
                                        ProcureAction               action,
                                        const ProcureActionRequest *request,
                                        GError                    **error);
gboolean  procure_session_add_comment  (ProcureSession             *self,
                                        const char                 *order_id,
                                        const char                 *body,
                                        GError                    **error);

/* After "conflict": @redo TRUE sends the held entry again against the
 * server's current version; FALSE drops it. */
void      procure_session_resolve_conflict (ProcureSession *self,
                                            const char     *order_id,
                                            gboolean        redo);

G_END_DECLS
