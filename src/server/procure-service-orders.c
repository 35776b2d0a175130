/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Orders: create, read, list, edit, comment and SIM inventory. Lifecycle
 * actions are in procure-service-actions.c.
 *
 * Refusals come in the contract's order: 404 (not visible), 403 (the role
 * or relation may never), 409 (not in this status), then 428/412 for
 * If-Match, then 422 for the body.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <unistd.h>

#include "procure-http-error.h"
#include "procure-service-private.h"

/* ---------- shared with the actions file ---------- */

ProcureOrder *
svc_order_visible (ProcureService    *self,
                   const ProcureUser *user,
                   const char        *id,
                   GError           **error)
{
  ProcureActor actor;
  g_autoptr(ProcureOrder) order = self->store->vtable->order_get (self->store, id, error);

  if (order == NULL)
    return NULL;
  procure_service_actor (user, &actor);
  if (!procure_lifecycle_can_see (&actor, order))
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return NULL;
    }
  return g_steal_pointer (&order);
}

gboolean
svc_check_if_match (const ProcureOrder *order,
                    const char         *if_match,
                    GError            **error)
{
  g_autofree char *expected = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", order->version);
  g_autofree char *bare = g_strdup_printf ("%" G_GINT64_FORMAT, order->version);

  if (if_match == NULL)
    {
      procure_http_set_error (error, 428, "Send If-Match with the order's ETag");
      return FALSE;
    }
  if (g_strcmp0 (if_match, expected) != 0 && g_strcmp0 (if_match, bare) != 0
      && g_strcmp0 (if_match, "*") != 0)
    {
      procure_http_set_error (error, 412, "The order has changed since you read it");
      return FALSE;
    }
  return TRUE;
}

static const ProcureProduct *
lookup_product (const char *product_id,
                gpointer    user_data)
{
  return g_hash_table_lookup (user_data, product_id);
}

GHashTable *
svc_assigned_products (ProcureService *self,
                       const char     *account_id,
                       GError        **error)
{
  g_autoptr(GPtrArray) list = self->store->vtable->product_list (self->store, account_id, error);
  GHashTable *table;

  if (list == NULL)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify) procure_product_unref);
  for (guint i = 0; i < list->len; i++)
    {
      ProcureProduct *product = g_ptr_array_index (list, i);
      g_hash_table_insert (table, product->id, procure_product_ref (product));
    }
  return table;
}

gboolean
svc_validate_order (ProcureService       *self,
                    const ProcureOrder   *order,
                    const ProcureAccount *account,
                    GHashTable           *products,
                    gboolean              for_submit,
                    GError              **error)
{
  GDate today;

  procure_service_today (self, &today);
  return procure_validate_order (order, account, lookup_product, products, &today,
                                 for_submit, error);
}

ProcureHistoryEntry *
svc_history_entry (ProcureService    *self,
                   const ProcureUser *user,
                   ProcureAction      action,
                   ProcureStatus      from,
                   ProcureStatus      to,
                   const char        *comment)
{
  ProcureHistoryEntry *entry = procure_history_entry_new ();

  entry->actor_id = g_strdup (user->id);
  entry->actor_name = g_strdup (user->name);
  entry->at = procure_service_now (self);
  entry->action = action;
  entry->from = from;
  entry->to = to;
  entry->comment = g_strdup (comment);
  return entry;
}

gboolean
svc_write_order (ProcureService    *self,
                 ProcureOrderWrite *write,
                 guint              status,
                 GError           **error)
{
  ProcureRetryKey *key = self->retry_key;

  if (key != NULL && !key->recorded)
    {
      write->idem_key = key->key;
      write->idem_user_id = key->user_id;
      write->idem_body_hash = key->body_hash;
      write->idem_status = status;
    }
  if (!self->store->vtable->order_write (self->store, write, error))
    return FALSE;
  if (key != NULL)
    {
      key->recorded = write->idem_key != NULL;
      /* For the crash tests (docs/reliability.md): die at the worst moment,
       * the write committed (its group too) and the answer not yet sent. */
      if (g_getenv ("PROCURE_TEST_CRASH_AFTER_KEYED_WRITE") != NULL)
        {
          procure_store_flush (self->store, NULL);
          _exit (137);
        }
    }
  return TRUE;
}

