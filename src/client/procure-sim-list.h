/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sim-list.h: the SIM inventory as a GListModel straight over the
 * cache, for a million SIMs: it keeps only the row ids in ICCID order and
 * builds a ProcureSimRow when a view asks for one. After sync it reloads
 * the ids and reports the changed range as one precise items-changed.
 */
#pragma once

#include <gio/gio.h>

#include "procure-cache.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_SIM_LIST (procure_sim_list_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSimList, procure_sim_list, PROCURE, SIM_LIST, GObject)

ProcureSimList *procure_sim_list_new       (void);
/* Only the SIMs assigned by the order @order_id (an indexed query). */
ProcureSimList *procure_sim_list_new_for_order (const char *order_id);
const char     *procure_sim_list_get_order_id  (ProcureSimList *self);
/* Shows the SIMs of @cache (NULL: none). */
void            procure_sim_list_set_cache (ProcureSimList *self,
                                            ProcureCache   *cache);
/* Re-reads the ids after the cache's SIMs changed. */
void            procure_sim_list_reload    (ProcureSimList *self);

G_END_DECLS
