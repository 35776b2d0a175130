/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-load: drives the real procure-server with concurrent clients
 * doing the order workflow, optionally killing the server with SIGKILL at
 * random moments, and then proves that nothing acknowledged was lost and
 * nothing was done twice. Prints TAP (one test point per promise) with the
 * figures as comments.
 *
 *   purchasers  POST /orders (Idempotency-Key) then submit; now and then
 *               they send the same creation again and expect the same order
 *   approvers   list pending_approval orders, approve one (If-Match)
 *   agents      list submitted orders, accept one with a new PO number
 *
 * Every client signs in once (its own session token) and keeps one
 * connection. A request that fails on the wire is sent again, unchanged
 * (same key, same body), until it gets an answer.
 */
#define G_LOG_DOMAIN "procure-load"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#define RETRY_MS        50
#define EMPTY_POLL_MS   25
#define GRACE_SECONDS   20

typedef enum { ROLE_PURCHASER, ROLE_APPROVER, ROLE_AGENT } Role;
typedef enum { OP_CREATE, OP_REPEAT, OP_SUBMIT, OP_LIST, OP_APPROVE, OP_ACCEPT } OpKind;

typedef struct _Run Run;

/* What the server acknowledged about one order. */
typedef struct {
  char   *status;
  gint64  version;
  char   *key;          /* of its creation */
  char   *body;
  char   *token;        /* of a session of its creator (not owned) */
  gboolean ambiguous;   /* a later request on it lost its answer */
} Acked;

typedef struct {
  OpKind  kind;
  char   *method;
  char   *path;
  char   *body;
  char   *key;
  char   *if_match;
  char   *order_id;
  guint   lost;         /* answers lost on the wire so far */
} Op;

typedef struct {
  Run         *run;
  guint        index;
  Role         role;
  const char  *login;
  char        *token;
  SoupSession *session;
  SoupMessage *msg;
  Op          *op;
  gint64       sent_at;
  guint64      serial;
  guint        creations;
  gboolean     busy;
} Client;

typedef struct {
  guint64 requests, answered_in_window, status_2xx, status_5xx, status_429;
  guint64 conflicts, unexpected, transport;
  guint64 creates, repeats, repeats_same, submits, approvals, accepts, empty_polls;
  guint64 duplicates;
  guint64 resent_creations, resent_replayed, resent_conflicts, resent_submit_conflicts;
  guint64 connections;
  guint   kills, integrity_failures, missing_after_restart, retry_mismatch_after_restart;
  guint   first_unexpected;
} Counters;

struct _Run {
  /* options */
  guint        n_clients;
  double       seconds;
  guint        kills;
  double       kill_min, kill_max;
  char        *binary;
  char       **server_args;
  gboolean     keep;
  /* server */
  GSubprocess *server;
  char        *url;
  char        *dir;
  char        *db;
  SoupSession *sync;
  /* state */
  GMainLoop   *loop;
  GPtrArray   *clients;
  GRand       *rand;
  gint64       started, deadline;
  gboolean     stopping;
  guint        tag;
  guint        po_counter;
  char        *product_acme, *product_globex, *address_acme, *address_globex;
  GHashTable  *orders;         /* id -> Acked */
  GHashTable  *keys;           /* creation key -> id */
  GArray      *latencies;      /* ms of answered requests in the window */
  Counters     n;
  double       server_cpu;     /* seconds, summed over every incarnation */
  guint        tap;
  gboolean     all_ok;
};

static void client_next (Client *client);
static void client_send (Client *client);

/* ---------- small helpers ---------- */

static void
acked_free (gpointer data)
{
  Acked *acked = data;

  g_free (acked->status);
  g_free (acked->key);
  g_free (acked->body);
  g_free (acked);
}

static void
op_free (Op *op)
{
  if (op == NULL)
    return;
  g_free (op->method);
  g_free (op->path);
  g_free (op->body);
  g_free (op->key);
  g_free (op->if_match);
  g_free (op->order_id);
  g_free (op);
}

static void
tap (Run        *run,
     gboolean    ok,
     const char *format,
     ...) G_GNUC_PRINTF (3, 4);

static void
tap (Run        *run,
     gboolean    ok,
     const char *format,
     ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s %u - %s\n", ok ? "ok" : "not ok", ++run->tap, text);
  fflush (stdout);
  run->all_ok &= ok;
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *member = object ? json_object_get_member (object, name) : NULL;

  return member && JSON_NODE_HOLDS_VALUE (member) ? json_node_get_string (member) : NULL;
}

static gint64
member_int (JsonNode   *node,
            const char *name)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return object && json_object_has_member (object, name) ? json_object_get_int_member (object, name) : -1;
}

static SoupMessage *
build_message (const char *url,
               const char *method,
               const char *path,
               const char *token,
               const char *body,
               const char *key,
               const char *if_match)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* A synchronous request (setup and checks); NULL JSON when it failed. */
