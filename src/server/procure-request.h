/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-request.h: one API request as the handlers see it (the matched
 * path parameters, the query, the parsed body, the authenticated user) and
 * the helpers they answer with.
 */
#pragma once

#include <libsoup/soup.h>

#include "procure-service.h"

G_BEGIN_DECLS

#define PROCURE_MAX_BODY_SIZE (1024 * 1024)
#define PROCURE_MAX_PARAMS    2

typedef struct _ProcureServer ProcureServer;

typedef struct {
  ProcureServer     *server;
  ProcureService    *service;
  SoupServerMessage *msg;
  ProcureUser       *user;                       /* NULL on routes without auth */
  char              *token;                      /* the bearer token, if any */
  char              *params[PROCURE_MAX_PARAMS]; /* the {} segments of the path */
  GHashTable        *query;                      /* may be NULL */
  JsonNode          *body;                       /* NULL without a body */
  GBytes            *raw_body;
  gboolean           paused;                     /* the handler answers later (it paused msg) */
} ProcureRequest;

typedef void (*ProcureHandler) (ProcureRequest *request);

void        procure_request_free        (ProcureRequest *self);
const char *procure_request_query       (ProcureRequest *self, const char *name);
const char *procure_request_header      (ProcureRequest *self, const char *name);

/* The page size of ?limit= (default and cap of the service), FALSE and a
 * 422 error when it is not a number. */
gboolean    procure_request_limit       (ProcureRequest *self, guint *out, GError **error);

/* Answers with @node (consumed) as JSON. */
void        procure_request_reply       (ProcureRequest *self, guint status, JsonNode *node);
/* Answers an order with its ETag. */
void        procure_request_reply_order (ProcureRequest *self, guint status, const ProcureOrder *order);
/* Answers @status with an order's document (@doc, taken: its wire
 * encoding, as stored) and its ETag; on 201 also the order's Location. */
void        procure_request_reply_order_doc (ProcureRequest *self, guint status, const char *id,
                                             gint64 version, char *doc);
/* {"items": [...], "next": cursor|null}; @encode turns each item into a node. */
void        procure_request_reply_list  (ProcureRequest *self, GPtrArray *items,
                                         JsonNode *(*encode) (gconstpointer item, gpointer data),
                                         gpointer data, const char *next);
/* Answers with the error's status and JSON shape (consumes nothing). */
void        procure_request_fail        (ProcureRequest *self, const GError *error);

/* Low-level: the JSON error answer for any message. */
void        procure_message_reply_json  (SoupServerMessage *msg, guint status, JsonNode *node);
void        procure_message_reply_error (SoupServerMessage *msg, const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureRequest, procure_request_free)

G_END_DECLS
