/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sim-list.h: the SIM inventory as a GListModel straight over the
 * cache, for a million SIMs: it keeps only the row ids in ICCID order and
 * builds ProcureSimRows, 256 at a time, when a view asks for them. After
 * sync it reloads the ids and reports the changed range as one precise
 * items-changed; a background list reads its ids on a worker thread.
 */
#pragma once

#include <gio/gio.h>

#include "procure-cache.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_SIM_LIST (procure_sim_list_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSimList, procure_sim_list, PROCURE, SIM_LIST, GObject)

ProcureSimList *procure_sim_list_new       (void);
/* What a filtered list keeps: the SIMs of one order, product or account. */
typedef enum {
  PROCURE_SIM_FILTER_NONE = 0,
  PROCURE_SIM_FILTER_ORDER,
  PROCURE_SIM_FILTER_PRODUCT,
  PROCURE_SIM_FILTER_ACCOUNT,
} ProcureSimFilter;

/* Only the SIMs whose order, product or account id is @value, in ICCID
 * order (a query on that column, not a filter over every row).
 * PROCURE_SIM_FILTER_NONE ignores @value: every SIM. */
ProcureSimList *procure_sim_list_new_filtered  (ProcureSimFilter filter,
                                                const char      *value);
/* The SIMs matching every condition given (NULL or "": any), in ICCID
 * order: order, product and account ids match exactly; @search matches the
 * start of the ICCID, IMSI or MSISDN. One SQL query; with exactly one id
 * condition the list also reports it as its filter. */
ProcureSimList *procure_sim_list_new_query     (const char      *order_id,
                                                const char      *product_id,
                                                const char      *account_id,
                                                const char      *search);
ProcureSimFilter procure_sim_list_get_filter   (ProcureSimList *self);
/* The filter's value (NULL for PROCURE_SIM_FILTER_NONE). */
const char     *procure_sim_list_get_filter_value (ProcureSimList *self);
/* Only the SIMs assigned by the order @order_id (an indexed query). */
ProcureSimList *procure_sim_list_new_for_order (const char *order_id);
/* The order filtered on, NULL for any other list. */
const char     *procure_sim_list_get_order_id  (ProcureSimList *self);
/* Shows the SIMs of @cache (NULL: none). */
void            procure_sim_list_set_cache (ProcureSimList *self,
                                            ProcureCache   *cache);
/* Re-reads the ids after the cache's SIMs changed. */
void            procure_sim_list_reload    (ProcureSimList *self);
/* With @background TRUE, set_cache() and reload() return at once and the
 * ids are read on a worker thread with its own read-only connection,
 * starting after the current main-loop iteration (so after the
 * transaction that changed the SIMs commits); the list keeps its previous
 * items and "loading" is TRUE until the new ones replace them. For
 * queries over a million SIMs: the main loop never waits for a scan. */
void            procure_sim_list_set_background (ProcureSimList *self,
                                                 gboolean        background);
gboolean        procure_sim_list_get_loading    (ProcureSimList *self);

G_END_DECLS
