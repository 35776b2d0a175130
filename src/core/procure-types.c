/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "procure-money.h"
#include "procure-types.h"

/* ---------- enumerations ---------- */

static const char * const role_names[] = {
  "purchaser", "approver", "agent", "admin",
};

static const char * const status_names[] = {
  "draft", "pending_approval", "info_requested", "submitted", "rejected",
  "accepted", "provisioning", "ready", "shipped", "closed", "cancelled",
};

static const char * const action_names[] = {
  "submit", "approve", "reject", "request_info", "resubmit", "accept",
  "start", "ready", "ship", "confirm_receipt", "cancel", "reopen",
};

static const char * const setting_names[] = {
  "sim_billing_status", "price_plan", "service_profile", "roaming_profile",
  "apn_group",
};

static const char * const role_labels[] = {
  N_("Purchaser"), N_("Approver"), N_("Agent"), N_("Administrator"),
};

static const char * const status_labels[] = {
  N_("Draft"), N_("Pending Approval"), N_("Information Requested"),
  N_("Submitted"), N_("Rejected"), N_("Accepted"), N_("Provisioning"),
  N_("Ready"), N_("Shipped"), N_("Closed"), N_("Cancelled"),
};

static const char * const action_labels[] = {
  N_("Submit"), N_("Approve"), N_("Reject"), N_("Request Information"),
  N_("Resubmit"), N_("Accept"), N_("Start Provisioning"), N_("Mark Ready"),
  N_("Ship"), N_("Confirm Receipt"), N_("Cancel"), N_("Reopen"),
};

static const char * const setting_labels[] = {
  N_("SIM Billing Status"), N_("Price Plan"), N_("Service Profile"),
  N_("Roaming Profile"), N_("APN Group"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (role_names) == PROCURE_N_ROLES);
G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == PROCURE_N_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (action_names) == PROCURE_N_ACTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (setting_names) == PROCURE_N_SETTINGS);
G_STATIC_ASSERT (G_N_ELEMENTS (role_labels) == PROCURE_N_ROLES);
G_STATIC_ASSERT (G_N_ELEMENTS (status_labels) == PROCURE_N_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (action_labels) == PROCURE_N_ACTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (setting_labels) == PROCURE_N_SETTINGS);

static const char *
name_at (const char * const *names,
         guint               n_names,
         int                 value)
{
  if (value < 0 || (guint) value >= n_names)
    return NULL;
  return names[value];
}

static int
index_of (const char * const *names,
          guint               n_names,
          const char         *str)
{
  if (str == NULL)
    return -1;
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], str))
      return (int) i;
  return -1;
}

static const char *
label_at (const char * const *labels,
          guint               n_labels,
          int                 value)
{
  const char *label = name_at (labels, n_labels, value);

  return label != NULL ? g_dgettext (GETTEXT_PACKAGE, label) : "";
}

const char *
procure_role_to_string (ProcureRole role)
{
  return name_at (role_names, G_N_ELEMENTS (role_names), role);
}

ProcureRole
procure_role_from_string (const char *str)
{
  return index_of (role_names, G_N_ELEMENTS (role_names), str);
}

const char *
procure_status_to_string (ProcureStatus status)
{
  return name_at (status_names, G_N_ELEMENTS (status_names), status);
}

ProcureStatus
procure_status_from_string (const char *str)
{
  return index_of (status_names, G_N_ELEMENTS (status_names), str);
}

const char *
procure_action_to_string (ProcureAction action)
{
  return name_at (action_names, G_N_ELEMENTS (action_names), action);
}

ProcureAction
procure_action_from_string (const char *str)
{
  return index_of (action_names, G_N_ELEMENTS (action_names), str);
}

const char *
procure_setting_to_string (ProcureSetting setting)
{
  return name_at (setting_names, G_N_ELEMENTS (setting_names), setting);
}

int
procure_setting_from_string (const char *str)
{
  return index_of (setting_names, G_N_ELEMENTS (setting_names), str);
}

