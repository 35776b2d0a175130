/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ProcureOrderTable in a real window: each row draws its orders' texts in
 * the columns under the titles; numbers, dates and amounts are never cut
 * while names give way, and a window narrower than that scrolls the titles
 * and rows sideways together; a click on a title sorts, the next one the
 * other way; a column dragged wider stays so, one dragged narrower stops
 * at its texts; right to left mirrors the columns; a note column's rows
 * are as high as their note; a row reads like a label.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-order-table.h"
#include "procure-test-util.h"
#include "procure-widgets.h"

#define N_ROWS 12
#define LONG_NAME "Acme Logistics International Holding GmbH & Co. KG"

typedef struct {
  GtkWidget         *window;
  GtkWidget         *scrolled;
  ProcureOrderTable *table;
  GListStore        *rows;
} Fixture;

static ProcureOrderRow *
make_row (guint i)
{
  g_autoptr(ProcureOrder) order = procure_order_new ();

  order->id = g_strdup_printf ("o%u", i);
  /* every other order accepted, with a PO number */
  order->number = i % 2 ? g_strdup_printf ("45000120%02u", i) : NULL;
  order->status = (ProcureStatus) (i % PROCURE_N_STATUSES);
  order->account_id = g_strdup ("acme");
  order->account_name = g_strdup (i == 3 ? LONG_NAME : "Acme Logistics");
  order->created_at = g_strdup_printf ("2026-11-%02uT09:%02u:00Z", i + 1, i);
  order->created_by = g_strdup ("u-pat");
  order->created_by_name = g_strdup (i % 3 ? "Pat Schneider" : "Jürgen Müller");
  order->currency = g_strdup ("EUR");
  order->total = 125000 * (gint64) (i + 1);
  order->requested_ship_date = g_strdup_printf ("2026-12-%02u", i + 1);
  return procure_order_row_new_from_order (order);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ProcureSlotList) slots = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  fixture->rows = g_list_store_new (PROCURE_TYPE_ORDER_ROW);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autoptr(ProcureOrderRow) row = make_row (i);

      g_list_store_append (fixture->rows, row);
    }
  slots = procure_slot_list_new (G_LIST_MODEL (fixture->rows));
  selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (slots))));
  fixture->table = PROCURE_ORDER_TABLE (procure_order_table_new ());
  gtk_widget_add_css_class (GTK_WIDGET (fixture->table), "data-table");
  procure_order_table_set_model (fixture->table, selection);
  fixture->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture->scrolled), GTK_WIDGET (fixture->table));
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->scrolled);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 500);
  gtk_window_present (GTK_WINDOW (fixture->window));
  procure_test_wait_for_draw (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_object_unref (fixture->rows);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (PROCURE_IS_ORDER_ROW_VIEW (widget))
    {
      if (gtk_widget_get_mapped (widget))
        g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The rows on screen, by order id. */
static GHashTable *
rows_by_id (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  collect_rows (GTK_WIDGET (fixture->table), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      ProcureOrderRowView *view = g_ptr_array_index (rows, i);
      const char *created = procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_CREATED);

      /* the creation day tells the rows of make_row() apart */
      g_hash_table_insert (by_id, g_strdup_printf ("o%d", atoi (created) - 1), view);
    }
  return by_id;
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *target)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, target, &bounds));
  return bounds;
}

/* Every row shows its order; the texts of each column lie within the
 * column's title, and nothing is cut in a wide window. */
