/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-account-row.h"

struct _ProcureAccountRow
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *currency;
};

G_DEFINE_FINAL_TYPE (ProcureAccountRow, procure_account_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
procure_account_row_finalize (GObject *object)
{
  ProcureAccountRow *self = PROCURE_ACCOUNT_ROW (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->currency);

  G_OBJECT_CLASS (procure_account_row_parent_class)->finalize (object);
}

static void
procure_account_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProcureAccountRow *self = PROCURE_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_CURRENCY: g_value_set_string (value, self->currency); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_account_row_class_init (ProcureAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = procure_account_row_finalize;
  object_class->get_property = procure_account_row_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
procure_account_row_init (ProcureAccountRow *self)
{
}

static void
set_string (ProcureAccountRow *self,
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

void
procure_account_row_update (ProcureAccountRow    *self,
                            const ProcureAccount *account)
{
  g_return_if_fail (PROCURE_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account != NULL);

  set_string (self, &self->id, account->id, PROP_ID);
  set_string (self, &self->name, account->name, PROP_NAME);
  set_string (self, &self->currency, account->currency, PROP_CURRENCY);
}

ProcureAccountRow *
procure_account_row_new_from_account (const ProcureAccount *account)
{
  ProcureAccountRow *self = g_object_new (PROCURE_TYPE_ACCOUNT_ROW, NULL);

  procure_account_row_update (self, account);
  return self;
}

const char *
procure_account_row_get_id (ProcureAccountRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ACCOUNT_ROW (self), NULL);
  return self->id;
}

const char *
procure_account_row_get_name (ProcureAccountRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ACCOUNT_ROW (self), NULL);
  return self->name;
}

const char *
procure_account_row_get_currency (ProcureAccountRow *self)
{
  g_return_val_if_fail (PROCURE_IS_ACCOUNT_ROW (self), NULL);
  return self->currency;
}
