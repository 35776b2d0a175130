/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-notify-log.h: what python3-dbusmock's notification daemon logged
 * ($PROCURE_NOTIFY_LOG, written by tests/client/run-with-session.sh's
 * daemon), for the client's and the app's notification tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Notify calls so far. The daemon gives each the next id (from 1; the app
 * never replaces a notification), so this is also the newest one's id. */
guint  test_notify_count_calls (void);
/* The newest Notify call's line of the log, or NULL before any. */
char  *test_notify_last_line   (void);

G_END_DECLS
