/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-progress-stepper.h"
#include "procure-ui-state.h"

struct _ProcureProgressStepper
{
  GtkWidget      parent_instance;

  ProcureStatus  status;
  GtkWidget     *steps[PROCURE_UI_N_STEPS];
};

G_DEFINE_FINAL_TYPE (ProcureProgressStepper, procure_progress_stepper, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_step (int index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *dot = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (procure_ui_step_label (index));
  g_autofree char *number = g_strdup_printf ("%d", index + 1);

  gtk_label_set_label (GTK_LABEL (dot), number);
  gtk_widget_set_halign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dot, "step-dot");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_add_css_class (box, "step");
  return box;
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
update_steps (ProcureProgressStepper *self)
{
  int current = procure_ui_progress_step (self->status);
  g_autofree char *description = NULL;

  for (int i = 0; i < PROCURE_UI_N_STEPS; i++)
    {
      set_class (self->steps[i], "done", current != PROCURE_UI_STEP_STOPPED && i < current);
      set_class (self->steps[i], "current", i == current);
    }
  set_class (GTK_WIDGET (self), "stopped", current == PROCURE_UI_STEP_STOPPED);

  if (current == PROCURE_UI_STEP_STOPPED)
    description = g_strdup_printf (_("Progress stopped: %s"),
                                   procure_status_get_label (self->status));
  else
    description = g_strdup_printf (_("Step %d of %d: %s"), current + 1,
                                   PROCURE_UI_N_STEPS, procure_ui_step_label (current));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
procure_progress_stepper_dispose (GObject *object)
{
  ProcureProgressStepper *self = PROCURE_PROGRESS_STEPPER (object);

  for (int i = 0; i < PROCURE_UI_N_STEPS; i++)
    g_clear_pointer (&self->steps[i], gtk_widget_unparent);

  G_OBJECT_CLASS (procure_progress_stepper_parent_class)->dispose (object);
}

static void
procure_progress_stepper_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ProcureProgressStepper *self = PROCURE_PROGRESS_STEPPER (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_progress_stepper_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ProcureProgressStepper *self = PROCURE_PROGRESS_STEPPER (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      procure_progress_stepper_set_status (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_progress_stepper_class_init (ProcureProgressStepperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_progress_stepper_dispose;
  object_class->get_property = procure_progress_stepper_get_property;
  object_class->set_property = procure_progress_stepper_set_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      PROCURE_STATUS_INVALID, PROCURE_N_STATUSES - 1,
                      PROCURE_STATUS_DRAFT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "progress-stepper");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
procure_progress_stepper_init (ProcureProgressStepper *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), TRUE);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  for (int i = 0; i < PROCURE_UI_N_STEPS; i++)
    {
      self->steps[i] = create_step (i);
      gtk_widget_set_parent (self->steps[i], GTK_WIDGET (self));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Order Progress"),
                                  -1);
  self->status = PROCURE_STATUS_DRAFT;
  update_steps (self);
}

GtkWidget *
procure_progress_stepper_new (void)
{
  return g_object_new (PROCURE_TYPE_PROGRESS_STEPPER, NULL);
}

ProcureStatus
procure_progress_stepper_get_status (ProcureProgressStepper *self)
{
  g_return_val_if_fail (PROCURE_IS_PROGRESS_STEPPER (self), PROCURE_STATUS_INVALID);

  return self->status;
}

void
procure_progress_stepper_set_status (ProcureProgressStepper *self,
                                     ProcureStatus           status)
{
  g_return_if_fail (PROCURE_IS_PROGRESS_STEPPER (self));

  if (self->status == status)
    return;
  self->status = status;
  update_steps (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
