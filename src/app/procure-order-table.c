/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "procure-glyph-text.h"
#include "procure-order-table.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

/* Adwaita's column view: a cell's padding at each side, and the border
 * left of every title but the first. The rows draw their columns where
 * the titles are. */
#define CELL_PADDING 6
#define TITLE_BORDER 1
/* Columns that expand (names) give way down to this many digit widths
 * when the window is narrow; numbers, dates and amounts are never cut. */
#define EXPAND_MIN_CHARS 16
#define ICON_SIZE 16
#define ICON_GAP 6
/* How near a title's edge a drag resizes the column (pixels). */
#define RESIZE_GRIP 5

typedef struct {
  const char       *title;
  ProcureOrderSort  sort;      /* PROCURE_N_ORDER_SORTS: not sortable */
  gboolean          expand;
} ColumnSpec;

static const ColumnSpec column_specs[PROCURE_N_ORDER_COLUMNS] = {
  { N_("Number"), PROCURE_ORDER_SORT_NUMBER, FALSE },
  { N_("Status"), PROCURE_ORDER_SORT_STATUS, FALSE },
  { N_("Account"), PROCURE_ORDER_SORT_ACCOUNT, TRUE },
  { N_("Created"), PROCURE_ORDER_SORT_CREATED, FALSE },
  { N_("Total"), PROCURE_ORDER_SORT_TOTAL, FALSE },
  { N_("Requested Date"), PROCURE_ORDER_SORT_REQUESTED_DATE, FALSE },
  { N_("Created By"), PROCURE_ORDER_SORT_CREATED_BY, TRUE },
  { NULL, PROCURE_N_ORDER_SORTS, TRUE },   /* the note, titled by the caller */
};

/* A text ready to draw: glyphs from a glyph table, or a Pango layout for
 * characters the table does not cover. */
typedef struct {
  PangoFont        *font;      /* of @glyphs; the glyph table's, not a reference */
  PangoGlyphString *glyphs;
  PangoLayout      *layout;
  int               width, height, ascent;   /* pixels */
} Shape;

static void
shape_clear (Shape *shape)
{
  g_clear_pointer (&shape->glyphs, pango_glyph_string_free);
  g_clear_object (&shape->layout);
  shape->width = shape->height = shape->ascent = 0;
}

/* @text in @widget's font (@table: its glyph table, or NULL). */
static void
shape_text (Shape             *shape,
            GtkWidget         *widget,
            ProcureGlyphTable *table,
            const char        *text)
{
  int width = 0;

  shape_clear (shape);
  if (table != NULL && (shape->glyphs = procure_glyph_table_shape (table, text, &width)) != NULL)
    {
      shape->font = table->font;
      shape->width = PANGO_PIXELS_CEIL (width);
      shape->height = table->height;
      shape->ascent = table->ascent;
      return;
    }
  shape->layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (shape->layout, &shape->width, &shape->height);
  shape->ascent = PANGO_PIXELS (pango_layout_get_baseline (shape->layout));
}

static void
shape_draw (const Shape   *shape,
            GtkSnapshot   *snapshot,
            int            x,
            int            y,
            const GdkRGBA *color)
{
  if (shape->layout != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_append_layout (snapshot, shape->layout, color);
      gtk_snapshot_restore (snapshot);
    }
  else if (shape->glyphs != NULL && shape->glyphs->num_glyphs > 0)
    {
      g_autoptr(GskRenderNode) node = gsk_text_node_new (shape->font, shape->glyphs, color,
                                                         &GRAPHENE_POINT_INIT (x, y + shape->ascent));

      if (node != NULL)
        gtk_snapshot_append_node (snapshot, node);
    }
}

/* ---------- the table ---------- */

struct _ProcureOrderTable
{
  GtkWidget            parent_instance;

  GtkWidget           *header;
  GtkWidget           *titles[PROCURE_N_ORDER_COLUMNS];      /* buttons */
  GtkWidget           *indicators[PROCURE_N_ORDER_COLUMNS];
  GtkListView         *list_view;
  /* Hidden, styled by the app's CSS: what the rows' pills and pending
   * markers look like. */
  GtkWidget           *pill_styles[PROCURE_N_STATUSES];
  GtkWidget           *pending_style;
  GtkAdjustment       *hadjustment;
  GtkScrollablePolicy  hscroll_policy;
  GtkScrollablePolicy  vscroll_policy;

  ProcureOrderSort     sort;
  gboolean             descending;
  ProcureOrderNoteFunc note_func;
  gpointer             note_data;
  guint                n_columns;        /* with the note or without */

  /* Column layout, in pixels. A column is as wide as the widest text it
   * has shown (a row scrolled into view rarely changes a column's width,
   * so nothing jumps while scrolling), or as its title. */
  int                  widest[PROCURE_N_ORDER_COLUMNS];
  int                  fixed[PROCURE_N_ORDER_COLUMNS];       /* dragged to, or -1 */
  int                  x[PROCURE_N_ORDER_COLUMNS];           /* cell start, left to right */
  int                  cell[PROCURE_N_ORDER_COLUMNS];        /* cell width */
  int                  total;

  ProcureGlyphTable   *row_glyphs;       /* the rows' font; NULL: ask a row */
  int                  expand_minimum;    /* pixels; -1: to measure */
  gboolean             pills_shaped;
  Shape                pills[PROCURE_N_STATUSES];
  GtkBorder            pill_padding[PROCURE_N_STATUSES];
  int                  pill_height;
  GtkIconPaintable    *pending_icon;

  int                  resizing;          /* column, or -1 */
  int                  resize_from;

