/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-lifecycle.h: the purchase-order lifecycle, in one place.
 *
 * A single table maps (status, action) to the next status and the roles that
 * may take the action; procure_lifecycle_check() adds the conditions that
 * depend on the actor and the order (account membership, approver is not the
 * creator, two distinct approvers, on-behalf orders skipping enterprise
 * approval). Server, client and UI all ask these functions; nothing else
 * decides what is allowed.
 */
#pragma once

#include "procure-types.h"

G_BEGIN_DECLS

/* Who is asking. */
typedef struct {
  const char  *user_id;
  ProcureRole  role;
  const char  *account_id;   /* NULL for agents and admins */
} ProcureActor;

/* The policy the lifecycle needs from an account. */
typedef struct {
  gint64 approval_threshold;         /* -1 = no approval */
  gint64 second_approval_threshold;  /* -1 = none */
} ProcurePolicy;

void     procure_policy_from_account (ProcurePolicy        *policy,
                                      const ProcureAccount *account);

/* Static transition table row. */
typedef struct {
  ProcureStatus from;
  ProcureAction action;
  ProcureStatus to;        /* nominal target; see procure_lifecycle_next_status() */
  guint         roles;     /* bit mask: 1 << ProcureRole */
} ProcureTransition;

/* The whole table; *n_transitions receives its length. */
const ProcureTransition *procure_lifecycle_get_table (guint *n_transitions);

/* Whether @actor may see @order at all (agents and admins: every order;
 * purchasers and approvers: their own account's). */
gboolean procure_lifecycle_can_see    (const ProcureActor *actor,
                                       const ProcureOrder *order);

/* Whether @actor is a purchaser or approver of the order's account. */
gboolean procure_lifecycle_is_member  (const ProcureActor *actor,
                                       const ProcureOrder *order);

/* Whether @actor may take @action on @order now. On refusal @error is set,
 * checked in this order:
 *   PROCURE_ERROR_NOT_FOUND     the actor may not see the order;
 *   PROCURE_ERROR_FORBIDDEN     the actor's role (or relation to the order:
 *                               not a member, the creator approving their own
 *                               order, an agent submitting an order not on
 *                               behalf) may never take this action on it;
 *   PROCURE_ERROR_WRONG_STATUS  not from the order's current status;
 *   PROCURE_ERROR_CONFLICT      this approver has already approved it.
 * Body requirements (comment, number, sims, shipment) are checked separately
 * by procure_action_request_validate(). */
gboolean procure_lifecycle_check      (const ProcureActor  *actor,
                                       const ProcureOrder  *order,
                                       const ProcurePolicy *policy,
                                       ProcureAction        action,
                                       GError             **error);

/* The status @order moves to when @action is taken now (assumes the check
 * passed and, for approve, that the approval being added is counted:
 * @approvals_after is the number of approvals including this one). */
ProcureStatus procure_lifecycle_next_status (const ProcureOrder  *order,
                                             const ProcurePolicy *policy,
                                             ProcureAction        action,
                                             guint                approvals_after);

/* Bit mask (1 << ProcureAction) of every action @actor may take on @order
 * now: what the UI enables. */
guint    procure_lifecycle_allowed_actions (const ProcureActor  *actor,
                                            const ProcureOrder  *order,
                                            const ProcurePolicy *policy);

/* Whether @actor may edit (PATCH) @order now: draft or info_requested, by an
 * account member, or by the agent on an on-behalf draft. Error as above. */
gboolean procure_lifecycle_can_edit   (const ProcureActor *actor,
                                       const ProcureOrder *order,
                                       GError            **error);

/* Whether @actor may create an order for @account_id (members: their own
 * account, @account_id NULL meaning their own; another account is NOT_FOUND
 * on field "account_id"; agents: any account, on behalf, @account_id
 * REQUIRED). Admins may not (FORBIDDEN). Whether the account exists is the
 * caller's business. */
gboolean procure_lifecycle_can_create (const ProcureActor *actor,
                                       const char         *account_id,
                                       GError            **error);

/* Whether the action needs a comment / number / sims / shipment. */
gboolean procure_action_needs_comment  (ProcureAction action);

/* Whether @user is waiting on @order: the order is in the user's "inbox"
 * (approvers: pending approval they may still approve; purchasers/approvers:
 * info_requested, rejected and shipped orders of their account; agents:
 * submitted, accepted, provisioning, ready). */
gboolean procure_lifecycle_waits_on   (const ProcureActor  *actor,
                                       const ProcureOrder  *order,
                                       const ProcurePolicy *policy);

G_END_DECLS
