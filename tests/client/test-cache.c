/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cache"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "procure-client.h"
#include "procure-order-row-private.h"
#include "procure-cache-private.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("procure-cache-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->path = procure_cache_path_for (fixture->dir, "http://127.0.0.1:1", "pat");
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* An order as the server would send it; @n varies id, number and time. */
static ProcureOrder *
make_order (guint         n,
            ProcureStatus status)
{
  ProcureOrder *order = procure_order_new ();
  ProcureOrderLine *line = procure_order_line_new ();

  order->id = g_strdup_printf ("ord-%06u", n);
  order->number = status >= PROCURE_STATUS_ACCEPTED ? g_strdup_printf ("%u", 10000 + n) : NULL;
  order->account_id = g_strdup ("acc-acme");
  order->account_name = g_strdup ("Acme Logistics");
  order->status = status;
  order->version = 1 + n % 7;
  order->created_by = g_strdup ("u-pat");
  order->created_by_name = g_strdup ("Pat Purchaser");
  order->created_at = g_strdup_printf ("2026-01-01T00:%02u:%02u.%03uZ", (n / 60000) % 60, (n / 1000) % 60, n % 1000);
  order->updated_at = g_strdup (order->created_at);
  order->currency = g_strdup ("EUR");
  line->product_id = g_strdup ("prod-4ff");
  line->product_code = g_strdup ("SIM-4FF-IOT");
  line->product_name = g_strdup ("Nano IoT SIM");
  line->quantity = 10 + n;
  line->unit_price = 250;
  g_ptr_array_add (order->lines, line);
  procure_order_recompute_totals (order);
  order->notes = g_strdup ("Rooftop sensors");
  return order;
}

static void
test_orders_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureOrder) order = make_order (7, PROCURE_STATUS_ACCEPTED);
  g_autoptr(ProcureOrder) back = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  ProcureOrderRow *row;

  g_assert_no_error (error);
  g_assert_false (procure_cache_was_rebuilt (cache));
  g_assert_true (procure_cache_is_empty (cache));
  g_assert_true (procure_cache_put_order (cache, order, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (procure_cache_is_empty (cache));

  back = procure_cache_get_order (cache, "ord-000007");
  g_assert_nonnull (back);
  g_assert_cmpstr (back->number, ==, "10007");
  g_assert_cmpint (back->status, ==, PROCURE_STATUS_ACCEPTED);
  g_assert_cmpint (back->total, ==, 17 * 250);
  g_assert_cmpuint (back->lines->len, ==, 1);
  g_assert_null (procure_cache_get_order (cache, "nope"));

  rows = procure_cache_load_order_rows (cache);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (procure_order_row_get_id (row), ==, "ord-000007");
  g_assert_cmpstr (procure_order_row_get_account_name (row), ==, "Acme Logistics");
  g_assert_cmpint (procure_order_row_get_total (row), ==, 17 * 250);
  g_assert_true (procure_order_row_get_inbox (row));
  g_assert_false (procure_order_row_get_pending (row));
  g_assert_true (procure_order_row_matches (row, PROCURE_STATUS_INVALID, NULL, "nano iot"));
  g_assert_true (procure_order_row_matches (row, PROCURE_STATUS_ACCEPTED, "acc-acme", "10007"));
  g_assert_false (procure_order_row_matches (row, PROCURE_STATUS_DRAFT, NULL, NULL));
  g_assert_false (procure_order_row_matches (row, PROCURE_STATUS_INVALID, "acc-globex", NULL));
  g_assert_false (procure_order_row_matches (row, PROCURE_STATUS_INVALID, NULL, "globex"));

  g_assert_true (procure_cache_delete_order (cache, "ord-000007", &error));
  g_assert_cmpuint (procure_cache_count_orders (cache), ==, 0);
}

/* A quit with the cache still open (lists and windows hold it until the
 * process ends) checkpoints it: the log is empty, as after a clean close,
 * and everything written is in the file itself. */
static gint64
wal_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;

  return g_stat (wal, &buf) == 0 ? (gint64) buf.st_size : -1;
}

