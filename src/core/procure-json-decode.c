/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-json-decode.c: JSON to domain types and requests, in strict or
 * lenient mode (see procure-json.h). Encoding and parsing live in
 * procure-json.c.
 */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-error.h"
#include "procure-json.h"

/* ====================================================================== */
/* Decoding                                                               */
/* ====================================================================== */

/* Where a value sits in the document: the caller's prefix at the root, or
 * a member or element of its parent, on the stack. Turned into the string
 * "lines[2].quantity" only when an error names it, so decoding valid input
 * builds no paths at all. */
typedef struct Path Path;
struct Path {
  const Path *parent;   /* NULL at the root */
  const char *member;   /* a member's name; the root's prefix (may be NULL) */
  guint       index;    /* an element's index (member NULL, parent set) */
};

#define ROOT_PATH(prefix) { NULL, (prefix), 0 }
#define MEMBER_PATH(parent, name) { (parent), (name), 0 }
#define ELEMENT_PATH(parent, i) { (parent), NULL, (i) }

/* One object being decoded. Every dec_* call is a no-op once an error has
 * been set, so a decoder reads all its members and checks d->ok once. */
typedef struct {
  JsonObject      *object;
  ProcureJsonMode  mode;
  const Path      *path;
  GError         **error;
  gboolean         ok;
} Decoder;

static char *
member_path (const char *prefix,
             const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

static char *
element_path (const char *prefix,
              guint       index)
{
  return g_strdup_printf ("%s[%u]", prefix != NULL ? prefix : "", index);
}

static char *
path_to_string (const Path *path)
{
  g_autofree char *parent = NULL;

  if (path->parent == NULL)
    return g_strdup (path->member);
  parent = path_to_string (path->parent);
  if (path->member != NULL)
    return member_path (parent, path->member);
  return element_path (parent, path->index);
}

static void
dec_fail (Decoder    *d,
          const char *member,
          const char *message)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  if (!d->ok)
    return;
  base = path_to_string (d->path);
  path = member != NULL ? member_path (base, member) : g_steal_pointer (&base);
  d->ok = FALSE;
  procure_set_error (d->error, PROCURE_ERROR_MALFORMED, path, "%s: %s",
                     path != NULL ? path : "body", message);
}

/* Strict mode: every member must be one of @members. Members mostly come
 * in the order of @members, so the search starts after the last match.
 * The first unknown member in document order is the one named. */
typedef struct {
  Decoder            *d;
  const char * const *members;
  guint               n_members;
  guint               next;
} KnownCheck;

static void
check_known_cb (JsonObject *object,
                const char *name,
                JsonNode   *node,
                gpointer    user_data)
{
  KnownCheck *check = user_data;

  if (!check->d->ok)
    return;
  for (guint k = 0; k < check->n_members; k++)
    {
      guint i = (check->next + k) % check->n_members;

      if (strcmp (check->members[i], name) == 0)
        {
          check->next = i + 1;
          return;
        }
    }
  dec_fail (check->d, name, "unknown member");
}

static gboolean
dec_begin (Decoder            *d,
           JsonNode           *node,
           ProcureJsonMode     mode,
           const Path         *path,
           const char * const *members,
           GError            **error)
{
  *d = (Decoder) { NULL, mode, path, error, TRUE };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      dec_fail (d, NULL, "expected an object");
      return FALSE;
    }
  d->object = json_node_get_object (node);
  if (mode == PROCURE_JSON_STRICT)
    {
      KnownCheck check = { d, members, g_strv_length ((GStrv) members), 0 };

      json_object_foreach_member (d->object, check_known_cb, &check);
    }
  return d->ok;
}

