/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-app: the app figures of issue 8. Runs inside run-app-session.sh
 * (private D-Bus with an unlocked gnome-keyring, Xvfb, GDK_BACKEND=x11,
 * keyfile GSettings).
 *
 *   bench-app --db FILE --cache FILE [--login sam] [--runs 15] [--frames 240]
 *             [--only startup,filter,scroll-orders,scroll-sims,sims-filter]
 *
 * FILE is the bench-gen database, the cache the one bench-client filled
 * from it. The orchestrator starts procure-server, stores a session token
 * in the keyring and the server and login in GSettings, puts the cache
 * where the app looks for it, and then execs itself as a child:
 *  - "--child empty": an AdwApplication whose empty AdwApplicationWindow's
 *    first frame ends the process (the limit);
 *  - "--child procure": the real ProcureApplication, started as a user
 *    would (restore the stored session, open the cache); its first frame
 *    is the first "after-paint" of the window showing its main face (the
 *    orders list), not the "Opening…" page before it;
 *  - "--child procure --interact": then types into the orders filter,
 *    scrolls the Orders and SIMs lists, searches and filters the SIMs and
 *    reads its resident memory, printing those figures itself.
 * Exec-to-frame times use CLOCK_MONOTONIC, which parent and child share.
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "procure-application.h"
#include "procure-credentials.h"
#include "procure-orders-page.h"
#include "procure-sims-page.h"
#include "procure-window.h"

#define FRAME_MS 16.7

static struct {
  char     *db;
  char     *cache;
  char     *login;
  char     *child;
  gint64    t0;
  gint      runs;
  gint      frames;
  gboolean  interact;
  char     *only;      /* comma-separated parts, NULL: all */
} opt = { .runs = 15, .frames = 240 };

/* The parts of a run, each printing its own figures. */
static gboolean
part_wanted (const char *part)
{
  g_auto(GStrv) parts = NULL;

  if (opt.only == NULL)
    return TRUE;
  parts = g_strsplit (opt.only, ",", -1);
  return g_strv_contains ((const char * const *) parts, part);
}

/* ---------- child: measuring inside the app ---------- */

typedef struct {
  GtkApplication *app;
  GtkWindow      *window;
  gboolean        seen_first;
  /* main-loop stall monitor: the gap between dispatches of a 1 ms
   * high-priority timer */
  gint64          last_tick;
  double          last_cpu;
  double          max_gap_ms;     /* wall */
  double          max_busy_ms;    /* CPU time of this thread in one gap */
  /* scrolling */
  GtkAdjustment  *adjustment;
  GArray         *frame_ms;       /* CPU ms from before-paint to after-paint */
  GArray         *frame_wall_ms;
  GArray         *frame_layout_ms; /* of frame_ms: updating and laying out (binding rows) */
  double          layout_cpu;     /* at the end of the frame's layout phase */
  gint64          before_paint;
  double          before_cpu;
  guint           frames_left;
  double          wheel_step;     /* > 0: scroll by this many pixels a frame */
  GtkWidget      *scroll_view;
  char           *first_text;     /* the first row's first cell last frame */
  guint           frames_rebound; /* frames whose first row changed */
  GMainLoop      *wait;
  guint           timeout;
} Child;

static Child child;

static gboolean
monitor_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  double cpu = bench_thread_cpu_ms ();

  if (child.last_tick != 0)
    {
      child.max_gap_ms = MAX (child.max_gap_ms, (now - child.last_tick) / 1000.0);
      child.max_busy_ms = MAX (child.max_busy_ms, cpu - child.last_cpu);
    }
  child.last_tick = now;
  child.last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
monitor_reset (void)
{
  child.last_tick = g_get_monotonic_time ();
  child.last_cpu = bench_thread_cpu_ms ();
  child.max_gap_ms = 0;
  child.max_busy_ms = 0;
}

static gboolean
quit_wait (gpointer user_data)
{
  g_main_loop_quit (child.wait);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, as the user waits between keys. */
static void
spin (guint ms)
{
  g_timeout_add (ms, quit_wait, NULL);
  g_main_loop_run (child.wait);
}

/* The first widget of @type under @widget, not counting popovers (a drop
 * down's list). */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_POPOVER (widget))
    return NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A page's list: a column view, or else its list view (the orders
 * table's is inside it). */
