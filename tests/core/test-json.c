/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-core.h"

/* Encodes @node to text, parses the text back with procure_json_parse(). */
static JsonNode *
through_text (JsonNode *node)
{
  g_autofree char *text = procure_json_to_string (node);
  g_autoptr(GError) error = NULL;
  JsonNode *parsed = procure_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  json_node_unref (node);
  return parsed;
}

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = procure_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

#define assert_malformed(error, field) G_STMT_START { \
    g_assert_error ((error), PROCURE_ERROR, PROCURE_ERROR_MALFORMED); \
    g_assert_cmpstr (procure_error_get_field (error), ==, (field)); \
    g_clear_error (&(error)); \
  } G_STMT_END

/* ---------- parsing ---------- */

static char *
nested_arrays (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* json-glib's scanner takes hex, leading zeros, comments, single quotes and
 * bare words; JSON does not, so neither does the API. Standard literals
 * that look close to them still parse, also through the slow path (a
 * number longer than the fast path's buffer). */
static void
test_json_parse_not_json (void)
{
  const char *refused[] = {
    "[0x10]", "[010]", "[-01]", "[1.]", "[.5]", "[- 1]", "[1e]", "[1e+]", "[+1]",
    "[1 /* c */]", "['x']", "[undefined]", "[True]", "{\"a\": nul}", "[1]//",
    "[\"a\" # c\n]", "[NaN]", "[Infinity]", "[1-2]",
  };
  const char *accepted[] = {
    "[0]", "[-0]", "[0.5]", "[-1.25e-3]", "[1E+2]", "[10]", "[true, false, null]",
    "{\"a\": [1, {\"b\": -2}]}",
    "[0.0000000000000000000000000000000000000000000000000000000000000000000001]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      GError *error = NULL;

      g_test_message ("refused: %s", refused[i]);
      g_assert_null (procure_json_parse (refused[i], -1, &error));
      assert_malformed (error, NULL);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("accepted: %s", accepted[i]);
      node = procure_json_parse (accepted[i], -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

static void
test_json_parse_limits (void)
{
  g_autofree char *ok_depth = nested_arrays (PROCURE_JSON_MAX_DEPTH);
  g_autofree char *too_deep = nested_arrays (PROCURE_JSON_MAX_DEPTH + 1);
  g_autofree char *bomb = g_strnfill (1000000, '[');
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = procure_json_parse (ok_depth, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  g_assert_null (procure_json_parse (too_deep, -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse (bomb, -1, &error));
  assert_malformed (error, NULL);

  /* Brackets inside strings (even after escaped quotes) do not nest. */
  node = procure_json_parse ("{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[[[[[[[[[[[[[[[[[[[\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  g_assert_null (procure_json_parse ("{\"a\": \"\xff\xfe\"}", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("{\"a\": \"\xc3\"}", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("{\"a\": 1}\0{}", 11, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("  \n", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse (NULL, 0, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("{\"a\": ", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("{\"a\": 1,}", -1, &error));
  assert_malformed (error, NULL);

  /* Integers beyond 64 bits are refused instead of wrapping around. */
  node = procure_json_parse ("[9223372036854775807, -9223372036854775808, 1.5e300]", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (node), 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (node), 1), ==, G_MININT64);
  g_clear_pointer (&node, json_node_unref);
  g_assert_null (procure_json_parse ("[9223372036854775808]", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("[-9223372036854775809]", -1, &error));
  assert_malformed (error, NULL);
  g_assert_null (procure_json_parse ("{\"q\": 99999999999999999999}", -1, &error));
  assert_malformed (error, NULL);

  /* Not NUL-terminated input with an explicit length. */
  node = procure_json_parse ("{\"a\": 1}garbage", 8, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* ---------- round trips ---------- */

static ProcureAddress *
make_address (const char *id)
{
  ProcureAddress *address = procure_address_new ();

  address->id = g_strdup (id);
  address->name = g_strdup ("Pat Example");
  address->company = g_strdup ("Acme Logistics");
  address->street = g_strdup ("Hafenstraße 1");
  address->city = g_strdup ("Hamburg");
  address->postal_code = g_strdup ("20457");
  address->region = g_strdup ("HH");
  address->country = g_strdup ("DE");
  address->phone = g_strdup ("+4940123456");
  return address;
}

static void
test_json_settings_round_trip (void)
{
  g_autoptr(ProcureSettings) settings = procure_settings_new ();
  g_autoptr(ProcureSettings) back = NULL;
  g_autoptr(ProcureEntitlements) entitlements = procure_entitlements_new ();
  g_autoptr(ProcureEntitlements) entitlements_back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  procure_settings_set (settings, PROCURE_SETTING_PRICE_PLAN, "flex-10");
  procure_settings_set (settings, PROCURE_SETTING_APN_GROUP, "iot.acme");
  node = through_text (procure_settings_to_json (settings));
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 5);
  g_assert_true (json_object_get_null_member (object, "sim_billing_status"));
  g_assert_cmpstr (json_object_get_string_member (object, "price_plan"), ==, "flex-10");
  back = procure_settings_from_json (node, PROCURE_JSON_STRICT, "overrides", &error);
  g_assert_no_error (error);
  g_assert_true (procure_settings_equal (settings, back));
  g_clear_pointer (&node, json_node_unref);

  g_strfreev (entitlements->values[PROCURE_SETTING_ROAMING_PROFILE]);
  entitlements->values[PROCURE_SETTING_ROAMING_PROFILE] = g_strsplit ("eu,world", ",", -1);
  node = through_text (procure_entitlements_to_json (entitlements));
  entitlements_back = procure_entitlements_from_json (node, PROCURE_JSON_STRICT, "entitlements", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    g_assert_cmpstrv (entitlements_back->values[i], entitlements->values[i]);
}

static void
test_json_address_user_round_trip (void)
{
  g_autoptr(ProcureAddress) address = make_address ("addr-1");
  g_autoptr(ProcureAddress) order_copy = make_address (NULL);
  g_autoptr(ProcureAddress) back = NULL;
  g_autoptr(ProcureUser) user = procure_user_new ();
  g_autoptr(ProcureUser) user_back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = through_text (procure_address_to_json (address));
  back = procure_address_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (procure_address_equal (address, back));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_address_free);

  /* An order's copy has no id member at all. */
  node = through_text (procure_address_to_json (order_copy));
  g_assert_false (json_object_has_member (json_node_get_object (node), "id"));
  back = procure_address_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (procure_address_equal (order_copy, back));
  g_clear_pointer (&node, json_node_unref);

  user->id = g_strdup ("u-1");
  user->login = g_strdup ("morgan");
  user->name = g_strdup ("Morgan Approver");
  user->role = PROCURE_ROLE_APPROVER;
  user->account_id = g_strdup ("acme");
  node = through_text (procure_user_to_json (user));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "role"), ==, "approver");
  user_back = procure_user_from_json (node, PROCURE_JSON_STRICT, "user", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_back->id, ==, "u-1");
  g_assert_cmpstr (user_back->login, ==, "morgan");
  g_assert_cmpstr (user_back->name, ==, "Morgan Approver");
  g_assert_cmpint (user_back->role, ==, PROCURE_ROLE_APPROVER);
  g_assert_cmpstr (user_back->account_id, ==, "acme");
}

static ProcureAccount *
make_account (void)
{
  ProcureAccount *account = procure_account_new ();

  account->id = g_strdup ("acme");
  account->name = g_strdup ("Acme Logistics");
  account->currency = g_strdup ("EUR");
  account->allow_default_override = TRUE;
  account->approval_threshold = 100000;
  account->second_approval_threshold = 1000000;
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      g_strfreev (account->entitlements->values[i]);
      account->entitlements->values[i] = g_strsplit ("a,b,c", ",", -1);
      procure_settings_set (account->defaults, i, "a");
    }
  g_ptr_array_add (account->addresses, make_address ("addr-1"));
  g_ptr_array_add (account->addresses, make_address ("addr-2"));
  account->updated_at = g_strdup ("2026-11-22T09:30:00.000Z");
  return account;
}

static void
assert_accounts_equal (const ProcureAccount *a,
                       const ProcureAccount *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpint (a->allow_default_override, ==, b->allow_default_override);
  g_assert_cmpint (a->approval_threshold, ==, b->approval_threshold);
  g_assert_cmpint (a->second_approval_threshold, ==, b->second_approval_threshold);
  g_assert_true (procure_settings_equal (a->defaults, b->defaults));
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    g_assert_cmpstrv (a->entitlements->values[i], b->entitlements->values[i]);
  g_assert_cmpuint (a->addresses->len, ==, b->addresses->len);
  for (guint i = 0; i < a->addresses->len; i++)
    g_assert_true (procure_address_equal (g_ptr_array_index (a->addresses, i), g_ptr_array_index (b->addresses, i)));
  g_assert_cmpstr (a->updated_at, ==, b->updated_at);
}

static void
test_json_account_round_trip (void)
{
  g_autoptr(ProcureAccount) account = make_account ();
  g_autoptr(ProcureAccount) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = through_text (procure_account_to_json (account));
  back = procure_account_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  assert_accounts_equal (account, back);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_account_unref);

  /* No approval: -1 travels as null. */
  account->approval_threshold = -1;
  account->second_approval_threshold = -1;
  account->allow_default_override = FALSE;
  node = through_text (procure_account_to_json (account));
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "approval_threshold"));
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "second_approval_threshold"));
  back = procure_account_from_json (node, PROCURE_JSON_LENIENT, NULL, &error);
  g_assert_no_error (error);
  assert_accounts_equal (account, back);
}

static ProcureProduct *
make_product (void)
{
  ProcureProduct *product = procure_product_new ();

  product->id = g_strdup ("p-1");
  product->code = g_strdup ("IOT-MFF2-IND");
  product->name = g_strdup ("Industrial MFF2 chip");
  product->form_factor = g_strdup ("MFF2");
  g_strfreev (product->features);
  product->features = g_strsplit ("industrial grade,-40..105 °C", ",", -1);
  product->branding = g_strdup ("unbranded");
  product->description = g_strdup ("Predefined: LTE-M, NB-IoT");
  product->unit_price = 450;
  product->currency = g_strdup ("EUR");
  product->min_quantity = 100;
  product->max_quantity = 50000;
  product->quantity_multiple = 50;
  product->stock = 120000;
  product->active = FALSE;
  product->account_ids = g_strsplit ("acme,globex", ",", -1);
  product->updated_at = g_strdup ("2026-11-22T09:30:00.000Z");
  return product;
}

static void
assert_products_equal (const ProcureProduct *a,
                       const ProcureProduct *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->form_factor, ==, b->form_factor);
  g_assert_cmpstrv (a->features, b->features);
  g_assert_cmpstr (a->branding, ==, b->branding);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpint (a->unit_price, ==, b->unit_price);
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpint (a->min_quantity, ==, b->min_quantity);
  g_assert_cmpint (a->max_quantity, ==, b->max_quantity);
  g_assert_cmpint (a->quantity_multiple, ==, b->quantity_multiple);
  g_assert_cmpint (a->stock, ==, b->stock);
  g_assert_cmpint (a->active, ==, b->active);
  g_assert_cmpstrv (a->account_ids, b->account_ids);
  g_assert_cmpstr (a->updated_at, ==, b->updated_at);
}

static void
test_json_product_round_trip (void)
{
  g_autoptr(ProcureProduct) product = make_product ();
  g_autoptr(ProcureProduct) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = through_text (procure_product_to_json (product));
  back = procure_product_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  assert_products_equal (product, back);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_product_unref);

  g_clear_pointer (&product->account_ids, g_strfreev);
  node = through_text (procure_product_to_json (product));
  g_assert_false (json_object_has_member (json_node_get_object (node), "account_ids"));
  back = procure_product_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  assert_products_equal (product, back);
}

static ProcureOrderLine *
make_line (const char *product,
           gint64      quantity)
{
  ProcureOrderLine *line = procure_order_line_new ();

  line->product_id = g_strdup (product);
  line->quantity = quantity;
  line->unit_price = 450;
  line->line_total = quantity * 450;
  line->product_code = g_strdup ("CODE-1");
  line->product_name = g_strdup ("Name “quoted” ✓");
  return line;
}

static ProcureOrder *
make_order (void)
{
  ProcureOrder *order = procure_order_new ();
  ProcureHistoryEntry *created = procure_history_entry_new ();
  ProcureHistoryEntry *submitted = procure_history_entry_new ();
  ProcureApproval *approval = procure_approval_new ();
  ProcureComment *comment = procure_comment_new ();

  order->id = g_strdup ("o-1");
  order->number = g_strdup ("4500000042");
  order->account_id = g_strdup ("acme");
  order->account_name = g_strdup ("Acme Logistics");
  order->status = PROCURE_STATUS_SHIPPED;
  order->version = 7;
  order->created_by = g_strdup ("u-pat");
  order->created_by_name = g_strdup ("Pat");
  order->created_at = g_strdup ("2026-11-20T08:00:00.000Z");
  order->updated_at = g_strdup ("2026-11-22T09:30:00.000Z");
  order->on_behalf = TRUE;
  g_ptr_array_add (order->lines, make_line ("p-1", 100));
  g_ptr_array_add (order->lines, make_line ("p-2", 50));
  order->currency = g_strdup ("EUR");
  order->total = 67500;
  order->shipping_address = make_address (NULL);
  order->requested_ship_date = g_strdup ("2026-12-01");
  procure_settings_set (order->overrides, PROCURE_SETTING_PRICE_PLAN, "b");
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    procure_settings_set (order->effective, i, i == PROCURE_SETTING_PRICE_PLAN ? "b" : "a");
  order->notes = g_strdup ("Deliver to gate 3\nbefore noon");
  order->shipment = procure_shipment_new ();
  order->shipment->carrier = g_strdup ("DHL");
  order->shipment->tracking_number = g_strdup ("JD0146");
  order->shipment->shipped_at = g_strdup ("2026-11-21");
  order->sim_count = 150;

  approval->user_id = g_strdup ("u-morgan");
  approval->user_name = g_strdup ("Morgan");
  approval->at = g_strdup ("2026-11-20T09:00:00.000Z");
  g_ptr_array_add (order->approvals, approval);

  created->actor_id = g_strdup ("u-pat");
  created->actor_name = g_strdup ("Pat");
  created->at = g_strdup ("2026-11-20T08:00:00.000Z");
  created->to = PROCURE_STATUS_DRAFT;
  g_ptr_array_add (order->history, created);
  submitted->actor_id = g_strdup ("u-pat");
  submitted->at = g_strdup ("2026-11-20T08:05:00.000Z");
  submitted->action = PROCURE_ACTION_SUBMIT;
  submitted->from = PROCURE_STATUS_DRAFT;
  submitted->to = PROCURE_STATUS_PENDING_APPROVAL;
  submitted->comment = g_strdup ("urgent");
  g_ptr_array_add (order->history, submitted);

  comment->id = g_strdup ("c-1");
  comment->author_id = g_strdup ("u-sam");
  comment->author_name = g_strdup ("Sam");
  comment->at = g_strdup ("2026-11-21T10:00:00.000Z");
  comment->body = g_strdup ("On its way");
  g_ptr_array_add (order->comments, comment);
  return order;
}

static void
assert_lines_equal (const ProcureOrderLine *a,
                    const ProcureOrderLine *b)
{
  g_assert_cmpstr (a->product_id, ==, b->product_id);
  g_assert_cmpint (a->quantity, ==, b->quantity);
  g_assert_cmpint (a->unit_price, ==, b->unit_price);
  g_assert_cmpint (a->line_total, ==, b->line_total);
  g_assert_cmpstr (a->product_code, ==, b->product_code);
  g_assert_cmpstr (a->product_name, ==, b->product_name);
}

static void
assert_history_equal (const ProcureHistoryEntry *a,
                      const ProcureHistoryEntry *b)
{
  g_assert_cmpstr (a->actor_id, ==, b->actor_id);
  g_assert_cmpstr (a->actor_name, ==, b->actor_name);
  g_assert_cmpstr (a->at, ==, b->at);
  g_assert_cmpint (a->action, ==, b->action);
  g_assert_cmpint (a->from, ==, b->from);
  g_assert_cmpint (a->to, ==, b->to);
  g_assert_cmpstr (a->comment, ==, b->comment);
}

static void
assert_orders_equal (const ProcureOrder *a,
                     const ProcureOrder *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->number, ==, b->number);
  g_assert_cmpstr (a->account_id, ==, b->account_id);
  g_assert_cmpstr (a->account_name, ==, b->account_name);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpstr (a->created_by, ==, b->created_by);
  g_assert_cmpstr (a->created_by_name, ==, b->created_by_name);
  g_assert_cmpstr (a->created_at, ==, b->created_at);
  g_assert_cmpstr (a->updated_at, ==, b->updated_at);
  g_assert_cmpint (a->on_behalf, ==, b->on_behalf);
  g_assert_cmpuint (a->lines->len, ==, b->lines->len);
  for (guint i = 0; i < a->lines->len; i++)
    assert_lines_equal (g_ptr_array_index (a->lines, i), g_ptr_array_index (b->lines, i));
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpint (a->total, ==, b->total);
  g_assert_true (procure_address_equal (a->shipping_address, b->shipping_address));
  g_assert_cmpstr (a->requested_ship_date, ==, b->requested_ship_date);
  g_assert_true (procure_settings_equal (a->overrides, b->overrides));
  g_assert_true (procure_settings_equal (a->effective, b->effective));
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpint (a->shipment == NULL, ==, b->shipment == NULL);
  if (a->shipment != NULL)
    {
      g_assert_cmpstr (a->shipment->carrier, ==, b->shipment->carrier);
      g_assert_cmpstr (a->shipment->tracking_number, ==, b->shipment->tracking_number);
      g_assert_cmpstr (a->shipment->shipped_at, ==, b->shipment->shipped_at);
    }
  g_assert_cmpint (a->sim_count, ==, b->sim_count);
  g_assert_cmpuint (a->approvals->len, ==, b->approvals->len);
  for (guint i = 0; i < a->approvals->len; i++)
    {
      const ProcureApproval *x = g_ptr_array_index (a->approvals, i), *y = g_ptr_array_index (b->approvals, i);

      g_assert_cmpstr (x->user_id, ==, y->user_id);
      g_assert_cmpstr (x->user_name, ==, y->user_name);
      g_assert_cmpstr (x->at, ==, y->at);
    }
  g_assert_cmpuint (a->history->len, ==, b->history->len);
  for (guint i = 0; i < a->history->len; i++)
    assert_history_equal (g_ptr_array_index (a->history, i), g_ptr_array_index (b->history, i));
  g_assert_cmpuint (a->comments->len, ==, b->comments->len);
  for (guint i = 0; i < a->comments->len; i++)
    {
      const ProcureComment *x = g_ptr_array_index (a->comments, i), *y = g_ptr_array_index (b->comments, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->author_id, ==, y->author_id);
      g_assert_cmpstr (x->author_name, ==, y->author_name);
      g_assert_cmpstr (x->at, ==, y->at);
      g_assert_cmpstr (x->body, ==, y->body);
    }
}

static void
test_json_order_round_trip (void)
{
  g_autoptr(ProcureOrder) order = make_order ();
  g_autoptr(ProcureOrder) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = through_text (procure_order_to_json (order));
  back = procure_order_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  assert_orders_equal (order, back);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_order_unref);

  /* A fresh draft: null number, address, date, shipment; empty arrays. */
  g_clear_pointer (&order, procure_order_unref);
  order = procure_order_new ();
  order->id = g_strdup ("o-2");
  node = through_text (procure_order_to_json (order));
  back = procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, &error);
  g_assert_no_error (error);
  assert_orders_equal (order, back);
}

static void
test_json_order_wire_names (void)
{
  static const char * const members[] = {
    "id", "number", "account_id", "status", "version", "created_by", "created_at", "updated_at",
    "on_behalf", "lines", "currency", "total", "shipping_address", "requested_ship_date",
    "overrides", "effective", "notes", "shipment", "sim_count", "approvals", "history",
  };
  g_autoptr(ProcureOrder) order = make_order ();
  g_autoptr(JsonNode) node = procure_order_to_json (order);
  JsonObject *object = json_node_get_object (node);
  JsonObject *line, *created, *submitted, *address;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (object, members[i]));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "shipped");
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 67500);

  line = json_array_get_object_element (json_object_get_array_member (object, "lines"), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "product_id"), ==, "p-1");
  g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price"), ==, 450);
  g_assert_cmpint (json_object_get_int_member (line, "line_total"), ==, 45000);

  created = json_array_get_object_element (json_object_get_array_member (object, "history"), 0);
  g_assert_true (json_object_get_null_member (created, "action"));
  g_assert_true (json_object_get_null_member (created, "from"));
  g_assert_cmpstr (json_object_get_string_member (created, "to"), ==, "draft");
  submitted = json_array_get_object_element (json_object_get_array_member (object, "history"), 1);
  g_assert_cmpstr (json_object_get_string_member (submitted, "action"), ==, "submit");
  g_assert_cmpstr (json_object_get_string_member (submitted, "from"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (submitted, "to"), ==, "pending_approval");

  address = json_object_get_object_member (object, "shipping_address");
  g_assert_cmpstr (json_object_get_string_member (address, "postal_code"), ==, "20457");
  g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "DE");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (object, "overrides"), "apn_group"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "effective"), "apn_group"), ==, "a");
}

