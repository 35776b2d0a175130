/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "procure-http-error.h"
#include "procure-idempotency.h"
#include "procure-router.h"
#include "procure-server.h"
#include "procure-stream.h"

#define DRAIN_POLL_MS      50
#define DRAIN_TIMEOUT_MS   10000
/* GLib's default of 10 overflows as soon as a few dozen clients connect at
 * once (libsoup opens a new connection for every non-idempotent request):
 * the kernel then drops handshakes and clients see resets. */
#define LISTEN_BACKLOG     1024
/* Group commit: answers held for one commit, at most, and how long the
 * oldest may wait before the group commits without waiting for idle. */
#define GROUP_MAX_ANSWERS  256
#define GROUP_MAX_WAIT_US  (20 * 1000)

/* One accepted TCP connection, from its first request-started until its
 * socket is closed. libsoup 3.2 has no header or idle timeout of its own,
 * so the watchdog gives every message on a connection request_timeout
 * seconds from its start (which for a kept-alive connection is the end of
 * the previous answer) to be read and answered; otherwise the socket is
 * shut down and libsoup drops the connection. */
/* The request timeout is for clients that are slow to SEND (slowloris); a
 * request that was read in full gets this many times longer for the server
 * to build a large answer (a /changes page of many SIMs) and for the client
 * to read it. */
#define RESPONSE_TIMEOUT_FACTOR 10

typedef struct {
  GSocket           *socket;
  char              *peer;
  SoupServerMessage *msg;        /* weak: the message in progress, if any */
  gint64             since;      /* monotonic µs: start of the current message or idle time */
  gboolean           websocket;  /* handed to the stream: no deadline */
  gboolean           answering;  /* request read: the deadline is RESPONSE_TIMEOUT_FACTOR times longer */
  gboolean           cut;        /* shut down by us, waiting for libsoup to close it */
} Connection;

struct _ProcureServer {
  GObject          parent_instance;
  SoupServer      *soup;
  ProcureService   service;
  ProcureStream   *stream;
  ProcureThrottle *throttle;
  ProcureServerConfig config;
  GHashTable      *connections;  /* GSocket* -> Connection* */
  GPtrArray       *held;         /* SoupServerMessage*: answers waiting for the group's commit */
  gint64           group_since;  /* monotonic µs: when the open group started */
  guint            flush_source;
  guint            watchdog;
  gboolean         draining;
  guint            drain_source;
  gint64           drain_started;
  GSourceFunc      drain_done;
  gpointer         drain_data;
};

G_DEFINE_FINAL_TYPE (ProcureServer, procure_server, G_TYPE_OBJECT)

void
procure_server_config_init (ProcureServerConfig *config)
{
  config->token_lifetime = 30 * 24 * 3600;
  config->login_max_failures = 5;
  config->login_window = 300;
  config->request_timeout = 30;
  config->max_connections_per_peer = 256;
}

/* ---------- helpers ---------- */

static void
reply_http_error (SoupServerMessage *msg,
                  guint              status,
                  const char        *message)
{
  g_autoptr(GError) error = NULL;

  procure_http_set_error (&error, status, "%s", message);
  procure_message_reply_error (msg, error);
}

static gboolean
is_json_content_type (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, "application/json") == 0;
}

/* 413 by size, 415 by type, 400 by syntax; an empty body is no body. */
static gboolean
read_body (ProcureRequest *request,
           GError        **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  gsize size;
  const char *data;

  request->raw_body = soup_message_body_flatten (body);
  data = g_bytes_get_data (request->raw_body, &size);
  if (size > PROCURE_MAX_BODY_SIZE)
    {
      procure_http_set_error (error, 413, "The request body is larger than 1 MiB");
      return FALSE;
    }
  if (size == 0)
    return TRUE;
  if (!is_json_content_type (request->msg))
    {
      procure_http_set_error (error, 415, "Send the body as application/json");
      return FALSE;
    }
  request->body = procure_json_parse (data, (gssize) size, error);
  return request->body != NULL;
}

