/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-core.h"

static void
test_types_wire_names (void)
{
  static const char * const statuses[] = {
    "draft", "pending_approval", "info_requested", "submitted", "rejected", "accepted",
    "provisioning", "ready", "shipped", "closed", "cancelled",
  };
  static const char * const actions[] = {
    "submit", "approve", "reject", "request_info", "resubmit", "accept", "start", "ready",
    "ship", "confirm_receipt", "cancel", "reopen",
  };
  static const char * const roles[] = { "purchaser", "approver", "agent", "admin" };
  static const char * const settings[] = {
    "sim_billing_status", "price_plan", "service_profile", "roaming_profile", "apn_group",
  };

  g_assert_cmpuint (G_N_ELEMENTS (statuses), ==, PROCURE_N_STATUSES);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_assert_cmpstr (procure_status_to_string (i), ==, statuses[i]);
      g_assert_cmpint (procure_status_from_string (statuses[i]), ==, i);
      g_assert_cmpstr (procure_status_get_label (i), !=, "");
    }
  g_assert_cmpuint (G_N_ELEMENTS (actions), ==, PROCURE_N_ACTIONS);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_cmpstr (procure_action_to_string (i), ==, actions[i]);
      g_assert_cmpint (procure_action_from_string (actions[i]), ==, i);
      g_assert_cmpstr (procure_action_get_label (i), !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_cmpstr (procure_role_to_string (i), ==, roles[i]);
      g_assert_cmpint (procure_role_from_string (roles[i]), ==, i);
      g_assert_cmpstr (procure_role_get_label (i), !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_assert_cmpstr (procure_setting_to_string (i), ==, settings[i]);
      g_assert_cmpint (procure_setting_from_string (settings[i]), ==, i);
      g_assert_cmpstr (procure_setting_get_label (i), !=, "");
    }

  g_assert_cmpstr (procure_status_get_label (PROCURE_STATUS_PENDING_APPROVAL), ==, "Pending Approval");
  g_assert_cmpint (procure_status_from_string ("Draft"), ==, PROCURE_STATUS_INVALID);
  g_assert_cmpint (procure_status_from_string (NULL), ==, PROCURE_STATUS_INVALID);
  g_assert_cmpint (procure_action_from_string ("approve "), ==, PROCURE_ACTION_INVALID);
  g_assert_cmpint (procure_role_from_string ("root"), ==, PROCURE_ROLE_INVALID);
  g_assert_cmpint (procure_setting_from_string ("apn"), ==, -1);
  g_assert_null (procure_status_to_string (PROCURE_STATUS_INVALID));
  g_assert_null (procure_status_to_string (PROCURE_N_STATUSES));
  g_assert_null (procure_action_to_string (PROCURE_ACTION_INVALID));
  g_assert_null (procure_role_to_string (PROCURE_N_ROLES));

  for (int s = 0; s < PROCURE_N_STATUSES; s++)
    g_assert_cmpint (procure_status_is_final (s), ==, s == PROCURE_STATUS_CLOSED || s == PROCURE_STATUS_CANCELLED);
}

static void
test_types_settings (void)
{
  g_autoptr(ProcureSettings) defaults = procure_settings_new ();
  g_autoptr(ProcureSettings) overrides = procure_settings_new ();
  g_autoptr(ProcureSettings) effective = NULL;
  g_autoptr(ProcureSettings) copy = NULL;

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      g_autofree char *value = g_strdup_printf ("default-%u", i);

      procure_settings_set (defaults, i, value);
    }
  procure_settings_set (overrides, PROCURE_SETTING_PRICE_PLAN, "flex-10");
  procure_settings_set (overrides, PROCURE_SETTING_APN_GROUP, "private-apn");

  effective = procure_settings_resolve (overrides, defaults);
  g_assert_cmpstr (effective->values[PROCURE_SETTING_SIM_BILLING_STATUS], ==, "default-0");
  g_assert_cmpstr (effective->values[PROCURE_SETTING_PRICE_PLAN], ==, "flex-10");
  g_assert_cmpstr (effective->values[PROCURE_SETTING_SERVICE_PROFILE], ==, "default-2");
  g_assert_cmpstr (effective->values[PROCURE_SETTING_ROAMING_PROFILE], ==, "default-3");
  g_assert_cmpstr (effective->values[PROCURE_SETTING_APN_GROUP], ==, "private-apn");

  copy = procure_settings_copy (overrides);
  g_assert_true (procure_settings_equal (copy, overrides));
  g_assert_false (procure_settings_equal (copy, defaults));
  procure_settings_set (copy, PROCURE_SETTING_PRICE_PLAN, NULL);
  g_assert_null (copy->values[PROCURE_SETTING_PRICE_PLAN]);
  g_assert_false (procure_settings_equal (copy, overrides));
  g_assert_true (procure_settings_equal (NULL, NULL));
  g_assert_false (procure_settings_equal (copy, NULL));

  g_clear_pointer (&effective, procure_settings_free);
  effective = procure_settings_resolve (NULL, defaults);
  g_assert_true (procure_settings_equal (effective, defaults));
}