static JsonNode *
request_sync (Run        *run,
              const char *method,
              const char *path,
              const char *token,
              const char *body,
              const char *key,
              guint      *status)
{
  g_autoptr(SoupMessage) msg = build_message (run->url, method, path, token, body, key, NULL);
  g_autoptr(GBytes) bytes = soup_session_send_and_read (run->sync, msg, NULL, NULL);

  *status = soup_message_get_status (msg);
  return parse_json (bytes);
}

/* ---------- the server ---------- */

/* The server dies with this program, even when it aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
start_server (Run     *run,
              gboolean demo)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *log = g_build_filename (run->dir, "server.log", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) run->binary);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, run->db);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  for (guint i = 0; run->server_args != NULL && run->server_args[i] != NULL; i++)
    g_ptr_array_add (argv, run->server_args[i]);
  if (demo)
    g_ptr_array_add (argv, (char *) "--demo");
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Appends, so the log of every incarnation stays. */
  g_subprocess_launcher_take_stderr_fd (launcher, g_open (log, O_WRONLY | O_CREAT | O_APPEND, 0644));
  run->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (run->server == NULL)
    {
      g_printerr ("procure-load: %s\n", error->message);
      return FALSE;
    }
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->server));
  g_free (run->url);
  run->url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (run->url == NULL || !g_str_has_prefix (run->url, "http://"))
    {
      g_printerr ("procure-load: the server did not print its URL (see %s)\n", log);
      return FALSE;
    }
  return TRUE;
}

/* User + system CPU seconds the server has used so far (Linux /proc). */
static double
server_cpu_seconds (Run *run)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (run->server));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after_name = strrchr (text, ')')) == NULL)
    return 0;
  /* Fields after "(comm)": state is the 3rd of stat, utime the 14th. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
kill_server (Run *run)
{
  run->server_cpu += server_cpu_seconds (run);
  g_subprocess_force_exit (run->server);
  g_subprocess_wait (run->server, NULL, NULL);
  g_clear_object (&run->server);
  g_clear_pointer (&run->url, g_free);
}

static gboolean
stop_server (Run *run)
{
  gboolean clean;

  g_subprocess_send_signal (run->server, SIGTERM);
  g_subprocess_wait (run->server, NULL, NULL);
  clean = g_subprocess_get_if_exited (run->server) && g_subprocess_get_exit_status (run->server) == 0;
  g_clear_object (&run->server);
  g_clear_pointer (&run->url, g_free);
  return clean;
}

/* ---------- the database, read directly ---------- */

