/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-http-error.h: errors that only exist at the HTTP level (401, 405,
 * 412, 413, 415, 428, 429, 500 ...) and the mapping of every error the
 * server can meet to an HTTP status and the JSON error shape.
 *
 * PROCURE_HTTP_ERROR codes are the HTTP status itself.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PROCURE_HTTP_ERROR (procure_http_error_quark ())

GQuark      procure_http_error_quark (void);

/* Wire code for an HTTP-level status: "unauthorized", "precondition_failed"... */
const char *procure_http_error_code_for_status (guint status);

/* Sets @error in PROCURE_HTTP_ERROR with @status. */
void        procure_http_set_error (GError    **error,
                                    guint       status,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* The HTTP status any server error answers with. */
guint       procure_http_status_for_error (const GError *error);

/* The {"error": {...}} body for any server error. */
JsonNode   *procure_http_error_to_json    (const GError *error);

G_END_DECLS
