/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-account-row.h: one account in the accounts list (agents and
 * admins see every account; members only their own).
 * Properties (read-only): "id", "name", "currency".
 */
#pragma once

#include <glib-object.h>

#include "procure-types.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ACCOUNT_ROW (procure_account_row_get_type ())
G_DECLARE_FINAL_TYPE (ProcureAccountRow, procure_account_row, PROCURE, ACCOUNT_ROW, GObject)

ProcureAccountRow *procure_account_row_new_from_account (const ProcureAccount *account);
void        procure_account_row_update       (ProcureAccountRow    *self,
                                              const ProcureAccount *account);

const char *procure_account_row_get_id       (ProcureAccountRow *self);
const char *procure_account_row_get_name     (ProcureAccountRow *self);
const char *procure_account_row_get_currency (ProcureAccountRow *self);

G_END_DECLS
