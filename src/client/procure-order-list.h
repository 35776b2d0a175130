/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-order-list.h: orders as a GListModel of ProcureOrderRow straight
 * over the client cache, for 100,000 orders: the list keeps only the
 * matching rowids in display order, filters and sorts in SQL, and reads
 * rows in blocks when a view asks for them.
 *
 * A query (a new cache, filter or sort) on a big cache runs in a worker thread on
 * its own read-only connection; the list keeps showing the old result
 * until the new one is swapped in as one change of the range that differs
 * (views show it through a ProcureSlotList, which keeps their rows;
 * "loading" is TRUE meanwhile). Small caches are queried at
 * once. When the cache reports written orders ("orders-changed"), a few
 * are placed incrementally (an order entering, leaving or moving is one
 * precise items-changed; a status change that keeps its place is none:
 * the live row is updated in place by the cache); many start a new query.
 */
#pragma once

#include <gio/gio.h>

#include "procure-cache.h"
#include "procure-order-row.h"

G_BEGIN_DECLS

/* The columns a list can be sorted by (ties: by id, same direction). */
typedef enum {
  PROCURE_ORDER_SORT_CREATED = 0,
  PROCURE_ORDER_SORT_NUMBER,
  PROCURE_ORDER_SORT_STATUS,
  PROCURE_ORDER_SORT_ACCOUNT,
  PROCURE_ORDER_SORT_TOTAL,
  PROCURE_ORDER_SORT_REQUESTED_DATE,
  PROCURE_ORDER_SORT_CREATED_BY,
  PROCURE_N_ORDER_SORTS
} ProcureOrderSort;

#define PROCURE_TYPE_ORDER_LIST (procure_order_list_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOrderList, procure_order_list, PROCURE, ORDER_LIST, GObject)

/* Every order (or, with @inbox_only, those waiting on the cache's user),
 * newest first. */
ProcureOrderList *procure_order_list_new        (gboolean          inbox_only);
/* A list with the same orders as @base (its cache, also after @base gets
 * another one) that can be filtered and sorted on its own. While it asks
 * what @base asks (a fresh view does), it takes @base's rows instead of
 * querying, waiting for them ("loading") while @base reads them. */
ProcureOrderList *procure_order_list_new_view   (ProcureOrderList *base);

/* Shows the orders of @cache (NULL: none): at once on a small cache, in
 * the background on a big one. */
void              procure_order_list_set_cache  (ProcureOrderList *self,
                                                 ProcureCache     *cache);
ProcureCache     *procure_order_list_get_cache  (ProcureOrderList *self);
/* @status PROCURE_STATUS_INVALID: any; @text NULL or "": any, else a
 * case-insensitive substring of number, id, account, creator, notes,
 * products or tracking number (the cache's search column). */
void              procure_order_list_set_filter (ProcureOrderList *self,
                                                 ProcureStatus     status,
                                                 const char       *text);
void              procure_order_list_set_sort   (ProcureOrderList *self,
                                                 ProcureOrderSort  sort,
                                                 gboolean          descending);
/* TRUE while a query runs in the background ("notify::loading"). */
gboolean          procure_order_list_is_loading (ProcureOrderList *self);

/* Caches with fewer orders than this are queried on the calling thread
 * (a few milliseconds); bigger ones in a worker thread. Tests may lower it. */
void              procure_order_list_set_sync_limit (guint limit);

G_END_DECLS
