/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-common.h: what every benchmark program shares: the one-line figure
 * format, timing and percentiles, starting procure-server (or any program
 * that prints its URL first) and small synchronous HTTP helpers.
 *
 * Benchmarks never fail on slowness: a figure prints PASS or MISS and the
 * program still exits 0. They exit non-zero only when they could not
 * measure at all (a crash, a server that did not start, a wrong answer).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  BENCH_HIGHER_IS_BETTER,   /* PASS when ratio >= target */
  BENCH_LOWER_IS_BETTER,    /* PASS when ratio <= target */
} BenchDirection;

/* Prints "name: value unit — ratio R against LIMIT (target T) PASS|MISS"
 * where R = value / limit and LIMIT is "@limit @limit_unit @limit_what".
 * Returns whether the figure passed. */
gboolean bench_figure (const char     *name,
                       double          value,
                       const char     *unit,
                       double          limit,
                       const char     *limit_unit,
                       const char     *limit_what,
                       BenchDirection  direction,
                       double          target);

/* Monotonic time in seconds. */
double   bench_now (void);

/* CPU time used by the calling thread, and by the whole process, in ms:
 * unlike wall time it does not grow when other programs share the cores. */
double   bench_thread_cpu_ms  (void);
double   bench_process_cpu_ms (void);

/* CPU time (user + system) @process has used so far, in ms. */
double   bench_child_cpu_ms (GSubprocess *process);

/* The system's 1-minute load average (what else was running). */
double   bench_load_average (void);

/* The @p-th percentile (0..100) of @values (sorted in place). */
double   bench_percentile (GArray *values, double p);

/* Spawns @argv (stdout piped, stderr to /dev/null unless BENCH_VERBOSE is
 * set) and returns it once its first stdout line, the URL, has been read. */
GSubprocess *bench_spawn_url (const char * const *argv,
                              char              **url,
                              GError            **error);
/* SIGTERM and wait. */
void         bench_stop      (GSubprocess *process);

/* A blocking request; returns the body (NULL on a transport error) and the
 * status in *@status. @body may be NULL (no request body). */
GBytes  *bench_http (SoupSession *session,
                     const char  *method,
                     const char  *url,
                     const char  *token,
                     const char  *body,
                     guint       *status,
                     GError     **error);

/* POST /api/v1/session; returns the token. */
char    *bench_login (SoupSession *session,
                      const char  *base_url,
                      const char  *login,
                      GError     **error);

/* The value of environment variable @name; dies if it is unset. */
const char *bench_require_env (const char *name);

/* Peak and current resident set of this process in KiB (from /proc). */
gint64   bench_rss_kib      (gboolean peak);

/* Bails out of a benchmark that cannot measure (exit 1). */
G_GNUC_NORETURN void bench_die (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