/* The member's node, or NULL if absent, JSON null or after an error. */
static JsonNode *
dec_member (Decoder    *d,
            const char *name)
{
  JsonNode *node;

  if (!d->ok)
    return NULL;
  node = json_object_get_member (d->object, name);
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* For a member that must hold a value when sent: null is a type error
 * (elsewhere null means absent, or "clear" in a PATCH). */
static void
dec_refuse_null (Decoder    *d,
                 const char *name,
                 const char *expected)
{
  JsonNode *node;

  if (d->ok && (node = json_object_get_member (d->object, name)) != NULL && JSON_NODE_HOLDS_NULL (node))
    dec_fail (d, name, expected);
}

/* dec_refuse_null() for each of @names, members that hold a string. */
static void
dec_refuse_null_strings (Decoder            *d,
                         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    dec_refuse_null (d, names[i], "expected a string");
}

static gboolean
dec_has (Decoder    *d,
         const char *name)
{
  return d->ok && json_object_has_member (d->object, name);
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static char *
dec_string (Decoder    *d,
            const char *name)
{
  JsonNode *node = dec_member (d, name);

  if (node == NULL)
    return NULL;
  if (!node_holds (node, G_TYPE_STRING))
    {
      dec_fail (d, name, "expected a string");
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

static gint64
dec_int (Decoder    *d,
         const char *name,
         gint64      absent)
{
  JsonNode *node = dec_member (d, name);

  if (node == NULL)
    return absent;
  if (!node_holds (node, G_TYPE_INT64))
    {
      dec_fail (d, name, "expected an integer");
      return absent;
    }
  return json_node_get_int (node);
}

static gboolean
dec_bool (Decoder    *d,
          const char *name,
          gboolean    absent)
{
  JsonNode *node = dec_member (d, name);

  if (node == NULL)
    return absent;
  if (!node_holds (node, G_TYPE_BOOLEAN))
    {
      dec_fail (d, name, "expected true or false");
      return absent;
    }
  return json_node_get_boolean (node);
}

static JsonArray *
dec_array (Decoder    *d,
           const char *name)
{
  JsonNode *node = dec_member (d, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      dec_fail (d, name, "expected an array");
      return NULL;
    }
  return json_node_get_array (node);
}

/* An array of strings; NULL when absent. */
static GStrv
dec_strv (Decoder    *d,
          const char *name)
{
  JsonArray *array = dec_array (d, name);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_holds (element, G_TYPE_STRING))
        {
          g_autofree char *element_name = element_path (name, i);

          dec_fail (d, element_name, "expected a string");
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static ProcureStatus
dec_status (Decoder    *d,
            const char *name)
{
  g_autofree char *str = dec_string (d, name);
  ProcureStatus status = procure_status_from_string (str);

  if (str != NULL && status == PROCURE_STATUS_INVALID)
    dec_fail (d, name, "unknown status");
  return status;
}

/* Runs @decode on a nested object; NULL when absent or null. */
typedef gpointer (*DecodeFunc) (JsonNode *node, ProcureJsonMode mode, const Path *path, GError **error);

static gpointer
dec_object (Decoder    *d,
            const char *name,
            DecodeFunc  decode)
{
  JsonNode *node = dec_member (d, name);
  Path path = MEMBER_PATH (d->path, name);
  gpointer result;

  if (node == NULL)
    return NULL;
  result = decode (node, d->mode, &path, d->error);
  if (result == NULL)
    d->ok = FALSE;
  return result;
}

/* Decodes every element of an array member into @items. */
static void
dec_items (Decoder    *d,
           const char *name,
           DecodeFunc  decode,
           GPtrArray  *items)
{
  JsonArray *array = dec_array (d, name);
  Path path = MEMBER_PATH (d->path, name);

  for (guint i = 0; array != NULL && d->ok && i < json_array_get_length (array); i++)
    {
      Path item_path = ELEMENT_PATH (&path, i);
      gpointer item = decode (json_array_get_element (array, i), d->mode, &item_path, d->error);

      if (item == NULL)
        d->ok = FALSE;
      else
        g_ptr_array_add (items, item);
    }
}

/* ---------- settings and entitlements ---------- */

static const char * const settings_members[] = {
  "sim_billing_status", "price_plan", "service_profile", "roaming_profile", "apn_group", NULL,
};

static void
dec_settings_into (Decoder         *d,
                   ProcureSettings *settings)
{
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    settings->values[i] = dec_string (d, settings_members[i]);
}

static ProcureSettings *
decode_settings (JsonNode        *node,
                 ProcureJsonMode  mode,
                 const Path      *path,
                 GError         **error)
{
  g_autoptr(ProcureSettings) settings = procure_settings_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, settings_members, error))
    return NULL;
  dec_settings_into (&d, settings);
  return d.ok ? g_steal_pointer (&settings) : NULL;
}

static ProcureEntitlements *
decode_entitlements (JsonNode        *node,
                     ProcureJsonMode  mode,
                     const Path      *path,
                     GError         **error)
{
  g_autoptr(ProcureEntitlements) entitlements = procure_entitlements_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, settings_members, error))
    return NULL;
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      GStrv values = dec_strv (&d, settings_members[i]);

      if (values != NULL)
        {
          g_strfreev (entitlements->values[i]);
          entitlements->values[i] = values;
        }
    }
  return d.ok ? g_steal_pointer (&entitlements) : NULL;
}

