/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-store-pg.h"

gboolean
procure_store_location_is_pg (const char *location)
{
  return location != NULL
      && (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

ProcureStore *
procure_store_open_location (const char *location,
                             GError    **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (!procure_store_location_is_pg (location))
    return procure_store_sqlite_open (location, error);
#ifdef PROCURE_HAVE_LIBPQ
  return procure_store_pg_open (location, error);
#else
  g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
               "This procure-server was built without PostgreSQL support (libpq)");
  return NULL;
#endif
}
