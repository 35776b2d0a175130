/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-throttle.h: failed-login throttling. After @max_failures failed
 * logins for one login name within @window seconds, further attempts are
 * refused (429) until the window of the first failure has passed.
 * In memory only: a restart forgives.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ProcureThrottle ProcureThrottle;

ProcureThrottle *procure_throttle_new     (guint max_failures, guint window);
void             procure_throttle_free    (ProcureThrottle *self);
/* 0 if @login may try now, else the seconds to wait. */
guint            procure_throttle_wait    (ProcureThrottle *self, const char *login, gint64 now);
void             procure_throttle_failed  (ProcureThrottle *self, const char *login, gint64 now);
void             procure_throttle_succeeded (ProcureThrottle *self, const char *login);

G_END_DECLS