const char *
procure_status_get_label (ProcureStatus status)
{
  return label_at (status_labels, G_N_ELEMENTS (status_labels), status);
}

const char *
procure_action_get_label (ProcureAction action)
{
  return label_at (action_labels, G_N_ELEMENTS (action_labels), action);
}

const char *
procure_role_get_label (ProcureRole role)
{
  return label_at (role_labels, G_N_ELEMENTS (role_labels), role);
}

const char *
procure_setting_get_label (ProcureSetting setting)
{
  return label_at (setting_labels, G_N_ELEMENTS (setting_labels), setting);
}

gboolean
procure_status_is_final (ProcureStatus status)
{
  return status == PROCURE_STATUS_CLOSED || status == PROCURE_STATUS_CANCELLED;
}

/* ---------- settings and entitlements ---------- */

ProcureSettings *
procure_settings_new (void)
{
  return g_new0 (ProcureSettings, 1);
}

ProcureSettings *
procure_settings_copy (const ProcureSettings *self)
{
  ProcureSettings *copy;

  if (self == NULL)
    return NULL;

  copy = procure_settings_new ();
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  return copy;
}

void
procure_settings_free (ProcureSettings *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    g_free (self->values[i]);
  g_free (self);
}

void
procure_settings_set (ProcureSettings *self,
                      ProcureSetting   setting,
                      const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) setting < PROCURE_N_SETTINGS);

  g_free (self->values[setting]);
  self->values[setting] = g_strdup (value);
}

gboolean
procure_settings_equal (const ProcureSettings *a,
                        const ProcureSettings *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    if (g_strcmp0 (a->values[i], b->values[i]) != 0)
      return FALSE;
  return TRUE;
}

ProcureSettings *
procure_settings_resolve (const ProcureSettings *overrides,
                          const ProcureSettings *defaults)
{
  ProcureSettings *effective = procure_settings_new ();

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      const char *value = overrides != NULL ? overrides->values[i] : NULL;

      if (value == NULL && defaults != NULL)
        value = defaults->values[i];
      effective->values[i] = g_strdup (value);
    }
  return effective;
}

ProcureEntitlements *
procure_entitlements_new (void)
{
  ProcureEntitlements *self = g_new0 (ProcureEntitlements, 1);

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    self->values[i] = g_new0 (char *, 1);
  return self;
}

ProcureEntitlements *
procure_entitlements_copy (const ProcureEntitlements *self)
{
  ProcureEntitlements *copy;

  if (self == NULL)
    return NULL;

  copy = g_new0 (ProcureEntitlements, 1);
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    copy->values[i] = self->values[i] != NULL ? g_strdupv (self->values[i]) : g_new0 (char *, 1);
  return copy;
}

void
procure_entitlements_free (ProcureEntitlements *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    g_strfreev (self->values[i]);
  g_free (self);
}

gboolean
procure_entitlements_allows (const ProcureEntitlements *self,
                             ProcureSetting             setting,
                             const char                *value)
{
  g_return_val_if_fail ((guint) setting < PROCURE_N_SETTINGS, FALSE);

  if (self == NULL || value == NULL || self->values[setting] == NULL)
    return FALSE;
  return g_strv_contains ((const char * const *) self->values[setting], value);
}

/* ---------- address ---------- */

ProcureAddress *
procure_address_new (void)
{
  return g_new0 (ProcureAddress, 1);
}

ProcureAddress *
procure_address_copy (const ProcureAddress *self)
{
  ProcureAddress *copy;

  if (self == NULL)
    return NULL;

  copy = procure_address_new ();
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->company = g_strdup (self->company);
  copy->street = g_strdup (self->street);
  copy->city = g_strdup (self->city);
  copy->postal_code = g_strdup (self->postal_code);
  copy->region = g_strdup (self->region);
  copy->country = g_strdup (self->country);
  copy->phone = g_strdup (self->phone);
  return copy;
}

