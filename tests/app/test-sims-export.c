/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SIMs page's CSV export against a real demo server, in a real window:
 * the file has the header and one line per SIM shown, in the list's order,
 * the same text procure_sims_to_csv() makes, also for a filtered list and
 * across many slices; the main loop keeps running while it is written; a
 * file that cannot be written is an error.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <glib/gstdio.h>

#include "procure-sims-page.h"
#include "procure-test-util.h"
#include "procure-window.h"

static ProcureDemoServer *server;
static char *tmp_dir;
static char *server_url;

typedef struct {
  GAsyncResult *result;
  guint         ticks;    /* main-loop iterations seen while exporting */
} Wait;

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
tick (gpointer user_data)
{
  Wait *wait = user_data;

  wait->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static gboolean
sims_loaded (gpointer data)
{
  return !procure_sim_list_get_loading (PROCURE_SIM_LIST (data));
}

static gboolean
page_settled (gpointer data)
{
  return procure_sims_page_is_settled (PROCURE_SIMS_PAGE (data));
}

/* Exports @page into @path; returns the count (or -1 with @error). */
static gssize
export (ProcureSimsPage  *page,
        const char       *path,
        guint            *ticks,
        GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait wait = { NULL, 0 };
  guint id = g_idle_add (tick, &wait);
  gssize n;

  procure_sims_page_export_async (page, file, NULL, export_cb, &wait);
  procure_test_wait_for (has_result, &wait, 60);
  g_source_remove (id);
  n = procure_sims_page_export_finish (page, wait.result, error);
  g_object_unref (wait.result);
  if (ticks != NULL)
    *ticks = wait.ticks;
  return n;
}

static void
assert_file_is (const char *path,
                GListModel *sims)
{
  g_autofree char *contents = NULL;
  g_autofree char *expected = procure_sims_to_csv (sims);
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
  lines = g_strsplit (contents, "\n", -1);
  /* header, one line per SIM, and the empty string after the last newline */
  g_assert_cmpuint (g_strv_length (lines), ==, g_list_model_get_n_items (sims) + 2);
  g_assert_true (g_str_has_prefix (lines[0], "iccid,imsi,msisdn,order_id,product_id,"));
}

static void
test_export (void)
{
  g_autoptr(ProcureSession) sam = procure_test_sign_in (server_url, tmp_dir, "sam");
  GListModel *all = procure_session_get_sims (sam);
  ProcureWindow *window;
  ProcureSimsPage *page;
  g_autofree char *path = g_build_filename (tmp_dir, "sims.csv", NULL);
  g_autofree char *filtered_path = g_build_filename (tmp_dir, "sims-acme.csv", NULL);
  g_autofree char *bad_path = g_build_filename (tmp_dir, "no-such-dir", "sims.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureSimRow) first = NULL;
  guint ticks = 0;
  gssize n;

  procure_test_wait_for (sims_loaded, all, 30);
  /* slices of 7 rows: many slices, and a last one that is not full */
  g_setenv ("PROCURE_EXPORT_SLICE", "7", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (all), >, 14);
  g_assert_cmpuint (g_list_model_get_n_items (all) % 7, !=, 0);
  window = procure_window_new (NULL, sam);
  gtk_window_present (GTK_WINDOW (window));
  procure_window_show_main (window);
  procure_window_show_page (window, "sims");
  page = PROCURE_SIMS_PAGE (procure_window_get_page (window, "sims"));
  procure_test_wait_for (page_settled, page, 30);

  n = export (page, path, &ticks, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, g_list_model_get_n_items (all));
  assert_file_is (path, all);
  /* the window kept running between the slices */
  g_assert_cmpuint (ticks, >, n / 7);

  /* a filtered list exports what it shows */
  first = g_list_model_get_item (all, 0);
  procure_sims_page_set_account_filter (page, procure_sim_row_get_account_id (first));
  procure_test_wait_for (page_settled, page, 30);
  n = export (page, filtered_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, g_list_model_get_n_items (procure_sims_page_get_model (page)));
  g_assert_cmpint (n, <, g_list_model_get_n_items (all));
  assert_file_is (filtered_path, procure_sims_page_get_model (page));

  /* a file that cannot be written */
  n = export (page, bad_path, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  tmp_dir = g_dir_make_tmp ("procure-export-test-XXXXXX", &error);
  g_assert_no_error (error);
  server = procure_test_start_server (tmp_dir, &server_url);

  g_test_add_func ("/app/sims/export", test_export);
  status = g_test_run ();

  procure_demo_server_stop (server);
  g_clear_object (&server);
  g_free (server_url);
  g_free (tmp_dir);
  return status;
}