  gboolean             allocating;        /* in size_allocate() */
  gboolean             widened;           /* a row widened a column meanwhile */
  guint                relayout_source;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ProcureOrderTable, procure_order_table, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum { SIGNAL_ACTIVATE, SIGNAL_SORT_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
title_border (int column)
{
  return column > 0 ? TITLE_BORDER : 0;
}

/* The width of a column's texts inside a cell @cell wide. */
static int
content_width (int column,
               int cell)
{
  return MAX (0, cell - 2 * CELL_PADDING - title_border (column));
}

static gboolean
is_rtl (ProcureOrderTable *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
}

static void
shape_pills (ProcureOrderTable *self)
{
  if (self->pills_shaped || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  self->pills_shaped = TRUE;
  self->pill_height = 0;
  self->widest[PROCURE_ORDER_COLUMN_STATUS] = 0;
  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    {
      GtkWidget *style = self->pill_styles[status];
      GtkBorder *padding = &self->pill_padding[status];

      shape_text (&self->pills[status], style, procure_glyph_table_for (style, FALSE),
                  procure_status_get_label (status));
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_padding (gtk_widget_get_style_context (style), padding);
      G_GNUC_END_IGNORE_DEPRECATIONS
      /* every status fits: the column does not change as rows scroll by */
      self->widest[PROCURE_ORDER_COLUMN_STATUS] =
        MAX (self->widest[PROCURE_ORDER_COLUMN_STATUS],
             self->pills[status].width + padding->left + padding->right);
      self->pill_height = MAX (self->pill_height,
                               self->pills[status].height + padding->top + padding->bottom);
    }
}

/* A new font or theme: every width is measured anew. */
static void
forget_sizes (ProcureOrderTable *self)
{
  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    shape_clear (&self->pills[status]);
  self->pills_shaped = FALSE;
  self->row_glyphs = NULL;
  self->expand_minimum = -1;
  memset (self->widest, 0, sizeof self->widest);
  g_clear_object (&self->pending_icon);
}

/* Every row of the list has the same font: one look-up for all. */
static ProcureGlyphTable *
row_glyphs (ProcureOrderTable *self,
            GtkWidget         *row)
{
  if (self->row_glyphs == NULL)
    self->row_glyphs = procure_glyph_table_for (row, FALSE);
  return self->row_glyphs;
}

/* A row showed a text @width wide in @column. */
static void
widen (ProcureOrderTable *self,
       int                column,
       int                width)
{
  if (width <= self->widest[column])
    return;
  self->widest[column] = width;
  /* Rows are bound while the list view is allocated: the table lays its
   * columns out again before it is done. */
  if (self->allocating)
    self->widened = TRUE;
  else
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

static int
expand_minimum (ProcureOrderTable *self)
{
  if (self->expand_minimum < 0)
    {
      ProcureGlyphTable *table = procure_glyph_table_for (GTK_WIDGET (self), FALSE);

      self->expand_minimum = table != NULL ? PANGO_PIXELS_CEIL (EXPAND_MIN_CHARS * table->digit_width)
                                           : EXPAND_MIN_CHARS * 8;
    }
  return self->expand_minimum;
}

static gboolean
expands (ProcureOrderTable *self,
         int                column)
{
  return column_specs[column].expand && self->fixed[column] < 0;
}

/* A column's cell widths: its texts or title, or the width it was dragged to. */
static void
column_sizes (ProcureOrderTable *self,
              int                column,
              int               *minimum,
              int               *natural)
{
  int title = 0, text;

  gtk_widget_measure (self->titles[column], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &title, NULL, NULL);
  text = MAX (self->widest[column], content_width (column, title));
  if (self->fixed[column] >= 0)
    *minimum = *natural = self->fixed[column];
  else
    {
      *natural = text;
      *minimum = column_specs[column].expand ? MIN (text, expand_minimum (self)) : text;
    }
  *minimum += 2 * CELL_PADDING + title_border (column);
  *natural += 2 * CELL_PADDING + title_border (column);
}

static void
table_sizes (ProcureOrderTable *self,
             int               *minimum,
             int               *natural)
{
  *minimum = *natural = 0;
  shape_pills (self);
  for (guint i = 0; i < self->n_columns; i++)
    {
      int min, nat;

      column_sizes (self, i, &min, &nat);
      *minimum += min;
      *natural += nat;
    }
}

/* Lays the columns out over @width (at least their minimum): expanding
 * columns grow to their texts' width first, then share what is left. */
static void
lay_out (ProcureOrderTable *self,
         int                width)
{
  GtkRequestedSize sizes[PROCURE_N_ORDER_COLUMNS];
  guint n_expanding = 0;
  int minimum = 0, x = 0, extra;

  shape_pills (self);
  for (guint i = 0; i < self->n_columns; i++)
    {
      int min, nat;

      column_sizes (self, i, &min, &nat);
      self->cell[i] = min;
      minimum += min;
      if (expands (self, i))
        sizes[n_expanding++] = (GtkRequestedSize) { GINT_TO_POINTER (i), min, nat };
    }
  self->total = MAX (width, minimum);
  extra = self->total - minimum;
  if (n_expanding > 0 && extra > 0)
    {
      extra = gtk_distribute_natural_allocation (extra, n_expanding, sizes);
      for (guint k = 0; k < n_expanding; k++)
        self->cell[GPOINTER_TO_INT (sizes[k].data)] =
          sizes[k].minimum_size + extra / (int) n_expanding + ((int) k < extra % (int) n_expanding);
    }
  for (guint i = 0; i < self->n_columns; i++)
    {
      self->x[i] = x;
      x += self->cell[i];
    }
}

/* Where a row draws @column's texts: x in the row (whose content starts a
 * cell's padding into the table) and the width. */
static void
column_place (ProcureOrderTable *self,
              int                column,
              int                row_width,
              int               *x,
              int               *width)
{
  *width = content_width (column, self->cell[column]);
  *x = self->x[column] + title_border (column);
  if (is_rtl (self))
    *x = row_width - *x - *width;
}

static GtkWidget *
row_view_of (GtkWidget *list_row)
{
  GtkWidget *child = gtk_widget_get_first_child (list_row);

  return child != NULL && PROCURE_IS_ORDER_ROW_VIEW (child) ? child : NULL;
}

/* The columns moved: rows keep their size, so GTK would not draw them
 * again; a row with a note measures its height again (the note wraps to
 * its column). Called before the list view is allocated. */
static void
redraw_rows (ProcureOrderTable *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *view = row_view_of (row);

      if (view == NULL)
        continue;
      if (self->note_func != NULL)
        {
          gtk_widget_queue_resize (view);
          gtk_widget_queue_resize (row);
        }
      else
        gtk_widget_queue_draw (view);
    }
}

static void
procure_order_table_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min;

      /* scrolled sideways when narrower than its columns */
      table_sizes (self, &min, natural);
      *minimum = 0;
    }
  else
    {
      int header_min, header_nat, list_min, list_nat;

      gtk_widget_measure (self->header, orientation, -1, &header_min, &header_nat, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (self->list_view), orientation, -1, &list_min, &list_nat, NULL, NULL);
      *minimum = header_nat + list_min;
      *natural = header_nat + list_nat;
    }
}

/* Rows kept widening columns while the table was laid out: once more. */
static void
relayout_cb (gpointer data)
{
  ProcureOrderTable *self = data;

  self->relayout_source = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
procure_order_table_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (widget);

  self->allocating = TRUE;
  /* again if the rows bound meanwhile widened a column */
  for (int pass = 0; pass < 4; pass++)
    {
      int old_x[PROCURE_N_ORDER_COLUMNS], old_cell[PROCURE_N_ORDER_COLUMNS];
      int header_height, x = 0;

      memcpy (old_x, self->x, sizeof old_x);
      memcpy (old_cell, self->cell, sizeof old_cell);
      self->widened = FALSE;
      lay_out (self, width);
      if (self->hadjustment != NULL)
        {
          double value = gtk_adjustment_get_value (self->hadjustment);

          gtk_adjustment_configure (self->hadjustment, value, 0, self->total,
                                    width * 0.1, width * 0.9, width);
          value = gtk_adjustment_get_value (self->hadjustment);
          x = is_rtl (self) ? -(int) round (self->total - width - value) : -(int) round (value);
        }
      if (memcmp (old_x, self->x, sizeof old_x) != 0 || memcmp (old_cell, self->cell, sizeof old_cell) != 0)
        redraw_rows (self);
      gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, self->total, NULL, &header_height,
                          NULL, NULL);
      gtk_widget_size_allocate (self->header, &(GtkAllocation) { x, 0, self->total, header_height }, -1);
      gtk_widget_size_allocate (GTK_WIDGET (self->list_view),
                                &(GtkAllocation) { x, header_height, self->total,
                                                   MAX (0, height - header_height) }, -1);
      if (!self->widened)
        break;
    }
  self->allocating = FALSE;
  if (self->widened && self->relayout_source == 0)
    self->relayout_source = g_idle_add_once (relayout_cb, self);
}