void
procure_address_free (ProcureAddress *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->name);
  g_free (self->company);
  g_free (self->street);
  g_free (self->city);
  g_free (self->postal_code);
  g_free (self->region);
  g_free (self->country);
  g_free (self->phone);
  g_free (self);
}

gboolean
procure_address_equal (const ProcureAddress *a,
                       const ProcureAddress *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->company, b->company) == 0 &&
         g_strcmp0 (a->street, b->street) == 0 &&
         g_strcmp0 (a->city, b->city) == 0 &&
         g_strcmp0 (a->postal_code, b->postal_code) == 0 &&
         g_strcmp0 (a->region, b->region) == 0 &&
         g_strcmp0 (a->country, b->country) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0;
}

/* ---------- user ---------- */

ProcureUser *
procure_user_new (void)
{
  ProcureUser *self = g_new0 (ProcureUser, 1);

  self->role = PROCURE_ROLE_INVALID;
  return self;
}

ProcureUser *
procure_user_copy (const ProcureUser *self)
{
  ProcureUser *copy;

  if (self == NULL)
    return NULL;

  copy = procure_user_new ();
  copy->id = g_strdup (self->id);
  copy->login = g_strdup (self->login);
  copy->name = g_strdup (self->name);
  copy->role = self->role;
  copy->account_id = g_strdup (self->account_id);
  return copy;
}

void
procure_user_free (ProcureUser *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->login);
  g_free (self->name);
  g_free (self->account_id);
  g_free (self);
}

/* ---------- account ---------- */

/* The reference-counted structs keep their count in a hidden header
 * (g_atomic_rc_box), so their public layout stays plain. */

ProcureAccount *
procure_account_new (void)
{
  ProcureAccount *self = g_atomic_rc_box_new0 (ProcureAccount);

  self->approval_threshold = -1;
  self->second_approval_threshold = -1;
  self->defaults = procure_settings_new ();
  self->entitlements = procure_entitlements_new ();
  self->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_address_free);
  return self;
}

