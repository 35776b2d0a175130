/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 3339 UTC with millisecond precision: "2026-11-22T09:30:00.123Z". */
char     *procure_time_now_string     (void);
char     *procure_time_format         (GDateTime  *datetime);
/* Parses an RFC 3339 string; NULL if it is not one. */
GDateTime *procure_time_parse         (const char *str);
/* Today's local date as YYYY-MM-DD, and @days from today. */
char     *procure_date_today_string   (int         days_from_today);

G_END_DECLS