static void
procure_order_table_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (widget);

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->list_view), snapshot);
  gtk_widget_snapshot_child (widget, self->header, snapshot);
}

static gboolean
procure_order_table_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PROCURE_ORDER_TABLE (widget)->list_view));
}

/* A new font (text scaling, another font in the settings). */
static void
procure_order_table_system_setting_changed (GtkWidget        *widget,
                                            GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (procure_order_table_parent_class)->system_setting_changed (widget, setting);
  forget_sizes (PROCURE_ORDER_TABLE (widget));
  gtk_widget_queue_resize (widget);
}

static void
procure_order_table_direction_changed (GtkWidget        *widget,
                                       GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (procure_order_table_parent_class)->direction_changed (widget, previous);
  gtk_widget_queue_allocate (widget);
  redraw_rows (PROCURE_ORDER_TABLE (widget));
}

static void
procure_order_table_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (procure_order_table_parent_class)->root (widget);
  forget_sizes (PROCURE_ORDER_TABLE (widget));
}

/* ---------- header ---------- */

static void
update_indicators (ProcureOrderTable *self)
{
  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    {
      GtkImage *indicator = GTK_IMAGE (self->indicators[i]);
      gboolean sorted = column_specs[i].sort == self->sort;

      if (sorted)
        gtk_image_set_from_icon_name (indicator, self->descending ? "pan-down-symbolic" : "pan-up-symbolic");
      else
        gtk_image_clear (indicator);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->titles[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      !sorted ? "" : self->descending ? _("Sorted, descending")
                                                                      : _("Sorted, ascending"), -1);
    }
}

static void
on_title_clicked (GtkButton         *button,
                  ProcureOrderTable *self)
{
  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    if (self->titles[i] == GTK_WIDGET (button))
      procure_order_table_sort_by_column (self, i);
}

static void
header_measure (GtkWidget      *header,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (gtk_widget_get_parent (header));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      table_sizes (self, minimum, natural);
      return;
    }
  *minimum = *natural = 0;
  for (guint i = 0; i < self->n_columns; i++)
    {
      int min, nat;

      gtk_widget_measure (self->titles[i], orientation, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
header_allocate (GtkWidget *header,
                 int        width,
                 int        height,
                 int        baseline)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (gtk_widget_get_parent (header));

  for (guint i = 0; i < self->n_columns; i++)
    {
      int x = is_rtl (self) ? width - self->x[i] - self->cell[i] : self->x[i];

      gtk_widget_size_allocate (self->titles[i], &(GtkAllocation) { x, 0, self->cell[i], height }, -1);
    }
}

/* The column whose edge is at @x in the header, or -1. */
static int
edge_at (ProcureOrderTable *self,
         double             x)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      int edge = self->x[i] + self->cell[i];

      if (is_rtl (self))
        edge = gtk_widget_get_width (self->header) - edge;
      if (fabs (x - edge) <= RESIZE_GRIP)
        return (int) i;
    }
  return -1;
}

