/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-signed certificates made at test time with openssl(1), for the TLS
 * tests: nothing secret is kept in the source tree.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *cert_path;   /* PEM certificate */
  char *key_path;    /* PEM private key (unencrypted) */
  char *pem;         /* the certificate as GTlsCertificate:certificate-pem gives it */
} TestCertificate;

/* Makes a self-signed certificate for 127.0.0.1 in @dir, files named after
 * @name. FALSE (and the test skipped) when openssl is not installed. */
gboolean  test_certificate_make  (TestCertificate *cert,
                                  const char      *dir,
                                  const char      *name);
void      test_certificate_clear (TestCertificate *cert);

G_END_DECLS