static GtkWidget *
find_list (GtkWidget *page)
{
  GtkWidget *view = find_descendant (page, GTK_TYPE_COLUMN_VIEW);

  return view != NULL ? view : find_descendant (page, GTK_TYPE_LIST_VIEW);
}

static GListModel *
list_model (GtkWidget *view)
{
  if (GTK_IS_COLUMN_VIEW (view))
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
}

static void wait_for_rows (GtkWidget *view, GListModel *source, guint limit_s);

/* Type a query into the orders filter one key at a time, then erase it;
 * per key: the longest main-loop stall in the 250 ms after it, as CPU time
 * the main thread spent between two dispatches of the 1 ms monitor (wall
 * gaps also count time other programs had the core; they are printed). */
static void
type_to_filter (ProcureWindow *window)
{
  static const char query[] = "Hamburg tr";
  ProcureOrdersPage *page = PROCURE_ORDERS_PAGE (procure_window_get_page (window, "orders"));
  g_autoptr(GArray) per_key = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) per_key_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) key_stalls = g_string_new (NULL);
  double worst = 0;
  guint n = sizeof query - 1;

  g_printerr ("bench-app: typing into the orders filter\n");
  procure_window_show_page (window, "orders");
  spin (300);
  for (guint k = 1; k <= 2 * n; k++)
    {
      g_autofree char *text = g_strndup (query, k <= n ? k : 2 * n - k);

      monitor_reset ();
      procure_orders_page_set_search_text (page, text);
      spin (250);
      g_array_append_val (per_key, child.max_busy_ms);
      g_array_append_val (per_key_wall, child.max_gap_ms);
      worst = MAX (worst, child.max_busy_ms);
      g_string_append_printf (key_stalls, " %.0f", child.max_busy_ms);
    }
  bench_figure ("app.filter_keystroke_p95", bench_percentile (per_key, 95), "ms (longest stall after a key)",
                FRAME_MS, "ms", "frame budget", BENCH_LOWER_IS_BETTER, 1.0);
  bench_figure ("app.filter_max_stall", worst, "ms", FRAME_MS, "ms", "frame budget",
                BENCH_LOWER_IS_BETTER, 1.0);
  printf ("  (wall-clock stalls: p95 %.1f ms, longest %.1f ms)\n",
          bench_percentile (per_key_wall, 95), bench_percentile (per_key_wall, 100));
  printf ("  (orders filter, longest stall after each key, ms CPU:%s)\n", key_stalls->str);
  {
    GListModel *orders = procure_session_get_orders (procure_window_get_session (window));
    double start = bench_now ();

    /* after the last key the filter is empty again: all rows come back */
    wait_for_rows (find_list (GTK_WIDGET (page)), orders, 300);
    printf ("  (filter over %u orders; after the last key the list was complete %.2f s later)\n",
            g_list_model_get_n_items (orders), bench_now () - start + 0.25);
  }
}

/* A widget that shows a text: a GtkLabel or any widget with a string
 * "label" property and no children (a list's custom cell). */
static gboolean
shows_text (GtkWidget *widget)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "label");

  return GTK_IS_LABEL (widget) ||
         (pspec != NULL && pspec->value_type == G_TYPE_STRING && gtk_widget_get_first_child (widget) == NULL);
}

static char *
widget_text (GtkWidget *widget)
{
  char *text = NULL;

  if (GTK_IS_LABEL (widget))
    return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
  g_object_get (widget, "label", &text, NULL);
  return text;
}

/* The text widgets under @widget that are on screen in @viewport, with
 * their vertical position (the list keeps widgets for some rows out of
 * sight, such as the focused one). */