static void
test_checkpoint_empties_log (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureOrder) order = make_order (7, PROCURE_STATUS_SUBMITTED);
  g_autofree char *copy = g_strconcat (fixture->path, ".copy", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (procure_cache_put_order (cache, order, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wal_size (fixture->path), >, 0);

  g_assert_true (procure_cache_checkpoint (cache, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wal_size (fixture->path), ==, 0);

  /* the file alone (as if the log were lost) has the order */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, NULL));
  {
    g_autoptr(ProcureCache) reopened = procure_cache_open (copy, &error);
    g_autoptr(ProcureOrder) read = NULL;

    g_assert_no_error (error);
    read = procure_cache_get_order (reopened, order->id);
    g_assert_nonnull (read);
    g_assert_cmpint (read->status, ==, PROCURE_STATUS_SUBMITTED);
  }
  /* the cache stays usable */
  g_assert_true (procure_cache_set_sync_position (cache, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wal_size (fixture->path), >, 0);
}

static void
test_sync_position_persists (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ProcureCache *cache = procure_cache_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (procure_cache_get_sync_position (cache), ==, 0);
  g_assert_true (procure_cache_set_sync_position (cache, 4242, &error));
  g_assert_true (procure_cache_set_meta (cache, "user", "{\"id\":\"u\"}", &error));
  g_assert_finalize_object (cache);

  cache = procure_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (procure_cache_get_sync_position (cache), ==, 4242);
  {
    g_autofree char *user = procure_cache_get_meta (cache, "user");
    g_assert_cmpstr (user, ==, "{\"id\":\"u\"}");
  }
  g_assert_finalize_object (cache);
}

static gint64
add_entry (ProcureCache      *cache,
           ProcureOutboxKind  kind,
           const char        *order_id,
           ProcureAction      action)
{
  g_autoptr(ProcureOutboxEntry) entry = procure_outbox_entry_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  entry->kind = kind;
  entry->order_id = g_strdup (order_id);
  entry->action = action;
  entry->body = g_strdup ("{}");
  entry->base_version = 3;
  id = procure_cache_outbox_add (cache, entry, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_nonnull (entry->idempotency_key);
  return id;
}

static void
test_outbox_survives_restart (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ProcureCache *cache = procure_cache_open (fixture->path, &error);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) pending = NULL;
  gint64 first;

  first = add_entry (cache, PROCURE_OUTBOX_CREATE, "local-1", PROCURE_ACTION_INVALID);
  add_entry (cache, PROCURE_OUTBOX_ACTION, "local-1", PROCURE_ACTION_SUBMIT);
  add_entry (cache, PROCURE_OUTBOX_COMMENT, "ord-2", PROCURE_ACTION_INVALID);
  before = procure_cache_outbox_list (cache);
  g_assert_finalize_object (cache);

  cache = procure_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  after = procure_cache_outbox_list (cache);
  g_assert_cmpuint (after->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      ProcureOutboxEntry *a = g_ptr_array_index (before, i);
      ProcureOutboxEntry *b = g_ptr_array_index (after, i);

      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpstr (a->order_id, ==, b->order_id);
      g_assert_cmpint (a->action, ==, b->action);
      g_assert_cmpstr (a->idempotency_key, ==, b->idempotency_key);
      g_assert_cmpint (b->base_version, ==, 3);
      g_assert_false (b->conflict);
    }
  /* Keys are unique per entry. */
  g_assert_cmpstr (((ProcureOutboxEntry *) after->pdata[0])->idempotency_key, !=,
                   ((ProcureOutboxEntry *) after->pdata[1])->idempotency_key);

  g_assert_true (procure_cache_outbox_rename_order (cache, "local-1", "ord-1", &error));
  g_assert_true (procure_cache_outbox_remove (cache, first, &error));
  g_assert_true (procure_cache_outbox_set_conflict (cache, first + 1, TRUE, 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (procure_cache_outbox_count (cache), ==, 2);
  pending = procure_cache_outbox_pending_orders (cache);
  g_assert_cmpuint (g_hash_table_size (pending), ==, 2);
  g_assert_true (g_hash_table_contains (pending, "ord-1"));
  g_assert_true (g_hash_table_contains (pending, "ord-2"));
  g_assert_false (g_hash_table_contains (pending, "local-1"));
  {
    g_autoptr(GPtrArray) list = procure_cache_outbox_list (cache);
    ProcureOutboxEntry *held = g_ptr_array_index (list, 0);
    g_assert_true (held->conflict);
    g_assert_cmpint (held->base_version, ==, 5);
    g_assert_cmpstr (held->order_id, ==, "ord-1");
  }
  g_assert_finalize_object (cache);
}

static void
test_corrupt_file_rebuilt (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ProcureCache *cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureOrder) order = make_order (1, PROCURE_STATUS_DRAFT);
  g_autofree char *garbage = NULL;

  g_assert_true (procure_cache_put_order (cache, order, FALSE, &error));
  g_assert_finalize_object (cache);

  /* Overwrite the header and the first pages with noise. */
  garbage = g_strnfill (8192, 'x');
  g_assert_true (g_file_set_contents (fixture->path, garbage, 8192, &error));

  cache = procure_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cache);
  g_assert_true (procure_cache_was_rebuilt (cache));
  g_assert_true (procure_cache_is_empty (cache));
  g_assert_cmpint (procure_cache_get_sync_position (cache), ==, 0);
  g_assert_true (procure_cache_put_order (cache, order, FALSE, &error));
  g_assert_cmpuint (procure_cache_count_orders (cache), ==, 1);
  g_assert_finalize_object (cache);
}

static void
test_newer_version_rebuilt (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ProcureCache *cache = procure_cache_open (fixture->path, &error);
  sqlite3 *db = NULL;

  g_assert_true (procure_cache_set_sync_position (cache, 99, &error));
  g_assert_finalize_object (cache);

  /* A cache written by a newer Procure: this version cannot read it. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cache = procure_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (procure_cache_was_rebuilt (cache));
  g_assert_cmpint (procure_cache_get_sync_position (cache), ==, 0);
  g_assert_finalize_object (cache);

  /* And a current one is kept as it is. */
  cache = procure_cache_open (fixture->path, &error);
  g_assert_false (procure_cache_was_rebuilt (cache));
  g_assert_finalize_object (cache);
}

/* The first released layout, as a cache written by Procure 0.1 has it. */
static const char V1_SCHEMA[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE orders (id TEXT PRIMARY KEY, number TEXT, status INTEGER NOT NULL,"
  "  account_id TEXT, account_name TEXT, created_at TEXT, created_by TEXT,"
  "  created_by_name TEXT, total INTEGER NOT NULL DEFAULT 0, currency TEXT,"
  "  requested_ship_date TEXT, version INTEGER NOT NULL DEFAULT 0, updated_at TEXT,"
  "  inbox INTEGER NOT NULL DEFAULT 0, search TEXT, doc TEXT NOT NULL);"
  "CREATE INDEX orders_by_created ON orders (created_at DESC, id);"
  "CREATE INDEX orders_by_status ON orders (status);"
  "CREATE INDEX orders_by_account ON orders (account_id);"
  "CREATE INDEX orders_by_number ON orders (number);"
  "CREATE TABLE products (id TEXT PRIMARY KEY, code TEXT, doc TEXT NOT NULL);"
  "CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT, doc TEXT NOT NULL);"
  "CREATE TABLE sims (iccid TEXT PRIMARY KEY, imsi TEXT, msisdn TEXT, account_id TEXT,"
  "  order_id TEXT, product_id TEXT, s0 TEXT, s1 TEXT, s2 TEXT, s3 TEXT, s4 TEXT);"
  "CREATE INDEX sims_by_order ON sims (order_id);"
  "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind INTEGER NOT NULL,"
  "  order_id TEXT NOT NULL, action INTEGER NOT NULL DEFAULT -1, body TEXT,"
  "  idempotency_key TEXT NOT NULL, base_version INTEGER NOT NULL DEFAULT 0,"
  "  conflict INTEGER NOT NULL DEFAULT 0, created_at TEXT);"
  "INSERT INTO meta VALUES ('sync_position', '77');"
  "INSERT INTO orders (id, number, status, account_id, account_name, created_at, total,"
  "  currency, version, inbox, search, doc) VALUES ('ord-1', '4711', 5, 'acc-1', 'Acme',"
  "  '2026-01-01T00:00:00.000Z', 2500, 'EUR', 3, 1, '4711 acme',"
  "  '{\"id\":\"ord-1\",\"number\":\"4711\",\"account_id\":\"acc-1\",\"status\":\"accepted\","
  "  \"version\":3,\"currency\":\"EUR\",\"total\":2500}');"
  "INSERT INTO outbox (kind, order_id, action, body, idempotency_key, base_version)"
  "  VALUES (2, 'ord-1', 6, '{}', 'key-v1', 3);"
  "PRAGMA user_version = 1;";

static void
test_migrates_v1 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = NULL;
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, V1_SCHEMA, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cache = procure_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (procure_cache_was_rebuilt (cache));
  g_assert_cmpint (procure_cache_get_sync_position (cache), ==, 77);
  order = procure_cache_get_order (cache, "ord-1");
  g_assert_nonnull (order);
  g_assert_cmpstr (order->number, ==, "4711");
  g_assert_cmpint (order->version, ==, 3);
  rows = procure_cache_load_order_rows (cache);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (procure_order_row_get_pending (rows->pdata[0]));
  outbox = procure_cache_outbox_list (cache);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((ProcureOutboxEntry *) outbox->pdata[0])->idempotency_key, ==, "key-v1");

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, PROCURE_CACHE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_many_orders (Fixture       *fixture,
                  gconstpointer  data)
{
  const guint n = 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  g_assert_true (procure_cache_begin (cache, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureOrder) order = make_order (i, i % PROCURE_N_STATUSES);
      g_assert_true (procure_cache_put_order (cache, order, i % 3 == 0, &error));
    }
  g_assert_true (procure_cache_commit (cache, &error));
  g_test_message ("inserted %u orders in %.3f s", n, g_timer_elapsed (timer, NULL));

  g_timer_start (timer);
  rows = procure_cache_load_order_rows (cache);
  g_test_message ("loaded %u rows in %.3f s", rows->len, g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (rows->len, ==, n);
  /* Newest first. */
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpstr (procure_order_row_get_created_at (rows->pdata[i - 1]), >=,
                     procure_order_row_get_created_at (rows->pdata[i]));
  g_assert_cmpstr (procure_order_row_get_id (rows->pdata[0]), ==, "ord-099999");
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static void
test_row_update_notifies_changes (void)
{
  g_autoptr(ProcureOrder) order = make_order (3, PROCURE_STATUS_SUBMITTED);
  g_autoptr(ProcureOrderRow) row = procure_order_row_new_from_order (order);
  g_autoptr(ProcureOrderRow) fresh = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *label = NULL;

  g_assert_nonnull (procure_order_row_get_total_label (row));
  g_signal_connect (row, "notify", G_CALLBACK (on_notify), names);

  order->status = PROCURE_STATUS_ACCEPTED;
  order->version++;
  order->number = g_strdup ("55555");
  fresh = procure_order_row_new_from_order (order);
  procure_order_row_update_from (row, fresh);

  g_assert_true (names_contain (names, "status"));
  g_assert_true (names_contain (names, "status-label"));
  g_assert_true (names_contain (names, "number"));
  g_assert_true (names_contain (names, "version"));
  g_assert_false (names_contain (names, "total"));
  g_assert_false (names_contain (names, "account-name"));
  g_assert_false (names_contain (names, "created-at"));
  g_assert_cmpstr (procure_order_row_get_number (row), ==, "55555");
  g_object_get (row, "status-label", &label, NULL);
  g_assert_cmpstr (label, ==, procure_status_get_label (PROCURE_STATUS_ACCEPTED));
}

/* ---------- ProcureOrderList ---------- */

/* Varied orders: names in mixed case, some dates and numbers missing. */
static ProcureOrder *
make_varied_order (guint n)
{
  static const char *const accounts[] = { "Acme Logistics", "globex", "Zeta Freight", "acme logistics" };
  static const char *const creators[] = { "Pat Purchaser", "morgan Approver", "Sam Agent" };
  ProcureOrder *order = make_order (n, (n * 7) % PROCURE_N_STATUSES);

  g_free (order->account_name);
  order->account_name = g_strdup (accounts[n % G_N_ELEMENTS (accounts)]);
  g_free (order->created_by_name);
  order->created_by_name = g_strdup (creators[(n / 3) % G_N_ELEMENTS (creators)]);
  order->total = (gint64) ((n * 7919) % 1000) * 100;
  if (n % 5 != 0)
    order->requested_ship_date = g_strdup_printf ("2026-%02u-%02u", 1 + n % 12, 1 + n % 28);
  if (n % 11 == 0)
    {
      g_free (order->notes);
      order->notes = g_strdup_printf ("Hamburg trackers, batch %u", n);
    }
  return order;
}

static ProcureCache *
fill_varied_cache (Fixture *fixture,
                   guint    n)
{
  g_autoptr(GError) error = NULL;
  ProcureCache *cache = procure_cache_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_true (procure_cache_begin (cache, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProcureOrder) order = make_varied_order (i);
      g_assert_true (procure_cache_put_order (cache, order, i % 4 == 0, &error));
    }
  g_assert_true (procure_cache_commit (cache, &error));
  return cache;
}

static void
wait_loaded (ProcureOrderList *list)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  while (procure_order_list_is_loading (list) && g_timer_elapsed (timer, NULL) < 30)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (procure_order_list_is_loading (list));
}

/* The key a sort compares, as text, for checking the order independently
 * of the list's own comparison. */
static int
compare_rows_by (ProcureOrderRow  *a,
                 ProcureOrderRow  *b,
                 ProcureOrderSort  sort)
{
  int cmp = 0;

  switch (sort)
    {
    case PROCURE_ORDER_SORT_CREATED:
      cmp = g_strcmp0 (procure_order_row_get_created_at (a), procure_order_row_get_created_at (b));
      break;
    case PROCURE_ORDER_SORT_NUMBER:
      cmp = g_strcmp0 (procure_order_row_get_number (a), procure_order_row_get_number (b));
      break;
    case PROCURE_ORDER_SORT_STATUS:
      cmp = (int) procure_order_row_get_status (a) - (int) procure_order_row_get_status (b);
      break;
    case PROCURE_ORDER_SORT_ACCOUNT:
      cmp = g_ascii_strcasecmp (procure_order_row_get_account_name (a), procure_order_row_get_account_name (b));
      break;
    case PROCURE_ORDER_SORT_TOTAL:
      cmp = (procure_order_row_get_total (a) > procure_order_row_get_total (b)) -
            (procure_order_row_get_total (a) < procure_order_row_get_total (b));
      break;
    case PROCURE_ORDER_SORT_REQUESTED_DATE:
      cmp = g_strcmp0 (procure_order_row_get_requested_ship_date (a),
                       procure_order_row_get_requested_ship_date (b));
      break;
    case PROCURE_ORDER_SORT_CREATED_BY:
      cmp = g_ascii_strcasecmp (procure_order_row_get_created_by_name (a),
                                procure_order_row_get_created_by_name (b));
      break;
    default:
      g_assert_not_reached ();
    }
  return cmp != 0 ? cmp : g_strcmp0 (procure_order_row_get_id (a), procure_order_row_get_id (b));
}

static void
assert_sorted (GListModel       *model,
               ProcureOrderSort  sort,
               gboolean          descending)
{
  g_autoptr(ProcureOrderRow) previous = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (model, i);

      g_assert_nonnull (row);
      if (previous != NULL)
        {
          int cmp = compare_rows_by (previous, row, sort);
          g_assert_cmpint (descending ? -cmp : cmp, <, 0);
        }
      g_set_object (&previous, row);
    }
}

/* How many rows procure_order_row_matches() accepts: the list's SQL filter
 * must agree with it. */
static guint
count_matching (ProcureCache  *cache,
                ProcureStatus  status,
                const char    *text,
                gboolean       inbox_only)
{
  g_autoptr(GPtrArray) rows = procure_cache_load_order_rows (cache);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    if (procure_order_row_matches (rows->pdata[i], status, NULL, text) &&
        (!inbox_only || procure_order_row_get_inbox (rows->pdata[i])))
      n++;
  return n;
}

static void
check_queries (ProcureCache *cache,
               gboolean      background)
{
  static const char *const texts[] = { NULL, "hamburg tr", "GLOBEX", "ord-0001", "no such thing" };
  g_autoptr(ProcureOrderList) base = procure_order_list_new (FALSE);
  g_autoptr(ProcureOrderList) view = NULL;

  procure_order_list_set_sync_limit (background ? 0 : G_MAXUINT);
  procure_order_list_set_cache (base, cache);
  /* a big cache is read in the background, the first time too; a view
   * made meanwhile waits for the base's rows rather than reading them */
  g_assert_true (procure_order_list_is_loading (base) == background);
  view = procure_order_list_new_view (base);
  g_assert_true (procure_order_list_is_loading (view) == background);
  wait_loaded (base);
  g_assert_false (procure_order_list_is_loading (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (base)), ==, procure_cache_count_orders (cache));
  assert_sorted (G_LIST_MODEL (base), PROCURE_ORDER_SORT_CREATED, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view)), ==, procure_cache_count_orders (cache));
  assert_sorted (G_LIST_MODEL (view), PROCURE_ORDER_SORT_CREATED, TRUE);

  for (ProcureOrderSort sort = 0; sort < PROCURE_N_ORDER_SORTS; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        procure_order_list_set_sort (view, sort, descending);
        g_assert_true (procure_order_list_is_loading (view) == background);
        wait_loaded (view);
        assert_sorted (G_LIST_MODEL (view), sort, descending);
      }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (int status = PROCURE_STATUS_INVALID; status < PROCURE_N_STATUSES; status += 3)
      {
        procure_order_list_set_filter (view, status, texts[i]);
        wait_loaded (view);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (view)), ==,
                          count_matching (cache, status, texts[i], FALSE));
        assert_sorted (G_LIST_MODEL (view), PROCURE_ORDER_SORT_CREATED_BY, TRUE);
      }
  procure_order_list_set_sync_limit (20000);
}