/* ---------- address, user, comment ---------- */

static const char * const address_members[] = {
  "id", "name", "company", "street", "city", "postal_code", "region", "country", "phone", NULL,
};

static ProcureAddress *
decode_address (JsonNode        *node,
                ProcureJsonMode  mode,
                const Path      *path,
                GError         **error)
{
  g_autoptr(ProcureAddress) address = procure_address_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, address_members, error))
    return NULL;
  address->id = dec_string (&d, "id");
  address->name = dec_string (&d, "name");
  address->company = dec_string (&d, "company");
  address->street = dec_string (&d, "street");
  address->city = dec_string (&d, "city");
  address->postal_code = dec_string (&d, "postal_code");
  address->region = dec_string (&d, "region");
  address->country = dec_string (&d, "country");
  address->phone = dec_string (&d, "phone");
  return d.ok ? g_steal_pointer (&address) : NULL;
}

static const char * const user_members[] = {
  "id", "login", "name", "role", "account_id", NULL,
};

static ProcureUser *
decode_user (JsonNode        *node,
             ProcureJsonMode  mode,
             const Path      *path,
             GError         **error)
{
  g_autoptr(ProcureUser) user = procure_user_new ();
  g_autofree char *role = NULL;
  Decoder d;

  if (!dec_begin (&d, node, mode, path, user_members, error))
    return NULL;
  user->id = dec_string (&d, "id");
  user->login = dec_string (&d, "login");
  user->name = dec_string (&d, "name");
  role = dec_string (&d, "role");
  user->role = procure_role_from_string (role);
  if (role != NULL && user->role == PROCURE_ROLE_INVALID)
    dec_fail (&d, "role", "unknown role");
  user->account_id = dec_string (&d, "account_id");
  return d.ok ? g_steal_pointer (&user) : NULL;
}

static const char * const comment_members[] = {
  "id", "author_id", "author_name", "at", "body", NULL,
};

static ProcureComment *
decode_comment (JsonNode        *node,
                ProcureJsonMode  mode,
                const Path      *path,
                GError         **error)
{
  g_autoptr(ProcureComment) comment = procure_comment_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, comment_members, error))
    return NULL;
  comment->id = dec_string (&d, "id");
  comment->author_id = dec_string (&d, "author_id");
  comment->author_name = dec_string (&d, "author_name");
  comment->at = dec_string (&d, "at");
  comment->body = dec_string (&d, "body");
  return d.ok ? g_steal_pointer (&comment) : NULL;
}

/* ---------- account ---------- */

static const char * const account_members[] = {
  "id", "name", "currency", "allow_default_override", "approval_threshold",
  "second_approval_threshold", "defaults", "entitlements", "addresses", "updated_at", NULL,
};

