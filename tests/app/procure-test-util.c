/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <glib/gstdio.h>

#include "procure-test-util.h"
#include "procure-widgets.h"

void
procure_test_init_ui (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  adw_init ();
  /* Screenshots show the end state, not a transition's first frame. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_css_provider_load_from_resource (css, "/io/github/procure/Procure/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/procure/Procure/icons");
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
procure_test_wait_for (ProcureTestCondition condition,
                       gpointer             data,
                       guint                timeout_seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_true (condition (data));
}

typedef struct {
  GAsyncResult *result;
} Waiter;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Waiter *) data)->result != NULL;
}

ProcureDemoServer *
procure_test_start_server (const char  *dir,
                           char       **out_url)
{
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  ProcureDemoServer *server = procure_demo_server_new (db);
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL };

  procure_demo_server_start_async (server, NULL, store_result_cb, &waiter);
  procure_test_wait_for (has_result, &waiter, 30);
  *out_url = procure_demo_server_start_finish (server, waiter.result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (*out_url, "http://127.0.0.1:"));
  g_clear_object (&waiter.result);
  return server;
}

static gboolean
catalogue_synced (gpointer data)
{
  ProcureSession *session = data;

  return g_list_model_get_n_items (procure_session_get_products (session)) > 0 &&
         procure_session_get_state (session) == PROCURE_SYNC_STATE_ONLINE;
}

ProcureSession *
procure_test_sign_in (const char *url,
                      const char *dir,
                      const char *login)
{
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autoptr(GError) error = NULL;
  ProcureSession *session;
  Waiter waiter = { NULL };

  session = g_object_new (PROCURE_TYPE_SESSION,
                          "server-url", url,
                          "cache-dir", cache,
                          "use-keyring", FALSE,
                          NULL);
  procure_session_sign_in_async (session, login, "demo", NULL, store_result_cb, &waiter);
  procure_test_wait_for (has_result, &waiter, 30);
  g_assert_true (procure_session_sign_in_finish (session, waiter.result, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);
  procure_test_wait_for (catalogue_synced, session, 30);
  return session;
}

GError *
procure_test_sign_in_error (const char *url,
                            const char *login,
                            const char *password)
{
  g_autoptr(ProcureSession) session = NULL;
  GError *error = NULL;
  Waiter waiter = { NULL };

  session = g_object_new (PROCURE_TYPE_SESSION, "server-url", url, "use-keyring", FALSE, NULL);
  procure_session_sign_in_async (session, login, password, NULL, store_result_cb, &waiter);
  procure_test_wait_for (has_result, &waiter, 30);
  g_assert_false (procure_session_sign_in_finish (session, waiter.result, &error));
  g_assert_nonnull (error);
  g_clear_object (&waiter.result);
  return error;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
procure_test_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  g_assert_true (gtk_widget_get_mapped (widget) || gtk_widget_get_visible (widget));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  /* Two paints: the first may still run size allocation of new children. */
  for (int i = 0; i < 2; i++)
    {
      painted = FALSE;
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
      gtk_widget_queue_draw (widget);
      procure_test_wait_for (is_true, &painted, 10);
      g_signal_handler_disconnect (clock, id);
    }
}

int
procure_test_pango_width (GtkWidget  *widget,
                          const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

void
procure_test_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autofree char *file = g_strdup_printf ("screenshot-%s.png", name);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  procure_test_wait_for_draw (widget);
  g_assert_true (procure_widget_save_png (widget, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* An empty or single-colour picture compresses to almost nothing. */
  g_assert_cmpint (st.st_size, >, 5000);
  g_test_message ("screenshot: %s", path);
}