/* ---------- building an order from a request ---------- */

static gboolean
apply_lines (ProcureOrder              *order,
             const ProcureAccount      *account,
             const ProcureOrderRequest *request,
             GHashTable                *products,
             GError                   **error)
{
  if (request->lines->len > PROCURE_MAX_LINES)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, "lines",
                         "At most %d lines per order", PROCURE_MAX_LINES);
      return FALSE;
    }
  g_ptr_array_set_size (order->lines, 0);
  for (guint i = 0; i < request->lines->len; i++)
    {
      const ProcureLineRequest *wanted = g_ptr_array_index (request->lines, i);
      const ProcureProduct *product = g_hash_table_lookup (products, wanted->product_id ? wanted->product_id : "");
      ProcureOrderLine *line;

      if (product == NULL || g_strcmp0 (product->currency, account->currency) != 0)
        {
          g_autofree char *field = g_strdup_printf ("lines[%u].product_id", i);
          procure_set_error (error, PROCURE_ERROR_INVALID, field,
                             "This product is not available to the account");
          return FALSE;
        }
      line = procure_order_line_new ();
      line->product_id = g_strdup (product->id);
      line->quantity = wanted->quantity;
      line->unit_price = product->unit_price;    /* the catalogue's price, never the client's */
      line->product_code = g_strdup (product->code);
      line->product_name = g_strdup (product->name);
      g_ptr_array_add (order->lines, line);
    }
  return TRUE;
}

static gboolean
apply_address (ProcureOrder              *order,
               const ProcureAccount      *account,
               const ProcureOrderRequest *request,
               GError                   **error)
{
  const ProcureAddress *source = request->shipping_address;

  if (request->address_id != NULL)
    {
      source = procure_account_find_address (account, request->address_id);
      if (source == NULL)
        {
          procure_set_error (error, PROCURE_ERROR_INVALID, "address_id",
                             "No such address in the account's address book");
          return FALSE;
        }
    }
  else if (!request->has_shipping_address)
    return TRUE;
  g_clear_pointer (&order->shipping_address, procure_address_free);
  if (source != NULL)
    {
      order->shipping_address = procure_address_copy (source);
      g_clear_pointer (&order->shipping_address->id, g_free);
    }
  return TRUE;
}

void
svc_resolve_effective (ProcureOrder         *order,
                       const ProcureAccount *account)
{
  procure_settings_free (order->effective);
  order->effective = procure_settings_resolve (order->overrides, account->defaults);
  procure_order_recompute_totals (order);
}

static gboolean
apply_request (ProcureOrder              *order,
               const ProcureAccount      *account,
               const ProcureOrderRequest *request,
               GHashTable                *products,
               GError                   **error)
{
  if (request->has_lines && !apply_lines (order, account, request, products, error))
    return FALSE;
  if (!apply_address (order, account, request, error))
    return FALSE;
  if (request->has_requested_ship_date)
    {
      g_free (order->requested_ship_date);
      order->requested_ship_date = g_strdup (request->requested_ship_date);
    }
  if (request->has_overrides)
    {
      if (!procure_validate_overrides (account, request->overrides, "overrides", error))
        return FALSE;
      procure_settings_free (order->overrides);
      order->overrides = procure_settings_copy (request->overrides);
    }
  if (request->has_notes)
    {
      g_free (order->notes);
      order->notes = g_strdup (request->notes);
    }
  svc_resolve_effective (order, account);
  return TRUE;
}

/* ---------- read ---------- */

ProcureOrder *
procure_service_order (ProcureService    *self,
                       const ProcureUser *user,
                       const char        *id,
                       GError           **error)
{
  return svc_order_visible (self, user, id, error);
}

ProcureStoredOrder *
procure_service_order_doc (ProcureService    *self,
                           const ProcureUser *user,
                           const char        *id,
                           GError           **error)
{
  g_autoptr(ProcureStoredOrder) stored = self->store->vtable->order_doc (self->store, id, error);
  ProcureOrder probe = { 0 };
  ProcureActor actor;

  if (stored == NULL)
    return NULL;
  /* Visibility depends on the order's account only; the lifecycle decides
   * it from an order that carries just that. */
  probe.account_id = stored->account_id;
  procure_service_actor (user, &actor);
  if (!procure_lifecycle_can_see (&actor, &probe))
    {
      procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such order");
      return NULL;
    }
  return g_steal_pointer (&stored);
}