static void
collect_texts (GtkWidget *widget,
               GtkWidget *viewport,
               GArray    *ys,
               GPtrArray *texts)
{
  if (shows_text (widget) && gtk_widget_get_mapped (widget))
    {
      double x, y;

      if (gtk_widget_translate_coordinates (widget, viewport, 0, 0, &x, &y)
          && y >= 0 && y < gtk_widget_get_height (viewport))
        {
          g_array_append_val (ys, y);
          g_ptr_array_add (texts, widget_text (widget));
        }
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_texts (c, viewport, ys, texts);
}

/* Every text of the topmost row on screen, joined: one column alone may
 * repeat (“—” for orders without a PO number yet). */
static char *
first_row_text (void)
{
  GtkWidget *list = find_descendant (child.scroll_view, GTK_TYPE_LIST_VIEW);
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GString *row = g_string_new (NULL);
  double top = G_MAXDOUBLE;

  if (list != NULL)
    collect_texts (list, list, ys, texts);
  for (guint i = 0; i < ys->len; i++)
    top = MIN (top, g_array_index (ys, double, i));
  for (guint i = 0; i < ys->len; i++)
    if (g_array_index (ys, double, i) < top + 2)
      g_string_append_printf (row, "%s|", (const char *) g_ptr_array_index (texts, i) ?: "");
  return g_string_free (row, FALSE);
}

/* Proof that a frame showed other rows than the one before: the frame
 * times are only worth something if the list really moved. */
static void
note_first_row (void)
{
  char *text = first_row_text ();

  if (g_strcmp0 (text, child.first_text) != 0)
    child.frames_rebound++;
  g_free (child.first_text);
  child.first_text = text;
}

static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       user_data)
{
  child.before_paint = g_get_monotonic_time ();
  child.before_cpu = bench_thread_cpu_ms ();
}

/* Connected after GDK's own handler: the frame's layout is done, drawing
 * (snapshot and GSK render) follows. */
static void
on_layout_done (GdkFrameClock *clock,
                gpointer       user_data)
{
  child.layout_cpu = bench_thread_cpu_ms ();
}

static void
on_scroll_after_paint (GdkFrameClock *clock,
                       gpointer       user_data)
{
  double cpu, wall;

  if (child.before_paint == 0 || child.frames_left == 0)
    return;
  cpu = bench_thread_cpu_ms () - child.before_cpu;
  if (child.layout_cpu >= child.before_cpu)
    {
      double layout = child.layout_cpu - child.before_cpu;

      g_array_append_val (child.frame_layout_ms, layout);
    }
  wall = (g_get_monotonic_time () - child.before_paint) / 1000.0;
  g_array_append_val (child.frame_ms, cpu);
  g_array_append_val (child.frame_wall_ms, wall);
  note_first_row ();
}

/* One jump per frame, from top to bottom in opt.frames frames (like
 * dragging the scrollbar): every frame binds fresh rows. With a wheel step,
 * that many pixels a frame instead (a wheel or touchpad scroll). */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  if (child.frames_left == 0)
    {
      g_main_loop_quit (child.wait);
      return G_SOURCE_REMOVE;
    }
  child.frames_left--;
  if (child.wheel_step > 0)
    {
      gtk_adjustment_set_value (child.adjustment,
                                gtk_adjustment_get_value (child.adjustment) + child.wheel_step);
      return G_SOURCE_CONTINUE;
    }
  /* from the current range: a list view's estimated height changes as it
   * measures the rows it shows */
  gtk_adjustment_set_value (child.adjustment,
      (gtk_adjustment_get_upper (child.adjustment) - gtk_adjustment_get_page_size (child.adjustment))
      * (opt.frames - child.frames_left) / opt.frames);
  return G_SOURCE_CONTINUE;
}

/* Waits until the page's view shows every row of @source (the incremental
 * filter and sort models fill it in slices), at most @limit_s seconds. */
static void
wait_for_rows (GtkWidget  *view,
               GListModel *source,
               guint       limit_s)
{
  GListModel *shown = list_model (view);
  double start = bench_now ();

  while (g_list_model_get_n_items (shown) < g_list_model_get_n_items (source)
         && bench_now () - start < limit_s)
    spin (100);
  if (g_list_model_get_n_items (shown) < g_list_model_get_n_items (source))
    printf ("  (the view still showed %u of %u rows after %u s)\n",
            g_list_model_get_n_items (shown), g_list_model_get_n_items (source), limit_s);
}

/* opt.frames frames of scrolling @view (see scroll_tick()), measured into
 * child.frame_ms and friends. */
