/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include "procure-error.h"
#include "procure-lifecycle.h"

#define ROLE(r)  (1u << (r))
#define MEMBERS  (ROLE (PROCURE_ROLE_PURCHASER) | ROLE (PROCURE_ROLE_APPROVER))
#define APPROVER ROLE (PROCURE_ROLE_APPROVER)
#define AGENT    ROLE (PROCURE_ROLE_AGENT)

/* The purchase-order lifecycle of DESIGN.md, row by row. The agent's rows for
 * submit and cancel of a draft apply only to on-behalf orders the agent
 * raised (see relation_allows()); submit's real target depends on the
 * approval policy (see procure_lifecycle_next_status()). */
static const ProcureTransition transitions[] = {
  { PROCURE_STATUS_DRAFT,            PROCURE_ACTION_SUBMIT,          PROCURE_STATUS_PENDING_APPROVAL, MEMBERS | AGENT },
  { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_APPROVE,         PROCURE_STATUS_SUBMITTED,        APPROVER },
  { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_REJECT,          PROCURE_STATUS_REJECTED,         APPROVER },
  { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_REQUEST_INFO,    PROCURE_STATUS_INFO_REQUESTED,   APPROVER },
  { PROCURE_STATUS_INFO_REQUESTED,   PROCURE_ACTION_RESUBMIT,        PROCURE_STATUS_PENDING_APPROVAL, MEMBERS },
  { PROCURE_STATUS_SUBMITTED,        PROCURE_ACTION_ACCEPT,          PROCURE_STATUS_ACCEPTED,         AGENT },
  { PROCURE_STATUS_SUBMITTED,        PROCURE_ACTION_REJECT,          PROCURE_STATUS_REJECTED,         AGENT },
  { PROCURE_STATUS_ACCEPTED,         PROCURE_ACTION_START,           PROCURE_STATUS_PROVISIONING,     AGENT },
  { PROCURE_STATUS_PROVISIONING,     PROCURE_ACTION_READY,           PROCURE_STATUS_READY,            AGENT },
  { PROCURE_STATUS_READY,            PROCURE_ACTION_SHIP,            PROCURE_STATUS_SHIPPED,          AGENT },
  { PROCURE_STATUS_SHIPPED,          PROCURE_ACTION_CONFIRM_RECEIPT, PROCURE_STATUS_CLOSED,           MEMBERS },
  { PROCURE_STATUS_REJECTED,         PROCURE_ACTION_REOPEN,          PROCURE_STATUS_DRAFT,            MEMBERS },
  { PROCURE_STATUS_DRAFT,            PROCURE_ACTION_CANCEL,          PROCURE_STATUS_CANCELLED,        MEMBERS | AGENT },
  { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_CANCEL,          PROCURE_STATUS_CANCELLED,        MEMBERS },
  { PROCURE_STATUS_INFO_REQUESTED,   PROCURE_ACTION_CANCEL,          PROCURE_STATUS_CANCELLED,        MEMBERS },
  { PROCURE_STATUS_SUBMITTED,        PROCURE_ACTION_CANCEL,          PROCURE_STATUS_CANCELLED,        MEMBERS },
  { PROCURE_STATUS_REJECTED,         PROCURE_ACTION_CANCEL,          PROCURE_STATUS_CANCELLED,        MEMBERS },
};

static gboolean
role_valid (ProcureRole role)
{
  return role >= 0 && role < PROCURE_N_ROLES;
}

static gboolean
role_is_member_role (ProcureRole role)
{
  return role == PROCURE_ROLE_PURCHASER || role == PROCURE_ROLE_APPROVER;
}

/* Every role that may take @action from some status. */
static guint
roles_for_action (ProcureAction action)
{
  guint roles = 0;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action)
      roles |= transitions[i].roles;
  return roles;
}

static const ProcureTransition *
find_transition (ProcureStatus from,
                 ProcureAction action,
                 ProcureRole   role)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const ProcureTransition *row = &transitions[i];

      if (row->from == from && row->action == action && (row->roles & ROLE (role)) != 0)
        return row;
    }
  return NULL;
}

static gboolean
is_creator (const ProcureActor *actor,
            const ProcureOrder *order)
{
  return actor->user_id != NULL && g_strcmp0 (actor->user_id, order->created_by) == 0;
}