static void
on_resize_begin (GtkGestureDrag    *gesture,
                 double             x,
                 double             y,
                 ProcureOrderTable *self)
{
  self->resizing = edge_at (self, x);
  if (self->resizing < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->resize_from = content_width (self->resizing, self->cell[self->resizing]);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_resize_update (GtkGestureDrag    *gesture,
                  double             dx,
                  double             dy,
                  ProcureOrderTable *self)
{
  if (self->resizing >= 0)
    procure_order_table_set_column_width (self, self->resizing,
                                          self->resize_from + (int) round (is_rtl (self) ? -dx : dx));
}

static void
on_resize_end (GtkGestureDrag    *gesture,
               double             dx,
               double             dy,
               ProcureOrderTable *self)
{
  self->resizing = -1;
}

static void
on_header_motion (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  ProcureOrderTable        *self)
{
  gtk_widget_set_cursor_from_name (self->header,
                                   self->resizing >= 0 || edge_at (self, x) >= 0 ? "col-resize" : NULL);
}

static void
on_header_leave (GtkEventControllerMotion *motion,
                 ProcureOrderTable        *self)
{
  if (self->resizing < 0)
    gtk_widget_set_cursor (self->header, NULL);
}

static void
build_header (ProcureOrderTable *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->header = g_object_new (GTK_TYPE_BOX, "css-name", "header", NULL);
  gtk_widget_set_layout_manager (self->header, gtk_custom_layout_new (NULL, header_measure, header_allocate));
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *title = gtk_label_new (column_specs[i].title ? _(column_specs[i].title) : NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_box_append (GTK_BOX (box), title);
      self->indicators[i] = g_object_new (GTK_TYPE_IMAGE, "css-name", "sort-indicator", NULL);
      gtk_box_append (GTK_BOX (box), self->indicators[i]);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_focusable (button, FALSE);
      if (column_specs[i].title != NULL)
        procure_set_accessible_label (button, _(column_specs[i].title));
      if (column_specs[i].sort < PROCURE_N_ORDER_SORTS)
        g_signal_connect (button, "clicked", G_CALLBACK (on_title_clicked), self);
      else
        gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_visible (button, column_specs[i].title != NULL);
      gtk_widget_set_parent (button, self->header);
      self->titles[i] = button;
    }
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_resize_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_resize_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_resize_end), self);
  gtk_widget_add_controller (self->header, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (on_header_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_header_leave), self);
  gtk_widget_add_controller (self->header, motion);
}

/* ---------- rows ---------- */

struct _ProcureOrderRowView
{
  GtkWidget          parent_instance;

  ProcureOrderTable *table;          /* owns the list view, which owns us */
  GtkListItem       *item;           /* ours, for the order a click opens */
  char              *texts[PROCURE_N_ORDER_COLUMNS];   /* not STATUS, NOTE */
  ProcureStatus      status;
  gboolean           pending;
  gboolean           shaped;         /* @shapes follow @texts and the font */
  Shape              shapes[PROCURE_N_ORDER_COLUMNS];
  PangoLayout       *cut[PROCURE_N_ORDER_COLUMNS];    /* ellipsized to @cut_width */
  int                cut_width[PROCURE_N_ORDER_COLUMNS];
  GtkWidget         *note;           /* GtkLabel: the note column's */
  char              *label;
};

G_DEFINE_FINAL_TYPE (ProcureOrderRowView, procure_order_row_view, GTK_TYPE_WIDGET)

/* Translated once (gettext is 2,500 instructions a call, for 200 rows a
 * frame): the Number of an order not yet accepted, the pending marker. */
static const char *no_number_text;
static const char *pending_text;

enum { ROW_PROP_0, ROW_PROP_LABEL, ROW_N_PROPS };
static GParamSpec *row_properties[ROW_N_PROPS];

static gboolean
is_text_column (int column)
{
  return column != PROCURE_ORDER_COLUMN_STATUS && column != PROCURE_ORDER_COLUMN_NOTE;
}

/* The Number column's width: the PO number and, if waiting to be sent, its marker. */
static int
text_width (ProcureOrderRowView *self,
            int                  column)
{
  int width = self->shapes[column].width;

  if (column == PROCURE_ORDER_COLUMN_NUMBER && self->pending)
    width += ICON_GAP + ICON_SIZE;
  return width;
}

static void
row_shape (ProcureOrderRowView *self,
           int                  column)
{
  GtkWidget *widget = GTK_WIDGET (self);

  shape_text (&self->shapes[column], widget, row_glyphs (self->table, widget),
              self->texts[column] != NULL ? self->texts[column] : "");
  g_clear_object (&self->cut[column]);
}