static gboolean
integrity_ok (Run *run)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (run->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Every acknowledged order is in the orders table at its acknowledged
 * version or a later one; returns how many are not. */
static guint
count_missing_in_db (Run *run)
{
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  const char *id;
  Acked *acked;
  guint missing = 0;

  if (sqlite3_open_v2 (run->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT id, version FROM orders", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return g_hash_table_size (run->orders);
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (stored, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER ((int) sqlite3_column_int64 (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_hash_table_iter_init (&iter, run->orders);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &acked))
    {
      gpointer version;

      if (!g_hash_table_lookup_extended (stored, id, NULL, &version)
          || GPOINTER_TO_INT (version) < acked->version)
        missing++;
    }
  return missing;
}

/* ---------- the crash schedule ---------- */

/* The newest acknowledged creation, sent once more, must come back as the
 * same order. */
static gboolean
retry_last_creation (Run *run)
{
  GHashTableIter iter;
  const char *key, *id, *last_id = NULL;
  guint status;

  g_hash_table_iter_init (&iter, run->keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &id))
    if (last_id == NULL || strlen (id) > strlen (last_id)
        || (strlen (id) == strlen (last_id) && strcmp (id, last_id) > 0))
      last_id = id;
  if (last_id == NULL)
    return TRUE;
  {
    Acked *acked = g_hash_table_lookup (run->orders, last_id);
    g_autoptr(JsonNode) answer = request_sync (run, "POST", "/api/v1/orders", acked->token,
                                               acked->body, acked->key, &status);
    return status == 201 && g_strcmp0 (member_string (answer, "id"), last_id) == 0;
  }
}

static gboolean kill_cb (gpointer user_data);

static void
schedule_kill (Run *run)
{
  guint ms = (guint) (g_rand_double_range (run->rand, run->kill_min, run->kill_max) * 1000);

  g_timeout_add (ms, kill_cb, run);
}

static gboolean
kill_cb (gpointer user_data)
{
  Run *run = user_data;

  kill_server (run);
  run->n.kills++;
  if (!integrity_ok (run))
    run->n.integrity_failures++;
  run->n.missing_after_restart += count_missing_in_db (run);
  if (!start_server (run, FALSE))
    g_error ("procure-load: could not restart the server");
  if (!retry_last_creation (run))
    run->n.retry_mismatch_after_restart++;
  if (run->n.kills < run->kills)
    schedule_kill (run);
  else
    run->deadline = MIN (run->deadline, g_get_monotonic_time () + G_USEC_PER_SEC);
  return G_SOURCE_REMOVE;
}

/* ---------- acknowledgements ---------- */

static void
acknowledge (Run      *run,
             JsonNode *order)
{
  const char *id = member_string (order, "id");
  Acked *acked = id ? g_hash_table_lookup (run->orders, id) : NULL;
  gint64 version = member_int (order, "version");

  if (acked == NULL || version < acked->version)
    return;
  g_free (acked->status);
  acked->status = g_strdup (member_string (order, "status"));
  acked->version = version;
}

static void
acknowledge_creation (Client   *client,
                      JsonNode *order)
{
  Run *run = client->run;
  const char *id = member_string (order, "id");
  const char *known = g_hash_table_lookup (run->keys, client->op->key);
  Acked *acked;

  if (known != NULL)
    {
      if (g_strcmp0 (known, id) != 0)
        run->n.duplicates++;
      return;
    }
  acked = g_new0 (Acked, 1);
  acked->status = g_strdup (member_string (order, "status"));
  acked->version = member_int (order, "version");
  acked->key = g_strdup (client->op->key);
  acked->body = g_strdup (client->op->body);
  acked->token = client->token;
  g_hash_table_insert (run->orders, g_strdup (id), acked);
  g_hash_table_insert (run->keys, g_strdup (client->op->key), g_strdup (id));
}

/* ---------- what each client sends ---------- */

static Op *
op_new (OpKind      kind,
        const char *method,
        char       *path,
        char       *body,
        char       *key)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->method = g_strdup (method);
  op->path = path;
  op->body = body;
  op->key = key;
  return op;
}

static Op *
creation_op (Client *client)
{
  Run *run = client->run;
  gboolean acme = g_str_equal (client->login, "pat");
  /* Every other Acme order is worth 1,200.00 EUR: at or above the approval
   * threshold (1,000.00), below the second one. */
  gint64 quantity = acme && client->creations++ % 2 ? 400 : 10;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);
  char *key = g_strdup_printf ("load-%u-c%u-%" G_GUINT64_FORMAT, run->tag, client->index, client->serial++);

  date = g_date_time_format (later, "%Y-%m-%d");
  return op_new (OP_CREATE, "POST", g_strdup ("/api/v1/orders"),
                 g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": %" G_GINT64_FORMAT "}],"
                                  " \"address_id\": \"%s\", \"requested_ship_date\": \"%s\", \"notes\": \"%s\"}",
                                  acme ? run->product_acme : run->product_globex, quantity,
                                  acme ? run->address_acme : run->address_globex, date, key),
                 key);
}

static Op *
action_op (Client     *client,
           OpKind      kind,
           const char *order_id,
           gint64      version,
           const char *action,
           char       *body)
{
  Op *op = op_new (kind, "POST", g_strdup_printf ("/api/v1/orders/%s/actions/%s", order_id, action),
                   body, g_strdup_printf ("load-%u-c%u-%s-%" G_GUINT64_FORMAT, client->run->tag,
                                          client->index, action, client->serial++));

  op->order_id = g_strdup (order_id);
  op->if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  return op;
}

static Op *
list_op (Client *client)
{
  const char *status = client->role == ROLE_APPROVER ? "pending_approval" : "submitted";

  return op_new (OP_LIST, "GET", g_strdup_printf ("/api/v1/orders?status=%s&limit=50", status), NULL, NULL);
}

static Op *
first_op (Client *client)
{
  return client->role == ROLE_PURCHASER ? creation_op (client) : list_op (client);
}

/* Picks a random listed order and decides on it. */
static Op *
decision_op (Client   *client,
             JsonNode *list)
{
  JsonObject *object = list && JSON_NODE_HOLDS_OBJECT (list) ? json_node_get_object (list) : NULL;
  JsonArray *items = object && json_object_has_member (object, "items")
                     ? json_object_get_array_member (object, "items") : NULL;
  g_autofree char *prefix = g_strdup_printf ("load-%u-", client->run->tag);
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  JsonNode *item;
  Run *run = client->run;

  /* Only this run's orders: the demo's own are no part of the ledger. */
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      const char *notes = member_string (json_array_get_element (items, i), "notes");
      if (notes != NULL && g_str_has_prefix (notes, prefix))
        g_ptr_array_add (ours, json_array_get_element (items, i));
    }
  if (ours->len == 0)
    return NULL;
  item = g_ptr_array_index (ours, g_rand_int_range (run->rand, 0, (gint32) ours->len));
  if (client->role == ROLE_APPROVER)
    return action_op (client, OP_APPROVE, member_string (item, "id"), member_int (item, "version"),
                      "approve", g_strdup ("{}"));
  return action_op (client, OP_ACCEPT, member_string (item, "id"), member_int (item, "version"), "accept",
                    g_strdup_printf ("{\"number\": \"9%04u%08u\"}", run->tag, ++run->po_counter));
}

