/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A misbehaving Procure server for the fault tests: a SoupServer in the test
 * process that takes the real procure-server's port while the real one is
 * down, and answers the client's sync pulls, its outbox writes and its
 * WebSocket in the ways a broken server or proxy does.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  FAULT_ANSWER_OK,        /* GET /changes: an empty page; writes: 503 */
  FAULT_ANSWER_GARBAGE,   /* 200 OK with a body that is not JSON */
  FAULT_ANSWER_500,       /* 500 with an HTML body, as a crashed backend's proxy */
  FAULT_ANSWER_HANG,      /* never answers */
} FaultAnswer;

typedef struct {
  SoupServer *server;
  FaultAnswer changes;        /* GET /api/v1/changes */
  FaultAnswer writes;         /* POST and PATCH */
  gboolean    accept_stream;  /* set before start: accept /api/v1/stream, then drop
                               * it at once (else refuse it with 404) */
  guint       n_changes;      /* requests seen */
  guint       n_writes;
  guint       n_streams;
  GPtrArray  *held;           /* hanging requests and WebSockets */
} FaultServer;

/* Listens on 127.0.0.1:@port (the port the real server just left). */
void  fault_server_start (FaultServer *fault,
                          guint16      port);
/* Closes every connection and frees the port. */
void  fault_server_stop  (FaultServer *fault);

G_END_DECLS
