/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The store below the HTTP layer, on a real SQLite file: the session cache
 * (expiry, sign-out, its time limit, and no cache when the store may not
 * keep one), group commit (writes of many requests in one transaction)
 * and the shared row codec (pages, cursors, LIKE patterns, documents).
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "procure-store-codec.h"
#include "procure-store-sqlite-private.h"

typedef struct {
  char         *dir;
  ProcureStore *store;
  char         *user_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ProcureUser) user = procure_user_new ();

  fixture->dir = g_dir_make_tmp ("procure-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = procure_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  user->login = g_strdup ("ada");
  user->name = g_strdup ("Ada Admin");
  user->role = PROCURE_ROLE_ADMIN;
  g_assert_true (fixture->store->vtable->user_create (fixture->store, user, "hash", &error));
  g_assert_no_error (error);
  fixture->user_id = g_strdup (user->id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  procure_store_close (fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/store.db%s", fixture->dir, suffixes[i]);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->user_id);
}

static void
create_session (Fixture    *fixture,
                const char *hash,
                gint64      expires_at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fixture->store->vtable->session_create (fixture->store, hash, fixture->user_id,
                                                          expires_at, &error));
  g_assert_no_error (error);
}

/* Asserts whether the session @hash is live at @now. */
static void
assert_session (Fixture    *fixture,
                const char *hash,
                gint64      now,
                gboolean    live)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureUser) user = procure_store_session_user (fixture->store, hash, now, &error);

  if (live)
    {
      g_assert_no_error (error);
      g_assert_nonnull (user);
      g_assert_cmpstr (user->id, ==, fixture->user_id);
      g_assert_cmpstr (user->login, ==, "ada");
      g_assert_cmpint (user->role, ==, PROCURE_ROLE_ADMIN);
      g_assert_null (user->account_id);
    }
  else
    {
      g_assert_null (user);
      g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_NOT_FOUND);
    }
}

static void
test_session_expiry (Fixture       *fixture,
                     gconstpointer  data)
{
  create_session (fixture, "h-expiry", 1000);
  assert_session (fixture, "h-expiry", 990, TRUE);    /* read from the database, cached */
  assert_session (fixture, "h-expiry", 999, TRUE);    /* from the cache */
  assert_session (fixture, "h-expiry", 1000, FALSE);  /* expired, cached or not */
  assert_session (fixture, "h-expiry", 5000, FALSE);
}

static void
test_session_delete (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create_session (fixture, "h-one", 100000);
  create_session (fixture, "h-two", 100000);
  assert_session (fixture, "h-one", 10, TRUE);
  assert_session (fixture, "h-two", 10, TRUE);
  g_assert_true (procure_store_session_delete (fixture->store, "h-one", &error));
  g_assert_no_error (error);
  assert_session (fixture, "h-one", 11, FALSE);
  assert_session (fixture, "h-two", 11, TRUE);
}

/* A session removed behind the store's back (another program on the file)
 * is trusted from memory for PROCURE_SESSION_CACHE_SECONDS at most; a store
 * that may not cache asks the database every time. */
static void
test_session_cache_limit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  create_session (fixture, "h-limit", 100000);
  assert_session (fixture, "h-limit", 10, TRUE);
  g_assert_true (fixture->store->vtable->session_delete (fixture->store, "h-limit", &error));
  g_assert_no_error (error);
  assert_session (fixture, "h-limit", 10 + PROCURE_SESSION_CACHE_SECONDS - 1, TRUE);
  assert_session (fixture, "h-limit", 10 + PROCURE_SESSION_CACHE_SECONDS, FALSE);

  fixture->store->cache_sessions = FALSE;
  create_session (fixture, "h-uncached", 100000);
  assert_session (fixture, "h-uncached", 10, TRUE);
  g_assert_true (fixture->store->vtable->session_delete (fixture->store, "h-uncached", &error));
  g_assert_no_error (error);
  assert_session (fixture, "h-uncached", 10, FALSE);
}

/* ---------- group commit ---------- */

typedef struct {
  guint      opened;
  GPtrArray *events;   /* "kind object_id" of every commit-hook call */
} GroupLog;

