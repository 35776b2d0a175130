/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rows to objects and back, for both stores (see procure-store-codec.h). */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-store-codec.h"

/* ---------- documents ---------- */

static JsonNode *
doc_to_node (const char *doc,
             GError    **error)
{
  JsonNode *node = procure_json_parse (doc, -1, error);

  if (node == NULL)
    g_prefix_error (error, "stored document: ");
  return node;
}

char *
procure_codec_order_to_doc (const ProcureOrder *order)
{
  return procure_order_to_text (order);
}

ProcureOrder *
procure_codec_order_from_doc (const char *doc,
                              GError    **error)
{
  g_autoptr(JsonNode) node = doc_to_node (doc, error);

  return node ? procure_order_from_json (node, PROCURE_JSON_LENIENT, NULL, error) : NULL;
}

char *
procure_codec_sim_to_doc (const ProcureSim *sim)
{
  return procure_sim_to_text (sim);
}

ProcureSim *
procure_codec_sim_from_doc (const char *doc,
                            GError    **error)
{
  g_autoptr(JsonNode) node = doc_to_node (doc, error);

  return node ? procure_sim_from_json (node, PROCURE_JSON_LENIENT, NULL, error) : NULL;
}

char *
procure_codec_account_to_doc (const ProcureAccount *account)
{
  return procure_account_to_text (account);
}

/* Every order a client creates or edits reads its account and the account's
 * products; parsing their JSON was two thirds of the server's work for a new
 * order. Decoded objects are kept by the exact text of their document, so a
 * change by anyone (this server, procure-admin, another server on the same
 * PostgreSQL database) is a new text and decodes afresh; nothing needs to be
 * told. Callers get a deep copy they may change. The memo forgets everything
 * when it holds too many documents; the next reads decode again. */
#define DOC_MEMO_MAX 4096

typedef struct {
  GHashTable *accounts;   /* doc text -> ProcureAccount */
  GHashTable *products;   /* doc text -> ProcureProduct (stock as in the doc) */
  guint       decoded;    /* documents parsed, for tests */
} DocMemo;

static DocMemo doc_memo;
G_LOCK_DEFINE_STATIC (doc_memo);

static GHashTable *
memo_table (GHashTable   **table,
            GDestroyNotify value_free)
{
  if (*table == NULL)
    *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  else if (g_hash_table_size (*table) >= DOC_MEMO_MAX)
    g_hash_table_remove_all (*table);
  return *table;
}

guint
procure_codec_documents_decoded (void)
{
  guint decoded;

  G_LOCK (doc_memo);
  decoded = doc_memo.decoded;
  G_UNLOCK (doc_memo);
  return decoded;
}

typedef gpointer (*DocDecode) (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);

/* A copy of what @doc decodes to by @decode, from @table when it was
 * decoded before. */
static gpointer
memo_decode (GHashTable   **table,
             const char    *doc,
             DocDecode      decode,
             GBoxedCopyFunc copy,
             GDestroyNotify free_func,
             GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  gpointer known, decoded;

  G_LOCK (doc_memo);
  known = *table ? g_hash_table_lookup (*table, doc) : NULL;
  decoded = known ? copy (known) : NULL;
  G_UNLOCK (doc_memo);
  if (decoded != NULL)
    return decoded;

  if ((node = doc_to_node (doc, error)) == NULL
      || (decoded = decode (node, PROCURE_JSON_LENIENT, NULL, error)) == NULL)
    return NULL;
  G_LOCK (doc_memo);
  doc_memo.decoded++;
  g_hash_table_replace (memo_table (table, free_func), g_strdup (doc), copy (decoded));
  G_UNLOCK (doc_memo);
  return decoded;
}

ProcureAccount *
procure_codec_account_from_doc (const char *doc,
                                GError    **error)
{
  return memo_decode (&doc_memo.accounts, doc, (DocDecode) procure_account_from_json,
                      (GBoxedCopyFunc) procure_account_copy, (GDestroyNotify) procure_account_unref,
                      error);
}

char *
procure_codec_product_to_doc (const ProcureProduct *product)
{
  return procure_product_to_text (product);
}