/* ---------- the client loop ---------- */

static gboolean
resend_cb (gpointer user_data)
{
  client_send (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
next_cb (gpointer user_data)
{
  client_next (user_data);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish (Run *run)
{
  for (guint i = 0; i < run->clients->len; i++)
    if (((Client *) g_ptr_array_index (run->clients, i))->busy)
      return;
  g_main_loop_quit (run->loop);
}

static void
set_op (Client *client,
        Op     *op)
{
  op_free (client->op);
  client->op = op;
}

/* Moves on after an answer: @next is the follow-up, or NULL to start over. */
static void
advance (Client *client,
         Op     *next)
{
  set_op (client, next);
  if (next != NULL)
    client_send (client);
  else
    client_next (client);
}

static void
count_status (Client *client,
              guint   status,
              gboolean conflict_expected)
{
  Run *run = client->run;

  if (status >= 200 && status < 300)
    run->n.status_2xx++;
  else if (status >= 500)
    run->n.status_5xx++;
  else if (status == 429)
    run->n.status_429++;
  else if ((status == 409 || status == 412) && (conflict_expected || client->op->lost > 0))
    run->n.conflicts++;
  else
    {
      run->n.unexpected++;
      if (run->n.first_unexpected == 0)
        {
          run->n.first_unexpected = status;
          g_printerr ("procure-load: %s %s answered %u\n", client->op->method, client->op->path, status);
        }
    }
}

static void
answer_creation (Client      *client,
                 SoupMessage *msg,
                 JsonNode    *json)
{
  Run *run = client->run;
  Op *op = client->op;
  guint status = soup_message_get_status (msg);

  count_status (client, status, FALSE);
  if (op->lost > 0)
    {
      /* Resent after its answer was lost: either the first attempt never
       * committed, or this is its answer replayed. */
      run->n.resent_creations++;
      run->n.resent_replayed += g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                       "Idempotent-Replayed"), "true") == 0;
    }
  if (status != 201)
    {
      advance (client, NULL);
      return;
    }
  run->n.creates++;
  acknowledge_creation (client, json);
  if (g_rand_int_range (run->rand, 0, 8) == 0)
    {
      op->kind = OP_REPEAT;
      op->lost = 0;
      client_send (client);
      return;
    }
  advance (client, action_op (client, OP_SUBMIT, member_string (json, "id"),
                              member_int (json, "version"), "submit", NULL));
}

/* The same creation sent again must answer the same order. */
static void
answer_repeat (Client   *client,
               guint     status,
               JsonNode *json)
{
  Run *run = client->run;

  count_status (client, status, FALSE);
  run->n.repeats++;
  if (status == 201 && g_strcmp0 (g_hash_table_lookup (run->keys, client->op->key), member_string (json, "id")) == 0)
    run->n.repeats_same++;
  else
    run->n.duplicates++;
  if (status != 201)
    advance (client, NULL);
  else
    advance (client, action_op (client, OP_SUBMIT, member_string (json, "id"),
                                member_int (json, "version"), "submit", NULL));
}

static void
answer_action (Client   *client,
               guint     status,
               JsonNode *json)
{
  Run *run = client->run;
  Op *op = client->op;

  /* Approvers and agents race each other for the same orders. */
  count_status (client, status, op->kind != OP_SUBMIT);
  if (status == 200)
    {
      acknowledge (run, json);
      run->n.submits += op->kind == OP_SUBMIT;
      run->n.approvals += op->kind == OP_APPROVE;
      run->n.accepts += op->kind == OP_ACCEPT;
    }
  else if (op->lost > 0)
    {
      Acked *acked;

      /* Refused after a resend: a competitor got there first. Only the
       * client that created an order submits it, so a refused submit would
       * be its own first attempt, committed without its key: never, as the
       * key is recorded in the action's transaction. */
      run->n.resent_conflicts++;
      run->n.resent_submit_conflicts += op->kind == OP_SUBMIT;
      acked = g_hash_table_lookup (run->orders, op->order_id);
      if (acked != NULL)
        acked->ambiguous = TRUE;
    }
  advance (client, NULL);
}

static void
answer_list (Client   *client,
             guint     status,
             JsonNode *json)
{
  Op *next;

  count_status (client, status, FALSE);
  next = status == 200 ? decision_op (client, json) : NULL;
  if (next != NULL)
    {
      advance (client, next);
      return;
    }
  client->run->n.empty_polls++;
  g_timeout_add (EMPTY_POLL_MS, next_cb, client);
}

static void
handle_answer (Client      *client,
               SoupMessage *msg,
               JsonNode    *json)
{
  guint status = soup_message_get_status (msg);

  switch (client->op->kind)
    {
    case OP_CREATE:
      answer_creation (client, msg, json);
      break;
    case OP_REPEAT:
      answer_repeat (client, status, json);
      break;
    case OP_SUBMIT:
    case OP_APPROVE:
    case OP_ACCEPT:
      answer_action (client, status, json);
      break;
    case OP_LIST:
    default:
      answer_list (client, status, json);
      break;
    }
}

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Client *client = user_data;
  Run *run = client->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&client->msg);
  g_autoptr(JsonNode) json = NULL;
  gint64 now = g_get_monotonic_time ();

  if (bytes == NULL)
    {
      /* Lost on the wire (or the server was killed): the same request
       * again, same key and body, until it is answered. */
      if (run->n.transport++ < 3 && run->kills == 0)
        g_printerr ("procure-load: %s %s: %s\n", client->op->method, client->op->path, error->message);
      client->op->lost++;
      g_timeout_add (RETRY_MS, resend_cb, client);
      return;
    }
  if (now <= run->deadline)
    {
      double ms = (now - client->sent_at) / 1000.0;
      g_array_append_val (run->latencies, ms);
      run->n.answered_in_window++;
    }
  json = parse_json (bytes);
  handle_answer (client, msg, json);
}

