/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "procure-http-error.h"
#include "procure-idempotency.h"
#include "procure-router.h"
#include "procure-server.h"
#include "procure-stream.h"

#define DRAIN_POLL_MS      50
#define DRAIN_TIMEOUT_MS   10000

struct _ProcureServer {
  GObject          parent_instance;
  SoupServer      *soup;
  ProcureService   service;
  ProcureStream   *stream;
  ProcureThrottle *throttle;
  ProcureServerConfig config;
  guint            in_flight;
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

/* ---------- SoupServer callbacks ---------- */

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  ProcureServer *self = user_data;
  g_autoptr(ProcureRequest) request = NULL;
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const ProcureRoute *route;
  char *params[PROCURE_MAX_PARAMS] = { NULL };
  g_autofree char *hash = NULL;
  guint n_routes;
  const ProcureRoute *routes = procure_routes (&n_routes);

  if (self->draining)
    {
      reply_http_error (msg, 503, "The server is shutting down");
      return;
    }
  switch (procure_router_match (routes, n_routes, soup_server_message_get_method (msg),
                                path, &route, params, allow))
    {
    case PROCURE_ROUTE_UNKNOWN:
      reply_http_error (msg, 404, "No such resource");
      return;
    case PROCURE_ROUTE_WRONG_METHOD:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
      reply_http_error (msg, 405, "Method not allowed here");
      return;
    case PROCURE_ROUTE_MATCHED:
    default:
      break;
    }
  request = request_new (self, msg, query, params);
  if (((route->flags & PROCURE_ROUTE_AUTH) && !authenticate (request, &error))
      || !read_body (request, &error))
    {
      procure_request_fail (request, error);
      return;
    }
  if ((route->flags & PROCURE_ROUTE_RETRY_KEY) && !procure_idempotency_begin (request, &hash, &error))
    {
      if (error != NULL)
        procure_request_fail (request, error);
      return;
    }
  route->handler (request);
  if (hash != NULL)
    procure_idempotency_finish (request, hash);
}

/* Refuses an announced oversized body before reading it. */
static void
on_early_request (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > PROCURE_MAX_BODY_SIZE)
    {
      reply_http_error (msg, 413, "The request body is larger than 1 MiB");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  ProcureServer *self = user_data;
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "procure-start", start, g_free);
  self->in_flight++;
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "procure-start");
  const char *login = g_object_get_data (G_OBJECT (msg), "procure-login");
  GUri *uri = soup_server_message_get_uri (msg);
  double ms = start ? (g_get_monotonic_time () - *start) / 1000.0 : 0;

  g_printerr ("%s %s %u %.1fms %s%s\n",
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
  if (g_object_get_data (G_OBJECT (msg), "procure-done") != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "procure-done", GINT_TO_POINTER (1));
  log_request (msg, outcome);
  self->in_flight--;
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

  request_done (self, msg, " websocket");
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

/* ---------- shutdown ---------- */

static gboolean
drain_cb (gpointer user_data)
{
  ProcureServer *self = user_data;
  gboolean timed_out = g_get_monotonic_time () - self->drain_started > DRAIN_TIMEOUT_MS * 1000;

  if (self->in_flight > 0 && !timed_out)
    return G_SOURCE_CONTINUE;
  self->drain_source = 0;
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
  self->drain_source = g_timeout_add (DRAIN_POLL_MS, drain_cb, self);
}

/* ---------- object ---------- */

static void
procure_server_dispose (GObject *object)
{
  ProcureServer *self = PROCURE_SERVER (object);

  g_clear_handle_id (&self->drain_source, g_source_remove);
  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
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

  g_return_val_if_fail (PROCURE_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (socket_address == NULL)
    return FALSE;
  self->soup = create_soup_server (self, certificate);
  if (!soup_server_listen (self->soup, socket_address, options, error))
    return FALSE;
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