static void
test_order_list_queries (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ProcureCache) cache = fill_varied_cache (fixture, 1500);
  g_autoptr(ProcureOrderList) inbox = procure_order_list_new (TRUE);

  check_queries (cache, FALSE);
  check_queries (cache, TRUE);
  procure_order_list_set_cache (inbox, cache);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inbox)), ==,
                    count_matching (cache, PROCURE_STATUS_INVALID, NULL, TRUE));
}

typedef struct {
  guint calls;
  guint position, removed, added;
} Changes;

static void
on_list_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static guint
position_of (GListModel *model,
             const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (model, i);
      if (g_strcmp0 (procure_order_row_get_id (row), id) == 0)
        return i;
    }
  return G_MAXUINT;
}

/* Sync writes: a shown row is updated in place, an order that moves,
 * enters or leaves is one precise change, and nothing is re-read whole. */
static void
test_order_list_live_updates (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ProcureCache) cache = fill_varied_cache (fixture, 300);
  g_autoptr(ProcureOrderList) base = procure_order_list_new (FALSE);
  g_autoptr(ProcureOrderList) by_status = NULL;
  g_autoptr(ProcureOrderList) drafts = NULL;
  g_autoptr(ProcureOrder) order = make_varied_order (42);
  g_autoptr(ProcureOrder) fresh = make_varied_order (5000);
  g_autoptr(ProcureOrderRow) row = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Changes base_changes = { 0 }, status_changes = { 0 }, draft_changes = { 0 };
  guint n, position;

  procure_order_list_set_cache (base, cache);
  by_status = procure_order_list_new_view (base);
  procure_order_list_set_sort (by_status, PROCURE_ORDER_SORT_STATUS, FALSE);
  drafts = procure_order_list_new_view (base);
  procure_order_list_set_filter (drafts, PROCURE_STATUS_DRAFT, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (base));
  g_signal_connect (base, "items-changed", G_CALLBACK (on_list_changed), &base_changes);
  g_signal_connect (by_status, "items-changed", G_CALLBACK (on_list_changed), &status_changes);
  g_signal_connect (drafts, "items-changed", G_CALLBACK (on_list_changed), &draft_changes);

  /* Order 42 changes status: same object in every list, notified once. */
  position = position_of (G_LIST_MODEL (base), "ord-000042");
  row = g_list_model_get_item (G_LIST_MODEL (base), position);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (by_status),
                                        position_of (G_LIST_MODEL (by_status), "ord-000042")) == (gpointer) row);
  g_object_unref (row);   /* the extra reference of the line above */
  g_signal_connect (row, "notify", G_CALLBACK (on_notify), names);
  order->status = order->status == PROCURE_STATUS_DRAFT ? PROCURE_STATUS_SUBMITTED : PROCURE_STATUS_DRAFT;
  order->version += 1;
  g_assert_true (procure_cache_put_order (cache, order, FALSE, &error));
  g_assert_true (names_contain (names, "status"));
  g_assert_cmpint (procure_order_row_get_status (row), ==, order->status);
  /* Not moved in the newest-first list; moved in the status-sorted one;
   * entered or left the drafts. */
  g_assert_cmpuint (base_changes.calls, ==, 0);
  g_assert_cmpuint (position_of (G_LIST_MODEL (base), "ord-000042"), ==, position);
  g_assert_cmpuint (status_changes.calls, ==, 2);
  assert_sorted (G_LIST_MODEL (by_status), PROCURE_ORDER_SORT_STATUS, FALSE);
  g_assert_cmpuint (draft_changes.calls, ==, 1);
  g_assert_cmpuint (draft_changes.removed + draft_changes.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drafts)), ==,
                    count_matching (cache, PROCURE_STATUS_DRAFT, NULL, FALSE));
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (by_status),
                                        position_of (G_LIST_MODEL (by_status), "ord-000042")) == (gpointer) row);
  g_object_unref (row);

  /* Inside a transaction the lists hear of it at commit. A new order is
   * the newest: one insertion at the top. */
  base_changes.calls = 0;
  g_assert_true (procure_cache_begin (cache, &error));
  g_assert_true (procure_cache_put_order (cache, fresh, FALSE, &error));
  g_assert_cmpuint (base_changes.calls, ==, 0);
  g_assert_true (procure_cache_commit (cache, &error));
  g_assert_cmpuint (base_changes.calls, ==, 1);
  g_assert_cmpuint (base_changes.position, ==, 0);
  g_assert_cmpuint (base_changes.removed, ==, 0);
  g_assert_cmpuint (base_changes.added, ==, 1);
  g_assert_cmpuint (position_of (G_LIST_MODEL (base), "ord-005000"), ==, 0);

  /* Deleted: one removal; the row someone still holds keeps its values. */
  base_changes.calls = 0;
  g_assert_true (procure_cache_delete_order (cache, "ord-000042", &error));
  g_assert_cmpuint (base_changes.calls, ==, 1);
  g_assert_cmpuint (base_changes.position, ==, position + 1);
  g_assert_cmpuint (base_changes.removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (base)), ==, n);
  g_assert_cmpuint (position_of (G_LIST_MODEL (by_status), "ord-000042"), ==, G_MAXUINT);
  g_assert_cmpstr (procure_order_row_get_id (row), ==, "ord-000042");

  /* Many writes at once: the list queries again and reports one range. */
  base_changes.calls = 0;
  g_assert_true (procure_cache_begin (cache, &error));
  for (guint i = 6000; i < 6100; i++)
    {
      g_autoptr(ProcureOrder) more = make_varied_order (i);
      g_assert_true (procure_cache_put_order (cache, more, FALSE, &error));
    }
  g_assert_true (procure_cache_commit (cache, &error));
  g_assert_cmpuint (base_changes.calls, ==, 1);
  g_assert_cmpuint (base_changes.added, ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (base)), ==, n + 100);
  assert_sorted (G_LIST_MODEL (by_status), PROCURE_ORDER_SORT_STATUS, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drafts)), ==,
                    count_matching (cache, PROCURE_STATUS_DRAFT, NULL, FALSE));

  /* Signed out: empty. */
  procure_order_list_set_cache (base, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (base)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drafts)), ==, 0);
}

