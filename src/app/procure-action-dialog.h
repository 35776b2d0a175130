/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-action-dialog.h: asks for what an order action needs before it is
 * sent — a comment (reject, request information), a PO number (accept), the
 * SIMs (ready), the shipment (ship) — validated live with
 * procure_action_request_validate(): the confirm response stays disabled
 * until the request is valid.
 */
#pragma once

#include <adwaita.h>

#include "procure-core.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ACTION_DIALOG (procure_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ProcureActionDialog, procure_action_dialog, PROCURE, ACTION_DIALOG, AdwMessageDialog)

/* Whether @action needs this dialog at all (else it is sent at once). */
gboolean              procure_action_dialog_needed      (ProcureAction        action);

/* @order: the order the action is for (borrowed for the dialog's lifetime). */
ProcureActionDialog  *procure_action_dialog_new         (GtkWindow           *parent,
                                                         ProcureOrder        *order,
                                                         ProcureAction        action);
ProcureAction         procure_action_dialog_get_action  (ProcureActionDialog *self);
/* The request as currently filled in (transfer full); NULL if not valid,
 * with @error saying why. */
ProcureActionRequest *procure_action_dialog_get_request (ProcureActionDialog *self,
                                                         GError             **error);

/* The inline error shown under the fields, NULL while the request is valid.
 * SIM errors say the line ("Line 3: ...") or the SIM ("SIM 2 (ICCID ...): ..."). */
const char           *procure_action_dialog_get_error_text (ProcureActionDialog *self);

/* Field setters for tests and keyboard-driven tools. */
void                  procure_action_dialog_set_text    (ProcureActionDialog *self,
                                                         const char          *field,
                                                         const char          *text);

G_END_DECLS