static void
run_scroll (ProcureWindow *window,
            GtkWidget     *view,
            double         wheel_step)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong before, after, layout;

  child.frames_left = (guint) opt.frames;
  child.wheel_step = wheel_step;
  child.before_paint = 0;
  child.scroll_view = view;
  child.frames_rebound = 0;
  g_clear_pointer (&child.first_text, g_free);
  child.first_text = first_row_text ();
  g_array_set_size (child.frame_ms, 0);
  g_array_set_size (child.frame_wall_ms, 0);
  g_array_set_size (child.frame_layout_ms, 0);
  child.layout_cpu = 0;
  before = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (on_scroll_after_paint), NULL);
  layout = g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_done), NULL);
  monitor_reset ();
  /* on the window: it is mapped for sure, so frames keep coming */
  gtk_widget_add_tick_callback (GTK_WIDGET (window), scroll_tick, NULL, NULL);
  g_main_loop_run (child.wait);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
  g_signal_handler_disconnect (clock, layout);
}

static void
scroll_page (ProcureWindow *window,
             const char    *name,
             GListModel    *source,
             const char    *figure)
{
  GtkWidget *page = procure_window_get_page (window, name);
  GtkWidget *view = find_list (page);
  GtkWidget *scrolled = view ? gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  guint rows;

  g_printerr ("bench-app: scrolling %s\n", name);
  procure_window_show_page (window, name);
  spin (500);
  if (scrolled == NULL)
    bench_die ("no scrolled window on the %s page", name);
  wait_for_rows (view, source, 300);
  child.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* the list must be laid out before it can scroll */
  for (guint waited = 0; waited < 100 && gtk_adjustment_get_upper (child.adjustment)
                                         <= gtk_adjustment_get_page_size (child.adjustment); waited++)
    spin (100);
  if (gtk_adjustment_get_upper (child.adjustment) <= gtk_adjustment_get_page_size (child.adjustment))
    bench_die ("the %s list cannot scroll (%u rows)", name,
               g_list_model_get_n_items (list_model (view)));
  run_scroll (window, view, 0);
  if (child.frame_ms->len == 0)
    bench_die ("no frames drawn while scrolling %s", name);
  bench_figure (figure, bench_percentile (child.frame_ms, 99), "ms p99 frame time (CPU)",
                FRAME_MS, "ms", "frame budget", BENCH_LOWER_IS_BETTER, 1.0);
  rows = g_list_model_get_n_items (list_model (view));
  printf ("  (%s: %u rows, %u frames; CPU median %.2f ms; wall p99 %.1f ms, longest wall stall %.1f ms)\n",
          name, rows, child.frame_ms->len, bench_percentile (child.frame_ms, 50),
          bench_percentile (child.frame_wall_ms, 99), child.max_gap_ms);
  /* what the app does (binding, measuring) against what GSK's renderer
   * does on this display (GSK_RENDERER is printed above) */
  if (child.frame_layout_ms->len > 0)
    printf ("  (%s: of each frame, update and layout took CPU median %.2f ms, p99 %.2f ms; "
            "the rest is snapshot and render)\n", name, bench_percentile (child.frame_layout_ms, 50),
            bench_percentile (child.frame_layout_ms, 99));
  printf ("  (%s: the first row shown changed in %u of %u frames)\n",
          name, child.frames_rebound, child.frame_ms->len);
  /* frames that showed the same rows would flatter the figure */
  if (child.frames_rebound < child.frame_ms->len / 2)
    bench_die ("scrolling %s: the rows shown changed in only %u of %u frames",
               name, child.frames_rebound, child.frame_ms->len);

  /* The same frames as a wheel or touchpad makes them: an eighth of the
   * page a frame, from the top (context, not the figure of issue 8). */
  gtk_adjustment_set_value (child.adjustment, 0);
  spin (300);
  run_scroll (window, view, gtk_adjustment_get_page_size (child.adjustment) / 8);
  if (child.frame_ms->len > 0)
    printf ("  (%s, scrolled %.0f px a frame like a wheel: CPU p99 %.2f ms, median %.2f ms; "
            "update and layout median %.2f ms; the first row changed in %u of %u frames)\n",
            name, gtk_adjustment_get_page_size (child.adjustment) / 8,
            bench_percentile (child.frame_ms, 99), bench_percentile (child.frame_ms, 50),
            child.frame_layout_ms->len > 0 ? bench_percentile (child.frame_layout_ms, 50) : 0.0,
            child.frames_rebound, child.frame_ms->len);
}

