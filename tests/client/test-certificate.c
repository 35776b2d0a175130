/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-certificate"

#include "config.h"

#include <string.h>

#include "test-certificate.h"

gboolean
test_certificate_make (TestCertificate *cert,
                       const char      *dir,
                       const char      *name)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_name = g_strconcat (name, "-cert.pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) loaded = NULL;
  g_autofree char *output = NULL;
  int wait_status = 0;

  memset (cert, 0, sizeof *cert);
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return FALSE;
    }
  cert->cert_path = g_build_filename (dir, cert_name, NULL);
  cert->key_path = g_build_filename (dir, key_name, NULL);
  {
    /* P-256 keys take milliseconds, even under a sanitizer. */
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", cert->key_path, "-out", cert->cert_path, NULL
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                  NULL, &output, &wait_status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("openssl req failed: %s\n%s", error->message, output);

  loaded = g_tls_certificate_new_from_files (cert->cert_path, cert->key_path, &error);
  g_assert_no_error (error);
  g_object_get (loaded, "certificate-pem", &cert->pem, NULL);
  g_assert_nonnull (cert->pem);
  return TRUE;
}

void
test_certificate_clear (TestCertificate *cert)
{
  g_clear_pointer (&cert->cert_path, g_free);
  g_clear_pointer (&cert->key_path, g_free);
  g_clear_pointer (&cert->pem, g_free);
}
