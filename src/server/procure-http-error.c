/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-core.h"
#include "procure-http-error.h"
#include "procure-store.h"

G_DEFINE_QUARK (procure-http-error-quark, procure_http_error)

static const struct {
  guint       status;
  const char *code;
} http_codes[] = {
  { 400, "malformed" },
  { 401, "unauthorized" },
  { 403, "forbidden" },
  { 404, "not_found" },
  { 405, "method_not_allowed" },
  { 409, "in_flight" },
  { 412, "precondition_failed" },
  { 413, "too_large" },
  { 415, "unsupported_media_type" },
  { 422, "idempotency_mismatch" },
  { 428, "precondition_required" },
  { 429, "too_many_requests" },
  { 500, "internal" },
  { 503, "unavailable" },
};

const char *
procure_http_error_code_for_status (guint status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (http_codes); i++)
    if (http_codes[i].status == status)
      return http_codes[i].code;
  return "internal";
}

void
procure_http_set_error (GError    **error,
                        guint       status,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PROCURE_HTTP_ERROR, (int) status, message);
}

guint
procure_http_status_for_error (const GError *error)
{
  if (error->domain == PROCURE_ERROR)
    return procure_error_code_to_http_status (error->code);
  if (error->domain == PROCURE_HTTP_ERROR)
    return (guint) error->code;
  if (g_error_matches (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_STALE))
    return 412;
  return 500;
}

JsonNode *
procure_http_error_to_json (const GError *error)
{
  guint status = procure_http_status_for_error (error);

  if (error->domain == PROCURE_ERROR)
    return procure_gerror_to_json (error);
  if (status == 500)
    {
      /* Details of internal failures go to the log, not to the client. */
      g_warning ("Internal error: %s", error->message);
      return procure_error_to_json ("internal", "Internal server error", NULL);
    }
  return procure_error_to_json (procure_http_error_code_for_status (status), error->message, NULL);
}