static void
group_opened (ProcureStore *store,
              gpointer      user_data)
{
  ((GroupLog *) user_data)->opened++;
}

static void
group_committed (ProcureStore       *store,
                 const ProcureEvent *event,
                 gpointer            user_data)
{
  g_ptr_array_add (((GroupLog *) user_data)->events,
                   g_strdup_printf ("%s %s", event->kind, event->object_id));
}

/* How many accounts another connection to the file sees: what is durable. */
static int
durable_accounts (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "store.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM accounts", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static ProcureAccount *
new_account (const char *name)
{
  ProcureAccount *account = procure_account_new ();

  account->name = g_strdup (name);
  account->currency = g_strdup ("EUR");
  return account;
}

static ProcureAccount *
save_account (Fixture    *fixture,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  ProcureAccount *account = new_account (name);

  g_assert_true (fixture->store->vtable->account_save (fixture->store, account, &error));
  g_assert_no_error (error);
  return account;
}

/* Group commit on, with @log told of every group opened and every event
 * committed. */
static void
watch_groups (Fixture  *fixture,
              GroupLog *log)
{
  log->opened = 0;
  log->events = g_ptr_array_new_with_free_func (g_free);
  procure_store_set_commit_func (fixture->store, group_committed, log);
  g_assert_true (procure_store_set_group_commit (fixture->store, group_opened, log));
}

/* Writes wait in one transaction until the flush: another connection sees
 * none of them before and all after, the commit hook runs at the flush,
 * and a write that fails inside the group undoes only its own part. */
static void
test_group_commit (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GroupLog log;
  g_autoptr(ProcureAccount) first = NULL;
  g_autoptr(ProcureAccount) second = NULL;
  g_autoptr(ProcureAccount) read = NULL;
  const char *unknown[] = { "prd-none", NULL };

  watch_groups (fixture, &log);
  g_assert_false (procure_store_unflushed (fixture->store));

  first = save_account (fixture, "First");
  g_assert_cmpuint (log.opened, ==, 1);
  g_assert_true (procure_store_unflushed (fixture->store));
  g_assert_false (fixture->store->vtable->product_assign (fixture->store, first->id, unknown, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  second = save_account (fixture, "Second");
  g_assert_cmpuint (log.opened, ==, 1);

  /* The store's own reads see the group; nobody else does, nor the hook. */
  read = fixture->store->vtable->account_get (fixture->store, second->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, "Second");
  g_assert_cmpint (durable_accounts (fixture), ==, 0);
  g_assert_cmpuint (log.events->len, ==, 0);

  g_assert_true (procure_store_flush (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_false (procure_store_unflushed (fixture->store));
  g_assert_cmpint (durable_accounts (fixture), ==, 2);
  g_assert_cmpuint (log.events->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (log.events, 0), "account "));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (log.events, 0), first->id));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (log.events, 1), second->id));
  /* Nothing open: a flush is a no-op, and the next write opens a group. */
  g_assert_true (procure_store_flush (fixture->store, &error));
  g_clear_pointer (&second, procure_account_unref);
  second = save_account (fixture, "Third");
  g_assert_cmpuint (log.opened, ==, 2);

  /* Off: the open group commits, and writes commit one by one again. */
  g_assert_true (procure_store_set_group_commit (fixture->store, NULL, NULL));
  g_assert_false (procure_store_unflushed (fixture->store));
  g_assert_cmpint (durable_accounts (fixture), ==, 3);
  g_clear_pointer (&second, procure_account_unref);
  second = save_account (fixture, "Fourth");
  g_assert_cmpint (durable_accounts (fixture), ==, 4);
  g_assert_cmpuint (log.opened, ==, 2);
  g_assert_cmpuint (log.events->len, ==, 4);
  g_ptr_array_unref (log.events);
}

/* When SQLite itself rolls the open transaction back (an I/O error or a
 * full disk does), every write of the group is gone: later writes fail
 * until the flush, which reports it, and nothing of the group is told to
 * the commit hook. The next group works again. */