static void
ensure_shaped (ProcureOrderRowView *self)
{
  if (self->shaped || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  self->shaped = TRUE;
  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    if (is_text_column (i))
      {
        row_shape (self, i);
        widen (self->table, i, text_width (self, i));
      }
}

static void
set_text (ProcureOrderRowView *self,
          int                  column,
          const char          *text,
          gboolean            *changed)
{
  if (g_strcmp0 (self->texts[column], text) == 0)
    return;
  g_free (self->texts[column]);
  self->texts[column] = g_strdup (text);
  if (self->shaped)
    {
      row_shape (self, column);
      widen (self->table, column, text_width (self, column));
    }
  *changed = TRUE;
}

static void
join_text (GString    *label,
           const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (label->len > 0)
    g_string_append (label, ", ");
  g_string_append (label, text);
}

static void
update_label (ProcureOrderRowView *self)
{
  GString *label = g_string_sized_new (160);

  for (guint i = 0; i < self->table->n_columns; i++)
    {
      join_text (label, procure_order_row_view_get_text (self, i));
      if (i == PROCURE_ORDER_COLUMN_NUMBER && self->pending)
        join_text (label, pending_text);
    }
  g_free (self->label);
  self->label = g_string_free (label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->label, -1);
}

static void
row_view_fill (ProcureOrderRowView *self,
               ProcureOrderRow     *row)
{
  const char *number = procure_order_row_get_number (row);
  g_autofree char *created = procure_format_timestamp (procure_order_row_get_created_at (row));
  g_autofree char *requested = procure_format_date (procure_order_row_get_requested_ship_date (row));
  gboolean changed = FALSE, pending = procure_order_row_get_pending (row);

  if (self->pending != pending)
    {
      self->pending = pending;
      gtk_widget_set_has_tooltip (GTK_WIDGET (self), pending);
      changed = TRUE;
    }
  /* Until an agent accepts the order it has no PO number. */
  set_text (self, PROCURE_ORDER_COLUMN_NUMBER, number && *number ? number : no_number_text, &changed);
  set_text (self, PROCURE_ORDER_COLUMN_ACCOUNT, procure_order_row_get_account_name (row), &changed);
  set_text (self, PROCURE_ORDER_COLUMN_CREATED, created, &changed);
  set_text (self, PROCURE_ORDER_COLUMN_TOTAL, procure_order_row_get_total_label (row), &changed);
  set_text (self, PROCURE_ORDER_COLUMN_REQUESTED_DATE, requested, &changed);
  set_text (self, PROCURE_ORDER_COLUMN_CREATED_BY, procure_order_row_get_created_by_name (row), &changed);
  if (self->status != procure_order_row_get_status (row))
    {
      self->status = procure_order_row_get_status (row);
      changed = TRUE;
    }
  if (self->note != NULL && self->table->note_func != NULL)
    {
      gboolean highlight = FALSE;
      g_autofree char *note = self->table->note_func (row, &highlight, self->table->note_data);
      int natural = 0;

      gtk_label_set_label (GTK_LABEL (self->note), note ? note : "");
      if (highlight)
        gtk_widget_add_css_class (self->note, "overridden");
      else
        gtk_widget_remove_css_class (self->note, "overridden");
      gtk_widget_measure (self->note, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      widen (self->table, PROCURE_ORDER_COLUMN_NOTE, natural);
      changed = TRUE;
    }
  if (!changed)
    return;
  if (self->pending)
    widen (self->table, PROCURE_ORDER_COLUMN_NUMBER, text_width (self, PROCURE_ORDER_COLUMN_NUMBER));
  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The text height of a row: every row is as high, whatever it shows. */
static int
line_height (ProcureOrderRowView *self)
{
  ProcureGlyphTable *table = row_glyphs (self->table, GTK_WIDGET (self));
  int height = table != NULL ? table->height : 0;

  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    height = MAX (height, self->shapes[i].height);
  return MAX (height, self->table->pill_height);
}

static void
procure_order_row_view_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (widget);

  ensure_shaped (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      table_sizes (self->table, minimum, natural);
      *minimum = MAX (0, *minimum - 2 * CELL_PADDING);
      *natural = MAX (0, *natural - 2 * CELL_PADDING);
      return;
    }
  shape_pills (self->table);
  *minimum = *natural = line_height (self);
  if (self->note != NULL && self->table->note_func != NULL)
    {
      int x, width, min, nat;

      column_place (self->table, PROCURE_ORDER_COLUMN_NOTE, for_size, &x, &width);
      gtk_widget_measure (self->note, GTK_ORIENTATION_VERTICAL, MAX (width, 1), &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static GtkSizeRequestMode
procure_order_row_view_get_request_mode (GtkWidget *widget)
{
  return PROCURE_ORDER_ROW_VIEW (widget)->note != NULL ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH
                                                       : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
procure_order_row_view_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (widget);
  int x, column_width, note_height = 0;

  if (self->note == NULL)
    return;
  column_place (self->table, PROCURE_ORDER_COLUMN_NOTE, width, &x, &column_width);
  gtk_widget_measure (self->note, GTK_ORIENTATION_VERTICAL, MAX (column_width, 1), NULL, &note_height,
                      NULL, NULL);
  gtk_widget_size_allocate (self->note,
                            &(GtkAllocation) { x, MAX (0, (height - note_height) / 2),
                                               column_width, MIN (note_height, height) }, -1);
}

static void
draw_pending_icon (ProcureOrderRowView *self,
                   GtkSnapshot         *snapshot,
                   int                  x,
                   int                  height)
{
  ProcureOrderTable *table = self->table;
  GdkRGBA colors[4];

  if (table->pending_icon == NULL)
    table->pending_icon =
      gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                                  "document-open-recent-symbolic", NULL, ICON_SIZE,
                                  gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                  gtk_widget_get_direction (GTK_WIDGET (self)), 0);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (table->pending_style), &colors[0]);
  G_GNUC_END_IGNORE_DEPRECATIONS
  colors[1] = colors[2] = colors[3] = colors[0];
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (height - ICON_SIZE) / 2));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (table->pending_icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

/* A text drawn from glyphs, at @x in the row. */
typedef struct {
  int          x;
  const Shape *shape;
} Piece;

/* The texts of a row's columns that are drawn from glyphs, in one text
 * node: GTK 4.8's cairo renderer clears a mask as large as the clip for
 * every text node it draws (15,000 instructions each, six a row). The
 * gaps between columns go into the advance of a column's last glyph. */
static void
draw_pieces (GtkSnapshot   *snapshot,
             Piece         *pieces,
             guint          n_pieces,
             int            y,
             const GdkRGBA *color)
{
  PangoGlyphString *glyphs;
  g_autoptr(GskRenderNode) node = NULL;
  int n_glyphs = 0, k = 0, pen = 0;

  if (n_pieces == 0)
    return;
  /* left to right (right to left, the columns come the other way) */
  for (guint i = 1; i < n_pieces; i++)
    for (guint j = i; j > 0 && pieces[j - 1].x > pieces[j].x; j--)
      {
        Piece swap = pieces[j];

        pieces[j] = pieces[j - 1];
        pieces[j - 1] = swap;
      }
  for (guint i = 0; i < n_pieces; i++)
    n_glyphs += pieces[i].shape->glyphs->num_glyphs;
  glyphs = pango_glyph_string_new ();
  pango_glyph_string_set_size (glyphs, n_glyphs);
  for (guint i = 0; i < n_pieces; i++)
    {
      const PangoGlyphString *piece = pieces[i].shape->glyphs;
      int start = pieces[i].x * PANGO_SCALE;

      if (k > 0)
        glyphs->glyphs[k - 1].geometry.width += MAX (0, start - pen);
      else
        pen = start;
      memcpy (glyphs->glyphs + k, piece->glyphs, piece->num_glyphs * sizeof (PangoGlyphInfo));
      memset (glyphs->log_clusters + k, 0, piece->num_glyphs * sizeof (int));
      k += piece->num_glyphs;
      pen = MAX (pen, start);
      for (int g = 0; g < piece->num_glyphs; g++)
        pen += piece->glyphs[g].geometry.width;
    }
  node = gsk_text_node_new (pieces[0].shape->font, glyphs, color,
                            &GRAPHENE_POINT_INIT (pieces[0].x, y + pieces[0].shape->ascent));
  if (node != NULL)
    gtk_snapshot_append_node (snapshot, node);
  pango_glyph_string_free (glyphs);
}

/* Column @column's text in the column at @x, @width wide: into @pieces if
 * it is drawn from glyphs and fits, else at once (Pango; cut short with
 * "…" when too long). */
static void
draw_text (ProcureOrderRowView *self,
           GtkSnapshot         *snapshot,
           int                  column,
           int                  x,
           int                  width,
           int                  height,
           const GdkRGBA       *color,
           Piece               *pieces,
           guint               *n_pieces)
{
  Shape *shape = &self->shapes[column];
  gboolean rtl = is_rtl (self->table);
  int marker = text_width (self, column) - shape->width;   /* the pending marker's room */
  int room = width - marker;
  int y = (height - shape->height) / 2;
  int text_x;

  if (shape->width <= room)
    {
      text_x = rtl ? x + width - shape->width : x;
      if (shape->glyphs != NULL && shape->layout == NULL)
        {
          if (shape->glyphs->num_glyphs > 0)
            pieces[(*n_pieces)++] = (Piece) { text_x, shape };
        }
      else
        shape_draw (shape, snapshot, text_x, y, color);
    }
  else
    {
      /* too long for the column: cut short with "…" */
      if (self->cut[column] == NULL || self->cut_width[column] != room)
        {
          g_clear_object (&self->cut[column]);
          self->cut[column] = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->texts[column]);
          pango_layout_set_ellipsize (self->cut[column], PANGO_ELLIPSIZE_END);
          pango_layout_set_width (self->cut[column], MAX (room, 0) * PANGO_SCALE);
          self->cut_width[column] = room;
        }
      text_x = rtl ? x + marker : x;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, y));
      gtk_snapshot_append_layout (snapshot, self->cut[column], color);
      gtk_snapshot_restore (snapshot);
    }
  if (column == PROCURE_ORDER_COLUMN_NUMBER && self->pending)
    draw_pending_icon (self, snapshot,
                       rtl ? text_x - ICON_GAP - ICON_SIZE : text_x + MIN (shape->width, room) + ICON_GAP,
                       height);
}

