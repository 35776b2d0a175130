/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-application.h: the application. It owns the ProcureSession (and, in
 * demo mode, the local demo server child) and drives start-up: restore a
 * stored session, start the demo, or show the sign-in page.
 *
 * Actions: app.quit, app.about, app.preferences, app.sign-out,
 * app.switch-demo-user(s), app.open-order(s), app.try-demo.
 *
 * Background sync: when the last window closes while signed in, the app
 * stays (g_application_hold) for the GSettings key background-sync-minutes,
 * so the session goes on syncing and notifying; then it quits. 0 quits at
 * once. Activating the app or "Open" on a notification (app.open-order)
 * brings a window back and ends the countdown. For tests the environment
 * variable PROCURE_BACKGROUND_SYNC_SECONDS (0-86400) overrides the key, in
 * seconds.
 *
 * No window of the app stays hidden (see procure_application_window_added):
 * GTK 4.8's AT-SPI root crashes on hidden toplevels.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_APPLICATION (procure_application_get_type ())
G_DECLARE_FINAL_TYPE (ProcureApplication, procure_application, PROCURE, APPLICATION, AdwApplication)

/* The demo users "Switch Demo User" offers, NULL-terminated. */
extern const char * const procure_demo_users[];

ProcureApplication *procure_application_new          (void);
/* NULL before a server is known. */
ProcureSession     *procure_application_get_session  (ProcureApplication *self);
gboolean            procure_application_get_demo     (ProcureApplication *self);
/* GSettings of io.github.procure.Procure, or NULL when the schema is not
 * installed (a bare build tree). */
GSettings          *procure_application_get_settings (ProcureApplication *self);

/* Signs in to @server_url (a new session if the server changed). The window
 * learns the outcome through procure_window_show_main() or
 * procure_window_show_sign_in_error(). */
void                procure_application_sign_in      (ProcureApplication *self,
                                                      const char         *server_url,
                                                      const char         *login,
                                                      const char         *password);
/* Starts the local demo server (once) and signs in as @login. */
void                procure_application_start_demo   (ProcureApplication *self,
                                                      const char         *login);

G_END_DECLS
