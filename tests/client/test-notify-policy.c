/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-notify-policy"

#include "config.h"

#include "procure-client.h"

static const ProcureActor PAT = { "u-pat", PROCURE_ROLE_PURCHASER, "acc-acme" };
static const ProcureActor MORGAN = { "u-morgan", PROCURE_ROLE_APPROVER, "acc-acme" };
static const ProcureActor QUINN = { "u-quinn", PROCURE_ROLE_APPROVER, "acc-acme" };
static const ProcureActor SAM = { "u-sam", PROCURE_ROLE_AGENT, NULL };
static const ProcurePolicy POLICY = { 100000, 1000000 };

static void
add_step (ProcureOrder  *order,
          const char    *actor_id,
          const char    *actor_name,
          ProcureAction  action,
          ProcureStatus  to)
{
  ProcureHistoryEntry *entry = procure_history_entry_new ();

  entry->actor_id = g_strdup (actor_id);
  entry->actor_name = g_strdup (actor_name);
  entry->at = g_strdup ("2026-11-22T10:00:00.000Z");
  entry->action = action;
  entry->from = order->status;
  entry->to = to;
  g_ptr_array_add (order->history, entry);
  order->status = to;
  order->version++;
}

/* Pat's order of 2,000.00 EUR, submitted into pending approval. */
static ProcureOrder *
pats_order (void)
{
  ProcureOrder *order = procure_order_new ();

  order->id = g_strdup ("ord-1");
  order->account_id = g_strdup ("acc-acme");
  order->created_by = g_strdup ("u-pat");
  order->created_by_name = g_strdup ("Pat Purchaser");
  order->currency = g_strdup ("EUR");
  order->total = 200000;
  order->status = PROCURE_STATUS_DRAFT;
  add_step (order, "u-pat", "Pat Purchaser", PROCURE_ACTION_INVALID, PROCURE_STATUS_DRAFT);
  add_step (order, "u-pat", "Pat Purchaser", PROCURE_ACTION_SUBMIT, PROCURE_STATUS_PENDING_APPROVAL);
  return order;
}

static void
test_creator_told_of_approval (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();
  g_autoptr(ProcureNotifyEvent) event = NULL;

  add_step (order, "u-morgan", "Morgan Approver", PROCURE_ACTION_APPROVE, PROCURE_STATUS_SUBMITTED);
  event = procure_notify_decide (&PAT, PROCURE_STATUS_PENDING_APPROVAL, order, &POLICY, FALSE);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->order_id, ==, "ord-1");
  g_assert_cmpint (event->status, ==, PROCURE_STATUS_SUBMITTED);
  g_assert_cmpstr (event->actor_name, ==, "Morgan Approver");
  g_assert_null (event->number);
}

static void
test_own_action_is_silent (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();

  /* Pat's own submit, seen by Pat's client (or Pat's second device). */
  g_assert_null (procure_notify_decide (&PAT, PROCURE_STATUS_DRAFT, order, &POLICY, FALSE));
}

static void
test_first_fill_is_silent (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();

  add_step (order, "u-morgan", "Morgan Approver", PROCURE_ACTION_APPROVE, PROCURE_STATUS_SUBMITTED);
  g_assert_null (procure_notify_decide (&PAT, PROCURE_STATUS_INVALID, order, &POLICY, TRUE));
  g_assert_null (procure_notify_decide (&SAM, PROCURE_STATUS_INVALID, order, &POLICY, TRUE));
}

static void
test_unchanged_status_is_silent (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();

  add_step (order, "u-morgan", "Morgan Approver", PROCURE_ACTION_APPROVE, PROCURE_STATUS_SUBMITTED);
  g_assert_null (procure_notify_decide (&PAT, PROCURE_STATUS_SUBMITTED, order, &POLICY, FALSE));
}

static void
test_approver_told_when_waited_on (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();
  g_autoptr(ProcureNotifyEvent) event = NULL;

  /* Pending approval waits on every approver who is not the creator. */
  event = procure_notify_decide (&MORGAN, PROCURE_STATUS_DRAFT, order, &POLICY, FALSE);
  g_assert_nonnull (event);
  g_assert_cmpint (event->status, ==, PROCURE_STATUS_PENDING_APPROVAL);
  g_assert_cmpstr (event->actor_name, ==, "Pat Purchaser");
}

