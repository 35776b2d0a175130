/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The product catalogue and the accounts: who may read and change them, and
 * what a valid product or account is. Edits (PATCH) merge the request's
 * members over the stored object and then validate the whole result, so a
 * partial update can never leave an invalid object behind.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-http-error.h"
#include "procure-service.h"

/* ---------- helpers ---------- */

static gboolean
require_staff (const ProcureUser *user,
               GError           **error)
{
  if (procure_service_is_staff (user))
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL,
                     "Only the service provider may do this");
  return FALSE;
}

static gboolean
require_admin (const ProcureUser *user,
               GError           **error)
{
  if (user->role == PROCURE_ROLE_ADMIN)
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_FORBIDDEN, NULL,
                     "Only an administrator may do this");
  return FALSE;
}

/* Members see only their own account: anything else does not exist for
 * them (404 before 403). */
static gboolean
account_visible (const ProcureUser *user,
                 const char        *account_id,
                 GError           **error)
{
  if (procure_service_is_staff (user) || g_strcmp0 (user->account_id, account_id) == 0)
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_NOT_FOUND, NULL, "No such account");
  return FALSE;
}

/* A copy of @base with every member of @patch laid over it, except the
 * members named in @ignored (read-only on the wire). */
static JsonNode *
merge_members (JsonNode           *base,
               JsonNode           *patch,
               const char * const *ignored,
               GError            **error)
{
  g_autoptr(JsonNode) merged = json_node_copy (base);
  JsonObject *target = json_node_get_object (merged);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (patch == NULL || !JSON_NODE_HOLDS_OBJECT (patch))
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "The body must be a JSON object");
      return NULL;
    }
  json_object_iter_init (&iter, json_node_get_object (patch));
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_strv_contains (ignored, name))
      json_object_set_member (target, name, json_node_copy (value));
  return g_steal_pointer (&merged);
}

static gboolean
check_text (const char *value,
            gboolean    required,
            gsize       max,
            const char *field,
            GError    **error)
{
  if (required && (value == NULL || *value == '\0'))
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, "%s is required", field);
      return FALSE;
    }
  return procure_validate_length (value, max, field, error);
}

static gboolean
check_range (gint64      value,
             gint64      min,
             gint64      max,
             const char *field,
             GError    **error)
{
  if (value >= min && value <= max)
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                     "%s must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                     field, min, max);
  return FALSE;
}

/* ---------- products ---------- */

static gboolean
validate_features (const ProcureProduct *product,
                   GError              **error)
{
  for (guint i = 0; product->features != NULL && product->features[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("features[%u]", i);

      if (i >= 32)
        {
          procure_set_error (error, PROCURE_ERROR_TOO_LONG, "features", "At most 32 features");
          return FALSE;
        }
      if (!check_text (product->features[i], TRUE, PROCURE_MAX_NAME_LENGTH, field, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_product (const ProcureProduct *product,
                  GError              **error)
{
  if (!check_text (product->code, TRUE, PROCURE_MAX_SHORT_LENGTH, "code", error)
      || !check_text (product->name, TRUE, PROCURE_MAX_NAME_LENGTH, "name", error)
      || !check_text (product->branding, FALSE, PROCURE_MAX_NAME_LENGTH, "branding", error)
      || !check_text (product->description, FALSE, PROCURE_MAX_NOTES_LENGTH, "description", error)
      || !validate_features (product, error))
    return FALSE;
  if (product->form_factor == NULL
      || !g_strv_contains ((const char * const *) procure_form_factors (), product->form_factor))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "form_factor", "Unknown form factor");
      return FALSE;
    }
  if (!procure_currency_code_valid (product->currency))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "currency", "Unknown currency");
      return FALSE;
    }
  return check_range (product->unit_price, 0, G_MAXINT32, "unit_price", error)
      && check_range (product->min_quantity, 1, PROCURE_MAX_QUANTITY, "min_quantity", error)
      && check_range (product->max_quantity, product->min_quantity, PROCURE_MAX_QUANTITY,
                      "max_quantity", error)
      && check_range (product->quantity_multiple, 1, PROCURE_MAX_QUANTITY, "quantity_multiple", error)
      && check_range (product->stock, 0, G_MAXINT32, "stock", error);
}

JsonNode *
procure_service_product_to_json (const ProcureUser    *user,
                                 const ProcureProduct *product)
{
  g_autoptr(JsonNode) node = procure_product_to_json (product);

  /* Which other accounts see a product is the provider's business. */
  if (!procure_service_is_staff (user) && JSON_NODE_HOLDS_OBJECT (node))
    json_object_remove_member (json_node_get_object (node), "account_ids");
  return g_steal_pointer (&node);
}

GPtrArray *
procure_service_products (ProcureService    *self,
                          const ProcureUser *user,
                          GError           **error)
{
  const char *account_id = procure_service_is_staff (user) ? NULL : user->account_id;

  return self->store->vtable->product_list (self->store, account_id, error);
}

static const char * const product_read_only[] = { "id", "account_ids", "updated_at", NULL };

static ProcureProduct *
product_decode (JsonNode *node,
                GError  **error)
{
  ProcureProduct *product = procure_product_from_json (node, PROCURE_JSON_STRICT, NULL, error);

  if (product == NULL)
    return NULL;
  g_clear_pointer (&product->id, g_free);
  g_clear_pointer (&product->updated_at, g_free);
  g_clear_pointer (&product->account_ids, g_strfreev);
  return product;
}

ProcureProduct *
procure_service_product_create (ProcureService    *self,
                                const ProcureUser *user,
                                JsonNode          *body,
                                GError           **error)
{
  g_autoptr(JsonNode) base = procure_node_take_object (json_object_new ());
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(ProcureProduct) product = NULL;

  if (!require_staff (user, error)
      || (merged = merge_members (base, body, product_read_only, error)) == NULL
      || (product = product_decode (merged, error)) == NULL
      || !validate_product (product, error)
      || !self->store->vtable->product_save (self->store, product, error))
    return NULL;
  return g_steal_pointer (&product);
}

ProcureProduct *
procure_service_product_update (ProcureService    *self,
                                const ProcureUser *user,
                                const char        *id,
                                JsonNode          *body,
                                GError           **error)
{
  g_autoptr(ProcureProduct) current = NULL;
  g_autoptr(ProcureProduct) product = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) merged = NULL;

  if (!require_staff (user, error)
      || (current = self->store->vtable->product_get (self->store, id, error)) == NULL)
    return NULL;
  base = procure_product_to_json (current);
  json_object_remove_member (json_node_get_object (base), "account_ids");
  if ((merged = merge_members (base, body, product_read_only, error)) == NULL
      || (product = product_decode (merged, error)) == NULL
      || !validate_product (product, error))
    return NULL;
  product->id = g_strdup (current->id);
  if (!self->store->vtable->product_save (self->store, product, error))
    return NULL;
  return g_steal_pointer (&product);
}