/* The pending marker comes from the outbox, for new and live rows. */
static void
test_order_list_pending (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ProcureCache) cache = fill_varied_cache (fixture, 20);
  g_autoptr(ProcureOrderList) list = procure_order_list_new (FALSE);
  g_autoptr(ProcureOutboxEntry) entry = procure_outbox_entry_new ();
  g_autoptr(ProcureOrderRow) row = NULL;
  g_autoptr(ProcureOrderRow) again = NULL;
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  procure_order_list_set_cache (list, cache);
  row = g_list_model_get_item (G_LIST_MODEL (list), position_of (G_LIST_MODEL (list), "ord-000007"));
  g_assert_false (procure_order_row_get_pending (row));
  entry->kind = PROCURE_OUTBOX_ACTION;
  entry->order_id = g_strdup ("ord-000007");
  entry->action = PROCURE_ACTION_SUBMIT;
  entry->idempotency_key = g_strdup ("key-1");
  g_assert_cmpint (procure_cache_outbox_add (cache, entry, &error), >, 0);
  pending = procure_cache_outbox_pending_orders (cache);
  procure_cache_update_pending_rows (cache, pending, NULL);
  g_assert_true (procure_order_row_get_pending (row));

  /* A row read afresh (nobody held it) reads the flag from the outbox. */
  g_clear_object (&row);
  procure_order_list_set_cache (list, NULL);
  procure_order_list_set_cache (list, cache);
  again = g_list_model_get_item (G_LIST_MODEL (list), position_of (G_LIST_MODEL (list), "ord-000007"));
  g_assert_true (procure_order_row_get_pending (again));

  found = procure_cache_find_order_id (cache, "10007");
  g_assert_cmpstr (found, ==, procure_order_row_get_number (again) ? "ord-000007" : NULL);
  g_clear_pointer (&found, g_free);
  found = procure_cache_find_order_id (cache, "ord-000003");
  g_assert_cmpstr (found, ==, "ord-000003");
  g_assert_cmpint (procure_cache_get_order_status (cache, "ord-000003"), ==, (3 * 7) % PROCURE_N_STATUSES);
  g_assert_cmpint (procure_cache_get_order_status (cache, "nope"), ==, PROCURE_STATUS_INVALID);
}