/* ---------- the SIMs page's search and filters ---------- */

/* Waits until the SIMs page shows the result of its current query (the
 * page shows the last result while a query reads its rows); returns the seconds
 * that took, from @start. @settle_ms covers the page's typing pause. */
static double
wait_for_sims (ProcureSimsPage *page,
               double           start,
               guint            settle_ms)
{
  spin (settle_ms);
  while (!procure_sims_page_is_settled (page) && bench_now () - start < 120)
    spin (10);
  if (!procure_sims_page_is_settled (page))
    bench_die ("the SIMs page showed no result within 120 s");
  return bench_now () - start;
}

typedef struct {
  GArray *stalls;      /* CPU ms, one per step */
  GArray *wall_stalls;
} SimSteps;

static void
note_step (SimSteps *steps)
{
  g_array_append_val (steps->stalls, child.max_busy_ms);
  g_array_append_val (steps->wall_stalls, child.max_gap_ms);
}

/* One filter change, measured until its result is shown. */
static void
sims_step (SimSteps         *steps,
           ProcureSimsPage  *page,
           const char       *what,
           void            (*apply) (ProcureSimsPage *, const char *),
           const char       *value)
{
  double start = bench_now (), took;

  monitor_reset ();
  apply (page, value);
  took = wait_for_sims (page, start, 200);
  note_step (steps);
  printf ("  (SIMs %s %s: %u rows shown after %.2f s, longest stall %.1f ms CPU)\n", what,
          value != NULL ? value : "cleared",
          g_list_model_get_n_items (procure_sims_page_get_model (page)), took, child.max_busy_ms);
}

/* Types an ICCID prefix into the SIMs search one key at a time and erases
 * it, then searches an IMSI and an MSISDN and filters by product and
 * account; per step, the longest main-loop stall (CPU time, as for the
 * orders filter) until its result is shown. */
static void
sims_filter (ProcureWindow *window)
{
  ProcureSession *session = procure_window_get_session (window);
  ProcureSimsPage *page = PROCURE_SIMS_PAGE (procure_window_get_page (window, "sims"));
  GListModel *sims = procure_session_get_sims (session);
  guint n = g_list_model_get_n_items (sims);
  g_autoptr(ProcureSimRow) middle = NULL;
  g_autoptr(ProcureSimRow) last = NULL;
  g_autofree char *iccid = NULL, *imsi = NULL, *msisdn = NULL;
  SimSteps steps = { g_array_new (FALSE, FALSE, sizeof (double)),
                     g_array_new (FALSE, FALSE, sizeof (double)) };
  GString *key_stalls;
  guint keys;
  double start;

  g_printerr ("bench-app: filtering the SIMs\n");
  if (n == 0)
    bench_die ("no SIMs to filter");
  middle = g_list_model_get_item (sims, n / 2);
  last = g_list_model_get_item (sims, n - 1);
  /* prefixes that match a few rows, not one */
  iccid = g_strndup (procure_sim_row_get_iccid (middle), 14);
  imsi = g_strndup (procure_sim_row_get_imsi (middle), 12);
  msisdn = g_strndup (procure_sim_row_get_msisdn (middle), 11);
  procure_window_show_page (window, "sims");
  spin (300);

  keys = strlen (iccid);
  key_stalls = g_string_new (NULL);
  start = bench_now ();
  for (guint k = 1; k <= 2 * keys; k++)
    {
      g_autofree char *text = g_strndup (iccid, k <= keys ? k : 2 * keys - k);

      monitor_reset ();
      procure_sims_page_set_search_text (page, text);
      spin (250);
      note_step (&steps);
      g_string_append_printf (key_stalls, " %.0f", child.max_busy_ms);
      if (k == keys)
        {
          printf ("  (SIMs search typed %s: %u rows shown %.2f s after the last key)\n", iccid,
                  g_list_model_get_n_items (procure_sims_page_get_model (page)),
                  wait_for_sims (page, bench_now (), 0) + 0.25);
          note_step (&steps);
        }
    }
  wait_for_sims (page, start, 0);
  printf ("  (SIMs search, longest stall after each key, ms CPU:%s)\n", key_stalls->str);
  g_string_free (key_stalls, TRUE);
  sims_step (&steps, page, "search IMSI", procure_sims_page_set_search_text, imsi);
  sims_step (&steps, page, "search MSISDN", procure_sims_page_set_search_text, msisdn);
  sims_step (&steps, page, "search", procure_sims_page_set_search_text, NULL);
  sims_step (&steps, page, "product", procure_sims_page_set_product_filter,
             procure_sim_row_get_product_id (last));
  sims_step (&steps, page, "product", procure_sims_page_set_product_filter, NULL);
  if (procure_sims_page_get_account_filter_visible (page))
    {
      sims_step (&steps, page, "account", procure_sims_page_set_account_filter,
                 procure_sim_row_get_account_id (last));
      sims_step (&steps, page, "account", procure_sims_page_set_account_filter, NULL);
    }
  bench_figure ("app.sims_filter_max_stall", bench_percentile (steps.stalls, 100), "ms (CPU)",
                FRAME_MS, "ms", "frame budget", BENCH_LOWER_IS_BETTER, 1.0);
  printf ("  (%u steps over %u SIMs; stall p95 %.1f ms CPU; wall-clock p95 %.1f ms, longest %.1f ms)\n",
          steps.stalls->len, n, bench_percentile (steps.stalls, 95),
          bench_percentile (steps.wall_stalls, 95), bench_percentile (steps.wall_stalls, 100));
  g_array_unref (steps.stalls);
  g_array_unref (steps.wall_stalls);
}

