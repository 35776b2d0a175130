/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-stream.h: the WebSocket /api/v1/stream. A client authenticates
 * with "Authorization: Bearer <token>" on the upgrade request, with
 * "?token=<token>", or with a first text message {"token": "<token>"}
 * within 10 seconds. It then receives {"seq": N} right away and again
 * whenever a change it may see is committed; it pulls /api/v1/changes.
 */
#pragma once

#include <libsoup/soup.h>

#include "procure-service.h"

G_BEGIN_DECLS

typedef struct _ProcureStream ProcureStream;

ProcureStream *procure_stream_new       (ProcureService *service);
void           procure_stream_free      (ProcureStream *self);
/* The SoupServerWebsocketCallback; @user_data is the stream. */
void           procure_stream_accept    (SoupServer              *server,
                                         SoupServerMessage       *msg,
                                         const char              *path,
                                         SoupWebsocketConnection *connection,
                                         gpointer                 user_data);
void           procure_stream_notify    (ProcureStream *self, const ProcureEvent *event);
/* Closes every connection (going away). */
void           procure_stream_close_all (ProcureStream *self);

G_END_DECLS
