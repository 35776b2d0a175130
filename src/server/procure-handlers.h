/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API's handlers, one per route (see procure-routes.c). */
#pragma once

#include "procure-request.h"

G_BEGIN_DECLS

/* procure-handlers-session.c */
void procure_handle_health         (ProcureRequest *request);
void procure_handle_login          (ProcureRequest *request);
void procure_handle_logout         (ProcureRequest *request);
void procure_handle_me             (ProcureRequest *request);

/* procure-handlers-catalogue.c */
void procure_handle_products       (ProcureRequest *request);
void procure_handle_product_create (ProcureRequest *request);
void procure_handle_product_update (ProcureRequest *request);
void procure_handle_accounts       (ProcureRequest *request);
void procure_handle_account        (ProcureRequest *request);
void procure_handle_account_create (ProcureRequest *request);
void procure_handle_account_update (ProcureRequest *request);
void procure_handle_account_products (ProcureRequest *request);
void procure_handle_account_assign (ProcureRequest *request);

/* procure-handlers-orders.c */
void procure_handle_orders         (ProcureRequest *request);
void procure_handle_order_create   (ProcureRequest *request);
void procure_handle_order          (ProcureRequest *request);
void procure_handle_order_update   (ProcureRequest *request);
void procure_handle_order_action   (ProcureRequest *request);
void procure_handle_order_sims     (ProcureRequest *request);
void procure_handle_order_comment  (ProcureRequest *request);
void procure_handle_sims           (ProcureRequest *request);
void procure_handle_changes        (ProcureRequest *request);

G_END_DECLS
