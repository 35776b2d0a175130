/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-row.h: one line of the orders list, a light object with
 * read-only properties for a list view. Built straight from the cache's
 * indexed columns; the full order is procure_session_get_order().
 * The session updates a row in place (notifying only changed properties)
 * when sync brings a new version of its order.
 */
#pragma once

#include <glib-object.h>

#include "procure-types.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_ORDER_ROW (procure_order_row_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderRow, procure_order_row, PROCURE, ORDER_ROW, GObject)

/* Properties: "id", "number" (NULL until accepted), "status" (ProcureStatus as
 * int), "status-name" (wire name), "status-label" (translated), "account-id",
 * "account-name", "created-at" (RFC 3339), "created-by", "created-by-name",
 * "total" (int64 minor units), "currency", "total-label" (formatted money),
 * "requested-ship-date", "version" (int64), "updated-at", "pending" (queued
 * outbox entries), "inbox" (waits on this user), "search-text" (lower-case
 * haystack for filtering). */

ProcureOrderRow *procure_order_row_new_from_order (const ProcureOrder *order);

const char   *procure_order_row_get_id                  (ProcureOrderRow *self);
const char   *procure_order_row_get_number              (ProcureOrderRow *self);
ProcureStatus procure_order_row_get_status              (ProcureOrderRow *self);
const char   *procure_order_row_get_status_label        (ProcureOrderRow *self);
const char   *procure_order_row_get_account_id          (ProcureOrderRow *self);
const char   *procure_order_row_get_account_name        (ProcureOrderRow *self);
const char   *procure_order_row_get_created_at          (ProcureOrderRow *self);
const char   *procure_order_row_get_created_by          (ProcureOrderRow *self);
const char   *procure_order_row_get_created_by_name     (ProcureOrderRow *self);
gint64        procure_order_row_get_total               (ProcureOrderRow *self);
const char   *procure_order_row_get_currency            (ProcureOrderRow *self);
/* Formatted lazily on first use. */
const char   *procure_order_row_get_total_label         (ProcureOrderRow *self);
const char   *procure_order_row_get_requested_ship_date (ProcureOrderRow *self);
gint64        procure_order_row_get_version             (ProcureOrderRow *self);
const char   *procure_order_row_get_updated_at          (ProcureOrderRow *self);
gboolean      procure_order_row_get_pending             (ProcureOrderRow *self);
gboolean      procure_order_row_get_inbox               (ProcureOrderRow *self);
const char   *procure_order_row_get_search_text         (ProcureOrderRow *self);

/* The filter the orders page offers, in one place: @status
 * PROCURE_STATUS_INVALID = any, @account_id NULL = any, @text NULL or "" =
 * any (case-insensitive substring of number, account, creator, notes,
 * products). */
gboolean      procure_order_row_matches (ProcureOrderRow *self,
                                         ProcureStatus    status,
                                         const char      *account_id,
                                         const char      *text);

/* The search haystack the cache stores for @order (lower-case). */
char         *procure_order_search_text (const ProcureOrder *order);

G_END_DECLS
