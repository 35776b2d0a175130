/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure_json_parse() parses well-formed text in one pass and leaves
 * everything else to the reference path (UTF-8 check, pre-scan, json-glib).
 * These tests hold the two to the same answers: for hand-picked edge cases,
 * every fuzz corpus file, and seeded mutations of them, the result is the
 * same tree (node and value types, values bit for bit, member order,
 * sealed) or the same error (code, field, message).
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-core.h"
#include "procure-json-private.h"

static gboolean nodes_equal (JsonNode *a, JsonNode *b);

static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  double da, db;

  if (json_node_get_value_type (a) != json_node_get_value_type (b))
    return FALSE;
  switch (json_node_get_value_type (a))
    {
    case G_TYPE_INT64:
      return json_node_get_int (a) == json_node_get_int (b);
    case G_TYPE_DOUBLE:
      da = json_node_get_double (a);
      db = json_node_get_double (b);
      return memcmp (&da, &db, sizeof da) == 0;
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (a) == json_node_get_boolean (b);
    case G_TYPE_STRING:
      return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
    default:
      return FALSE;
    }
}

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b)
{
  g_autoptr(GList) names_a = json_object_get_members (a);
  g_autoptr(GList) names_b = json_object_get_members (b);
  GList *la, *lb;

  for (la = names_a, lb = names_b; la != NULL && lb != NULL; la = la->next, lb = lb->next)
    if (!g_str_equal (la->data, lb->data) ||
        !nodes_equal (json_object_get_member (a, la->data), json_object_get_member (b, lb->data)))
      return FALSE;
  return la == NULL && lb == NULL;
}