static void
test_json_sim_comment_round_trip (void)
{
  g_autoptr(ProcureSim) sim = procure_sim_new ();
  g_autoptr(ProcureSim) sim_back = NULL;
  g_autoptr(ProcureComment) comment = procure_comment_new ();
  g_autoptr(ProcureComment) comment_back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  sim->iccid = g_strdup ("89014103211118510720");
  sim->imsi = g_strdup ("262011234567890");
  sim->msisdn = g_strdup ("+491701234567");
  sim->account_id = g_strdup ("acme");
  sim->order_id = g_strdup ("o-1");
  sim->product_id = g_strdup ("p-1");
  sim->settings = procure_settings_new ();
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    procure_settings_set (sim->settings, i, procure_setting_to_string (i));
  node = through_text (procure_sim_to_json (sim));
  /* The five settings are flat members of the SIM. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "apn_group"), ==, "apn_group");
  sim_back = procure_sim_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sim_back->iccid, ==, sim->iccid);
  g_assert_cmpstr (sim_back->imsi, ==, sim->imsi);
  g_assert_cmpstr (sim_back->msisdn, ==, sim->msisdn);
  g_assert_cmpstr (sim_back->account_id, ==, sim->account_id);
  g_assert_cmpstr (sim_back->order_id, ==, sim->order_id);
  g_assert_cmpstr (sim_back->product_id, ==, sim->product_id);
  g_assert_true (procure_settings_equal (sim_back->settings, sim->settings));
  g_clear_pointer (&node, json_node_unref);

  comment->id = g_strdup ("c-9");
  comment->author_id = g_strdup ("u-1");
  comment->author_name = g_strdup ("Quinn");
  comment->at = g_strdup ("2026-11-22T09:30:00.000Z");
  comment->body = g_strdup ("Line one\n\"two\" \\ three");
  node = through_text (procure_comment_to_json (comment));
  comment_back = procure_comment_from_json (node, PROCURE_JSON_STRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment_back->id, ==, comment->id);
  g_assert_cmpstr (comment_back->author_id, ==, comment->author_id);
  g_assert_cmpstr (comment_back->author_name, ==, comment->author_name);
  g_assert_cmpstr (comment_back->at, ==, comment->at);
  g_assert_cmpstr (comment_back->body, ==, comment->body);
}

/* ---------- strict and lenient refusals ---------- */

typedef gpointer (*Decoder) (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);

/* Expected field of an error about the whole body: none. */
static const char ROOT[] = "<root>";

/* Decodes @text with @decode in @mode; expects MALFORMED naming @field, or
 * success when @field is NULL. */
static void
check_decode (Decoder          decode,
              GDestroyNotify   free_func,
              ProcureJsonMode  mode,
              const char      *text,
              const char      *field)
{
  g_autoptr(JsonNode) node = parse_ok (text);
  g_autoptr(GError) error = NULL;
  gpointer result = decode (node, mode, NULL, &error);

  g_test_message ("decoding %s", text);
  if (field == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (result);
      free_func (result);
    }
  else
    {
      g_assert_null (result);
      g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
      g_assert_cmpstr (procure_error_get_field (error), ==, field == ROOT ? NULL : field);
    }
}

#define ORDER(decode_mode, text, field) \
  check_decode ((Decoder) procure_order_from_json, (GDestroyNotify) procure_order_unref, decode_mode, text, field)

/* The text encoders write what the tree encoders build: the same JSON, and
 * byte for byte the text json-glib prints of the tree, except that
 * json-glib 1.6 leaves U+001F unescaped (JSON forbids it) and escapes DEL
 * (JSON allows it either way); the text encoders follow the standard. */
typedef JsonNode *(*TreeFunc) (gconstpointer item);
typedef char *(*TextFunc) (gconstpointer item);

static void
assert_text_matches_tree (TreeFunc      tree_func,
                          TextFunc      text_func,
                          gconstpointer item,
                          gboolean      same_bytes)
{
  g_autoptr(JsonNode) tree = tree_func (item);
  g_autofree char *printed = procure_json_to_string (tree);
  g_autofree char *text = text_func (item);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;

  if (same_bytes)
    g_assert_cmpstr (text, ==, printed);
  else
    g_assert_cmpstr (text, !=, printed);
  parsed = procure_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (parsed, tree));
}

