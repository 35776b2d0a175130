/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-order-row.h"
#include "procure-order-row-private.h"
#include "procure-money.h"

G_DEFINE_FINAL_TYPE (ProcureOrderRow, procure_order_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_STATUS,
  PROP_STATUS_NAME,
  PROP_STATUS_LABEL,
  PROP_ACCOUNT_ID,
  PROP_ACCOUNT_NAME,
  PROP_CREATED_AT,
  PROP_CREATED_BY,
  PROP_CREATED_BY_NAME,
  PROP_TOTAL,
  PROP_CURRENCY,
  PROP_TOTAL_LABEL,
  PROP_REQUESTED_SHIP_DATE,
  PROP_VERSION,
  PROP_UPDATED_AT,
  PROP_PENDING,
  PROP_INBOX,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
procure_order_row_finalize (GObject *object)
{
  ProcureOrderRow *self = PROCURE_ORDER_ROW (object);

  if (self->registry != NULL)
    {
      /* Only if the entry is ours: a newer row may have replaced it. */
      if (g_hash_table_lookup (self->registry, &self->rowid) == self)
        g_hash_table_remove (self->registry, &self->rowid);
      g_hash_table_unref (self->registry);
    }
  g_free (self->id);
  g_free (self->number);
  g_free (self->account_id);
  g_free (self->account_name);
  g_free (self->created_at);
  g_free (self->created_by);
  g_free (self->created_by_name);
  g_free (self->currency);
  g_free (self->total_label);
  g_free (self->requested_ship_date);
  g_free (self->updated_at);
  g_free (self->search_text);

  G_OBJECT_CLASS (procure_order_row_parent_class)->finalize (object);
}

static void
procure_order_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ProcureOrderRow *self = PROCURE_ORDER_ROW (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_STATUS_NAME: g_value_set_string (value, procure_status_to_string (self->status)); break;
    case PROP_STATUS_LABEL: g_value_set_string (value, procure_order_row_get_status_label (self)); break;
    case PROP_ACCOUNT_ID: g_value_set_string (value, self->account_id); break;
    case PROP_ACCOUNT_NAME: g_value_set_string (value, self->account_name); break;
    case PROP_CREATED_AT: g_value_set_string (value, self->created_at); break;
    case PROP_CREATED_BY: g_value_set_string (value, self->created_by); break;
    case PROP_CREATED_BY_NAME: g_value_set_string (value, self->created_by_name); break;
    case PROP_TOTAL: g_value_set_int64 (value, self->total); break;
    case PROP_CURRENCY: g_value_set_string (value, self->currency); break;
    case PROP_TOTAL_LABEL: g_value_set_string (value, procure_order_row_get_total_label (self)); break;
    case PROP_REQUESTED_SHIP_DATE: g_value_set_string (value, self->requested_ship_date); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    case PROP_UPDATED_AT: g_value_set_string (value, self->updated_at); break;
    case PROP_PENDING: g_value_set_boolean (value, self->pending); break;
    case PROP_INBOX: g_value_set_boolean (value, self->inbox); break;
    case PROP_SEARCH_TEXT: g_value_set_string (value, self->search_text); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
procure_order_row_class_init (ProcureOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = procure_order_row_finalize;
  object_class->get_property = procure_order_row_get_property;

  properties[PROP_ID] = string_prop ("id");
  properties[PROP_NUMBER] = string_prop ("number");
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, PROCURE_STATUS_INVALID,
                                              PROCURE_N_STATUSES, PROCURE_STATUS_DRAFT, flags);
  properties[PROP_STATUS_NAME] = string_prop ("status-name");
  properties[PROP_STATUS_LABEL] = string_prop ("status-label");
  properties[PROP_ACCOUNT_ID] = string_prop ("account-id");
  properties[PROP_ACCOUNT_NAME] = string_prop ("account-name");
  properties[PROP_CREATED_AT] = string_prop ("created-at");
  properties[PROP_CREATED_BY] = string_prop ("created-by");
  properties[PROP_CREATED_BY_NAME] = string_prop ("created-by-name");
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] = string_prop ("currency");
  properties[PROP_TOTAL_LABEL] = string_prop ("total-label");
  properties[PROP_REQUESTED_SHIP_DATE] = string_prop ("requested-ship-date");
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] = string_prop ("updated-at");
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE, flags);
  properties[PROP_INBOX] = g_param_spec_boolean ("inbox", NULL, NULL, FALSE, flags);
  properties[PROP_SEARCH_TEXT] = string_prop ("search-text");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_order_row_init (ProcureOrderRow *self)
{
  self->status = PROCURE_STATUS_DRAFT;
}