ProcureAccount *
procure_account_ref (ProcureAccount *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
account_clear (ProcureAccount *self)
{
  g_free (self->id);
  g_free (self->name);
  g_free (self->currency);
  procure_settings_free (self->defaults);
  procure_entitlements_free (self->entitlements);
  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_free (self->updated_at);
}

void
procure_account_unref (ProcureAccount *self)
{
  if (self == NULL)
    return;

  g_atomic_rc_box_release_full (self, (GDestroyNotify) account_clear);
}

ProcureAccount *
procure_account_copy (const ProcureAccount *self)
{
  ProcureAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = procure_account_new ();
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->currency = g_strdup (self->currency);
  copy->allow_default_override = self->allow_default_override;
  copy->approval_threshold = self->approval_threshold;
  copy->second_approval_threshold = self->second_approval_threshold;
  procure_settings_free (copy->defaults);
  copy->defaults = procure_settings_copy (self->defaults);
  procure_entitlements_free (copy->entitlements);
  copy->entitlements = procure_entitlements_copy (self->entitlements);
  for (guint i = 0; self->addresses != NULL && i < self->addresses->len; i++)
    g_ptr_array_add (copy->addresses, procure_address_copy (g_ptr_array_index (self->addresses, i)));
  copy->updated_at = g_strdup (self->updated_at);
  return copy;
}

const ProcureAddress *
procure_account_find_address (const ProcureAccount *self,
                              const char           *address_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (address_id == NULL || self->addresses == NULL)
    return NULL;

  for (guint i = 0; i < self->addresses->len; i++)
    {
      const ProcureAddress *address = g_ptr_array_index (self->addresses, i);

      if (g_strcmp0 (address->id, address_id) == 0)
        return address;
    }
  return NULL;
}

/* ---------- SIM sales product ---------- */

ProcureProduct *
procure_product_new (void)
{
  ProcureProduct *self = g_atomic_rc_box_new0 (ProcureProduct);

  self->features = g_new0 (char *, 1);
  self->min_quantity = 1;
  self->max_quantity = 0;
  self->quantity_multiple = 1;
  self->active = TRUE;
  return self;
}

ProcureProduct *
procure_product_ref (ProcureProduct *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
product_clear (ProcureProduct *self)
{
  g_free (self->id);
  g_free (self->code);
  g_free (self->name);
  g_free (self->form_factor);
  g_strfreev (self->features);
  g_free (self->branding);
  g_free (self->description);
  g_free (self->currency);
  g_strfreev (self->account_ids);
  g_free (self->updated_at);
}

void
procure_product_unref (ProcureProduct *self)
{
  if (self == NULL)
    return;

  g_atomic_rc_box_release_full (self, (GDestroyNotify) product_clear);
}

ProcureProduct *
procure_product_copy (const ProcureProduct *self)
{
  ProcureProduct *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = procure_product_new ();
  copy->id = g_strdup (self->id);
  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->form_factor = g_strdup (self->form_factor);
  g_strfreev (copy->features);
  copy->features = g_strdupv (self->features);
  copy->branding = g_strdup (self->branding);
  copy->description = g_strdup (self->description);
  copy->unit_price = self->unit_price;
  copy->currency = g_strdup (self->currency);
  copy->min_quantity = self->min_quantity;
  copy->max_quantity = self->max_quantity;
  copy->quantity_multiple = self->quantity_multiple;
  copy->stock = self->stock;
  copy->active = self->active;
  copy->account_ids = g_strdupv (self->account_ids);
  copy->updated_at = g_strdup (self->updated_at);
  return copy;
}

const char * const *
procure_form_factors (void)
{
  static const char * const form_factors[] = {
    "2FF", "3FF", "4FF", "triple-cut", "MFF2", "eSIM", NULL,
  };

  return form_factors;
}

/* ---------- order parts ---------- */

ProcureOrderLine *
procure_order_line_new (void)
{
  return g_new0 (ProcureOrderLine, 1);
}

ProcureOrderLine *
procure_order_line_copy (const ProcureOrderLine *self)
{
  ProcureOrderLine *copy;

  if (self == NULL)
    return NULL;

  copy = procure_order_line_new ();
  copy->product_id = g_strdup (self->product_id);
  copy->quantity = self->quantity;
  copy->unit_price = self->unit_price;
  copy->line_total = self->line_total;
  copy->product_code = g_strdup (self->product_code);
  copy->product_name = g_strdup (self->product_name);
  return copy;
}

void
procure_order_line_free (ProcureOrderLine *self)
{
  if (self == NULL)
    return;

  g_free (self->product_id);
  g_free (self->product_code);
  g_free (self->product_name);
  g_free (self);
}

ProcureShipment *
procure_shipment_new (void)
{
  return g_new0 (ProcureShipment, 1);
}

ProcureShipment *
procure_shipment_copy (const ProcureShipment *self)
{
  ProcureShipment *copy;

  if (self == NULL)
    return NULL;

  copy = procure_shipment_new ();
  copy->carrier = g_strdup (self->carrier);
  copy->tracking_number = g_strdup (self->tracking_number);
  copy->shipped_at = g_strdup (self->shipped_at);
  return copy;
}

void
procure_shipment_free (ProcureShipment *self)
{
  if (self == NULL)
    return;

  g_free (self->carrier);
  g_free (self->tracking_number);
  g_free (self->shipped_at);
  g_free (self);
}

ProcureApproval *
procure_approval_new (void)
{
  return g_new0 (ProcureApproval, 1);
}

ProcureApproval *
procure_approval_copy (const ProcureApproval *self)
{
  ProcureApproval *copy;

  if (self == NULL)
    return NULL;

  copy = procure_approval_new ();
  copy->user_id = g_strdup (self->user_id);
  copy->user_name = g_strdup (self->user_name);
  copy->at = g_strdup (self->at);
  return copy;
}

void
procure_approval_free (ProcureApproval *self)
{
  if (self == NULL)
    return;

  g_free (self->user_id);
  g_free (self->user_name);
  g_free (self->at);
  g_free (self);
}

ProcureHistoryEntry *
procure_history_entry_new (void)
{
  ProcureHistoryEntry *self = g_new0 (ProcureHistoryEntry, 1);

  self->action = PROCURE_ACTION_INVALID;
  self->from = PROCURE_STATUS_INVALID;
  self->to = PROCURE_STATUS_INVALID;
  return self;
}

ProcureHistoryEntry *
procure_history_entry_copy (const ProcureHistoryEntry *self)
{
  ProcureHistoryEntry *copy;

  if (self == NULL)
    return NULL;

  copy = procure_history_entry_new ();
  copy->actor_id = g_strdup (self->actor_id);
  copy->actor_name = g_strdup (self->actor_name);
  copy->at = g_strdup (self->at);
  copy->action = self->action;
  copy->from = self->from;
  copy->to = self->to;
  copy->comment = g_strdup (self->comment);
  return copy;
}

void
procure_history_entry_free (ProcureHistoryEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->actor_id);
  g_free (self->actor_name);
  g_free (self->at);
  g_free (self->comment);
  g_free (self);
}

ProcureComment *
procure_comment_new (void)
{
  return g_new0 (ProcureComment, 1);
}

ProcureComment *
procure_comment_copy (const ProcureComment *self)
{
  ProcureComment *copy;

  if (self == NULL)
    return NULL;

  copy = procure_comment_new ();
  copy->id = g_strdup (self->id);
  copy->author_id = g_strdup (self->author_id);
  copy->author_name = g_strdup (self->author_name);
  copy->at = g_strdup (self->at);
  copy->body = g_strdup (self->body);
  return copy;
}

void
procure_comment_free (ProcureComment *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->author_id);
  g_free (self->author_name);
  g_free (self->at);
  g_free (self->body);
  g_free (self);
}

