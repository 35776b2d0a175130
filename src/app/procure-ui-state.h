/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-ui-state.h: pure "state from values" functions for the app's
 * widgets. They take plain values (core structs) and answer what a widget
 * should show, so they are unit-tested without a window. Which action a user
 * may take is decided by the core lifecycle alone; these functions only order
 * and style what procure_lifecycle_allowed_actions() returns.
 */
#pragma once

#include "procure-core.h"
#include "procure-client-enums.h"

G_BEGIN_DECLS

/* One action button of the order detail view. */
typedef struct {
  ProcureAction  action;
  const char    *label;          /* translated, e.g. "Approve" */
  const char    *style_class;    /* "suggested-action", "destructive-action" or NULL */
  gboolean       needs_comment;  /* ask for a comment before sending */
} ProcureActionButton;

/* Fills @out with the buttons for the actions @actor may take on @order now,
 * in display order (the forward step first, destructive ones last), and
 * returns how many. At most one button is "suggested-action". */
guint        procure_ui_action_buttons   (const ProcureActor   *actor,
                                          const ProcureOrder   *order,
                                          const ProcurePolicy  *policy,
                                          ProcureActionButton   out[PROCURE_N_ACTIONS]);

/* Buttons for an allowed-actions bit mask (1 << ProcureAction), as above. */
guint        procure_ui_action_buttons_from_mask (guint                mask,
                                                  ProcureActionButton  out[PROCURE_N_ACTIONS]);

/* Status pill: the label is procure_status_get_label(); the CSS class names
 * the tone ("status-neutral", "status-warning", "status-accent",
 * "status-success", "status-error"). */
const char  *procure_ui_status_css_class (ProcureStatus status);

/* The progress stepper: PROCURE_UI_N_STEPS steps from Draft to Closed. */
#define PROCURE_UI_N_STEPS 8
#define PROCURE_UI_STEP_STOPPED (-1)

/* Translated label of step @step (0 .. PROCURE_UI_N_STEPS - 1). */
const char  *procure_ui_step_label       (int step);
/* The step an order in @status is at, or PROCURE_UI_STEP_STOPPED for
 * rejected and cancelled orders. */
int          procure_ui_progress_step    (ProcureStatus status);

/* Where a validation error belongs in the order editor, parsed from the
 * error's field path. */
typedef enum {
  PROCURE_UI_FIELD_OTHER = 0,
  PROCURE_UI_FIELD_LINES,            /* "lines" (none, too many, duplicate) */
  PROCURE_UI_FIELD_LINE_PRODUCT,     /* "lines[N].product_id" */
  PROCURE_UI_FIELD_LINE_QUANTITY,    /* "lines[N].quantity" */
  PROCURE_UI_FIELD_ADDRESS,          /* "shipping_address[.member]" */
  PROCURE_UI_FIELD_SHIP_DATE,        /* "requested_ship_date" */
  PROCURE_UI_FIELD_OVERRIDE,         /* "overrides.SETTING" */
  PROCURE_UI_FIELD_NOTES,            /* "notes" */
} ProcureUiField;

/* Parses @path; *@index receives the line number or the ProcureSetting
 * (else -1). */
ProcureUiField procure_ui_field_from_path (const char *path,
                                           int        *index);

/* The header's sync indicator: icon name and tooltip ("Online, last synced
 * 09:30", "Offline, 2 changes waiting"). @last_synced may be NULL. */
const char  *procure_ui_sync_icon_name   (ProcureSyncState  state);
char        *procure_ui_sync_tooltip     (ProcureSyncState  state,
                                          GDateTime        *last_synced,
                                          guint             pending);

G_END_DECLS
