/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-widgets.h: small helpers shared by the pages: status pills,
 * date formatting, accessible names.
 */
#pragma once

#include <adwaita.h>

#include "procure-core.h"

G_BEGIN_DECLS

/* Shows @status in a GtkLabel with the "status-pill" class (lists draw
 * their pills themselves, procure-order-table.h). */
void       procure_status_pill_set       (GtkWidget     *pill,
                                          ProcureStatus  status);

/* "22 Nov 2026, 09:30" in local time from an RFC 3339 string; "—" if NULL. */
char      *procure_format_timestamp      (const char    *rfc3339);
/* "22 Nov 2026" from YYYY-MM-DD; "—" if NULL or invalid. */
char      *procure_format_date           (const char    *date);

/* The line between two rows of a list view with separators, drawn by
 * @row_child (the child of a list row) across the top or bottom of its
 * row: Adwaita's 1 px of alpha(currentColor, 0.15), as a colour node. The
 * list views that use this show no separators of their own: GTK 4.8's
 * cairo renderer fills a CSS border as a path, some 500,000 instructions
 * per row on screen and frame. */
void       procure_snapshot_row_separator (GtkWidget     *row_child,
                                           GtkSnapshot   *snapshot,
                                           gboolean       top);

/* Sets the accessible name tests and screen readers find the widget by. */
void       procure_set_accessible_label  (GtkWidget     *widget,
                                          const char    *label);

/* Marks a row as invalid (the "error" style class) or clears it. */
void       procure_widget_set_error      (GtkWidget     *widget,
                                          gboolean       error);

/* Gives a combo row over a GtkStringList a factory that shows each value
 * whole, ellipsized only when the row is too narrow: libadwaita 1.2's
 * default one stops every value at 20 characters ("Jana Petersen, Am
 * San…"). */
void       procure_combo_row_show_full_values (AdwComboRow *row);

/* Saves a snapshot of @widget as it is drawn now into @path (PNG). */
gboolean   procure_widget_save_png       (GtkWidget     *widget,
                                          const char    *path,
                                          GError       **error);

G_END_DECLS
