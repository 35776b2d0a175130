/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include "procure-text-cell.h"
#include "procure-glyph-text.h"

struct _ProcureTextCell
{
  GtkWidget          parent_instance;

  char              *text;
  int                min_chars;
  gboolean           shaped;     /* the fields below follow @text and the font */
  ProcureGlyphTable *table;      /* of @glyphs */
  PangoGlyphString  *glyphs;     /* NULL: @layout */
  PangoLayout       *layout;
  int                width;      /* pixels, the whole text */
  int                height;
  int                ascent;
  int                min_width;
  int                natural;    /* widest text so far, in this font */
  int                minimum;
  gboolean           fits_text;  /* asks for the size of this text only */
  gboolean           cut;
  PangoLayout       *cut_layout; /* ellipsized to the allocation */
};

G_DEFINE_FINAL_TYPE (ProcureTextCell, procure_text_cell, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_LABEL, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
clear_shape (ProcureTextCell *self)
{
  g_clear_pointer (&self->glyphs, pango_glyph_string_free);
  g_clear_object (&self->layout);
  g_clear_object (&self->cut_layout);
  self->table = NULL;
  self->shaped = FALSE;
}

static void
shape (ProcureTextCell *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *text = self->text != NULL ? self->text : "";
  int width = 0;

  clear_shape (self);
  self->shaped = TRUE;
  self->table = procure_glyph_table_for (widget, FALSE);
  if (self->table != NULL && (self->glyphs = procure_glyph_table_shape (self->table, text, &width)) != NULL)
    {
      self->width = PANGO_PIXELS_CEIL (width);
      self->height = self->table->height;
      self->ascent = self->table->ascent;
      self->min_width = PANGO_PIXELS_CEIL (self->min_chars * self->table->digit_width);
    }
  else
    {
      PangoFontMetrics *metrics;

      self->layout = gtk_widget_create_pango_layout (widget, text);
      pango_layout_get_pixel_size (self->layout, &self->width, &self->height);
      self->ascent = PANGO_PIXELS (pango_layout_get_baseline (self->layout));
      metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);
      self->min_width = PANGO_PIXELS_CEIL (self->min_chars * pango_font_metrics_get_approximate_digit_width (metrics));
      pango_font_metrics_unref (metrics);
    }
  self->min_width = self->min_chars > 0 ? MIN (self->min_width, self->width) : self->width;
  /* A cell asks for the widest text it has shown: a row scrolled into
   * view rarely changes the size of its column (no new layout of the
   * list, no columns jumping in width while scrolling). */
  self->natural = self->fits_text ? self->width : MAX (self->natural, self->width);
  self->minimum = self->fits_text ? self->min_width : MAX (self->minimum, self->min_width);
}

/* Sizes follow the widest text only until the font changes. */
static void
forget_sizes (ProcureTextCell *self)
{
  clear_shape (self);
  self->natural = self->minimum = 0;
}

static void
ensure_shape (ProcureTextCell *self)
{
  if (!self->shaped)
    shape (self);
}

void
procure_text_cell_set_text (ProcureTextCell *self,
                            const char      *text)
{
  int natural = self->natural, height = self->height, minimum = self->minimum;

  g_return_if_fail (PROCURE_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  /* Before the cell is on screen its font is not final: shape later. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      clear_shape (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }
  shape (self);
  /* Most new texts of a column fit the cell's size: no new layout. */
  if (self->natural != natural || self->height != height || self->minimum != minimum)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
procure_text_cell_get_text (ProcureTextCell *self)
{
  g_return_val_if_fail (PROCURE_IS_TEXT_CELL (self), NULL);

  return self->text;
}

void
procure_text_cell_set_fits_text (ProcureTextCell *self,
                                 gboolean         fits_text)
{
  g_return_if_fail (PROCURE_IS_TEXT_CELL (self));

  self->fits_text = fits_text;
  forget_sizes (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
procure_text_cell_is_cut (ProcureTextCell *self)
{
  g_return_val_if_fail (PROCURE_IS_TEXT_CELL (self), FALSE);

  return self->cut;
}

static void
procure_text_cell_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (widget);

  ensure_shape (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->minimum;
      *natural = self->natural;
    }
  else
    {
      *minimum = *natural = self->height;
      *minimum_baseline = *natural_baseline = self->ascent;
    }
}

static void
procure_text_cell_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (widget);

  ensure_shape (self);
  self->cut = width < self->width;
  g_clear_object (&self->cut_layout);
}

static void
procure_text_cell_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int y = MAX (0, (gtk_widget_get_height (widget) - self->height) / 2);
  int x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? MAX (0, width - self->width) : 0;
  GdkRGBA color;

  ensure_shape (self);
  if (self->text == NULL || *self->text == '\0')
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  if (self->cut)
    {
      if (self->cut_layout == NULL)
        {
          self->cut_layout = gtk_widget_create_pango_layout (widget, self->text);
          pango_layout_set_ellipsize (self->cut_layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_width (self->cut_layout, width * PANGO_SCALE);
        }
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      gtk_snapshot_append_layout (snapshot, self->cut_layout, &color);
      gtk_snapshot_restore (snapshot);
    }
  else if (self->layout != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_append_layout (snapshot, self->layout, &color);
      gtk_snapshot_restore (snapshot);
    }
  else if (self->glyphs != NULL && self->glyphs->num_glyphs > 0)
    {
      g_autoptr(GskRenderNode) node = gsk_text_node_new (self->table->font, self->glyphs, &color,
                                                         &GRAPHENE_POINT_INIT (x, y + self->ascent));

      if (node != NULL)
        gtk_snapshot_append_node (snapshot, node);
    }
}

/* A new font (text scaling, another font in the settings): shape again. */
static void
procure_text_cell_system_setting_changed (GtkWidget        *widget,
                                          GtkSystemSetting  setting)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (widget);

  GTK_WIDGET_CLASS (procure_text_cell_parent_class)->system_setting_changed (widget, setting);
  forget_sizes (self);
  gtk_widget_queue_resize (widget);
}

static void
procure_text_cell_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (procure_text_cell_parent_class)->root (widget);
  forget_sizes (PROCURE_TEXT_CELL (widget));
}

static void
procure_text_cell_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_text_cell_finalize (GObject *object)
{
  ProcureTextCell *self = PROCURE_TEXT_CELL (object);

  clear_shape (self);
  g_free (self->text);
  G_OBJECT_CLASS (procure_text_cell_parent_class)->finalize (object);
}

static void
procure_text_cell_class_init (ProcureTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = procure_text_cell_finalize;
  object_class->get_property = procure_text_cell_get_property;
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = procure_text_cell_measure;
  widget_class->size_allocate = procure_text_cell_size_allocate;
  widget_class->snapshot = procure_text_cell_snapshot;
  widget_class->system_setting_changed = procure_text_cell_system_setting_changed;
  widget_class->root = procure_text_cell_root;
  /* styled as a label by the theme (colour, font) */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
procure_text_cell_init (ProcureTextCell *self)
{
}

GtkWidget *
procure_text_cell_new (int min_chars)
{
  ProcureTextCell *self = g_object_new (PROCURE_TYPE_TEXT_CELL, NULL);

  self->min_chars = MAX (min_chars, 0);
  return GTK_WIDGET (self);
}
