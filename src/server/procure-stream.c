/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-stream.h"

#define AUTH_TIMEOUT_SECONDS 10
#define KEEPALIVE_SECONDS    30

typedef struct {
  ProcureStream           *stream;
  SoupWebsocketConnection *connection;
  ProcureUser             *user;          /* NULL until authenticated */
  guint                    auth_timeout;
} Client;

struct _ProcureStream {
  ProcureService *service;
  GPtrArray      *clients;   /* of Client */
};

static void
client_free (Client *client)
{
  g_clear_handle_id (&client->auth_timeout, g_source_remove);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  g_clear_object (&client->connection);
  g_clear_pointer (&client->user, procure_user_free);
  g_free (client);
}

static void
send_seq (Client *client,
          gint64  seq)
{
  g_autofree char *text = g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT "}", seq);

  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (client->connection, text);
}

static gboolean
authenticate (Client     *client,
              const char *token)
{
  ProcureService *service = client->stream->service;

  client->user = procure_service_authenticate (service, token, NULL);
  if (client->user == NULL)
    {
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "authentication failed");
      return FALSE;
    }
  g_clear_handle_id (&client->auth_timeout, g_source_remove);
  send_seq (client, service->store->vtable->last_seq (service->store));
  return TRUE;
}

static char *
token_from_message (GBytes *message)
{
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  g_autoptr(JsonNode) node = procure_json_parse (data, (gssize) size, NULL);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "token")
      || json_node_get_value_type (json_object_get_member (object, "token")) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_object_get_string_member (object, "token"));
}

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Client *client = user_data;
  g_autofree char *token = NULL;

  /* After authentication, clients have nothing to say. */
  if (client->user != NULL)
    return;
  token = type == SOUP_WEBSOCKET_DATA_TEXT ? token_from_message (message) : NULL;
  authenticate (client, token);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  Client *client = user_data;

  g_ptr_array_remove (client->stream->clients, client);
}

static gboolean
on_auth_timeout (gpointer user_data)
{
  Client *client = user_data;

  client->auth_timeout = 0;
  soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                   "no token");
  return G_SOURCE_REMOVE;
}

static char *
token_from_request (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    return g_strdup (authorization + 7);
  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params ? g_strdup (g_hash_table_lookup (params, "token")) : NULL;
}

void
procure_stream_accept (SoupServer              *server,
                       SoupServerMessage       *msg,
                       const char              *path,
                       SoupWebsocketConnection *connection,
                       gpointer                 user_data)
{
  ProcureStream *self = user_data;
  Client *client = g_new0 (Client, 1);
  g_autofree char *token = token_from_request (msg);

  client->stream = self;
  client->connection = g_object_ref (connection);
  g_ptr_array_add (self->clients, client);
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), client);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), client);
  if (token != NULL)
    authenticate (client, token);
  else
    client->auth_timeout = g_timeout_add_seconds (AUTH_TIMEOUT_SECONDS, on_auth_timeout, client);
}

void
procure_stream_notify (ProcureStream      *self,
                       const ProcureEvent *event)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client->user != NULL && procure_service_event_visible (client->user, event))
        send_seq (client, event->seq);
    }
}

ProcureStream *
procure_stream_new (ProcureService *service)
{
  ProcureStream *self = g_new0 (ProcureStream, 1);

  self->service = service;
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  return self;
}

void
procure_stream_close_all (ProcureStream *self)
{
  /* Closing may remove clients from the array: walk a copy that owns nothing. */
  g_autoptr(GPtrArray) clients = g_ptr_array_copy (self->clients, NULL, NULL);

  g_ptr_array_set_free_func (clients, NULL);

  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
}

void
procure_stream_free (ProcureStream *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->clients);
  g_free (self);
}
