/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include "procure-trust.h"

#define TRUST_KEY "trusted-certificates"

/* The app's settings, or NULL when the schema (with this key) is missing,
 * as in a bare build tree. */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, PROCURE_APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, TRUST_KEY))
    return NULL;
  return g_settings_new (PROCURE_APP_ID);
}

char *
procure_trust_lookup (const char *server_url)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autoptr(GVariant) map = NULL;
  char *pem = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

  if (settings == NULL)
    return NULL;
  map = g_settings_get_value (settings, TRUST_KEY);
  if (!g_variant_lookup (map, server_url, "s", &pem))
    return NULL;
  return pem;
}

gboolean
procure_trust_remember (const char *server_url,
                        const char *pem)
{
  g_autoptr(GSettings) settings = open_settings ();
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *url, *value;

  g_return_val_if_fail (server_url != NULL, FALSE);

  if (settings == NULL)
    return FALSE;
  old = g_settings_get_value (settings, TRUST_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &url, &value))
    if (g_strcmp0 (url, server_url) != 0)
      g_variant_builder_add (&builder, "{ss}", url, value);
  if (pem != NULL)
    g_variant_builder_add (&builder, "{ss}", server_url, pem);
  return g_settings_set_value (settings, TRUST_KEY, g_variant_builder_end (&builder));
}

void
procure_trust_apply (ProcureSession *session)
{
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROCURE_IS_SESSION (session));

  pem = procure_trust_lookup (procure_session_get_server_url (session));
  if (pem == NULL)
    return;
  if (!procure_api_set_pinned_certificate (procure_session_get_api (session), pem, &error))
    g_warning ("Ignoring the stored certificate for %s: %s",
               procure_session_get_server_url (session), error->message);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  /* ISO 8601, the same in every language, and unambiguous when the user
   * compares it with what the administrator sees. */
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M %Z") : g_strdup ("—");
}

gboolean
procure_trust_describe (const char  *pem,
                        char       **fingerprint,
                        char       **valid_from,
                        char       **valid_until)
{
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *hex = NULL;
  GString *pairs;

  g_return_val_if_fail (pem != NULL, FALSE);

  cert = g_tls_certificate_new_from_pem (pem, -1, NULL);
  if (cert == NULL)
    return FALSE;
  g_object_get (cert, "certificate", &der,
                "not-valid-before", &from, "not-valid-after", &until, NULL);
  if (der == NULL)
    return FALSE;
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  pairs = g_string_new (NULL);
  for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
    {
      if (pairs->len > 0)
        g_string_append_c (pairs, ':');
      g_string_append_c (pairs, g_ascii_toupper (p[0]));
      g_string_append_c (pairs, g_ascii_toupper (p[1]));
    }
  *fingerprint = g_string_free (pairs, FALSE);
  *valid_from = format_time (from);
  *valid_until = format_time (until);
  return TRUE;
}
