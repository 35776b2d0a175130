/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The outbox: user actions are written to the cache first and sent in order
 * when the server is reachable. Each entry carries its own Idempotency-Key
 * (so a retry after a lost response is not applied twice) and the version
 * the user based it on (If-Match). Entries of an order held by a conflict
 * wait until the user resolves it; other orders' entries go on.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"

#define LOCAL_ID_PREFIX "local-"

static gboolean
is_local_id (const char *order_id)
{
  return g_str_has_prefix (order_id, LOCAL_ID_PREFIX);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* ---------- queueing ---------- */

static gboolean
queue_entry (ProcureSession      *self,
             ProcureOutboxEntry  *entry,
             GError             **error)
{
  if (procure_cache_outbox_add (self->cache, entry, error) == 0)
    return FALSE;
  procure_session_refresh_pending (self, entry->order_id);
  procure_session_emit_order_changed (self, entry->order_id);
  if (self->state != PROCURE_SYNC_STATE_OFFLINE)
    procure_session_flush_outbox (self);
  return TRUE;
}

static gboolean
require_signed_in (ProcureSession  *self,
                   GError         **error)
{
  if (procure_session_get_signed_in (self))
    return TRUE;
  g_set_error_literal (error, PROCURE_API_ERROR, PROCURE_API_ERROR_UNAUTHORIZED, "Not signed in");
  return FALSE;
}

static gboolean
has_pending (ProcureSession *self,
             const char     *order_id)
{
  g_autoptr(GHashTable) pending = procure_cache_outbox_pending_orders (self->cache);

  return g_hash_table_contains (pending, order_id);
}

/* A draft the way the server will create it, shown until the create is sent. */
static ProcureOrder *
build_local_order (ProcureSession            *self,
                   const ProcureOrderRequest *request,
                   const char                *account_id)
{
  ProcureOrder *order = procure_order_new ();
  ProcureAccount *account = g_hash_table_lookup (self->accounts, account_id);
  g_autofree char *uuid = g_uuid_string_random ();

  order->id = g_strconcat (LOCAL_ID_PREFIX, uuid, NULL);
  order->account_id = g_strdup (account_id);
  order->account_name = g_strdup (account ? account->name : NULL);
  order->status = PROCURE_STATUS_DRAFT;
  order->created_by = g_strdup (self->user->id);
  order->created_by_name = g_strdup (self->user->name);
  order->created_at = procure_time_now_string ();
  order->updated_at = g_strdup (order->created_at);
  order->on_behalf = self->user->role == PROCURE_ROLE_AGENT;
  order->currency = g_strdup (account ? account->currency : NULL);
  for (guint i = 0; request->lines != NULL && i < request->lines->len; i++)
    {
      const ProcureLineRequest *req = g_ptr_array_index (request->lines, i);
      g_autoptr(ProcureProduct) product = procure_cache_get_product (self->cache, req->product_id);
      ProcureOrderLine *line = procure_order_line_new ();

      line->product_id = g_strdup (req->product_id);
      line->quantity = req->quantity;
      line->unit_price = product ? product->unit_price : 0;
      line->product_code = g_strdup (product ? product->code : NULL);
      line->product_name = g_strdup (product ? product->name : NULL);
      g_ptr_array_add (order->lines, line);
    }
  procure_order_recompute_totals (order);
  if (request->shipping_address != NULL)
    order->shipping_address = procure_address_copy (request->shipping_address);
  else if (request->address_id != NULL && account != NULL &&
           procure_account_find_address (account, request->address_id) != NULL)
    order->shipping_address = procure_address_copy (procure_account_find_address (account, request->address_id));
  order->requested_ship_date = g_strdup (request->requested_ship_date);
  if (request->has_overrides && request->overrides != NULL)
    {
      procure_settings_free (order->overrides);
      order->overrides = procure_settings_copy (request->overrides);
    }
  if (account != NULL && account->defaults != NULL)
    {
      procure_settings_free (order->effective);
      order->effective = procure_settings_resolve (order->overrides, account->defaults);
    }
  order->notes = g_strdup (request->notes);
  return order;
}

char *
procure_session_create_order (ProcureSession             *self,
                              const ProcureOrderRequest  *request,
                              GError                    **error)
{
  g_autoptr(ProcureOutboxEntry) entry = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(JsonNode) body = NULL;
  ProcureActor actor;
  const char *account_id;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!require_signed_in (self, error))
    return NULL;
  procure_session_fill_actor (self, &actor);
  account_id = request->account_id ? request->account_id : self->user->account_id;
  if (!procure_lifecycle_can_create (&actor, account_id, error))
    return NULL;

  order = build_local_order (self, request, account_id);
  body = procure_order_request_to_json (request);
  entry = procure_outbox_entry_new ();
  entry->kind = PROCURE_OUTBOX_CREATE;
  entry->order_id = g_strdup (order->id);
  entry->body = procure_json_to_string (body);

  if (!procure_cache_begin (self->cache, error))
    return NULL;
  if (!procure_session_apply_order (self, order, FALSE, error) ||
      procure_cache_outbox_add (self->cache, entry, error) == 0 ||
      !procure_cache_commit (self->cache, error))
    {
      procure_cache_rollback (self->cache);
      procure_session_remove_order (self, order->id);
      return NULL;
    }
  procure_session_refresh_pending (self, order->id);
  if (self->state != PROCURE_SYNC_STATE_OFFLINE)
    procure_session_flush_outbox (self);
  return g_strdup (order->id);
}