GPtrArray *
procure_service_orders (ProcureService          *self,
                        const ProcureUser       *user,
                        const ProcureOrderQuery *query,
                        char                   **next_cursor,
                        GError                 **error)
{
  ProcureOrderQuery scoped = *query;
  g_autofree char *unused_cursor = NULL;

  /* The store always writes a cursor; a caller may not want it. */
  if (next_cursor == NULL)
    next_cursor = &unused_cursor;
  *next_cursor = NULL;
  if (!procure_service_is_staff (user))
    {
      if (query->account_id != NULL && g_strcmp0 (query->account_id, user->account_id) != 0)
        {
          procure_set_error (error, PROCURE_ERROR_NOT_FOUND, "account_id", "No such account");
          return NULL;
        }
      scoped.account_id = user->account_id;
    }
  if (query->status != NULL && procure_status_from_string (query->status) == PROCURE_STATUS_INVALID)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "status", "Unknown status");
      return NULL;
    }
  return self->store->vtable->order_list (self->store, &scoped, next_cursor, error);
}

GPtrArray *
procure_service_sims (ProcureService        *self,
                      const ProcureUser     *user,
                      const ProcureSimQuery *query,
                      char                 **next_cursor,
                      GError               **error)
{
  ProcureSimQuery scoped = *query;
  g_autofree char *unused_cursor = NULL;

  if (next_cursor == NULL)
    next_cursor = &unused_cursor;
  *next_cursor = NULL;
  if (!procure_service_is_staff (user))
    {
      if (query->account_id != NULL && g_strcmp0 (query->account_id, user->account_id) != 0)
        {
          procure_set_error (error, PROCURE_ERROR_NOT_FOUND, "account_id", "No such account");
          return NULL;
        }
      scoped.account_id = user->account_id;
    }
  if (query->order_id != NULL)
    {
      g_autoptr(ProcureOrder) order = svc_order_visible (self, user, query->order_id, error);
      if (order == NULL)
        return NULL;
    }
  return self->store->vtable->sim_list (self->store, &scoped, next_cursor, error);
}

/* ---------- create ---------- */

static ProcureOrder *
new_order (ProcureService       *self,
           const ProcureUser    *user,
           const ProcureAccount *account)
{
  ProcureOrder *order = procure_order_new ();

  order->account_id = g_strdup (account->id);
  order->account_name = g_strdup (account->name);
  order->status = PROCURE_STATUS_DRAFT;
  order->version = 1;
  order->created_by = g_strdup (user->id);
  order->created_by_name = g_strdup (user->name);
  order->created_at = procure_service_now (self);
  order->updated_at = g_strdup (order->created_at);
  order->on_behalf = user->role == PROCURE_ROLE_AGENT;
  order->currency = g_strdup (account->currency);
  return order;
}

/* The stored first response for a replayed key; a 422 for another body. */
static gboolean
check_idempotency (ProcureService    *self,
                   const ProcureUser *user,
                   const char        *key,
                   const char        *body_hash,
                   char             **replay,
                   GError           **error)
{
  g_autoptr(ProcureIdempotency) record = NULL;
  g_autoptr(GError) local_error = NULL;

  record = self->store->vtable->idempotency_get (self->store, user->id, key, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, PROCURE_ERROR, PROCURE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_strcmp0 (record->body_hash, body_hash) != 0)
    {
      procure_http_set_error (error, 422, "This Idempotency-Key was used with another body");
      return FALSE;
    }
  *replay = g_steal_pointer (&record->response);
  return FALSE;
}