static ProcureAccount *
decode_account (JsonNode        *node,
                ProcureJsonMode  mode,
                const Path      *path,
                GError         **error)
{
  g_autoptr(ProcureAccount) account = procure_account_new ();
  ProcureSettings *defaults;
  ProcureEntitlements *entitlements;
  Decoder d;

  if (!dec_begin (&d, node, mode, path, account_members, error))
    return NULL;
  account->id = dec_string (&d, "id");
  account->name = dec_string (&d, "name");
  account->currency = dec_string (&d, "currency");
  account->allow_default_override = dec_bool (&d, "allow_default_override", FALSE);
  account->approval_threshold = dec_int (&d, "approval_threshold", -1);
  account->second_approval_threshold = dec_int (&d, "second_approval_threshold", -1);
  if ((defaults = dec_object (&d, "defaults", (DecodeFunc) decode_settings)) != NULL)
    {
      procure_settings_free (account->defaults);
      account->defaults = defaults;
    }
  if ((entitlements = dec_object (&d, "entitlements", (DecodeFunc) decode_entitlements)) != NULL)
    {
      procure_entitlements_free (account->entitlements);
      account->entitlements = entitlements;
    }
  dec_items (&d, "addresses", (DecodeFunc) decode_address, account->addresses);
  account->updated_at = dec_string (&d, "updated_at");
  return d.ok ? g_steal_pointer (&account) : NULL;
}

/* ---------- product ---------- */

static const char * const product_members[] = {
  "id", "code", "name", "form_factor", "features", "branding", "description", "unit_price",
  "currency", "min_quantity", "max_quantity", "quantity_multiple", "stock", "active",
  "account_ids", "updated_at", NULL,
};

static ProcureProduct *
decode_product (JsonNode        *node,
                ProcureJsonMode  mode,
                const Path      *path,
                GError         **error)
{
  g_autoptr(ProcureProduct) product = procure_product_new ();
  GStrv features;
  Decoder d;

  if (!dec_begin (&d, node, mode, path, product_members, error))
    return NULL;
  product->id = dec_string (&d, "id");
  product->code = dec_string (&d, "code");
  product->name = dec_string (&d, "name");
  product->form_factor = dec_string (&d, "form_factor");
  if ((features = dec_strv (&d, "features")) != NULL)
    {
      g_strfreev (product->features);
      product->features = features;
    }
  product->branding = dec_string (&d, "branding");
  product->description = dec_string (&d, "description");
  product->unit_price = dec_int (&d, "unit_price", 0);
  product->currency = dec_string (&d, "currency");
  product->min_quantity = dec_int (&d, "min_quantity", product->min_quantity);
  product->max_quantity = dec_int (&d, "max_quantity", product->max_quantity);
  product->quantity_multiple = dec_int (&d, "quantity_multiple", product->quantity_multiple);
  product->stock = dec_int (&d, "stock", 0);
  product->active = dec_bool (&d, "active", product->active);
  product->account_ids = dec_strv (&d, "account_ids");
  product->updated_at = dec_string (&d, "updated_at");
  return d.ok ? g_steal_pointer (&product) : NULL;
}

/* ---------- SIM ---------- */

static const char * const sim_members[] = {
  "iccid", "imsi", "msisdn", "account_id", "order_id", "product_id",
  "sim_billing_status", "price_plan", "service_profile", "roaming_profile", "apn_group", NULL,
};

static ProcureSim *
decode_sim (JsonNode        *node,
            ProcureJsonMode  mode,
            const Path      *path,
            GError         **error)
{
  g_autoptr(ProcureSim) sim = procure_sim_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, sim_members, error))
    return NULL;
  sim->iccid = dec_string (&d, "iccid");
  sim->imsi = dec_string (&d, "imsi");
  sim->msisdn = dec_string (&d, "msisdn");
  sim->account_id = dec_string (&d, "account_id");
  sim->order_id = dec_string (&d, "order_id");
  sim->product_id = dec_string (&d, "product_id");
  sim->settings = procure_settings_new ();
  dec_settings_into (&d, sim->settings);
  return d.ok ? g_steal_pointer (&sim) : NULL;
}

/* ---------- order ---------- */

static const char * const line_members[] = {
  "product_id", "quantity", "unit_price", "line_total", "product_code", "product_name", NULL,
};

static ProcureOrderLine *
line_from_json (JsonNode        *node,
                ProcureJsonMode  mode,
                const Path      *path,
                GError         **error)
{
  g_autoptr(ProcureOrderLine) line = procure_order_line_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, line_members, error))
    return NULL;
  line->product_id = dec_string (&d, "product_id");
  line->quantity = dec_int (&d, "quantity", 0);
  line->unit_price = dec_int (&d, "unit_price", 0);
  line->line_total = dec_int (&d, "line_total", 0);
  line->product_code = dec_string (&d, "product_code");
  line->product_name = dec_string (&d, "product_name");
  return d.ok ? g_steal_pointer (&line) : NULL;
}