static void
test_uninvolved_is_silent_until_involved (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();
  g_autoptr(ProcureOrder) later = NULL;
  g_autoptr(ProcureNotifyEvent) event = NULL;

  /* Quinn neither created, must act on, nor acted on a submitted order. */
  add_step (order, "u-morgan", "Morgan Approver", PROCURE_ACTION_APPROVE, PROCURE_STATUS_SUBMITTED);
  g_assert_null (procure_notify_decide (&QUINN, PROCURE_STATUS_PENDING_APPROVAL, order, &POLICY, FALSE));

  /* Morgan acted on it before: Morgan hears about the agent's acceptance. */
  add_step (order, "u-sam", "Sam Agent", PROCURE_ACTION_ACCEPT, PROCURE_STATUS_ACCEPTED);
  order->number = g_strdup ("10042");
  event = procure_notify_decide (&MORGAN, PROCURE_STATUS_SUBMITTED, order, &POLICY, FALSE);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->number, ==, "10042");
  g_assert_cmpstr (event->actor_name, ==, "Sam Agent");
  g_assert_null (procure_notify_decide (&QUINN, PROCURE_STATUS_SUBMITTED, order, &POLICY, FALSE));
}

static void
test_agent_told_of_submitted (void)
{
  g_autoptr(ProcureOrder) order = pats_order ();
  g_autoptr(ProcureNotifyEvent) event = NULL;

  add_step (order, "u-morgan", "Morgan Approver", PROCURE_ACTION_APPROVE, PROCURE_STATUS_SUBMITTED);
  event = procure_notify_decide (&SAM, PROCURE_STATUS_PENDING_APPROVAL, order, &POLICY, FALSE);
  g_assert_nonnull (event);
  /* A pending-approval order does not wait on the agent yet. */
  {
    g_autoptr(ProcureOrder) pending = pats_order ();
    g_assert_null (procure_notify_decide (&SAM, PROCURE_STATUS_DRAFT, pending, &POLICY, FALSE));
  }
}

static ProcureNotifyEvent *
make_event (const char    *id,
            const char    *number,
            ProcureStatus  status,
            const char    *actor)
{
  ProcureNotifyEvent *event = g_new0 (ProcureNotifyEvent, 1);

  event->order_id = g_strdup (id);
  event->number = g_strdup (number);
  event->status = status;
  event->actor_name = g_strdup (actor);
  return event;
}

static void
test_format_single (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_notify_event_free);
  g_autofree char *summary = NULL, *body = NULL, *order_id = NULL;

  g_ptr_array_add (events, make_event ("ord-9", "10009", PROCURE_STATUS_SHIPPED, "Sam Agent"));
  procure_notify_format (events, &summary, &body, &order_id);
  g_assert_nonnull (strstr (summary, "10009"));
  g_assert_nonnull (strstr (summary, procure_status_get_label (PROCURE_STATUS_SHIPPED)));
  g_assert_nonnull (strstr (body, "Sam Agent"));
  g_assert_cmpstr (order_id, ==, "ord-9");
}

static void
test_format_burst (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_notify_event_free);
  g_autofree char *summary = NULL, *body = NULL, *order_id = NULL;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *id = g_strdup_printf ("ord-%u", i);
      g_autofree char *number = g_strdup_printf ("%u", 20000 + i);
      g_ptr_array_add (events, make_event (id, number, PROCURE_STATUS_ACCEPTED, "Sam Agent"));
    }
  procure_notify_format (events, &summary, &body, &order_id);
  g_assert_cmpstr (summary, ==, "7 orders changed");
  g_assert_nonnull (strstr (body, "20000"));
  g_assert_nonnull (strstr (body, "20004"));
  g_assert_null (strstr (body, "20005"));   /* five lines at most */
  g_assert_null (order_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/notify/creator-told-of-approval", test_creator_told_of_approval);
  g_test_add_func ("/client/notify/own-action-silent", test_own_action_is_silent);
  g_test_add_func ("/client/notify/first-fill-silent", test_first_fill_is_silent);
  g_test_add_func ("/client/notify/unchanged-status-silent", test_unchanged_status_is_silent);
  g_test_add_func ("/client/notify/approver-told-when-waited-on", test_approver_told_when_waited_on);
  g_test_add_func ("/client/notify/uninvolved-silent", test_uninvolved_is_silent_until_involved);
  g_test_add_func ("/client/notify/agent-told-of-submitted", test_agent_told_of_submitted);
  g_test_add_func ("/client/notify/format-single", test_format_single);
  g_test_add_func ("/client/notify/format-burst", test_format_burst);

  return g_test_run ();
}
