/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The action dialog checks what an action needs live, before anything is
 * sent: SIMs for READY (pasted lines, ranges, bad check digits, duplicates,
 * count), a reason for reject, a PO number for accept.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-action-dialog.h"
#include "procure-test-util.h"

static ProcureOrder *
order_of (ProcureStatus status,
          gint64        quantity)
{
  ProcureOrder *order = procure_order_new ();
  ProcureOrderLine *line = procure_order_line_new ();

  order->id = g_strdup ("o1");
  order->account_id = g_strdup ("acme");
  order->status = status;
  line->product_id = g_strdup ("p1");
  line->quantity = quantity;
  g_ptr_array_add (order->lines, line);
  return order;
}

/* A valid ICCID: 18 payload digits (from @seed) and the Luhn digit. */
static char *
iccid_from (guint64 seed)
{
  g_autofree char *payload = g_strdup_printf ("8949%014" G_GUINT64_FORMAT, seed);

  return g_strdup_printf ("%s%d", payload, procure_luhn_check_digit (payload));
}

static gboolean
accepts (ProcureActionDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureActionRequest) request = procure_action_dialog_get_request (dialog, &error);
  gboolean enabled = adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm");

  /* The confirm button follows the validity of the request. */
  g_assert_cmpint (enabled, ==, request != NULL);
  g_assert_true ((request == NULL) == (error != NULL));
  return request != NULL;
}