static gboolean
is_approval_action (ProcureAction action)
{
  return action == PROCURE_ACTION_APPROVE || action == PROCURE_ACTION_REJECT ||
         action == PROCURE_ACTION_REQUEST_INFO;
}

/* The conditions that depend on who the actor is to this order, whatever
 * its status; a failure here is FORBIDDEN. */
static gboolean
relation_allows (const ProcureActor *actor,
                 const ProcureOrder *order,
                 ProcureAction       action,
                 const char        **reason)
{
  if (role_is_member_role (actor->role))
    {
      if (!procure_lifecycle_is_member (actor, order))
        {
          *reason = "not a member of the order's account";
          return FALSE;
        }
      if (actor->role == PROCURE_ROLE_APPROVER && is_approval_action (action) && is_creator (actor, order))
        {
          *reason = "an approver may not decide on an order they raised";
          return FALSE;
        }
      return TRUE;
    }

  if (actor->role == PROCURE_ROLE_AGENT &&
      (action == PROCURE_ACTION_SUBMIT || action == PROCURE_ACTION_CANCEL) &&
      !(order->on_behalf && is_creator (actor, order)))
    {
      *reason = "an agent may only submit or cancel on-behalf orders they raised";
      return FALSE;
    }
  return TRUE;
}

void
procure_policy_from_account (ProcurePolicy        *policy,
                             const ProcureAccount *account)
{
  g_return_if_fail (policy != NULL);

  policy->approval_threshold = account != NULL ? account->approval_threshold : -1;
  policy->second_approval_threshold = account != NULL ? account->second_approval_threshold : -1;
}

const ProcureTransition *
procure_lifecycle_get_table (guint *n_transitions)
{
  if (n_transitions != NULL)
    *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

gboolean
procure_lifecycle_can_see (const ProcureActor *actor,
                           const ProcureOrder *order)
{
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (actor->role == PROCURE_ROLE_AGENT || actor->role == PROCURE_ROLE_ADMIN)
    return TRUE;
  return procure_lifecycle_is_member (actor, order);
}

gboolean
procure_lifecycle_is_member (const ProcureActor *actor,
                             const ProcureOrder *order)
{
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  return role_is_member_role (actor->role) && actor->account_id != NULL &&
         g_strcmp0 (actor->account_id, order->account_id) == 0;
}

gboolean
procure_lifecycle_check (const ProcureActor  *actor,
                         const ProcureOrder  *order,
                         const ProcurePolicy *policy,
                         ProcureAction        action,
                         GError             **error)
{
  const char *action_name = procure_action_to_string (action);
  const char *reason = NULL;

  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (!procure_lifecycle_can_see (actor, order))
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return FALSE;
    }
  if (action_name == NULL || !role_valid (actor->role) ||
      (roles_for_action (action) & ROLE (actor->role)) == 0)
    {
      procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL,
                         "The role “%s” may not %s orders",
                         role_valid (actor->role) ? procure_role_to_string (actor->role) : "unknown",
                         action_name != NULL ? action_name : "act on");
      return FALSE;
    }
  if (!relation_allows (actor, order, action, &reason))
    {
      procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL, "Not allowed to %s this order: %s",
                         action_name, reason);
      return FALSE;
    }
  if (find_transition (order->status, action, actor->role) == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_WRONG_STATUS, NULL, "Cannot %s an order in status “%s”",
                         action_name, procure_status_to_string (order->status));
      return FALSE;
    }
  if (actor->role == PROCURE_ROLE_APPROVER && is_approval_action (action) &&
      procure_order_has_approval_by (order, actor->user_id))
    {
      procure_set_error (error, PROCURE_ERROR_CONFLICT, NULL, "You have already approved this order");
      return FALSE;
    }
  return TRUE;
}

static gboolean
at_or_above (gint64 total,
             gint64 threshold)
{
  return threshold >= 0 && total >= threshold;
}