#define ESCAPED "quote \" backslash \\ slash / \x01 tab\t cr\r lf\n bs\b ff\f Zürich ✓ 🚀"
#define NASTY ESCAPED " \x1f\x7f"

static void
test_json_text_matches_tree (void)
{
  g_autoptr(ProcureOrder) order = make_order ();
  g_autoptr(ProcureOrder) bare = procure_order_new ();
  g_autoptr(ProcureAccount) account = make_account ();
  g_autoptr(ProcureAccount) bare_account = procure_account_new ();
  g_autoptr(ProcureProduct) product = make_product ();
  g_autoptr(ProcureProduct) bare_product = procure_product_new ();
  g_autoptr(ProcureSim) sim = procure_sim_new ();
  g_autoptr(ProcureSim) bare_sim = procure_sim_new ();

  g_free (order->notes);
  order->notes = g_strdup (NASTY);
  g_free (order->number);
  order->number = g_strdup ("");
  order->version = G_MAXINT64;
  order->total = G_MININT64;
  assert_text_matches_tree ((TreeFunc) procure_order_to_json, (TextFunc) procure_order_to_text, order, FALSE);
  /* Nothing set: nulls, empty arrays, no shipment or address. */
  assert_text_matches_tree ((TreeFunc) procure_order_to_json, (TextFunc) procure_order_to_text, bare, TRUE);

  g_free (account->name);
  account->name = g_strdup (ESCAPED);
  assert_text_matches_tree ((TreeFunc) procure_account_to_json, (TextFunc) procure_account_to_text, account, TRUE);
  bare_account->approval_threshold = -1;
  bare_account->second_approval_threshold = -1;
  assert_text_matches_tree ((TreeFunc) procure_account_to_json, (TextFunc) procure_account_to_text, bare_account, TRUE);

  g_strfreev (product->account_ids);
  product->account_ids = g_strsplit ("acme,globex", ",", -1);
  assert_text_matches_tree ((TreeFunc) procure_product_to_json, (TextFunc) procure_product_to_text, product, TRUE);
  assert_text_matches_tree ((TreeFunc) procure_product_to_json, (TextFunc) procure_product_to_text, bare_product, TRUE);

  sim->iccid = g_strdup ("89014103211118510720");
  sim->msisdn = g_strdup (ESCAPED);
  sim->settings = procure_settings_new ();
  procure_settings_set (sim->settings, PROCURE_SETTING_APN_GROUP, "iot.example");
  assert_text_matches_tree ((TreeFunc) procure_sim_to_json, (TextFunc) procure_sim_to_text, sim, TRUE);
  assert_text_matches_tree ((TreeFunc) procure_sim_to_json, (TextFunc) procure_sim_to_text, bare_sim, TRUE);
}