static const char * const shipment_members[] = {
  "carrier", "tracking_number", "shipped_at", NULL,
};

static ProcureShipment *
shipment_from_json (JsonNode        *node,
                    ProcureJsonMode  mode,
                    const Path      *path,
                    GError         **error)
{
  g_autoptr(ProcureShipment) shipment = procure_shipment_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, shipment_members, error))
    return NULL;
  shipment->carrier = dec_string (&d, "carrier");
  shipment->tracking_number = dec_string (&d, "tracking_number");
  shipment->shipped_at = dec_string (&d, "shipped_at");
  return d.ok ? g_steal_pointer (&shipment) : NULL;
}

static const char * const approval_members[] = { "user_id", "user_name", "at", NULL };

static ProcureApproval *
approval_from_json (JsonNode        *node,
                    ProcureJsonMode  mode,
                    const Path      *path,
                    GError         **error)
{
  g_autoptr(ProcureApproval) approval = procure_approval_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, approval_members, error))
    return NULL;
  approval->user_id = dec_string (&d, "user_id");
  approval->user_name = dec_string (&d, "user_name");
  approval->at = dec_string (&d, "at");
  return d.ok ? g_steal_pointer (&approval) : NULL;
}

static const char * const history_members[] = {
  "actor_id", "actor_name", "at", "action", "from", "to", "comment", NULL,
};

static ProcureHistoryEntry *
history_entry_from_json (JsonNode        *node,
                         ProcureJsonMode  mode,
                         const Path      *path,
                         GError         **error)
{
  g_autoptr(ProcureHistoryEntry) entry = procure_history_entry_new ();
  g_autofree char *action = NULL;
  Decoder d;

  if (!dec_begin (&d, node, mode, path, history_members, error))
    return NULL;
  entry->actor_id = dec_string (&d, "actor_id");
  entry->actor_name = dec_string (&d, "actor_name");
  entry->at = dec_string (&d, "at");
  action = dec_string (&d, "action");
  entry->action = procure_action_from_string (action);
  if (action != NULL && entry->action == PROCURE_ACTION_INVALID)
    dec_fail (&d, "action", "unknown action");
  entry->from = dec_status (&d, "from");
  entry->to = dec_status (&d, "to");
  entry->comment = dec_string (&d, "comment");
  return d.ok ? g_steal_pointer (&entry) : NULL;
}

static const char * const order_members[] = {
  "id", "number", "account_id", "account_name", "status", "version", "created_by",
  "created_by_name", "created_at", "updated_at", "on_behalf", "lines", "currency", "total",
  "shipping_address", "requested_ship_date", "overrides", "effective", "notes", "shipment",
  "sim_count", "approvals", "history", "comments", NULL,
};

static void
dec_order_header (Decoder      *d,
                  ProcureOrder *order)
{
  order->id = dec_string (d, "id");
  order->number = dec_string (d, "number");
  order->account_id = dec_string (d, "account_id");
  order->account_name = dec_string (d, "account_name");
  order->status = dec_status (d, "status");
  if (d->ok && order->status == PROCURE_STATUS_INVALID)
    order->status = PROCURE_STATUS_DRAFT;
  order->version = dec_int (d, "version", 0);
  order->created_by = dec_string (d, "created_by");
  order->created_by_name = dec_string (d, "created_by_name");
  order->created_at = dec_string (d, "created_at");
  order->updated_at = dec_string (d, "updated_at");
  order->on_behalf = dec_bool (d, "on_behalf", FALSE);
}

static void
dec_settings_member (Decoder          *d,
                     const char       *name,
                     ProcureSettings **target)
{
  ProcureSettings *settings = dec_object (d, name, (DecodeFunc) decode_settings);

  if (settings != NULL)
    {
      procure_settings_free (*target);
      *target = settings;
    }
}

