/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The app as people see it, against a real demo server, in the language of
 * the environment (suite app runs it twice: C.UTF-8 and German):
 *
 *  - the sign-in page, every page (also the agent's whole catalogue), the
 *    order editor with an override, the order detail and the preferences
 *    render at 1000×700 in the light style and are saved as screenshots
 *    (<build>/tests/app/screenshot-<lang>-*.png);
 *  - in English the four metainfo screenshots are written too, and copied to
 *    $PROCURE_SCREENSHOT_DIR when set (data/screenshots/update does that);
 *  - with PROCURE_TEST_LANGUAGE=de the build's own catalogue is bound
 *    (PROCURE_LOCALEDIR = <build>/po) and each page must show its German
 *    strings; in every language no label may show an English message that
 *    has a translation (a string translated too early or not marked), and
 *    no label may be cut short with an ellipsis: not in the page, not in a
 *    combo row, not in a list cell.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "procure-catalogue-page.h"
#include "procure-order-detail.h"
#include "procure-order-editor.h"
#include "procure-orders-page.h"
#include "procure-order-table.h"
#include "procure-test-util.h"
#include "procure-window.h"

#define WIDTH 1000
#define HEIGHT 700

static ProcureDemoServer *server;
static char *tmp_dir;
static char *server_url;
static ProcureSession *pat_session;
static gboolean german;

/* ---------- reading what is on screen ---------- */

static gboolean
in_list_row (GtkWidget *widget)
{
  /* Cells of lists and column views may ellipsize long data by design; the
   * value a combo row shows is no such cell. */
  if (gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW) != NULL ||
      gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL)
    return gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) != NULL;
  return gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) != NULL ||
         gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW) != NULL ||
         gtk_widget_get_ancestor (widget, GTK_TYPE_GRID_VIEW) != NULL;
}

typedef struct {
  GPtrArray *texts;        /* every drawable label's text */
  GPtrArray *untranslated; /* English messages that have a translation */
  GPtrArray *ellipsized;   /* labels cut short outside list rows */
  GPtrArray *combo_cut;    /* combo row values cut short */
  GPtrArray *cells_cut;    /* list and column view cells cut short */
} Screen;

static void
screen_clear (Screen *screen)
{
  g_clear_pointer (&screen->texts, g_ptr_array_unref);
  g_clear_pointer (&screen->untranslated, g_ptr_array_unref);
  g_clear_pointer (&screen->ellipsized, g_ptr_array_unref);
  g_clear_pointer (&screen->combo_cut, g_ptr_array_unref);
  g_clear_pointer (&screen->cells_cut, g_ptr_array_unref);
}

static void
read_label (Screen   *screen,
            GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  if (text == NULL || *text == '\0')
    return;
  g_ptr_array_add (screen->texts, g_strdup (text));
  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
    g_ptr_array_add (screen->untranslated, g_strdup (text));
  if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE ||
      !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return;
  if (in_list_row (GTK_WIDGET (label)))
    g_ptr_array_add (screen->cells_cut, g_strdup (text));
  else if (gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_COMBO_ROW) != NULL)
    g_ptr_array_add (screen->combo_cut, g_strdup (text));
  else
    g_ptr_array_add (screen->ellipsized, g_strdup (text));
}

/* The orders list's rows draw their texts themselves (procure-order-table.h). */
static void
read_order_row (Screen              *screen,
                ProcureOrderRowView *row)
{
  for (int column = 0; column < PROCURE_N_ORDER_COLUMNS; column++)
    {
      const char *text = procure_order_row_view_get_text (row, column);

      if (text == NULL || *text == '\0')
        continue;
      g_ptr_array_add (screen->texts, g_strdup (text));
      if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
        g_ptr_array_add (screen->untranslated, g_strdup (text));
      if (procure_order_row_view_is_cut (row, column))
        g_ptr_array_add (screen->cells_cut, g_strdup (text));
    }
}

