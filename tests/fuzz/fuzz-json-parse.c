/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-json-parse: procure_json_parse(), the gate every request body passes.
 * Whatever it accepts must serialise, and the serialisation must parse back
 * to the same text (no value lost or changed on the way) -- for documents
 * without fractional numbers: json-glib 1.6 writes a double of 1e17 or more
 * as "1e+17", which its own parser refuses. Procure's wire format has only
 * integers (money in minor units), so that limitation is json-glib's alone.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"

static gboolean
has_double (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        if (has_double (l->data))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_double (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fuzz_init ();
  node = fuzz_parse_json (data, size);
  if (node == NULL)
    return 0;

  text = procure_json_to_string (node);
  g_assert_nonnull (text);
  if (has_double (node))
    return 0;
  again = procure_json_parse (text, -1, &error);
  g_assert_no_error (error);
  fuzz_assert_same_json (node, again);
  return 0;
}
