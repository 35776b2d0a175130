/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <string.h>

#include "procure-glyph-text.h"

/* Tables by font description, for the life of the program (a few fonts). */
static GHashTable *glyph_tables;

static ProcureGlyphTable *
glyph_table_new (PangoContext               *context,
                 const PangoFontDescription *description)
{
  g_autofree ProcureGlyphTable *table = g_new0 (ProcureGlyphTable, 1);
  PangoFontMetrics *metrics;

  table->font = pango_context_load_font (context, description);
  if (table->font == NULL)
    return NULL;
  table->language = pango_context_get_language (context);
  table->round = pango_context_get_round_glyph_positions (context);
  metrics = pango_font_get_metrics (table->font, NULL);
  table->ascent = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics));
  table->height = table->ascent + PANGO_PIXELS_CEIL (pango_font_metrics_get_descent (metrics));
  table->digit_width = pango_font_metrics_get_approximate_digit_width (metrics);
  pango_font_metrics_unref (metrics);
  return g_steal_pointer (&table);
}

/* The slot of @c in a table, or -1 for a character the table does not
 * cover (control characters, other scripts, combining marks). */
static int
glyph_index (gunichar c)
{
  if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xad)
    return -1;
  if (c < 0x250)
    return (int) c;
  if (c >= 0x2000 && c < 0x20d0 && !(c >= 0x200b && c <= 0x200f) && !(c >= 0x2028 && c <= 0x202e) &&
      !(c >= 0x2060 && c <= 0x206f))
    return 0x250 + (int) (c - 0x2000);
  return -1;
}

/* Shapes @c alone, once: the characters a table covers look the same in
 * any context. */
static gboolean
glyph_lookup (ProcureGlyphTable *table,
              gunichar           c,
              int                index)
{
  if (table->state[index] == 0)
    {
      char text[8];
      int n = g_unichar_to_utf8 (c, text);
      PangoAnalysis analysis = { .font = table->font, .script = PANGO_SCRIPT_COMMON,
                                 .language = table->language };
      PangoGlyphString *glyphs = pango_glyph_string_new ();

      /* as a layout of the same context does: whole-pixel advances unless
       * the context asks otherwise (the widths then match Pango's) */
      pango_shape_with_flags (text, n, text, n, &analysis, glyphs,
                              table->round ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE);
      table->state[index] = 2;
      /* a character the font lacks: its texts fall back to Pango */
      if (glyphs->num_glyphs == 1 && !(glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
          glyphs->glyphs[0].glyph != PANGO_GLYPH_EMPTY)
        {
          table->glyph[index] = glyphs->glyphs[0].glyph;
          table->advance[index] = glyphs->glyphs[0].geometry.width;
          table->state[index] = 1;
        }
      pango_glyph_string_free (glyphs);
    }
  return table->state[index] == 1;
}

static ProcureGlyphTable *
table_for_context (PangoContext *context,
                   gboolean      monospace)
{
  g_autoptr(PangoFontDescription) description =
    pango_font_description_copy (pango_context_get_font_description (context));
  ProcureGlyphTable *table;

  if (monospace)
    {
      /* the same for a bold header: its columns line up with the rows' */
      pango_font_description_set_family (description, "Monospace");
      pango_font_description_set_weight (description, PANGO_WEIGHT_NORMAL);
    }
  if (glyph_tables == NULL)
    glyph_tables = g_hash_table_new ((GHashFunc) pango_font_description_hash,
                                     (GEqualFunc) pango_font_description_equal);
  table = g_hash_table_lookup (glyph_tables, description);
  if (table == NULL && (table = glyph_table_new (context, description)) != NULL)
    g_hash_table_insert (glyph_tables, g_steal_pointer (&description), table);
  return table;
}

/* Any change of the display's settings (font, text scaling, DPI) may
 * change every font; the lists' shortcuts below are then asked again. */
static guint settings_generation;

static void
on_settings_notify (void)
{
  settings_generation++;
}

typedef struct {
  ProcureGlyphTable *table;
  guint              generation;
} ListEntry;

/* What decides a cell's font inside one list: its type and CSS classes
 * (rows differ only in states such as :selected, which do not change it). */
static char *
list_key (GtkWidget *widget,
          gboolean   monospace)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  g_autofree char *joined = g_strjoinv (".", classes);

  return g_strdup_printf ("%s.%s%s", G_OBJECT_TYPE_NAME (widget), joined, monospace ? "#mono" : "");
}

ProcureGlyphTable *
procure_glyph_table_for (GtkWidget *widget,
                         gboolean   monospace)
{
  static gboolean watching;
  GtkWidget *list = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);
  g_autofree char *key = NULL;
  GHashTable *entries;
  ListEntry *entry;

  if (!watching)
    {
      g_signal_connect (gtk_settings_get_for_display (gtk_widget_get_display (widget)), "notify",
                        G_CALLBACK (on_settings_notify), NULL);
      watching = TRUE;
    }
  /* Asking a widget for its Pango context makes GTK build one for it, for
   * every cell of every row a list creates (39 ms of one filter run in a
   * profile). The cells of a list share the answer of the first one. */
  if (list == NULL)
    return table_for_context (gtk_widget_get_pango_context (widget), monospace);
  if ((entries = g_object_get_data (G_OBJECT (list), "procure-glyph-tables")) == NULL)
    {
      entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (list), "procure-glyph-tables", entries,
                              (GDestroyNotify) g_hash_table_unref);
    }
  key = list_key (widget, monospace);
  entry = g_hash_table_lookup (entries, key);
  if (entry == NULL)
    {
      entry = g_new0 (ListEntry, 1);
      g_hash_table_insert (entries, g_steal_pointer (&key), entry);
    }
  else if (entry->generation == settings_generation && entry->table != NULL)
    return entry->table;
  entry->table = table_for_context (gtk_widget_get_pango_context (widget), monospace);
  entry->generation = settings_generation;
  return entry->table;
}

PangoGlyphString *
procure_glyph_table_shape (ProcureGlyphTable *table,
                           const char        *text,
                           int               *width)
{
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  int total = 0, n = 0;

  /* at most one glyph per byte */
  pango_glyph_string_set_size (glyphs, (int) strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int index = glyph_index (c);

      if (index < 0 || !glyph_lookup (table, c, index))
        {
          pango_glyph_string_free (glyphs);
          return NULL;
        }
      glyphs->glyphs[n] = (PangoGlyphInfo) { table->glyph[index], { table->advance[index], 0, 0 }, { 1, 0 } };
      glyphs->log_clusters[n] = (int) (p - text);
      total += table->advance[index];
      n++;
    }
  glyphs->num_glyphs = n;
  if (width != NULL)
    *width = total;
  return glyphs;
}
