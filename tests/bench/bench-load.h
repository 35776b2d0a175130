/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-load.h: a closed-loop HTTP load generator. N clients, each with its
 * own SoupSession (so its own keep-alive connection), send one request at a
 * time on the main loop for a fixed duration; the next request leaves as
 * soon as the answer is read.
 */
#pragma once

#include "bench-common.h"

G_BEGIN_DECLS

/* Fills the request a client sends next (method, path, headers, body). */
typedef SoupMessage *(*BenchRequestFunc) (guint     client,
                                          guint64   serial,
                                          gpointer  user_data);

typedef struct {
  guint64  ok;            /* answers with the expected status */
  guint64  failed;        /* anything else, transport errors included */
  double   seconds;       /* measured wall time */
  double   per_second;    /* ok / seconds */
  double   p50_ms, p99_ms;
  guint    first_bad_status;
} BenchLoadResult;

/* Runs @n_clients clients for @seconds (after @warmup seconds not counted).
 * @tokens (may be NULL) gives each client its bearer token. */
void bench_load_run (guint               n_clients,
                     double              warmup,
                     double              seconds,
                     char              **tokens,
                     guint               expected_status,
                     BenchRequestFunc    request_func,
                     gpointer            user_data,
                     BenchLoadResult    *result);

G_END_DECLS