ProcureProduct *
procure_codec_product_from_doc (const char *doc,
                                gint64      stock,
                                GError    **error)
{
  ProcureProduct *product =
    memo_decode (&doc_memo.products, doc, (DocDecode) procure_product_from_json,
                 (GBoxedCopyFunc) procure_product_copy, (GDestroyNotify) procure_product_unref, error);

  if (product != NULL)
    product->stock = stock;
  return product;
}

/* ---------- derived columns ---------- */

char *
procure_codec_order_search (const ProcureOrder *order)
{
  const ProcureAddress *a = order->shipping_address;
  g_autofree char *text = NULL;

  text = g_strjoin ("\n", order->number ? order->number : "", order->notes ? order->notes : "",
                    a && a->name ? a->name : "", a && a->company ? a->company : "",
                    a && a->street ? a->street : "", a && a->city ? a->city : "",
                    a && a->postal_code ? a->postal_code : "", NULL);
  return g_utf8_strdown (text, -1);
}

char *
procure_codec_like_pattern (const char *q)
{
  GString *pattern = g_string_new ("%");
  g_autofree char *lower = g_utf8_strdown (q, -1);

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

const char *
procure_codec_history_action (const ProcureHistoryEntry *entry)
{
  return entry->action == PROCURE_ACTION_INVALID ? "create" : procure_action_to_string (entry->action);
}

const char *
procure_codec_history_from (const ProcureHistoryEntry *entry)
{
  return entry->from == PROCURE_STATUS_INVALID ? NULL : procure_status_to_string (entry->from);
}

/* ---------- rows ---------- */

ProcureUser *
procure_codec_user_from_columns (const char * const *columns)
{
  ProcureUser *user = procure_user_new ();

  user->id = g_strdup (columns[0]);
  user->login = g_strdup (columns[1]);
  user->name = g_strdup (columns[2]);
  user->role = procure_role_from_string (columns[3]);
  user->account_id = g_strdup (columns[4]);
  return user;
}

ProcureEvent *
procure_codec_event_new (gint64      seq,
                         const char *kind,
                         const char *object_id,
                         const char *account_id)
{
  ProcureEvent *event = g_new0 (ProcureEvent, 1);

  event->seq = seq;
  event->kind = g_strdup (kind);
  event->object_id = g_strdup (object_id);
  event->account_id = g_strdup (account_id);
  return event;
}

/* ---------- list pages ---------- */

gboolean
procure_codec_parse_cursor (const char *cursor,
                            gint64     *out,
                            GError    **error)
{
  guint64 value = 0;

  *out = 0;
  if (cursor == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXINT64, &value, NULL))
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, "cursor", "Not a cursor of this list");
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

void
procure_codec_page_init (ProcureCodecPage   *page,
                         guint               limit,
                         ProcureCodecDecode  decode,
                         GDestroyNotify      free_func)
{
  *page = (ProcureCodecPage) {
    .items = g_ptr_array_new_with_free_func (free_func),
    .limit = limit,
    .decode = decode,
  };
}

gboolean
procure_codec_page_add (ProcureCodecPage *page,
                        gint64            rowid,
                        const char       *doc,
                        GError          **error)
{
  gpointer item;

  if (page->items->len == page->limit)
    {
      /* The extra row: there is a next page, after the last row kept. */
      page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, page->last_rowid);
      return FALSE;
    }
  if ((item = page->decode (doc, error)) == NULL)
    {
      page->failed = TRUE;
      return FALSE;
    }
  page->last_rowid = rowid;
  g_ptr_array_add (page->items, item);
  return TRUE;
}

GPtrArray *
procure_codec_page_finish (ProcureCodecPage *page,
                           char            **next_cursor)
{
  g_autoptr(GPtrArray) items = g_steal_pointer (&page->items);

  *next_cursor = NULL;
  if (page->failed)
    {
      g_clear_pointer (&page->next_cursor, g_free);
      return NULL;
    }
  *next_cursor = g_steal_pointer (&page->next_cursor);
  return g_steal_pointer (&items);
}

void
procure_codec_page_clear (ProcureCodecPage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
}