static void
test_json_strict_refusals (void)
{
  const ProcureJsonMode S = PROCURE_JSON_STRICT;
  const ProcureJsonMode L = PROCURE_JSON_LENIENT;

  ORDER (S, "{\"id\": \"o\", \"bogus\": 1}", "bogus");
  ORDER (L, "{\"id\": \"o\", \"bogus\": 1}", NULL);
  ORDER (S, "{\"lines\": [{\"product_id\": \"a\"}, {\"product_id\": \"b\", \"colour\": \"red\"}]}", "lines[1].colour");
  ORDER (L, "{\"lines\": [{\"product_id\": \"a\"}, {\"product_id\": \"b\", \"colour\": \"red\"}]}", NULL);
  ORDER (S, "{\"shipping_address\": {\"name\": \"x\", \"floor\": 3}}", "shipping_address.floor");
  ORDER (S, "{\"overrides\": {\"price_plan\": \"a\", \"apn\": \"b\"}}", "overrides.apn");
  ORDER (S, "{\"history\": [{\"to\": \"draft\", \"who\": 1}]}", "history[0].who");

  /* Mistyped members are refused in both modes. */
  ORDER (S, "{\"lines\": [{\"quantity\": 1}, {\"quantity\": \"5\"}]}", "lines[1].quantity");
  ORDER (L, "{\"lines\": [{\"quantity\": 1}, {\"quantity\": \"5\"}]}", "lines[1].quantity");
  ORDER (L, "{\"lines\": [{\"quantity\": 1}, {\"quantity\": 1.5}]}", "lines[1].quantity");
  ORDER (L, "{\"lines\": [{\"quantity\": 1e2}]}", "lines[0].quantity");
  ORDER (L, "{\"lines\": [{\"quantity\": true}]}", "lines[0].quantity");
  ORDER (L, "{\"lines\": {\"quantity\": 1}}", "lines");
  ORDER (L, "{\"lines\": [3]}", "lines[0]");
  ORDER (L, "{\"version\": \"7\"}", "version");
  ORDER (L, "{\"on_behalf\": 1}", "on_behalf");
  ORDER (L, "{\"id\": 17}", "id");
  ORDER (L, "{\"status\": \"lost\"}", "status");
  ORDER (L, "{\"status\": 3}", "status");
  ORDER (L, "{\"shipping_address\": \"Hamburg\"}", "shipping_address");
  ORDER (L, "{\"shipping_address\": {\"country\": [\"DE\"]}}", "shipping_address.country");
  ORDER (L, "{\"overrides\": {\"price_plan\": 5}}", "overrides.price_plan");
  ORDER (L, "{\"history\": [{\"action\": \"explode\", \"to\": \"draft\"}]}", "history[0].action");
  ORDER (L, "{\"approvals\": [{\"user_id\": null}, {\"user_id\": {}}]}", "approvals[1].user_id");
  ORDER (L, "[]", ROOT);
  ORDER (S, "\"order\"", ROOT);
}

