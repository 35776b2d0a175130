/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sync: pull /api/v1/changes from the stored position in pages, apply each
 * page in one cache transaction, and keep a WebSocket to /api/v1/stream
 * whose {"seq": N} messages trigger the next pull. Lost connections are
 * retried with exponential backoff.
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"

#define PAGE_SIZE              500
#define MAX_RECONNECT_SECONDS  30
#define STREAM_KEEPALIVE       30

static void connect_stream (ProcureSession *self);

/* ---------- reconnecting ---------- */

static gboolean
reconnect_cb (gpointer user_data)
{
  ProcureSession *self = user_data;

  self->reconnect_source = 0;
  procure_session_pull (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (ProcureSession *self)
{
  guint delay;

  if (self->reconnect_source != 0 || self->cache == NULL)
    return;
  delay = MIN (1u << MIN (self->reconnect_attempt, 5u), MAX_RECONNECT_SECONDS);
  self->reconnect_attempt++;
  g_debug ("reconnecting in %u s", delay);
  self->reconnect_source = g_timeout_add_seconds (delay, reconnect_cb, self);
}

void
procure_session_handle_network_error (ProcureSession *self,
                                      const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_UNAUTHORIZED))
    {
      procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
      procure_session_emit_token_expired (self);
      return;
    }
  g_debug ("offline: %s", error->message);
  procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
  schedule_reconnect (self);
}

/* ---------- applying a page ---------- */

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
apply_accounts (ProcureSession *self,
                JsonArray      *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureAccount) account =
        procure_account_from_json (json_array_get_element (array, i), PROCURE_JSON_LENIENT,
                                   "accounts", &error);
      if (account == NULL)
        g_warning ("Skipping account: %s", error->message);
      else
        procure_session_apply_account (self, account);
    }
}

static void
apply_products (ProcureSession *self,
                JsonArray      *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureProduct) product =
        procure_product_from_json (json_array_get_element (array, i), PROCURE_JSON_LENIENT,
                                   "products", &error);
      if (product == NULL)
        g_warning ("Skipping product: %s", error->message);
      else
        procure_session_apply_product (self, product);
    }
}

static void
apply_orders (ProcureSession *self,
              JsonArray      *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureOrder) order =
        procure_order_from_json (json_array_get_element (array, i), PROCURE_JSON_LENIENT,
                                 "orders", &error);
      if (order == NULL || !procure_session_apply_order (self, order, TRUE, &error))
        g_warning ("Skipping order: %s", error->message);
    }
}

static void
apply_sims (ProcureSession *self,
            JsonArray      *array)
{
  if (array == NULL || json_array_get_length (array) == 0)
    return;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProcureSim) sim =
        procure_sim_from_json (json_array_get_element (array, i), PROCURE_JSON_LENIENT,
                               "sims", &error);
      if (sim == NULL)
        g_warning ("Skipping SIM: %s", error->message);
      else
        procure_session_apply_sim (self, sim);
    }
  procure_session_reload_sims (self);
}

static void
apply_removed (ProcureSession *self,
               JsonObject     *removed)
{
  JsonArray *products = get_array (removed, "products");
  JsonArray *orders = get_array (removed, "orders");

  for (guint i = 0; products != NULL && i < json_array_get_length (products); i++)
    procure_session_remove_product (self, json_array_get_string_element (products, i));
  for (guint i = 0; orders != NULL && i < json_array_get_length (orders); i++)
    procure_session_remove_order (self, json_array_get_string_element (orders, i));
}

/* Applies one /changes page inside one transaction. Accounts go first: the
 * orders' inbox flags need the account policies. */
static gboolean
apply_page (ProcureSession  *self,
            JsonObject      *page,
            GError         **error)
{
  JsonNode *removed = json_object_get_member (page, "removed");
  gint64 next = json_object_get_int_member_with_default (page, "next", 0);

  if (!procure_cache_begin (self->cache, error))
    return FALSE;
  apply_accounts (self, get_array (page, "accounts"));
  apply_products (self, get_array (page, "products"));
  apply_orders (self, get_array (page, "orders"));
  apply_sims (self, get_array (page, "sims"));
  if (removed != NULL && JSON_NODE_HOLDS_OBJECT (removed))
    apply_removed (self, json_node_get_object (removed));
  if (next > 0 && !procure_cache_set_sync_position (self->cache, next, error))
    {
      procure_cache_rollback (self->cache);
      return FALSE;
    }
  return procure_cache_commit (self->cache, error);
}