static void
test_path_per_server_and_user (void)
{
  g_autofree char *a = procure_cache_path_for ("/c", "https://a.example", "pat");
  g_autofree char *b = procure_cache_path_for ("/c", "https://a.example", "morgan");
  g_autofree char *c = procure_cache_path_for ("/c", "https://b.example", "pat");
  g_autofree char *a2 = procure_cache_path_for ("/c", "https://a.example", "pat");
  g_autofree char *xdg = procure_cache_path_for (NULL, "https://a.example", "pat");
  g_autofree char *xdg_dir = g_build_filename (g_get_user_cache_dir (), "procure", NULL);

  g_assert_cmpstr (a, ==, a2);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_prefix (a, "/c/"));
  g_assert_true (g_str_has_prefix (xdg, xdg_dir));
}

typedef struct {
  guint position, removed, added, calls;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChanged *seen = user_data;

  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->calls++;
}

static void
put_sims (ProcureCache *cache,
          guint         first,
          guint         count,
          guint         step)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (procure_cache_begin (cache, &error));
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(ProcureSim) sim = procure_sim_new ();

      sim->iccid = g_strdup_printf ("8949%015u", first + i * step);
      sim->imsi = g_strdup_printf ("26201%010u", first + i * step);
      sim->account_id = g_strdup ("acc-acme");
      sim->order_id = g_strdup ("ord-1");
      sim->settings = procure_settings_new ();
      procure_settings_set (sim->settings, PROCURE_SETTING_PRICE_PLAN, "IOT-POOL-1GB");
      g_assert_true (procure_cache_put_sim (cache, sim, &error));
    }
  g_assert_true (procure_cache_commit (cache, &error));
}

