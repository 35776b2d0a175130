/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-sim-row.h"

struct _ProcureSimRow
{
  GObject  parent_instance;

  char    *iccid;
  char    *imsi;
  char    *msisdn;
  char    *account_id;
  char    *order_id;
  char    *product_id;
  char    *settings[PROCURE_N_SETTINGS];
};

G_DEFINE_FINAL_TYPE (ProcureSimRow, procure_sim_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ICCID,
  PROP_IMSI,
  PROP_MSISDN,
  PROP_ACCOUNT_ID,
  PROP_ORDER_ID,
  PROP_PRODUCT_ID,
  PROP_SETTING_FIRST,
  N_PROPS = PROP_SETTING_FIRST + PROCURE_N_SETTINGS
};

static GParamSpec *properties[N_PROPS];

static void
procure_sim_row_finalize (GObject *object)
{
  ProcureSimRow *self = PROCURE_SIM_ROW (object);

  g_free (self->iccid);
  g_free (self->imsi);
  g_free (self->msisdn);
  g_free (self->account_id);
  g_free (self->order_id);
  g_free (self->product_id);
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    g_free (self->settings[i]);

  G_OBJECT_CLASS (procure_sim_row_parent_class)->finalize (object);
}

static void
procure_sim_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ProcureSimRow *self = PROCURE_SIM_ROW (object);

  switch (prop_id)
    {
    case PROP_ICCID: g_value_set_string (value, self->iccid); break;
    case PROP_IMSI: g_value_set_string (value, self->imsi); break;
    case PROP_MSISDN: g_value_set_string (value, self->msisdn); break;
    case PROP_ACCOUNT_ID: g_value_set_string (value, self->account_id); break;
    case PROP_ORDER_ID: g_value_set_string (value, self->order_id); break;
    case PROP_PRODUCT_ID: g_value_set_string (value, self->product_id); break;
    default:
      if (prop_id >= PROP_SETTING_FIRST && prop_id < N_PROPS)
        g_value_set_string (value, self->settings[prop_id - PROP_SETTING_FIRST]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_sim_row_class_init (ProcureSimRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  /* Property names of the five settings, in ProcureSetting order. */
  static const char * const setting_props[PROCURE_N_SETTINGS] = {
    "sim-billing-status", "price-plan", "service-profile", "roaming-profile", "apn-group",
  };

  object_class->finalize = procure_sim_row_finalize;
  object_class->get_property = procure_sim_row_get_property;

  properties[PROP_ICCID] = g_param_spec_string ("iccid", NULL, NULL, NULL, flags);
  properties[PROP_IMSI] = g_param_spec_string ("imsi", NULL, NULL, NULL, flags);
  properties[PROP_MSISDN] = g_param_spec_string ("msisdn", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_ID] = g_param_spec_string ("account-id", NULL, NULL, NULL, flags);
  properties[PROP_ORDER_ID] = g_param_spec_string ("order-id", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCT_ID] = g_param_spec_string ("product-id", NULL, NULL, NULL, flags);
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    properties[PROP_SETTING_FIRST + i] = g_param_spec_string (setting_props[i], NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_sim_row_init (ProcureSimRow *self)
{
}

ProcureSimRow *
procure_sim_row_new_from_sim (const ProcureSim *sim)
{
  ProcureSimRow *self;

  g_return_val_if_fail (sim != NULL, NULL);

  self = g_object_new (PROCURE_TYPE_SIM_ROW, NULL);
  self->iccid = g_strdup (sim->iccid);
  self->imsi = g_strdup (sim->imsi);
  self->msisdn = g_strdup (sim->msisdn);
  self->account_id = g_strdup (sim->account_id);
  self->order_id = g_strdup (sim->order_id);
  self->product_id = g_strdup (sim->product_id);
  for (guint i = 0; sim->settings != NULL && i < PROCURE_N_SETTINGS; i++)
    self->settings[i] = g_strdup (sim->settings->values[i]);
  return self;
}

const char *
procure_sim_row_get_iccid (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->iccid;
}

const char *
procure_sim_row_get_imsi (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->imsi;
}

const char *
procure_sim_row_get_msisdn (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->msisdn;
}

const char *
procure_sim_row_get_account_id (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->account_id;
}

const char *
procure_sim_row_get_order_id (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->order_id;
}

const char *
procure_sim_row_get_product_id (ProcureSimRow *self)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  return self->product_id;
}

const char *
procure_sim_row_get_setting (ProcureSimRow  *self,
                             ProcureSetting  setting)
{
  g_return_val_if_fail (PROCURE_IS_SIM_ROW (self), NULL);
  g_return_val_if_fail (setting >= 0 && setting < PROCURE_N_SETTINGS, NULL);
  return self->settings[setting];
}
