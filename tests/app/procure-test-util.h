/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-test-util.h: what the app tests share: a real demo server, a
 * signed-in session, waiting on the main loop, screenshots.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"
#include "procure-demo-server.h"

G_BEGIN_DECLS

typedef gboolean (*ProcureTestCondition) (gpointer data);

/* adw_init(), the app's style sheet and icons (what AdwApplication would do). */
void               procure_test_init_ui       (void);
/* Iterates the main loop until @condition holds; fails the test after
 * @timeout_seconds. */
void               procure_test_wait_for      (ProcureTestCondition condition,
                                               gpointer             data,
                                               guint                timeout_seconds);
/* Starts `procure-server --demo` on a database in @dir; returns its URL. */
ProcureDemoServer *procure_test_start_server  (const char          *dir,
                                               char               **out_url);
/* A session signed in as @login (password "demo") with its catalogue synced;
 * no keyring, the cache under @dir. */
ProcureSession    *procure_test_sign_in       (const char          *url,
                                               const char          *dir,
                                               const char          *login);
/* Signs in with @password expecting a refusal; returns the error. */
GError            *procure_test_sign_in_error (const char          *url,
                                               const char          *login,
                                               const char          *password);
/* Presents nothing itself; waits until @widget's surface has painted. */
void               procure_test_wait_for_draw (GtkWidget           *widget);
/* How wide Pango lays @text out in @widget's font, in pixels. */
int                procure_test_pango_width   (GtkWidget           *widget,
                                               const char          *text);
/* Saves @widget as <build dir>/tests/app/screenshot-@name.png and checks the
 * file has real content. */
void               procure_test_screenshot    (GtkWidget           *widget,
                                               const char          *name);

G_END_DECLS