static gboolean
authenticate (ProcureRequest *request,
              GError        **error)
{
  const char *authorization = procure_request_header (request, "Authorization");

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    request->token = g_strstrip (g_strdup (authorization + 7));
  request->user = procure_service_authenticate (request->service, request->token, error);
  if (request->user == NULL)
    return FALSE;
  g_object_set_data_full (G_OBJECT (request->msg), "procure-login",
                          g_strdup (request->user->login), g_free);
  return TRUE;
}

static ProcureRequest *
request_new (ProcureServer     *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             char             **params)
{
  ProcureRequest *request = g_new0 (ProcureRequest, 1);

  request->server = self;
  request->service = &self->service;
  request->msg = g_object_ref (msg);
  request->query = query ? g_hash_table_ref (query) : NULL;
  for (guint i = 0; i < PROCURE_MAX_PARAMS; i++)
    request->params[i] = params[i];
  return request;
}

/* Query values reach SQL and JSON error messages: they must be text.
 * (libsoup has already decoded %XX escapes, so "%FF" is a raw byte here.) */
static gboolean
query_is_text (ProcureRequest *request,
               GError        **error)
{
  GHashTableIter iter;
  gpointer name, value;

  if (request->query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (!g_utf8_validate (name, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
      {
        procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                           "The query string is not valid UTF-8");
        return FALSE;
      }
  return TRUE;
}

/* ---------- connections ---------- */

static void
connection_set_message (Connection        *conn,
                        SoupServerMessage *msg)
{
  if (conn->msg != NULL)
    g_object_remove_weak_pointer (G_OBJECT (conn->msg), (gpointer *) &conn->msg);
  conn->msg = msg;
  if (msg != NULL)
    g_object_add_weak_pointer (G_OBJECT (msg), (gpointer *) &conn->msg);
  conn->answering = FALSE;
  conn->since = g_get_monotonic_time ();
}

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  connection_set_message (conn, NULL);
  g_object_unref (conn->socket);
  g_free (conn->peer);
  g_free (conn);
}

static char *
peer_of (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("-");
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Shuts the socket down both ways at once: the client sees the end of the
 * connection, libsoup's pending read or write fails; connection_reap()
 * closes the descriptor on the next sweep. */
static void
connection_cut (Connection *conn,
                const char *why)
{
  if (conn->cut)
    return;
  conn->cut = TRUE;
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  g_printerr ("- - 0 %.1fms %s closed: %s\n",
              (g_get_monotonic_time () - conn->since) / 1000.0, conn->peer, why);
}

/* A request is in progress once its headers are read and until it ends. */
static gboolean
connection_busy (Connection *conn)
{
  return conn->msg != NULL && soup_server_message_get_method (conn->msg) != NULL;
}

/* TRUE when the client has closed its side and nothing is left to read. */
static gboolean
peer_gone (GSocket *socket)
{
  char byte;

  return recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* libsoup 3.2 never closes a kept-alive connection whose client hung up
 * between two requests (its descriptor stays in CLOSE_WAIT for good), nor
 * one we shut down while it waited for headers: close both here, or the
 * server runs out of file descriptors. TRUE when @conn is closed. */
static gboolean
connection_reap (Connection *conn)
{
  if (!g_socket_is_closed (conn->socket)
      && (conn->cut || (!conn->websocket && !connection_busy (conn) && peer_gone (conn->socket))))
    g_socket_close (conn->socket, NULL);
  return g_socket_is_closed (conn->socket);
}

/* Counts the open connections of @peer, forgetting closed ones. */
static guint
count_peer_connections (ProcureServer *self,
                        const char    *peer)
{
  GHashTableIter iter;
  Connection *conn;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (connection_reap (conn))
        g_hash_table_iter_remove (&iter);
      else if (!conn->cut && g_str_equal (conn->peer, peer))
        n++;
    }
  return n;
}

static Connection *
track_connection (ProcureServer     *self,
                  SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *conn;
  guint cap = self->config.max_connections_per_peer;

  if (socket == NULL)
    return NULL;
  conn = g_hash_table_lookup (self->connections, socket);
  if (conn != NULL)
    return conn;
  conn = g_new0 (Connection, 1);
  conn->socket = g_object_ref (socket);
  conn->peer = peer_of (msg);
  conn->since = g_get_monotonic_time ();
  if (cap > 0 && count_peer_connections (self, conn->peer) >= cap)
    connection_cut (conn, "too many connections from this address");
  g_hash_table_insert (self->connections, socket, conn);
  return conn;
}

static Connection *
connection_of (ProcureServer     *self,
               SoupServerMessage *msg)
{
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "procure-socket");

  return socket ? g_hash_table_lookup (self->connections, socket) : NULL;
}

static void
cut_idle_connections (ProcureServer *self)
{
  GHashTableIter iter;
  Connection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (!conn->websocket && !connection_busy (conn))
      connection_cut (conn, "shutting down");
}

static guint
count_busy_connections (ProcureServer *self)
{
  GHashTableIter iter;
  Connection *conn;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    n += !conn->cut && !g_socket_is_closed (conn->socket) && connection_busy (conn);
  return n;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  ProcureServer *self = user_data;
  gint64 limit = (gint64) self->config.request_timeout * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (connection_reap (conn))
        g_hash_table_iter_remove (&iter);
      else if (limit > 0 && !conn->websocket &&
               now - conn->since > (conn->answering ? limit * RESPONSE_TIMEOUT_FACTOR : limit))
        connection_cut (conn, connection_busy (conn) ? "request not finished in time" : "idle or incomplete headers");
    }
  return G_SOURCE_CONTINUE;
}