static void
test_sim_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureSimList) list = procure_sim_list_new ();
  GListModel *model = G_LIST_MODEL (list);
  ItemsChanged seen = { 0 };
  g_autoptr(ProcureSimRow) first = NULL;
  g_autoptr(ProcureSimRow) inserted = NULL;
  g_autoptr(ProcureSimRow) last = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (g_list_model_get_item_type (model) == PROCURE_TYPE_SIM_ROW);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &seen);

  /* ICCID numbers 0, 100, ... 99900. */
  put_sims (cache, 0, 1000, 100);
  procure_sim_list_set_cache (list, cache);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, 0);
  g_assert_cmpuint (seen.added, ==, 1000);

  /* An order's block of ten, 50001..50010: between 50000 and 50100. */
  put_sims (cache, 50001, 10, 1);
  procure_sim_list_reload (list);
  g_assert_cmpuint (seen.calls, ==, 2);
  g_assert_cmpuint (seen.position, ==, 501);
  g_assert_cmpuint (seen.removed, ==, 0);
  g_assert_cmpuint (seen.added, ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1010);

  first = g_list_model_get_item (model, 0);
  inserted = g_list_model_get_item (model, 501);
  last = g_list_model_get_item (model, 1009);
  g_assert_cmpstr (procure_sim_row_get_iccid (first), ==, "8949000000000000000");
  g_assert_cmpstr (procure_sim_row_get_iccid (inserted), ==, "8949000000000050001");
  g_assert_cmpstr (procure_sim_row_get_iccid (last), ==, "8949000000000099900");
  g_assert_cmpstr (procure_sim_row_get_setting (inserted, PROCURE_SETTING_PRICE_PLAN), ==, "IOT-POOL-1GB");
  g_assert_null (g_list_model_get_item (model, 1010));

  /* Nothing changed: no signal. */
  procure_sim_list_reload (list);
  g_assert_cmpuint (seen.calls, ==, 2);

  procure_sim_list_set_cache (list, NULL);
  g_assert_cmpuint (seen.removed, ==, 1010);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