static void
test_types_entitlements (void)
{
  g_autoptr(ProcureEntitlements) entitlements = procure_entitlements_new ();
  g_autoptr(ProcureEntitlements) copy = NULL;

  g_assert_false (procure_entitlements_allows (entitlements, PROCURE_SETTING_PRICE_PLAN, "flex-10"));
  g_strfreev (entitlements->values[PROCURE_SETTING_PRICE_PLAN]);
  entitlements->values[PROCURE_SETTING_PRICE_PLAN] = g_strsplit ("flex-10,flex-50,pooled", ",", -1);

  g_assert_true (procure_entitlements_allows (entitlements, PROCURE_SETTING_PRICE_PLAN, "flex-50"));
  g_assert_false (procure_entitlements_allows (entitlements, PROCURE_SETTING_PRICE_PLAN, "flex-5"));
  g_assert_false (procure_entitlements_allows (entitlements, PROCURE_SETTING_APN_GROUP, "flex-50"));
  g_assert_false (procure_entitlements_allows (entitlements, PROCURE_SETTING_PRICE_PLAN, NULL));
  g_assert_false (procure_entitlements_allows (NULL, PROCURE_SETTING_PRICE_PLAN, "flex-50"));

  copy = procure_entitlements_copy (entitlements);
  g_assert_true (procure_entitlements_allows (copy, PROCURE_SETTING_PRICE_PLAN, "pooled"));
  g_assert_cmpuint (g_strv_length (copy->values[PROCURE_SETTING_APN_GROUP]), ==, 0);
}

static ProcureAddress *
make_address (void)
{
  ProcureAddress *address = procure_address_new ();

  address->name = g_strdup ("Pat Example");
  address->company = g_strdup ("Acme Logistics");
  address->street = g_strdup ("Hafenstraße 1");
  address->city = g_strdup ("Hamburg");
  address->postal_code = g_strdup ("20457");
  address->country = g_strdup ("DE");
  return address;
}

static void
test_types_address (void)
{
  g_autoptr(ProcureAddress) address = make_address ();
  g_autoptr(ProcureAddress) copy = procure_address_copy (address);

  g_assert_true (procure_address_equal (address, copy));
  g_assert_true (address->name != copy->name);
  g_free (copy->region);
  copy->region = g_strdup ("HH");
  g_assert_false (procure_address_equal (address, copy));
  g_assert_true (procure_address_equal (NULL, NULL));
  g_assert_false (procure_address_equal (address, NULL));
}

static void
test_types_account (void)
{
  ProcureAccount *account = procure_account_new ();
  ProcureAddress *address = make_address ();

  g_assert_cmpint (account->approval_threshold, ==, -1);
  g_assert_cmpint (account->second_approval_threshold, ==, -1);
  g_assert_nonnull (account->defaults);
  g_assert_nonnull (account->entitlements);

  address->id = g_strdup ("addr-7");
  g_ptr_array_add (account->addresses, address);
  g_assert_true (procure_account_find_address (account, "addr-7") == address);
  g_assert_null (procure_account_find_address (account, "addr-8"));
  g_assert_null (procure_account_find_address (account, NULL));

  g_assert_true (procure_account_ref (account) == account);
  procure_account_unref (account);
  g_assert_cmpstr (account->addresses->len == 1 ? "alive" : "gone", ==, "alive");
  procure_account_unref (account);
}

