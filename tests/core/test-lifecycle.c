/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include "procure-core.h"

/* The expectations below are written from the lifecycle table of
 * DESIGN.md, action by action, without looking at the table under test. */

#define OK (-1)

typedef struct {
  ProcureRole role;
  gboolean    member;     /* actor's account is the order's account */
  gboolean    creator;    /* actor raised the order */
  gboolean    approved;   /* actor has already approved it */
  gboolean    on_behalf;  /* the order was raised on behalf by an agent */
} Relation;

static gboolean
status_in (ProcureStatus status,
           ProcureStatus first,
           ...)
{
  va_list args;
  gboolean found = FALSE;

  va_start (args, first);
  for (int s = first; s != PROCURE_STATUS_INVALID; s = va_arg (args, int))
    if (s == (int) status)
      found = TRUE;
  va_end (args);
  return found;
}

static int
only_from (ProcureStatus status,
           ProcureStatus allowed)
{
  return status == allowed ? OK : PROCURE_ERROR_WRONG_STATUS;
}

static int
expect_approver_decision (const Relation *r,
                          ProcureStatus   status)
{
  if (r->role != PROCURE_ROLE_APPROVER || r->creator)
    return PROCURE_ERROR_FORBIDDEN;
  if (status != PROCURE_STATUS_PENDING_APPROVAL)
    return PROCURE_ERROR_WRONG_STATUS;
  return r->approved ? PROCURE_ERROR_CONFLICT : OK;
}

static int
expect_agent_step (const Relation *r,
                   ProcureStatus   status,
                   ProcureStatus   from)
{
  if (r->role != PROCURE_ROLE_AGENT)
    return PROCURE_ERROR_FORBIDDEN;
  return only_from (status, from);
}

static int
expect_member_step (const Relation *r,
                    ProcureStatus   status,
                    ProcureStatus   from)
{
  if (r->role == PROCURE_ROLE_AGENT)
    return PROCURE_ERROR_FORBIDDEN;
  return only_from (status, from);
}

static int
expect_cancel (const Relation *r,
               ProcureStatus   status)
{
  if (r->role == PROCURE_ROLE_AGENT)
    {
      if (!r->on_behalf || !r->creator)
        return PROCURE_ERROR_FORBIDDEN;
      return only_from (status, PROCURE_STATUS_DRAFT);
    }
  return status_in (status, PROCURE_STATUS_DRAFT, PROCURE_STATUS_PENDING_APPROVAL,
                    PROCURE_STATUS_INFO_REQUESTED, PROCURE_STATUS_SUBMITTED,
                    PROCURE_STATUS_REJECTED, PROCURE_STATUS_INVALID) ? OK : PROCURE_ERROR_WRONG_STATUS;
}

