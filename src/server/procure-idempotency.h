/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-idempotency.h: Idempotency-Key on the mutating routes other than
 * POST /api/v1/orders (which stores its key in the order's own transaction).
 * The first 2xx answer to (user, key) is stored with a hash of method, path
 * and body; a retry with the same key and request gets that answer again
 * (Idempotent-Replayed: true), another request with the key a 422.
 *
 * Order edits, actions and comments write the record in their own
 * transaction (ProcureRetryKey in procure-service.h), so even a crash right
 * after the commit leaves a record to replay. The catalogue's routes write
 * it right after theirs: a crash between the two can let one retry through,
 * which then meets its If-Match or a uniqueness check instead of acting
 * twice.
 */
#pragma once

#include "procure-request.h"

G_BEGIN_DECLS

/* FALSE (with @error) unless @key is NULL or 1 to 200 printable ASCII
 * characters; every route taking an Idempotency-Key checks it with this. */
gboolean procure_idempotency_key_check (const char *key,
                                        GError    **error);
/* Answers a replay or refuses a reused key; returns FALSE when the request
 * is answered (or @error is set), TRUE when the handler should run.
 * *@hash receives the request's hash when a key was given. */
gboolean procure_idempotency_begin  (ProcureRequest *request,
                                     char          **hash,
                                     GError        **error);
/* Stores a successful answer under the request's key unless the write
 * @recorded it already. A refused request whose key was meanwhile recorded
 * for the same request (by another server, on PostgreSQL) gets that answer
 * instead. */
void     procure_idempotency_finish (ProcureRequest *request,
                                     const char     *hash,
                                     gboolean        recorded);

G_END_DECLS