static void
test_json_other_refusals (void)
{
  const ProcureJsonMode S = PROCURE_JSON_STRICT;
  const ProcureJsonMode L = PROCURE_JSON_LENIENT;

  check_decode ((Decoder) procure_account_from_json, (GDestroyNotify) procure_account_unref, S,
                "{\"approval_threshold\": 1.5}", "approval_threshold");
  check_decode ((Decoder) procure_account_from_json, (GDestroyNotify) procure_account_unref, S,
                "{\"entitlements\": {\"price_plan\": [\"a\", 2]}}", "entitlements.price_plan[1]");
  check_decode ((Decoder) procure_account_from_json, (GDestroyNotify) procure_account_unref, S,
                "{\"addresses\": [{\"id\": \"a\"}, {\"id\": \"b\", \"x\": 1}]}", "addresses[1].x");
  check_decode ((Decoder) procure_account_from_json, (GDestroyNotify) procure_account_unref, L,
                "{\"addresses\": [{\"id\": \"a\"}, {\"id\": \"b\", \"x\": 1}], \"new_thing\": true}", NULL);
  check_decode ((Decoder) procure_product_from_json, (GDestroyNotify) procure_product_unref, S,
                "{\"features\": \"fast\"}", "features");
  check_decode ((Decoder) procure_product_from_json, (GDestroyNotify) procure_product_unref, S,
                "{\"active\": \"yes\"}", "active");
  check_decode ((Decoder) procure_product_from_json, (GDestroyNotify) procure_product_unref, S,
                "{\"unit_price\": 4.5}", "unit_price");
  check_decode ((Decoder) procure_user_from_json, (GDestroyNotify) procure_user_free, S,
                "{\"role\": \"root\"}", "role");
  check_decode ((Decoder) procure_user_from_json, (GDestroyNotify) procure_user_free, S,
                "{\"password\": \"x\"}", "password");
  check_decode ((Decoder) procure_sim_from_json, (GDestroyNotify) procure_sim_free, S,
                "{\"iccid\": 8949020000123456788}", "iccid");
  check_decode ((Decoder) procure_comment_from_json, (GDestroyNotify) procure_comment_free, S,
                "{\"body\": \"hi\", \"html\": \"<b>\"}", "html");
  check_decode ((Decoder) procure_settings_from_json, (GDestroyNotify) procure_settings_free, S,
                "[\"a\"]", ROOT);
}