/* ---------- order ---------- */

ProcureOrder *
procure_order_new (void)
{
  ProcureOrder *self = g_atomic_rc_box_new0 (ProcureOrder);

  self->status = PROCURE_STATUS_DRAFT;
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_order_line_free);
  self->overrides = procure_settings_new ();
  self->effective = procure_settings_new ();
  self->approvals = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_approval_free);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_history_entry_free);
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_comment_free);
  return self;
}

ProcureOrder *
procure_order_ref (ProcureOrder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
order_clear (ProcureOrder *self)
{
  g_free (self->id);
  g_free (self->number);
  g_free (self->account_id);
  g_free (self->account_name);
  g_free (self->created_by);
  g_free (self->created_by_name);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self->currency);
  procure_address_free (self->shipping_address);
  g_free (self->requested_ship_date);
  procure_settings_free (self->overrides);
  procure_settings_free (self->effective);
  g_free (self->notes);
  procure_shipment_free (self->shipment);
  g_clear_pointer (&self->approvals, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
}

void
procure_order_unref (ProcureOrder *self)
{
  if (self == NULL)
    return;

  g_atomic_rc_box_release_full (self, (GDestroyNotify) order_clear);
}

static void
copy_array_into (GPtrArray   *dest,
                 GPtrArray   *src,
                 GCopyFunc    copy_func)
{
  if (src == NULL)
    return;
  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dest, copy_func (g_ptr_array_index (src, i), NULL));
}

