/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session's state, shared by procure-session.c (lifecycle, properties,
 * models), procure-session-sync.c (pull and stream), procure-session-outbox.c
 * (queued actions) and procure-session-notify.c (notifications).
 */
#pragma once

#include "procure-session.h"
#include "procure-notify-policy.h"
#include "procure-sim-list.h"
#include "procure-order-list.h"

G_BEGIN_DECLS

struct _ProcureSession
{
  GObject          parent_instance;

  /* construct-time */
  char            *server_url;
  char            *cache_dir;
  ProcureNotifier *notifier;
  gboolean         use_keyring;

  ProcureApi      *api;
  ProcureCache    *cache;          /* NULL while signed out */
  ProcureUser     *user;
  ProcureAccount  *account;        /* the user's account; NULL for agents/admins */
  GHashTable      *accounts;       /* id -> ProcureAccount, for policies */
  ProcureSyncState state;
  GDateTime       *last_synced;
  guint            pending_count;
  gboolean         notifications_enabled;
  GSettings       *settings;

  ProcureOrderList *orders;        /* ProcureOrderRow, newest first, lazy over the cache */
  ProcureOrderList *inbox;         /* the subset waiting on this user */
  GListStore      *products;
  GListStore      *account_list;
  ProcureSimList  *sims;           /* lazy, over the cache */
  GPtrArray       *order_sims;     /* ProcureSimList per order, weak */
  GHashTable      *order_rows;     /* kept empty (dispose checks it): order rows live in the cache */
  GHashTable      *product_rows;   /* id -> ProcureProductRow */
  GHashTable      *account_rows;   /* id -> ProcureAccountRow */

  GCancellable    *cancellable;    /* everything the signed-in session runs */

  /* sync */
  gboolean         pulling;
  gboolean         pull_again;
  gboolean         first_fill;     /* the running pull started from an empty cache */
  SoupWebsocketConnection *stream;
  gboolean         stream_connecting;
  guint            reconnect_source;
  guint            reconnect_attempt;

  /* outbox */
  gboolean         sending;

  /* notifications */
  GPtrArray       *events;         /* of ProcureNotifyEvent, waiting to coalesce */
  guint            notify_source;
};

/* procure-session.c */
void     procure_session_set_user        (ProcureSession   *self,
                                          ProcureUser      *user);   /* takes @user */
void     procure_session_set_account     (ProcureSession   *self,
                                          ProcureAccount   *account);
void     procure_session_set_pending_count (ProcureSession *self,
                                            guint           count);
void     procure_session_notify_signed_in (ProcureSession  *self);
void     procure_session_set_state       (ProcureSession   *self,
                                          ProcureSyncState  state);
void     procure_session_set_last_synced (ProcureSession   *self,
                                          GDateTime        *when);
void     procure_session_fill_actor      (ProcureSession   *self,
                                          ProcureActor     *actor);
void     procure_session_policy_for      (ProcureSession   *self,
                                          const char       *account_id,
                                          ProcurePolicy    *policy);
/* procure-session-models.c */
/* Fills every model from the cache: shown before any network. */
void     procure_session_load_models     (ProcureSession   *self);
void     procure_session_clear_models    (ProcureSession   *self);
/* Stops following the per-order SIM lists handed out (dispose). */
void     procure_session_forget_order_sims (ProcureSession *self);
/* Stores @order in the cache and updates its row in place (or inserts it),
 * the inbox and the notifications. @notify: whether a status change may be
 * notified (FALSE for the user's own outbox results). */
gboolean procure_session_apply_order     (ProcureSession     *self,
                                          const ProcureOrder *order,
                                          gboolean            notify,
                                          GError            **error);
void     procure_session_remove_order    (ProcureSession   *self,
                                          const char       *order_id);
void     procure_session_apply_account   (ProcureSession       *self,
                                          const ProcureAccount *account);
void     procure_session_apply_product   (ProcureSession       *self,
                                          const ProcureProduct *product);
void     procure_session_remove_product  (ProcureSession   *self,
                                          const char       *product_id);
/* Stores @sim; the SIM list is reloaded once per applied page. */
void     procure_session_apply_sim       (ProcureSession   *self,
                                          const ProcureSim *sim);
/* Re-reads the outbox size and the pending flag of @order_id (NULL: all). */
void     procure_session_refresh_pending (ProcureSession   *self,
                                          const char       *order_id);
void     procure_session_emit_order_changed (ProcureSession *self,
                                             const char     *order_id);
void     procure_session_emit_order_id_changed (ProcureSession *self,
                                                const char     *local_id,
                                                const char     *server_id);
void     procure_session_emit_conflict   (ProcureSession   *self,
                                          const char       *order_id,
                                          ProcureOrder     *server_version,
                                          const GError     *error);
void     procure_session_emit_action_failed (ProcureSession *self,
                                             const char     *order_id,
                                             const GError   *error);
void     procure_session_emit_token_expired (ProcureSession *self);

/* Re-reads every SIM list after SIMs were stored. */
void     procure_session_reload_sims     (ProcureSession   *self);

/* procure-session-sync.c */
void     procure_session_start_sync      (ProcureSession   *self);
void     procure_session_stop_sync       (ProcureSession   *self);
void     procure_session_pull            (ProcureSession   *self);
/* A request failed with @error: go offline and retry later, or report an
 * expired token. */
void     procure_session_handle_network_error (ProcureSession *self,
                                               const GError   *error);

/* procure-session-outbox.c */
void     procure_session_flush_outbox    (ProcureSession   *self);

/* procure-session-notify.c */
void     procure_session_queue_event     (ProcureSession     *self,
                                          ProcureNotifyEvent *event);
void     procure_session_drop_events     (ProcureSession     *self);

G_END_DECLS