ProcureStatus
procure_lifecycle_next_status (const ProcureOrder  *order,
                               const ProcurePolicy *policy,
                               ProcureAction        action,
                               guint                approvals_after)
{
  gint64 first = policy != NULL ? policy->approval_threshold : -1;
  gint64 second = policy != NULL ? policy->second_approval_threshold : -1;

  g_return_val_if_fail (order != NULL, PROCURE_STATUS_INVALID);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const ProcureTransition *row = &transitions[i];

      if (row->from != order->status || row->action != action)
        continue;
      if (action == PROCURE_ACTION_SUBMIT)
        return at_or_above (order->total, first) && !order->on_behalf ?
               PROCURE_STATUS_PENDING_APPROVAL : PROCURE_STATUS_SUBMITTED;
      if (action == PROCURE_ACTION_APPROVE)
        return at_or_above (order->total, second) && approvals_after < 2 ?
               PROCURE_STATUS_PENDING_APPROVAL : PROCURE_STATUS_SUBMITTED;
      return row->to;
    }
  return PROCURE_STATUS_INVALID;
}

guint
procure_lifecycle_allowed_actions (const ProcureActor  *actor,
                                   const ProcureOrder  *order,
                                   const ProcurePolicy *policy)
{
  guint allowed = 0;

  g_return_val_if_fail (actor != NULL, 0);
  g_return_val_if_fail (order != NULL, 0);

  for (int action = 0; action < PROCURE_N_ACTIONS; action++)
    if (procure_lifecycle_check (actor, order, policy, action, NULL))
      allowed |= 1u << action;
  return allowed;
}

gboolean
procure_lifecycle_can_edit (const ProcureActor *actor,
                            const ProcureOrder *order,
                            GError            **error)
{
  gboolean agent_editor;

  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (!procure_lifecycle_can_see (actor, order))
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return FALSE;
    }
  agent_editor = actor->role == PROCURE_ROLE_AGENT && order->on_behalf && is_creator (actor, order);
  if (!procure_lifecycle_is_member (actor, order) && !agent_editor)
    {
      procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL, "Not allowed to edit this order");
      return FALSE;
    }
  if (order->status != PROCURE_STATUS_DRAFT &&
      (agent_editor || order->status != PROCURE_STATUS_INFO_REQUESTED))
    {
      procure_set_error (error, PROCURE_ERROR_WRONG_STATUS, NULL, "Cannot edit an order in status “%s”",
                         procure_status_to_string (order->status));
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_lifecycle_can_create (const ProcureActor *actor,
                              const char         *account_id,
                              GError            **error)
{
  g_return_val_if_fail (actor != NULL, FALSE);

  if (actor->role == PROCURE_ROLE_AGENT)
    {
      if (account_id == NULL || *account_id == '\0')
        {
          procure_set_error (error, PROCURE_ERROR_REQUIRED, "account_id",
                             "An order raised on behalf needs the account");
          return FALSE;
        }
      return TRUE;
    }
  if (!role_is_member_role (actor->role) || actor->account_id == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL, "This role may not raise orders");
      return FALSE;
    }
  /* A member's order is always for their own account; naming another one
   * is naming an account they cannot see. */
  if (account_id != NULL && g_strcmp0 (account_id, actor->account_id) != 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, "account_id", "No such account");
      return FALSE;
    }
  return TRUE;
}

gboolean
procure_action_needs_comment (ProcureAction action)
{
  return action == PROCURE_ACTION_REJECT || action == PROCURE_ACTION_REQUEST_INFO;
}

gboolean
procure_lifecycle_waits_on (const ProcureActor  *actor,
                            const ProcureOrder  *order,
                            const ProcurePolicy *policy)
{
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  switch (actor->role)
    {
    case PROCURE_ROLE_AGENT:
      return order->status == PROCURE_STATUS_SUBMITTED || order->status == PROCURE_STATUS_ACCEPTED ||
             order->status == PROCURE_STATUS_PROVISIONING || order->status == PROCURE_STATUS_READY;
    case PROCURE_ROLE_PURCHASER:
    case PROCURE_ROLE_APPROVER:
      if (!procure_lifecycle_is_member (actor, order))
        return FALSE;
      if (order->status == PROCURE_STATUS_PENDING_APPROVAL)
        return procure_lifecycle_check (actor, order, policy, PROCURE_ACTION_APPROVE, NULL);
      return order->status == PROCURE_STATUS_INFO_REQUESTED || order->status == PROCURE_STATUS_REJECTED ||
             order->status == PROCURE_STATUS_SHIPPED;
    case PROCURE_ROLE_ADMIN:
    case PROCURE_ROLE_INVALID:
    case PROCURE_N_ROLES:
    default:
      return FALSE;
    }
}
