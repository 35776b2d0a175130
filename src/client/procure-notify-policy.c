/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "procure-notify-policy.h"

#define MAX_LINES_IN_SUMMARY 5

void
procure_notify_event_free (ProcureNotifyEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->order_id);
  g_free (self->number);
  g_free (self->actor_name);
  g_free (self);
}

/* The history entry that moved the order into its current status. */
static const ProcureHistoryEntry *
last_transition (const ProcureOrder *order)
{
  if (order->history == NULL || order->history->len == 0)
    return NULL;
  return g_ptr_array_index (order->history, order->history->len - 1);
}

static gboolean
has_acted_on (const ProcureOrder *order,
              const char         *user_id)
{
  for (guint i = 0; order->history != NULL && i < order->history->len; i++)
    {
      const ProcureHistoryEntry *entry = g_ptr_array_index (order->history, i);
      if (g_strcmp0 (entry->actor_id, user_id) == 0)
        return TRUE;
    }
  return FALSE;
}

ProcureNotifyEvent *
procure_notify_decide (const ProcureActor  *me,
                       ProcureStatus        before_status,
                       const ProcureOrder  *after,
                       const ProcurePolicy *policy,
                       gboolean             first_fill)
{
  const ProcureHistoryEntry *last;
  ProcureNotifyEvent *event;
  gboolean concerned;

  g_return_val_if_fail (me != NULL && after != NULL && policy != NULL, NULL);

  if (first_fill || before_status == after->status)
    return NULL;
  last = last_transition (after);
  if (last == NULL || last->to != after->status)
    return NULL;
  /* The user's own actions (from this or another device) are never news. */
  if (g_strcmp0 (last->actor_id, me->user_id) == 0)
    return NULL;

  concerned = g_strcmp0 (after->created_by, me->user_id) == 0 ||
              procure_lifecycle_waits_on (me, after, policy) ||
              has_acted_on (after, me->user_id);
  if (!concerned)
    return NULL;

  event = g_new0 (ProcureNotifyEvent, 1);
  event->order_id = g_strdup (after->id);
  event->number = g_strdup (after->number);
  event->status = after->status;
  event->actor_name = g_strdup (last->actor_name ? last->actor_name : last->actor_id);
  return event;
}

static char *
order_label (const ProcureNotifyEvent *event)
{
  /* Before acceptance an order has no number yet: name it by its id. */
  return g_strdup (event->number != NULL ? event->number : event->order_id);
}

void
procure_notify_format (GPtrArray  *events,
                       char      **out_summary,
                       char      **out_body,
                       char      **out_order_id)
{
  g_autoptr(GString) body = g_string_new (NULL);

  g_return_if_fail (events != NULL && events->len > 0);
  g_return_if_fail (out_summary != NULL && out_body != NULL && out_order_id != NULL);

  if (events->len == 1)
    {
      const ProcureNotifyEvent *event = g_ptr_array_index (events, 0);
      g_autofree char *label = order_label (event);

      *out_summary = g_strdup_printf (_("Order %s: %s"), label,
                                      procure_status_get_label (event->status));
      *out_body = g_strdup_printf (_("%s moved order %s to %s."), event->actor_name, label,
                                   procure_status_get_label (event->status));
      *out_order_id = g_strdup (event->order_id);
      return;
    }

  for (guint i = 0; i < events->len && i < MAX_LINES_IN_SUMMARY; i++)
    {
      const ProcureNotifyEvent *event = g_ptr_array_index (events, i);
      g_autofree char *label = order_label (event);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Order %s: %s (%s)"), label,
                              procure_status_get_label (event->status), event->actor_name);
    }
  if (events->len > MAX_LINES_IN_SUMMARY)
    g_string_append_printf (body, "\n%s", _("…and more"));

  *out_summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order changed",
                                               "%u orders changed", events->len),
                                  events->len);
  *out_body = g_string_free (g_steal_pointer (&body), FALSE);
  *out_order_id = NULL;
}