static void
test_rows_under_titles (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) views = NULL;

  /* room for every text, the longest name too */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 500);
  procure_test_wait_for_draw (fixture->window);
  views = rows_by_id (fixture);
  g_assert_cmpuint (g_hash_table_size (views), ==, N_ROWS);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autoptr(ProcureOrderRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->rows), i);
      g_autofree char *id = g_strdup_printf ("o%u", i);
      ProcureOrderRowView *view = g_hash_table_lookup (views, id);
      g_autofree char *label = NULL;
      g_autofree char *created = procure_format_timestamp (procure_order_row_get_created_at (row));
      g_autofree char *joined = NULL;

      g_assert_nonnull (view);
      g_assert_cmpstr (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_NUMBER), ==,
                       procure_order_row_get_number (row) ? procure_order_row_get_number (row) : "—");
      g_assert_cmpint (procure_order_row_view_get_status (view), ==, procure_order_row_get_status (row));
      g_assert_cmpstr (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_STATUS), ==,
                       procure_status_get_label (procure_order_row_get_status (row)));
      g_assert_cmpstr (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_ACCOUNT), ==,
                       procure_order_row_get_account_name (row));
      g_assert_cmpstr (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_TOTAL), ==,
                       procure_order_row_get_total_label (row));
      g_assert_cmpstr (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_CREATED_BY), ==,
                       procure_order_row_get_created_by_name (row));
      g_assert_null (procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_NOTE));

      /* read like a label: every text, in column order */
      g_object_get (view, "label", &label, NULL);
      joined = g_strjoin (", ", procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_NUMBER),
                          procure_status_get_label (procure_order_row_get_status (row)),
                          procure_order_row_get_account_name (row), created,
                          procure_order_row_get_total_label (row),
                          procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_REQUESTED_DATE),
                          procure_order_row_get_created_by_name (row), NULL);
      g_assert_cmpstr (label, ==, joined);
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), ==,
                       GTK_ACCESSIBLE_ROLE_LABEL);

      for (int c = 0; c < PROCURE_ORDER_COLUMN_NOTE; c++)
        {
          GtkWidget *title = procure_order_table_get_title (fixture->table, c);
          graphene_rect_t title_box = bounds_in (title, GTK_WIDGET (fixture->table));
          graphene_rect_t row_box = bounds_in (GTK_WIDGET (view), GTK_WIDGET (fixture->table));
          int width = procure_order_table_get_column_width (fixture->table, c);
          const char *text = procure_order_row_view_get_text (view, c);

          g_assert_false (procure_order_row_view_is_cut (view, c));
          /* the column's texts fit in it (glyphs without kerning: within
           * a few pixels of Pango's width) */
          if (c != PROCURE_ORDER_COLUMN_STATUS)
            {
              int laid_out = procure_test_pango_width (GTK_WIDGET (view), text);

              g_assert_cmpint (width, >=, laid_out - 1 - laid_out / 25);
            }
          g_assert_cmpint (width, >, 0);
          g_assert_cmpfloat (width, <, title_box.size.width);
          /* the row spans the titles */
          g_assert_cmpfloat (row_box.origin.x, <=, title_box.origin.x + 6);
          g_assert_cmpfloat (row_box.origin.x + row_box.size.width, >=,
                             title_box.origin.x + title_box.size.width - 6);
        }
    }
  g_assert_null (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_NOTE));
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_NOTE), ==, -1);
}

/* Narrower than the columns' texts: names are cut with "…", numbers,
 * dates and amounts never; narrower still, the table scrolls sideways and
 * the titles move with the rows. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (fixture->scrolled));
  g_autoptr(GHashTable) views = NULL;
  ProcureOrderRowView *long_name;
  int wide_account = procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_ACCOUNT);
  int total = procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL);
  GtkWidget *title;
  graphene_rect_t before, after, row_before, row_after;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 500);
  procure_test_wait_for_draw (fixture->window);
  views = rows_by_id (fixture);
  long_name = g_hash_table_lookup (views, "o3");
  g_assert_nonnull (long_name);
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_ACCOUNT), <,
                   wide_account);
  g_assert_true (procure_order_row_view_is_cut (long_name, PROCURE_ORDER_COLUMN_ACCOUNT));
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==, total);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%u", i);
      ProcureOrderRowView *view = g_hash_table_lookup (views, id);

      g_assert_false (procure_order_row_view_is_cut (view, PROCURE_ORDER_COLUMN_NUMBER));
      g_assert_false (procure_order_row_view_is_cut (view, PROCURE_ORDER_COLUMN_CREATED));
      g_assert_false (procure_order_row_view_is_cut (view, PROCURE_ORDER_COLUMN_TOTAL));
      g_assert_false (procure_order_row_view_is_cut (view, PROCURE_ORDER_COLUMN_REQUESTED_DATE));
    }

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 500);
  procure_test_wait_for_draw (fixture->window);
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), >, gtk_adjustment_get_page_size (hadjustment));
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==, total);
  title = procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_TOTAL);
  before = bounds_in (title, fixture->window);
  row_before = bounds_in (GTK_WIDGET (long_name), fixture->window);
  gtk_adjustment_set_value (hadjustment, 150);
  procure_test_wait_for_draw (fixture->window);
  after = bounds_in (title, fixture->window);
  row_after = bounds_in (GTK_WIDGET (long_name), fixture->window);
  g_assert_cmpfloat (before.origin.x - after.origin.x, ==, 150);
  g_assert_cmpfloat (row_before.origin.x - row_after.origin.x, ==, 150);
}

static int sort_changes;

static void
on_sort_changed (ProcureOrderTable *table)
{
  sort_changes++;
}

static const char *
indicator_icon (ProcureOrderTable  *table,
                ProcureOrderColumn  column)
{
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (procure_order_table_get_title (table, column)));

  return gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_last_child (box)));
}

/* Newest first to begin with; a click on a title sorts by it, ascending,
 * the next click descending; the arrow follows. */