static void
test_group_commit_lost (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GroupLog log;
  g_autoptr(ProcureAccount) first = NULL;
  g_autoptr(ProcureAccount) later = new_account ("Later");
  g_autoptr(ProcureAccount) after = NULL;

  watch_groups (fixture, &log);
  first = save_account (fixture, "First");
  /* What SQLite does on SQLITE_IOERR or SQLITE_FULL in a transaction. */
  g_assert_cmpint (sqlite3_exec (SQLITE_STORE (fixture->store)->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (fixture->store->vtable->account_save (fixture->store, later, &error));
  g_assert_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (procure_store_unflushed (fixture->store));
  g_assert_false (procure_store_flush (fixture->store, &error));
  g_assert_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (procure_store_unflushed (fixture->store));
  g_assert_cmpint (durable_accounts (fixture), ==, 0);
  g_assert_cmpuint (log.events->len, ==, 0);

  after = save_account (fixture, "After");
  g_assert_cmpuint (log.opened, ==, 2);
  g_assert_true (procure_store_flush (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (durable_accounts (fixture), ==, 1);
  g_assert_cmpuint (log.events->len, ==, 1);
  g_ptr_array_unref (log.events);
}

static void
test_codec_page (void)
{
  const char *docs[] = { "{\"iccid\": \"1\"}", "{\"iccid\": \"2\"}", "{\"iccid\": \"3\"}" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *next = NULL;
  ProcureCodecPage page;
  guint added = 0;

  /* Two asked for, three rows: a full page and the cursor of its last row. */
  procure_codec_page_init (&page, 2, (ProcureCodecDecode) procure_codec_sim_from_doc,
                           (GDestroyNotify) procure_sim_free);
  while (added < 3 && procure_codec_page_add (&page, 40 - (gint64) added, docs[added], &error))
    added++;
  g_assert_no_error (error);
  items = procure_codec_page_finish (&page, &next);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((ProcureSim *) g_ptr_array_index (items, 1))->iccid, ==, "2");
  g_assert_cmpstr (next, ==, "39");
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_pointer (&next, g_free);

  /* The last page: no cursor. */
  procure_codec_page_init (&page, 5, (ProcureCodecDecode) procure_codec_sim_from_doc,
                           (GDestroyNotify) procure_sim_free);
  for (guint i = 0; i < 3; i++)
    g_assert_true (procure_codec_page_add (&page, i + 1, docs[i], &error));
  items = procure_codec_page_finish (&page, &next);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_null (next);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* A broken document fails the page. */
  procure_codec_page_init (&page, 5, (ProcureCodecDecode) procure_codec_sim_from_doc,
                           (GDestroyNotify) procure_sim_free);
  g_assert_true (procure_codec_page_add (&page, 1, docs[0], &error));
  g_assert_false (procure_codec_page_add (&page, 2, "{broken", &error));
  g_assert_nonnull (error);
  g_assert_null (procure_codec_page_finish (&page, &next));
  g_assert_null (next);
}

/* Accounts and products are parsed once per document text; every caller
 * gets its own copy, and another text is parsed again. */
static void
test_codec_memo (void)
{
  const char *doc = "{\"id\": \"prd-memo\", \"code\": \"M-1\", \"name\": \"Memo\","
                    " \"form_factor\": \"4FF\", \"features\": [\"LTE-M\"], \"unit_price\": 120,"
                    " \"currency\": \"EUR\", \"min_quantity\": 10, \"stock\": 999}";
  const char *changed = "{\"id\": \"prd-memo\", \"code\": \"M-1\", \"name\": \"Memo\","
                        " \"form_factor\": \"4FF\", \"features\": [\"LTE-M\"], \"unit_price\": 130,"
                        " \"currency\": \"EUR\", \"min_quantity\": 10, \"stock\": 999}";
  const char *account_doc = "{\"id\": \"acc-memo\", \"name\": \"Memo Ltd\", \"currency\": \"EUR\","
                            " \"addresses\": [{\"id\": \"adr-1\", \"name\": \"Dock\", \"street\": \"1 Road\","
                            " \"city\": \"Town\", \"postal_code\": \"1000\", \"country\": \"DE\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureProduct) first = NULL, second = NULL, third = NULL;
  g_autoptr(ProcureAccount) account = NULL, again = NULL;
  guint decoded = procure_codec_documents_decoded ();

  first = procure_codec_product_from_doc (doc, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procure_codec_documents_decoded (), ==, decoded + 1);
  /* A caller may change its copy; the next one does not see that. */
  g_free (first->name);
  first->name = g_strdup ("Changed by a caller");
  second = procure_codec_product_from_doc (doc, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procure_codec_documents_decoded (), ==, decoded + 1);
  g_assert_true (second != first);
  g_assert_cmpstr (second->name, ==, "Memo");
  g_assert_cmpstr (second->features[0], ==, "LTE-M");
  g_assert_cmpint (second->min_quantity, ==, 10);
  /* Stock comes from its column, not from the remembered document. */
  g_assert_cmpint (first->stock, ==, 7);
  g_assert_cmpint (second->stock, ==, 3);
  /* Another text is another product. */
  third = procure_codec_product_from_doc (changed, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procure_codec_documents_decoded (), ==, decoded + 2);
  g_assert_cmpint (third->unit_price, ==, 130);

  account = procure_codec_account_from_doc (account_doc, &error);
  g_assert_no_error (error);
  procure_address_free (g_ptr_array_steal_index (account->addresses, 0));
  again = procure_codec_account_from_doc (account_doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procure_codec_documents_decoded (), ==, decoded + 3);
  g_assert_cmpuint (again->addresses->len, ==, 1);
  g_assert_cmpstr (procure_account_find_address (again, "adr-1")->city, ==, "Town");
  g_assert_cmpstr (again->name, ==, "Memo Ltd");

  /* A broken document is an error every time, and is not remembered. */
  g_assert_null (procure_codec_account_from_doc ("{broken", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (procure_codec_account_from_doc ("{broken", &error));
  g_assert_nonnull (error);
}

static void
test_codec_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = procure_codec_like_pattern ("50%_A\\b");
  const char *columns[] = { "usr-1", "pat", "Pat Purchaser", "purchaser", NULL };
  g_autoptr(ProcureUser) user = procure_codec_user_from_columns (columns);
  g_autoptr(ProcureProduct) product = NULL;
  gint64 cursor = -1;

  g_assert_cmpstr (pattern, ==, "%50\\%\\_a\\\\b%");
  g_assert_true (procure_codec_parse_cursor (NULL, &cursor, &error));
  g_assert_cmpint (cursor, ==, 0);
  g_assert_true (procure_codec_parse_cursor ("17", &cursor, &error));
  g_assert_cmpint (cursor, ==, 17);
  g_assert_false (procure_codec_parse_cursor ("-3", &cursor, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_clear_error (&error);

  g_assert_cmpstr (user->login, ==, "pat");
  g_assert_cmpint (user->role, ==, PROCURE_ROLE_PURCHASER);
  g_assert_null (user->account_id);

  /* The stock column wins over the document's copy. */
  product = procure_codec_product_from_doc ("{\"id\": \"prd-1\", \"code\": \"X\", \"stock\": 5}", 42, &error);
  g_assert_no_error (error);
  g_assert_cmpint (product->stock, ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/store/session-expiry", Fixture, NULL,
              fixture_set_up, test_session_expiry, fixture_tear_down);
  g_test_add ("/server/store/session-delete", Fixture, NULL,
              fixture_set_up, test_session_delete, fixture_tear_down);
  g_test_add ("/server/store/session-cache-limit", Fixture, NULL,
              fixture_set_up, test_session_cache_limit, fixture_tear_down);
  g_test_add ("/server/store/group-commit", Fixture, NULL,
              fixture_set_up, test_group_commit, fixture_tear_down);
  g_test_add ("/server/store/group-commit-lost", Fixture, NULL,
              fixture_set_up, test_group_commit_lost, fixture_tear_down);
  g_test_add_func ("/server/store/codec-page", test_codec_page);
  g_test_add_func ("/server/store/codec-columns", test_codec_columns);
  g_test_add_func ("/server/store/codec-memo", test_codec_memo);
  return g_test_run ();
}
