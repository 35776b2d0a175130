/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-notifier.h: where the session's desktop notifications go.
 *
 * A one-method interface so the session can be given another implementation
 * (tests, a GNotification one in a sandbox). The session decides *whether* and
 * *what* to notify (procure-notify-policy.h); a notifier only shows it. When
 * the user clicks "Open" on a notification naming one order, the notifier
 * emits "open-order" with that order's id; the app maps it to
 * app.open-order.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PROCURE_TYPE_NOTIFIER (procure_notifier_get_type ())
G_DECLARE_INTERFACE (ProcureNotifier, procure_notifier, PROCURE, NOTIFIER, GObject)

struct _ProcureNotifierInterface
{
  GTypeInterface parent_iface;

  /* @order_id NULL: a summary without an "Open" action. */
  void (*show) (ProcureNotifier *self,
                const char      *summary,
                const char      *body,
                const char      *order_id);
};

void procure_notifier_show        (ProcureNotifier *self,
                                   const char      *summary,
                                   const char      *body,
                                   const char      *order_id);
/* For implementations: emits "open-order". */
void procure_notifier_open_order  (ProcureNotifier *self,
                                   const char      *order_id);

G_END_DECLS