ProcureOrderRow *
procure_order_row_new_empty (void)
{
  return g_object_new (PROCURE_TYPE_ORDER_ROW, NULL);
}

ProcureOrderRow *
procure_order_row_new_from_order (const ProcureOrder *order)
{
  ProcureOrderRow *self;

  g_return_val_if_fail (order != NULL, NULL);

  self = procure_order_row_new_empty ();
  self->id = g_strdup (order->id);
  self->number = g_strdup (order->number);
  self->status = order->status;
  self->account_id = g_strdup (order->account_id);
  self->account_name = g_strdup (order->account_name);
  self->created_at = g_strdup (order->created_at);
  self->created_by = g_strdup (order->created_by);
  self->created_by_name = g_strdup (order->created_by_name);
  self->total = order->total;
  self->currency = g_strdup (order->currency);
  self->requested_ship_date = g_strdup (order->requested_ship_date);
  self->version = order->version;
  self->updated_at = g_strdup (order->updated_at);
  self->search_text = procure_order_search_text (order);
  return self;
}

/* Moves *src into *dst; TRUE if the value changed. */
static gboolean
take_string (char **dst,
             char **src)
{
  gboolean changed = g_strcmp0 (*dst, *src) != 0;

  g_free (*dst);
  *dst = g_steal_pointer (src);
  return changed;
}

static void
notify_if (ProcureOrderRow *self,
           gboolean         changed,
           guint            prop)
{
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
procure_order_row_update_from (ProcureOrderRow *self,
                               ProcureOrderRow *src)
{
  gboolean status_changed = self->status != src->status;
  gboolean money_changed = self->total != src->total || g_strcmp0 (self->currency, src->currency) != 0;
  gboolean version_changed = self->version != src->version;
  gboolean inbox_changed = self->inbox != src->inbox;

  g_object_freeze_notify (G_OBJECT (self));
  notify_if (self, take_string (&self->number, &src->number), PROP_NUMBER);
  self->status = src->status;
  notify_if (self, status_changed, PROP_STATUS);
  notify_if (self, status_changed, PROP_STATUS_NAME);
  notify_if (self, status_changed, PROP_STATUS_LABEL);
  notify_if (self, take_string (&self->account_id, &src->account_id), PROP_ACCOUNT_ID);
  notify_if (self, take_string (&self->account_name, &src->account_name), PROP_ACCOUNT_NAME);
  notify_if (self, take_string (&self->created_at, &src->created_at), PROP_CREATED_AT);
  notify_if (self, take_string (&self->created_by, &src->created_by), PROP_CREATED_BY);
  notify_if (self, take_string (&self->created_by_name, &src->created_by_name), PROP_CREATED_BY_NAME);
  self->total = src->total;
  notify_if (self, take_string (&self->currency, &src->currency), PROP_CURRENCY);
  notify_if (self, money_changed, PROP_TOTAL);
  if (money_changed)
    g_clear_pointer (&self->total_label, g_free);
  notify_if (self, money_changed, PROP_TOTAL_LABEL);
  notify_if (self, take_string (&self->requested_ship_date, &src->requested_ship_date),
             PROP_REQUESTED_SHIP_DATE);
  self->version = src->version;
  notify_if (self, version_changed, PROP_VERSION);
  notify_if (self, take_string (&self->updated_at, &src->updated_at), PROP_UPDATED_AT);
  self->inbox = src->inbox;
  notify_if (self, inbox_changed, PROP_INBOX);
  notify_if (self, take_string (&self->search_text, &src->search_text), PROP_SEARCH_TEXT);
  g_object_thaw_notify (G_OBJECT (self));
}

void
procure_order_row_set_pending (ProcureOrderRow *self,
                               gboolean         pending)
{
  g_return_if_fail (PROCURE_IS_ORDER_ROW (self));

  if (self->pending == !!pending)
    return;
  self->pending = !!pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

void
procure_order_row_register (ProcureOrderRow *self,
                             GHashTable      *registry)
{
  g_return_if_fail (PROCURE_IS_ORDER_ROW (self));
  g_return_if_fail (self->registry == NULL);

  /* The table outlives the cache while rows still point at it. */
  self->registry = g_hash_table_ref (registry);
  g_hash_table_replace (registry, &self->rowid, self);
}

const char *
procure_order_row_get_id (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->id;
}

const char *
procure_order_row_get_number (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->number;
}

ProcureStatus
procure_order_row_get_status (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), PROCURE_STATUS_INVALID);
  return self->status;
}