static void
test_json_field_prefix (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"country\": 49}");
  g_autoptr(GError) error = NULL;

  g_assert_null (procure_address_from_json (node, PROCURE_JSON_STRICT, "addresses[3]", &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "addresses[3].country");
}

/* ---------- requests ---------- */

static ProcureOrderRequest *
decode_order_request (const char  *text,
                      GError     **error)
{
  g_autoptr(JsonNode) node = parse_ok (text);

  return procure_order_request_from_json (node, error);
}

static void
test_json_order_request (void)
{
  static const char * const forbidden[] = {
    "status", "number", "total", "version", "created_by", "approvals", "history", "id",
    "on_behalf", "currency", "effective", "unit_price", "sim_count",
  };
  g_autoptr(ProcureOrderRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  ProcureLineRequest *line;

  request = decode_order_request ("{\"account_id\": \"acme\", \"lines\": [{\"product_id\": \"p-1\", \"quantity\": 100},"
                                  " {\"product_id\": \"p-2\", \"quantity\": 5}], \"shipping_address\": {\"name\": \"Pat\","
                                  " \"country\": \"DE\"}, \"requested_ship_date\": \"2026-12-01\","
                                  " \"overrides\": {\"price_plan\": \"b\"}, \"notes\": \"n\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->account_id, ==, "acme");
  g_assert_true (request->has_lines);
  g_assert_cmpuint (request->lines->len, ==, 2);
  line = g_ptr_array_index (request->lines, 1);
  g_assert_cmpstr (line->product_id, ==, "p-2");
  g_assert_cmpint (line->quantity, ==, 5);
  g_assert_true (request->has_shipping_address);
  g_assert_cmpstr (request->shipping_address->country, ==, "DE");
  g_assert_true (request->has_requested_ship_date);
  g_assert_cmpstr (request->requested_ship_date, ==, "2026-12-01");
  g_assert_true (request->has_overrides);
  g_assert_cmpstr (request->overrides->values[PROCURE_SETTING_PRICE_PLAN], ==, "b");
  g_assert_null (request->overrides->values[PROCURE_SETTING_APN_GROUP]);
  g_assert_true (request->has_notes);
  g_assert_cmpstr (request->notes, ==, "n");
  g_clear_pointer (&request, procure_order_request_free);

  /* A PATCH touching only the notes; null clears the address. */
  request = decode_order_request ("{\"notes\": null, \"shipping_address\": null, \"address_id\": \"addr-2\"}", &error);
  g_assert_no_error (error);
  g_assert_false (request->has_lines);
  g_assert_cmpuint (request->lines->len, ==, 0);
  g_assert_true (request->has_notes);
  g_assert_null (request->notes);
  g_assert_true (request->has_shipping_address);
  g_assert_null (request->shipping_address);
  g_assert_cmpstr (request->address_id, ==, "addr-2");
  g_assert_false (request->has_overrides);
  g_assert_null (request->overrides);
  g_assert_false (request->has_requested_ship_date);
  g_clear_pointer (&request, procure_order_request_free);

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"notes\": \"x\", \"%s\": 1}", forbidden[i]);

      request = decode_order_request (text, &error);
      g_assert_null (request);
      g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
      g_assert_cmpstr (procure_error_get_field (error), ==, forbidden[i]);
      g_clear_error (&error);
    }

  request = decode_order_request ("{\"lines\": [{\"product_id\": \"p\", \"quantity\": 1, \"unit_price\": 1}]}", &error);
  g_assert_null (request);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "lines[0].unit_price");
  g_clear_error (&error);

  request = decode_order_request ("{\"lines\": [{\"product_id\": \"p\", \"quantity\": 1}, {\"product_id\": \"q\", \"quantity\": 2.5}]}", &error);
  g_assert_null (request);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "lines[1].quantity");
  g_clear_error (&error);

  request = decode_order_request ("[1]", &error);
  g_assert_null (request);
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
}

