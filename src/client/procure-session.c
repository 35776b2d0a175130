/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session.h"
#include "procure-session-private.h"
#include "procure-order-row.h"
#include "procure-product-row.h"
#include "procure-account-row.h"

#define SETTINGS_SCHEMA_ID "io.github.procure.Procure"

G_DEFINE_FINAL_TYPE (ProcureSession, procure_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_CACHE_DIR,
  PROP_NOTIFIER,
  PROP_USE_KEYRING,
  PROP_USER,
  PROP_ACCOUNT,
  PROP_STATE,
  PROP_LAST_SYNCED,
  PROP_PENDING_COUNT,
  PROP_SIGNED_IN,
  PROP_NOTIFICATIONS_ENABLED,
  N_PROPS
};

enum {
  ORDER_CHANGED,
  ORDER_ID_CHANGED,
  CONFLICT,
  ACTION_FAILED,
  TOKEN_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---------- setters shared with the other session files ---------- */

void
procure_session_set_user (ProcureSession *self,
                          ProcureUser    *user)
{
  g_clear_pointer (&self->user, procure_user_free);
  self->user = user;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

void
procure_session_set_account (ProcureSession *self,
                             ProcureAccount *account)
{
  if (self->account == account)
    return;
  g_clear_pointer (&self->account, procure_account_unref);
  self->account = account ? procure_account_ref (account) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* Fills every model from the cache: the cache is shown before any network. */
void
procure_session_set_pending_count (ProcureSession *self,
                                   guint           count)
{
  if (self->pending_count == count)
    return;
  self->pending_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
}

void
procure_session_notify_signed_in (ProcureSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* ---------- signal emission helpers ---------- */

void
procure_session_emit_order_changed (ProcureSession *self,
                                    const char     *order_id)
{
  g_signal_emit (self, signals[ORDER_CHANGED], 0, order_id);
}

void
procure_session_emit_order_id_changed (ProcureSession *self,
                                       const char     *local_id,
                                       const char     *server_id)
{
  g_signal_emit (self, signals[ORDER_ID_CHANGED], 0, local_id, server_id);
}

void
procure_session_emit_conflict (ProcureSession *self,
                               const char     *order_id,
                               ProcureOrder   *server_version,
                               const GError   *error)
{
  g_signal_emit (self, signals[CONFLICT], 0, order_id, server_version, error);
}

void
procure_session_emit_action_failed (ProcureSession *self,
                                    const char     *order_id,
                                    const GError   *error)
{
  g_signal_emit (self, signals[ACTION_FAILED], 0, order_id, error);
}

void
procure_session_emit_token_expired (ProcureSession *self)
{
  g_signal_emit (self, signals[TOKEN_EXPIRED], 0);
}

/* ---------- state shared with the other session files ---------- */

void
procure_session_set_state (ProcureSession   *self,
                           ProcureSyncState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
procure_session_set_last_synced (ProcureSession *self,
                                 GDateTime      *when)
{
  if (self->last_synced == when)
    return;
  g_clear_pointer (&self->last_synced, g_date_time_unref);
  self->last_synced = when ? g_date_time_ref (when) : NULL;
  if (when != NULL && self->cache != NULL)
    {
      g_autofree char *text = procure_time_format (when);
      procure_cache_set_meta (self->cache, "last_synced", text, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

void
procure_session_fill_actor (ProcureSession *self,
                            ProcureActor   *actor)
{
  actor->user_id = self->user ? self->user->id : NULL;
  actor->role = self->user ? self->user->role : PROCURE_ROLE_INVALID;
  actor->account_id = self->user ? self->user->account_id : NULL;
}

void
procure_session_policy_for (ProcureSession *self,
                            const char     *account_id,
                            ProcurePolicy  *policy)
{
  ProcureAccount *account = account_id ? g_hash_table_lookup (self->accounts, account_id) : NULL;

  policy->approval_threshold = -1;
  policy->second_approval_threshold = -1;
  if (account != NULL)
    procure_policy_from_account (policy, account);
}

/* ---------- GObject ---------- */

static void
bind_settings (ProcureSession *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  /* Without the schema (tests, uninstalled runs) notifications stay on. */
  if (schema == NULL || !g_settings_schema_has_key (schema, "notifications"))
    return;
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "notifications", self, "notifications-enabled",
                   G_SETTINGS_BIND_GET);
}

static void
procure_session_constructed (GObject *object)
{
  ProcureSession *self = PROCURE_SESSION (object);

  G_OBJECT_CLASS (procure_session_parent_class)->constructed (object);

  self->api = procure_api_new (self->server_url ? self->server_url : "http://localhost");
  bind_settings (self);
}

static void
procure_session_dispose (GObject *object)
{
  ProcureSession *self = PROCURE_SESSION (object);

  procure_session_stop_sync (self);
  procure_session_drop_events (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_settings_unbind (self, "notifications-enabled");
  g_clear_object (&self->settings);
  if (self->order_rows != NULL)
    procure_session_clear_models (self);
  if (self->order_sims != NULL)
    procure_session_forget_order_sims (self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->cache);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (procure_session_parent_class)->dispose (object);
}

static void
procure_session_finalize (GObject *object)
{
  ProcureSession *self = PROCURE_SESSION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->user, procure_user_free);
  g_clear_pointer (&self->account, procure_account_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->last_synced, g_date_time_unref);
  g_clear_pointer (&self->order_rows, g_hash_table_unref);
  g_clear_pointer (&self->product_rows, g_hash_table_unref);
  g_clear_pointer (&self->account_rows, g_hash_table_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->order_sims, g_ptr_array_unref);
  g_clear_object (&self->orders);
  g_clear_object (&self->inbox);
  g_clear_object (&self->products);
  g_clear_object (&self->account_list);
  g_clear_object (&self->sims);

  G_OBJECT_CLASS (procure_session_parent_class)->finalize (object);
}

static void
procure_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ProcureSession *self = PROCURE_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_CACHE_DIR: g_value_set_string (value, self->cache_dir); break;
    case PROP_NOTIFIER: g_value_set_object (value, self->notifier); break;
    case PROP_USE_KEYRING: g_value_set_boolean (value, self->use_keyring); break;
    case PROP_USER: g_value_set_boxed (value, self->user); break;
    case PROP_ACCOUNT: g_value_set_boxed (value, self->account); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_LAST_SYNCED: g_value_set_boxed (value, self->last_synced); break;
    case PROP_PENDING_COUNT: g_value_set_uint (value, self->pending_count); break;
    case PROP_SIGNED_IN: g_value_set_boolean (value, procure_session_get_signed_in (self)); break;
    case PROP_NOTIFICATIONS_ENABLED: g_value_set_boolean (value, self->notifications_enabled); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ProcureSession *self = PROCURE_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: self->server_url = g_value_dup_string (value); break;
    case PROP_CACHE_DIR: self->cache_dir = g_value_dup_string (value); break;
    case PROP_NOTIFIER: self->notifier = g_value_dup_object (value); break;
    case PROP_USE_KEYRING: self->use_keyring = g_value_get_boolean (value); break;
    case PROP_NOTIFICATIONS_ENABLED:
      procure_session_set_notifications_enabled (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, construct);
  properties[PROP_CACHE_DIR] = g_param_spec_string ("cache-dir", NULL, NULL, NULL, construct);
  properties[PROP_NOTIFIER] = g_param_spec_object ("notifier", NULL, NULL, PROCURE_TYPE_NOTIFIER, construct);
  properties[PROP_USE_KEYRING] = g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE, construct);
  properties[PROP_USER] = g_param_spec_boxed ("user", NULL, NULL, PROCURE_TYPE_USER, ro);
  properties[PROP_ACCOUNT] = g_param_spec_boxed ("account", NULL, NULL, PROCURE_TYPE_ACCOUNT, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PROCURE_TYPE_SYNC_STATE,
                                              PROCURE_SYNC_STATE_OFFLINE, ro);
  properties[PROP_LAST_SYNCED] = g_param_spec_boxed ("last-synced", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_PENDING_COUNT] = g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, ro);
  properties[PROP_NOTIFICATIONS_ENABLED] =
    g_param_spec_boolean ("notifications-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  signals[ORDER_CHANGED] =
    g_signal_new ("order-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ORDER_ID_CHANGED] =
    g_signal_new ("order-id-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CONFLICT] =
    g_signal_new ("conflict", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, PROCURE_TYPE_ORDER, G_TYPE_ERROR);
  signals[ACTION_FAILED] =
    g_signal_new ("action-failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[TOKEN_EXPIRED] =
    g_signal_new ("token-expired", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
procure_session_class_init (ProcureSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = procure_session_constructed;
  object_class->dispose = procure_session_dispose;
  object_class->finalize = procure_session_finalize;
  object_class->get_property = procure_session_get_property;
  object_class->set_property = procure_session_set_property;

  install_properties (object_class);
  install_signals (object_class);
}

static void
procure_session_init (ProcureSession *self)
{
  self->use_keyring = TRUE;
  self->notifications_enabled = TRUE;
  self->state = PROCURE_SYNC_STATE_OFFLINE;
  self->orders = procure_order_list_new (FALSE);
  self->inbox = procure_order_list_new (TRUE);
  self->products = g_list_store_new (PROCURE_TYPE_PRODUCT_ROW);
  self->account_list = g_list_store_new (PROCURE_TYPE_ACCOUNT_ROW);
  self->sims = procure_sim_list_new ();
  /* A million SIM ids take 150 ms to read: not before the first frame. */
  procure_sim_list_set_background (self->sims, TRUE);
  self->order_sims = g_ptr_array_new ();
  self->order_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->product_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->account_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) procure_account_unref);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_notify_event_free);
}

/* ---------- public API ---------- */

ProcureSession *
procure_session_new (const char      *server_url,
                     const char      *cache_dir,
                     ProcureNotifier *notifier)
{
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (notifier == NULL || PROCURE_IS_NOTIFIER (notifier), NULL);

  return g_object_new (PROCURE_TYPE_SESSION,
                       "server-url", server_url,
                       "cache-dir", cache_dir,
                       "notifier", notifier,
                       NULL);
}

const char *
procure_session_get_server_url (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->server_url;
}

const ProcureUser *
procure_session_get_user (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->user;
}

ProcureAccount *
procure_session_get_user_account (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->account;
}

ProcureSyncState
procure_session_get_state (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), PROCURE_SYNC_STATE_OFFLINE);
  return self->state;
}

GDateTime *
procure_session_get_last_synced (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->last_synced;
}

guint
procure_session_get_pending_count (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), 0);
  return self->pending_count;
}

gboolean
procure_session_get_signed_in (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  return self->user != NULL && self->cache != NULL;
}

gboolean
procure_session_get_notifications_enabled (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  return self->notifications_enabled;
}

void
procure_session_set_notifications_enabled (ProcureSession *self,
                                           gboolean        enabled)
{
  g_return_if_fail (PROCURE_IS_SESSION (self));

  enabled = !!enabled;
  if (self->notifications_enabled == enabled)
    return;
  self->notifications_enabled = enabled;
  if (!enabled)
    procure_session_drop_events (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFICATIONS_ENABLED]);
}

ProcureApi *
procure_session_get_api (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->api;
}

ProcureCache *
procure_session_get_cache (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return self->cache;
}

gboolean
procure_session_get_actor (ProcureSession *self,
                           ProcureActor   *out_actor)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (out_actor != NULL, FALSE);

  procure_session_fill_actor (self, out_actor);
  return self->user != NULL;
}

guint
procure_session_get_allowed_actions (ProcureSession *self,
                                     const char     *order_id)
{
  g_autoptr(ProcureOrder) order = NULL;
  ProcureActor actor;
  ProcurePolicy policy;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), 0);

  order = procure_session_get_order (self, order_id);
  if (order == NULL || self->user == NULL)
    return 0;
  procure_session_fill_actor (self, &actor);
  procure_session_policy_for (self, order->account_id, &policy);
  return procure_lifecycle_allowed_actions (&actor, order, &policy);
}