static GStrv
decode_product_ids (JsonNode *body,
                    GError  **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *ids;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body)
      || (ids = json_object_get_member ((object = json_node_get_object (body)), "product_ids")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (ids) || json_object_get_size (object) != 1)
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, "product_ids",
                         "Expected {\"product_ids\": [\"...\"]}");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (ids)); i++)
    {
      JsonNode *id = json_array_get_element (json_node_get_array (ids), i);

      if (json_node_get_value_type (id) != G_TYPE_STRING)
        {
          g_autofree char *field = g_strdup_printf ("product_ids[%u]", i);
          procure_set_error (error, PROCURE_ERROR_MALFORMED, field, "Expected a product id");
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (id));
    }
  return g_strv_builder_end (builder);
}

/* Every product must exist and be priced in the account's currency. */
static gboolean
check_assignable (ProcureService       *self,
                  const ProcureAccount *account,
                  const char * const   *ids,
                  GError              **error)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("product_ids[%u]", i);
      g_autoptr(ProcureProduct) product = self->store->vtable->product_get (self->store, ids[i], NULL);

      if (product == NULL)
        {
          procure_set_error (error, PROCURE_ERROR_INVALID, field, "No such product");
          return FALSE;
        }
      if (g_strcmp0 (product->currency, account->currency) != 0)
        {
          procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, field,
                             "Product %s is priced in %s, the account pays in %s",
                             product->code, product->currency, account->currency);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
procure_service_assign_products (ProcureService    *self,
                                 const ProcureUser *user,
                                 const char        *account_id,
                                 JsonNode          *body,
                                 GError           **error)
{
  g_autoptr(ProcureAccount) account = NULL;
  g_auto(GStrv) ids = NULL;

  if ((account = procure_service_account (self, user, account_id, error)) == NULL
      || !require_staff (user, error)
      || (ids = decode_product_ids (body, error)) == NULL
      || !check_assignable (self, account, (const char * const *) ids, error)
      || !self->store->vtable->product_assign (self->store, account_id,
                                               (const char * const *) ids, error))
    return NULL;
  return self->store->vtable->product_list (self->store, account_id, error);
}

/* ---------- accounts ---------- */

GPtrArray *
procure_service_accounts (ProcureService    *self,
                          const ProcureUser *user,
                          GError           **error)
{
  GPtrArray *list;
  ProcureAccount *own;

  if (procure_service_is_staff (user))
    return self->store->vtable->account_list (self->store, error);
  own = self->store->vtable->account_get (self->store, user->account_id, error);
  if (own == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_account_unref);
  g_ptr_array_add (list, own);
  return list;
}

ProcureAccount *
procure_service_account (ProcureService    *self,
                         const ProcureUser *user,
                         const char        *id,
                         GError           **error)
{
  if (!account_visible (user, id, error))
    return NULL;
  return self->store->vtable->account_get (self->store, id, error);
}