/* ---------- resident memory, by kind and by part of the run ---------- */

/* A "Key:   N kB" line of /proc/self/status, in MB. */
static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *found;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (found = strstr (status, key)) == NULL)
    return -1;
  return g_ascii_strtoll (found + strlen (key), NULL, 10) / 1024.0;
}

/* The resident part of every mapping of a file whose name ends in
 * @suffix (/proc/self/smaps), in MB: how much of the resident set is the
 * memory-mapped cache database. */
static double
mapped_mb (const char *suffix)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_file = FALSE;
  gint64 kib = 0;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return -1;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        in_file = g_str_has_suffix (line, suffix);
      else if (in_file && g_str_has_prefix (line, "Rss:"))
        kib += g_ascii_strtoll (line + strlen ("Rss:"), NULL, 10);
    }
  return kib / 1024.0;
}

static GString *memory_notes;

/* Notes the resident set now: anonymous memory (heap: rows, widgets,
 * caches) apart from file pages (the cache's memory-mapped database and
 * the libraries), which the kernel can drop and reread at will. */
static void
note_memory (const char *when)
{
  if (memory_notes == NULL)
    memory_notes = g_string_new (NULL);
  g_string_append_printf (memory_notes, "  (resident %s: %.0f MB = anonymous %.0f + file %.0f"
                          " [of which the mapped cache database %.0f] + shared %.0f)\n",
                          when, status_mb ("VmRSS:"), status_mb ("RssAnon:"),
                          status_mb ("RssFile:"), mapped_mb (".sqlite"), status_mb ("RssShmem:"));
}

static gboolean
interact_timeout (gpointer user_data)
{
  bench_die ("the interactive run did not finish within 15 minutes");
}

static gboolean
interact (gpointer user_data)
{
  ProcureWindow *window = PROCURE_WINDOW (child.window);

  child.timeout = g_timeout_add_seconds (900, interact_timeout, NULL);
  child.wait = g_main_loop_new (NULL, FALSE);
  child.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  child.frame_wall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  child.frame_layout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_timeout_add_full (G_PRIORITY_HIGH, 1, monitor_tick, NULL, NULL);
  note_memory ("at the first frame");
  if (part_wanted ("filter"))
    type_to_filter (window);
  if (part_wanted ("scroll-orders"))
    {
      scroll_page (window, "orders", procure_session_get_orders (procure_window_get_session (window)),
                   "app.scroll_orders_p99");
      note_memory ("after scrolling the orders");
    }
  if (part_wanted ("scroll-sims"))
    {
      scroll_page (window, "sims", procure_session_get_sims (procure_window_get_session (window)),
                   "app.scroll_sims_p99");
      note_memory ("after scrolling the SIMs");
    }
  if (part_wanted ("sims-filter"))
    sims_filter (window);
  note_memory ("at the end");
  bench_figure ("app.resident_memory", bench_rss_kib (FALSE) / 1024.0, "MB", 250, "MB",
                "(the target itself)", BENCH_LOWER_IS_BETTER, 1.0);
  printf ("  (peak resident %.0f MB; %u orders, %u SIMs in the session's models)\n",
          bench_rss_kib (TRUE) / 1024.0,
          g_list_model_get_n_items (procure_session_get_orders (procure_window_get_session (window))),
          g_list_model_get_n_items (procure_session_get_sims (procure_window_get_session (window))));
  fputs (memory_notes->str, stdout);
  g_application_quit (G_APPLICATION (child.app));
  return G_SOURCE_REMOVE;
}