static ProcureOrderLine *
make_line (const char *product,
           gint64      quantity,
           gint64      unit_price)
{
  ProcureOrderLine *line = procure_order_line_new ();

  line->product_id = g_strdup (product);
  line->quantity = quantity;
  line->unit_price = unit_price;
  return line;
}

static void
test_types_order_totals (void)
{
  g_autoptr(ProcureOrder) order = procure_order_new ();
  ProcureOrderLine *first = make_line ("p-1", 50, 250);
  ProcureOrderLine *second = make_line ("p-2", 10, 1999);

  g_assert_cmpint (order->status, ==, PROCURE_STATUS_DRAFT);
  g_ptr_array_add (order->lines, first);
  g_ptr_array_add (order->lines, second);
  procure_order_recompute_totals (order);
  g_assert_cmpint (first->line_total, ==, 12500);
  g_assert_cmpint (second->line_total, ==, 19990);
  g_assert_cmpint (order->total, ==, 32490);
  g_assert_cmpint (procure_order_get_sim_quantity (order), ==, 60);

  /* Overflowing amounts saturate instead of wrapping around. */
  second->quantity = G_MAXINT64 / 1000;
  procure_order_recompute_totals (order);
  g_assert_cmpint (second->line_total, ==, G_MAXINT64);
  g_assert_cmpint (order->total, ==, G_MAXINT64);
}

static ProcureOrder *
make_full_order (void)
{
  ProcureOrder *order = procure_order_new ();
  ProcureApproval *approval = procure_approval_new ();
  ProcureHistoryEntry *entry = procure_history_entry_new ();
  ProcureComment *comment = procure_comment_new ();

  order->id = g_strdup ("o-1");
  order->account_id = g_strdup ("acme");
  order->created_by = g_strdup ("pat");
  g_ptr_array_add (order->lines, make_line ("p-1", 5, 100));
  order->shipping_address = make_address ();
  order->shipment = procure_shipment_new ();
  order->shipment->carrier = g_strdup ("DHL");
  procure_settings_set (order->overrides, PROCURE_SETTING_PRICE_PLAN, "flex-10");
  approval->user_id = g_strdup ("morgan");
  g_ptr_array_add (order->approvals, approval);
  entry->to = PROCURE_STATUS_DRAFT;
  entry->actor_id = g_strdup ("pat");
  g_ptr_array_add (order->history, entry);
  comment->body = g_strdup ("Please hurry");
  g_ptr_array_add (order->comments, comment);
  return order;
}

static void
test_types_order_copy (void)
{
  g_autoptr(ProcureOrder) order = make_full_order ();
  g_autoptr(ProcureOrder) copy = procure_order_copy (order);
  ProcureHistoryEntry *entry;

  g_assert_true (copy != order);
  g_assert_cmpstr (copy->id, ==, "o-1");
  g_assert_cmpuint (copy->lines->len, ==, 1);
  g_assert_true (g_ptr_array_index (copy->lines, 0) != g_ptr_array_index (order->lines, 0));
  g_assert_true (procure_address_equal (copy->shipping_address, order->shipping_address));
  g_assert_true (copy->shipping_address != order->shipping_address);
  g_assert_cmpstr (copy->shipment->carrier, ==, "DHL");
  g_assert_true (procure_settings_equal (copy->overrides, order->overrides));
  g_assert_true (procure_order_has_approval_by (copy, "morgan"));
  g_assert_false (procure_order_has_approval_by (copy, "quinn"));
  g_assert_false (procure_order_has_approval_by (copy, NULL));
  entry = g_ptr_array_index (copy->history, 0);
  g_assert_cmpint (entry->action, ==, PROCURE_ACTION_INVALID);
  g_assert_cmpint (entry->from, ==, PROCURE_STATUS_INVALID);
  g_assert_cmpint (entry->to, ==, PROCURE_STATUS_DRAFT);
  g_assert_cmpstr (((ProcureComment *) g_ptr_array_index (copy->comments, 0))->body, ==, "Please hurry");

  /* Changing the copy leaves the original alone. */
  procure_settings_set (copy->overrides, PROCURE_SETTING_PRICE_PLAN, "pooled");
  g_assert_cmpstr (order->overrides->values[PROCURE_SETTING_PRICE_PLAN], ==, "flex-10");
}