static guint
watchdog_interval_ms (const ProcureServerConfig *config)
{
  guint ms = config->request_timeout * 1000 / 4;

  return CLAMP (ms, 100, 1000);
}

/* ---------- SoupServer callbacks ---------- */

/* Answers @msg, or leaves it to the handler (TRUE: it paused @msg). */
static gboolean
dispatch (ProcureServer     *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  Connection *conn = connection_of (self, msg);
  g_autoptr(ProcureRequest) request = NULL;
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const ProcureRoute *route;
  char *params[PROCURE_MAX_PARAMS] = { NULL };
  g_autofree char *hash = NULL;
  ProcureRetryKey retry_key = { NULL };
  guint n_routes;
  const ProcureRoute *routes = procure_routes (&n_routes);

  /* libsoup calls this once the whole request is read. */
  if (conn != NULL && conn->msg == msg)
    conn->answering = TRUE;
  if (self->draining)
    {
      reply_http_error (msg, 503, "The server is shutting down");
      return FALSE;
    }
  switch (procure_router_match (routes, n_routes, soup_server_message_get_method (msg),
                                path, &route, params, allow))
    {
    case PROCURE_ROUTE_UNKNOWN:
      reply_http_error (msg, 404, "No such resource");
      return FALSE;
    case PROCURE_ROUTE_WRONG_METHOD:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
      reply_http_error (msg, 405, "Method not allowed here");
      return FALSE;
    case PROCURE_ROUTE_MATCHED:
    default:
      break;
    }
  request = request_new (self, msg, query, params);
  if (((route->flags & PROCURE_ROUTE_AUTH) && !authenticate (request, &error))
      || !query_is_text (request, &error) || !read_body (request, &error))
    {
      procure_request_fail (request, error);
      return FALSE;
    }
  if ((route->flags & PROCURE_ROUTE_RETRY_KEY) && !procure_idempotency_begin (request, &hash, &error))
    {
      if (error != NULL)
        procure_request_fail (request, error);
      return FALSE;
    }
  if (hash != NULL)
    {
      retry_key.user_id = request->user->id;
      retry_key.key = procure_request_header (request, "Idempotency-Key");
      retry_key.body_hash = hash;
      self->service.retry_key = &retry_key;
    }
  route->handler (request);
  self->service.retry_key = NULL;
  if (hash != NULL)
    procure_idempotency_finish (request, hash, retry_key.recorded);
  return request->paused;
}

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  ProcureServer *self = user_data;

  if (!dispatch (self, msg, path, query))
    procure_server_answer (self, msg, FALSE);
}

