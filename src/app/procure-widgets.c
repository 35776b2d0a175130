/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-ui-state.h"
#include "procure-widgets.h"

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

  g_return_if_fail (GTK_IS_LABEL (pill));

  remove_tone_classes (pill);
  gtk_widget_add_css_class (pill, procure_ui_status_css_class (status));
  gtk_label_set_label (GTK_LABEL (pill), label);
}

/* ---------- dates in lists ----------
 *
 * A list formats two dates per row, and a jump of the scroll bar binds
 * some 200 rows in one frame: parsing with GDateTime, converting to local
 * time and g_date_time_format() took 12 µs a row, 2.5 ms of such a frame.
 * So the translated format is applied once per local day, with the hour
 * and minute left as marks that each row fills in, and a date
 * ("YYYY-MM-DD") is formatted once. Only formats whose other conversions
 * are of the date alone take that path; either way the text is what
 * g_date_time_format() makes (tests/app/test-ui-state.c compares them). */

#define FORMAT_CACHE_MAX 4096
#define HOUR_MARK '\1'
#define MINUTE_MARK '\2'

G_LOCK_DEFINE_STATIC (formats);
static GTimeZone  *local_zone;
static const char *day_format_source;   /* the translated format @day_format follows */
static char       *day_format;          /* it with the marks; NULL: no fast path */
static GHashTable *day_templates;       /* local day -> @day_format applied to it */
static const char *date_format_source;
static GHashTable *formatted_dates;     /* "YYYY-MM-DD" -> formatted */

/* @format with %H and %M as marks, if its other conversions are all of
 * the date alone; else NULL. */
static char *
mark_time (const char *format)
{
  GString *marked = g_string_new (NULL);
  const char *p = format;

  while (*p != '\0')
    {
      const char *conversion = p + 1;

      if (*p == HOUR_MARK || *p == MINUTE_MARK)
        break;
      if (*p != '%')
        {
          g_string_append_c (marked, *p++);
          continue;
        }
      if (*conversion == 'H' || *conversion == 'M')
        {
          g_string_append_c (marked, *conversion == 'H' ? HOUR_MARK : MINUTE_MARK);
          p = conversion + 1;
          continue;
        }
      while (*conversion != '\0' && strchr ("-_0^#EO", *conversion) != NULL)
        conversion++;
      if (*conversion == '\0' || strchr ("%aAbBCdDeFgGhjmuUVwWyY", *conversion) == NULL)
        break;
      g_string_append_len (marked, p, conversion + 1 - p);
      p = conversion + 1;
    }
  if (*p != '\0')
    {
      g_string_free (marked, TRUE);
      return NULL;
    }
  return g_string_free (marked, FALSE);
}

static gboolean
read_digits (const char *str,
             int         count,
             int        *value)
{
  *value = 0;
  for (int i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (str[i]))
        return FALSE;
      *value = *value * 10 + (str[i] - '0');
    }
  return TRUE;
}

/* Days from 1970-01-01 to a proleptic Gregorian date. */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 era, year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/* A valid RFC 3339 timestamp as seconds since 1970 (FALSE: leave it to
 * GDateTime, which also says what is not valid; it takes only upper-case
 * 'T' and 'Z' from procure_time_parse()'s lenient shape). */
static gboolean
parse_seconds (const char *str,
               gint64     *seconds)
{
  int year, month, day, hour, minute, second, offset_hours = 0, offset_minutes = 0, sign = 0;
  const char *p = str + 19;

  if (strlen (str) < 20 || !read_digits (str, 4, &year) || str[4] != '-' ||
      !read_digits (str + 5, 2, &month) || str[7] != '-' || !read_digits (str + 8, 2, &day) ||
      str[10] != 'T' || !read_digits (str + 11, 2, &hour) || str[13] != ':' ||
      !read_digits (str + 14, 2, &minute) || str[16] != ':' || !read_digits (str + 17, 2, &second))
    return FALSE;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (*++p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p == '+' || *p == '-') && read_digits (p + 1, 2, &offset_hours) && p[3] == ':' &&
      read_digits (p + 4, 2, &offset_minutes) && p[6] == '\0')
    sign = *p == '+' ? 1 : -1;
  else if (!(*p == 'Z' && p[1] == '\0'))
    return FALSE;
  if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month (month, year) || hour > 23 || minute > 59 || second > 59 ||
      offset_hours > 23 || offset_minutes > 59)
    return FALSE;
  *seconds = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
             sign * (offset_hours * 3600 + offset_minutes * 60);
  return TRUE;
}

static char *
format_timestamp_slowly (const char *rfc3339,
                         const char *format)
{
  g_autoptr(GDateTime) utc = procure_time_parse (rfc3339);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  char *text = local != NULL ? g_date_time_format (local, format) : NULL;

  return text != NULL ? text : g_strdup ("—");
}