/* libsoup opens a new connection for every POST (not idempotent by its
 * method), as libprocure-client's requests do too: counted, to show what
 * the server has to accept. */
static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Run *run = user_data;

  run->n.connections += event == G_SOCKET_CLIENT_CONNECTED;
}

static gboolean
send_now_cb (gpointer user_data)
{
  Client *client = user_data;
  Run *run = client->run;
  Op *op = client->op;

  if (run->url == NULL)
    {
      g_timeout_add (RETRY_MS, resend_cb, client);
      return G_SOURCE_REMOVE;
    }
  client->msg = build_message (run->url, op->method, op->path, client->token, op->body, op->key, op->if_match);
  client->sent_at = g_get_monotonic_time ();
  g_signal_connect (client->msg, "network-event", G_CALLBACK (on_network_event), run);
  run->n.requests++;
  soup_session_send_and_read_async (client->session, client->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_answer, client);
  return G_SOURCE_REMOVE;
}

/* From the main loop, not from inside the previous answer's callback:
 * there libsoup has not yet put the connection back for reuse and would
 * open a new one for every request. */
static void
client_send (Client *client)
{
  g_idle_add (send_now_cb, client);
}

static void
client_next (Client *client)
{
  Run *run = client->run;

  set_op (client, NULL);
  if (g_get_monotonic_time () >= run->deadline)
    {
      run->stopping = TRUE;
      client->busy = FALSE;
      maybe_finish (run);
      return;
    }
  client->busy = TRUE;
  set_op (client, first_op (client));
  client_send (client);
}

/* ---------- setup ---------- */

static char *
sign_in (Run        *run,
         const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"demo\"}", login);
  guint status;
  g_autoptr(JsonNode) answer = request_sync (run, "POST", "/api/v1/session", NULL, body, NULL, &status);

  if (status != 201)
    g_error ("procure-load: sign-in of %s answered %u", login, status);
  return g_strdup (member_string (answer, "token"));
}

static char *
product_and_stock (Run        *run,
                   const char *token,
                   const char *code)
{
  guint status;
  g_autoptr(JsonNode) list = request_sync (run, "GET", "/api/v1/products", token, NULL, NULL, &status);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (g_strcmp0 (member_string (item, "code"), code) == 0)
        {
          char *id = g_strdup (member_string (item, "id"));
          g_autofree char *path = g_strdup_printf ("/api/v1/products/%s", id);
          g_autoptr(JsonNode) patched = NULL;

          /* Enough stock that accepting never runs out during the run. */
          patched = request_sync (run, "PATCH", path, token, "{\"stock\": 2000000000}", NULL, &status);
          if (status != 200)
            g_error ("procure-load: raising the stock of %s answered %u", code, status);
          return id;
        }
    }
  g_error ("procure-load: no product %s", code);
}

static char *
first_address (Run        *run,
               const char *token)
{
  guint status;
  g_autoptr(JsonNode) me = request_sync (run, "GET", "/api/v1/me", token, NULL, NULL, &status);
  JsonNode *user = json_object_get_member (json_node_get_object (me), "user");
  const char *account = member_string (user ? user : me, "account_id");
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s", account);
  g_autoptr(JsonNode) node = request_sync (run, "GET", path, token, NULL, NULL, &status);
  JsonArray *addresses = json_object_get_array_member (json_node_get_object (node), "addresses");

  return g_strdup (member_string (json_array_get_element (addresses, 0), "id"));
}