static void
test_json_order_request_encode (void)
{
  g_autoptr(ProcureOrderRequest) request = procure_order_request_new ();
  g_autoptr(ProcureOrderRequest) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  ProcureLineRequest *line = procure_line_request_new ();

  line->product_id = g_strdup ("p-1");
  line->quantity = 20;
  g_ptr_array_add (request->lines, line);
  request->has_lines = TRUE;
  request->has_overrides = TRUE;
  request->overrides = procure_settings_new ();
  procure_settings_set (request->overrides, PROCURE_SETTING_ROAMING_PROFILE, "eu");
  request->has_shipping_address = TRUE;
  request->shipping_address = make_address (NULL);

  node = through_text (procure_order_request_to_json (request));
  g_assert_false (json_object_has_member (json_node_get_object (node), "notes"));
  g_assert_false (json_object_has_member (json_node_get_object (node), "account_id"));
  back = procure_order_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (back->has_lines);
  g_assert_cmpuint (back->lines->len, ==, 1);
  g_assert_cmpint (((ProcureLineRequest *) g_ptr_array_index (back->lines, 0))->quantity, ==, 20);
  g_assert_true (procure_settings_equal (back->overrides, request->overrides));
  g_assert_true (procure_address_equal (back->shipping_address, request->shipping_address));
  g_assert_false (back->has_notes);
  g_assert_false (back->has_requested_ship_date);
}

