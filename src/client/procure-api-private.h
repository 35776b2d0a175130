/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "procure-api.h"

G_BEGIN_DECLS

ProcureApiError procure_api_error_code_for_status (guint status);
GError *procure_api_error_new_full (ProcureApiError  code,
                                    guint            http_status,
                                    const char      *server_code,
                                    const char      *field,
                                    const char      *message);
GError *procure_api_error_from_response (guint     status,
                                         JsonNode *body);
void    procure_api_error_set_certificate_pem (GError     *error,
                                               const char *pem);

enum {
  PROCURE_API_ERROR_FLAG_CERTIFICATE_CHANGED = 1 << 0,
  PROCURE_API_ERROR_FLAG_PLAIN_HTTP_TO_TLS   = 1 << 1,
};
void    procure_api_error_add_flags (GError *error,
                                     guint   flags);

/* Seconds to wait before retry @attempt (0-based): Retry-After when the
 * server gave one (capped at 60), else 0.5, 1, 2, 4 ... capped at 30. */
double  procure_api_retry_delay (guint       attempt,
                                 const char *retry_after);

G_END_DECLS
