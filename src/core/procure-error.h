/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-error.h: the one error domain of libprocure-core.
 *
 * Errors carry the JSON path of the offending field ("lines[2].quantity",
 * "shipping_address.country", "overrides.price_plan") through GLib's extended
 * error mechanism, so the server can put it in the "field" member of the JSON
 * error shape and the app can mark the right form field.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PROCURE_ERROR (procure_error_quark ())

typedef enum {
  PROCURE_ERROR_MALFORMED,       /* not JSON, wrong JSON type, unknown field: HTTP 400 */
  PROCURE_ERROR_REQUIRED,        /* a required field is missing: 422 */
  PROCURE_ERROR_INVALID,         /* a value fails validation: 422 */
  PROCURE_ERROR_TOO_LONG,        /* string or array over its limit: 422 */
  PROCURE_ERROR_OUT_OF_RANGE,    /* number outside its bounds: 422 */
  PROCURE_ERROR_NOT_ALLOWED,     /* value not entitled / override not allowed: 422 */
  PROCURE_ERROR_NOT_FOUND,       /* object not visible to the caller: 404 */
  PROCURE_ERROR_FORBIDDEN,       /* the role may never do this here: 403 */
  PROCURE_ERROR_WRONG_STATUS,    /* not in the order's current status: 409 */
  PROCURE_ERROR_CONFLICT,        /* other conflict (duplicate number, stock, already approved): 409 */
} ProcureErrorCode;

GQuark      procure_error_quark       (void);

/* Sets @error with @code and @field (may be NULL), message in printf style. */
void        procure_set_error         (GError     **error,
                                       ProcureErrorCode code,
                                       const char  *field,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (4, 5);

/* The JSON path of the field an error names, or NULL. Works for any
 * PROCURE_ERROR error. */
const char *procure_error_get_field   (const GError *error);

/* Wire name of the code: "malformed", "required", "invalid", "too_long",
 * "out_of_range", "not_allowed", "not_found", "forbidden", "wrong_status",
 * "conflict". */
const char *procure_error_code_to_string (ProcureErrorCode code);

/* The HTTP status for a code (400, 422, 404, 403, 409). */
guint       procure_error_code_to_http_status (ProcureErrorCode code);

G_END_DECLS
