/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lifecycle actions on an order. The core table decides whether the action
 * is allowed and where it leads; this file adds its side effects: approvals,
 * the PO number, the stock reservation on accept, the SIMs on ready and the
 * shipment on ship. The store writes all of it in one transaction, guarded
 * by the version the caller's If-Match named.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-http-error.h"
#include "procure-service-private.h"

typedef struct {
  ProcureService             *service;
  const ProcureUser          *user;
  const ProcureActionRequest *request;
  ProcureOrder               *order;
  GArray                     *stock;     /* of ProcureStockChange */
  GPtrArray                  *fields;    /* strings the stock changes point to */
  GPtrArray                  *sims;      /* of ProcureSim, or NULL */
} ActionContext;

static void
add_approval (ActionContext *ctx)
{
  ProcureApproval *approval = procure_approval_new ();

  approval->user_id = g_strdup (ctx->user->id);
  approval->user_name = g_strdup (ctx->user->name);
  approval->at = procure_service_now (ctx->service);
  g_ptr_array_add (ctx->order->approvals, approval);
}

/* Accepting reserves the ordered quantity of every product. */
static void
reserve_stock (ActionContext *ctx)
{
  for (guint i = 0; i < ctx->order->lines->len; i++)
    {
      const ProcureOrderLine *line = g_ptr_array_index (ctx->order->lines, i);
      char *field = g_strdup_printf ("lines[%u].quantity", i);
      ProcureStockChange change = { line->product_id, -line->quantity, field };

      g_ptr_array_add (ctx->fields, field);
      g_array_append_val (ctx->stock, change);
    }
}

