/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-glyph-text in a real window: the width of a text drawn from a
 * glyph table matches what Pango lays out for it (within kerning, which
 * the table leaves out); accented Latin, dashes, narrow spaces and the
 * euro sign take the glyph path, other scripts are left to Pango; the
 * widgets of one list share their font's table, and ask again after a
 * settings change.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-glyph-text.h"
#include "procure-test-util.h"

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
add_label (Fixture *fixture)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (fixture->box), label);
  return label;
}

static void
test_sizes_follow_pango (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char *texts[] = {
    "4500012004", "21 Nov 2026, 09:00", "€13,800.00", "1.500,00\u00a0€", "Rückfrage offen",
    "Jürgen Müller", "—", "12\u202f:\u202f30", "Łódź Ørsted Ærø",
  };
  GtkWidget *label = add_label (fixture);
  ProcureGlyphTable *table;

  procure_test_wait_for_draw (fixture->window);
  table = procure_glyph_table_for (label, FALSE);
  g_assert_nonnull (table);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      int width = 0, expected = procure_test_pango_width (label, texts[i]);
      PangoGlyphString *glyphs = procure_glyph_table_shape (table, texts[i], &width);

      /* every one of these takes the glyph path */
      g_assert_nonnull (glyphs);
      pango_glyph_string_free (glyphs);
      /* the same advances as Pango's, but no kerning: a few pixels */
      g_test_message ("%s: %d vs Pango %d", texts[i], PANGO_PIXELS_CEIL (width), expected);
      g_assert_cmpint (ABS (PANGO_PIXELS_CEIL (width) - expected), <=, 1 + expected / 25);
    }

  /* another script is Pango's to lay out */
  g_assert_null (procure_glyph_table_shape (table, "שלום עולם", NULL));
  g_assert_null (procure_glyph_table_shape (table, "e\u0301", NULL));   /* a combining accent */
}

/* ---------- the widgets of one list share their font's table ---------- */

static void
setup_list_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_list_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_label (GTK_LABEL (cell), gtk_string_object_get_string (gtk_list_item_get_item (item)));
  /* every third row bold, as a heading */
  if (position % 3 == 0)
    gtk_widget_add_css_class (cell, "heading");
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

/* The table a list's cell gets is the one of its own font: the same for
 * cells styled alike, another for bold ones, and asked again after a
 * settings change. */
static void
test_list_shares_tables (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *texts[] = { "4500012001", "Acme Logistics", "€1,250.00", "Draft", "Pat",
                          "22 Nov 2026", NULL };
  GtkStringList *strings = gtk_string_list_new (texts);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *view;
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  ProcureGlyphTable *plain = NULL, *bold = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_list_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_list_cell), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (strings))), factory);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (fixture->box), view);
  procure_test_wait_for_draw (fixture->window);
  collect_cells (view, cells);
  g_assert_cmpuint (cells->len, ==, 6);

  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      ProcureGlyphTable *table = procure_glyph_table_for (cell, FALSE);
      PangoContext *context = gtk_widget_get_pango_context (cell);
      g_autoptr(PangoFont) font = pango_context_load_font (context, pango_context_get_font_description (context));
      g_autoptr(PangoFontDescription) own = pango_font_describe (table->font);
      g_autoptr(PangoFontDescription) wanted = pango_font_describe (font);
      gboolean heading = gtk_widget_has_css_class (cell, "heading");

      /* the font the cell's own context would load */
      g_assert_true (pango_font_description_equal (own, wanted));
      if (heading)
        bold = bold ? bold : table;
      else
        plain = plain ? plain : table;
      g_assert_true (table == (heading ? bold : plain));
    }
  g_assert_nonnull (plain);
  g_assert_nonnull (bold);
  g_assert_true (plain != bold);

  /* Larger text: the shared answer is not kept. */
  g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 20", NULL);
  {
    GtkWidget *cell = g_ptr_array_index (cells, 1);
    ProcureGlyphTable *table = procure_glyph_table_for (cell, FALSE);

    g_assert_true (table != plain);
    g_assert_cmpint (table->height, >, plain->height);
  }
  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-font-name");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  g_test_add ("/app/glyph-text/sizes-follow-pango", Fixture, NULL,
              fixture_setup, test_sizes_follow_pango, fixture_teardown);
  g_test_add ("/app/glyph-text/list-shares-tables", Fixture, NULL,
              fixture_setup, test_list_shares_tables, fixture_teardown);

  return g_test_run ();
}