static void
draw_pill (ProcureOrderRowView *self,
           GtkSnapshot         *snapshot,
           int                  x,
           int                  width,
           int                  height)
{
  ProcureOrderTable *table = self->table;
  GtkStyleContext *style;
  GtkBorder *padding;
  Shape *text;
  GdkRGBA color;
  int pill_width, pill_height, y;

  if (self->status < 0 || self->status >= PROCURE_N_STATUSES)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (table->pill_styles[self->status]);
  padding = &table->pill_padding[self->status];
  text = &table->pills[self->status];
  pill_width = MIN (width, text->width + padding->left + padding->right);
  pill_height = text->height + padding->top + padding->bottom;
  y = (height - pill_height) / 2;
  if (is_rtl (table))
    x += width - pill_width;
  gtk_snapshot_render_background (snapshot, style, x, y, pill_width, pill_height);
  gtk_style_context_get_color (style, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, y, pill_width, pill_height));
  shape_draw (text, snapshot, x + padding->left, y + padding->top, &color);
  gtk_snapshot_pop (snapshot);
}

static void
procure_order_row_view_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  Piece pieces[PROCURE_N_ORDER_COLUMNS];
  guint n_pieces = 0;
  GdkRGBA color;

  ensure_shaped (self);
  shape_pills (self->table);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* where a column view puts it: above the row */
  procure_snapshot_row_separator (widget, snapshot, TRUE);
  for (guint i = 0; i < self->table->n_columns; i++)
    {
      int x, column_width;

      column_place (self->table, i, width, &x, &column_width);
      if (i == PROCURE_ORDER_COLUMN_STATUS)
        draw_pill (self, snapshot, x, column_width, height);
      else if (i == PROCURE_ORDER_COLUMN_NOTE)
        {
          if (self->note != NULL)
            gtk_widget_snapshot_child (widget, self->note, snapshot);
        }
      else
        draw_text (self, snapshot, i, x, column_width, height, &color, pieces, &n_pieces);
    }
  if (n_pieces > 0)
    draw_pieces (snapshot, pieces, n_pieces, (height - pieces[0].shape->height) / 2, &color);
}

static gboolean
procure_order_row_view_query_tooltip (GtkWidget  *widget,
                                      int         x,
                                      int         y,
                                      gboolean    keyboard,
                                      GtkTooltip *tooltip)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (widget);
  int column_x, column_width;

  column_place (self->table, PROCURE_ORDER_COLUMN_NUMBER, gtk_widget_get_width (widget),
                &column_x, &column_width);
  if (!self->pending || x < column_x || x >= column_x + column_width)
    return FALSE;
  gtk_tooltip_set_text (tooltip, pending_text);
  return TRUE;
}

static void
procure_order_row_view_system_setting_changed (GtkWidget        *widget,
                                               GtkSystemSetting  setting)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (widget);

  GTK_WIDGET_CLASS (procure_order_row_view_parent_class)->system_setting_changed (widget, setting);
  self->shaped = FALSE;
  gtk_widget_queue_resize (widget);
}

static void
procure_order_row_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (procure_order_row_view_parent_class)->root (widget);
  PROCURE_ORDER_ROW_VIEW (widget)->shaped = FALSE;
}

/* A plain single click opens the row's order (the list view itself
 * activates on a double click only); Ctrl and Shift clicks select rows
 * for a bulk decision; Enter activates through the list view. */
static void
on_row_released (GtkGestureClick     *gesture,
                 int                  n_press,
                 double               x,
                 double               y,
                 ProcureOrderRowView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  ProcureSlot *slot = gtk_list_item_get_item (self->item);
  ProcureOrderRow *row = slot != NULL ? procure_slot_get_item (slot) : NULL;

  if (n_press != 1 || row == NULL ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_META_MASK)) != 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", procure_order_row_get_id (row));
}