static gboolean
validate_policy (const ProcureAccount *account,
                 GError              **error)
{
  if (account->approval_threshold < -1)
    return check_range (account->approval_threshold, 0, G_MAXINT64, "approval_threshold", error);
  if (account->second_approval_threshold == -1)
    return TRUE;
  if (account->approval_threshold == -1)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "second_approval_threshold",
                         "A second approval needs a first approval threshold");
      return FALSE;
    }
  return check_range (account->second_approval_threshold, account->approval_threshold,
                      G_MAXINT64, "second_approval_threshold", error);
}

static gboolean
validate_settings (const ProcureAccount *account,
                   GError              **error)
{
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    {
      const char *value = account->defaults->values[s];
      g_autofree char *field = g_strdup_printf ("defaults.%s", procure_setting_to_string (s));

      if (!check_text (value, TRUE, PROCURE_MAX_SHORT_LENGTH, field, error))
        return FALSE;
      if (!procure_entitlements_allows (account->entitlements, s, value))
        {
          procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, field,
                             "The default must be one of the entitlements");
          return FALSE;
        }
    }
  return TRUE;
}

/* One more than the highest "adr-N" in @addresses (at least @next). */
static guint
next_address_number (GPtrArray *addresses,
                     guint      next)
{
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      ProcureAddress *address = g_ptr_array_index (addresses, i);
      guint64 n;

      if (address->id != NULL && g_str_has_prefix (address->id, "adr-")
          && g_ascii_string_to_unsigned (address->id + 4, 10, 1, G_MAXUINT - 1, &n, NULL))
        next = MAX (next, (guint) n + 1);
    }
  return next;
}

/* Validates the address book and gives new entries an id; ids of removed
 * entries (in @previous) are never given again. */
static gboolean
validate_addresses (ProcureAccount       *account,
                    const ProcureAccount *previous,
                    GError              **error)
{
  guint next = next_address_number (account->addresses, 1);

  if (previous != NULL)
    next = next_address_number (previous->addresses, next);
  if (account->addresses->len > 50)
    {
      procure_set_error (error, PROCURE_ERROR_TOO_LONG, "addresses", "At most 50 addresses");
      return FALSE;
    }
  for (guint i = 0; i < account->addresses->len; i++)
    {
      ProcureAddress *address = g_ptr_array_index (account->addresses, i);
      g_autofree char *field = g_strdup_printf ("addresses[%u]", i);

      if (!procure_validate_address (address, field, error))
        return FALSE;
      if (address->id == NULL)
        address->id = g_strdup_printf ("adr-%u", next++);
    }
  return TRUE;
}

static gboolean
validate_account (ProcureAccount       *account,
                  const ProcureAccount *previous,
                  GError              **error)
{
  if (!check_text (account->name, TRUE, PROCURE_MAX_NAME_LENGTH, "name", error))
    return FALSE;
  if (!procure_currency_code_valid (account->currency))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "currency", "Unknown currency");
      return FALSE;
    }
  return validate_policy (account, error)
      && validate_settings (account, error)
      && validate_addresses (account, previous, error);
}

static const char * const account_read_only[] = { "id", "updated_at", NULL };

static ProcureAccount *
account_decode (JsonNode *node,
                GError  **error)
{
  ProcureAccount *account = procure_account_from_json (node, PROCURE_JSON_STRICT, NULL, error);

  if (account != NULL)
    g_clear_pointer (&account->updated_at, g_free);
  return account;
}

ProcureAccount *
procure_service_account_create (ProcureService    *self,
                                const ProcureUser *user,
                                JsonNode          *body,
                                GError           **error)
{
  g_autoptr(JsonNode) base = procure_node_take_object (json_object_new ());
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(ProcureAccount) account = NULL;

  if (!require_admin (user, error)
      || (merged = merge_members (base, body, account_read_only, error)) == NULL
      || (account = account_decode (merged, error)) == NULL)
    return NULL;
  g_clear_pointer (&account->id, g_free);
  if (!validate_account (account, NULL, error)
      || !self->store->vtable->account_save (self->store, account, error))
    return NULL;
  return g_steal_pointer (&account);
}

ProcureAccount *
procure_service_account_update (ProcureService    *self,
                                const ProcureUser *user,
                                const char        *id,
                                JsonNode          *body,
                                GError           **error)
{
  g_autoptr(ProcureAccount) current = NULL;
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) merged = NULL;

  if ((current = procure_service_account (self, user, id, error)) == NULL
      || !require_admin (user, error))
    return NULL;
  base = procure_account_to_json (current);
  if ((merged = merge_members (base, body, account_read_only, error)) == NULL
      || (account = account_decode (merged, error)) == NULL)
    return NULL;
  if (g_strcmp0 (account->currency, current->currency) != 0)
    {
      procure_set_error (error, PROCURE_ERROR_NOT_ALLOWED, "currency",
                         "The currency of an account cannot change");
      return NULL;
    }
  g_free (account->id);
  account->id = g_strdup (current->id);
  if (!validate_account (account, current, error)
      || !self->store->vtable->account_save (self->store, account, error))
    return NULL;
  return g_steal_pointer (&account);
}