/* Answers @status now: libsoup still reads (and drops, no longer keeping
 * it in memory) the rest of the body before it sends the answer, within
 * the request timeout. */
static void
refuse_body (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  reply_http_error (msg, status, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize *total = g_object_get_data (G_OBJECT (msg), "procure-body-size");

  *total += g_bytes_get_size (chunk);
  if (*total > PROCURE_MAX_BODY_SIZE && soup_server_message_get_status (msg) == 0)
    refuse_body (msg, 413, "The request body is larger than 1 MiB");
}

/* Refuses an announced oversized body before keeping it, a chunked one as
 * soon as it grows too large, and one whose size the headers do not tell
 * (a Content-Length that is negative, beyond 64 bits or given twice, which
 * libsoup 3.2 would wait for until the client hangs up). */
static void
on_early_request (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  const char *lengths = soup_message_headers_get_list (headers, "Content-Length");

  if (encoding == SOUP_ENCODING_CHUNKED)
    {
      g_object_set_data_full (G_OBJECT (msg), "procure-body-size", g_new0 (gsize, 1), g_free);
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
    }
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_content_length (headers) >= 0 && strchr (lengths ? lengths : "", ',') == NULL)
    {
      if (soup_message_headers_get_content_length (headers) > PROCURE_MAX_BODY_SIZE)
        refuse_body (msg, 413, "The request body is larger than 1 MiB");
    }
  else if (encoding != SOUP_ENCODING_NONE)
    {
      /* No way to know where the body ends: libsoup would never answer,
       * so the connection ends here. */
      Connection *conn = connection_of (user_data, msg);

      refuse_body (msg, 400, "Content-Length is not a valid size");
      if (conn != NULL)
        connection_cut (conn, "invalid Content-Length");
    }
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  ProcureServer *self = user_data;
  gint64 *start = g_new (gint64, 1);
  Connection *conn = track_connection (self, msg);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "procure-start", start, g_free);
  if (conn == NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "procure-socket", conn->socket);
  connection_set_message (conn, msg);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "procure-start");
  const char *login = g_object_get_data (G_OBJECT (msg), "procure-login");
  GUri *uri = soup_server_message_get_uri (msg);
  double ms = start ? (g_get_monotonic_time () - *start) / 1000.0 : 0;

  /* Not g_printerr: outside a UTF-8 locale it opens a converter for every
   * line, 2 % of the server's CPU under load. The log is UTF-8 as is. */
  fprintf (stderr, "%s %s %u %.1fms %s%s\n",
           soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
           uri ? g_uri_get_path (uri) : "-",
           soup_server_message_get_status (msg), ms, login ? login : "-", outcome);
}

/* Each message ends once: finished, aborted, or handed to the WebSocket
 * (libsoup signals nothing more for an upgraded connection). */
static void
request_done (ProcureServer     *self,
              SoupServerMessage *msg,
              const char        *outcome)
{
  Connection *conn;

  if (g_object_get_data (G_OBJECT (msg), "procure-done") != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "procure-done", GINT_TO_POINTER (1));
  log_request (msg, outcome);
  /* The connection is idle until libsoup starts its next message. */
  conn = connection_of (self, msg);
  if (conn != NULL && conn->msg == msg)
    connection_set_message (conn, NULL);
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_done (user_data, msg, "");
}

static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  request_done (user_data, msg, " aborted");
}

static void
on_websocket (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  ProcureServer *self = user_data;
  Connection *conn = connection_of (self, msg);

  request_done (self, msg, " websocket");
  if (conn != NULL)
    conn->websocket = TRUE;
  procure_stream_accept (soup, msg, path, connection, self->stream);
}

static void
on_store_commit (ProcureStore       *store,
                 const ProcureEvent *event,
                 gpointer            user_data)
{
  ProcureServer *self = user_data;

  procure_stream_notify (self->stream, event);
}

/* ---------- group commit ---------- */

/* Sends the held answers: as they are, or, when their group was not
 * stored, as a 500 (nothing that was not stored is acknowledged). */