static void
procure_order_row_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (object);

  switch (prop_id)
    {
    case ROW_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_order_row_view_dispose (GObject *object)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (object);

  g_clear_pointer (&self->note, gtk_widget_unparent);
  G_OBJECT_CLASS (procure_order_row_view_parent_class)->dispose (object);
}

static void
procure_order_row_view_finalize (GObject *object)
{
  ProcureOrderRowView *self = PROCURE_ORDER_ROW_VIEW (object);

  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    {
      g_free (self->texts[i]);
      shape_clear (&self->shapes[i]);
      g_clear_object (&self->cut[i]);
    }
  g_free (self->label);
  G_OBJECT_CLASS (procure_order_row_view_parent_class)->finalize (object);
}

static void
procure_order_row_view_class_init (ProcureOrderRowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_order_row_view_dispose;
  object_class->finalize = procure_order_row_view_finalize;
  object_class->get_property = procure_order_row_view_get_property;
  row_properties[ROW_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
  widget_class->measure = procure_order_row_view_measure;
  widget_class->get_request_mode = procure_order_row_view_get_request_mode;
  widget_class->size_allocate = procure_order_row_view_size_allocate;
  widget_class->snapshot = procure_order_row_view_snapshot;
  widget_class->query_tooltip = procure_order_row_view_query_tooltip;
  widget_class->system_setting_changed = procure_order_row_view_system_setting_changed;
  widget_class->root = procure_order_row_view_root;
  no_number_text = _("—");
  pending_text = _("Waiting to be sent");
  /* a column view's cell to the theme (padding, colour, font) */
  gtk_widget_class_set_css_name (widget_class, "cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
procure_order_row_view_init (ProcureOrderRowView *self)
{
  self->status = PROCURE_STATUS_INVALID;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ProcureOrderTable        *table)
{
  ProcureOrderRowView *row = g_object_new (PROCURE_TYPE_ORDER_ROW_VIEW, NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  row->table = table;
  row->item = item;    /* it outlives its child */
  if (table->note_func != NULL)
    {
      row->note = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (row->note), 0);
      gtk_label_set_wrap (GTK_LABEL (row->note), TRUE);
      /* as narrow as its longest word: the column decides (EXPAND_MIN_CHARS) */
      gtk_label_set_max_width_chars (GTK_LABEL (row->note), 48);
      gtk_widget_add_css_class (row->note, "inbox-differences");
      gtk_widget_set_parent (row->note, GTK_WIDGET (row));
    }
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "procure-open-row");
  g_signal_connect (click, "released", G_CALLBACK (on_row_released), row);
  gtk_widget_add_controller (GTK_WIDGET (row), GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

/* A slot without an order (it vanished from the cache) leaves the row as
 * it was: the list removes that position right after. */
static void
on_slot_changed (ProcureSlot *slot,
                 GtkListItem *item)
{
  ProcureOrderRow *row = procure_slot_get_item (slot);

  if (row != NULL)
    row_view_fill (PROCURE_ORDER_ROW_VIEW (gtk_list_item_get_child (item)), row);
}

/* The view's items are slots (procure-slot-list.h): a new search gives
 * the rows on screen other orders instead of new widgets. */
static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ProcureOrderTable        *table)
{
  ProcureSlot *slot = gtk_list_item_get_item (item);

  on_slot_changed (slot, item);
  g_signal_connect (slot, "changed", G_CALLBACK (on_slot_changed), item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ProcureOrderTable        *table)
{
  ProcureSlot *slot = gtk_list_item_get_item (item);

  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, on_slot_changed, item);
}

static void
set_factory (ProcureOrderTable *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
}

static void
on_list_activate (GtkListView       *list_view,
                  guint              position,
                  ProcureOrderTable *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, position);
}

/* ---------- GObject ---------- */

static void
on_hadjustment_changed (ProcureOrderTable *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_hadjustment (ProcureOrderTable *self,
                 GtkAdjustment     *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (self->hadjustment == adjustment)
    return;
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_hadjustment_changed, self);
  g_set_object (&self->hadjustment, g_object_ref_sink (adjustment));
  g_object_unref (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_hadjustment_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
procure_order_table_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)));
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_order_table_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_hadjustment (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      gtk_scrollable_set_vadjustment (GTK_SCROLLABLE (self->list_view), g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (self->list_view), self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_order_table_dispose (GObject *object)
{
  ProcureOrderTable *self = PROCURE_ORDER_TABLE (object);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_hadjustment_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_handle_id (&self->relayout_source, g_source_remove);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  if (self->list_view != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list_view));
      self->list_view = NULL;
    }
  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    g_clear_pointer (&self->pill_styles[status], gtk_widget_unparent);
  g_clear_pointer (&self->pending_style, gtk_widget_unparent);
  forget_sizes (self);
  G_OBJECT_CLASS (procure_order_table_parent_class)->dispose (object);
}

static void
procure_order_table_class_init (ProcureOrderTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_order_table_dispose;
  object_class->get_property = procure_order_table_get_property;
  object_class->set_property = procure_order_table_set_property;
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  widget_class->measure = procure_order_table_measure;
  widget_class->size_allocate = procure_order_table_size_allocate;
  widget_class->snapshot = procure_order_table_snapshot;
  widget_class->grab_focus = procure_order_table_grab_focus;
  widget_class->system_setting_changed = procure_order_table_system_setting_changed;
  widget_class->root = procure_order_table_root;
  widget_class->direction_changed = procure_order_table_direction_changed;

  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_SORT_CHANGED] =
    g_signal_new ("sort-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* the theme's column view */
  gtk_widget_class_set_css_name (widget_class, "columnview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TREE_GRID);
}

static void
procure_order_table_init (ProcureOrderTable *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->sort = PROCURE_ORDER_SORT_CREATED;   /* newest first, as the session's list is */
  self->descending = TRUE;
  self->n_columns = PROCURE_ORDER_COLUMN_NOTE;
  self->resizing = -1;
  self->expand_minimum = -1;
  for (int i = 0; i < PROCURE_N_ORDER_COLUMNS; i++)
    self->fixed[i] = -1;
  gtk_widget_add_css_class (widget, "view");
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);

  build_header (self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, NULL));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_activate), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list_view), widget);
  set_factory (self);

  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    {
      self->pill_styles[status] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->pill_styles[status], "status-pill");
      gtk_widget_add_css_class (self->pill_styles[status], procure_ui_status_css_class (status));
      gtk_widget_set_visible (self->pill_styles[status], FALSE);
      gtk_widget_set_parent (self->pill_styles[status], widget);
    }
  self->pending_style = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->pending_style, "pending-marker");
  gtk_widget_set_visible (self->pending_style, FALSE);
  gtk_widget_set_parent (self->pending_style, widget);
  update_indicators (self);
}