gboolean
procure_session_can_edit (ProcureSession *self,
                          const char     *order_id)
{
  g_autoptr(ProcureOrder) order = NULL;
  ProcureActor actor;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);

  order = procure_session_get_order (self, order_id);
  if (order == NULL || self->user == NULL)
    return FALSE;
  procure_session_fill_actor (self, &actor);
  return procure_lifecycle_can_edit (&actor, order, NULL);
}

GListModel *
procure_session_get_orders (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->orders);
}

GListModel *
procure_session_get_inbox (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->inbox);
}

GListModel *
procure_session_get_products (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->products);
}

GListModel *
procure_session_get_accounts (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->account_list);
}

GListModel *
procure_session_get_sims (ProcureSession *self)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->sims);
}

ProcureOrder *
procure_session_get_order (ProcureSession *self,
                           const char     *order_id)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return self->cache ? procure_cache_get_order (self->cache, order_id) : NULL;
}

ProcureProduct *
procure_session_get_product (ProcureSession *self,
                             const char     *product_id)
{
  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  return self->cache ? procure_cache_get_product (self->cache, product_id) : NULL;
}

ProcureAccount *
procure_session_get_account (ProcureSession *self,
                             const char     *account_id)
{
  ProcureAccount *account;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  account = g_hash_table_lookup (self->accounts, account_id);
  return account ? procure_account_ref (account) : NULL;
}

void
procure_session_checkpoint_cache (ProcureSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROCURE_IS_SESSION (self));

  if (self->cache != NULL && !procure_cache_checkpoint (self->cache, &error))
    g_warning ("Cannot write the cache's log into its file: %s", error->message);
}