/* The order as the user sees it now, for the client-side checks. */
static ProcureOrder *
lookup_order (ProcureSession  *self,
              const char      *order_id,
              GError         **error)
{
  ProcureOrder *order = procure_cache_get_order (self->cache, order_id);

  if (order == NULL)
    procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "Unknown order %s", order_id);
  return order;
}

gboolean
procure_session_update_order (ProcureSession             *self,
                              const char                 *order_id,
                              const ProcureOrderRequest  *request,
                              GError                    **error)
{
  g_autoptr(ProcureOutboxEntry) entry = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(JsonNode) body = NULL;
  ProcureActor actor;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (order_id != NULL && request != NULL, FALSE);

  if (!require_signed_in (self, error) || (order = lookup_order (self, order_id, error)) == NULL)
    return FALSE;
  procure_session_fill_actor (self, &actor);
  /* With earlier entries still queued the cached status is not final. */
  if (!has_pending (self, order_id) && !procure_lifecycle_can_edit (&actor, order, error))
    return FALSE;

  body = procure_order_request_to_json (request);
  entry = procure_outbox_entry_new ();
  entry->kind = PROCURE_OUTBOX_UPDATE;
  entry->order_id = g_strdup (order_id);
  entry->body = procure_json_to_string (body);
  entry->base_version = has_pending (self, order_id) ? 0 : order->version;
  return queue_entry (self, entry, error);
}

gboolean
procure_session_order_action (ProcureSession             *self,
                              const char                 *order_id,
                              ProcureAction               action,
                              const ProcureActionRequest *request,
                              GError                    **error)
{
  g_autoptr(ProcureOutboxEntry) entry = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureActionRequest) empty = NULL;
  g_autoptr(JsonNode) body = NULL;
  ProcureActor actor;
  ProcurePolicy policy;
  gboolean queued_before;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (order_id != NULL, FALSE);
  g_return_val_if_fail (action > PROCURE_ACTION_INVALID && action < PROCURE_N_ACTIONS, FALSE);

  if (!require_signed_in (self, error) || (order = lookup_order (self, order_id, error)) == NULL)
    return FALSE;
  if (request == NULL)
    request = empty = procure_action_request_new ();

  procure_session_fill_actor (self, &actor);
  procure_session_policy_for (self, order->account_id, &policy);
  queued_before = has_pending (self, order_id);
  if (!queued_before && !procure_lifecycle_check (&actor, order, &policy, action, error))
    return FALSE;
  if (!procure_action_request_validate (action, request, order, error))
    return FALSE;

  body = procure_action_request_to_json (request);
  entry = procure_outbox_entry_new ();
  entry->kind = PROCURE_OUTBOX_ACTION;
  entry->order_id = g_strdup (order_id);
  entry->action = action;
  entry->body = procure_json_to_string (body);
  /* Behind other queued entries, the version they produce is the base. */
  entry->base_version = queued_before ? 0 : order->version;
  return queue_entry (self, entry, error);
}