static gboolean
is_first_frame (void)
{
  if (PROCURE_IS_WINDOW (child.window))
    return g_strcmp0 (procure_window_get_face (PROCURE_WINDOW (child.window)), "main") == 0;
  return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (child.seen_first || !is_first_frame ())
    return;
  child.seen_first = TRUE;
  g_clear_handle_id (&child.timeout, g_source_remove);
  printf ("first-frame-us %" G_GINT64_FORMAT " cpu-ms %.1f\n",
          g_get_monotonic_time () - opt.t0, bench_process_cpu_ms ());
  fflush (stdout);
  if (opt.interact)
    g_idle_add (interact, NULL);
  else
    g_application_quit (G_APPLICATION (child.app));
}

static void
on_realize (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  if (child.window != NULL)
    return;
  child.window = window;
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}

static void
on_empty_activate (GtkApplication *app,
                   gpointer        user_data)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_present (GTK_WINDOW (window));
}

static gboolean
child_timeout (gpointer user_data)
{
  bench_die ("child %s: no first frame of the main face within 600 s", opt.child);
}

static int
run_child (void)
{
  g_autoptr(GtkApplication) app = NULL;

  if (g_str_equal (opt.child, "empty"))
    {
      app = GTK_APPLICATION (adw_application_new ("io.github.procure.BenchEmpty", G_APPLICATION_DEFAULT_FLAGS));
      g_signal_connect (app, "activate", G_CALLBACK (on_empty_activate), NULL);
    }
  else
    app = GTK_APPLICATION (procure_application_new ());
  child.app = app;
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  child.timeout = g_timeout_add_seconds (600, child_timeout, NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ---------- orchestrator ---------- */

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      loop)
{
  g_autoptr(GError) error = NULL;

  if (!procure_credentials_store_finish (result, &error))
    bench_die ("keyring: %s", error->message);
  g_main_loop_quit (loop);
}

/* What a user who signed in before leaves behind: token in the keyring,
 * server and login in GSettings, the filled cache. */
static void
prepare_user (const char *url)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bench_login (soup, url, opt.login, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSettings) settings = g_settings_new (PROCURE_APP_ID);
  g_autofree char *dest = procure_cache_path_for (NULL, url, opt.login);
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (token == NULL)
    bench_die ("%s", error->message);
  procure_credentials_store_async (url, opt.login, token, NULL, stored_cb, loop);
  g_main_loop_run (loop);
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "login", opt.login);
  g_settings_sync ();
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_get_contents (opt.cache, &contents, &length, &error)
      || !g_file_set_contents (dest, contents, (gssize) length, &error))
    bench_die ("cache copy: %s", error->message);
}

/* Execs this program as a child; returns its exec-to-first-frame in ms. */
static double
time_child (const char *argv0,
            const char *mode,
            gboolean    interact,
            double     *cpu_ms)
{
  g_autofree char *t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  const char *argv[] = { argv0, "--child", mode, "--t0", t0, "--frames", NULL, NULL, NULL, NULL, NULL };
  g_autofree char *frames = g_strdup_printf ("%d", opt.frames);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  const char *line;

  argv[6] = frames;
  argv[7] = interact ? "--interact" : NULL;
  if (interact && opt.only != NULL)
    {
      argv[8] = "--only";
      argv[9] = opt.only;
    }
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    bench_die ("child: %s", error->message);
  if (!g_subprocess_get_successful (process))
    bench_die ("child %s failed", mode);
  if ((line = strstr (out, "first-frame-us ")) == NULL)
    bench_die ("child %s printed no first frame", mode);
  /* the interactive child's own figures go straight through */
  if (interact)
    fputs (strchr (line, '\n') + 1, stdout);
  if (cpu_ms != NULL && strstr (line, "cpu-ms ") != NULL)
    *cpu_ms = g_ascii_strtod (strstr (line, "cpu-ms ") + strlen ("cpu-ms "), NULL);
  return g_ascii_strtoll (line + strlen ("first-frame-us "), NULL, 10) / 1000.0;
}