static void
read_widget (Screen    *screen,
             GtkWidget *widget)
{
  if (!gtk_widget_is_drawable (widget))
    return;
  if (GTK_IS_LABEL (widget))
    read_label (screen, GTK_LABEL (widget));
  else if (PROCURE_IS_ORDER_ROW_VIEW (widget))
    read_order_row (screen, PROCURE_ORDER_ROW_VIEW (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    read_widget (screen, child);
}

static gboolean
screen_shows (Screen     *screen,
              const char *text)
{
  for (guint i = 0; i < screen->texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (screen->texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static char *
join (GPtrArray *texts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (out, "%s“%s”", i ? ", " : "", (char *) g_ptr_array_index (texts, i));
  return g_string_free (out, FALSE);
}

/* Screenshots @widget as @name, then checks what it shows: @expected (NULL
 * terminated, one list per language) must all be on screen. */
static void
check_screen (GtkWidget  *widget,
              const char *name,
              const char *const *english,
              const char *const *deutsch)
{
  g_autofree char *file = g_strdup_printf ("%s-%s", german ? "de" : "en", name);
  g_autofree char *untranslated = NULL;
  g_autofree char *ellipsized = NULL;
  g_autofree char *combo_cut = NULL;
  g_autofree char *cells_cut = NULL;
  const char *const *expected = german ? deutsch : english;
  Screen screen = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free) };

  procure_test_screenshot (widget, file);
  read_widget (&screen, widget);
  untranslated = join (screen.untranslated);
  ellipsized = join (screen.ellipsized);
  combo_cut = join (screen.combo_cut);
  cells_cut = join (screen.cells_cut);
  g_test_message ("%s: untranslated [%s], ellipsized [%s], combo values cut [%s], cells cut [%s]",
                  file, untranslated, ellipsized, combo_cut, cells_cut);
  for (guint i = 0; expected[i] != NULL; i++)
    if (!screen_shows (&screen, expected[i]))
      {
        g_autofree char *all = join (screen.texts);

        g_test_message ("%s shows: %s", file, all);
        g_error ("%s does not show “%s”", file, expected[i]);
      }
  g_assert_cmpstr (untranslated, ==, "");
  g_assert_cmpstr (ellipsized, ==, "");
  /* libadwaita 1.2's default combo row factory stops values at 20
   * characters; procure_combo_row_show_full_values() must be in place. */
  if (*combo_cut != '\0')
    g_test_fail_printf ("%s: combo row values cut short: %s", file, combo_cut);
  /* At this window size no list cell may be cut (dates and amounts never
   * ellipsize; names ask for 16 characters). */
  if (*cells_cut != '\0')
    g_test_fail_printf ("%s: list cells cut short: %s", file, cells_cut);
  screen_clear (&screen);
}

/* The four metainfo screenshots: the screen @screen, copied as @name.png for
 * data/screenshots/update. */
static void
save_for_metainfo (const char *screen,
                   const char *name)
{
  const char *dir = g_getenv ("PROCURE_SCREENSHOT_DIR");
  g_autofree char *built_name = g_strdup_printf ("screenshot-en-%s.png", screen);
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, built_name, NULL);
  g_autofree char *target_name = g_strdup_printf ("%s.png", name);
  g_autofree char *target = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  if (german || dir == NULL || *dir == '\0')
    return;
  target = g_build_filename (dir, target_name, NULL);
  from = g_file_new_for_path (built);
  to = g_file_new_for_path (target);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("metainfo screenshot: %s", target);
}

/* ---------- windows ---------- */

static ProcureWindow *
new_window (ProcureSession *session)
{
  ProcureWindow *window = procure_window_new (NULL, session);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (GtkWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (window);
  g_assert_finalize_object (window);
}

static gboolean
orders_shown (gpointer data)
{
  ProcureOrdersPage *page = data;

  return procure_orders_page_is_settled (page) &&
         g_list_model_get_n_items (procure_orders_page_get_model (page)) > 0;
}

/* The id of pat's first order in @status, or NULL. */
static char *
find_order (ProcureStatus status)
{
  GListModel *orders = procure_session_get_orders (pat_session);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (orders, i);

      if (procure_order_row_get_status (row) == status)
        return g_strdup (procure_order_row_get_id (row));
    }
  return NULL;
}

static void
test_sign_in (void)
{
  ProcureWindow *window = new_window (NULL);
  const char *const english[] = { "Server Address", "Login", "Password", "Sign In", NULL };
  const char *const deutsch[] = { "Server-Adresse", "Benutzername", "Passwort", "Anmelden", NULL };

  procure_window_show_sign_in (window, server_url, "pat");
  check_screen (GTK_WIDGET (window), "sign-in", english, deutsch);
  close_window (GTK_WINDOW (window));
}

static void
test_pages (void)
{
  ProcureWindow *window = new_window (pat_session);
  const char *const catalogue_en[] = { "Catalogue", "Orders", "Inbox", "SIMs", NULL };
  const char *const catalogue_de[] = { "Katalog", "Bestellungen", "Eingang", "SIMs", NULL };
  const char *const orders_en[] = { "Status", "Total", NULL };
  const char *const orders_de[] = { "Status", "Summe", NULL };
  const char *const none[] = { NULL };

  procure_window_show_main (window);
  procure_window_show_page (window, "catalogue");
  check_screen (GTK_WIDGET (window), "catalogue", catalogue_en, catalogue_de);

  procure_window_show_page (window, "orders");
  procure_test_wait_for (orders_shown, procure_window_get_page (window, "orders"), 20);
  check_screen (GTK_WIDGET (window), "orders", orders_en, orders_de);
  save_for_metainfo ("orders", "orders");

  procure_window_show_page (window, "inbox");
  procure_test_wait_for (orders_shown, procure_window_get_page (window, "inbox"), 20);
  check_screen (GTK_WIDGET (window), "inbox", orders_en, orders_de);

  procure_window_show_page (window, "sims");
  check_screen (GTK_WIDGET (window), "sims", none, none);
  close_window (GTK_WINDOW (window));
}

/* The provider's agent sees the whole catalogue (eight products, every
 * account's): the metainfo's catalogue screenshot, without empty space. */
static void
test_agent_catalogue (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "sam", NULL);
  g_autoptr(ProcureSession) sam_session = NULL;
  ProcureWindow *window;
  const char *const english[] = { "Catalogue", "Micro SIM 3FF", NULL };
  const char *const deutsch[] = { "Katalog", "Micro SIM 3FF", NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  sam_session = procure_test_sign_in (server_url, dir, "sam");
  window = new_window (sam_session);
  procure_window_show_main (window);
  procure_window_show_page (window, "catalogue");
  check_screen (GTK_WIDGET (window), "catalogue-agent", english, deutsch);
  save_for_metainfo ("catalogue-agent", "catalogue");
  close_window (GTK_WINDOW (window));
}

static void
test_order_detail (void)
{
  ProcureWindow *window = new_window (pat_session);
  g_autofree char *order_id = find_order (PROCURE_STATUS_SHIPPED);
  const char *const english[] = { "Lines", "SIM Settings", "Confirm Receipt", NULL };
  const char *const deutsch[] = { "Positionen", "SIM-Einstellungen", "Empfang bestätigen", NULL };

  g_assert_nonnull (order_id);
  procure_window_show_main (window);
  procure_window_open_order (window, order_id);
  check_screen (GTK_WIDGET (window), "order", english, deutsch);
  save_for_metainfo ("order", "order");
  close_window (GTK_WINDOW (window));
}

/* An entitled price plan that is not the account default. */
static const char *
other_price_plan (const ProcureAccount *account)
{
  GStrv plans = account->entitlements->values[PROCURE_SETTING_PRICE_PLAN];

  for (guint i = 0; plans != NULL && plans[i] != NULL; i++)
    if (g_strcmp0 (plans[i], account->defaults->values[PROCURE_SETTING_PRICE_PLAN]) != 0)
      return plans[i];
  return NULL;
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
scroll_to_end (GtkWidget *window)
{
  GtkScrolledWindow *scrolled = find_scrolled_window (window);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  procure_test_wait_for_draw (window);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
}

/* A few hundred, as the product's range and pack size allow. */
static gint64
typical_quantity (const ProcureProduct *product)
{
  gint64 step = MAX (product->quantity_multiple, 1);
  gint64 quantity = product->min_quantity;

  while (quantity < 250 && quantity + step <= product->max_quantity)
    quantity += step;
  return quantity;
}

static void
test_editor (void)
{
  ProcureWindow *window = new_window (pat_session);
  g_autoptr(ProcureProductRow) row = g_list_model_get_item (procure_session_get_products (pat_session), 1);
  g_autoptr(ProcureProduct) product = procure_session_get_product (pat_session, procure_product_row_get_id (row));
  g_autoptr(ProcureAccount) account =
    procure_session_get_account (pat_session, procure_session_get_user (pat_session)->account_id);
  const char *const english[] = { "New Order", "Submit", "Override Account Defaults", NULL };
  const char *const deutsch[] = { "Neue Bestellung", "Einreichen", "Kontostandards überschreiben", NULL };
  const char *const settings_en[] = { "Price Plan", "Default: IOT-POOL-1GB", NULL };
  const char *const settings_de[] = { "Tarif", "Standard: IOT-POOL-1GB", NULL };
  GtkWidget *editor;

  procure_window_show_main (window);
  editor = procure_window_edit_order (window, NULL, product->id);
  g_assert_nonnull (editor);
  gtk_window_set_default_size (GTK_WINDOW (editor), WIDTH, HEIGHT);
  procure_order_editor_set_quantity (PROCURE_ORDER_EDITOR (editor), 0, typical_quantity (product));
  procure_order_editor_select_address (PROCURE_ORDER_EDITOR (editor), 0);
  procure_order_editor_set_notes (PROCURE_ORDER_EDITOR (editor), "Trackers for the new reefer containers.");
  g_assert_true (procure_order_editor_set_override (PROCURE_ORDER_EDITOR (editor),
                                                    PROCURE_SETTING_PRICE_PLAN,
                                                    other_price_plan (account)));
  check_screen (editor, "new-order", english, deutsch);

  /* Further down: the SIM settings, with the price plan overridden. */
  scroll_to_end (editor);
  check_screen (editor, "new-order-settings", settings_en, settings_de);
  save_for_metainfo ("new-order-settings", "new-order");
  close_window (GTK_WINDOW (editor));
  close_window (GTK_WINDOW (window));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type))
        return GTK_WINDOW (item);
    }
  return NULL;
}