const char *
procure_order_row_get_status_label (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return procure_status_get_label (self->status);
}

const char *
procure_order_row_get_account_id (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->account_id;
}

const char *
procure_order_row_get_account_name (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->account_name;
}

const char *
procure_order_row_get_created_at (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->created_at;
}

const char *
procure_order_row_get_created_by (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->created_by;
}

const char *
procure_order_row_get_created_by_name (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->created_by_name;
}

gint64
procure_order_row_get_total (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), 0);
  return self->total;
}

const char *
procure_order_row_get_currency (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->currency;
}

const char *
procure_order_row_get_total_label (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);

  /* Formatting is locale work; only rows that are shown pay for it. */
  if (self->total_label == NULL && self->currency != NULL)
    self->total_label = procure_money_format (self->total, self->currency);
  return self->total_label;
}

const char *
procure_order_row_get_requested_ship_date (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->requested_ship_date;
}

gint64
procure_order_row_get_version (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), 0);
  return self->version;
}

const char *
procure_order_row_get_updated_at (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->updated_at;
}

gboolean
procure_order_row_get_pending (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), FALSE);
  return self->pending;
}

gboolean
procure_order_row_get_inbox (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), FALSE);
  return self->inbox;
}

const char *
procure_order_row_get_search_text (ProcureOrderRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), NULL);
  return self->search_text;
}

gboolean
procure_order_row_matches (ProcureOrderRow *self,
                           ProcureStatus    status,
                           const char      *account_id,
                           const char      *text)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (PROCURE_IS_ORDER_ROW (self), FALSE);

  if (status != PROCURE_STATUS_INVALID && self->status != status)
    return FALSE;
  if (account_id != NULL && g_strcmp0 (self->account_id, account_id) != 0)
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return self->search_text != NULL && strstr (self->search_text, needle) != NULL;
}

static void
append_word (GString    *haystack,
             const char *word)
{
  if (word == NULL || *word == '\0')
    return;
  if (haystack->len > 0)
    g_string_append_c (haystack, ' ');
  g_string_append (haystack, word);
}

char *
procure_order_search_text (const ProcureOrder *order)
{
  g_autoptr(GString) haystack = g_string_new (NULL);

  g_return_val_if_fail (order != NULL, NULL);

  append_word (haystack, order->number);
  append_word (haystack, order->id);
  append_word (haystack, order->account_name);
  append_word (haystack, order->created_by_name);
  append_word (haystack, order->notes);
  for (guint i = 0; order->lines != NULL && i < order->lines->len; i++)
    {
      const ProcureOrderLine *line = g_ptr_array_index (order->lines, i);
      append_word (haystack, line->product_code);
      append_word (haystack, line->product_name);
    }
  if (order->shipment != NULL)
    append_word (haystack, order->shipment->tracking_number);
  return g_utf8_casefold (haystack->str, -1);
}
