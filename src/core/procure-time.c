/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-time.h"

char *
procure_time_format (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (datetime != NULL, NULL);

  /* Not g_date_time_format ("%Y"): it does not pad years before 1000, and
   * RFC 3339 needs four digits. */
  utc = g_date_time_to_utc (datetime);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

char *
procure_time_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return procure_time_format (now);
}

static gboolean
digits_at (const char *str,
           gsize       start,
           gsize       count)
{
  for (gsize i = start; i < start + count; i++)
    if (!g_ascii_isdigit (str[i]))
      return FALSE;
  return TRUE;
}

/* RFC 3339 is a strict profile of ISO 8601: "YYYY-MM-DDTHH:MM:SS", optional
 * fraction, then "Z" or "+HH:MM"/"-HH:MM". GLib's ISO 8601 parser accepts
 * more (week dates, basic format), so the shape is checked first. */
static gboolean
has_rfc3339_shape (const char *str)
{
  gsize len = strlen (str);
  gsize i = 19;

  if (len < 20 || !digits_at (str, 0, 4) || str[4] != '-' || !digits_at (str, 5, 2) ||
      str[7] != '-' || !digits_at (str, 8, 2) || (str[10] != 'T' && str[10] != 't') ||
      !digits_at (str, 11, 2) || str[13] != ':' || !digits_at (str, 14, 2) ||
      str[16] != ':' || !digits_at (str, 17, 2))
    return FALSE;

  if (str[i] == '.')
    {
      gsize start = ++i;
      while (g_ascii_isdigit (str[i]))
        i++;
      if (i == start)
        return FALSE;
    }

  if ((str[i] == 'Z' || str[i] == 'z') && str[i + 1] == '\0')
    return TRUE;

  return (str[i] == '+' || str[i] == '-') && len - i == 6 &&
         digits_at (str, i + 1, 2) && str[i + 3] == ':' && digits_at (str, i + 4, 2);
}

GDateTime *
procure_time_parse (const char *str)
{
  if (str == NULL || !has_rfc3339_shape (str))
    return NULL;

  return g_date_time_new_from_iso8601 (str, NULL);
}

char *
procure_date_today_string (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (then, "%Y-%m-%d");
}
