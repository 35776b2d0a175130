/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-preferences.h: the preferences window (AdwPreferencesWindow):
 * the server in use, notifications on/off, and how long the app keeps
 * syncing in the background after its window is closed.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

/* @session and @settings may be NULL. */
GtkWidget *procure_preferences_new (ProcureSession *session,
                                    GSettings      *settings);

G_END_DECLS