/* Roles for @n clients: 40 % purchasers (pat and gale 3:2), 25 % approvers
 * (morgan and quinn), the rest agents (sam). */
static void
add_clients (Run *run)
{
  guint n_purchasers = MAX (1, run->n_clients * 2 / 5);
  guint n_approvers = MAX (1, run->n_clients / 4);
  g_autoptr(GHashTable) tokens = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < run->n_clients; i++)
    {
      Client *client = g_new0 (Client, 1);

      client->run = run;
      client->index = i;
      if (i < n_purchasers)
        {
          client->role = ROLE_PURCHASER;
          client->login = i % 5 < 3 ? "pat" : "gale";
        }
      else if (i < n_purchasers + n_approvers)
        {
          client->role = ROLE_APPROVER;
          client->login = i % 2 ? "morgan" : "quinn";
        }
      else
        {
          client->role = ROLE_AGENT;
          client->login = "sam";
        }
      /* One sign-in per client: its own session, as 50 apps would have. */
      client->token = sign_in (run, client->login);
      client->session = soup_session_new_with_options ("max-conns-per-host", 1, "timeout", 30, NULL);
      g_ptr_array_add (run->clients, client);
      g_hash_table_insert (tokens, (gpointer) client->login, client->token);
    }
  run->product_acme = product_and_stock (run, g_hash_table_lookup (tokens, "sam"), "EU-ESIM");
  run->product_globex = product_and_stock (run, g_hash_table_lookup (tokens, "sam"), "UK-4FF-NANO");
  run->address_acme = first_address (run, g_hash_table_lookup (tokens, "pat"));
  run->address_globex = first_address (run, g_hash_table_lookup (tokens, "gale") ? g_hash_table_lookup (tokens, "gale")
                                                                                  : g_hash_table_lookup (tokens, "pat"));
}

static void
client_free (gpointer data)
{
  Client *client = data;

  op_free (client->op);
  g_clear_object (&client->session);
  g_free (client->token);
  g_free (client);
}

/* ---------- the final check, through the API ---------- */

typedef struct {
  guint listed, seen_acked, lost, status_mismatch, duplicated_keys, unacked_created;
} Final;

static void
check_listed_order (Run        *run,
                    JsonNode   *item,
                    GHashTable *per_key,
                    Final      *final)
{
  const char *notes = member_string (item, "notes");
  g_autofree char *prefix = g_strdup_printf ("load-%u-", run->tag);
  Acked *acked = g_hash_table_lookup (run->orders, member_string (item, "id"));
  guint count;

  if (notes == NULL || !g_str_has_prefix (notes, prefix))
    return;
  final->listed++;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (per_key, notes)) + 1;
  g_hash_table_insert (per_key, g_strdup (notes), GUINT_TO_POINTER (count));
  if (count == 2)
    final->duplicated_keys++;
  if (acked == NULL)
    {
      /* Created, but the 201 never reached the client (a kill). */
      final->unacked_created++;
      return;
    }
  final->seen_acked++;
  if (member_int (item, "version") < acked->version
      || (member_int (item, "version") == acked->version
          && g_strcmp0 (member_string (item, "status"), acked->status) != 0))
    final->status_mismatch++;
  else if (member_int (item, "version") > acked->version && !acked->ambiguous && run->kills == 0)
    final->status_mismatch++;
}

static void
check_through_api (Run   *run,
                   Final *final)
{
  g_autoptr(GHashTable) per_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *token = sign_in (run, "sam");

  do
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/orders?limit=200%s%s",
                                               escaped ? "&cursor=" : "", escaped ? escaped : "");
      guint status;
      g_autoptr(JsonNode) page = request_sync (run, "GET", path, token, NULL, NULL, &status);
      JsonObject *object;
      JsonArray *items;
      JsonNode *next;

      g_clear_pointer (&cursor, g_free);
      if (status != 200 || page == NULL)
        g_error ("procure-load: listing orders answered %u", status);
      object = json_node_get_object (page);
      items = json_object_get_array_member (object, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        check_listed_order (run, json_array_get_element (items, i), per_key, final);
      next = json_object_get_member (object, "next");
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);
  final->lost = g_hash_table_size (run->orders) - final->seen_acked;
}