gboolean
procure_session_add_comment (ProcureSession  *self,
                             const char      *order_id,
                             const char      *body,
                             GError         **error)
{
  g_autoptr(ProcureOutboxEntry) entry = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (PROCURE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (order_id != NULL && body != NULL, FALSE);

  if (!require_signed_in (self, error) || (order = lookup_order (self, order_id, error)) == NULL)
    return FALSE;
  if (is_blank (body))
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "body", "A comment needs some text");
      return FALSE;
    }
  if (!procure_validate_length (body, PROCURE_MAX_NOTES_LENGTH, "body", error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  entry = procure_outbox_entry_new ();
  entry->kind = PROCURE_OUTBOX_COMMENT;
  entry->order_id = g_strdup (order_id);
  entry->body = procure_json_to_string (node);
  return queue_entry (self, entry, error);
}

void
procure_session_resolve_conflict (ProcureSession *self,
                                  const char     *order_id,
                                  gboolean        redo)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(ProcureOrder) order = NULL;

  g_return_if_fail (PROCURE_IS_SESSION (self));
  g_return_if_fail (order_id != NULL);

  if (self->cache == NULL)
    return;
  entries = procure_cache_outbox_list (self->cache);
  order = procure_cache_get_order (self->cache, order_id);
  for (guint i = 0; i < entries->len; i++)
    {
      ProcureOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (!entry->conflict || g_strcmp0 (entry->order_id, order_id) != 0)
        continue;
      if (redo)
        procure_cache_outbox_set_conflict (self->cache, entry->id, FALSE,
                                           order ? order->version : 0, NULL);
      else
        procure_cache_outbox_remove (self->cache, entry->id, NULL);
    }
  procure_session_refresh_pending (self, order_id);
  procure_session_emit_order_changed (self, order_id);
  procure_session_flush_outbox (self);
}

/* ---------- sending ---------- */

typedef struct {
  ProcureSession     *session;
  ProcureOutboxEntry *entry;
  GError             *conflict;   /* the 409/412 being reported */
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_error (&data->conflict);
  procure_outbox_entry_free (data->entry);
  g_free (data);
}

static void send_next (ProcureSession *self);

/* The first entry that may go now: not held by a conflict, not behind a held
 * entry of the same order, and not for an order whose create is still queued. */
static ProcureOutboxEntry *
next_sendable (GPtrArray *entries)
{
  g_autoptr(GHashTable) held = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      ProcureOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->conflict || g_hash_table_contains (held, entry->order_id))
        {
          g_hash_table_add (held, entry->order_id);
          continue;
        }
      if (entry->kind != PROCURE_OUTBOX_CREATE && is_local_id (entry->order_id))
        continue;
      return g_ptr_array_steal_index (entries, i);
    }
  return NULL;
}

static char *
entry_path (const ProcureOutboxEntry *entry)
{
  switch (entry->kind)
    {
    case PROCURE_OUTBOX_CREATE:
      return g_strdup ("/api/v1/orders");
    case PROCURE_OUTBOX_UPDATE:
      return g_strdup_printf ("/api/v1/orders/%s", entry->order_id);
    case PROCURE_OUTBOX_ACTION:
      return g_strdup_printf ("/api/v1/orders/%s/actions/%s", entry->order_id,
                              procure_action_to_string (entry->action));
    case PROCURE_OUTBOX_COMMENT:
      return g_strdup_printf ("/api/v1/orders/%s/comments", entry->order_id);
    default:
      g_assert_not_reached ();
    }
}

static const char *
entry_method (const ProcureOutboxEntry *entry)
{
  return entry->kind == PROCURE_OUTBOX_UPDATE ? "PATCH" : "POST";
}

static gboolean
entry_needs_if_match (const ProcureOutboxEntry *entry)
{
  return entry->kind == PROCURE_OUTBOX_UPDATE || entry->kind == PROCURE_OUTBOX_ACTION;
}

/* The create went through: the local draft becomes the server's order. */
static void
finish_create (ProcureSession     *self,
               ProcureOutboxEntry *entry,
               const ProcureOrder *order)
{
  procure_cache_outbox_rename_order (self->cache, entry->order_id, order->id, NULL);
  procure_session_remove_order (self, entry->order_id);
  procure_session_emit_order_id_changed (self, entry->order_id, order->id);
}

static void
apply_response (ProcureSession     *self,
                ProcureOutboxEntry *entry,
                JsonNode           *node)
{
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;   /* the next pull brings the order */
  order = procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, &error);
  if (order == NULL)
    {
      g_warning ("Unexpected response to an outbox entry: %s", error->message);
      return;
    }
  if (entry->kind == PROCURE_OUTBOX_CREATE)
    finish_create (self, entry, order);
  if (!procure_session_apply_order (self, order, FALSE, &error))
    g_warning ("Cannot cache order %s: %s", order->id, error->message);
}

/* Whether the server's @order shows that @entry itself was applied: the
 * action right after the version it was based on, taken by this user. */
static gboolean
already_applied (ProcureSession           *self,
                 const ProcureOutboxEntry *entry,
                 const ProcureOrder       *order)
{
  const ProcureHistoryEntry *last;

  if (entry->kind != PROCURE_OUTBOX_ACTION || order->history == NULL || order->history->len == 0)
    return FALSE;
  last = g_ptr_array_index (order->history, order->history->len - 1);
  return order->version == entry->base_version + 1 && last->action == entry->action &&
         g_strcmp0 (last->actor_id, self->user ? self->user->id : NULL) == 0;
}

