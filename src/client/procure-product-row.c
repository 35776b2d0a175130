/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-product-row.h"
#include "procure-money.h"

struct _ProcureProductRow
{
  GObject   parent_instance;

  char     *id;
  char     *code;
  char     *name;
  char     *form_factor;
  char     *features;
  char     *branding;
  gint64    unit_price;
  char     *currency;
  char     *unit_price_label;
  gint64    stock;
  gboolean  active;
};

G_DEFINE_FINAL_TYPE (ProcureProductRow, procure_product_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_FORM_FACTOR,
  PROP_FEATURES,
  PROP_BRANDING,
  PROP_UNIT_PRICE,
  PROP_CURRENCY,
  PROP_UNIT_PRICE_LABEL,
  PROP_STOCK,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
procure_product_row_finalize (GObject *object)
{
  ProcureProductRow *self = PROCURE_PRODUCT_ROW (object);

  g_free (self->id);
  g_free (self->code);
  g_free (self->name);
  g_free (self->form_factor);
  g_free (self->features);
  g_free (self->branding);
  g_free (self->currency);
  g_free (self->unit_price_label);

  G_OBJECT_CLASS (procure_product_row_parent_class)->finalize (object);
}

static void
procure_product_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProcureProductRow *self = PROCURE_PRODUCT_ROW (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_FORM_FACTOR: g_value_set_string (value, self->form_factor); break;
    case PROP_FEATURES: g_value_set_string (value, self->features); break;
    case PROP_BRANDING: g_value_set_string (value, self->branding); break;
    case PROP_UNIT_PRICE: g_value_set_int64 (value, self->unit_price); break;
    case PROP_CURRENCY: g_value_set_string (value, self->currency); break;
    case PROP_UNIT_PRICE_LABEL: g_value_set_string (value, self->unit_price_label); break;
    case PROP_STOCK: g_value_set_int64 (value, self->stock); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_product_row_class_init (ProcureProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = procure_product_row_finalize;
  object_class->get_property = procure_product_row_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FORM_FACTOR] = g_param_spec_string ("form-factor", NULL, NULL, NULL, flags);
  properties[PROP_FEATURES] = g_param_spec_string ("features", NULL, NULL, NULL, flags);
  properties[PROP_BRANDING] = g_param_spec_string ("branding", NULL, NULL, NULL, flags);
  properties[PROP_UNIT_PRICE] = g_param_spec_int64 ("unit-price", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);
  properties[PROP_UNIT_PRICE_LABEL] = g_param_spec_string ("unit-price-label", NULL, NULL, NULL, flags);
  properties[PROP_STOCK] = g_param_spec_int64 ("stock", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_product_row_init (ProcureProductRow *self)
{
}

static void
set_string (ProcureProductRow *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (ProcureProductRow *self,
           gint64            *field,
           gint64             value,
           guint              prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
procure_product_row_update (ProcureProductRow    *self,
                            const ProcureProduct *product)
{
  g_autofree char *features = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (PROCURE_IS_PRODUCT_ROW (self));
  g_return_if_fail (product != NULL);

  features = product->features ? g_strjoinv (", ", product->features) : g_strdup ("");
  label = procure_money_format (product->unit_price, product->currency ? product->currency : "EUR");

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->id, product->id, PROP_ID);
  set_string (self, &self->code, product->code, PROP_CODE);
  set_string (self, &self->name, product->name, PROP_NAME);
  set_string (self, &self->form_factor, product->form_factor, PROP_FORM_FACTOR);
  set_string (self, &self->features, features, PROP_FEATURES);
  set_string (self, &self->branding, product->branding, PROP_BRANDING);
  set_int64 (self, &self->unit_price, product->unit_price, PROP_UNIT_PRICE);
  set_string (self, &self->currency, product->currency, PROP_CURRENCY);
  set_string (self, &self->unit_price_label, label, PROP_UNIT_PRICE_LABEL);
  set_int64 (self, &self->stock, product->stock, PROP_STOCK);
  if (self->active != !!product->active)
    {
      self->active = !!product->active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

ProcureProductRow *
procure_product_row_new_from_product (const ProcureProduct *product)
{
  ProcureProductRow *self = g_object_new (PROCURE_TYPE_PRODUCT_ROW, NULL);

  procure_product_row_update (self, product);
  return self;
}

const char *
procure_product_row_get_id (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->id;
}

const char *
procure_product_row_get_code (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->code;
}

const char *
procure_product_row_get_name (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->name;
}

const char *
procure_product_row_get_form_factor (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->form_factor;
}

const char *
procure_product_row_get_features (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->features;
}

const char *
procure_product_row_get_branding (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->branding;
}

gint64
procure_product_row_get_unit_price (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), 0);
  return self->unit_price;
}

const char *
procure_product_row_get_currency (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->currency;
}

const char *
procure_product_row_get_unit_price_label (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), NULL);
  return self->unit_price_label;
}

gint64
procure_product_row_get_stock (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), 0);
  return self->stock;
}

gboolean
procure_product_row_get_active (ProcureProductRow *self)
{
  g_return_val_if_fail (PROCURE_IS_PRODUCT_ROW (self), FALSE);
  return self->active;
}