ProcureOrder *
procure_service_order_create (ProcureService            *self,
                              const ProcureUser         *user,
                              const ProcureOrderRequest *request,
                              const char                *idempotency_key,
                              const char                *body_hash,
                              char                     **replay,
                              char                     **doc,
                              GError                   **error)
{
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(GHashTable) products = NULL;
  g_autoptr(ProcureHistoryEntry) created = NULL;
  ProcureOrderWrite write = { 0 };
  const char *account_id;
  ProcureActor actor;

  *replay = NULL;
  procure_service_actor (user, &actor);
  /* Members order for their own account; agents name the account. */
  account_id = request->account_id ? request->account_id : user->account_id;
  if (!procure_lifecycle_can_create (&actor, account_id, error))
    return NULL;
  if (idempotency_key != NULL && !check_idempotency (self, user, idempotency_key, body_hash, replay, error))
    return NULL;
  if ((account = self->store->vtable->account_get (self->store, account_id, error)) == NULL
      || (products = svc_assigned_products (self, account_id, error)) == NULL)
    return NULL;
  order = new_order (self, user, account);
  if (!apply_request (order, account, request, products, error)
      || !svc_validate_order (self, order, account, products, FALSE, error))
    return NULL;
  created = svc_history_entry (self, user, PROCURE_ACTION_INVALID, PROCURE_STATUS_INVALID,
                               PROCURE_STATUS_DRAFT, NULL);
  g_ptr_array_add (order->history, procure_history_entry_copy (created));
  write.order = order;
  write.history = created;
  write.idem_key = idempotency_key;
  write.idem_user_id = user->id;
  write.idem_body_hash = body_hash;
  write.idem_status = 201;
  write.doc_out = doc;
  if (!self->store->vtable->order_write (self->store, &write, error))
    return NULL;
  return g_steal_pointer (&order);
}

/* ---------- edit and comment ---------- */

ProcureOrder *
procure_service_order_update (ProcureService            *self,
                              const ProcureUser         *user,
                              const char                *id,
                              const char                *if_match,
                              const ProcureOrderRequest *request,
                              GError                   **error)
{
  g_autoptr(ProcureOrder) order = NULL;
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(GHashTable) products = NULL;
  ProcureOrderWrite write = { 0 };
  ProcureActor actor;

  procure_service_actor (user, &actor);
  if ((order = svc_order_visible (self, user, id, error)) == NULL
      || !procure_lifecycle_can_edit (&actor, order, error)
      || !svc_check_if_match (order, if_match, error))
    return NULL;
  if (request->account_id != NULL && g_strcmp0 (request->account_id, order->account_id) != 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, "account_id",
                         "An order cannot move to another account");
      return NULL;
    }
  if ((account = self->store->vtable->account_get (self->store, order->account_id, error)) == NULL
      || (products = svc_assigned_products (self, order->account_id, error)) == NULL
      || !apply_request (order, account, request, products, error)
      || !svc_validate_order (self, order, account, products, FALSE, error))
    return NULL;
  write.order = order;
  write.expected_version = order->version++;
  g_free (order->updated_at);
  order->updated_at = procure_service_now (self);
  if (!svc_write_order (self, &write, 200, error))
    return NULL;
  return g_steal_pointer (&order);
}

static gboolean
validate_comment (const ProcureCommentRequest *request,
                  GError                     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (request->body ? request->body : ""));

  if (*stripped == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, "body", "Write a comment");
      return FALSE;
    }
  return procure_validate_length (request->body, PROCURE_MAX_NOTES_LENGTH, "body", error);
}

ProcureOrder *
procure_service_order_comment (ProcureService              *self,
                               const ProcureUser           *user,
                               const char                  *id,
                               const ProcureCommentRequest *request,
                               GError                     **error)
{
  g_autoptr(ProcureOrder) order = NULL;
  ProcureOrderWrite write = { 0 };
  ProcureComment *comment;

  if ((order = svc_order_visible (self, user, id, error)) == NULL
      || !validate_comment (request, error))
    return NULL;
  if (order->comments->len >= 1000)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, "body", "This order has too many comments");
      return NULL;
    }
  comment = procure_comment_new ();
  comment->id = g_strdup_printf ("%s-c%u", order->id, order->comments->len + 1);
  comment->author_id = g_strdup (user->id);
  comment->author_name = g_strdup (user->name);
  comment->at = procure_service_now (self);
  comment->body = g_strdup (request->body);
  g_ptr_array_add (order->comments, comment);
  write.order = order;
  /* A comment keeps the version: it must not make anyone's pending edit or
   * decision stale. The order still moves in /changes through its event. */
  write.expected_version = order->version;
  g_free (order->updated_at);
  order->updated_at = g_strdup (comment->at);
  if (!svc_write_order (self, &write, 201, error))
    return NULL;
  return g_steal_pointer (&order);
}