static ProcureOrder *
decode_order (JsonNode        *node,
              ProcureJsonMode  mode,
              const Path      *path,
              GError         **error)
{
  g_autoptr(ProcureOrder) order = procure_order_new ();
  Decoder d;

  if (!dec_begin (&d, node, mode, path, order_members, error))
    return NULL;
  dec_order_header (&d, order);
  dec_items (&d, "lines", (DecodeFunc) line_from_json, order->lines);
  order->currency = dec_string (&d, "currency");
  order->total = dec_int (&d, "total", 0);
  order->shipping_address = dec_object (&d, "shipping_address", (DecodeFunc) decode_address);
  order->requested_ship_date = dec_string (&d, "requested_ship_date");
  dec_settings_member (&d, "overrides", &order->overrides);
  dec_settings_member (&d, "effective", &order->effective);
  order->notes = dec_string (&d, "notes");
  order->shipment = dec_object (&d, "shipment", (DecodeFunc) shipment_from_json);
  order->sim_count = dec_int (&d, "sim_count", 0);
  dec_items (&d, "approvals", (DecodeFunc) approval_from_json, order->approvals);
  dec_items (&d, "history", (DecodeFunc) history_entry_from_json, order->history);
  dec_items (&d, "comments", (DecodeFunc) decode_comment, order->comments);
  return d.ok ? g_steal_pointer (&order) : NULL;
}

/* ---------- requests (always strict) ---------- */

static const Path request_root = ROOT_PATH (NULL);

static const char * const login_members[] = { "login", "password", NULL };

ProcureLoginRequest *
procure_login_request_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(ProcureLoginRequest) request = g_new0 (ProcureLoginRequest, 1);
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, &request_root, login_members, error))
    return NULL;
  dec_refuse_null_strings (&d, login_members);
  request->login = dec_string (&d, "login");
  request->password = dec_string (&d, "password");
  return d.ok ? g_steal_pointer (&request) : NULL;
}

static const char * const line_request_members[] = { "product_id", "quantity", NULL };

static ProcureLineRequest *
line_request_from_json (JsonNode        *node,
                        ProcureJsonMode  mode,
                        const Path      *path,
                        GError         **error)
{
  g_autoptr(ProcureLineRequest) line = procure_line_request_new ();
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, path, line_request_members, error))
    return NULL;
  dec_refuse_null (&d, "product_id", "expected a string");
  dec_refuse_null (&d, "quantity", "expected an integer");
  line->product_id = dec_string (&d, "product_id");
  line->quantity = dec_int (&d, "quantity", 0);
  return d.ok ? g_steal_pointer (&line) : NULL;
}

static const char * const order_request_members[] = {
  "account_id", "lines", "shipping_address", "address_id", "requested_ship_date", "overrides",
  "notes", NULL,
};

ProcureOrderRequest *
procure_order_request_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(ProcureOrderRequest) request = procure_order_request_new ();
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, &request_root, order_request_members, error))
    return NULL;
  /* null clears the others in a PATCH; these have nothing to clear */
  dec_refuse_null (&d, "account_id", "expected a string");
  dec_refuse_null (&d, "address_id", "expected a string");
  dec_refuse_null (&d, "lines", "expected an array");
  request->account_id = dec_string (&d, "account_id");
  request->has_lines = dec_has (&d, "lines");
  dec_items (&d, "lines", (DecodeFunc) line_request_from_json, request->lines);
  request->has_shipping_address = dec_has (&d, "shipping_address");
  request->shipping_address = dec_object (&d, "shipping_address", (DecodeFunc) decode_address);
  request->address_id = dec_string (&d, "address_id");
  request->has_requested_ship_date = dec_has (&d, "requested_ship_date");
  request->requested_ship_date = dec_string (&d, "requested_ship_date");
  request->has_overrides = dec_has (&d, "overrides");
  if (request->has_overrides)
    {
      request->overrides = procure_settings_new ();
      dec_settings_member (&d, "overrides", &request->overrides);
    }
  request->has_notes = dec_has (&d, "notes");
  request->notes = dec_string (&d, "notes");
  return d.ok ? g_steal_pointer (&request) : NULL;
}

