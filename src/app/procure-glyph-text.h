/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-glyph-text.h: short ASCII texts drawn without shaping, for list
 * rows that GTK 4.8 binds by the hundred per frame.
 *
 * GTK 4.8's list views keep about 200 rows bound around what is on
 * screen; a jump of the scroll bar or a new search result fills them all
 * in one frame. A GtkLabel re-lays its text out with Pango (HarfBuzz
 * shaping) for every size request, which made a frame of 200 order or
 * SIM rows cost 35–80 ms. Numbers, dates, amounts and most names are made
 * of characters that need no shaping: Latin letters with and without
 * accents, punctuation, spaces and currency signs. A table per font holds
 * each such character's glyph and advance (looked up the first time it is
 * used), and a text becomes a PangoGlyphString by look-up. Texts with
 * other characters (another script, combining marks) are left to Pango by
 * the caller; kerning is not applied.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* U+0000–U+024F (Latin) and U+2000–U+20CF (punctuation, currency). */
#define PROCURE_GLYPH_TABLE_SIZE (0x250 + 0xd0)

typedef struct {
  PangoFont     *font;
  PangoLanguage *language;
  gboolean       round;                              /* whole-pixel advances */
  PangoGlyph     glyph[PROCURE_GLYPH_TABLE_SIZE];
  int            advance[PROCURE_GLYPH_TABLE_SIZE];  /* Pango units */
  guint8         state[PROCURE_GLYPH_TABLE_SIZE];    /* 0 not looked up, 1 found, 2 not in the font */
  int            ascent, height;                     /* pixels */
  int            digit_width;                        /* Pango units */
} ProcureGlyphTable;

/* The table of @widget's font (or of its monospace variant), made once per
 * font for the life of the program; NULL if the font cannot be loaded.
 * Inside a list view, cells of one type and the same CSS classes share the
 * answer until the display's settings change. */
ProcureGlyphTable *procure_glyph_table_for   (GtkWidget         *widget,
                                              gboolean           monospace);
/* The glyphs of @text and their width in Pango units, or NULL if a
 * character is not in @table. */
PangoGlyphString  *procure_glyph_table_shape (ProcureGlyphTable *table,
                                              const char        *text,
                                              int               *width);

G_END_DECLS