static void
release_held (ProcureServer *self,
              const GError  *failure)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (held, i);

      if (failure != NULL)
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

          soup_message_headers_remove (headers, "ETag");
          soup_message_headers_remove (headers, "Location");
          soup_message_headers_remove (headers, "Idempotent-Replayed");
          procure_message_reply_error (msg, failure);
        }
      soup_server_message_unpause (msg);
    }
}

static void
flush_group (ProcureServer *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->service.store == NULL || procure_store_flush (self->service.store, &error))
    {
      release_held (self, NULL);
      return;
    }
  g_warning ("%u answers were not stored: %s", self->held->len, error->message);
  g_clear_error (&error);
  procure_http_set_error (&error, 500, "The change could not be stored; send it again");
  release_held (self, error);
}

/* At idle priority: once libsoup has read every request that was ready,
 * so the group takes in all of them. */
static gboolean
flush_cb (gpointer user_data)
{
  ProcureServer *self = user_data;

  self->flush_source = 0;
  flush_group (self);
  return G_SOURCE_REMOVE;
}

void
procure_server_answer (ProcureServer     *self,
                       SoupServerMessage *msg,
                       gboolean           paused)
{
  g_return_if_fail (PROCURE_IS_SERVER (self));

  if (self->service.store == NULL || !procure_store_unflushed (self->service.store))
    {
      if (paused)
        soup_server_message_unpause (msg);
      return;
    }
  if (!paused)
    soup_server_message_pause (msg);
  g_ptr_array_add (self->held, g_object_ref (msg));
  /* Idle may not come while clients keep sending: bound the wait. */
  if (self->held->len >= GROUP_MAX_ANSWERS
      || g_get_monotonic_time () - self->group_since >= GROUP_MAX_WAIT_US)
    flush_group (self);
}

/* A write opened a group: it commits once the main loop has nothing more
 * urgent to do (and at the latest with the answer that finds it older
 * than GROUP_MAX_WAIT_US). */
static void
on_group_opened (ProcureStore *store,
                 gpointer      user_data)
{
  ProcureServer *self = user_data;

  self->group_since = g_get_monotonic_time ();
  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_cb, self, NULL);
}

/* ---------- shutdown ---------- */

static gboolean
drain_cb (gpointer user_data)
{
  ProcureServer *self = user_data;
  gboolean timed_out = g_get_monotonic_time () - self->drain_started > DRAIN_TIMEOUT_MS * 1000;

  cut_idle_connections (self);
  if (count_busy_connections (self) > 0 && !timed_out)
    return G_SOURCE_CONTINUE;
  self->drain_source = 0;
  flush_group (self);
  soup_server_disconnect (self->soup);
  g_clear_pointer (&self->service.store, procure_store_close);
  if (self->drain_done != NULL)
    self->drain_done (self->drain_data);
  return G_SOURCE_REMOVE;
}

void
procure_server_shutdown (ProcureServer *self,
                         GSourceFunc    done,
                         gpointer       user_data)
{
  g_return_if_fail (PROCURE_IS_SERVER (self));

  if (self->draining)
    return;
  self->draining = TRUE;
  self->drain_done = done;
  self->drain_data = user_data;
  self->drain_started = g_get_monotonic_time ();
  procure_stream_close_all (self->stream);
  if (self->connections != NULL)
    cut_idle_connections (self);
  self->drain_source = g_timeout_add (DRAIN_POLL_MS, drain_cb, self);
}

/* ---------- object ---------- */

static void
procure_server_dispose (GObject *object)
{
  ProcureServer *self = PROCURE_SERVER (object);

  g_clear_handle_id (&self->drain_source, g_source_remove);
  g_clear_handle_id (&self->watchdog, g_source_remove);
  if (self->held != NULL)
    flush_group (self);
  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  G_OBJECT_CLASS (procure_server_parent_class)->dispose (object);
}

static void
procure_server_finalize (GObject *object)
{
  ProcureServer *self = PROCURE_SERVER (object);

  g_clear_pointer (&self->stream, procure_stream_free);
  g_clear_pointer (&self->throttle, procure_throttle_free);
  g_clear_pointer (&self->service.store, procure_store_close);
  G_OBJECT_CLASS (procure_server_parent_class)->finalize (object);
}

