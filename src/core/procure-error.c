/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-error.h"

/* The private part of every PROCURE_ERROR: the JSON path it names. */
typedef struct {
  char *field;
} ProcureErrorPrivate;

static void
procure_error_private_init (ProcureErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
procure_error_private_copy (const ProcureErrorPrivate *src,
                            ProcureErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
procure_error_private_clear (ProcureErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

/* Defines procure_error_quark() and procure_error_get_private(). */
G_DEFINE_EXTENDED_ERROR (ProcureError, procure_error)

static const char * const code_names[] = {
  [PROCURE_ERROR_MALFORMED] = "malformed",
  [PROCURE_ERROR_REQUIRED] = "required",
  [PROCURE_ERROR_INVALID] = "invalid",
  [PROCURE_ERROR_TOO_LONG] = "too_long",
  [PROCURE_ERROR_OUT_OF_RANGE] = "out_of_range",
  [PROCURE_ERROR_NOT_ALLOWED] = "not_allowed",
  [PROCURE_ERROR_NOT_FOUND] = "not_found",
  [PROCURE_ERROR_FORBIDDEN] = "forbidden",
  [PROCURE_ERROR_WRONG_STATUS] = "wrong_status",
  [PROCURE_ERROR_CONFLICT] = "conflict",
};

/* Messages often quote the offending value, which may be anything a client
 * sent: keep them valid UTF-8 and of a sane length. */
#define MAX_MESSAGE_BYTES 1024

static char *
sanitize_text (const char *text,
               gsize       max_bytes)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *end;

  if (max_bytes == 0 || strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);

  /* Cut before the character that starts at or straddles max_bytes. */
  end = valid + max_bytes;
  while (end > valid && ((guchar) *end & 0xC0) == 0x80)
    end--;
  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

void
procure_set_error (GError          **error,
                   ProcureErrorCode  code,
                   const char       *field,
                   const char       *format,
                   ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (PROCURE_ERROR, code, "");
  g_free (new_error->message);
  new_error->message = sanitize_text (message, MAX_MESSAGE_BYTES);
  procure_error_get_private (new_error)->field = field != NULL ? sanitize_text (field, 0) : NULL;
  g_propagate_error (error, new_error);
}

const char *
procure_error_get_field (const GError *error)
{
  if (error == NULL || error->domain != PROCURE_ERROR)
    return NULL;

  return procure_error_get_private (error)->field;
}

const char *
procure_error_code_to_string (ProcureErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (code_names))
    return "internal";

  return code_names[code];
}

guint
procure_error_code_to_http_status (ProcureErrorCode code)
{
  switch (code)
    {
    case PROCURE_ERROR_MALFORMED:
      return 400;
    case PROCURE_ERROR_NOT_FOUND:
      return 404;
    case PROCURE_ERROR_FORBIDDEN:
      return 403;
    case PROCURE_ERROR_WRONG_STATUS:
    case PROCURE_ERROR_CONFLICT:
      return 409;
    case PROCURE_ERROR_REQUIRED:
    case PROCURE_ERROR_INVALID:
    case PROCURE_ERROR_TOO_LONG:
    case PROCURE_ERROR_OUT_OF_RANGE:
    case PROCURE_ERROR_NOT_ALLOWED:
      return 422;
    default:
      return 500;
    }
}