/* What the figures depend on besides the machine line of run-all. */
static void
print_versions (void)
{
  printf ("  (GTK %u.%u.%u, libadwaita %u.%u.%u, GSK_RENDERER=%s, GDK_BACKEND=%s, load average %.2f)\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)",
          g_getenv ("GDK_BACKEND") ? g_getenv ("GDK_BACKEND") : "(default)",
          bench_load_average ());
}

static int
run_orchestrator (const char *argv0)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) procure = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) procure_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  const char *server_argv[] = { bench_require_env ("PROCURE_SERVER"), "--db", opt.db,
                                "--listen", "127.0.0.1:0", NULL };
  double empty_ms, procure_ms;

  if ((server = bench_spawn_url (server_argv, &url, &error)) == NULL)
    bench_die ("procure-server: %s", error->message);
  prepare_user (url);
  print_versions ();
  if (!part_wanted ("startup"))
    {
      time_child (argv0, "procure", TRUE, NULL);
      bench_stop (server);
      return 0;
    }

  /* one run of each not counted: the first pays for cold file caches */
  time_child (argv0, "empty", FALSE, NULL);
  time_child (argv0, "procure", FALSE, NULL);
  for (gint i = 0; i < opt.runs; i++)
    {
      double ec = 0, pc = 0;
      double e = time_child (argv0, "empty", FALSE, &ec);
      double p = time_child (argv0, "procure", FALSE, &pc);

      g_array_append_val (empty, e);
      g_array_append_val (procure, p);
      g_array_append_val (empty_cpu, ec);
      g_array_append_val (procure_cpu, pc);
    }
  empty_ms = bench_percentile (empty, 50);
  procure_ms = bench_percentile (procure, 50);
  bench_figure ("app.first_frame", procure_ms, "ms (median)", empty_ms, "ms",
                "empty AdwApplicationWindow", BENCH_LOWER_IS_BETTER, 2.0);
  bench_figure ("app.first_frame_absolute", procure_ms, "ms (median)", 400, "ms",
                "(the target itself)", BENCH_LOWER_IS_BETTER, 1.0);
  printf ("  (%d runs each; empty window min %.0f max %.0f ms; procure min %.0f max %.0f ms)\n",
          opt.runs, g_array_index (empty, double, 0), g_array_index (empty, double, empty->len - 1),
          g_array_index (procure, double, 0), g_array_index (procure, double, procure->len - 1));
  printf ("  (CPU time to the first frame, median: procure %.0f ms, empty window %.0f ms)\n",
          bench_percentile (procure_cpu, 50), bench_percentile (empty_cpu, 50));
  fflush (stdout);

  time_child (argv0, "procure", TRUE, NULL);
  bench_stop (server);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gint64 t0 = 0;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt.db, "A bench-gen database", "FILE" },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &opt.cache, "The cache bench-client filled from it", "FILE" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &opt.login, "Whose cache (default sam)", "LOGIN" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt.runs, "Start-ups to take the median of (default 15)", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &opt.frames, "Frames per scroll run (default 240)", "N" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt.child, NULL, NULL },
    { "t0", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &t0, NULL, NULL },
    { "interact", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt.interact, NULL, NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt.only,
      "Run only these parts (for profiling): startup, filter, scroll-orders, scroll-sims, sims-filter "
      "(resident memory is always read)", "PART,..." },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— app benchmarks");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("%s", error->message);
  opt.t0 = t0;
  if (opt.login == NULL)
    opt.login = g_strdup ("sam");
  if (opt.child != NULL)
    return run_child ();
  if (opt.db == NULL || opt.cache == NULL || opt.runs < 1 || opt.frames < 1)
    bench_die ("--db FILE and --cache FILE are required");
  return run_orchestrator (argv[0]);
}