static void
test_types_boxed (void)
{
  g_autoptr(ProcureOrder) order = make_full_order ();
  g_autoptr(ProcureUser) user = procure_user_new ();
  ProcureOrder *boxed;
  ProcureUser *user_copy;

  g_assert_true (G_TYPE_IS_BOXED (PROCURE_TYPE_ORDER));
  g_assert_true (G_TYPE_IS_BOXED (PROCURE_TYPE_ACCOUNT));
  g_assert_true (G_TYPE_IS_BOXED (PROCURE_TYPE_PRODUCT));
  g_assert_true (G_TYPE_IS_BOXED (PROCURE_TYPE_SIM));
  boxed = g_boxed_copy (PROCURE_TYPE_ORDER, order);
  g_assert_true (boxed == order);   /* reference counted: a copy is a ref */
  g_boxed_free (PROCURE_TYPE_ORDER, boxed);

  user->id = g_strdup ("u-1");
  user->role = PROCURE_ROLE_APPROVER;
  user_copy = g_boxed_copy (PROCURE_TYPE_USER, user);
  g_assert_true (user_copy != user);
  g_assert_cmpstr (user_copy->id, ==, "u-1");
  g_assert_cmpint (user_copy->role, ==, PROCURE_ROLE_APPROVER);
  g_boxed_free (PROCURE_TYPE_USER, user_copy);
}

static void
test_types_product (void)
{
  g_autoptr(ProcureProduct) product = procure_product_new ();
  const char * const *form_factors = procure_form_factors ();

  g_assert_true (product->active);
  g_assert_nonnull (product->features);
  g_assert_cmpuint (g_strv_length ((GStrv) form_factors), ==, 6);
  g_assert_true (g_strv_contains (form_factors, "MFF2"));
  g_assert_true (g_strv_contains (form_factors, "eSIM"));
  g_assert_true (g_strv_contains (form_factors, "triple-cut"));
}

static void
test_types_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");

  procure_set_error (&error, PROCURE_ERROR_OUT_OF_RANGE, "lines[2].quantity", "Too many: %d", 7);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "Too many: 7");
  g_assert_cmpstr (procure_error_get_field (error), ==, "lines[2].quantity");

  /* The field survives g_error_copy() and g_prefix_error(). */
  copy = g_error_copy (error);
  g_assert_cmpstr (procure_error_get_field (copy), ==, "lines[2].quantity");
  g_prefix_error (&copy, "Line 3: ");
  g_assert_cmpstr (procure_error_get_field (copy), ==, "lines[2].quantity");
  g_assert_cmpstr (copy->message, ==, "Line 3: Too many: 7");

  g_assert_null (procure_error_get_field (other));
  g_assert_null (procure_error_get_field (NULL));
  procure_set_error (NULL, PROCURE_ERROR_INVALID, "x", "ignored");

  g_clear_error (&copy);
  procure_set_error (&copy, PROCURE_ERROR_CONFLICT, NULL, "Already approved");
  g_assert_null (procure_error_get_field (copy));

  /* Messages quoting client input stay valid UTF-8 and bounded. */
  {
    g_autofree char *huge = g_strnfill (100000, 'x');
    g_autoptr(GError) quoted = NULL;

    procure_set_error (&quoted, PROCURE_ERROR_INVALID, "bad\xff", "“%s” is not valid", "ab\xff\xfe");
    g_assert_true (g_utf8_validate (quoted->message, -1, NULL));
    g_assert_true (g_str_has_prefix (quoted->message, "“ab"));
    g_assert_true (g_utf8_validate (procure_error_get_field (quoted), -1, NULL));
    g_clear_error (&quoted);
    procure_set_error (&quoted, PROCURE_ERROR_INVALID, "iccid", "“%s” ä", huge);
    g_assert_true (g_utf8_validate (quoted->message, -1, NULL));
    g_assert_cmpuint (strlen (quoted->message), <=, 1024 + strlen ("…"));
    g_assert_true (g_str_has_suffix (quoted->message, "…"));
    g_clear_error (&quoted);
    /* A cut never splits a multi-byte character. */
    g_free (huge);
    huge = g_strnfill (1500, 'x');
    procure_set_error (&quoted, PROCURE_ERROR_INVALID, NULL, "x%s", "äääääääääääääää");
    g_assert_cmpstr (quoted->message, ==, "xäääääääääääääää");
    g_clear_error (&quoted);
    procure_set_error (&quoted, PROCURE_ERROR_INVALID, NULL, "%.1023s%s", huge, "äb");
    g_assert_true (g_utf8_validate (quoted->message, -1, NULL));
    g_assert_true (g_str_has_suffix (quoted->message, "x…"));
  }

  g_assert_cmpstr (procure_error_code_to_string (PROCURE_ERROR_MALFORMED), ==, "malformed");
  g_assert_cmpstr (procure_error_code_to_string (PROCURE_ERROR_WRONG_STATUS), ==, "wrong_status");
  g_assert_cmpstr (procure_error_code_to_string (PROCURE_ERROR_TOO_LONG), ==, "too_long");
  g_assert_cmpstr (procure_error_code_to_string (PROCURE_ERROR_NOT_ALLOWED), ==, "not_allowed");
  g_assert_cmpstr (procure_error_code_to_string (PROCURE_ERROR_CONFLICT), ==, "conflict");
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_MALFORMED), ==, 400);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_REQUIRED), ==, 422);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_INVALID), ==, 422);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_TOO_LONG), ==, 422);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_OUT_OF_RANGE), ==, 422);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_NOT_ALLOWED), ==, 422);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_NOT_FOUND), ==, 404);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_FORBIDDEN), ==, 403);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_WRONG_STATUS), ==, 409);
  g_assert_cmpuint (procure_error_code_to_http_status (PROCURE_ERROR_CONFLICT), ==, 409);
}

