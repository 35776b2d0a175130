/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-service.h: what the API does, independent of HTTP.
 *
 * Every function takes the authenticated user, asks the core lifecycle and
 * validators, and reads and writes through the store. Errors are
 * PROCURE_ERROR (client mistakes and refusals: 400/403/404/409/422),
 * PROCURE_HTTP_ERROR (412, 428, ...) or PROCURE_STORE_ERROR (412 stale,
 * 500 failed); procure_http_status_for_error() maps them.
 *
 * The demo seeder drives the same functions with a fixed clock, so the demo
 * history went through the real lifecycle.
 */
#pragma once

#include "procure-store.h"

G_BEGIN_DECLS

#define PROCURE_DEFAULT_PAGE_SIZE 50
#define PROCURE_MAX_PAGE_SIZE     200

/* The Idempotency-Key of the request being answered. An edit, action or
 * comment records it, with the order it answers, in its own transaction
 * (as order creation does), and sets @recorded: a crash after the commit
 * cannot lose the record, so a resend is replayed. */
typedef struct {
  const char *user_id;
  const char *key;
  const char *body_hash;
  gboolean    recorded;
} ProcureRetryKey;

typedef struct {
  ProcureStore    *store;
  GDateTime       *clock;            /* NULL: the real time; set by the demo seeder */
  gint64           token_lifetime;   /* seconds */
  ProcureRetryKey *retry_key;        /* NULL, or the current request's; set by the server */
} ProcureService;

/* A node owning @object (json_node_init_object() would add a reference). */
JsonNode *procure_node_take_object (JsonObject *object);

/* Time as the service sees it. */
char     *procure_service_now      (ProcureService *self);
void      procure_service_today    (ProcureService *self, GDate *out);

void      procure_service_actor    (const ProcureUser *user, ProcureActor *out);
gboolean  procure_service_is_staff (const ProcureUser *user);

/* ---- sessions (procure-service.c) ---- */
ProcureUser *procure_service_authenticate (ProcureService *self, const char *token, GError **error);
/* A new session for @user: returns the token to give the client. */
char        *procure_service_open_session (ProcureService *self, const ProcureUser *user, GError **error);
gboolean     procure_service_close_session (ProcureService *self, const char *token, GError **error);
char        *procure_service_token_hash   (const char *token);

/* ---- catalogue and accounts (procure-service-catalogue.c) ---- */
GPtrArray      *procure_service_products         (ProcureService *self, const ProcureUser *user, GError **error);
ProcureProduct *procure_service_product_create   (ProcureService *self, const ProcureUser *user, JsonNode *body, GError **error);
ProcureProduct *procure_service_product_update   (ProcureService *self, const ProcureUser *user, const char *id, JsonNode *body, GError **error);
GPtrArray      *procure_service_assign_products  (ProcureService *self, const ProcureUser *user, const char *account_id, JsonNode *body, GError **error);
GPtrArray      *procure_service_accounts         (ProcureService *self, const ProcureUser *user, GError **error);
ProcureAccount *procure_service_account          (ProcureService *self, const ProcureUser *user, const char *id, GError **error);
ProcureAccount *procure_service_account_create   (ProcureService *self, const ProcureUser *user, JsonNode *body, GError **error);
ProcureAccount *procure_service_account_update   (ProcureService *self, const ProcureUser *user, const char *id, JsonNode *body, GError **error);
/* The product as @user may see it (assignment list only for staff). */
JsonNode       *procure_service_product_to_json  (const ProcureUser *user, const ProcureProduct *product);

/* ---- orders (procure-service-orders.c) ---- */
ProcureOrder *procure_service_order        (ProcureService *self, const ProcureUser *user, const char *id, GError **error);
/* The same order as its stored wire document, after the same visibility
 * check (GET /orders/{id} answers it without decoding). */
ProcureStoredOrder *procure_service_order_doc (ProcureService *self, const ProcureUser *user,
                                               const char *id, GError **error);
/* @next_cursor (may be NULL) gets the cursor of the next page, or NULL. */
GPtrArray    *procure_service_orders       (ProcureService *self, const ProcureUser *user, const ProcureOrderQuery *query, char **next_cursor, GError **error);
/* With an @idempotency_key already used by @user: the same @body_hash
 * returns NULL without an error and the first response in *@replay; another
 * body is a 422 error. @doc (may be NULL) gets the created order's wire
 * encoding as stored. */
ProcureOrder *procure_service_order_create (ProcureService *self, const ProcureUser *user,
                                            const ProcureOrderRequest *request,
                                            const char *idempotency_key, const char *body_hash,
                                            char **replay, char **doc, GError **error);
ProcureOrder *procure_service_order_update (ProcureService *self, const ProcureUser *user, const char *id,
                                            const char *if_match, const ProcureOrderRequest *request,
                                            GError **error);
ProcureOrder *procure_service_order_act    (ProcureService *self, const ProcureUser *user, const char *id,
                                            ProcureAction action, const char *if_match,
                                            const ProcureActionRequest *request, GError **error);
ProcureOrder *procure_service_order_comment (ProcureService *self, const ProcureUser *user, const char *id,
                                             const ProcureCommentRequest *request, GError **error);
GPtrArray    *procure_service_sims         (ProcureService *self, const ProcureUser *user,
                                            const ProcureSimQuery *query, char **next_cursor, GError **error);

/* ---- changes feed (procure-service-changes.c) ---- */
JsonNode *procure_service_changes      (ProcureService *self, const ProcureUser *user,
                                        gint64 since, guint limit, GError **error);
/* Whether @event concerns something @user may see. */
gboolean  procure_service_event_visible (const ProcureUser *user, const ProcureEvent *event);

G_END_DECLS