static void
test_preferences (void)
{
  ProcureWindow *window = new_window (pat_session);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.procure.Procure");
  const char *const english[] = { "Server", "Notifications", "Background Sync", NULL };
  const char *const deutsch[] = { "Server", "Benachrichtigungen", "Hintergrundsynchronisierung", NULL };
  GtkWindow *preferences;

  procure_window_show_main (window);
  procure_window_show_preferences (window, settings);
  preferences = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  check_screen (GTK_WIDGET (preferences), "preferences", english, deutsch);
  close_window (preferences);
  close_window (GTK_WINDOW (window));
}

/* gtk_test_init() forces en_US; take the environment's locale back and use
 * the translations of this build (not an installed, maybe older, catalogue). */
static void
init_language (void)
{
  const char *localedir = g_getenv ("PROCURE_LOCALEDIR");

  german = g_strcmp0 (g_getenv ("PROCURE_TEST_LANGUAGE"), "de") == 0;
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (german)
    {
      /* Fails (not skips) when the catalogue or the locale is missing. */
      g_assert_cmpstr (_("Catalogue"), ==, "Katalog");
      g_assert_true (g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "de_DE"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  init_language ();
  procure_test_init_ui ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

  tmp_dir = g_dir_make_tmp ("procure-app-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  server = procure_test_start_server (tmp_dir, &server_url);
  pat_session = procure_test_sign_in (server_url, tmp_dir, "pat");

  g_test_add_func ("/app/screenshots/sign-in", test_sign_in);
  g_test_add_func ("/app/screenshots/pages", test_pages);
  g_test_add_func ("/app/screenshots/agent-catalogue", test_agent_catalogue);
  g_test_add_func ("/app/screenshots/order-detail", test_order_detail);
  g_test_add_func ("/app/screenshots/editor", test_editor);
  g_test_add_func ("/app/screenshots/preferences", test_preferences);
  status = g_test_run ();

  g_clear_object (&pat_session);
  procure_demo_server_stop (server);
  g_clear_object (&server);
  g_free (server_url);
  g_free (tmp_dir);
  return status;
}