/* SIMs of one account, order and product, numbered from @first. */
static void
put_tagged_sims (ProcureCache *cache,
                 guint         first,
                 guint         count,
                 const char   *account_id,
                 const char   *order_id,
                 const char   *product_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (procure_cache_begin (cache, &error));
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(ProcureSim) sim = procure_sim_new ();

      sim->iccid = g_strdup_printf ("8949%015u", first + i);
      sim->account_id = g_strdup (account_id);
      sim->order_id = g_strdup (order_id);
      sim->product_id = g_strdup (product_id);
      sim->settings = procure_settings_new ();
      g_assert_true (procure_cache_put_sim (cache, sim, &error));
    }
  g_assert_true (procure_cache_commit (cache, &error));
}

static guint
filtered_count (ProcureCache     *cache,
                ProcureSimFilter  filter,
                const char       *value)
{
  g_autoptr(ProcureSimList) list = procure_sim_list_new_filtered (filter, value);

  procure_sim_list_set_cache (list, cache);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_sim_list_filtered (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureSimList) by_product = procure_sim_list_new_filtered (PROCURE_SIM_FILTER_PRODUCT, "prd-b");
  g_autoptr(ProcureSimRow) row = NULL;
  ItemsChanged seen = { 0 };

  /* Interleaved ICCIDs: the filtered lists still come in ICCID order. */
  put_tagged_sims (cache, 300, 5, "acc-1", "ord-2", "prd-b");
  put_tagged_sims (cache, 100, 4, "acc-1", "ord-1", "prd-a");
  put_tagged_sims (cache, 200, 3, "acc-2", "ord-3", "prd-b");

  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_NONE, NULL), ==, 12);
  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_ORDER, "ord-1"), ==, 4);
  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_ORDER, "ord-9"), ==, 0);
  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_ACCOUNT, "acc-1"), ==, 9);
  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_ACCOUNT, "acc-2"), ==, 3);
  g_assert_cmpuint (filtered_count (cache, PROCURE_SIM_FILTER_PRODUCT, "prd-a"), ==, 4);

  g_signal_connect (by_product, "items-changed", G_CALLBACK (on_items_changed), &seen);
  procure_sim_list_set_cache (by_product, cache);
  g_assert_cmpint (procure_sim_list_get_filter (by_product), ==, PROCURE_SIM_FILTER_PRODUCT);
  g_assert_cmpstr (procure_sim_list_get_filter_value (by_product), ==, "prd-b");
  g_assert_null (procure_sim_list_get_order_id (by_product));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_product)), ==, 8);
  row = g_list_model_get_item (G_LIST_MODEL (by_product), 0);
  g_assert_cmpstr (procure_sim_row_get_iccid (row), ==, "8949000000000000200");
  g_clear_object (&row);
  row = g_list_model_get_item (G_LIST_MODEL (by_product), 3);
  g_assert_cmpstr (procure_sim_row_get_iccid (row), ==, "8949000000000000300");

  /* New SIMs of another product leave it alone; of this product, they join. */
  put_tagged_sims (cache, 400, 2, "acc-2", "ord-4", "prd-a");
  procure_sim_list_reload (by_product);
  g_assert_cmpuint (seen.calls, ==, 1);
  put_tagged_sims (cache, 250, 2, "acc-2", "ord-5", "prd-b");
  procure_sim_list_reload (by_product);
  g_assert_cmpuint (seen.calls, ==, 2);
  g_assert_cmpuint (seen.position, ==, 3);
  g_assert_cmpuint (seen.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_product)), ==, 10);
  procure_sim_list_set_cache (by_product, NULL);
}

