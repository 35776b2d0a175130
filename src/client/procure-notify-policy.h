/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-notify-policy.h: the pure decisions behind notifications.
 *
 * A status change of an order is worth telling @me when it was made by
 * somebody else and the order is one @me created, must act on now, or acted
 * on before (appears in its history). Nothing is notified while the cache
 * fills for the first time. Events that arrive close together are shown as
 * one summary (procure_notify_format()).
 */
#pragma once

#include "procure-types.h"
#include "procure-lifecycle.h"

G_BEGIN_DECLS

/* Events closer together than this coalesce into one notification. */
#define PROCURE_NOTIFY_COALESCE_MS 2000

typedef struct {
  char          *order_id;
  char          *number;      /* NULL before acceptance */
  ProcureStatus  status;      /* the new status */
  char          *actor_name;  /* who made the change */
} ProcureNotifyEvent;

void procure_notify_event_free (ProcureNotifyEvent *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureNotifyEvent, procure_notify_event_free)

/* The event to show for @after replacing a cached version whose status was
 * @before_status (PROCURE_STATUS_INVALID when the order is new to the cache),
 * or NULL when @me should not be notified. @first_fill: the cache was empty
 * before this sync. */
ProcureNotifyEvent *procure_notify_decide (const ProcureActor  *me,
                                           ProcureStatus        before_status,
                                           const ProcureOrder  *after,
                                           const ProcurePolicy *policy,
                                           gboolean             first_fill);

/* Summary and body for @events (of ProcureNotifyEvent, at least one). One
 * event: "Order 10042 approved"-style summary naming the number, the new
 * status and who did it, and *out_order_id set; several: "5 orders changed"
 * with a line per order (at most five) and *out_order_id NULL. */
void procure_notify_format (GPtrArray  *events,
                            char      **out_summary,
                            char      **out_body,
                            char      **out_order_id);

G_END_DECLS