/* ---------- figures ---------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

static void
report (Run   *run,
        Final *final)
{
  double seconds = (run->deadline - run->started) / (double) G_USEC_PER_SEC;

  g_array_sort (run->latencies, compare_doubles);
  printf ("# clients %u, %.1f s measured, %u kills\n", run->n_clients, seconds, run->n.kills);
  printf ("# requests %" G_GUINT64_FORMAT " (%.1f req/s answered), p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
          run->n.requests, run->n.answered_in_window / seconds,
          percentile (run->latencies, 0.50), percentile (run->latencies, 0.99),
          percentile (run->latencies, 1.0));
  printf ("# server CPU %.1f s (%.0f us per answered request), load generator CPU %.1f s\n",
          run->server_cpu, run->server_cpu * 1e6 / MAX (1, run->n.status_2xx + run->n.conflicts + run->n.unexpected),
          (double) clock () / CLOCKS_PER_SEC);
  printf ("# created %" G_GUINT64_FORMAT ", submitted %" G_GUINT64_FORMAT ", approved %" G_GUINT64_FORMAT
          ", accepted %" G_GUINT64_FORMAT " (%.1f orders/s created)\n",
          run->n.creates, run->n.submits, run->n.approvals, run->n.accepts, run->n.creates / seconds);
  printf ("# repeated creations %" G_GUINT64_FORMAT " (same order %" G_GUINT64_FORMAT "), 409/412 conflicts %"
          G_GUINT64_FORMAT ", empty polls %" G_GUINT64_FORMAT ", lost on the wire and resent %" G_GUINT64_FORMAT
          ", connections opened %" G_GUINT64_FORMAT "\n",
          run->n.repeats, run->n.repeats_same, run->n.conflicts, run->n.empty_polls, run->n.transport,
          run->n.connections);
  printf ("# resent after a lost answer: creations %" G_GUINT64_FORMAT " (answered from the first attempt %"
          G_GUINT64_FORMAT "), actions refused 409/412 after a resend %" G_GUINT64_FORMAT " (submits %" G_GUINT64_FORMAT ")\n",
          run->n.resent_creations, run->n.resent_replayed, run->n.resent_conflicts,
          run->n.resent_submit_conflicts);
  printf ("# statuses: 2xx %" G_GUINT64_FORMAT ", 429 %" G_GUINT64_FORMAT ", 5xx %" G_GUINT64_FORMAT
          ", other %" G_GUINT64_FORMAT "\n",
          run->n.status_2xx, run->n.status_429, run->n.status_5xx, run->n.unexpected);
  printf ("# orders listed afterwards %u (acknowledged %u, created but unacknowledged %u)\n",
          final->listed, final->seen_acked, final->unacked_created);
}

static void
verify (Run   *run,
        Final *final)
{
  tap (run, run->n.creates > 0 && run->n.submits > 0 && run->n.approvals > 0 && run->n.accepts > 0,
       "every step of the workflow ran (created, submitted, approved, accepted)");
  tap (run, run->n.status_5xx == 0, "zero 5xx answers (%" G_GUINT64_FORMAT ")", run->n.status_5xx);
  tap (run, run->n.status_429 == 0, "zero 429 answers (%" G_GUINT64_FORMAT ")", run->n.status_429);
  tap (run, run->n.unexpected == 0, "no other unexpected status (%" G_GUINT64_FORMAT ", first %u)",
       run->n.unexpected, run->n.first_unexpected);
  if (run->kills == 0)
    tap (run, run->n.transport == 0, "no request lost on the wire without a kill (%" G_GUINT64_FORMAT ")",
         run->n.transport);
  tap (run, final->lost == 0, "zero lost: every acknowledged order exists (%u missing of %u)",
       final->lost, g_hash_table_size (run->orders));
  tap (run, final->status_mismatch == 0,
       "every order's final status matches its last acknowledged one (%u mismatches)", final->status_mismatch);
  tap (run, run->n.duplicates == 0 && final->duplicated_keys == 0 && run->n.repeats == run->n.repeats_same,
       "zero duplicated: one order per Idempotency-Key, repeats return it (%u keys with two orders)",
       final->duplicated_keys);
  if (run->kills > 0)
    {
      tap (run, run->n.kills == run->kills, "the server was killed with SIGKILL %u times", run->n.kills);
      tap (run, run->n.integrity_failures == 0, "PRAGMA integrity_check ok after every kill (%u failures)",
           run->n.integrity_failures);
      tap (run, run->n.missing_after_restart == 0,
           "after every kill each acknowledged order is in the database (%u missing)",
           run->n.missing_after_restart);
      tap (run, run->n.resent_submit_conflicts == 0,
           "a resent submit is answered from its first attempt, never refused (%" G_GUINT64_FORMAT " refused)",
           run->n.resent_submit_conflicts);
      tap (run, run->n.retry_mismatch_after_restart == 0,
           "after every restart, retrying the newest acknowledged creation returns the same order (%u not)",
           run->n.retry_mismatch_after_restart);
    }
}

/* ---------- main ---------- */

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
grace_cb (gpointer user_data)
{
  Run *run = user_data;

  g_printerr ("procure-load: clients still busy %d s after the end\n", GRACE_SECONDS);
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  Run *run = user_data;

  if (g_get_monotonic_time () < run->deadline)
    return G_SOURCE_CONTINUE;
  g_timeout_add_seconds (GRACE_SECONDS, grace_cb, run);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_options (Run    *run,
               int    *argc,
               char ***argv)
{
  g_autofree char *binary = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &run->n_clients, "Concurrent clients (default 50)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &run->seconds, "Duration without kills (default 60)", "S" },
    { "kills", 'k', 0, G_OPTION_ARG_INT, &run->kills, "Kill the server with SIGKILL this many times (default 0)", "K" },
    { "kill-min", 0, 0, G_OPTION_ARG_DOUBLE, &run->kill_min, "Shortest time between kills (default 0.2 s)", "S" },
    { "kill-max", 0, 0, G_OPTION_ARG_DOUBLE, &run->kill_max, "Longest time between kills (default 1.5 s)", "S" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &binary, "procure-server binary (default $PROCURE_SERVER)", "PATH" },
    { "server-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &run->server_args, "Pass this argument to the server too (repeatable)", "ARG" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &run->keep, "Keep the database and server log", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- load and crash test of procure-server");

  run->n_clients = 50;
  run->seconds = 60;
  run->kill_min = 0.2;
  run->kill_max = 1.5;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("procure-load: %s\n", error->message);
      return FALSE;
    }
  run->binary = binary ? g_steal_pointer (&binary) : g_strdup (g_getenv ("PROCURE_SERVER"));
  if (run->binary == NULL || run->n_clients < 3 || run->kill_min <= 0 || run->kill_max < run->kill_min)
    {
      g_printerr ("procure-load: need --server or $PROCURE_SERVER, at least 3 clients, 0 < kill-min <= kill-max\n");
      return FALSE;
    }
  return TRUE;
}

