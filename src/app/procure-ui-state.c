/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-ui-state.h"

/* Display order: the step forward first, questions next, then the ways out. */
static const ProcureAction display_order[] = {
  PROCURE_ACTION_SUBMIT,
  PROCURE_ACTION_RESUBMIT,
  PROCURE_ACTION_APPROVE,
  PROCURE_ACTION_ACCEPT,
  PROCURE_ACTION_START,
  PROCURE_ACTION_READY,
  PROCURE_ACTION_SHIP,
  PROCURE_ACTION_CONFIRM_RECEIPT,
  PROCURE_ACTION_REOPEN,
  PROCURE_ACTION_REQUEST_INFO,
  PROCURE_ACTION_REJECT,
  PROCURE_ACTION_CANCEL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (display_order) == PROCURE_N_ACTIONS);

static gboolean
action_is_destructive (ProcureAction action)
{
  return action == PROCURE_ACTION_REJECT || action == PROCURE_ACTION_CANCEL;
}

static gboolean
action_is_forward (ProcureAction action)
{
  return !action_is_destructive (action) && action != PROCURE_ACTION_REQUEST_INFO;
}

guint
procure_ui_action_buttons_from_mask (guint               mask,
                                     ProcureActionButton out[PROCURE_N_ACTIONS])
{
  gboolean have_suggested = FALSE;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (display_order); i++)
    {
      ProcureAction action = display_order[i];
      ProcureActionButton *button;

      if (!(mask & (1u << action)))
        continue;

      button = &out[n++];
      button->action = action;
      button->label = procure_action_get_label (action);
      button->needs_comment = procure_action_needs_comment (action);
      button->style_class = NULL;
      if (action_is_destructive (action))
        button->style_class = "destructive-action";
      else if (action_is_forward (action) && !have_suggested)
        {
          button->style_class = "suggested-action";
          have_suggested = TRUE;
        }
    }

  return n;
}

guint
procure_ui_action_buttons (const ProcureActor  *actor,
                           const ProcureOrder  *order,
                           const ProcurePolicy *policy,
                           ProcureActionButton  out[PROCURE_N_ACTIONS])
{
  g_return_val_if_fail (actor != NULL, 0);
  g_return_val_if_fail (order != NULL, 0);
  g_return_val_if_fail (policy != NULL, 0);

  return procure_ui_action_buttons_from_mask (
      procure_lifecycle_allowed_actions (actor, order, policy), out);
}

const char *
procure_ui_status_css_class (ProcureStatus status)
{
  switch (status)
    {
    case PROCURE_STATUS_PENDING_APPROVAL:
    case PROCURE_STATUS_INFO_REQUESTED:
      return "status-warning";
    case PROCURE_STATUS_SUBMITTED:
    case PROCURE_STATUS_ACCEPTED:
    case PROCURE_STATUS_PROVISIONING:
    case PROCURE_STATUS_READY:
    case PROCURE_STATUS_SHIPPED:
      return "status-accent";
    case PROCURE_STATUS_CLOSED:
      return "status-success";
    case PROCURE_STATUS_REJECTED:
    case PROCURE_STATUS_CANCELLED:
      return "status-error";
    case PROCURE_STATUS_DRAFT:
    case PROCURE_STATUS_INVALID:
    case PROCURE_N_STATUSES:
    default:
      return "status-neutral";
    }
}

const char *
procure_ui_step_label (int step)
{
  static const char *labels[PROCURE_UI_N_STEPS] = {
    N_("Draft"), N_("Approval"), N_("Submitted"), N_("Accepted"),
    N_("Provisioning"), N_("Ready"), N_("Shipped"), N_("Closed"),
  };

  g_return_val_if_fail (step >= 0 && step < PROCURE_UI_N_STEPS, NULL);

  return _(labels[step]);
}

