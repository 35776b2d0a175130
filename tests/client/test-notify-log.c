/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "test-notify-log.h"

static char *
read_log (void)
{
  const char *path = g_getenv ("PROCURE_NOTIFY_LOG");
  char *text = NULL;

  g_assert_nonnull (path);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

guint
test_notify_count_calls (void)
{
  g_autofree char *log = read_log ();
  guint n = 0;

  for (const char *p = log; (p = strstr (p, " Notify ")) != NULL; p++)
    n++;
  return n;
}

char *
test_notify_last_line (void)
{
  g_autofree char *log = read_log ();
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], " Notify ") != NULL)
      {
        g_free (found);
        found = g_strdup (lines[i]);
      }
  return found;
}
