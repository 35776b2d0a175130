/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ProcureTextCell in a real window: its sizes match what Pango lays out for
 * the same text (within kerning, which the glyph table leaves out),
 * accented Latin, dashes, narrow spaces and the euro sign take the glyph
 * path, other scripts Pango's, a narrowed cell is cut, and a cell keeps
 * asking for the widest text it has shown unless it fits its text.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-glyph-text.h"
#include "procure-test-util.h"
#include "procure-text-cell.h"

typedef struct {
  GtkWidget *window;
  GtkWidget *box;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  fixture->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->box);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 200);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static GtkWidget *
add_cell (Fixture *fixture,
          int      min_chars)
{
  GtkWidget *cell = procure_text_cell_new (min_chars);

  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (fixture->box), cell);
  return cell;
}

static int
natural_width (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return natural;
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return minimum;
}

static int
pango_width (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
test_sizes_follow_pango (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char *texts[] = {
    "4500012004", "21 Nov 2026, 09:00", "€13,800.00", "1.500,00\u00a0€", "Rückfrage offen",
    "Jürgen Müller", "—", "12\u202f:\u202f30", "Łódź Ørsted Ærø",
  };
  GtkWidget *cell = add_cell (fixture, 0);
  ProcureGlyphTable *table;

  procure_test_wait_for_draw (fixture->window);
  table = procure_glyph_table_for (cell, FALSE);
  g_assert_nonnull (table);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GtkWidget *fits = add_cell (fixture, 0);
      PangoGlyphString *glyphs = procure_glyph_table_shape (table, texts[i], NULL);
      int expected = pango_width (fits, texts[i]);

      /* every one of these takes the glyph path */
      g_assert_nonnull (glyphs);
      pango_glyph_string_free (glyphs);
      procure_text_cell_set_fits_text (PROCURE_TEXT_CELL (fits), TRUE);
      procure_text_cell_set_text (PROCURE_TEXT_CELL (fits), texts[i]);
      g_assert_cmpstr (procure_text_cell_get_text (PROCURE_TEXT_CELL (fits)), ==, texts[i]);
      /* the same advances as Pango's, but no kerning: a few pixels */
      g_test_message ("%s: %d vs Pango %d", texts[i], natural_width (fits), expected);
      g_assert_cmpint (ABS (natural_width (fits) - expected), <=, 1 + expected / 25);
    }

  /* another script is Pango's to lay out, to the pixel */
  g_assert_null (procure_glyph_table_shape (table, "שלום עולם", NULL));
  g_assert_null (procure_glyph_table_shape (table, "e\u0301", NULL));   /* a combining accent */
  procure_text_cell_set_fits_text (PROCURE_TEXT_CELL (cell), TRUE);
  procure_text_cell_set_text (PROCURE_TEXT_CELL (cell), "שלום עולם");
  g_assert_cmpint (natural_width (cell), ==, pango_width (cell, "שלום עולם"));
}

static void
test_widest_text_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *cell = add_cell (fixture, 0);
  GtkWidget *pill = add_cell (fixture, 0);
  int wide;

  procure_text_cell_set_fits_text (PROCURE_TEXT_CELL (pill), TRUE);
  procure_test_wait_for_draw (fixture->window);
  procure_text_cell_set_text (PROCURE_TEXT_CELL (cell), "Information Requested");
  procure_text_cell_set_text (PROCURE_TEXT_CELL (pill), "Information Requested");
  wide = natural_width (cell);
  g_assert_cmpint (wide, >, 0);
  g_assert_cmpint (natural_width (pill), ==, wide);

  procure_text_cell_set_text (PROCURE_TEXT_CELL (cell), "Draft");
  procure_text_cell_set_text (PROCURE_TEXT_CELL (pill), "Draft");
  g_assert_cmpint (natural_width (cell), ==, wide);      /* a column does not shrink while scrolling */
  g_assert_cmpint (natural_width (pill), <, wide);       /* a pill fits its text */
  g_assert_cmpint (ABS (natural_width (pill) - pango_width (pill, "Draft")), <=, 1);
}

static void
test_cut_when_narrow (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *name = "Acme Logistics International Holding";
  GtkWidget *names = add_cell (fixture, 16);
  GtkWidget *amounts = add_cell (fixture, 0);

  procure_test_wait_for_draw (fixture->window);
  procure_text_cell_set_text (PROCURE_TEXT_CELL (names), name);
  procure_text_cell_set_text (PROCURE_TEXT_CELL (amounts), "€13,800.00");

  /* a name column may give way down to 16 digit widths, an amount never */
  g_assert_cmpint (minimum_width (names), <, natural_width (names));
  g_assert_cmpint (minimum_width (amounts), ==, natural_width (amounts));

  /* the window at its smallest: as wide as the name's minimum */
  gtk_widget_set_halign (names, GTK_ALIGN_FILL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1, 1);
  procure_test_wait_for_draw (fixture->window);
  g_assert_cmpint (gtk_widget_get_width (names), <, natural_width (names));
  g_assert_true (procure_text_cell_is_cut (PROCURE_TEXT_CELL (names)));
  g_assert_cmpint (gtk_widget_get_width (amounts), ==, natural_width (amounts));
  g_assert_false (procure_text_cell_is_cut (PROCURE_TEXT_CELL (amounts)));

  /* read like a label */
  {
    g_autofree char *label = NULL;

    g_object_get (names, "label", &label, NULL);
    g_assert_cmpstr (label, ==, name);
    g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (names)), ==,
                     GTK_ACCESSIBLE_ROLE_LABEL);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  g_test_add ("/app/text-cell/sizes-follow-pango", Fixture, NULL,
              fixture_setup, test_sizes_follow_pango, fixture_teardown);
  g_test_add ("/app/text-cell/widest-text-kept", Fixture, NULL,
              fixture_setup, test_widest_text_kept, fixture_teardown);
  g_test_add ("/app/text-cell/cut-when-narrow", Fixture, NULL,
              fixture_setup, test_cut_when_narrow, fixture_teardown);

  return g_test_run ();
}
