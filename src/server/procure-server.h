/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-server.h: the HTTP side of procure-server. Owns the SoupServer,
 * the store and the service; routes every request through the table of
 * procure-routes.c after the common checks (size 413, auth 401, content
 * type 415, JSON 400); writes one access-log line per request to stderr.
 */
#pragma once

#include <libsoup/soup.h>

#include "procure-service.h"
#include "procure-throttle.h"

G_BEGIN_DECLS

typedef struct {
  gint64 token_lifetime;       /* seconds */
  guint  login_max_failures;
  guint  login_window;         /* seconds */
  guint  request_timeout;      /* seconds a connection may take to send and
                                  get one request, or stay idle; 0: forever */
  guint  max_connections_per_peer; /* open connections per client address; 0: any */
} ProcureServerConfig;

void procure_server_config_init (ProcureServerConfig *config);

#define PROCURE_TYPE_SERVER (procure_server_get_type ())
G_DECLARE_FINAL_TYPE (ProcureServer, procure_server, PROCURE, SERVER, GObject)

/* Takes ownership of @store. */
ProcureServer   *procure_server_new          (ProcureStore              *store,
                                              const ProcureServerConfig *config);
/* Listens on "HOST:PORT" (port 0: any free one), HTTPS when @certificate
 * is set; *@url receives "http://HOST:PORT". */
gboolean         procure_server_listen       (ProcureServer   *self,
                                              const char      *address,
                                              GTlsCertificate *certificate,
                                              char           **url,
                                              GError         **error);
ProcureService  *procure_server_get_service  (ProcureServer *self);
ProcureThrottle *procure_server_get_throttle (ProcureServer *self);
const ProcureServerConfig *procure_server_get_config (ProcureServer *self);
/* Sends @msg's answer once everything it may have read or written is
 * durable: at once, or after the commit of the open group of writes
 * (group commit; an answer whose group failed becomes a 500). @paused:
 * the caller paused @msg and leaves unpausing it to this. */
void             procure_server_answer       (ProcureServer     *self,
                                              SoupServerMessage *msg,
                                              gboolean           paused);
/* Stops taking requests, lets those in flight finish, disconnects, closes
 * the store, then calls @done. */
void             procure_server_shutdown     (ProcureServer *self,
                                              GSourceFunc    done,
                                              gpointer       user_data);

/* Parses "HOST:PORT" or "[V6]:PORT". */
GSocketAddress  *procure_parse_listen_address (const char *address,
                                               GError    **error);

G_END_DECLS
