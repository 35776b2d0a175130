/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Products and accounts: decode, call the service, encode. */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-handlers.h"

static JsonNode *
encode_product (gconstpointer item,
                gpointer      user_data)
{
  return procure_service_product_to_json (user_data, item);
}

static JsonNode *
encode_account (gconstpointer item,
                gpointer      user_data)
{
  return procure_account_to_json (item);
}

static void
reply_products (ProcureRequest *request,
                GPtrArray      *products,
                const GError   *error)
{
  if (products == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_list (request, products, encode_product, request->user, NULL);
}

static void
reply_product (ProcureRequest *request,
               guint           status,
               ProcureProduct *product,
               const GError   *error)
{
  if (product == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply (request, status, procure_service_product_to_json (request->user, product));
}

static void
reply_account (ProcureRequest *request,
               guint           status,
               ProcureAccount *account,
               const GError   *error)
{
  if (account == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply (request, status, procure_account_to_json (account));
}

void
procure_handle_products (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = procure_service_products (request->service, request->user, &error);

  reply_products (request, products, error);
}

void
procure_handle_product_create (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureProduct) product =
    procure_service_product_create (request->service, request->user, request->body, &error);

  reply_product (request, 201, product, error);
}

void
procure_handle_product_update (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureProduct) product =
    procure_service_product_update (request->service, request->user, request->params[0],
                                    request->body, &error);

  reply_product (request, 200, product, error);
}

void
procure_handle_accounts (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = procure_service_accounts (request->service, request->user, &error);

  if (accounts == NULL)
    {
      procure_request_fail (request, error);
      return;
    }
  procure_request_reply_list (request, accounts, encode_account, NULL, NULL);
}

void
procure_handle_account (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureAccount) account =
    procure_service_account (request->service, request->user, request->params[0], &error);

  reply_account (request, 200, account, error);
}

void
procure_handle_account_create (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureAccount) account =
    procure_service_account_create (request->service, request->user, request->body, &error);

  reply_account (request, 201, account, error);
}

void
procure_handle_account_update (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureAccount) account =
    procure_service_account_update (request->service, request->user, request->params[0],
                                    request->body, &error);

  reply_account (request, 200, account, error);
}

void
procure_handle_account_products (ProcureRequest *request)
{
  ProcureStore *store = request->service->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureAccount) account =
    procure_service_account (request->service, request->user, request->params[0], &error);
  g_autoptr(GPtrArray) products = NULL;

  if (account != NULL)
    products = store->vtable->product_list (store, account->id, &error);
  reply_products (request, products, error);
}

void
procure_handle_account_assign (ProcureRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products =
    procure_service_assign_products (request->service, request->user, request->params[0],
                                     request->body, &error);

  reply_products (request, products, error);
}