/* ---------- public API ---------- */

GtkWidget *
procure_order_table_new (void)
{
  return g_object_new (PROCURE_TYPE_ORDER_TABLE, NULL);
}

void
procure_order_table_set_model (ProcureOrderTable *self,
                               GtkSelectionModel *model)
{
  g_return_if_fail (PROCURE_IS_ORDER_TABLE (self));

  gtk_list_view_set_model (self->list_view, model);
}

GtkListView *
procure_order_table_get_list_view (ProcureOrderTable *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_TABLE (self), NULL);

  return self->list_view;
}

void
procure_order_table_set_note (ProcureOrderTable    *self,
                              const char           *title,
                              ProcureOrderNoteFunc  func,
                              gpointer              user_data)
{
  GtkWidget *button;

  g_return_if_fail (PROCURE_IS_ORDER_TABLE (self));

  button = self->titles[PROCURE_ORDER_COLUMN_NOTE];
  self->note_func = func;
  self->note_data = user_data;
  self->n_columns = func != NULL ? PROCURE_N_ORDER_COLUMNS : PROCURE_ORDER_COLUMN_NOTE;
  self->widest[PROCURE_ORDER_COLUMN_NOTE] = 0;
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)))),
                       title);
  procure_set_accessible_label (button, title ? title : "");
  gtk_widget_set_visible (button, func != NULL);
  /* rows with or without the note's label */
  set_factory (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
procure_order_table_get_sort (ProcureOrderTable *self,
                              ProcureOrderSort  *sort,
                              gboolean          *descending)
{
  g_return_if_fail (PROCURE_IS_ORDER_TABLE (self));

  *sort = self->sort;
  *descending = self->descending;
}

void
procure_order_table_sort_by_column (ProcureOrderTable  *self,
                                    ProcureOrderColumn  column)
{
  g_return_if_fail (PROCURE_IS_ORDER_TABLE (self));
  g_return_if_fail (column < PROCURE_N_ORDER_COLUMNS);

  if (column_specs[column].sort >= PROCURE_N_ORDER_SORTS)
    return;
  if (self->sort == column_specs[column].sort)
    self->descending = !self->descending;
  else
    {
      self->sort = column_specs[column].sort;
      self->descending = FALSE;
    }
  update_indicators (self);
  g_signal_emit (self, signals[SIGNAL_SORT_CHANGED], 0);
}

GtkWidget *
procure_order_table_get_title (ProcureOrderTable  *self,
                               ProcureOrderColumn  column)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_TABLE (self), NULL);
  g_return_val_if_fail (column < PROCURE_N_ORDER_COLUMNS, NULL);

  return column < self->n_columns ? self->titles[column] : NULL;
}

int
procure_order_table_get_column_width (ProcureOrderTable  *self,
                                      ProcureOrderColumn  column)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_TABLE (self), -1);
  g_return_val_if_fail (column < PROCURE_N_ORDER_COLUMNS, -1);

  return column < self->n_columns ? content_width (column, self->cell[column]) : -1;
}

void
procure_order_table_set_column_width (ProcureOrderTable  *self,
                                      ProcureOrderColumn  column,
                                      int                 width)
{
  int minimum, natural, previous;

  g_return_if_fail (PROCURE_IS_ORDER_TABLE (self));
  g_return_if_fail (column < PROCURE_N_ORDER_COLUMNS);

  previous = self->fixed[column];
  if (width >= 0)
    {
      /* not below what the column may give way to */
      self->fixed[column] = -1;
      column_sizes (self, column, &minimum, &natural);
      width = MAX (width, content_width (column, minimum));
    }
  self->fixed[column] = width;
  if (width != previous)
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
procure_order_row_view_get_text (ProcureOrderRowView *self,
                                 ProcureOrderColumn   column)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW_VIEW (self), NULL);
  g_return_val_if_fail (column < PROCURE_N_ORDER_COLUMNS, NULL);

  if (column == PROCURE_ORDER_COLUMN_STATUS)
    return self->status >= 0 && self->status < PROCURE_N_STATUSES ? procure_status_get_label (self->status) : NULL;
  if (column == PROCURE_ORDER_COLUMN_NOTE)
    return self->note != NULL ? gtk_label_get_text (GTK_LABEL (self->note)) : NULL;
  return self->texts[column];
}

ProcureStatus
procure_order_row_view_get_status (ProcureOrderRowView *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW_VIEW (self), PROCURE_STATUS_INVALID);

  return self->status;
}

gboolean
procure_order_row_view_get_pending (ProcureOrderRowView *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW_VIEW (self), FALSE);

  return self->pending;
}

gboolean
procure_order_row_view_is_cut (ProcureOrderRowView *self,
                               ProcureOrderColumn   column)
{
  int x, width;

  g_return_val_if_fail (PROCURE_IS_ORDER_ROW_VIEW (self), FALSE);
  g_return_val_if_fail (column < PROCURE_N_ORDER_COLUMNS, FALSE);

  if (!is_text_column (column) || column >= self->table->n_columns)
    return FALSE;
  ensure_shaped (self);
  column_place (self->table, column, gtk_widget_get_width (GTK_WIDGET (self)), &x, &width);
  return text_width (self, column) > width;
}
