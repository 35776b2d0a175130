/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-inbox-summary.h"

char *
procure_inbox_overrides_text (const ProcureOrder   *order,
                              const ProcureAccount *account)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (order != NULL, NULL);

  for (guint i = 0; order->overrides != NULL && i < PROCURE_N_SETTINGS; i++)
    {
      const char *value = order->overrides->values[i];
      const char *fallback = account != NULL && account->defaults != NULL
                             ? account->defaults->values[i] : NULL;

      if (value == NULL || g_strcmp0 (value, fallback) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      if (fallback != NULL)
        g_string_append_printf (text, _("%s: %s (default %s)"), procure_setting_get_label (i), value, fallback);
      else
        g_string_append_printf (text, _("%s: %s"), procure_setting_get_label (i), value);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static gboolean
is_decision (const ProcureHistoryEntry *entry)
{
  return entry->action == PROCURE_ACTION_REJECT || entry->action == PROCURE_ACTION_REQUEST_INFO;
}

static gboolean
is_submission (const ProcureHistoryEntry *entry)
{
  return entry->action == PROCURE_ACTION_SUBMIT || entry->action == PROCURE_ACTION_RESUBMIT;
}

static gboolean
has_text (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

/* The newest comment at or after @since (RFC 3339 UTC strings compare in
 * time order), or NULL. */
static const char *
comment_since (const ProcureOrder *order,
               const char         *since)
{
  const ProcureComment *newest = NULL;

  for (guint i = 0; order->comments != NULL && i < order->comments->len; i++)
    {
      const ProcureComment *comment = g_ptr_array_index (order->comments, i);

      if (comment->at == NULL || g_strcmp0 (comment->at, since) < 0 || !has_text (comment->body))
        continue;
      if (newest == NULL || g_strcmp0 (comment->at, newest->at) >= 0)
        newest = comment;
    }
  return newest != NULL ? newest->body : NULL;
}

char *
procure_inbox_resubmission_text (const ProcureOrder *order)
{
  const ProcureHistoryEntry *decision = NULL, *submission = NULL;
  g_autoptr(GString) text = NULL;
  const char *note;

  g_return_val_if_fail (order != NULL, NULL);

  /* The history is in time order: the last decision, then a submission. */
  for (guint i = 0; order->history != NULL && i < order->history->len; i++)
    {
      const ProcureHistoryEntry *entry = g_ptr_array_index (order->history, i);

      if (is_decision (entry))
        decision = entry, submission = NULL;
      else if (decision != NULL && is_submission (entry))
        submission = entry;
    }
  if (submission == NULL)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text, _("Resubmitted after %s by %s"), procure_action_get_label (decision->action),
                          decision->actor_name != NULL ? decision->actor_name : _("an approver"));
  if (has_text (decision->comment))
    g_string_append_printf (text, _(": “%s”"), decision->comment);
  note = has_text (submission->comment) ? submission->comment : comment_since (order, decision->at);
  if (note != NULL)
    g_string_append_printf (text, _(" — Note: “%s”"), note);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
procure_inbox_differences_text (const ProcureOrder   *order,
                                const ProcureAccount *account)
{
  g_autofree char *overrides = procure_inbox_overrides_text (order, account);
  g_autofree char *resubmission = procure_inbox_resubmission_text (order);

  if (overrides == NULL)
    return g_steal_pointer (&resubmission);
  if (resubmission == NULL)
    return g_steal_pointer (&overrides);
  return g_strconcat (overrides, "\n", resubmission, NULL);
}
