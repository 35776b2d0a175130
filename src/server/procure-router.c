/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include "procure-router.h"

/* Matches the segments of @path against @pattern, filling @params. Walks
 * the pattern in place: this runs for every route on every request. */
static gboolean
match_pattern (const char *pattern,
               char      **segments,
               char      **params)
{
  const char *part = pattern;
  guint n_params = 0;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *end = strchr (part, '/');
      gsize len = end != NULL ? (gsize) (end - part) : strlen (part);

      if (len == 2 && part[0] == '{' && part[1] == '}')
        {
          if (*segments[i] == '\0' || n_params == PROCURE_MAX_PARAMS)
            return FALSE;
          params[n_params++] = segments[i];
        }
      else if (strncmp (part, segments[i], len) != 0 || segments[i][len] != '\0')
        return FALSE;
      if (end == NULL)
        return segments[i + 1] == NULL;
      part = end + 1;
    }
  return FALSE;
}

ProcureRouteResult
procure_router_match (const ProcureRoute  *routes,
                      guint                n_routes,
                      const char          *method,
                      const char          *path,
                      const ProcureRoute **route,
                      char               **params,
                      GString             *allow)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  ProcureRouteResult result = PROCURE_ROUTE_UNKNOWN;

  *route = NULL;
  for (guint i = 0; i < n_routes; i++)
    {
      char *found[PROCURE_MAX_PARAMS] = { NULL };

      if (!match_pattern (routes[i].pattern, segments, found))
        continue;
      if (g_str_equal (routes[i].method, method))
        {
          for (guint p = 0; p < PROCURE_MAX_PARAMS; p++)
            params[p] = found[p] ? (g_uri_unescape_string (found[p], NULL) ?: g_strdup (found[p])) : NULL;
          *route = &routes[i];
          return PROCURE_ROUTE_MATCHED;
        }
      g_string_append_printf (allow, "%s%s", allow->len ? ", " : "", routes[i].method);
      result = PROCURE_ROUTE_WRONG_METHOD;
    }
  return result;
}
