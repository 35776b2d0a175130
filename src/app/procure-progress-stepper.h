/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-progress-stepper.h: a row of steps from Draft to Closed showing
 * where an order stands (procure_ui_progress_step()).
 */
#pragma once

#include <gtk/gtk.h>

#include "procure-core.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_PROGRESS_STEPPER (procure_progress_stepper_get_type ())
G_DECLARE_FINAL_TYPE (ProcureProgressStepper, procure_progress_stepper, PROCURE, PROGRESS_STEPPER, GtkWidget)

GtkWidget     *procure_progress_stepper_new        (void);
ProcureStatus  procure_progress_stepper_get_status (ProcureProgressStepper *self);
void           procure_progress_stepper_set_status (ProcureProgressStepper *self,
                                                    ProcureStatus           status);

G_END_DECLS
