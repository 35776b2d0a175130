/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every route of API v1. docs/server.md and data/openapi.yaml list the same. */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-handlers.h"
#include "procure-router.h"

#define AUTH PROCURE_ROUTE_AUTH
#define KEYED (PROCURE_ROUTE_AUTH | PROCURE_ROUTE_RETRY_KEY)

static const ProcureRoute routes[] = {
  { "GET",    "/api/v1/health",                        procure_handle_health,          0 },
  { "POST",   "/api/v1/session",                       procure_handle_login,           0 },
  { "DELETE", "/api/v1/session",                       procure_handle_logout,          AUTH },
  { "GET",    "/api/v1/me",                            procure_handle_me,              AUTH },
  { "GET",    "/api/v1/products",                      procure_handle_products,        AUTH },
  { "POST",   "/api/v1/products",                      procure_handle_product_create,  KEYED },
  { "PATCH",  "/api/v1/products/{}",                   procure_handle_product_update,  KEYED },
  { "GET",    "/api/v1/accounts",                      procure_handle_accounts,        AUTH },
  { "POST",   "/api/v1/accounts",                      procure_handle_account_create,  KEYED },
  { "GET",    "/api/v1/accounts/{}",                   procure_handle_account,         AUTH },
  { "PATCH",  "/api/v1/accounts/{}",                   procure_handle_account_update,  KEYED },
  { "GET",    "/api/v1/accounts/{}/products",          procure_handle_account_products, AUTH },
  { "PUT",    "/api/v1/accounts/{}/products",          procure_handle_account_assign,  KEYED },
  { "GET",    "/api/v1/orders",                        procure_handle_orders,          AUTH },
  { "POST",   "/api/v1/orders",                        procure_handle_order_create,    AUTH },
  { "GET",    "/api/v1/orders/{}",                     procure_handle_order,           AUTH },
  { "PATCH",  "/api/v1/orders/{}",                     procure_handle_order_update,    KEYED },
  { "POST",   "/api/v1/orders/{}/actions/{}",          procure_handle_order_action,    KEYED },
  { "GET",    "/api/v1/orders/{}/sims",                procure_handle_order_sims,      AUTH },
  { "POST",   "/api/v1/orders/{}/comments",            procure_handle_order_comment,   KEYED },
  { "GET",    "/api/v1/sims",                          procure_handle_sims,            AUTH },
  { "GET",    "/api/v1/changes",                       procure_handle_changes,         AUTH },
};

const ProcureRoute *
procure_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