/* The product of the @index-th SIM: SIMs fill the lines in order. */
static const char *
product_for_sim (const ProcureOrder *order,
                 guint               index)
{
  gint64 seen = 0;

  for (guint i = 0; i < order->lines->len; i++)
    {
      const ProcureOrderLine *line = g_ptr_array_index (order->lines, i);

      seen += line->quantity;
      if ((gint64) index < seen)
        return line->product_id;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assign_sims (ActionContext *ctx)
{
  const ProcureOrder *order = ctx->order;

  ctx->sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);
  for (guint i = 0; i < ctx->request->sims->len; i++)
    {
      const ProcureSim *given = g_ptr_array_index (ctx->request->sims, i);
      ProcureSim *sim = procure_sim_new ();

      sim->iccid = g_strdup (given->iccid);
      sim->imsi = g_strdup (given->imsi);
      sim->msisdn = g_strdup (given->msisdn);
      sim->account_id = g_strdup (order->account_id);
      sim->order_id = g_strdup (order->id);
      sim->product_id = g_strdup (product_for_sim (order, i));
      sim->settings = procure_settings_copy (order->effective);
      g_ptr_array_add (ctx->sims, sim);
    }
  ctx->order->sim_count = ctx->sims->len;
}

static void
record_shipment (ActionContext *ctx)
{
  ProcureShipment *shipment = procure_shipment_new ();

  shipment->carrier = g_strdup (ctx->request->carrier);
  shipment->tracking_number = g_strdup (ctx->request->tracking_number);
  shipment->shipped_at = g_strdup (ctx->request->shipped_at);
  g_clear_pointer (&ctx->order->shipment, procure_shipment_free);
  ctx->order->shipment = shipment;
}

static void
apply_effects (ActionContext *ctx,
               ProcureAction  action)
{
  switch (action)
    {
    case PROCURE_ACTION_APPROVE:
      add_approval (ctx);
      break;
    case PROCURE_ACTION_RESUBMIT:
    case PROCURE_ACTION_REOPEN:
      g_ptr_array_set_size (ctx->order->approvals, 0);
      break;
    case PROCURE_ACTION_ACCEPT:
      g_free (ctx->order->number);
      ctx->order->number = g_strdup (ctx->request->number);
      reserve_stock (ctx);
      break;
    case PROCURE_ACTION_READY:
      assign_sims (ctx);
      break;
    case PROCURE_ACTION_SHIP:
      record_shipment (ctx);
      break;
    case PROCURE_ACTION_SUBMIT:
    case PROCURE_ACTION_REJECT:
    case PROCURE_ACTION_REQUEST_INFO:
    case PROCURE_ACTION_START:
    case PROCURE_ACTION_CONFIRM_RECEIPT:
    case PROCURE_ACTION_CANCEL:
    case PROCURE_ACTION_INVALID:
    case PROCURE_N_ACTIONS:
    default:
      break;
    }
}

/* Submitting needs a complete order, priced with the current settings. */
static gboolean
check_submittable (ProcureService       *self,
                   ProcureOrder         *order,
                   const ProcureAccount *account,
                   GError              **error)
{
  g_autoptr(GHashTable) products = svc_assigned_products (self, order->account_id, error);

  if (products == NULL)
    return FALSE;
  svc_resolve_effective (order, account);
  return svc_validate_order (self, order, account, products, TRUE, error);
}

static gboolean
check_action (ProcureService             *self,
              const ProcureUser          *user,
              ProcureOrder               *order,
              const ProcureAccount       *account,
              const ProcurePolicy        *policy,
              ProcureAction               action,
              const char                 *if_match,
              const ProcureActionRequest *request,
              GError                    **error)
{
  ProcureActor actor;

  procure_service_actor (user, &actor);
  if (!procure_lifecycle_check (&actor, order, policy, action, error)
      || !svc_check_if_match (order, if_match, error)
      || !procure_action_request_validate (action, request, order, error))
    return FALSE;
  if (action == PROCURE_ACTION_SUBMIT || action == PROCURE_ACTION_RESUBMIT)
    return check_submittable (self, order, account, error);
  return TRUE;
}

static gboolean
write_action (ActionContext             *ctx,
              const ProcureHistoryEntry *entry,
              GError                   **error)
{
  ProcureOrderWrite write = { 0 };

  write.order = ctx->order;
  write.expected_version = ctx->order->version++;
  write.history = entry;
  write.stock = (const ProcureStockChange *) ctx->stock->data;
  write.n_stock = ctx->stock->len;
  write.sims = ctx->sims;
  g_free (ctx->order->updated_at);
  ctx->order->updated_at = g_strdup (entry->at);
  return svc_write_order (ctx->service, &write, 200, error);
}

ProcureOrder *
procure_service_order_act (ProcureService             *self,
                           const ProcureUser          *user,
                           const char                 *id,
                           ProcureAction               action,
                           const char                 *if_match,
                           const ProcureActionRequest *request,
                           GError                    **error)
{
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(ProcureHistoryEntry) entry = NULL;
  g_autoptr(GArray) stock = g_array_new (FALSE, TRUE, sizeof (ProcureStockChange));
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sims = NULL;
  ProcurePolicy policy;
  ProcureStatus from, to;
  ActionContext ctx = { self, user, request, NULL, stock, fields, NULL };

  if ((order = svc_order_visible (self, user, id, error)) == NULL
      || (account = self->store->vtable->account_get (self->store, order->account_id, error)) == NULL)
    return NULL;
  procure_policy_from_account (&policy, account);
  if (!check_action (self, user, order, account, &policy, action, if_match, request, error))
    return NULL;

  from = order->status;
  to = procure_lifecycle_next_status (order, &policy, action,
                                      order->approvals->len + (action == PROCURE_ACTION_APPROVE));
  ctx.order = order;
  apply_effects (&ctx, action);
  sims = ctx.sims;
  order->status = to;
  entry = svc_history_entry (self, user, action, from, to, request->comment);
  g_ptr_array_add (order->history, procure_history_entry_copy (entry));
  if (!write_action (&ctx, entry, error))
    return NULL;
  return g_steal_pointer (&order);
}