static void
conflict_fetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SendData *data = user_data;
  ProcureSession *self = data->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_get_finish (PROCURE_API (object), result, NULL, &error);
  g_autoptr(ProcureOrder) order = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      send_data_free (data);
      return;
    }
  if (node != NULL)
    order = procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, NULL);
  if (order != NULL)
    procure_session_apply_order (self, order, FALSE, NULL);

  if (order != NULL && already_applied (self, data->entry, order))
    {
      /* An earlier attempt went through but its answer was lost. */
      procure_cache_outbox_remove (self->cache, data->entry->id, NULL);
      procure_session_refresh_pending (self, data->entry->order_id);
      send_data_free (data);
      send_next (self);
      return;
    }

  procure_session_refresh_pending (self, data->entry->order_id);
  procure_session_emit_conflict (self, data->entry->order_id, order, data->conflict);
  send_data_free (data);
  send_next (self);
}

/* 409/412: hold the entry and show the user the server's order. */
static void
hold_conflict (ProcureSession *self,
               SendData       *data,
               GError         *error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", data->entry->order_id);

  procure_cache_outbox_set_conflict (self->cache, data->entry->id, TRUE,
                                     data->entry->base_version, NULL);
  data->conflict = g_error_copy (error);
  procure_api_get_async (self->api, path, self->cancellable, conflict_fetched_cb, data);
}

/* Any other refusal is final: drop the entry and tell the UI. */
static void
drop_refused (ProcureSession *self,
              SendData       *data,
              GError         *error)
{
  ProcureOutboxEntry *entry = data->entry;

  procure_cache_outbox_remove (self->cache, entry->id, NULL);
  if (entry->kind == PROCURE_OUTBOX_CREATE)
    procure_session_remove_order (self, entry->order_id);
  procure_session_refresh_pending (self, entry->order_id);
  procure_session_emit_action_failed (self, entry->order_id, error);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;
  ProcureSession *self = data->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_request_finish (PROCURE_API (object), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      send_data_free (data);
      return;
    }
  /* An unreadable success (a truncated body, a proxy's HTML page) is no
   * refusal: the server may or may not have applied the entry, so it is
   * kept and sent again with the same Idempotency-Key. */
  if (node == NULL && (procure_api_error_is_transient (error) ||
                       g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_PROTOCOL) ||
                       g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_UNAUTHORIZED) ||
                       g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS)))
    {
      /* Kept in the outbox; sent again when the server is back. */
      self->sending = FALSE;
      send_data_free (data);
      procure_session_handle_network_error (self, error);
      return;
    }
  if (node == NULL && (g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_CONFLICT) ||
                       g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_PRECONDITION)))
    {
      hold_conflict (self, data, error);
      return;
    }

  if (node == NULL)
    drop_refused (self, data, error);
  else
    {
      procure_cache_outbox_remove (self->cache, data->entry->id, NULL);
      apply_response (self, data->entry, node);
      procure_session_refresh_pending (self, data->entry->order_id);
    }
  send_data_free (data);
  send_next (self);
}

static void
send_entry (ProcureSession     *self,
            ProcureOutboxEntry *entry)
{
  g_autofree char *path = entry_path (entry);
  g_autofree char *if_match = NULL;
  g_autoptr(JsonNode) body = entry->body ? procure_json_parse (entry->body, -1, NULL) : NULL;
  SendData *data;

  if (entry_needs_if_match (entry))
    {
      gint64 version = entry->base_version;

      if (version <= 0)
        {
          g_autoptr(ProcureOrder) order = procure_cache_get_order (self->cache, entry->order_id);
          version = order ? order->version : 0;
          entry->base_version = version;
        }
      if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
    }

  data = g_new0 (SendData, 1);
  data->session = self;
  data->entry = entry;
  procure_api_request_async (self->api, entry_method (entry), path, body, if_match,
                             entry->idempotency_key, self->cancellable, sent_cb, data);
}

static void
send_next (ProcureSession *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  ProcureOutboxEntry *entry;

  if (self->cache == NULL || procure_api_get_token (self->api) == NULL)
    {
      self->sending = FALSE;
      return;
    }
  entries = procure_cache_outbox_list (self->cache);
  entry = next_sendable (entries);
  if (entry == NULL)
    {
      self->sending = FALSE;
      return;
    }
  self->sending = TRUE;
  send_entry (self, entry);
}

void
procure_session_flush_outbox (ProcureSession *self)
{
  if (self->sending)
    return;
  send_next (self);
}
