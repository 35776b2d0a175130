/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-server-fixture.h: starts the real procure-server binary (path in
 * $PROCURE_SERVER) on an ephemeral loopback port with a database in a
 * temporary directory, and talks HTTP to it with libsoup.
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char        *url;
  char        *dir;
  char        *db;
  SoupSession *session;
} TestServer;

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;     /* NULL when the body is not JSON */
} TestResponse;

/* Starts a server on @db (NULL: a new temporary database) with --demo if
 * @demo; extra arguments in @extra (NULL-terminated, may be NULL). */
TestServer   *test_server_start       (const char *db, gboolean demo, const char * const *extra);
/* SIGTERM, then waits; asserts a clean exit. Keeps the directory. */
void          test_server_stop        (TestServer *server);
/* Stops if running and removes the temporary directory. */
void          test_server_free        (TestServer *server);

/* Sends a request. @body is JSON text or NULL; @headers are name/value
 * pairs, NULL-terminated, may be NULL. Content-Type defaults to
 * application/json when there is a body. */
TestResponse *test_request            (TestServer *server, const char *method, const char *path,
                                       const char *token, const char *body,
                                       const char * const *headers);
/* The same, returning NULL with @error set when no answer came. */
TestResponse *test_try_request        (TestServer *server, const char *method, const char *path,
                                       const char *token, const char *body,
                                       const char * const *headers, GError **error);
TestResponse *test_get                (TestServer *server, const char *path, const char *token);
/* An order action with If-Match. */
TestResponse *test_action             (TestServer *server, const char *token, const char *order_id,
                                       const char *action, const char *if_match, const char *body);
void          test_response_free      (TestResponse *response);
/* Signs in a demo user (password "demo") and returns the token. */
char         *test_login              (TestServer *server, const char *login);

/* JSON helpers on objects. */
const char   *test_json_string        (JsonNode *node, const char *member);
gint64        test_json_int           (JsonNode *node, const char *member);
JsonArray    *test_json_array         (JsonNode *node, const char *member);
JsonNode     *test_json_member        (JsonNode *node, const char *member);
/* The error code of an error response. */
const char   *test_error_code         (TestResponse *response);
const char   *test_error_field        (TestResponse *response);
char         *test_etag               (TestResponse *response);

/* Asserts @response has @status; prints the body otherwise. */
#define test_assert_status(response, expected) \
  test_assert_status_impl ((response), (expected), __FILE__, __LINE__)
void          test_assert_status_impl (TestResponse *response, guint expected, const char *file, int line);

/* Demo helpers: the id of the first demo order in @status of @account_id
 * (as listed by @token), or NULL. */
char         *test_find_order         (TestServer *server, const char *token, const char *account_id,
                                       const char *status);
/* A unique valid ICCID/IMSI/MSISDN set as a JSON array of @count SIMs. */
char         *test_sims_json          (guint first, guint count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

G_END_DECLS
