/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers for tests against the real procure-server binary ($PROCURE_SERVER):
 * start it with --demo on a temporary database, stop and restart it on the
 * same database and port, talk to it synchronously as "another device", and
 * run the main loop until a condition holds.
 */
#pragma once

#include "procure-client.h"
#include "test-certificate.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;      /* temporary directory: database and caches */
  char        *db;
  char        *url;      /* http://127.0.0.1:PORT (https:// with tls) */
  guint16      port;
  GSubprocess *process;
  TestCertificate *tls;  /* borrowed; non-NULL: serve HTTPS with it */
} TestServer;

/* FALSE (and the test skipped) when $PROCURE_SERVER is not set. */
gboolean    test_server_start    (TestServer *server);
/* Creates the temporary directory only (to make a certificate in it before
 * test_server_start); FALSE and skipped without $PROCURE_SERVER. */
gboolean    test_server_prepare  (TestServer *server);
/* Starts it again on the same database and port. */
void        test_server_restart  (TestServer *server);
void        test_server_stop     (TestServer *server);
void        test_server_free     (TestServer *server);

/* A synchronous request (trusting server->tls, if any); returns the JSON answer (or NULL for an empty one)
 * and the status. @body is JSON text or NULL. */
JsonNode   *test_http            (TestServer  *server,
                                  const char  *method,
                                  const char  *path,
                                  const char  *token,
                                  const char  *body,
                                  const char  *if_match,
                                  guint       *out_status);
char       *test_login_token     (TestServer  *server,
                                  const char  *login);
/* Every order the user sees, following the cursor (of JsonNode objects). */
GPtrArray  *test_list_orders     (TestServer  *server,
                                  const char  *token);

/* Runs the main loop for up to ~10 ms. */
void        test_iterate         (void);

/* $PROCURE_TEST_TIMEOUT_SCALE (default 1, never below 1): sanitizer builds
 * run several times slower, so every time limit of a test is multiplied by
 * it (build-aux/sanitize-check sets it). */
double      test_timeout_scale   (void);

/* Runs the main loop until @cond holds; fails the test when it still does
 * not after @seconds (scaled). Returns as soon as @cond holds: no sleeps. */
#define TEST_WAIT_UNTIL(cond, seconds)                                          \
  G_STMT_START {                                                                \
    double _limit = (double) (seconds) * test_timeout_scale ();                 \
    gint64 _end = g_get_monotonic_time () + (gint64) (_limit * G_USEC_PER_SEC); \
    while (!(cond) && g_get_monotonic_time () < _end)                           \
      test_iterate ();                                                          \
    if (!(cond))                                                                \
      g_error ("timed out after %.1f s waiting for %s", _limit, #cond);         \
  } G_STMT_END

G_END_DECLS