/* Everything main() made, so a sanitizer build sees no leak. */
static void
run_clear (Run *run)
{
  g_clear_pointer (&run->clients, g_ptr_array_unref);
  g_clear_pointer (&run->orders, g_hash_table_unref);
  g_clear_pointer (&run->keys, g_hash_table_unref);
  g_clear_pointer (&run->latencies, g_array_unref);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->rand, g_rand_free);
  g_clear_object (&run->sync);
  g_clear_object (&run->server);
  g_clear_pointer (&run->server_args, g_strfreev);
  g_clear_pointer (&run->binary, g_free);
  g_clear_pointer (&run->url, g_free);
  g_clear_pointer (&run->dir, g_free);
  g_clear_pointer (&run->db, g_free);
  g_clear_pointer (&run->product_acme, g_free);
  g_clear_pointer (&run->product_globex, g_free);
  g_clear_pointer (&run->address_acme, g_free);
  g_clear_pointer (&run->address_globex, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  Run run = { 0 };
  Final final = { 0 };
  gboolean clean;

  signal (SIGPIPE, SIG_IGN);
  if (!parse_options (&run, &argc, &argv))
    return 2;
  run.all_ok = TRUE;
  run.rand = g_rand_new ();
  run.tag = g_rand_int_range (run.rand, 1, 10000);
  run.dir = g_dir_make_tmp ("procure-load-XXXXXX", NULL);
  run.db = g_build_filename (run.dir, "procure.db", NULL);
  run.sync = soup_session_new_with_options ("timeout", 60, NULL);
  run.orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, acked_free);
  run.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  run.clients = g_ptr_array_new_with_free_func (client_free);
  run.loop = g_main_loop_new (NULL, FALSE);
  printf ("TAP version 13\n");
  if (!start_server (&run, TRUE))
    return 1;
  add_clients (&run);
  /* Only what the run costs: not the demo seeding nor the sign-ins. */
  run.server_cpu = -server_cpu_seconds (&run);

  run.started = g_get_monotonic_time ();
  /* With kills the run lasts until the last restart, plus a second. */
  run.deadline = run.started + (gint64) ((run.kills > 0 ? 3600 : run.seconds) * G_USEC_PER_SEC);
  if (run.kills > 0)
    schedule_kill (&run);
  g_timeout_add (100, deadline_cb, &run);
  for (guint i = 0; i < run.clients->len; i++)
    client_next (g_ptr_array_index (run.clients, i));
  g_main_loop_run (run.loop);
  run.deadline = MIN (run.deadline, g_get_monotonic_time ());
  run.server_cpu += server_cpu_seconds (&run);

  check_through_api (&run, &final);
  clean = stop_server (&run);
  report (&run, &final);
  verify (&run, &final);
  tap (&run, clean, "the server stops cleanly on SIGTERM afterwards");
  tap (&run, integrity_ok (&run), "PRAGMA integrity_check ok at the end");
  printf ("1..%u\n", run.tap);
  if (run.keep || !run.all_ok)
    printf ("# kept %s\n", run.dir);
  else
    remove_dir (run.dir);
  status = run.all_ok ? 0 : 1;
  run_clear (&run);
  return status;
}