static gboolean
arrays_equal (JsonArray *a,
              JsonArray *b)
{
  if (json_array_get_length (a) != json_array_get_length (b))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (!nodes_equal (json_array_get_element (a, i), json_array_get_element (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b) ||
      json_node_is_immutable (a) != json_node_is_immutable (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      return objects_equal (json_node_get_object (a), json_node_get_object (b));
    case JSON_NODE_ARRAY:
      return arrays_equal (json_node_get_array (a), json_node_get_array (b));
    case JSON_NODE_VALUE:
      return values_equal (a, b);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* Parses @data both ways; FALSE (with a message) when they disagree.
 * *accepted tells whether the text was accepted. */
static gboolean
same_answer (const char *data,
             gsize       length,
             gboolean   *accepted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reference_error = NULL;
  g_autoptr(JsonNode) node = procure_json_parse (data, (gssize) length, &error);
  g_autoptr(JsonNode) reference = procure_json_parse_reference (data, length, &reference_error);

  *accepted = node != NULL;
  if (node != NULL && reference != NULL)
    return nodes_equal (node, reference);
  if (node != NULL || reference != NULL)
    return FALSE;
  return error->domain == reference_error->domain && error->code == reference_error->code &&
         g_strcmp0 (error->message, reference_error->message) == 0 &&
         g_strcmp0 (procure_error_get_field (error), procure_error_get_field (reference_error)) == 0;
}

static void
assert_same_answer (const char *what,
                    const char *data,
                    gsize       length,
                    gboolean   *accepted)
{
  if (!same_answer (data, length, accepted))
    {
      g_autofree char *shown = g_strescape (data, NULL);

      g_error ("%s: the fast and the reference parser disagree on: %.*s",
               what, (int) MIN (strlen (shown), 400), shown);
    }
}

static const char * const edge_cases[] = {
  /* values at the root, space */
  "{}", "[]", " {} ", "\t\r\n[ ]\n", "1", "-1", "0", "-0", "\"x\"", "true", "false", "null",
  "[true,false,null]", "{\"a\":{}}", "[[],[[]],{}]", "[1 ,2 , 3]", "{ \"a\" : 1 , \"b\" : [ ] }",
  /* numbers */
  "[0,1,-1,10,123456789]", "[9223372036854775807]", "[-9223372036854775808]",
  "[9223372036854775808]", "[-9223372036854775809]", "[00]", "[01]", "[-01]", "[1.]", "[.5]",
  "[1.5]", "[-0.0]", "[0.0]", "[1e5]", "[1E5]", "[1e+5]", "[1e-5]", "[1.5e300]", "[1e309]",
  "[-1e309]", "[1e-400]", "[2.2250738585072014e-308]", "[0.1000000000000000055511151231257827]",
  "[123456789012345678901234567890.5]", "[1e]", "[1e+]", "[-]", "[+1]", "[- 1]", "[0x10]",
  "[1.5.5]", "[1e5e5]", "[Infinity]", "[NaN]", "[1_000]",
  "[12345678901234567890123456789012345678901234567890123456789012345678901234567890.0]",
  /* strings */
  "[\"\"]", "[\"a b\"]", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", "[\"\\u0041\"]", "[\"\\u00e9\"]",
  "[\"\\u00E9\"]", "[\"\\u20ac\"]", "[\"\\ud83d\\ude00\"]", "[\"\\uD83D\\uDE00\"]", "[\"\\ud83d\"]",
  "[\"\\ude00\"]", "[\"\\ud83dx\"]", "[\"\\ud83d\\u0041\"]", "[\"\\u0000\"]", "[\"\\u001f\"]",
  "[\"\\uFFFF\"]", "[\"\\uFFFE\"]", "[\"\\uFDD0\"]", "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"\\x41\"]",
  "[\"\\101\"]", "[\"\\a\"]", "[\"\\'\"]", "[\"caf\xc3\xa9\"]", "[\"\xe2\x82\xac\"]",
  "[\"\xf0\x9f\x98\x80\"]", "[\"\xc3\"]", "[\"\xff\"]", "[\"\xed\xa0\x80\"]", "[\"a\tb\"]",
  "[\"a\nb\"]", "[\"\x7f\"]", "['x']", "[\"unterminated]", "{\"\":1}", "{\"\\u00e9\":1}",
  /* objects */
  "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":[1,{\"a\":2}],\"a\":{}}",
  "{\"a\":1,}", "[1,]", "{,}", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{1:1}", "{a:1}",
  "{\"a\":1 \"b\":2}", "[1 2]", "{\"a\":1}}", "[1]]", "{\"a\":1", "[1", "]", "}",
  /* words, trailing text, comments */
  "[tru]", "[truee]", "[True]", "[nul]", "[null1]", "{} {}", "[] x", "1 2", "\"a\" \"b\"",
  "[1] // c", "[1 /* c */]", "/* c */ [1]", "[1]\x00", "\xef\xbb\xbf[1]", "[\f1]", "[\v1]",
  "", "   ", "x", "@", "[\xc3\xa9]",
  /* depth */
  "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]", "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]",
  "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}",
  "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}",
};

static void
test_parser_edge_cases (void)
{
  guint n_accepted = 0;

  for (guint i = 0; i < G_N_ELEMENTS (edge_cases); i++)
    {
      gboolean accepted;

      assert_same_answer ("edge case", edge_cases[i], strlen (edge_cases[i]), &accepted);
      n_accepted += accepted;
    }
  /* Both sides of the line are covered. */
  g_assert_cmpuint (n_accepted, >, 40);
  g_assert_cmpuint (n_accepted, <, G_N_ELEMENTS (edge_cases) - 40);
}

/* Every file of the fuzz corpus, and @n_mutations seeded mutations of each:
 * bytes changed, inserted from JSON's alphabet, deleted or repeated. */
static void
check_corpus (guint n_mutations)
{
  static const char alphabet[] = "{}[]:,\"\\/ \t\n0123456789-+.eEuabfnrtxlsDd\x7f\xc3\xa9\xff";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GDir) dir = g_dir_open (CORPUS_DIR, 0, NULL);
  const char *sub;
  guint n_files = 0, n_accepted = 0;

  g_assert_nonnull (dir);
  while ((sub = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (CORPUS_DIR, sub, NULL);
      g_autoptr(GDir) files = g_dir_open (path, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *contents = NULL;
          gsize length;
          gboolean accepted;

          g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
          assert_same_answer (file, contents, length, &accepted);
          n_files++;
          n_accepted += accepted;
          for (guint m = 0; m < n_mutations && length > 0; m++)
            {
              g_autoptr(GString) mutant = g_string_new_len (contents, (gssize) length);
              guint at = (guint) g_rand_int_range (rand, 0, (gint32) length);
              guint span = (guint) g_rand_int_range (rand, 1, 8);

              switch (g_rand_int_range (rand, 0, 4))
                {
                case 0:
                  mutant->str[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
                  break;
                case 1:
                  g_string_insert_c (mutant, at, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
                  break;
                case 2:
                  g_string_erase (mutant, at, MIN (span, length - at));
                  break;
                default:
                  g_string_insert_len (mutant, at, contents + at, MIN (span, length - at));
                  break;
                }
              assert_same_answer (file, mutant->str, mutant->len, &accepted);
              n_accepted += accepted;
            }
        }
    }
  g_assert_cmpuint (n_files, >, 100);
  g_assert_cmpuint (n_accepted, >, n_files / 4);
}

static void
test_parser_corpus (void)
{
  check_corpus (0);
}

static void
test_parser_mutations (void)
{
  check_corpus (g_test_thorough () ? 2000 : 150);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-parser/edge-cases", test_parser_edge_cases);
  g_test_add_func ("/core/json-parser/corpus", test_parser_corpus);
  g_test_add_func ("/core/json-parser/mutations", test_parser_mutations);
  return g_test_run ();
}
