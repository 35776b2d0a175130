/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-credentials.h: the session token in the Secret Service (libsecret),
 * keyed by server URL and login. Only the server URL and the login are kept
 * in GSettings; the token never leaves the keyring and the cache.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Schema "io.github.procure.Procure.Token", attributes "server", "login". */
const SecretSchema *procure_credentials_get_schema (void);

void      procure_credentials_store_async   (const char          *server_url,
                                             const char          *login,
                                             const char          *token,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  procure_credentials_store_finish  (GAsyncResult  *result,
                                             GError       **error);

/* The token, or NULL without error when none is stored. */
void      procure_credentials_lookup_async  (const char          *server_url,
                                             const char          *login,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char     *procure_credentials_lookup_finish (GAsyncResult  *result,
                                             GError       **error);

void      procure_credentials_clear_async   (const char          *server_url,
                                             const char          *login,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  procure_credentials_clear_finish  (GAsyncResult  *result,
                                             GError       **error);

G_END_DECLS
