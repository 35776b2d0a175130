/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-libnotify-notifier.h: ProcureNotifier on libnotify (the desktop's
 * org.freedesktop.Notifications service). Single-order notifications get an
 * "open" action ("Open") that emits "open-order".
 */
#pragma once

#include "procure-notifier.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_LIBNOTIFY_NOTIFIER (procure_libnotify_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ProcureLibnotifyNotifier, procure_libnotify_notifier, PROCURE, LIBNOTIFY_NOTIFIER, GObject)

/* @app_name: passed to notify_init() if libnotify is not initialised yet. */
ProcureNotifier *procure_libnotify_notifier_new (const char *app_name);

G_END_DECLS