int
procure_ui_progress_step (ProcureStatus status)
{
  switch (status)
    {
    case PROCURE_STATUS_DRAFT:            return 0;
    case PROCURE_STATUS_PENDING_APPROVAL: return 1;
    case PROCURE_STATUS_INFO_REQUESTED:   return 1;
    case PROCURE_STATUS_SUBMITTED:        return 2;
    case PROCURE_STATUS_ACCEPTED:         return 3;
    case PROCURE_STATUS_PROVISIONING:     return 4;
    case PROCURE_STATUS_READY:            return 5;
    case PROCURE_STATUS_SHIPPED:          return 6;
    case PROCURE_STATUS_CLOSED:           return 7;
    case PROCURE_STATUS_REJECTED:
    case PROCURE_STATUS_CANCELLED:
    case PROCURE_STATUS_INVALID:
    case PROCURE_N_STATUSES:
    default:
      return PROCURE_UI_STEP_STOPPED;
    }
}

/* "lines[12].quantity" -> 12 and the member after the bracket. */
static int
parse_line_index (const char  *path,
                  const char **member)
{
  const char *p = path + strlen ("lines[");
  char *end = NULL;
  gint64 index;

  if (!g_ascii_isdigit (*p))
    return -1;
  index = g_ascii_strtoll (p, &end, 10);
  if (end == NULL || *end != ']' || index > G_MAXINT)
    return -1;
  *member = end[1] == '.' ? end + 2 : NULL;
  return (int) index;
}

static ProcureUiField
field_from_line_path (const char *path,
                      int        *index)
{
  const char *member = NULL;
  int line = parse_line_index (path, &member);

  if (line < 0)
    return PROCURE_UI_FIELD_LINES;
  *index = line;
  if (g_strcmp0 (member, "quantity") == 0)
    return PROCURE_UI_FIELD_LINE_QUANTITY;
  return PROCURE_UI_FIELD_LINE_PRODUCT;
}

ProcureUiField
procure_ui_field_from_path (const char *path,
                            int        *index)
{
  int dummy;

  if (index == NULL)
    index = &dummy;
  *index = -1;

  if (path == NULL)
    return PROCURE_UI_FIELD_OTHER;
  if (g_str_has_prefix (path, "lines["))
    return field_from_line_path (path, index);
  if (g_str_equal (path, "lines"))
    return PROCURE_UI_FIELD_LINES;
  if (g_str_has_prefix (path, "shipping_address") || g_str_equal (path, "address_id"))
    return PROCURE_UI_FIELD_ADDRESS;
  if (g_str_equal (path, "requested_ship_date"))
    return PROCURE_UI_FIELD_SHIP_DATE;
  if (g_str_equal (path, "notes"))
    return PROCURE_UI_FIELD_NOTES;
  if (g_str_has_prefix (path, "overrides"))
    {
      if (path[strlen ("overrides")] == '.')
        *index = procure_setting_from_string (path + strlen ("overrides."));
      return PROCURE_UI_FIELD_OVERRIDE;
    }
  return PROCURE_UI_FIELD_OTHER;
}

const char *
procure_ui_sync_icon_name (ProcureSyncState state)
{
  switch (state)
    {
    case PROCURE_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";
    case PROCURE_SYNC_STATE_ONLINE:
      return "emblem-ok-symbolic";
    case PROCURE_SYNC_STATE_OFFLINE:
    default:
      return "network-offline-symbolic";
    }
}

static const char *
sync_state_label (ProcureSyncState state)
{
  switch (state)
    {
    case PROCURE_SYNC_STATE_SYNCING:
      return _("Syncing");
    case PROCURE_SYNC_STATE_ONLINE:
      return _("Online");
    case PROCURE_SYNC_STATE_OFFLINE:
    default:
      return _("Offline");
    }
}

char *
procure_ui_sync_tooltip (ProcureSyncState  state,
                         GDateTime        *last_synced,
                         guint             pending)
{
  GString *text = g_string_new (sync_state_label (state));

  if (last_synced != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (last_synced);
      /* Translators: time of day of the last sync, see strftime(3) */
      g_autofree char *time = g_date_time_format (local, _("%H:%M"));

      g_string_append_printf (text, _(", last synced %s"), time);
    }
  else
    g_string_append (text, _(", not synced yet"));

  if (pending > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, ", %u change waiting",
                                         ", %u changes waiting", pending),
                            pending);
  return g_string_free (text, FALSE);
}
