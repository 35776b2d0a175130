/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-table.h: a list of orders as a table: a header of column
 * titles (a click sorts, dragging a title's edge resizes its column) over
 * a GtkListView of one widget per row that draws all its columns itself.
 *
 * It replaces a GtkColumnView. GTK 4.8's list views keep about 200 rows
 * bound around what is on screen, and a jump of the scroll bar binds all
 * of them in one frame. With a column view that was 200 rows of eight
 * cells, some 3,400 widgets to bind, measure and draw: 26–29 ms of CPU per
 * frame against a 16.7 ms budget (docs/performance.md). Here it is 200
 * row widgets. Texts are drawn from procure-glyph-text.h where they can be
 * (Pango for anything else); status pills take their colours and font
 * from hidden widgets styled by the app's CSS (`.status-pill`); a row's
 * accessible label joins the texts of its columns.
 *
 * The table is a GtkScrollable: put it in a GtkScrolledWindow. The
 * vertical adjustment is the list view's; horizontally the header and the
 * rows scroll together when the columns need more room than there is.
 * Its CSS nodes are those of a column view (columnview.view > header >
 * button, columnview > listview > row > cell), so the theme styles it as
 * one.
 */
#pragma once

#include <gtk/gtk.h>

#include "procure-client.h"

G_BEGIN_DECLS

typedef enum {
  PROCURE_ORDER_COLUMN_NUMBER,
  PROCURE_ORDER_COLUMN_STATUS,
  PROCURE_ORDER_COLUMN_ACCOUNT,
  PROCURE_ORDER_COLUMN_CREATED,
  PROCURE_ORDER_COLUMN_TOTAL,
  PROCURE_ORDER_COLUMN_REQUESTED_DATE,
  PROCURE_ORDER_COLUMN_CREATED_BY,
  PROCURE_ORDER_COLUMN_NOTE,      /* only with procure_order_table_set_note() */
  PROCURE_N_ORDER_COLUMNS
} ProcureOrderColumn;

/* The note column's text for @row (NULL: none); set *highlight to style
 * it as `.overridden`. Called when a row is bound, for shown rows only. */
typedef char *(*ProcureOrderNoteFunc) (ProcureOrderRow *row,
                                       gboolean        *highlight,
                                       gpointer         user_data);

#define PROCURE_TYPE_ORDER_TABLE (procure_order_table_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderTable, procure_order_table, PROCURE, ORDER_TABLE, GtkWidget)

/* Signals: "activate" (guint position), a row activated with Enter;
 * "sort-changed", after a click on a column title. A plain single click on
 * a row activates `win.open-order` with the order's id. */
GtkWidget   *procure_order_table_new              (void);
/* @model's items are ProcureSlots of ProcureOrderRows. */
void         procure_order_table_set_model        (ProcureOrderTable   *self,
                                                   GtkSelectionModel   *model);
GtkListView *procure_order_table_get_list_view    (ProcureOrderTable   *self);
/* Adds the note column titled @title (NULL @func: removes it). */
void         procure_order_table_set_note         (ProcureOrderTable   *self,
                                                   const char          *title,
                                                   ProcureOrderNoteFunc func,
                                                   gpointer             user_data);
void         procure_order_table_get_sort         (ProcureOrderTable   *self,
                                                   ProcureOrderSort    *sort,
                                                   gboolean            *descending);
/* What a click on the column's title does: by that column, ascending
 * first, the other way on the next click. Emits "sort-changed". */
void         procure_order_table_sort_by_column   (ProcureOrderTable   *self,
                                                   ProcureOrderColumn   column);
/* The column's title button; NULL for the note column without a note. */
GtkWidget   *procure_order_table_get_title        (ProcureOrderTable   *self,
                                                   ProcureOrderColumn   column);
/* The width of the column's texts in pixels, as last laid out (-1: not
 * shown); setting it is what dragging the title's edge does (-1: back to
 * the width of its texts). */
int          procure_order_table_get_column_width (ProcureOrderTable   *self,
                                                   ProcureOrderColumn   column);
void         procure_order_table_set_column_width (ProcureOrderTable   *self,
                                                   ProcureOrderColumn   column,
                                                   int                  width);

/* One row. Read like a label: its "label" property and accessible label
 * are all its texts, joined with ", ". */
#define PROCURE_TYPE_ORDER_ROW_VIEW (procure_order_row_view_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderRowView, procure_order_row_view, PROCURE, ORDER_ROW_VIEW, GtkWidget)

const char   *procure_order_row_view_get_text   (ProcureOrderRowView *self,
                                                 ProcureOrderColumn   column);
ProcureStatus procure_order_row_view_get_status (ProcureOrderRowView *self);
gboolean      procure_order_row_view_get_pending (ProcureOrderRowView *self);
/* TRUE if the column's text did not fit and was cut short with "…". */
gboolean      procure_order_row_view_is_cut     (ProcureOrderRowView *self,
                                                 ProcureOrderColumn   column);

G_END_DECLS
