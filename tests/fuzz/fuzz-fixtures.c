/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "fuzz-fixtures.h"

static const char * const entitled[PROCURE_N_SETTINGS][4] = {
  { "active", "test_ready", "inventory", NULL },
  { "iot-basic", "iot-plus", "fleet", NULL },
  { "data-only", "data-sms", NULL, NULL },
  { "europe", "world", "none", NULL },
  { "apn-acme", "apn-private", NULL, NULL },
};

ProcureAccount *
fuzz_account (void)
{
  ProcureAccount *account = procure_account_new ();

  account->id = g_strdup ("acc-1");
  account->name = g_strdup ("Acme Logistics");
  account->currency = g_strdup ("EUR");
  account->allow_default_override = TRUE;
  account->approval_threshold = 100000;
  account->second_approval_threshold = 1000000;
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      g_strfreev (account->entitlements->values[i]);
      account->entitlements->values[i] = g_strdupv ((GStrv) entitled[i]);
      procure_settings_set (account->defaults, i, entitled[i][0]);
    }
  return account;
}

static ProcureProduct *
make_product (const char *id,
              gint64      unit_price,
              gint64      min,
              gint64      max,
              gint64      multiple,
              gboolean    active)
{
  ProcureProduct *product = procure_product_new ();

  product->id = g_strdup (id);
  product->code = g_strdup (id);
  product->name = g_strdup ("Fuzz SIM");
  product->form_factor = g_strdup ("4FF");
  product->currency = g_strdup ("EUR");
  product->unit_price = unit_price;
  product->min_quantity = min;
  product->max_quantity = max;
  product->quantity_multiple = multiple;
  product->stock = 100000;
  product->active = active;
  return product;
}

const ProcureProduct *
fuzz_product_lookup (const char *product_id,
                     gpointer    user_data)
{
  static ProcureProduct *products[3];

  if (products[0] == NULL)
    {
      products[0] = make_product ("prd-1", 250, 1, 1000, 1, TRUE);
      products[1] = make_product ("prd-2", G_MAXINT64 / 1000, 10, 500, 10, TRUE);
      products[2] = make_product ("prd-3", 100, 1, 0, 1, FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    if (g_strcmp0 (products[i]->id, product_id) == 0)
      return products[i];
  return NULL;
}

void
fuzz_today (GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, 22, G_DATE_NOVEMBER, 2026);
}

ProcureOrder *
fuzz_order (void)
{
  ProcureOrder *order = procure_order_new ();
  ProcureOrderLine *line = procure_order_line_new ();

  order->id = g_strdup ("ord-1");
  order->account_id = g_strdup ("acc-1");
  order->currency = g_strdup ("EUR");
  line->product_id = g_strdup ("prd-1");
  line->quantity = 3;
  line->unit_price = 250;
  g_ptr_array_add (order->lines, line);
  procure_order_recompute_totals (order);
  return order;
}