ProcureOrder *
procure_order_copy (const ProcureOrder *self)
{
  ProcureOrder *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = procure_order_new ();
  copy->id = g_strdup (self->id);
  copy->number = g_strdup (self->number);
  copy->account_id = g_strdup (self->account_id);
  copy->account_name = g_strdup (self->account_name);
  copy->status = self->status;
  copy->version = self->version;
  copy->created_by = g_strdup (self->created_by);
  copy->created_by_name = g_strdup (self->created_by_name);
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);
  copy->on_behalf = self->on_behalf;
  copy_array_into (copy->lines, self->lines, (GCopyFunc) procure_order_line_copy);
  copy->currency = g_strdup (self->currency);
  copy->total = self->total;
  copy->shipping_address = procure_address_copy (self->shipping_address);
  copy->requested_ship_date = g_strdup (self->requested_ship_date);
  procure_settings_free (copy->overrides);
  copy->overrides = self->overrides != NULL ? procure_settings_copy (self->overrides) : procure_settings_new ();
  procure_settings_free (copy->effective);
  copy->effective = self->effective != NULL ? procure_settings_copy (self->effective) : procure_settings_new ();
  copy->notes = g_strdup (self->notes);
  copy->shipment = procure_shipment_copy (self->shipment);
  copy->sim_count = self->sim_count;
  copy_array_into (copy->approvals, self->approvals, (GCopyFunc) procure_approval_copy);
  copy_array_into (copy->history, self->history, (GCopyFunc) procure_history_entry_copy);
  copy_array_into (copy->comments, self->comments, (GCopyFunc) procure_comment_copy);
  return copy;
}

gint64
procure_order_get_sim_quantity (const ProcureOrder *self)
{
  gint64 sum = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    {
      const ProcureOrderLine *line = g_ptr_array_index (self->lines, i);

      if (!procure_money_add (sum, line->quantity, &sum))
        return G_MAXINT64;
    }
  return sum;
}

/* Amounts that would overflow saturate at G_MAXINT64; the validators refuse
 * orders whose total does not fit long before that. */
void
procure_order_recompute_totals (ProcureOrder *self)
{
  gint64 total = 0;
  gboolean overflow = FALSE;

  g_return_if_fail (self != NULL);

  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (self->lines, i);

      if (!procure_money_mul (line->quantity, line->unit_price, &line->line_total))
        {
          line->line_total = G_MAXINT64;
          overflow = TRUE;
        }
      if (!overflow && !procure_money_add (total, line->line_total, &total))
        overflow = TRUE;
    }
  self->total = overflow ? G_MAXINT64 : total;
}

gboolean
procure_order_has_approval_by (const ProcureOrder *self,
                               const char         *user_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; user_id != NULL && self->approvals != NULL && i < self->approvals->len; i++)
    {
      const ProcureApproval *approval = g_ptr_array_index (self->approvals, i);

      if (g_strcmp0 (approval->user_id, user_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---------- SIM ---------- */

ProcureSim *
procure_sim_new (void)
{
  return g_new0 (ProcureSim, 1);
}

ProcureSim *
procure_sim_copy (const ProcureSim *self)
{
  ProcureSim *copy;

  if (self == NULL)
    return NULL;

  copy = procure_sim_new ();
  copy->iccid = g_strdup (self->iccid);
  copy->imsi = g_strdup (self->imsi);
  copy->msisdn = g_strdup (self->msisdn);
  copy->account_id = g_strdup (self->account_id);
  copy->order_id = g_strdup (self->order_id);
  copy->product_id = g_strdup (self->product_id);
  copy->settings = procure_settings_copy (self->settings);
  return copy;
}

void
procure_sim_free (ProcureSim *self)
{
  if (self == NULL)
    return;

  g_free (self->iccid);
  g_free (self->imsi);
  g_free (self->msisdn);
  g_free (self->account_id);
  g_free (self->order_id);
  g_free (self->product_id);
  procure_settings_free (self->settings);
  g_free (self);
}

/* ---------- boxed types ---------- */

G_DEFINE_BOXED_TYPE (ProcureAccount, procure_account, procure_account_ref, procure_account_unref)
G_DEFINE_BOXED_TYPE (ProcureProduct, procure_product, procure_product_ref, procure_product_unref)
G_DEFINE_BOXED_TYPE (ProcureOrder, procure_order, procure_order_ref, procure_order_unref)
G_DEFINE_BOXED_TYPE (ProcureUser, procure_user, procure_user_copy, procure_user_free)
G_DEFINE_BOXED_TYPE (ProcureSim, procure_sim, procure_sim_copy, procure_sim_free)
