/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-inbox-summary.h: what an approver needs to see on an inbox row
 * besides the total: the settings the order overrides (what differs from
 * the account's defaults) and, for an order sent back and resubmitted, what
 * the last decision asked and what the purchaser answered. Pure functions.
 */
#pragma once

#include "procure-core.h"

G_BEGIN_DECLS

/* "Price Plan: iot-plus (default iot-basic); ..." for every override whose
 * value differs from @account's default (@account may be NULL: every set
 * override is listed, without defaults). NULL when nothing differs. */
char *procure_inbox_overrides_text    (const ProcureOrder   *order,
                                       const ProcureAccount *account);

/* For an order submitted again after a reject or an information request:
 * "Resubmitted after Request Information by Morgan: “question” — Note:
 * “answer”". The note is the resubmission's comment, else the newest
 * comment posted after the decision. NULL if the order was never sent back
 * (the history holds no version snapshots, so the answer is what the
 * purchaser wrote, not a field-by-field diff). */
char *procure_inbox_resubmission_text (const ProcureOrder   *order);

/* Both of the above, one per line; NULL when there is neither. */
char *procure_inbox_differences_text  (const ProcureOrder   *order,
                                       const ProcureAccount *account);

G_END_DECLS
