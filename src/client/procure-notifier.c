/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-notifier.h"

G_DEFINE_INTERFACE (ProcureNotifier, procure_notifier, G_TYPE_OBJECT)

enum {
  OPEN_ORDER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
procure_notifier_default_init (ProcureNotifierInterface *iface)
{
  /* ProcureNotifier::open-order (order_id): the user chose "Open". */
  signals[OPEN_ORDER] = g_signal_new ("open-order", G_TYPE_FROM_INTERFACE (iface),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
procure_notifier_show (ProcureNotifier *self,
                       const char      *summary,
                       const char      *body,
                       const char      *order_id)
{
  ProcureNotifierInterface *iface;

  g_return_if_fail (PROCURE_IS_NOTIFIER (self));
  g_return_if_fail (summary != NULL);

  iface = PROCURE_NOTIFIER_GET_IFACE (self);
  if (iface->show != NULL)
    iface->show (self, summary, body, order_id);
}

void
procure_notifier_open_order (ProcureNotifier *self,
                             const char      *order_id)
{
  g_return_if_fail (PROCURE_IS_NOTIFIER (self));
  g_return_if_fail (order_id != NULL);

  g_signal_emit (self, signals[OPEN_ORDER], 0, order_id);
}
