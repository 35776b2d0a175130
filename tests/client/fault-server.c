/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fault-server"

#include "config.h"

#include <string.h>

#include "fault-server.h"

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* An empty /changes page at the position the client asked from. */
static void
reply_empty_page (SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  gint64 position = since ? g_ascii_strtoll (since, NULL, 10) : 0;
  g_autofree char *body = g_strdup_printf ("{\"next\":%" G_GINT64_FORMAT ",\"more\":false,"
                                           "\"orders\":[],\"products\":[],\"accounts\":[],\"sims\":[]}",
                                           position);

  reply (msg, 200, "application/json", body);
}

static void
answer (FaultServer       *fault,
        SoupServerMessage *msg,
        FaultAnswer        how,
        GHashTable        *query,
        gboolean           is_changes)
{
  switch (how)
    {
    case FAULT_ANSWER_OK:
      if (is_changes)
        reply_empty_page (msg, query);
      else
        reply (msg, 503, "application/json",
               "{\"error\":{\"code\":\"unavailable\",\"message\":\"Try again later\"}}");
      break;
    case FAULT_ANSWER_GARBAGE:
      /* Claims JSON, is not: a truncated answer behind a broken proxy. */
      reply (msg, 200, "application/json", "{\"id\": \"ord-9\", \"version\": 3, \"lines\": [{\"pro");
      break;
    case FAULT_ANSWER_500:
      reply (msg, 500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>");
      break;
    case FAULT_ANSWER_HANG:
      g_ptr_array_add (fault->held, g_object_ref (msg));
      soup_server_message_pause (msg);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  FaultServer *fault = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/changes"))
    {
      fault->n_changes++;
      answer (fault, msg, fault->changes, query, TRUE);
    }
  else if (g_str_equal (method, "POST") || g_str_equal (method, "PATCH"))
    {
      fault->n_writes++;
      answer (fault, msg, fault->writes, query, FALSE);
    }
  else
    {
      if (g_str_equal (path, "/api/v1/stream"))
        fault->n_streams++;
      reply (msg, 404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"No such thing\"}}");
    }
}

static gboolean
drop_stream_cb (gpointer user_data)
{
  SoupWebsocketConnection *stream = user_data;

  /* Not a close handshake: the TCP connection just goes away. */
  g_io_stream_close (soup_websocket_connection_get_io_stream (stream), NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
handle_stream (SoupServer              *server,
               SoupServerMessage       *msg,
               const char              *path,
               SoupWebsocketConnection *stream,
               gpointer                 user_data)
{
  FaultServer *fault = user_data;

  fault->n_streams++;
  g_ptr_array_add (fault->held, g_object_ref (stream));
  g_idle_add_full (G_PRIORITY_DEFAULT, drop_stream_cb, g_object_ref (stream), g_object_unref);
}

void
fault_server_start (FaultServer *fault,
                    guint16      port)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_autoptr(GError) error = NULL;

  fault->held = g_ptr_array_new_with_free_func (g_object_unref);
  fault->server = soup_server_new (NULL, NULL);
  /* Without it the upgrade reaches handle() and is refused with 404. */
  if (fault->accept_stream)
    soup_server_add_websocket_handler (fault->server, "/api/v1/stream", NULL, NULL,
                                       handle_stream, fault, NULL);
  soup_server_add_handler (fault->server, NULL, handle, fault, NULL);
  /* The real server may still be releasing the port: retry briefly. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_clear_error (&error);
      if (soup_server_listen (fault->server, address, 0, &error))
        break;
      g_usleep (100 * 1000);
    }
  g_assert_no_error (error);
}

void
fault_server_stop (FaultServer *fault)
{
  if (fault->server == NULL)
    return;
  soup_server_disconnect (fault->server);
  g_clear_pointer (&fault->held, g_ptr_array_unref);
  g_clear_object (&fault->server);
}
