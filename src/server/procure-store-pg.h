/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-store-pg.h: opening a store by its location. A location that
 * starts with "postgresql://" or "postgres://" is a libpq connection URI
 * (the PostgreSQL store, for several instances on one database); anything
 * else is the path of a SQLite file (the default, one instance).
 */
#pragma once

#include "procure-store.h"

G_BEGIN_DECLS

/* TRUE when @location names a PostgreSQL database. */
gboolean      procure_store_location_is_pg   (const char *location);

/* Opens the store at @location (see above), creating and migrating it as
 * needed. Without libpq at build time a PostgreSQL location fails. */
ProcureStore *procure_store_open_location    (const char *location, GError **error);

/* Opens (creating the schema as needed) the PostgreSQL store at @conninfo.
 * Commits of every instance on the same database reach the commit hook:
 * the store LISTENs and follows the events table from the main loop. */
ProcureStore *procure_store_pg_open          (const char *conninfo, GError **error);

G_END_DECLS