static void
test_types_time (void)
{
  g_autofree char *now = procure_time_now_string ();
  g_autoptr(GDateTime) parsed = procure_time_parse (now);
  g_autoptr(GDateTime) fixed = g_date_time_new_utc (2026, 11, 22, 9, 30, 0.123);
  g_autoptr(GDateTime) offset = NULL;
  g_autofree char *formatted = procure_time_format (fixed);
  g_autofree char *today = procure_date_today_string (0);
  g_autofree char *tomorrow = procure_date_today_string (1);
  GDate d_today, d_tomorrow;

  g_assert_nonnull (parsed);
  g_assert_cmpuint (strlen (now), ==, 24);
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_cmpstr (formatted, ==, "2026-11-22T09:30:00.123Z");

  offset = procure_time_parse ("2026-11-22T10:30:00+01:00");
  g_assert_nonnull (offset);
  g_assert_cmpint (g_date_time_to_unix (offset), ==, g_date_time_to_unix (fixed));
  g_clear_pointer (&offset, g_date_time_unref);
  offset = procure_time_parse ("2026-11-22T09:30:00Z");
  g_assert_nonnull (offset);

  g_assert_null (procure_time_parse ("2026-11-22"));
  g_assert_null (procure_time_parse ("2026-11-22T09:30:00"));
  g_assert_null (procure_time_parse ("2026-W47-7T09:30:00Z"));
  g_assert_null (procure_time_parse ("20261122T093000Z"));
  g_assert_null (procure_time_parse ("2026-13-22T09:30:00Z"));
  g_assert_null (procure_time_parse ("2026-11-22T09:30:00.Z"));
  g_assert_null (procure_time_parse ("2026-11-22T09:30:00Zjunk"));
  g_assert_null (procure_time_parse (NULL));

  g_assert_true (procure_parse_date (today, &d_today));
  g_assert_true (procure_parse_date (tomorrow, &d_tomorrow));
  g_assert_cmpint (g_date_days_between (&d_today, &d_tomorrow), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/types/wire-names", test_types_wire_names);
  g_test_add_func ("/core/types/settings", test_types_settings);
  g_test_add_func ("/core/types/entitlements", test_types_entitlements);
  g_test_add_func ("/core/types/address", test_types_address);
  g_test_add_func ("/core/types/account", test_types_account);
  g_test_add_func ("/core/types/order-totals", test_types_order_totals);
  g_test_add_func ("/core/types/order-copy", test_types_order_copy);
  g_test_add_func ("/core/types/boxed", test_types_boxed);
  g_test_add_func ("/core/types/product", test_types_product);
  g_test_add_func ("/core/types/errors", test_types_errors);
  g_test_add_func ("/core/types/time", test_types_time);

  return g_test_run ();
}