/* @seconds in @format, if it takes the fast path; called locked. */
static char *
format_timestamp_quickly (gint64      seconds,
                          const char *format)
{
  const char *template;
  gint64 local, day, second_of_day;
  GString *text;

  if (format != day_format_source)
    {
      day_format_source = format;
      g_free (day_format);
      day_format = mark_time (format);
      g_clear_pointer (&day_templates, g_hash_table_unref);
    }
  if (day_format == NULL)
    return NULL;
  if (local_zone == NULL)
    local_zone = g_time_zone_new_local ();
  local = seconds + g_time_zone_get_offset (local_zone,
                                            g_time_zone_find_interval (local_zone, G_TIME_TYPE_UNIVERSAL,
                                                                       seconds));
  day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  second_of_day = local - day * 86400;
  if (day_templates == NULL)
    day_templates = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  template = g_hash_table_lookup (day_templates, GINT_TO_POINTER ((int) day));
  if (template == NULL)
    {
      g_autoptr(GDateTime) midnight = g_date_time_new_from_unix_utc (day * 86400);
      char *made = midnight != NULL ? g_date_time_format (midnight, day_format) : NULL;

      if (made == NULL)
        return NULL;
      if (g_hash_table_size (day_templates) >= FORMAT_CACHE_MAX)
        g_hash_table_remove_all (day_templates);
      g_hash_table_insert (day_templates, GINT_TO_POINTER ((int) day), made);
      template = made;
    }
  text = g_string_sized_new (32);
  for (const char *p = template; *p != '\0'; p++)
    if (*p == HOUR_MARK)
      g_string_append_printf (text, "%02d", (int) (second_of_day / 3600));
    else if (*p == MINUTE_MARK)
      g_string_append_printf (text, "%02d", (int) (second_of_day % 3600 / 60));
    else
      g_string_append_c (text, *p);
  return g_string_free (text, FALSE);
}

char *
procure_format_timestamp (const char *rfc3339)
{
  static gsize translated;   /* once: gettext is 2,500 instructions a call */
  const char *format;
  char *text = NULL;
  gint64 seconds;

  if (g_once_init_enter (&translated))
    /* Translators: date and time in lists, see strftime(3) */
    g_once_init_leave (&translated, (gsize) _("%-e %b %Y, %H:%M"));
  format = (const char *) translated;

  if (rfc3339 == NULL)
    return g_strdup ("—");
  if (parse_seconds (rfc3339, &seconds))
    {
      G_LOCK (formats);
      text = format_timestamp_quickly (seconds, format);
      G_UNLOCK (formats);
    }
  return text != NULL ? text : format_timestamp_slowly (rfc3339, format);
}

char *
procure_format_date (const char *date)
{
  static gsize translated;
  const char *format, *known = NULL;
  GDate parsed;
  char buffer[64];
  char *text;

  if (g_once_init_enter (&translated))
    /* Translators: a date, see strftime(3) */
    g_once_init_leave (&translated, (gsize) _("%-e %b %Y"));
  format = (const char *) translated;
  if (date == NULL || !procure_parse_date (date, &parsed))
    return g_strdup ("—");
  G_LOCK (formats);
  if (format != date_format_source)
    {
      date_format_source = format;
      g_clear_pointer (&formatted_dates, g_hash_table_unref);
    }
  if (formatted_dates != NULL)
    known = g_hash_table_lookup (formatted_dates, date);
  text = g_strdup (known);
  G_UNLOCK (formats);
  if (text != NULL)
    return text;

  if (g_date_strftime (buffer, sizeof buffer, format, &parsed) == 0)
    return g_strdup (date);
  text = g_strdup (g_strstrip (buffer));
  G_LOCK (formats);
  if (formatted_dates == NULL)
    formatted_dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_size (formatted_dates) >= FORMAT_CACHE_MAX)
    g_hash_table_remove_all (formatted_dates);
  g_hash_table_replace (formatted_dates, g_strdup (date), g_strdup (text));
  G_UNLOCK (formats);
  return text;
}

void
procure_snapshot_row_separator (GtkWidget   *row_child,
                                GtkSnapshot *snapshot,
                                gboolean     top)
{
  GtkWidget *row = gtk_widget_get_parent (row_child);
  graphene_rect_t bounds;
  GdkRGBA color;

  g_return_if_fail (GTK_IS_WIDGET (row_child));

  if (row == NULL || !gtk_widget_compute_bounds (row, row_child, &bounds))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (row_child), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= 0.15f;
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (bounds.origin.x,
                                                  top ? bounds.origin.y : bounds.origin.y + bounds.size.height - 1,
                                                  bounds.size.width, 1));
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
