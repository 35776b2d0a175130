/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-checks.h: the plausibility checks an approver or agent sees
 * before deciding on an order: approval thresholds, the core validation of
 * the whole order (products assigned, quantity rules, address complete,
 * date feasible, overrides entitled), stock per line, and how many settings
 * differ from the account defaults. Pure: computed from values only.
 */
#pragma once

#include "procure-core.h"

G_BEGIN_DECLS

typedef struct {
  gboolean  ok;        /* FALSE: a warning the reviewer should look at */
  char     *title;
  char     *detail;
} ProcureOrderCheck;

void       procure_order_check_free (ProcureOrderCheck *check);

/* @products: of ProcureProduct (the catalogue as the caller sees it);
 * @today: NULL for the local date. Returns an array of ProcureOrderCheck. */
GPtrArray *procure_order_checks     (const ProcureOrder   *order,
                                     const ProcureAccount *account,
                                     GPtrArray            *products,
                                     const GDate          *today);

G_END_DECLS
