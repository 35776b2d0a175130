/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-order-checks.h"

void
procure_order_check_free (ProcureOrderCheck *check)
{
  g_free (check->title);
  g_free (check->detail);
  g_free (check);
}

static void
add_check (GPtrArray  *checks,
           gboolean    ok,
           const char *title,
           char       *detail)   /* transfer full */
{
  ProcureOrderCheck *check = g_new0 (ProcureOrderCheck, 1);

  check->ok = ok;
  check->title = g_strdup (title);
  check->detail = detail;
  g_ptr_array_add (checks, check);
}

static const ProcureProduct *
lookup_cb (const char *product_id,
           gpointer    user_data)
{
  GPtrArray *products = user_data;

  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      const ProcureProduct *product = g_ptr_array_index (products, i);

      if (g_strcmp0 (product->id, product_id) == 0)
        return product;
    }
  return NULL;
}

static void
check_approval (GPtrArray            *checks,
                const ProcureOrder   *order,
                const ProcureAccount *account)
{
  g_autofree char *total = procure_money_format (order->total, order->currency);
  g_autofree char *limit = NULL;
  g_autofree char *second = NULL;
  char *detail;

  if (order->on_behalf || account->approval_threshold < 0)
    {
      add_check (checks, TRUE, _("Approval"),
                 g_strdup (_("This order needs no approval within the company")));
      return;
    }
  limit = procure_money_format (account->approval_threshold, account->currency);
  if (order->total < account->approval_threshold)
    detail = g_strdup_printf (_("%s is below the approval limit of %s"), total, limit);
  else if (account->second_approval_threshold >= 0 &&
           order->total >= account->second_approval_threshold)
    {
      second = procure_money_format (account->second_approval_threshold, account->currency);
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s is at or above %s: two different approvers must approve (%u approval so far)",
                                             "%s is at or above %s: two different approvers must approve (%u approvals so far)",
                                             order->approvals->len),
                                total, second, order->approvals->len);
    }
  else
    detail = g_strdup_printf (_("%s is at or above the approval limit of %s"), total, limit);
  add_check (checks, TRUE, _("Approval"), detail);
}

static void
check_stock (GPtrArray          *checks,
             const ProcureOrder *order,
             GPtrArray          *products)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      const ProcureOrderLine *line = g_ptr_array_index (order->lines, i);
      const ProcureProduct *product = lookup_cb (line->product_id, products);
      g_autofree char *stock = NULL;
      g_autofree char *quantity = g_strdup_printf ("%'" G_GINT64_FORMAT, line->quantity);

      if (product == NULL)
        continue;
      stock = g_strdup_printf ("%'" G_GINT64_FORMAT, product->stock);
      add_check (checks, product->stock >= line->quantity, product->name,
                 /* Translators: stock available, quantity ordered */
                 g_strdup_printf (_("%s in stock for %s ordered"), stock, quantity));
    }
}

static void
check_overrides (GPtrArray          *checks,
                 const ProcureOrder *order)
{
  guint n = 0;

  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    n += order->overrides->values[s] != NULL;
  add_check (checks, TRUE, _("Account Defaults"),
             n == 0 ? g_strdup (_("All settings are the account defaults"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%u setting differs from the account defaults",
                                                    "%u settings differ from the account defaults", n),
                                       n));
}

GPtrArray *
procure_order_checks (const ProcureOrder   *order,
                      const ProcureAccount *account,
                      GPtrArray            *products,
                      const GDate          *today)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_order_check_free);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (order != NULL, checks);

  if (account != NULL)
    {
      check_approval (checks, order, account);
      if (procure_validate_order (order, account, lookup_cb, products, today, TRUE, &error))
        add_check (checks, TRUE, _("Order Rules"),
                   g_strdup (_("Products, quantities, address, date and settings are valid")));
      else
        add_check (checks, FALSE, _("Order Rules"), g_strdup (error->message));
    }
  check_stock (checks, order, products);
  check_overrides (checks, order);
  return checks;
}
