/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include <string.h>

#include "procure-core.h"
#include "fuzz-common.h"

void
fuzz_init (void)
{
  static gboolean done = FALSE;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  return g_strndup ((const char *) data, size);
}

void
fuzz_split (const uint8_t *data,
            size_t         size,
            char         **head,
            char         **rest)
{
  const uint8_t *newline = memchr (data, '\n', size);
  size_t head_len = newline != NULL ? (size_t) (newline - data) : size;
  size_t rest_start = newline != NULL ? head_len + 1 : size;

  *head = fuzz_string (data, head_len);
  *rest = fuzz_string (data + rest_start, size - rest_start);
}

void
fuzz_check_procure_error (const GError *error)
{
  g_autoptr(JsonNode) shape = NULL;

  g_assert_nonnull (error);
  g_assert_true (error->domain == PROCURE_ERROR);
  g_assert_cmpint (error->code, >=, PROCURE_ERROR_MALFORMED);
  g_assert_cmpint (error->code, <=, PROCURE_ERROR_CONFLICT);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  shape = procure_gerror_to_json (error);
  g_assert_nonnull (shape);
}

/* Every member name and string in @node is valid UTF-8 (it came from the
 * network and will be stored and sent back). */
static void
assert_strings_valid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_assert_true (g_utf8_validate (name, -1, NULL));
          assert_strings_valid (member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_strings_valid (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_assert_true (g_utf8_validate (json_node_get_string (node), -1, NULL));
}

JsonNode *
fuzz_parse_json (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  /* procure_json_parse() needs a non-NULL pointer even for empty input. */
  node = procure_json_parse (size > 0 ? (const char *) data : "", (gssize) size, &error);
  if (node == NULL)
    {
      fuzz_check_procure_error (error);
      return NULL;
    }
  g_assert_no_error (error);
  assert_strings_valid (node);
  return node;
}

void
fuzz_assert_same_json (JsonNode *a,
                       JsonNode *b)
{
  g_autofree char *text_a = procure_json_to_string (a);
  g_autofree char *text_b = procure_json_to_string (b);

  g_assert_cmpstr (text_a, ==, text_b);
}
