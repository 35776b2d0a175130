/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-store-codec.h: how rows become objects and objects become rows,
 * shared by the SQLite and PostgreSQL stores. The stores differ in how they
 * talk to their database; what a row holds and means is written once here:
 * the JSON documents (the wire encoding of core, decoded leniently), the
 * columns derived from them, users, events, list pages and their cursors.
 */
#pragma once

#include "procure-store.h"

G_BEGIN_DECLS

/* ---- documents ---- */

char           *procure_codec_order_to_doc     (const ProcureOrder *order);
ProcureOrder   *procure_codec_order_from_doc   (const char *doc, GError **error);
char           *procure_codec_sim_to_doc       (const ProcureSim *sim);
ProcureSim     *procure_codec_sim_from_doc     (const char *doc, GError **error);
char           *procure_codec_account_to_doc   (const ProcureAccount *account);
ProcureAccount *procure_codec_account_from_doc (const char *doc, GError **error);
char           *procure_codec_product_to_doc   (const ProcureProduct *product);
/* The stock column is authoritative over the document's copy. */
ProcureProduct *procure_codec_product_from_doc (const char *doc, gint64 stock, GError **error);
/* Accounts and products are decoded once per distinct document text and
 * copied from then on; this counts the documents actually parsed. */
guint           procure_codec_documents_decoded (void);

/* ---- derived columns ---- */

/* The lower-case text the q filter of GET /orders searches. */
char           *procure_codec_order_search     (const ProcureOrder *order);
/* A LIKE pattern (ESCAPE '\') for @q as a lower-case substring. */
char           *procure_codec_like_pattern     (const char *q);
/* The action and from_status columns of an order_history row. */
const char     *procure_codec_history_action   (const ProcureHistoryEntry *entry);
const char     *procure_codec_history_from     (const ProcureHistoryEntry *entry);

/* ---- rows ---- */

/* The columns of a user row, in this order. */
#define PROCURE_CODEC_USER_COLUMNS "id, login, name, role, account_id"
#define PROCURE_CODEC_N_USER_COLUMNS 5
/* A user from the text of those columns (account_id may be NULL). */
ProcureUser    *procure_codec_user_from_columns (const char * const *columns);
ProcureEvent   *procure_codec_event_new        (gint64 seq, const char *kind,
                                                const char *object_id, const char *account_id);

/* ---- list pages ---- */

/* A list cursor is the rowid of the last row of the previous page. */
gboolean        procure_codec_parse_cursor     (const char *cursor, gint64 *out, GError **error);

typedef gpointer (*ProcureCodecDecode) (const char *doc, GError **error);

/* One page of a list query that asked for limit + 1 rows of (rowid, doc):
 * init, add rows until add returns FALSE, then finish. */
typedef struct {
  GPtrArray          *items;
  guint               limit;
  ProcureCodecDecode  decode;
  gint64              last_rowid;
  char               *next_cursor;
  gboolean            failed;
} ProcureCodecPage;

void            procure_codec_page_init   (ProcureCodecPage *page, guint limit,
                                           ProcureCodecDecode decode, GDestroyNotify free_func);
/* FALSE once the page is full (the row proves there is a next page) or the
 * document could not be decoded (@error set). */
gboolean        procure_codec_page_add    (ProcureCodecPage *page, gint64 rowid,
                                           const char *doc, GError **error);
/* The items (NULL after a decoding failure) and *next_cursor; frees the
 * rest of @page. */
GPtrArray      *procure_codec_page_finish (ProcureCodecPage *page, char **next_cursor);
/* Drops the page after a database error. */
void            procure_codec_page_clear  (ProcureCodecPage *page);

G_END_DECLS