static int
expect (const Relation *r,
        ProcureStatus   status,
        ProcureAction   action)
{
  gboolean member_role = r->role == PROCURE_ROLE_PURCHASER || r->role == PROCURE_ROLE_APPROVER;

  if (member_role && !r->member)
    return PROCURE_ERROR_NOT_FOUND;
  if (r->role == PROCURE_ROLE_ADMIN)
    return PROCURE_ERROR_FORBIDDEN;

  switch (action)
    {
    case PROCURE_ACTION_SUBMIT:
      if (r->role == PROCURE_ROLE_AGENT && (!r->on_behalf || !r->creator))
        return PROCURE_ERROR_FORBIDDEN;
      return only_from (status, PROCURE_STATUS_DRAFT);
    case PROCURE_ACTION_APPROVE:
    case PROCURE_ACTION_REQUEST_INFO:
      return expect_approver_decision (r, status);
    case PROCURE_ACTION_REJECT:
      if (r->role == PROCURE_ROLE_AGENT)
        return only_from (status, PROCURE_STATUS_SUBMITTED);
      return expect_approver_decision (r, status);
    case PROCURE_ACTION_RESUBMIT:
      return expect_member_step (r, status, PROCURE_STATUS_INFO_REQUESTED);
    case PROCURE_ACTION_ACCEPT:
      return expect_agent_step (r, status, PROCURE_STATUS_SUBMITTED);
    case PROCURE_ACTION_START:
      return expect_agent_step (r, status, PROCURE_STATUS_ACCEPTED);
    case PROCURE_ACTION_READY:
      return expect_agent_step (r, status, PROCURE_STATUS_PROVISIONING);
    case PROCURE_ACTION_SHIP:
      return expect_agent_step (r, status, PROCURE_STATUS_READY);
    case PROCURE_ACTION_CONFIRM_RECEIPT:
      return expect_member_step (r, status, PROCURE_STATUS_SHIPPED);
    case PROCURE_ACTION_REOPEN:
      return expect_member_step (r, status, PROCURE_STATUS_REJECTED);
    case PROCURE_ACTION_CANCEL:
      return expect_cancel (r, status);
    case PROCURE_ACTION_INVALID:
    case PROCURE_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* An order of account "acc-1" raised by "creator", and an actor related to
 * it as @r says. */
static ProcureOrder *
make_order (const Relation *r,
            ProcureStatus   status)
{
  ProcureOrder *order = procure_order_new ();

  order->id = g_strdup ("o-1");
  order->account_id = g_strdup ("acc-1");
  order->status = status;
  order->on_behalf = r->on_behalf;
  order->created_by = g_strdup (r->creator ? "actor" : "someone-else");
  order->total = 5000;
  if (r->approved)
    {
      ProcureApproval *approval = procure_approval_new ();

      approval->user_id = g_strdup ("actor");
      g_ptr_array_add (order->approvals, approval);
    }
  return order;
}

static void
make_actor (const Relation *r,
            ProcureActor   *actor)
{
  gboolean member_role = r->role == PROCURE_ROLE_PURCHASER || r->role == PROCURE_ROLE_APPROVER;

  actor->user_id = "actor";
  actor->role = r->role;
  /* Agents and admins have no account; giving one to the "member" variant
   * checks that it changes nothing for them. */
  actor->account_id = r->member ? "acc-1" : (member_role ? "acc-2" : NULL);
}

static void
test_lifecycle_exhaustive (void)
{
  ProcurePolicy policy = { 1000, 100000 };
  guint checked = 0;

  for (int role = 0; role < PROCURE_N_ROLES; role++)
    for (guint bits = 0; bits < 16; bits++)
      for (int status = 0; status < PROCURE_N_STATUSES; status++)
        {
          Relation r = { role, bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1 };
          g_autoptr(ProcureOrder) order = make_order (&r, status);
          ProcureActor actor;
          guint expected_mask = 0;

          make_actor (&r, &actor);
          for (int action = 0; action < PROCURE_N_ACTIONS; action++)
            {
              g_autoptr(GError) error = NULL;
              int want = expect (&r, status, action);
              gboolean ok = procure_lifecycle_check (&actor, order, &policy, action, &error);

              if (want == OK)
                {
                  if (!ok)
                    g_test_message ("role %d bits %u status %s action %s: %s", role, bits,
                                    procure_status_to_string (status), procure_action_to_string (action),
                                    error->message);
                  g_assert_no_error (error);
                  g_assert_true (ok);
                  expected_mask |= 1u << action;
                }
              else
                {
                  if (ok || error->code != want)
                    g_test_message ("role %d bits %u status %s action %s: want %d", role, bits,
                                    procure_status_to_string (status), procure_action_to_string (action), want);
                  g_assert_false (ok);
                  g_assert_error (error, PROCURE_ERROR, (int) want);
                  g_assert_null (procure_error_get_field (error));
                }
              checked++;
            }
          g_assert_cmpuint (procure_lifecycle_allowed_actions (&actor, order, &policy), ==, expected_mask);
        }
  g_assert_cmpuint (checked, ==, 4 * 16 * 11 * 12);
}

static void
test_lifecycle_invalid_inputs (void)
{
  g_autoptr(ProcureOrder) order = procure_order_new ();
  g_autoptr(GError) error = NULL;
  ProcureActor nobody = { "x", PROCURE_ROLE_INVALID, "acc-1" };
  ProcureActor agent = { "x", PROCURE_ROLE_AGENT, NULL };
  ProcureActor purchaser = { "x", PROCURE_ROLE_PURCHASER, NULL };

  order->account_id = g_strdup ("acc-1");

  g_assert_false (procure_lifecycle_check (&nobody, order, NULL, PROCURE_ACTION_SUBMIT, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (procure_lifecycle_check (&agent, order, NULL, PROCURE_ACTION_INVALID, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* A purchaser without an account is a member of nothing. */
  g_assert_false (procure_lifecycle_can_see (&purchaser, order));
  g_assert_false (procure_lifecycle_is_member (&purchaser, order));
  g_assert_true (procure_lifecycle_can_see (&agent, order));
  g_assert_false (procure_lifecycle_is_member (&agent, order));
}

static ProcureOrder *
order_with_total (ProcureStatus status,
                  gint64        total,
                  gboolean      on_behalf)
{
  ProcureOrder *order = procure_order_new ();

  order->status = status;
  order->total = total;
  order->on_behalf = on_behalf;
  return order;
}

static ProcureStatus
next_status (ProcureStatus  status,
             gint64         total,
             gboolean       on_behalf,
             ProcurePolicy *policy,
             ProcureAction  action,
             guint          approvals_after)
{
  g_autoptr(ProcureOrder) order = order_with_total (status, total, on_behalf);

  return procure_lifecycle_next_status (order, policy, action, approvals_after);
}

static void
test_lifecycle_next_submit (void)
{
  ProcurePolicy acme = { 100000, 1000000 };
  ProcurePolicy none = { -1, -1 };
  ProcurePolicy zero = { 0, -1 };

  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 99999, FALSE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 100000, FALSE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_PENDING_APPROVAL);
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 100001, FALSE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_PENDING_APPROVAL);
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 5000000, FALSE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_PENDING_APPROVAL);
  /* On-behalf orders skip the enterprise approval. */
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 100000, TRUE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 5000000, TRUE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_SUBMITTED);
  /* No approval policy. */
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 5000000, FALSE, &none, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 5000000, FALSE, NULL, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_SUBMITTED);
  /* A zero threshold means every order needs approval. */
  g_assert_cmpint (next_status (PROCURE_STATUS_DRAFT, 0, FALSE, &zero, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_PENDING_APPROVAL);
  /* Not from the draft: no move. */
  g_assert_cmpint (next_status (PROCURE_STATUS_SUBMITTED, 100, FALSE, &acme, PROCURE_ACTION_SUBMIT, 0), ==, PROCURE_STATUS_INVALID);
}

static void
test_lifecycle_next_approve (void)
{
  ProcurePolicy acme = { 100000, 1000000 };
  ProcurePolicy one_level = { 100000, -1 };
  const ProcureStatus P = PROCURE_STATUS_PENDING_APPROVAL;

  /* Below the second threshold one approval is enough. */
  g_assert_cmpint (next_status (P, 100000, FALSE, &acme, PROCURE_ACTION_APPROVE, 1), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (P, 999999, FALSE, &acme, PROCURE_ACTION_APPROVE, 1), ==, PROCURE_STATUS_SUBMITTED);
  /* At and above it the first approval keeps it pending, the second passes. */
  g_assert_cmpint (next_status (P, 1000000, FALSE, &acme, PROCURE_ACTION_APPROVE, 1), ==, P);
  g_assert_cmpint (next_status (P, 1000000, FALSE, &acme, PROCURE_ACTION_APPROVE, 2), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (P, 1000001, FALSE, &acme, PROCURE_ACTION_APPROVE, 1), ==, P);
  g_assert_cmpint (next_status (P, 1000001, FALSE, &acme, PROCURE_ACTION_APPROVE, 2), ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpint (next_status (P, 1000001, FALSE, &acme, PROCURE_ACTION_APPROVE, 3), ==, PROCURE_STATUS_SUBMITTED);
  /* Without a second threshold. */
  g_assert_cmpint (next_status (P, 900000000, FALSE, &one_level, PROCURE_ACTION_APPROVE, 1), ==, PROCURE_STATUS_SUBMITTED);
  /* Approve is not a move from any other status. */
  g_assert_cmpint (next_status (PROCURE_STATUS_SUBMITTED, 1, FALSE, &acme, PROCURE_ACTION_APPROVE, 1), ==, PROCURE_STATUS_INVALID);
}

static void
test_lifecycle_next_other (void)
{
  static const struct {
    ProcureStatus from;
    ProcureAction action;
    ProcureStatus to;
  } cases[] = {
    { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_REJECT, PROCURE_STATUS_REJECTED },
    { PROCURE_STATUS_SUBMITTED, PROCURE_ACTION_REJECT, PROCURE_STATUS_REJECTED },
    { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_REQUEST_INFO, PROCURE_STATUS_INFO_REQUESTED },
    { PROCURE_STATUS_INFO_REQUESTED, PROCURE_ACTION_RESUBMIT, PROCURE_STATUS_PENDING_APPROVAL },
    { PROCURE_STATUS_SUBMITTED, PROCURE_ACTION_ACCEPT, PROCURE_STATUS_ACCEPTED },
    { PROCURE_STATUS_ACCEPTED, PROCURE_ACTION_START, PROCURE_STATUS_PROVISIONING },
    { PROCURE_STATUS_PROVISIONING, PROCURE_ACTION_READY, PROCURE_STATUS_READY },
    { PROCURE_STATUS_READY, PROCURE_ACTION_SHIP, PROCURE_STATUS_SHIPPED },
    { PROCURE_STATUS_SHIPPED, PROCURE_ACTION_CONFIRM_RECEIPT, PROCURE_STATUS_CLOSED },
    { PROCURE_STATUS_REJECTED, PROCURE_ACTION_REOPEN, PROCURE_STATUS_DRAFT },
    { PROCURE_STATUS_DRAFT, PROCURE_ACTION_CANCEL, PROCURE_STATUS_CANCELLED },
    { PROCURE_STATUS_PENDING_APPROVAL, PROCURE_ACTION_CANCEL, PROCURE_STATUS_CANCELLED },
    { PROCURE_STATUS_INFO_REQUESTED, PROCURE_ACTION_CANCEL, PROCURE_STATUS_CANCELLED },
    { PROCURE_STATUS_SUBMITTED, PROCURE_ACTION_CANCEL, PROCURE_STATUS_CANCELLED },
    { PROCURE_STATUS_REJECTED, PROCURE_ACTION_CANCEL, PROCURE_STATUS_CANCELLED },
    { PROCURE_STATUS_ACCEPTED, PROCURE_ACTION_CANCEL, PROCURE_STATUS_INVALID },
    { PROCURE_STATUS_CLOSED, PROCURE_ACTION_REOPEN, PROCURE_STATUS_INVALID },
    { PROCURE_STATUS_CANCELLED, PROCURE_ACTION_REOPEN, PROCURE_STATUS_INVALID },
    { PROCURE_STATUS_SHIPPED, PROCURE_ACTION_SHIP, PROCURE_STATUS_INVALID },
  };
  ProcurePolicy policy = { 1, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (next_status (cases[i].from, 10, FALSE, &policy, cases[i].action, 0), ==, cases[i].to);
}

/* Every row of the table must be a transition our expectation allows for
 * some actor, and the table must contain exactly the 17 rows of DESIGN.md
 * (12 single moves plus cancel from five statuses). */
static void
test_lifecycle_table (void)
{
  guint n = 0;
  const ProcureTransition *table = procure_lifecycle_get_table (&n);

  g_assert_nonnull (table);
  g_assert_cmpuint (n, ==, 17);
  for (guint i = 0; i < n; i++)
    {
      for (int role = 0; role < PROCURE_N_ROLES; role++)
        {
          /* The most permissive relation for each role. */
          Relation r = { role, TRUE, role == PROCURE_ROLE_AGENT, FALSE, role == PROCURE_ROLE_AGENT };
          gboolean in_row = (table[i].roles & (1u << role)) != 0;

          g_assert_cmpint (expect (&r, table[i].from, table[i].action) == OK, ==, in_row);
        }
      g_assert_false (procure_status_is_final (table[i].from));
    }
}

static void
test_lifecycle_policy_from_account (void)
{
  g_autoptr(ProcureAccount) account = procure_account_new ();
  ProcurePolicy policy;

  procure_policy_from_account (&policy, account);
  g_assert_cmpint (policy.approval_threshold, ==, -1);
  g_assert_cmpint (policy.second_approval_threshold, ==, -1);
  account->approval_threshold = 100000;
  account->second_approval_threshold = 1000000;
  procure_policy_from_account (&policy, account);
  g_assert_cmpint (policy.approval_threshold, ==, 100000);
  g_assert_cmpint (policy.second_approval_threshold, ==, 1000000);
}

static int
expect_edit (const Relation *r,
             ProcureStatus   status)
{
  gboolean member_role = r->role == PROCURE_ROLE_PURCHASER || r->role == PROCURE_ROLE_APPROVER;

  if (member_role && !r->member)
    return PROCURE_ERROR_NOT_FOUND;
  if (r->role == PROCURE_ROLE_ADMIN)
    return PROCURE_ERROR_FORBIDDEN;
  if (r->role == PROCURE_ROLE_AGENT)
    {
      if (!r->on_behalf || !r->creator)
        return PROCURE_ERROR_FORBIDDEN;
      return status == PROCURE_STATUS_DRAFT ? OK : PROCURE_ERROR_WRONG_STATUS;
    }
  return status == PROCURE_STATUS_DRAFT || status == PROCURE_STATUS_INFO_REQUESTED ?
         OK : PROCURE_ERROR_WRONG_STATUS;
}

static void
test_lifecycle_can_edit (void)
{
  for (int role = 0; role < PROCURE_N_ROLES; role++)
    for (guint bits = 0; bits < 16; bits++)
      for (int status = 0; status < PROCURE_N_STATUSES; status++)
        {
          Relation r = { role, bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1 };
          g_autoptr(ProcureOrder) order = make_order (&r, status);
          g_autoptr(GError) error = NULL;
          ProcureActor actor;
          int want = expect_edit (&r, status);

          make_actor (&r, &actor);
          if (want == OK)
            {
              g_assert_true (procure_lifecycle_can_edit (&actor, order, &error));
              g_assert_no_error (error);
            }
          else
            {
              g_assert_false (procure_lifecycle_can_edit (&actor, order, &error));
              g_assert_error (error, PROCURE_ERROR, (int) want);
            }
        }
}

static void
test_lifecycle_can_create (void)
{
  ProcureActor pat = { "pat", PROCURE_ROLE_PURCHASER, "acme" };
  ProcureActor morgan = { "morgan", PROCURE_ROLE_APPROVER, "acme" };
  ProcureActor sam = { "sam", PROCURE_ROLE_AGENT, NULL };
  ProcureActor ada = { "ada", PROCURE_ROLE_ADMIN, NULL };
  GError *error = NULL;

  g_assert_true (procure_lifecycle_can_create (&pat, "acme", &error));
  g_assert_no_error (error);
  g_assert_true (procure_lifecycle_can_create (&pat, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (procure_lifecycle_can_create (&morgan, "acme", &error));
  g_assert_no_error (error);
  g_assert_true (procure_lifecycle_can_create (&sam, "globex", &error));
  g_assert_no_error (error);

  g_assert_false (procure_lifecycle_can_create (&pat, "globex", &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_NOT_FOUND);
  g_assert_cmpstr (procure_error_get_field (error), ==, "account_id");
  g_clear_error (&error);

  g_assert_false (procure_lifecycle_can_create (&sam, NULL, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_REQUIRED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "account_id");
  g_clear_error (&error);

  g_assert_false (procure_lifecycle_can_create (&ada, "acme", &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_FORBIDDEN);
  g_clear_error (&error);
}

static void
test_lifecycle_waits_on (void)
{
  ProcurePolicy policy = { 100, 1000 };
  ProcureActor pat = { "pat", PROCURE_ROLE_PURCHASER, "acme" };
  ProcureActor morgan = { "morgan", PROCURE_ROLE_APPROVER, "acme" };
  ProcureActor other = { "olga", PROCURE_ROLE_APPROVER, "globex" };
  ProcureActor sam = { "sam", PROCURE_ROLE_AGENT, NULL };
  ProcureActor ada = { "ada", PROCURE_ROLE_ADMIN, NULL };
  g_autoptr(ProcureOrder) order = procure_order_new ();
  ProcureApproval *approval;

  order->account_id = g_strdup ("acme");
  order->created_by = g_strdup ("pat");

  order->status = PROCURE_STATUS_PENDING_APPROVAL;
  g_assert_true (procure_lifecycle_waits_on (&morgan, order, &policy));
  g_assert_false (procure_lifecycle_waits_on (&pat, order, &policy));
  g_assert_false (procure_lifecycle_waits_on (&other, order, &policy));
  g_assert_false (procure_lifecycle_waits_on (&sam, order, &policy));
  approval = procure_approval_new ();
  approval->user_id = g_strdup ("morgan");
  g_ptr_array_add (order->approvals, approval);
  g_assert_false (procure_lifecycle_waits_on (&morgan, order, &policy));

  for (int status = 0; status < PROCURE_N_STATUSES; status++)
    {
      gboolean member_inbox = status == PROCURE_STATUS_INFO_REQUESTED || status == PROCURE_STATUS_REJECTED ||
                              status == PROCURE_STATUS_SHIPPED;
      gboolean agent_inbox = status == PROCURE_STATUS_SUBMITTED || status == PROCURE_STATUS_ACCEPTED ||
                             status == PROCURE_STATUS_PROVISIONING || status == PROCURE_STATUS_READY;

      order->status = status;
      if (status != PROCURE_STATUS_PENDING_APPROVAL)
        g_assert_cmpint (procure_lifecycle_waits_on (&pat, order, &policy), ==, member_inbox);
      g_assert_cmpint (procure_lifecycle_waits_on (&sam, order, &policy), ==, agent_inbox);
      g_assert_false (procure_lifecycle_waits_on (&ada, order, &policy));
      g_assert_false (procure_lifecycle_waits_on (&other, order, &policy));
    }
}

static void
test_lifecycle_needs_comment (void)
{
  for (int action = 0; action < PROCURE_N_ACTIONS; action++)
    g_assert_cmpint (procure_action_needs_comment (action), ==,
                     action == PROCURE_ACTION_REJECT || action == PROCURE_ACTION_REQUEST_INFO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/lifecycle/exhaustive", test_lifecycle_exhaustive);
  g_test_add_func ("/core/lifecycle/invalid-inputs", test_lifecycle_invalid_inputs);
  g_test_add_func ("/core/lifecycle/next-submit", test_lifecycle_next_submit);
  g_test_add_func ("/core/lifecycle/next-approve", test_lifecycle_next_approve);
  g_test_add_func ("/core/lifecycle/next-other", test_lifecycle_next_other);
  g_test_add_func ("/core/lifecycle/table", test_lifecycle_table);
  g_test_add_func ("/core/lifecycle/policy-from-account", test_lifecycle_policy_from_account);
  g_test_add_func ("/core/lifecycle/can-edit", test_lifecycle_can_edit);
  g_test_add_func ("/core/lifecycle/can-create", test_lifecycle_can_create);
  g_test_add_func ("/core/lifecycle/waits-on", test_lifecycle_waits_on);
  g_test_add_func ("/core/lifecycle/needs-comment", test_lifecycle_needs_comment);

  return g_test_run ();
}
