/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-overrides-section.h"
#include "procure-widgets.h"

struct _ProcureOverridesSection
{
  AdwPreferencesGroup  parent_instance;

  ProcureAccount      *account;
  GtkWidget           *rows[PROCURE_N_SETTINGS];   /* AdwComboRow, NULL when hidden */

  AdwExpanderRow      *overrides_row;
};

G_DEFINE_FINAL_TYPE (ProcureOverridesSection, procure_overrides_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------- helpers ---------- */

/* "Account default (VALUE)" first, then the entitled values. */
static GtkStringList *
override_choices (const ProcureAccount *account,
                  ProcureSetting        setting)
{
  GtkStringList *choices = gtk_string_list_new (NULL);
  g_autofree char *default_label = g_strdup_printf (_("Account default (%s)"),
                                                    account->defaults->values[setting]);
  GStrv values = account->entitlements->values[setting];

  gtk_string_list_append (choices, default_label);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    gtk_string_list_append (choices, values[i]);
  return choices;
}

static void
clear_rows (ProcureOverridesSection *self)
{
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    if (self->rows[s] != NULL)
      {
        adw_expander_row_remove (self->overrides_row, self->rows[s]);
        self->rows[s] = NULL;
      }
}

static void
on_row_selected (ProcureOverridesSection *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static GtkWidget *
build_row (ProcureOverridesSection *self,
           ProcureSetting           setting)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) choices = override_choices (self->account, setting);
  g_autofree char *subtitle = g_strdup_printf (_("Default: %s"),
                                               self->account->defaults->values[setting]);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), procure_setting_get_label (setting));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  procure_combo_row_show_full_values (ADW_COMBO_ROW (row));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  procure_set_accessible_label (row, procure_setting_get_label (setting));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_row_selected), self);
  return row;
}

/* ---------- GObject ---------- */

static void
procure_overrides_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PROCURE_TYPE_OVERRIDES_SECTION);

  G_OBJECT_CLASS (procure_overrides_section_parent_class)->dispose (object);
}

static void
procure_overrides_section_finalize (GObject *object)
{
  ProcureOverridesSection *self = PROCURE_OVERRIDES_SECTION (object);

  g_clear_pointer (&self->account, procure_account_unref);

  G_OBJECT_CLASS (procure_overrides_section_parent_class)->finalize (object);
}

static void
procure_overrides_section_class_init (ProcureOverridesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_overrides_section_dispose;
  object_class->finalize = procure_overrides_section_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-overrides-section.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureOverridesSection, overrides_row);
}

static void
procure_overrides_section_init (ProcureOverridesSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---------- public API ---------- */

void
procure_overrides_section_set_account (ProcureOverridesSection *self,
                                       ProcureAccount          *account)
{
  gboolean allowed = account != NULL && account->allow_default_override;

  g_return_if_fail (PROCURE_IS_OVERRIDES_SECTION (self));

  clear_rows (self);
  g_clear_pointer (&self->account, procure_account_unref);
  self->account = account != NULL ? procure_account_ref (account) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), allowed);
  if (!allowed)
    return;
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    {
      self->rows[s] = build_row (self, s);
      adw_expander_row_add_row (self->overrides_row, self->rows[s]);
    }
}

const char *
procure_overrides_section_get_value (ProcureOverridesSection *self,
                                     ProcureSetting           setting)
{
  guint selected;
  GStrv values;

  g_return_val_if_fail (PROCURE_IS_OVERRIDES_SECTION (self), NULL);
  g_return_val_if_fail (setting < PROCURE_N_SETTINGS, NULL);

  if (self->rows[setting] == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->rows[setting]));
  values = self->account->entitlements->values[setting];
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || values == NULL ||
      selected > g_strv_length (values))
    return NULL;
  return values[selected - 1];
}

gboolean
procure_overrides_section_set_value (ProcureOverridesSection *self,
                                     ProcureSetting           setting,
                                     const char              *value)
{
  GStrv values;

  g_return_val_if_fail (PROCURE_IS_OVERRIDES_SECTION (self), FALSE);
  g_return_val_if_fail (setting < PROCURE_N_SETTINGS, FALSE);

  if (self->rows[setting] == NULL)
    return value == NULL;
  if (value == NULL)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->rows[setting]), 0);
      return TRUE;
    }
  values = self->account->entitlements->values[setting];
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->rows[setting]), i + 1);
        adw_expander_row_set_expanded (self->overrides_row, TRUE);
        return TRUE;
      }
  return FALSE;
}

void
procure_overrides_section_mark_error (ProcureOverridesSection *self,
                                      int                      setting)
{
  g_return_if_fail (PROCURE_IS_OVERRIDES_SECTION (self));

  if (setting >= 0 && setting < PROCURE_N_SETTINGS && self->rows[setting] != NULL)
    {
      procure_widget_set_error (self->rows[setting], TRUE);
      adw_expander_row_set_expanded (self->overrides_row, TRUE);
    }
}

void
procure_overrides_section_clear_errors (ProcureOverridesSection *self)
{
  g_return_if_fail (PROCURE_IS_OVERRIDES_SECTION (self));

  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    if (self->rows[s] != NULL)
      procure_widget_set_error (self->rows[s], FALSE);
}
