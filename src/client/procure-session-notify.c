/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Notification coalescing: events collect for PROCURE_NOTIFY_COALESCE_MS
 * after the first one, then go out as one notification (or one summary).
 */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-session-private.h"

static gboolean
flush_events_cb (gpointer user_data)
{
  ProcureSession *self = user_data;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree char *order_id = NULL;

  self->notify_source = 0;
  if (self->events->len == 0)
    return G_SOURCE_REMOVE;

  procure_notify_format (self->events, &summary, &body, &order_id);
  g_ptr_array_set_size (self->events, 0);
  if (self->notifier != NULL && self->notifications_enabled)
    procure_notifier_show (self->notifier, summary, body, order_id);
  return G_SOURCE_REMOVE;
}

void
procure_session_queue_event (ProcureSession     *self,
                             ProcureNotifyEvent *event)
{
  if (self->notifier == NULL || !self->notifications_enabled)
    {
      procure_notify_event_free (event);
      return;
    }
  /* A second change of the same order replaces the first. */
  for (guint i = 0; i < self->events->len; i++)
    {
      ProcureNotifyEvent *queued = g_ptr_array_index (self->events, i);

      if (g_strcmp0 (queued->order_id, event->order_id) == 0)
        {
          g_ptr_array_remove_index (self->events, i);
          break;
        }
    }
  g_ptr_array_add (self->events, event);
  if (self->notify_source == 0)
    self->notify_source = g_timeout_add (PROCURE_NOTIFY_COALESCE_MS, flush_events_cb, self);
}

void
procure_session_drop_events (ProcureSession *self)
{
  g_clear_handle_id (&self->notify_source, g_source_remove);
  if (self->events != NULL)
    g_ptr_array_set_size (self->events, 0);
}
