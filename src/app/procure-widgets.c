/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-text-cell.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

GtkWidget *
procure_status_pill_new (void)
{
  GtkWidget *pill = procure_text_cell_new (0);

  /* the pill's background fits its text */
  procure_text_cell_set_fits_text (PROCURE_TEXT_CELL (pill), TRUE);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static void
remove_tone_classes (GtkWidget *pill)
{
  static const char *tones[] = {
    "status-neutral", "status-warning", "status-accent", "status-success", "status-error",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    gtk_widget_remove_css_class (pill, tones[i]);
}

void
procure_status_pill_set (GtkWidget     *pill,
                         ProcureStatus  status)
{
  const char *label = status == PROCURE_STATUS_INVALID ? "" : procure_status_get_label (status);

  g_return_if_fail (GTK_IS_LABEL (pill) || PROCURE_IS_TEXT_CELL (pill));

  remove_tone_classes (pill);
  gtk_widget_add_css_class (pill, procure_ui_status_css_class (status));
  if (GTK_IS_LABEL (pill))
    gtk_label_set_label (GTK_LABEL (pill), label);
  else
    procure_text_cell_set_text (PROCURE_TEXT_CELL (pill), label);
}

char *
procure_format_timestamp (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 ? procure_time_parse (rfc3339) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  /* Translators: date and time in lists, see strftime(3) */
  return g_date_time_format (local, _("%-e %b %Y, %H:%M"));
}

char *
procure_format_date (const char *date)
{
  GDate parsed;
  char buffer[64];

  if (date == NULL || !procure_parse_date (date, &parsed))
    return g_strdup ("—");
  /* Translators: a date, see strftime(3) */
  if (g_date_strftime (buffer, sizeof buffer, _("%-e %b %Y"), &parsed) == 0)
    return g_strdup (date);
  return g_strdup (g_strstrip (buffer));
}

void
procure_set_accessible_label (GtkWidget  *widget,
                              const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

void
procure_widget_set_error (GtkWidget *widget,
                          gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

gboolean
procure_widget_save_png (GtkWidget   *widget,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget is not drawn");
      return FALSE;
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

static void
setup_full_value (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_full_value (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GObject *value = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       GTK_IS_STRING_OBJECT (value) ? gtk_string_object_get_string (GTK_STRING_OBJECT (value)) : "");
}

void
procure_combo_row_show_full_values (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_full_value), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_full_value), NULL);
  adw_combo_row_set_factory (row, factory);
}