static void
procure_server_class_init (ProcureServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_server_dispose;
  object_class->finalize = procure_server_finalize;
}

static void
procure_server_init (ProcureServer *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, connection_free);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---------- public API ---------- */

ProcureServer *
procure_server_new (ProcureStore              *store,
                    const ProcureServerConfig *config)
{
  ProcureServer *self = g_object_new (PROCURE_TYPE_SERVER, NULL);

  self->service.store = store;
  self->service.token_lifetime = config->token_lifetime;
  self->config = *config;
  self->throttle = procure_throttle_new (config->login_max_failures, config->login_window);
  self->stream = procure_stream_new (&self->service);
  procure_store_set_commit_func (store, on_store_commit, self);
  return self;
}

static SoupServer *
create_soup_server (ProcureServer   *self,
                    GTlsCertificate *certificate)
{
  SoupServer *soup = soup_server_new ("server-header", "procure-server/" PACKAGE_VERSION,
                                      "tls-certificate", certificate, NULL);

  soup_server_add_early_handler (soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (soup, NULL, on_request, self, NULL);
  soup_server_add_websocket_handler (soup, "/api/v1/stream", NULL, NULL,
                                     on_websocket, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_finished), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_aborted), self);
  return soup;
}

GSocketAddress *
procure_parse_listen_address (const char *address,
                              GError    **error)
{
  const char *colon = address ? strrchr (address, ':') : NULL;
  g_autofree char *host = NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Expected HOST:PORT, got \"%s\"", address ? address : "");
      return NULL;
    }
  host = g_strndup (address, colon - address);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  if (!g_hostname_is_ip_address (host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Listen on an IP address, not \"%s\"", host);
      return NULL;
    }
  return g_inet_socket_address_new_from_string (host, (guint) port);
}

static GSocket *
listening_socket (GSocketAddress *address,
                  GError        **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  if (family == G_SOCKET_FAMILY_IPV6 && !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return NULL;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static char *
listening_url (SoupServer *soup,
               gboolean    https)
{
  g_autoslist(GUri) uris = soup_server_get_uris (soup);
  GUri *uri;
  const char *host;

  if (uris == NULL)
    return NULL;
  uri = uris->data;
  host = g_uri_get_host (uri);
  return g_strdup_printf ("%s://%s%s%s:%d", https ? "https" : "http",
                          strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                          g_uri_get_port (uri));
}

gboolean
procure_server_listen (ProcureServer   *self,
                       const char      *address,
                       GTlsCertificate *certificate,
                       char           **url,
                       GError         **error)
{
  g_autoptr(GSocketAddress) socket_address = procure_parse_listen_address (address, error);
  SoupServerListenOptions options = certificate ? SOUP_SERVER_LISTEN_HTTPS : 0;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (PROCURE_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (socket_address == NULL || (socket = listening_socket (socket_address, error)) == NULL)
    return FALSE;
  self->soup = create_soup_server (self, certificate);
  if (!soup_server_listen_socket (self->soup, socket, options, error))
    return FALSE;
  self->watchdog = g_timeout_add (watchdog_interval_ms (&self->config), watchdog_cb, self);
  /* Concurrent writes share a commit; their answers wait for it. */
  procure_store_set_group_commit (self->service.store, on_group_opened, self);
  *url = listening_url (self->soup, certificate != NULL);
  return TRUE;
}

ProcureService *
procure_server_get_service (ProcureServer *self)
{
  g_return_val_if_fail (PROCURE_IS_SERVER (self), NULL);
  return &self->service;
}

ProcureThrottle *
procure_server_get_throttle (ProcureServer *self)
{
  g_return_val_if_fail (PROCURE_IS_SERVER (self), NULL);
  return self->throttle;
}

const ProcureServerConfig *
procure_server_get_config (ProcureServer *self)
{
  g_return_val_if_fail (PROCURE_IS_SERVER (self), NULL);
  return &self->config;
}