/* ---------- pulling ---------- */

static void request_page (ProcureSession *self);

static void
pull_finished (ProcureSession *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->pulling = FALSE;
  self->first_fill = FALSE;
  self->reconnect_attempt = 0;
  procure_session_set_last_synced (self, now);

  if (self->pull_again)
    {
      procure_session_pull (self);
      return;
    }
  if (self->stream == NULL)
    connect_stream (self);
  procure_session_set_state (self, PROCURE_SYNC_STATE_ONLINE);
  procure_session_flush_outbox (self);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ProcureSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_get_finish (PROCURE_API (object), result, NULL, &error);
  JsonObject *page;

  /* Cancelled: the session is signing out or gone; do not touch it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pulling = FALSE;

  if (node == NULL)
    {
      procure_session_handle_network_error (self, error);
      return;
    }
  page = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (page == NULL || !apply_page (self, page, &error))
    {
      g_warning ("Cannot apply changes: %s", error ? error->message : "not an object");
      procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
      schedule_reconnect (self);
      return;
    }

  self->pulling = TRUE;
  if (json_object_get_boolean_member_with_default (page, "more", FALSE))
    request_page (self);
  else
    pull_finished (self);
}

static void
request_page (ProcureSession *self)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%d",
                                           procure_cache_get_sync_position (self->cache), PAGE_SIZE);

  self->pull_again = FALSE;
  procure_api_get_async (self->api, path, self->cancellable, page_cb, self);
}

void
procure_session_pull (ProcureSession *self)
{
  if (self->cache == NULL || self->user == NULL)
    return;
  if (self->pulling)
    {
      self->pull_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->pulling = TRUE;
  self->first_fill = procure_cache_get_sync_position (self->cache) == 0 &&
                     procure_cache_is_empty (self->cache);
  procure_session_set_state (self, PROCURE_SYNC_STATE_SYNCING);
  request_page (self);
}

/* ---------- the stream ---------- */

static void
on_stream_message (SoupWebsocketConnection *stream,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  ProcureSession *self = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  g_autoptr(JsonNode) node = NULL;
  gint64 seq;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  node = procure_json_parse (data, size, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  seq = json_object_get_int_member_with_default (json_node_get_object (node), "seq", -1);
  if (seq < 0 || seq > procure_cache_get_sync_position (self->cache))
    procure_session_pull (self);
}

static void
drop_stream (ProcureSession *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  if (soup_websocket_connection_get_state (self->stream) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->stream, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&self->stream);
}

static void
on_stream_closed (SoupWebsocketConnection *stream,
                  gpointer                 user_data)
{
  ProcureSession *self = user_data;

  g_debug ("stream closed");
  drop_stream (self);
  /* Whatever happened while we were not listening is pulled on reconnect. */
  procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
  schedule_reconnect (self);
}

static void
stream_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ProcureSession *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *stream;

  stream = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return;
    }
  self->stream_connecting = FALSE;
  if (stream == NULL)
    {
      g_debug ("stream unavailable: %s", error->message);
      procure_session_set_state (self, PROCURE_SYNC_STATE_OFFLINE);
      schedule_reconnect (self);
      return;
    }

  self->stream = stream;
  soup_websocket_connection_set_keepalive_interval (stream, STREAM_KEEPALIVE);
  g_signal_connect (stream, "message", G_CALLBACK (on_stream_message), self);
  g_signal_connect (stream, "closed", G_CALLBACK (on_stream_closed), self);
  /* Something may have changed between the last pull and the connection. */
  procure_session_pull (self);
}

static void
connect_stream (ProcureSession *self)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (self->stream != NULL || self->stream_connecting)
    return;
  msg = procure_api_new_message (self->api, "GET", "/api/v1/stream");
  if (msg == NULL)
    return;
  self->stream_connecting = TRUE;
  soup_session_websocket_connect_async (procure_api_get_soup_session (self->api), msg,
                                        NULL, NULL, G_PRIORITY_DEFAULT, self->cancellable,
                                        stream_connected_cb, self);
}

void
procure_session_start_sync (ProcureSession *self)
{
  procure_session_pull (self);
}

void
procure_session_stop_sync (ProcureSession *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_stream (self);
  self->stream_connecting = FALSE;
  self->pulling = FALSE;
  self->pull_again = FALSE;
  self->sending = FALSE;
}
