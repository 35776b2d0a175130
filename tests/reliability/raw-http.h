/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * raw-http.h: plain TCP sockets to the server under test, for what an HTTP
 * library will not send: unfinished headers, trickled bodies, exact request
 * lines with path tricks, many connections from another loopback address.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The port of "http://127.0.0.1:PORT". */
guint16  raw_port             (const char *url);
/* A blocking TCP connection to 127.0.0.1:@port from @source_ip (NULL: any). */
GSocket *raw_connect          (guint16 port, const char *source_ip);
/* Sends all of @data (-1: NUL-terminated); FALSE if the connection broke. */
gboolean raw_send             (GSocket *socket, const char *data, gssize size);
/* Waits at most @timeout_s for the server to close @socket, reading and
 * dropping whatever it sends; returns the seconds it took, or -1 when the
 * connection was still open at the end. */
double   raw_wait_closed      (GSocket *socket, double timeout_s);
/* Sends @request (it should say "Connection: close") and reads the answer
 * until the server closes; returns the status code, 0 when the connection
 * closed without a status line. The body goes to @body if not NULL. */
guint    raw_exchange         (guint16 port, const char *request, gssize size, char **body);
/* Open file descriptors of process @pid. */
guint    raw_count_fds        (const char *pid);

G_END_DECLS
