/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-fixtures.h: a small fixed world for the validators the fuzz targets
 * drive: an account that allows overrides, two products, a fixed "today",
 * and an order of 3 SIMs for action bodies.
 */
#pragma once

#include "procure-core.h"

G_BEGIN_DECLS

/* "acc-1", EUR, overrides allowed, a few entitlements per setting. */
ProcureAccount       *fuzz_account        (void);
/* Products "prd-1" (1..1000 SIMs), "prd-2" (10..500 in packs of 10, near
 * the gint64 price limit) and "prd-3" (inactive); NULL for any other id. */
const ProcureProduct *fuzz_product_lookup (const char *product_id,
                                           gpointer    user_data);
/* 2026-11-22. */
void                  fuzz_today          (GDate      *out);
/* An order with one line of 3 SIMs of "prd-1". */
ProcureOrder         *fuzz_order          (void);

G_END_DECLS
