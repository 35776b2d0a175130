/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-trust.h: certificates the user explicitly trusted, remembered per
 * server address in GSettings (key trusted-certificates; not a secret), and
 * the facts the trust dialog shows about a certificate.
 */
#pragma once

#include "procure-client.h"

G_BEGIN_DECLS

/* The PEM trusted for exactly @server_url, or NULL. */
char     *procure_trust_lookup   (const char     *server_url);
/* Remembers @pem for @server_url (NULL forgets). FALSE without the schema. */
gboolean  procure_trust_remember (const char     *server_url,
                                  const char     *pem);
/* Pins the certificate remembered for @session's server, if any. */
void      procure_trust_apply    (ProcureSession *session);

/* SHA-256 of @pem's DER as "AB:CD:…" hex pairs and its validity, formatted
 * for the user; FALSE if @pem is not a certificate. */
gboolean  procure_trust_describe (const char     *pem,
                                  char          **fingerprint,
                                  char          **valid_from,
                                  char          **valid_until);

G_END_DECLS