static void
test_json_action_request (void)
{
  g_autoptr(ProcureActionRequest) request = procure_action_request_new ();
  g_autoptr(ProcureActionRequest) back = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  ProcureSim *sim = procure_sim_new ();
  const ProcureSim *sim_back;

  request->comment = g_strdup ("ok");
  request->number = g_strdup ("4500000042");
  request->carrier = g_strdup ("UPS");
  request->tracking_number = g_strdup ("1Z999");
  request->shipped_at = g_strdup ("2026-11-21");
  request->sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);
  sim->iccid = g_strdup ("8949020000123456788");
  sim->imsi = g_strdup ("262011234567890");
  g_ptr_array_add (request->sims, sim);

  node = through_text (procure_action_request_to_json (request));
  back = procure_action_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->comment, ==, "ok");
  g_assert_cmpstr (back->number, ==, "4500000042");
  g_assert_cmpstr (back->carrier, ==, "UPS");
  g_assert_cmpstr (back->tracking_number, ==, "1Z999");
  g_assert_cmpstr (back->shipped_at, ==, "2026-11-21");
  g_assert_cmpuint (back->sims->len, ==, 1);
  sim_back = g_ptr_array_index (back->sims, 0);
  g_assert_cmpstr (sim_back->iccid, ==, "8949020000123456788");
  g_assert_cmpstr (sim_back->imsi, ==, "262011234567890");
  g_assert_null (sim_back->msisdn);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_action_request_free);

  node = parse_ok ("{}");
  back = procure_action_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_null (back->sims);
  g_assert_null (back->comment);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&back, procure_action_request_free);

  node = parse_ok ("{\"sims\": [{\"iccid\": \"8949020000123456788\", \"account_id\": \"acme\"}]}");
  g_assert_null (procure_action_request_from_json (node, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "sims[0].account_id");
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok ("{\"comment\": \"x\", \"status\": \"closed\"}");
  g_assert_null (procure_action_request_from_json (node, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "status");
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok ("{\"number\": 4500000042}");
  g_assert_null (procure_action_request_from_json (node, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "number");
}

static void
test_json_small_requests (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"login\": \"pat\", \"password\": \"demo\"}");
  g_autoptr(ProcureLoginRequest) login = NULL;
  g_autoptr(ProcureCommentRequest) comment = NULL;
  g_autoptr(GError) error = NULL;

  login = procure_login_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (login->login, ==, "pat");
  g_assert_cmpstr (login->password, ==, "demo");
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok ("{\"login\": \"pat\", \"password\": \"demo\", \"remember\": true}");
  g_assert_null (procure_login_request_from_json (node, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "remember");
  g_clear_error (&error);
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok ("{\"body\": \"Thanks\"}");
  comment = procure_comment_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (comment->body, ==, "Thanks");
  g_clear_pointer (&node, json_node_unref);

  node = parse_ok ("{\"body\": [\"Thanks\"]}");
  g_assert_null (procure_comment_request_from_json (node, &error));
  g_assert_error (error, PROCURE_ERROR, PROCURE_ERROR_MALFORMED);
  g_assert_cmpstr (procure_error_get_field (error), ==, "body");
}

static void
test_json_error_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "disk");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *inner;

  procure_set_error (&error, PROCURE_ERROR_OUT_OF_RANGE, "lines[1].quantity", "Order between 10 and 500 SIMs");
  node = procure_gerror_to_json (error);
  inner = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_cmpstr (json_object_get_string_member (inner, "code"), ==, "out_of_range");
  g_assert_cmpstr (json_object_get_string_member (inner, "message"), ==, "Order between 10 and 500 SIMs");
  g_assert_cmpstr (json_object_get_string_member (inner, "field"), ==, "lines[1].quantity");
  g_clear_pointer (&node, json_node_unref);

  node = procure_gerror_to_json (io_error);
  inner = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_cmpstr (json_object_get_string_member (inner, "code"), ==, "internal");
  g_assert_true (json_object_get_null_member (inner, "field"));
  g_clear_pointer (&node, json_node_unref);

  node = procure_error_to_json ("forbidden", "No", NULL);
  text = procure_json_to_string (node);
  g_assert_cmpstr (text, ==, "{\"error\":{\"code\":\"forbidden\",\"message\":\"No\",\"field\":null}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/parse-limits", test_json_parse_limits);
  g_test_add_func ("/core/json/parse-not-json", test_json_parse_not_json);
  g_test_add_func ("/core/json/settings-round-trip", test_json_settings_round_trip);
  g_test_add_func ("/core/json/address-user-round-trip", test_json_address_user_round_trip);
  g_test_add_func ("/core/json/account-round-trip", test_json_account_round_trip);
  g_test_add_func ("/core/json/product-round-trip", test_json_product_round_trip);
  g_test_add_func ("/core/json/order-round-trip", test_json_order_round_trip);
  g_test_add_func ("/core/json/order-wire-names", test_json_order_wire_names);
  g_test_add_func ("/core/json/sim-comment-round-trip", test_json_sim_comment_round_trip);
  g_test_add_func ("/core/json/text-matches-tree", test_json_text_matches_tree);
  g_test_add_func ("/core/json/strict-refusals", test_json_strict_refusals);
  g_test_add_func ("/core/json/other-refusals", test_json_other_refusals);
  g_test_add_func ("/core/json/field-prefix", test_json_field_prefix);
  g_test_add_func ("/core/json/order-request", test_json_order_request);
  g_test_add_func ("/core/json/order-request-encode", test_json_order_request_encode);
  g_test_add_func ("/core/json/action-request", test_json_action_request);
  g_test_add_func ("/core/json/small-requests", test_json_small_requests);
  g_test_add_func ("/core/json/error-shape", test_json_error_shape);

  return g_test_run ();
}
