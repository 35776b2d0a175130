/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-text-cell.h: one line of text in a list cell, drawn from the
 * glyph table of procure-glyph-text.h where it can be (Pango otherwise).
 *
 * The orders list shows eight columns in the 200 rows GTK 4.8 keeps
 * bound; as GtkLabels each new text meant a Pango layout and HarfBuzz
 * shaping for every size request. A text cell looks its glyphs up once
 * per text and asks for a new size only when its width changes.
 *
 * It is styled and read like a label: CSS name "label", accessible role
 * label named by its text, a read-only "label" property. With @min_chars
 * above 0 it may be narrowed to that many digit widths; it is then drawn
 * cut with an ellipsis ("cut" is TRUE). With 0 it always asks for its
 * whole text.
 *
 * A cell asks for the widest text it has shown (in its font): rows bound
 * anew while scrolling seldom change a column's width, which spares GTK a
 * new layout of the list and keeps the columns from jumping. A cell whose
 * background should fit its text (a status pill) asks for its text's
 * size only: procure_text_cell_set_fits_text().
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PROCURE_TYPE_TEXT_CELL (procure_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (ProcureTextCell, procure_text_cell, PROCURE, TEXT_CELL, GtkWidget)

GtkWidget  *procure_text_cell_new      (int              min_chars);
void        procure_text_cell_set_text (ProcureTextCell *self,
                                        const char      *text);
const char *procure_text_cell_get_text (ProcureTextCell *self);
void        procure_text_cell_set_fits_text (ProcureTextCell *self,
                                             gboolean         fits_text);
/* Whether the last allocation was too narrow for the whole text. */
gboolean    procure_text_cell_is_cut   (ProcureTextCell *self);

G_END_DECLS
