/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers for tests against the real procure-server binary ($PROCURE_SERVER):
 * start it with --demo on a temporary database, stop and restart it on the
 * same database and port, talk to it synchronously as "another device", and
 * run the main loop until a condition holds.
 */
#pragma once

#include "procure-client.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;      /* temporary directory: database and caches */
  char        *db;
  char        *url;      /* http://127.0.0.1:PORT */
  guint16      port;
  GSubprocess *process;
} TestServer;

/* FALSE (and the test skipped) when $PROCURE_SERVER is not set. */
gboolean    test_server_start    (TestServer *server);
/* Starts it again on the same database and port. */
void        test_server_restart  (TestServer *server);
void        test_server_stop     (TestServer *server);
void        test_server_free     (TestServer *server);

/* A synchronous request; returns the JSON answer (or NULL for an empty one)
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

#define TEST_WAIT_UNTIL(cond, seconds)                                          \
  G_STMT_START {                                                                \
    gint64 _end = g_get_monotonic_time () + (gint64) ((seconds) * G_USEC_PER_SEC); \
    while (!(cond) && g_get_monotonic_time () < _end)                           \
      test_iterate ();                                                          \
    if (!(cond))                                                                \
      g_error ("timed out after %.1f s waiting for %s", (double) (seconds), #cond); \
  } G_STMT_END

G_END_DECLS
