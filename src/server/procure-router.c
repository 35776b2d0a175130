/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-router.h"

/* Matches the segments of @path against @pattern, filling @params. */
static gboolean
match_pattern (const char *pattern,
               char      **segments,
               char      **params)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
  guint n_params = 0;
  guint i;

  for (i = 0; parts[i] != NULL && segments[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], "{}"))
        {
          if (*segments[i] == '\0' || n_params == PROCURE_MAX_PARAMS)
            return FALSE;
          params[n_params++] = segments[i];
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  return parts[i] == NULL && segments[i] == NULL;
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