static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  ProcureOrderSort sort;
  gboolean descending;

  g_signal_connect (fixture->table, "sort-changed", G_CALLBACK (on_sort_changed), NULL);
  sort_changes = 0;
  procure_order_table_get_sort (fixture->table, &sort, &descending);
  g_assert_cmpint (sort, ==, PROCURE_ORDER_SORT_CREATED);
  g_assert_true (descending);
  g_assert_cmpstr (indicator_icon (fixture->table, PROCURE_ORDER_COLUMN_CREATED), ==, "pan-down-symbolic");
  g_assert_null (indicator_icon (fixture->table, PROCURE_ORDER_COLUMN_TOTAL));

  g_signal_emit_by_name (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), "clicked");
  procure_order_table_get_sort (fixture->table, &sort, &descending);
  g_assert_cmpint (sort_changes, ==, 1);
  g_assert_cmpint (sort, ==, PROCURE_ORDER_SORT_TOTAL);
  g_assert_false (descending);
  g_assert_cmpstr (indicator_icon (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==, "pan-up-symbolic");
  g_assert_null (indicator_icon (fixture->table, PROCURE_ORDER_COLUMN_CREATED));

  g_signal_emit_by_name (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), "clicked");
  procure_order_table_get_sort (fixture->table, &sort, &descending);
  g_assert_cmpint (sort_changes, ==, 2);
  g_assert_cmpint (sort, ==, PROCURE_ORDER_SORT_TOTAL);
  g_assert_true (descending);
  g_assert_cmpstr (indicator_icon (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==, "pan-down-symbolic");

  g_signal_emit_by_name (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_CREATED_BY), "clicked");
  procure_order_table_get_sort (fixture->table, &sort, &descending);
  g_assert_cmpint (sort, ==, PROCURE_ORDER_SORT_CREATED_BY);
  g_assert_false (descending);
}

/* What dragging a title's edge does: wider stays, narrower stops where the
 * texts would be cut (a name column at its minimum), -1 gives the column
 * back to its texts. */
static void
test_resize (Fixture       *fixture,
             gconstpointer  data)
{
  int total, created_by;
  g_autoptr(GHashTable) views = NULL;

  /* room to spare: the name columns share it */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1600, 500);
  procure_test_wait_for_draw (fixture->window);
  total = procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL);
  created_by = procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_CREATED_BY);

  procure_order_table_set_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL, total + 80);
  procure_test_wait_for_draw (fixture->window);
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==,
                   total + 80);
  /* the expanding columns gave it the room */
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_CREATED_BY), <,
                   created_by);

  procure_order_table_set_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL, 5);
  procure_test_wait_for_draw (fixture->window);
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL), ==, total);

  procure_order_table_set_column_width (fixture->table, PROCURE_ORDER_COLUMN_ACCOUNT, 5);
  procure_test_wait_for_draw (fixture->window);
  views = rows_by_id (fixture);
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_ACCOUNT), >, 5);
  g_assert_true (procure_order_row_view_is_cut (g_hash_table_lookup (views, "o3"), PROCURE_ORDER_COLUMN_ACCOUNT));

  procure_order_table_set_column_width (fixture->table, PROCURE_ORDER_COLUMN_ACCOUNT, -1);
  procure_order_table_set_column_width (fixture->table, PROCURE_ORDER_COLUMN_TOTAL, -1);
  procure_test_wait_for_draw (fixture->window);
  g_assert_false (procure_order_row_view_is_cut (g_hash_table_lookup (views, "o3"), PROCURE_ORDER_COLUMN_ACCOUNT));
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_CREATED_BY), ==,
                   created_by);
}

/* Right to left, the Number column is the rightmost, its texts under its
 * title. */
