/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-window.h: the main window. A stack of three faces: the sign-in page,
 * a "starting" status page, and the main view (header bar with view
 * switcher, offline banner, Catalogue / Orders / Inbox / SIMs pages, order
 * detail). The session is injected with procure_window_set_session().
 *
 * Actions: win.new-order, win.search, win.sync, win.show-page(s),
 * win.open-order(s), win.back.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_WINDOW (procure_window_get_type ())
G_DECLARE_FINAL_TYPE (ProcureWindow, procure_window, PROCURE, WINDOW, AdwApplicationWindow)

ProcureWindow  *procure_window_new                (GtkApplication *application,
                                                   ProcureSession *session);
ProcureSession *procure_window_get_session        (ProcureWindow  *self);
void            procure_window_set_session        (ProcureWindow  *self,
                                                   ProcureSession *session);
/* Whether the primary menu offers "Switch Demo User". */
void            procure_window_set_demo           (ProcureWindow  *self,
                                                   gboolean        demo);

void            procure_window_show_sign_in       (ProcureWindow  *self,
                                                   const char     *server_url,
                                                   const char     *login);
void            procure_window_show_sign_in_error (ProcureWindow  *self,
                                                   const GError   *error);
void            procure_window_show_starting      (ProcureWindow  *self,
                                                   const char     *title);
void            procure_window_show_main          (ProcureWindow  *self);
/* "sign-in", "starting" or "main". */
const char     *procure_window_get_face           (ProcureWindow  *self);

/* "catalogue", "orders", "inbox" or "sims". */
void            procure_window_show_page          (ProcureWindow  *self,
                                                   const char     *name);
/* The page widget named @name, or "detail" for the order detail. */
GtkWidget      *procure_window_get_page           (ProcureWindow  *self,
                                                   const char     *name);
void            procure_window_open_order         (ProcureWindow  *self,
                                                   const char     *order_id);
/* Opens the order editor, for a new order (@order_id NULL) optionally with a
 * first line of @product_id, or for an existing draft. Returns the editor. */
GtkWidget      *procure_window_edit_order         (ProcureWindow  *self,
                                                   const char     *order_id,
                                                   const char     *product_id);
/* The preferences window; @settings may be NULL (no schema installed). */
void            procure_window_show_preferences   (ProcureWindow  *self,
                                                   GSettings      *settings);
/* Whether the offline banner is shown (signed in, server unreachable). */
gboolean        procure_window_get_offline_banner (ProcureWindow  *self);
void            procure_window_toast              (ProcureWindow  *self,
                                                   const char     *message);

G_END_DECLS