static guint
query_count (ProcureCache *cache,
             const char   *order_id,
             const char   *product_id,
             const char   *account_id,
             const char   *search)
{
  g_autoptr(ProcureSimList) list = procure_sim_list_new_query (order_id, product_id, account_id, search);

  procure_sim_list_set_cache (list, cache);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

/* Every condition at once in SQL; search is a prefix of ICCID, IMSI or
 * MSISDN with GLOB's wildcards taken literally. */
static void
test_sim_list_query (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureCache) cache = procure_cache_open (fixture->path, &error);
  g_autoptr(ProcureSimList) list = NULL;
  g_autoptr(ProcureSimRow) row = NULL;

  put_tagged_sims (cache, 300, 5, "acc-1", "ord-2", "prd-b");
  put_tagged_sims (cache, 100, 4, "acc-1", "ord-1", "prd-a");
  put_tagged_sims (cache, 200, 3, "acc-2", "ord-3", "prd-b");
  /* 600 more of one order: more than one block of rows. */
  put_tagged_sims (cache, 10000, 600, "acc-2", "ord-6", "prd-a");

  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, NULL), ==, 612);
  g_assert_cmpuint (query_count (cache, NULL, "prd-b", "acc-1", NULL), ==, 5);
  g_assert_cmpuint (query_count (cache, NULL, "prd-b", "acc-2", ""), ==, 3);
  g_assert_cmpuint (query_count (cache, "ord-1", "prd-b", NULL, NULL), ==, 0);
  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, "89490000000000003"), ==, 5);
  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, "8949000000000000"), ==, 12);
  g_assert_cmpuint (query_count (cache, NULL, "prd-a", NULL, "89490000000000100"), ==, 100);
  /* A substring that is not a prefix, and wildcards, match nothing. */
  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, "0000300"), ==, 0);
  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, "8949*"), ==, 0);
  g_assert_cmpuint (query_count (cache, NULL, NULL, NULL, "8949?"), ==, 0);

  list = procure_sim_list_new_query (NULL, NULL, "acc-2", NULL);
  g_assert_cmpint (procure_sim_list_get_filter (list), ==, PROCURE_SIM_FILTER_ACCOUNT);
  g_assert_cmpstr (procure_sim_list_get_filter_value (list), ==, "acc-2");
  procure_sim_list_set_cache (list, cache);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 603);
  /* Rows from several blocks, in ICCID order, in any order of asking;
   * the second round comes from the blocks already read. */
  for (guint round = 0; round < 2; round++)
    {
      guint positions[] = { 602, 3, 259, 258, 2 };

      for (guint k = 0; k < G_N_ELEMENTS (positions); k++)
        {
          g_autofree char *iccid = g_strdup_printf ("8949%015u", positions[k] < 3 ? 200 + positions[k]
                                                                                   : 10000 + positions[k] - 3);

          row = g_list_model_get_item (G_LIST_MODEL (list), positions[k]);
          g_assert_cmpstr (procure_sim_row_get_iccid (row), ==, iccid);
          g_assert_cmpstr (procure_sim_row_get_account_id (row), ==, "acc-2");
          g_clear_object (&row);
        }
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 603));

  g_clear_object (&list);
  list = procure_sim_list_new_query (NULL, "prd-a", "acc-2", NULL);
  g_assert_cmpint (procure_sim_list_get_filter (list), ==, PROCURE_SIM_FILTER_NONE);
  procure_sim_list_set_cache (list, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/cache/sim-list-query", Fixture, NULL,
              fixture_setup, test_sim_list_query, fixture_teardown);
  g_test_add ("/client/cache/orders-round-trip", Fixture, NULL,
              fixture_setup, test_orders_round_trip, fixture_teardown);
  g_test_add ("/client/cache/checkpoint-empties-log", Fixture, NULL,
              fixture_setup, test_checkpoint_empties_log, fixture_teardown);
  g_test_add ("/client/cache/sync-position-persists", Fixture, NULL,
              fixture_setup, test_sync_position_persists, fixture_teardown);
  g_test_add ("/client/cache/outbox-survives-restart", Fixture, NULL,
              fixture_setup, test_outbox_survives_restart, fixture_teardown);
  g_test_add ("/client/cache/corrupt-file-rebuilt", Fixture, NULL,
              fixture_setup, test_corrupt_file_rebuilt, fixture_teardown);
  g_test_add ("/client/cache/newer-version-rebuilt", Fixture, NULL,
              fixture_setup, test_newer_version_rebuilt, fixture_teardown);
  g_test_add ("/client/cache/migrates-v1", Fixture, NULL,
              fixture_setup, test_migrates_v1, fixture_teardown);
  g_test_add ("/client/cache/many-orders", Fixture, NULL,
              fixture_setup, test_many_orders, fixture_teardown);
  g_test_add ("/client/cache/sim-list", Fixture, NULL,
              fixture_setup, test_sim_list, fixture_teardown);
  g_test_add ("/client/cache/sim-list-filtered", Fixture, NULL,
              fixture_setup, test_sim_list_filtered, fixture_teardown);
  g_test_add ("/client/order-list/queries", Fixture, NULL,
              fixture_setup, test_order_list_queries, fixture_teardown);
  g_test_add ("/client/order-list/live-updates", Fixture, NULL,
              fixture_setup, test_order_list_live_updates, fixture_teardown);
  g_test_add ("/client/order-list/pending", Fixture, NULL,
              fixture_setup, test_order_list_pending, fixture_teardown);
  g_test_add_func ("/client/cache/path-per-server-and-user", test_path_per_server_and_user);
  g_test_add_func ("/client/rows/update-notifies-changes", test_row_update_notifies_changes);

  return g_test_run ();
}