static void
test_ready_sims (void)
{
  g_autoptr(ProcureOrder) order = order_of (PROCURE_STATUS_PROVISIONING, 3);
  ProcureActionDialog *dialog = procure_action_dialog_new (NULL, order, PROCURE_ACTION_READY);
  g_autofree char *a = iccid_from (1001);
  g_autofree char *b = iccid_from (1002);
  g_autofree char *c = iccid_from (1003);
  g_autofree char *lines = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *dup = NULL;
  g_autofree char *range = NULL;
  g_autofree char *short_range = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *iccid_range = NULL;
  g_autofree char *overflow = NULL;
  g_autoptr(ProcureActionRequest) request = NULL;
  g_autofree char *broken = g_strdup (c);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (procure_action_dialog_needed (PROCURE_ACTION_READY));
  g_assert_false (accepts (dialog));                       /* nothing entered */

  lines = g_strdup_printf ("%s 262011234567801 +4915112345601\n%s\t262011234567802\t+4915112345602\n\n"
                           "%s,262011234567803,+4915112345603\n",
                           a, b, c);
  procure_action_dialog_set_text (dialog, "sims", lines);
  g_assert_true (accepts (dialog));

  g_assert_null (procure_action_dialog_get_error_text (dialog));

  /* A wrong check digit on the last ICCID: the error names line 3. */
  broken[strlen (broken) - 1] = broken[strlen (broken) - 1] == '0' ? '1' : '0';
  bad = g_strdup_printf ("%s 262011234567801 +4915112345601\n%s 262011234567802 +4915112345602\n"
                         "%s 262011234567803 +4915112345603\n", a, b, broken);
  procure_action_dialog_set_text (dialog, "sims", bad);
  g_assert_false (accepts (dialog));
  g_assert_true (g_str_has_prefix (procure_action_dialog_get_error_text (dialog), "Line 3: "));

  /* The same ICCID twice: the error names the second SIM. */
  dup = g_strdup_printf ("%s 262011234567801 +4915112345601\n%s 262011234567802 +4915112345602\n"
                         "%s 262011234567803 +4915112345603\n", a, b, a);
  procure_action_dialog_set_text (dialog, "sims", dup);
  g_assert_false (accepts (dialog));
  g_assert_nonnull (strstr (procure_action_dialog_get_error_text (dialog), "SIM 3 (ICCID "));

  /* READY needs IMSI and MSISDN for every SIM. */
  missing = g_strdup_printf ("%s 262011234567801 +4915112345601\n%s\n%s 262011234567803 +4915112345603\n",
                             a, b, c);
  procure_action_dialog_set_text (dialog, "sims", missing);
  g_assert_false (accepts (dialog));
  g_assert_nonnull (strstr (procure_action_dialog_get_error_text (dialog), "SIM 2 (ICCID "));
  g_assert_nonnull (strstr (procure_action_dialog_get_error_text (dialog), "IMSI"));

  /* A range: first ICCID, IMSI, MSISDN and a count; all three count up. */
  range = g_strdup_printf ("%s 262011234567899 +4915112345699 x3", a);
  procure_action_dialog_set_text (dialog, "sims", range);
  g_assert_true (accepts (dialog));
  request = procure_action_dialog_get_request (dialog, NULL);
  g_assert_cmpuint (request->sims->len, ==, 3);
  g_assert_cmpstr (((ProcureSim *) g_ptr_array_index (request->sims, 2))->iccid, ==, c);
  g_assert_cmpstr (((ProcureSim *) g_ptr_array_index (request->sims, 2))->imsi, ==, "262011234567901");
  g_assert_cmpstr (((ProcureSim *) g_ptr_array_index (request->sims, 2))->msisdn, ==, "+4915112345701");

  short_range = g_strdup_printf ("%s 262011234567899 +4915112345699 x2", a);  /* count must equal quantity */
  procure_action_dialog_set_text (dialog, "sims", short_range);
  g_assert_false (accepts (dialog));

  /* An ICCID-only range parses, but the SIMs lack IMSI and MSISDN. */
  iccid_range = g_strdup_printf ("%s x3", a);
  procure_action_dialog_set_text (dialog, "sims", iccid_range);
  g_assert_false (accepts (dialog));
  g_assert_nonnull (strstr (procure_action_dialog_get_error_text (dialog), "SIM 1 (ICCID "));

  /* An IMSI range that would outgrow 15 digits names its line. */
  overflow = g_strdup_printf ("\n%s 999999999999999 +4915112345699 x3", a);
  procure_action_dialog_set_text (dialog, "sims", overflow);
  g_assert_false (accepts (dialog));
  g_assert_true (g_str_has_prefix (procure_action_dialog_get_error_text (dialog), "Line 2: "));

  procure_action_dialog_set_text (dialog, "sims", range);
  g_assert_true (accepts (dialog));
  procure_test_screenshot (GTK_WIDGET (dialog), "dialog-ready");
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_reject_needs_reason (void)
{
  g_autoptr(ProcureOrder) order = order_of (PROCURE_STATUS_SUBMITTED, 10);
  ProcureActionDialog *dialog = procure_action_dialog_new (NULL, order, PROCURE_ACTION_REJECT);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (accepts (dialog));
  procure_action_dialog_set_text (dialog, "comment", "   ");
  g_assert_false (accepts (dialog));
  procure_action_dialog_set_text (dialog, "comment", "Wrong form factor for the fleet");
  g_assert_true (accepts (dialog));
  procure_test_screenshot (GTK_WIDGET (dialog), "dialog-reject");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_accept_number (void)
{
  g_autoptr(ProcureOrder) order = order_of (PROCURE_STATUS_SUBMITTED, 10);
  ProcureActionDialog *dialog = procure_action_dialog_new (NULL, order, PROCURE_ACTION_ACCEPT);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (accepts (dialog));                        /* the suggestion is valid */
  procure_action_dialog_set_text (dialog, "number", "PO-12");
  g_assert_false (accepts (dialog));
  procure_action_dialog_set_text (dialog, "number", "4500012999");
  g_assert_true (accepts (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_false (procure_action_dialog_needed (PROCURE_ACTION_START));
  g_assert_false (procure_action_dialog_needed (PROCURE_ACTION_SUBMIT));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  g_test_add_func ("/app/action-dialog/ready-sims", test_ready_sims);
  g_test_add_func ("/app/action-dialog/reject-needs-reason", test_reject_needs_reason);
  g_test_add_func ("/app/action-dialog/accept-number", test_accept_number);
  return g_test_run ();
}