static void
test_right_to_left (Fixture       *fixture,
                    gconstpointer  data)
{
  graphene_rect_t number, created_by;

  g_autoptr(GHashTable) views = NULL;
  ProcureOrderRowView *row;
  graphene_rect_t row_box, title_box;
  int x, width;

  /* as a right-to-left locale has it */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  procure_test_wait_for_draw (fixture->window);
  number = bounds_in (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_NUMBER),
                      GTK_WIDGET (fixture->table));
  created_by = bounds_in (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_CREATED_BY),
                          GTK_WIDGET (fixture->table));
  g_assert_cmpfloat (number.origin.x, >, created_by.origin.x);
  g_assert_cmpfloat (number.origin.x + number.size.width, >=,
                     gtk_widget_get_width (GTK_WIDGET (fixture->table)) - 1);
  /* a row's PO number is drawn under its title: ink at the title's end */
  views = rows_by_id (fixture);
  row = g_hash_table_lookup (views, "o1");
  row_box = bounds_in (GTK_WIDGET (row), GTK_WIDGET (fixture->table));
  title_box = number;
  width = procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_NUMBER);
  x = (int) (title_box.origin.x + title_box.size.width) - 6 - width;   /* the texts' start, in the table */
  g_assert_cmpfloat (row_box.origin.x + row_box.size.width, >=, x + width);
  procure_test_screenshot (fixture->window, "order-table-rtl");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

static char *
note_for (ProcureOrderRow *row,
          gboolean        *highlight,
          gpointer         user_data)
{
  guint *calls = user_data;

  (*calls)++;
  *highlight = procure_order_row_get_status (row) == PROCURE_STATUS_PENDING_APPROVAL;
  /* long enough to wrap in most rows */
  return g_strdup_printf ("Price Plan: IOT-FLEX-50MB (default IOT-POOL-1GB) for %s",
                          procure_order_row_get_id (row));
}

static gboolean
after_frames (gpointer data)
{
  guint *frames = data;

  return ++*frames > 3;
}

/* A note column: every row shows its note, highlighted where asked, and is
 * as high as it needs (its note wraps to the column). */
static void
test_note (Fixture       *fixture,
           gconstpointer  data)
{
  guint calls = 0, frames = 0;
  g_autoptr(GHashTable) views = NULL;
  GHashTableIter iter;
  gpointer view;

  procure_order_table_set_note (fixture->table, "Differences", note_for, &calls);
  procure_test_wait_for_draw (fixture->window);
  procure_test_wait_for (after_frames, &frames, 5);
  procure_test_wait_for_draw (fixture->window);
  g_assert_cmpuint (calls, >=, N_ROWS);
  g_assert_nonnull (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_NOTE));
  g_assert_cmpint (procure_order_table_get_column_width (fixture->table, PROCURE_ORDER_COLUMN_NOTE), >, 0);
  views = rows_by_id (fixture);
  g_assert_cmpuint (g_hash_table_size (views), >=, N_ROWS / 2);   /* those on screen */
  g_hash_table_iter_init (&iter, views);
  while (g_hash_table_iter_next (&iter, NULL, &view))
    {
      GtkWidget *note = gtk_widget_get_first_child (view);
      const char *text = procure_order_row_view_get_text (view, PROCURE_ORDER_COLUMN_NOTE);
      int minimum, natural;

      g_assert_true (GTK_IS_LABEL (note));
      g_assert_true (g_str_has_prefix (text, "Price Plan: IOT-FLEX-50MB"));
      g_assert_true (gtk_widget_has_css_class (note, "overridden") ==
                     (procure_order_row_view_get_status (view) == PROCURE_STATUS_PENDING_APPROVAL));
      /* the note's whole height is inside the row */
      gtk_widget_measure (note, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (note), &minimum, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_height (note), >=, natural);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >=, natural);
    }
  procure_test_screenshot (fixture->window, "order-table-note");

  procure_order_table_set_note (fixture->table, NULL, NULL, NULL);
  procure_test_wait_for_draw (fixture->window);
  g_assert_null (procure_order_table_get_title (fixture->table, PROCURE_ORDER_COLUMN_NOTE));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  g_test_add ("/app/order-table/rows-under-titles", Fixture, NULL,
              fixture_setup, test_rows_under_titles, fixture_teardown);
  g_test_add ("/app/order-table/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/app/order-table/sort", Fixture, NULL, fixture_setup, test_sort, fixture_teardown);
  g_test_add ("/app/order-table/resize", Fixture, NULL, fixture_setup, test_resize, fixture_teardown);
  g_test_add ("/app/order-table/right-to-left", Fixture, NULL,
              fixture_setup, test_right_to_left, fixture_teardown);
  g_test_add ("/app/order-table/note", Fixture, NULL, fixture_setup, test_note, fixture_teardown);

  return g_test_run ();
}
