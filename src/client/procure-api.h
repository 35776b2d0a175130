/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-api.h: the HTTP client of API v1 over a libsoup 3 SoupSession.
 *
 * Every call is asynchronous and has an explicit timeout. Safe requests (GET,
 * HEAD, DELETE, PUT, and POST/PATCH carrying an Idempotency-Key) are retried
 * with exponential backoff on network errors, 429 and 502/503/504, honouring
 * Retry-After; anything else is tried once. Every failure is a
 * PROCURE_API_ERROR that keeps the HTTP status, the server's error code,
 * message and field.
 *
 * TLS certificates are verified. A certificate the user explicitly trusted for
 * this server (the PEM from procure_api_error_get_certificate_pem() of a
 * PROCURE_API_ERROR_TLS error) can be pinned with
 * procure_api_set_pinned_certificate(): exactly that certificate is then
 * accepted for this server, and nothing else that fails verification.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "procure-types.h"

G_BEGIN_DECLS

#define PROCURE_API_ERROR (procure_api_error_quark ())

typedef enum {
  PROCURE_API_ERROR_NETWORK,        /* cannot connect, connection lost, timeout */
  PROCURE_API_ERROR_TLS,            /* certificate not trusted (see _get_certificate_pem) */
  PROCURE_API_ERROR_PROTOCOL,       /* unparseable or unexpected response */
  PROCURE_API_ERROR_BAD_REQUEST,    /* 400, 413, 415, 422, 428 and other 4xx */
  PROCURE_API_ERROR_UNAUTHORIZED,   /* 401: token missing, expired or revoked */
  PROCURE_API_ERROR_FORBIDDEN,      /* 403 */
  PROCURE_API_ERROR_NOT_FOUND,      /* 404 */
  PROCURE_API_ERROR_CONFLICT,       /* 409 */
  PROCURE_API_ERROR_PRECONDITION,   /* 412: stale If-Match */
  PROCURE_API_ERROR_RATE_LIMITED,   /* 429 after the retries */
  PROCURE_API_ERROR_SERVER,         /* 5xx */
} ProcureApiError;

GQuark      procure_api_error_quark            (void);
/* HTTP status of the response (0 when there was none). */
guint       procure_api_error_get_http_status  (const GError *error);
/* The server's "code" ("wrong_status", "invalid", ...), or NULL. */
const char *procure_api_error_get_server_code  (const GError *error);
/* The server's "field" ("lines[0].quantity"), or NULL. */
const char *procure_api_error_get_field        (const GError *error);
/* For PROCURE_API_ERROR_TLS: the server's certificate as PEM, or NULL. */
const char *procure_api_error_get_certificate_pem (const GError *error);
/* For PROCURE_API_ERROR_TLS: a certificate was pinned for this server and
 * the server presented another one that is not trusted either. */
gboolean    procure_api_error_get_certificate_changed (const GError *error);
/* For PROCURE_API_ERROR_NETWORK: an http:// address whose server closed the
 * connection without any HTTP answer, as a TLS-only port does; the error's
 * message then suggests https://. */
gboolean    procure_api_error_is_plain_http_to_tls (const GError *error);
/* Whether retrying later may succeed (network, 429, 5xx). */
gboolean    procure_api_error_is_transient     (const GError *error);

#define PROCURE_TYPE_API (procure_api_get_type ())
G_DECLARE_FINAL_TYPE (ProcureApi, procure_api, PROCURE, API, GObject)

/* @base_url: "http://127.0.0.1:8080" or "https://procure.example.com". */
ProcureApi *procure_api_new                (const char *base_url);
const char *procure_api_get_base_url       (ProcureApi *self);
const char *procure_api_get_token          (ProcureApi *self);
void        procure_api_set_token          (ProcureApi *self,
                                            const char *token);
/* Per-request timeout in seconds (default 15). */
void        procure_api_set_timeout        (ProcureApi *self,
                                            guint       seconds);
/* Retries for safe requests (default 3). 0 disables them. */
void        procure_api_set_max_retries    (ProcureApi *self,
                                            guint       retries);
/* Pins @pem (NULL unpins). FALSE and @error if @pem is not a certificate. */
gboolean    procure_api_set_pinned_certificate (ProcureApi *self,
                                                const char *pem,
                                                GError    **error);
const char *procure_api_get_pinned_certificate (ProcureApi *self);
/* The PEM of the last server certificate refused as untrusted, or NULL: what
 * the sign-in page offers to trust. */
const char *procure_api_get_refused_certificate (ProcureApi *self);
SoupSession *procure_api_get_soup_session  (ProcureApi *self);

/* A message for @path ("/api/v1/stream") with the Authorization header set
 * and the pinning applied: for the WebSocket. */
SoupMessage *procure_api_new_message       (ProcureApi *self,
                                            const char *method,
                                            const char *path);

/* The general call. @body may be NULL; @if_match is the bare version ("3")
 * and is sent quoted; @idempotency_key may be NULL. */
void        procure_api_request_async      (ProcureApi          *self,
                                            const char          *method,
                                            const char          *path,
                                            JsonNode            *body,
                                            const char          *if_match,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The JSON answer (a null node for an empty body); @out_etag receives the
 * ETag without quotes, if any. */
JsonNode   *procure_api_request_finish     (ProcureApi    *self,
                                            GAsyncResult  *result,
                                            char         **out_etag,
                                            GError       **error);

void        procure_api_get_async          (ProcureApi          *self,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Same as procure_api_request_finish(). */
JsonNode   *procure_api_get_finish         (ProcureApi    *self,
                                            GAsyncResult  *result,
                                            char         **out_etag,
                                            GError       **error);

/* POST /api/v1/session; on success the token is also set on @self. */
void         procure_api_login_async       (ProcureApi          *self,
                                            const char          *login,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
ProcureUser *procure_api_login_finish      (ProcureApi    *self,
                                            GAsyncResult  *result,
                                            char         **out_token,
                                            GError       **error);

/* DELETE /api/v1/session; the token is cleared on @self either way. */
void        procure_api_logout_async       (ProcureApi          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    procure_api_logout_finish      (ProcureApi    *self,
                                            GAsyncResult  *result,
                                            GError       **error);

G_END_DECLS
