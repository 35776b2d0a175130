/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sim-row.h: one SIM of the inventory list.
 * Properties (read-only): "iccid", "imsi", "msisdn", "account-id",
 * "order-id", "product-id", and the five settings "sim-billing-status",
 * "price-plan", "service-profile", "roaming-profile", "apn-group".
 */
#pragma once

#include <glib-object.h>

#include "procure-types.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_SIM_ROW (procure_sim_row_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSimRow, procure_sim_row, PROCURE, SIM_ROW, GObject)

ProcureSimRow *procure_sim_row_new_from_sim (const ProcureSim *sim);

const char *procure_sim_row_get_iccid      (ProcureSimRow *self);
const char *procure_sim_row_get_imsi       (ProcureSimRow *self);
const char *procure_sim_row_get_msisdn     (ProcureSimRow *self);
const char *procure_sim_row_get_account_id (ProcureSimRow *self);
const char *procure_sim_row_get_order_id   (ProcureSimRow *self);
const char *procure_sim_row_get_product_id (ProcureSimRow *self);
const char *procure_sim_row_get_setting    (ProcureSimRow *self,
                                            ProcureSetting setting);

G_END_DECLS
