/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the server test programs, over the fixture. */
#pragma once

#include "test-server-fixture.h"

G_BEGIN_DECLS

/* The id of the product with @code as @token lists it. */
char         *test_product_id    (TestServer *server, const char *token, const char *code);
gint64        test_product_stock (TestServer *server, const char *token, const char *id);
/* The signed-in user's account id. */
char         *test_account_of    (TestServer *server, const char *token);
/* YYYY-MM-DD @days from today (local). */
char         *test_date          (int days);
/* Creates an order with one line; asserts 201. */
TestResponse *test_create_order  (TestServer *server, const char *token, const char *account_id,
                                  const char *product_id, gint64 quantity);
/* Takes @action with the order's current ETag; asserts @status and, for
 * 200, that the new status is @new_status. Returns the response. */
TestResponse *test_act           (TestServer *server, const char *token, const char *order_id,
                                  const char *action, const char *body, guint status,
                                  const char *new_status);
/* The order's current ETag (GET). */
char         *test_order_etag    (TestServer *server, const char *token, const char *order_id);

G_END_DECLS