static const char * const sim_identity_members[] = { "iccid", "imsi", "msisdn", NULL };

static ProcureSim *
sim_identity_from_json (JsonNode        *node,
                        ProcureJsonMode  mode,
                        const Path      *path,
                        GError         **error)
{
  g_autoptr(ProcureSim) sim = procure_sim_new ();
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, path, sim_identity_members, error))
    return NULL;
  dec_refuse_null_strings (&d, sim_identity_members);
  sim->iccid = dec_string (&d, "iccid");
  sim->imsi = dec_string (&d, "imsi");
  sim->msisdn = dec_string (&d, "msisdn");
  return d.ok ? g_steal_pointer (&sim) : NULL;
}

static const char * const action_request_members[] = {
  "comment", "number", "sims", "carrier", "tracking_number", "shipped_at", NULL,
};

ProcureActionRequest *
procure_action_request_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(ProcureActionRequest) request = procure_action_request_new ();
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, &request_root, action_request_members, error))
    return NULL;
  dec_refuse_null_strings (&d, (const char * const[]) { "comment", "number", "carrier",
                                                        "tracking_number", "shipped_at", NULL });
  dec_refuse_null (&d, "sims", "expected an array");
  request->comment = dec_string (&d, "comment");
  request->number = dec_string (&d, "number");
  if (dec_member (&d, "sims") != NULL)
    {
      request->sims = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_sim_free);
      dec_items (&d, "sims", (DecodeFunc) sim_identity_from_json, request->sims);
    }
  request->carrier = dec_string (&d, "carrier");
  request->tracking_number = dec_string (&d, "tracking_number");
  request->shipped_at = dec_string (&d, "shipped_at");
  return d.ok ? g_steal_pointer (&request) : NULL;
}

static const char * const comment_request_members[] = { "body", NULL };

ProcureCommentRequest *
procure_comment_request_from_json (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(ProcureCommentRequest) request = g_new0 (ProcureCommentRequest, 1);
  Decoder d;

  if (!dec_begin (&d, node, PROCURE_JSON_STRICT, &request_root, comment_request_members, error))
    return NULL;
  dec_refuse_null_strings (&d, comment_request_members);
  request->body = dec_string (&d, "body");
  return d.ok ? g_steal_pointer (&request) : NULL;
}

/* ---------- public decoders ---------- */

ProcureSettings *
procure_settings_from_json (JsonNode        *node,
                            ProcureJsonMode  mode,
                            const char      *field,
                            GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_settings (node, mode, &root, error);
}

ProcureEntitlements *
procure_entitlements_from_json (JsonNode        *node,
                                ProcureJsonMode  mode,
                                const char      *field,
                                GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_entitlements (node, mode, &root, error);
}

ProcureAddress *
procure_address_from_json (JsonNode        *node,
                           ProcureJsonMode  mode,
                           const char      *field,
                           GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_address (node, mode, &root, error);
}

ProcureUser *
procure_user_from_json (JsonNode        *node,
                        ProcureJsonMode  mode,
                        const char      *field,
                        GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_user (node, mode, &root, error);
}

ProcureComment *
procure_comment_from_json (JsonNode        *node,
                           ProcureJsonMode  mode,
                           const char      *field,
                           GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_comment (node, mode, &root, error);
}

ProcureAccount *
procure_account_from_json (JsonNode        *node,
                           ProcureJsonMode  mode,
                           const char      *field,
                           GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_account (node, mode, &root, error);
}

ProcureProduct *
procure_product_from_json (JsonNode        *node,
                           ProcureJsonMode  mode,
                           const char      *field,
                           GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_product (node, mode, &root, error);
}

ProcureSim *
procure_sim_from_json (JsonNode        *node,
                       ProcureJsonMode  mode,
                       const char      *field,
                       GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_sim (node, mode, &root, error);
}

ProcureOrder *
procure_order_from_json (JsonNode        *node,
                         ProcureJsonMode  mode,
                         const char      *field,
                         GError         **error)
{
  Path root = ROOT_PATH (field);

  return decode_order (node, mode, &root, error);
}
