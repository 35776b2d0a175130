/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-json.c: parsing untrusted JSON text, and encoding every domain type
 * and request with the wire names of the contract. Decoders live in
 * procure-json-decode.c.
 */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "procure-error.h"
#include "procure-json.h"
#include "procure-json-private.h"

/* ====================================================================== */
/* Parsing untrusted text                                                 */
/* ====================================================================== */

/* json-glib recurses once per nesting level and silently wraps integers
 * outside 64 bits, so the text is scanned first: nesting depth, and every
 * integer literal checked against the gint64 range. */

static gboolean
integer_literal_fits (const char *start,
                      gsize       len)
{
  static const char max_positive[] = "9223372036854775807";
  static const char max_negative[] = "9223372036854775808";
  gboolean negative = start[0] == '-';
  const char *digits = negative ? start + 1 : start;
  gsize n = negative ? len - 1 : len;
  const char *limit = negative ? max_negative : max_positive;

  while (n > 1 && digits[0] == '0')
    {
      digits++;
      n--;
    }
  if (n != sizeof max_positive - 1)
    return n < sizeof max_positive - 1;
  return memcmp (digits, limit, n) <= 0;
}

/* A fractional or exponent literal must be a finite double: json-glib
 * would turn "1e999" into infinity, which serialises as "inf" (not JSON). */
static gboolean
double_literal_finite (const char *start,
                       gsize       len)
{
  g_autofree char *text = g_strndup (start, len);

  return isfinite (g_ascii_strtod (text, NULL));
}

/* TRUE if data[0..len) is a number as RFC 8259 writes it:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. json-glib's scanner also
 * takes "010", "0x10", "1." and "- 1"; a client sending those has a bug
 * the API should name, not a number it should guess. */
static gboolean
number_literal_is_json (const char *s,
                        gsize       len)
{
  gsize i = 0, digits;

  if (i < len && s[i] == '-')
    i++;
  if (i < len && s[i] == '0')
    i++;
  else
    {
      for (digits = 0; i < len && g_ascii_isdigit (s[i]); i++)
        digits++;
      if (digits == 0)
        return FALSE;
    }
  if (i < len && s[i] == '.')
    {
      for (i++, digits = 0; i < len && g_ascii_isdigit (s[i]); i++)
        digits++;
      if (digits == 0)
        return FALSE;
    }
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      for (digits = 0; i < len && g_ascii_isdigit (s[i]); i++)
        digits++;
      if (digits == 0)
        return FALSE;
    }
  return i == len;
}

/* Scans the number starting at @data[*i] up to the next delimiter; FALSE
 * (with @error) if it is not written as JSON allows, is an integer that
 * does not fit in gint64 or a double that overflows. Leaves *i on the
 * number's last byte. */
static gboolean
scan_number (const char *data,
             gsize       length,
             gsize      *i,
             GError    **error)
{
  gsize start = *i, end = *i;
  gboolean integer = TRUE, fits;

  while (end < length && (g_ascii_isalnum (data[end]) || strchr ("+-.", data[end]) != NULL))
    {
      if (strchr (".eE", data[end]) != NULL)
        integer = FALSE;
      end++;
    }
  *i = end - 1;
  if (!number_literal_is_json (data + start, end - start))
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                         "Invalid JSON: \"%.*s\" is not a JSON number",
                         (int) MIN (end - start, 32), data + start);
      return FALSE;
    }
  fits = integer ? integer_literal_fits (data + start, end - start)
                 : double_literal_finite (data + start, end - start);
  if (!fits)
    procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                       "A number is outside the 64-bit or double range");
  return fits;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Scans a bare word at data[*i], leaving *i on its last byte; FALSE
 * (with @error) unless it is true, false or null. */
static gboolean
scan_word (const char *data,
           gsize       length,
           gsize      *i,
           GError    **error)
{
  gsize start = *i;
  gsize len;

  while (*i + 1 < length && g_ascii_isalnum (data[*i + 1]))
    (*i)++;
  len = *i - start + 1;
  if ((len == 4 && (memcmp (data + start, "true", 4) == 0 || memcmp (data + start, "null", 4) == 0)) ||
      (len == 5 && memcmp (data + start, "false", 5) == 0))
    return TRUE;
  procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                     "Invalid JSON: unexpected \"%.*s\"", (int) MIN (len, 32), data + start);
  return FALSE;
}

static gboolean
prescan_fail (GError    **error,
              const char *message)
{
  procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "%s", message);
  return FALSE;
}

/* Scans the escape sequence at data[*j] (a backslash), leaving *j on its
 * last byte; *unit is the UTF-16 unit of a \uXXXX escape, else -1. Only
 * JSON's escapes are allowed, and not \u0000 (a C string would cut there). */
static gboolean
scan_escape (const char *data,
             gsize       length,
             gsize      *j,
             int        *unit)
{
  char next = *j + 1 < length ? data[*j + 1] : '\0';

  *unit = -1;
  if (next != '\0' && strchr ("\"\\/bfnrt", next) != NULL)
    {
      *j += 1;
      return TRUE;
    }
  if (next != 'u' || *j + 5 >= length)
    return FALSE;
  *unit = 0;
  for (gsize k = *j + 2; k < *j + 6; k++)
    {
      if (!g_ascii_isxdigit (data[k]))
        return FALSE;
      *unit = *unit * 16 + g_ascii_xdigit_value (data[k]);
    }
  *j += 5;
  return *unit != 0;
}

/* Surrogates must come in high-low pairs; *high says a high one waits. */
static gboolean
surrogate_ok (int       unit,
              gboolean *high)
{
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      gboolean was_high = *high;

      *high = TRUE;
      return !was_high;
    }
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    {
      gboolean was_high = *high;

      *high = FALSE;
      return was_high;
    }
  return !*high;
}

/* Scans the string whose opening quote is at data[*i], leaving *i on the
 * closing quote. json-glib 1.6 accepts octal escapes, lone surrogates and
 * raw control characters, turning them into invalid UTF-8 that would be
 * stored and sent back, and leaks memory on a bad \u escape: all refused
 * here first. */
static gboolean
scan_string (const char *data,
             gsize       length,
             gsize      *i,
             GError    **error)
{
  gboolean high = FALSE;

  for (gsize j = *i + 1; j < length; j++)
    {
      guchar c = (guchar) data[j];
      int unit = -1;

      if (c < 0x20)
        return prescan_fail (error, "A control character in a JSON string");
      if (c == '\\' && !scan_escape (data, length, &j, &unit))
        return prescan_fail (error, "An invalid escape in a JSON string");
      if (!surrogate_ok (unit, &high))
        return prescan_fail (error, "An unpaired surrogate in a JSON string");
      if (c == '"')
        {
          *i = j;
          return TRUE;
        }
    }
  return prescan_fail (error, "An unterminated JSON string");
}

/* Besides depth and integer range, refuses anything after the first
 * complete top-level value: json-glib 1.6 leaks the nodes it has built when
 * it fails on such trailing text, which would let any client leak server
 * memory with every request. */
static gboolean
prescan (const char *data,
         gsize       length,
         GError    **error)
{
  gboolean complete = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (is_json_space (c))
        continue;
      if (depth == 0 && complete)
        return prescan_fail (error, "Unexpected text after the JSON value");
      if (c == '"')
        {
          if (!scan_string (data, length, &i, error))
            return FALSE;
          complete = depth == 0;
        }
      else if ((c == '[' || c == '{') && ++depth > PROCURE_JSON_MAX_DEPTH)
        {
          procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                             "JSON nested deeper than %d levels", PROCURE_JSON_MAX_DEPTH);
          return FALSE;
        }
      else if (c == ']' || c == '}')
        {
          if (depth == 0)
            return prescan_fail (error, "Unbalanced bracket in JSON");
          complete = --depth == 0;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if (!scan_number (data, length, &i, error))
            return FALSE;
          complete = depth == 0;
        }
      else if (g_ascii_isalpha (c))
        {
          if (!scan_word (data, length, &i, error))
            return FALSE;
          complete = depth == 0;
        }
      else if (c != ',' && c != ':' && c != '[' && c != '{')
        {
          /* comments, single quotes and other characters json-glib's
           * scanner tolerates but JSON does not have */
          procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL,
                             "Invalid JSON: unexpected character \"%c\"", g_ascii_isprint (c) ? c : '?');
          return FALSE;
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* The fast path                                                           */
/* ---------------------------------------------------------------------- */

/* json-glib's scanner costs about three quarters of decoding an order, so
 * well-formed text is parsed here in one pass: strict RFC 8259 JSON plus
 * every rule prescan() enforces (depth, 64-bit integers, finite doubles,
 * JSON escapes only, no \u0000, paired surrogates, one value), building the
 * same nodes json-glib would. Anything it does not accept, it hands to the
 * reference path (UTF-8 check, prescan, json-glib), which then decides and
 * words the error exactly as before: the fast path can only accept text
 * the reference path accepts, never widen what is accepted. */

/* A growing NUL-terminated byte buffer: GString's appends are calls with
 * overlap checks, and there are several per string. */
typedef struct {
  char  *data;
  gsize  len;
  gsize  size;
} Buffer;

static void
buffer_append (Buffer     *buffer,
               const char *bytes,
               gsize       n)
{
  if (buffer->len + n + 1 > buffer->size)
    {
      buffer->size = MAX (buffer->size * 2, buffer->len + n + 1);
      buffer->data = g_realloc (buffer->data, buffer->size);
    }
  memcpy (buffer->data + buffer->len, bytes, n);
  buffer->len += n;
  buffer->data[buffer->len] = '\0';
}

typedef struct {
  const char *p;
  const char *end;
  int         depth;
  Buffer      text;   /* the string being decoded */
  Buffer      keys;   /* a stack of the member names being decoded, NUL-separated */
} FastParser;

static JsonNode *fast_value (FastParser *fp);

static void
fast_skip_space (FastParser *fp)
{
  while (fp->p < fp->end && is_json_space (*fp->p))
    fp->p++;
}

static int
hex4 (const char *p)
{
  int unit = 0;

  for (int k = 0; k < 4; k++)
    {
      if (!g_ascii_isxdigit (p[k]))
        return -1;
      unit = unit * 16 + g_ascii_xdigit_value (p[k]);
    }
  return unit;
}

/* Decodes the \uXXXX escape (and its low surrogate) at fp->p, which is on
 * the 'u', into fp->text. */
static gboolean
fast_unicode_escape (FastParser *fp)
{
  char utf8[6];
  gunichar c;
  int unit, low;

  if (fp->end - fp->p < 5 || (unit = hex4 (fp->p + 1)) <= 0)
    return FALSE;
  fp->p += 5;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return FALSE;
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      if (fp->end - fp->p < 6 || fp->p[0] != '\\' || fp->p[1] != 'u' ||
          (low = hex4 (fp->p + 2)) < 0xDC00 || low > 0xDFFF)
        return FALSE;
      fp->p += 6;
      c = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
    }
  else
    c = (gunichar) unit;
  buffer_append (&fp->text, utf8, (gsize) g_unichar_to_utf8 (c, utf8));
  return TRUE;
}

/* Decodes the escape at fp->p (on the backslash) into fp->text. */
static gboolean
fast_escape (FastParser *fp)
{
  static const char from[] = "\"\\/bfnrt";
  static const char to[] = "\"\\/\b\f\n\r\t";
  const char *found;

  if (++fp->p >= fp->end)
    return FALSE;
  if (*fp->p == 'u')
    return fast_unicode_escape (fp);
  if (*fp->p == '\0' || (found = strchr (from, *fp->p)) == NULL)
    return FALSE;
  buffer_append (&fp->text, &to[found - from], 1);
  fp->p++;
  return TRUE;
}

/* Past the printable ASCII other than '"' and '\\' from @p: most of a
 * string (a local pointer, which the compiler keeps in a register). */
static const char *
skip_plain (const char *p,
            const char *end)
{
  /* 0x22 is '"', 0x5c is '\\' */
  static const guint8 plain[256] = { [0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7f] = 1 };

  while (p < end && plain[(guchar) *p])
    p++;
  return p;
}

/* Decodes the string whose opening quote is at fp->p into fp->text, leaving
 * fp->p after the closing quote. */
static gboolean
fast_string (FastParser *fp)
{
  gboolean non_ascii = FALSE;
  const char *run;

  fp->text.len = 0;
  run = ++fp->p;
  while (fp->p < fp->end)
    {
      guchar c;

      fp->p = skip_plain (fp->p, fp->end);
      if (fp->p == fp->end)
        break;
      c = (guchar) *fp->p;
      if (c == '"')
        {
          buffer_append (&fp->text, run, (gsize) (fp->p - run));
          fp->p++;
          /* Escapes decode to whole characters, so checking the result
           * checks the raw bytes between them. */
          return !non_ascii || g_utf8_validate_len (fp->text.data, fp->text.len, NULL);
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          buffer_append (&fp->text, run, (gsize) (fp->p - run));
          if (!fast_escape (fp))
            return FALSE;
          run = fp->p;
          continue;
        }
      non_ascii = TRUE;
      fp->p++;
    }
  return FALSE;
}

static gboolean
skip_digits (FastParser *fp)
{
  const char *start = fp->p;

  while (fp->p < fp->end && g_ascii_isdigit (*fp->p))
    fp->p++;
  return fp->p > start;
}

/* A number by RFC 8259's grammar: an integer that fits in gint64, or a
 * fraction/exponent that is a finite double (as prescan() demands). */
static JsonNode *
fast_number (FastParser *fp)
{
  const char *start = fp->p;
  gboolean integer = TRUE;
  char buffer[64];
  double value;
  gsize len;

  if (*fp->p == '-')
    fp->p++;
  if (fp->p < fp->end && *fp->p == '0')
    fp->p++;
  else if (!skip_digits (fp))
    return NULL;
  if (fp->p < fp->end && *fp->p == '.')
    {
      fp->p++;
      integer = FALSE;
      if (!skip_digits (fp))
        return NULL;
    }
  if (fp->p < fp->end && (*fp->p == 'e' || *fp->p == 'E'))
    {
      fp->p++;
      integer = FALSE;
      if (fp->p < fp->end && (*fp->p == '+' || *fp->p == '-'))
        fp->p++;
      if (!skip_digits (fp))
        return NULL;
    }
  len = (gsize) (fp->p - start);
  if (len >= sizeof buffer)
    return NULL;   /* unusual: left to the reference path */
  memcpy (buffer, start, len);
  buffer[len] = '\0';
  if (integer)
    return integer_literal_fits (start, len) ? json_node_init_int (json_node_alloc (), g_ascii_strtoll (buffer, NULL, 10))
                                             : NULL;
  value = g_ascii_strtod (buffer, NULL);
  return isfinite (value) ? json_node_init_double (json_node_alloc (), value) : NULL;
}

static gboolean
fast_word (FastParser *fp,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (fp->end - fp->p) < len || memcmp (fp->p, word, len) != 0)
    return FALSE;
  fp->p += len;
  return TRUE;
}

/* After a member or element: TRUE and past the ',' if another follows,
 * FALSE with *closed set when @close ends the container. */
static gboolean
fast_next (FastParser *fp,
           char        close,
           gboolean   *closed)
{
  fast_skip_space (fp);
  *closed = FALSE;
  if (fp->p < fp->end && *fp->p == ',')
    {
      fp->p++;
      fast_skip_space (fp);
      return TRUE;
    }
  if (fp->p < fp->end && *fp->p == close)
    {
      fp->p++;
      *closed = TRUE;
    }
  return FALSE;
}

/* One "name": value pair into @object. The name stays on fp->keys while the
 * value is parsed, as nested members push theirs above it. */
static gboolean
fast_member (FastParser *fp,
             JsonObject *object)
{
  gsize key = fp->keys.len;
  JsonNode *value;

  if (fp->p >= fp->end || *fp->p != '"' || !fast_string (fp))
    return FALSE;
  buffer_append (&fp->keys, fp->text.data, fp->text.len + 1);
  fast_skip_space (fp);
  if (fp->p >= fp->end || *fp->p != ':')
    return FALSE;
  fp->p++;
  fast_skip_space (fp);
  if ((value = fast_value (fp)) == NULL)
    return FALSE;
  json_object_set_member (object, fp->keys.data + key, value);
  fp->keys.len = key;
  return TRUE;
}

static JsonNode *
fast_object (FastParser *fp)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  gboolean closed = FALSE;

  json_node_take_object (node, object);
  fp->p++;
  fast_skip_space (fp);
  if (fp->p < fp->end && *fp->p == '}')
    {
      fp->p++;
      return node;
    }
  do
    {
      if (!fast_member (fp, object))
        break;
    }
  while (fast_next (fp, '}', &closed));
  if (!closed)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static JsonNode *
fast_array (FastParser *fp)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  gboolean closed = FALSE;

  json_node_take_array (node, array);
  fp->p++;
  fast_skip_space (fp);
  if (fp->p < fp->end && *fp->p == ']')
    {
      fp->p++;
      return node;
    }
  do
    {
      JsonNode *element = fast_value (fp);

      if (element == NULL)
        break;
      json_array_add_element (array, element);
    }
  while (fast_next (fp, ']', &closed));
  if (!closed)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static JsonNode *
fast_container (FastParser *fp)
{
  JsonNode *node;

  if (++fp->depth > PROCURE_JSON_MAX_DEPTH)
    return NULL;
  node = *fp->p == '{' ? fast_object (fp) : fast_array (fp);
  fp->depth--;
  return node;
}

/* The value at fp->p (no space before it); NULL if it is not one. */
static JsonNode *
fast_value (FastParser *fp)
{
  if (fp->p >= fp->end)
    return NULL;
  switch (*fp->p)
    {
    case '{':
    case '[':
      return fast_container (fp);
    case '"':
      return fast_string (fp) ? json_node_init_string (json_node_alloc (), fp->text.data) : NULL;
    case 't':
      return fast_word (fp, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return fast_word (fp, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return fast_word (fp, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return *fp->p == '-' || g_ascii_isdigit (*fp->p) ? fast_number (fp) : NULL;
    }
}

/* The whole text as one JSON value, sealed like json-glib's immutable
 * parser's nodes; NULL if the fast path does not accept it. */
static JsonNode *
fast_parse (const char *data,
            gsize       length)
{
  FastParser fp = { data, data + length, 0, { g_malloc (256), 0, 256 }, { g_malloc (512), 0, 512 } };
  JsonNode *root;

  fast_skip_space (&fp);
  root = fast_value (&fp);
  fast_skip_space (&fp);
  g_free (fp.text.data);
  g_free (fp.keys.data);
  if (root != NULL && fp.p != fp.end)
    g_clear_pointer (&root, json_node_unref);
  if (root != NULL)
    json_node_seal (root);
  return root;
}

JsonNode *
procure_json_parse_reference (const char *data,
                              gsize       len,
                              GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (len == 0)
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "Empty body");
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "The body is not valid UTF-8");
      return NULL;
    }
  if (!prescan (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "Invalid JSON: %s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      procure_set_error (error, PROCURE_ERROR_MALFORMED, NULL, "Empty body");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

JsonNode *
procure_json_parse (const char *data,
                    gssize      length,
                    GError    **error)
{
  JsonNode *node;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > 0 && (node = fast_parse (data, len)) != NULL)
    return node;
  return procure_json_parse_reference (data, len, error);
}

char *
procure_json_to_string (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return json_to_string (node, FALSE);
}

/* ====================================================================== */
/* Encoding                                                               */
/* ====================================================================== */

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static void
set_node (JsonObject *object,
          const char *name,
          JsonNode   *node)
{
  if (node != NULL)
    json_object_set_member (object, name, node);
  else
    json_object_set_null_member (object, name);
}

typedef JsonNode *(*EncodeFunc) (gconstpointer item);

static JsonArray *
encode_array (GPtrArray  *items,
              EncodeFunc  encode)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; items != NULL && i < items->len; i++)
    json_array_add_element (array, encode (g_ptr_array_index (items, i)));
  return array;
}

/* ---------- the emitter ---------- */

/* Each domain type has one encoder, written against this emitter, which
 * either builds a JsonNode (with a JsonBuilder) or writes the JSON text
 * straight away. The text form is what the server stores and answers: for
 * an order it spares building, printing and freeing a tree of some two
 * hundred nodes (about four fifths of the encoding's cost). */
typedef struct {
  JsonBuilder *builder;   /* building a node, or */
  GString     *text;      /* writing text */
  gboolean     comma;     /* text: what comes next at this level follows a value */
} Emit;

typedef void (*EmitFunc) (Emit *e, gconstpointer item);

static void
text_separate (Emit *e)
{
  if (e->comma)
    g_string_append_c (e->text, ',');
}

/* Writes @value's digits to the end of @buffer; returns where they start. */
static const char *
format_int (char   buffer[24],
            gint64 value)
{
  char *p = buffer + 23;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  *p = '\0';
  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';
  return p;
}

/* JSON string syntax: quote, backslash and control characters escaped;
 * everything else (UTF-8 included) as it is. */
static void
text_string (GString    *out,
             const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = value;
  const char *p;

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* @name is one of the contract's member names: plain ASCII. */
static void
emit_name (Emit       *e,
           const char *name)
{
  if (e->builder != NULL)
    {
      json_builder_set_member_name (e->builder, name);
      return;
    }
  text_separate (e);
  g_string_append_c (e->text, '"');
  g_string_append (e->text, name);
  g_string_append (e->text, "\":");
  e->comma = FALSE;
}

/* Opens ('{' or '[') or closes ('}' or ']') an object or an array. */
static void
emit_open (Emit *e,
           char  bracket)
{
  if (e->builder != NULL)
    {
      if (bracket == '{')
        json_builder_begin_object (e->builder);
      else
        json_builder_begin_array (e->builder);
      return;
    }
  text_separate (e);
  g_string_append_c (e->text, bracket);
  e->comma = FALSE;
}

static void
emit_close (Emit *e,
            char  bracket)
{
  if (e->builder != NULL)
    {
      if (bracket == '}')
        json_builder_end_object (e->builder);
      else
        json_builder_end_array (e->builder);
      return;
    }
  g_string_append_c (e->text, bracket);
  e->comma = TRUE;
}

/* Text: a number, true, false or null. */
static void
text_literal (Emit       *e,
              const char *literal)
{
  text_separate (e);
  g_string_append (e->text, literal);
  e->comma = TRUE;
}

static void
emit_null (Emit *e)
{
  if (e->builder != NULL)
    json_builder_add_null_value (e->builder);
  else
    text_literal (e, "null");
}

/* NULL is null. */
static void
emit_string (Emit       *e,
             const char *value)
{
  if (value == NULL)
    emit_null (e);
  else if (e->builder != NULL)
    json_builder_add_string_value (e->builder, value);
  else
    {
      text_separate (e);
      text_string (e->text, value);
      e->comma = TRUE;
    }
}

static void
emit_int (Emit   *e,
          gint64  value)
{
  char buffer[24];

  if (e->builder != NULL)
    json_builder_add_int_value (e->builder, value);
  else
    text_literal (e, format_int (buffer, value));
}

static void
emit_bool (Emit     *e,
           gboolean  value)
{
  if (e->builder != NULL)
    json_builder_add_boolean_value (e->builder, value);
  else
    text_literal (e, value ? "true" : "false");
}

static void
emit_string_member (Emit       *e,
                    const char *name,
                    const char *value)
{
  emit_name (e, name);
  emit_string (e, value);
}

static void
emit_int_member (Emit       *e,
                 const char *name,
                 gint64      value)
{
  emit_name (e, name);
  emit_int (e, value);
}

/* Negative is null (an unset threshold). */
static void
emit_int_or_null_member (Emit       *e,
                         const char *name,
                         gint64      value)
{
  emit_name (e, name);
  if (value >= 0)
    emit_int (e, value);
  else
    emit_null (e);
}

static void
emit_bool_member (Emit       *e,
                  const char *name,
                  gboolean    value)
{
  emit_name (e, name);
  emit_bool (e, value);
}

static void
emit_strv (Emit               *e,
           const char * const *strv)
{
  emit_open (e, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    emit_string (e, strv[i]);
  emit_close (e, ']');
}

/* A member whose value is @item encoded by @emit, or null without one. */
static void
emit_item_member (Emit          *e,
                  const char    *name,
                  EmitFunc       emit,
                  gconstpointer  item)
{
  emit_name (e, name);
  if (item != NULL)
    emit (e, item);
  else
    emit_null (e);
}

static void
emit_array_member (Emit       *e,
                   const char *name,
                   GPtrArray  *items,
                   EmitFunc    emit)
{
  emit_name (e, name);
  emit_open (e, '[');
  for (guint i = 0; items != NULL && i < items->len; i++)
    emit (e, g_ptr_array_index (items, i));
  emit_close (e, ']');
}

static JsonNode *
emit_to_node (EmitFunc      emit,
              gconstpointer item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Emit e = { builder, NULL, FALSE };

  emit (&e, item);
  return json_builder_get_root (builder);
}

static char *
emit_to_text (EmitFunc      emit,
              gconstpointer item)
{
  Emit e = { NULL, g_string_sized_new (1024), FALSE };

  emit (&e, item);
  return g_string_free (e.text, FALSE);
}

/* ---------- the domain types ---------- */

static void
add_settings_members (Emit                  *e,
                      const ProcureSettings *settings)
{
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    emit_string_member (e, procure_setting_to_string (i), settings != NULL ? settings->values[i] : NULL);
}

/* Nulls for unset settings, and for no settings at all. */
static void
emit_settings (Emit          *e,
               gconstpointer  item)
{
  emit_open (e, '{');
  add_settings_members (e, item);
  emit_close (e, '}');
}

static void
emit_entitlements (Emit          *e,
                   gconstpointer  item)
{
  const ProcureEntitlements *entitlements = item;

  emit_open (e, '{');
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    {
      emit_name (e, procure_setting_to_string (i));
      emit_strv (e, entitlements != NULL ? (const char * const *) entitlements->values[i] : NULL);
    }
  emit_close (e, '}');
}

static void
emit_address (Emit          *e,
              gconstpointer  item)
{
  const ProcureAddress *address = item;

  emit_open (e, '{');
  if (address->id != NULL)
    emit_string_member (e, "id", address->id);
  emit_string_member (e, "name", address->name);
  emit_string_member (e, "company", address->company);
  emit_string_member (e, "street", address->street);
  emit_string_member (e, "city", address->city);
  emit_string_member (e, "postal_code", address->postal_code);
  emit_string_member (e, "region", address->region);
  emit_string_member (e, "country", address->country);
  emit_string_member (e, "phone", address->phone);
  emit_close (e, '}');
}

static void
emit_user (Emit          *e,
           gconstpointer  item)
{
  const ProcureUser *user = item;

  emit_open (e, '{');
  emit_string_member (e, "id", user->id);
  emit_string_member (e, "login", user->login);
  emit_string_member (e, "name", user->name);
  emit_string_member (e, "role", procure_role_to_string (user->role));
  emit_string_member (e, "account_id", user->account_id);
  emit_close (e, '}');
}

static void
emit_account (Emit          *e,
              gconstpointer  item)
{
  const ProcureAccount *account = item;

  emit_open (e, '{');
  emit_string_member (e, "id", account->id);
  emit_string_member (e, "name", account->name);
  emit_string_member (e, "currency", account->currency);
  emit_bool_member (e, "allow_default_override", account->allow_default_override);
  emit_int_or_null_member (e, "approval_threshold", account->approval_threshold);
  emit_int_or_null_member (e, "second_approval_threshold", account->second_approval_threshold);
  emit_name (e, "defaults");
  emit_settings (e, account->defaults);
  emit_name (e, "entitlements");
  emit_entitlements (e, account->entitlements);
  emit_array_member (e, "addresses", account->addresses, emit_address);
  emit_string_member (e, "updated_at", account->updated_at);
  emit_close (e, '}');
}

static void
emit_product (Emit          *e,
              gconstpointer  item)
{
  const ProcureProduct *product = item;

  emit_open (e, '{');
  emit_string_member (e, "id", product->id);
  emit_string_member (e, "code", product->code);
  emit_string_member (e, "name", product->name);
  emit_string_member (e, "form_factor", product->form_factor);
  emit_name (e, "features");
  emit_strv (e, (const char * const *) product->features);
  emit_string_member (e, "branding", product->branding);
  emit_string_member (e, "description", product->description);
  emit_int_member (e, "unit_price", product->unit_price);
  emit_string_member (e, "currency", product->currency);
  emit_int_member (e, "min_quantity", product->min_quantity);
  emit_int_member (e, "max_quantity", product->max_quantity);
  emit_int_member (e, "quantity_multiple", product->quantity_multiple);
  emit_int_member (e, "stock", product->stock);
  emit_bool_member (e, "active", product->active);
  if (product->account_ids != NULL)
    {
      emit_name (e, "account_ids");
      emit_strv (e, (const char * const *) product->account_ids);
    }
  emit_string_member (e, "updated_at", product->updated_at);
  emit_close (e, '}');
}

static void
emit_line (Emit          *e,
           gconstpointer  item)
{
  const ProcureOrderLine *line = item;

  emit_open (e, '{');
  emit_string_member (e, "product_id", line->product_id);
  emit_int_member (e, "quantity", line->quantity);
  emit_int_member (e, "unit_price", line->unit_price);
  emit_int_member (e, "line_total", line->line_total);
  emit_string_member (e, "product_code", line->product_code);
  emit_string_member (e, "product_name", line->product_name);
  emit_close (e, '}');
}

static void
emit_approval (Emit          *e,
               gconstpointer  item)
{
  const ProcureApproval *approval = item;

  emit_open (e, '{');
  emit_string_member (e, "user_id", approval->user_id);
  emit_string_member (e, "user_name", approval->user_name);
  emit_string_member (e, "at", approval->at);
  emit_close (e, '}');
}

static void
emit_history_entry (Emit          *e,
                    gconstpointer  item)
{
  const ProcureHistoryEntry *entry = item;

  emit_open (e, '{');
  emit_string_member (e, "actor_id", entry->actor_id);
  emit_string_member (e, "actor_name", entry->actor_name);
  emit_string_member (e, "at", entry->at);
  emit_string_member (e, "action", procure_action_to_string (entry->action));
  emit_string_member (e, "from", procure_status_to_string (entry->from));
  emit_string_member (e, "to", procure_status_to_string (entry->to));
  emit_string_member (e, "comment", entry->comment);
  emit_close (e, '}');
}

static void
emit_shipment (Emit          *e,
               gconstpointer  item)
{
  const ProcureShipment *shipment = item;

  emit_open (e, '{');
  emit_string_member (e, "carrier", shipment->carrier);
  emit_string_member (e, "tracking_number", shipment->tracking_number);
  emit_string_member (e, "shipped_at", shipment->shipped_at);
  emit_close (e, '}');
}

static void
emit_comment (Emit          *e,
              gconstpointer  item)
{
  const ProcureComment *comment = item;

  emit_open (e, '{');
  emit_string_member (e, "id", comment->id);
  emit_string_member (e, "author_id", comment->author_id);
  emit_string_member (e, "author_name", comment->author_name);
  emit_string_member (e, "at", comment->at);
  emit_string_member (e, "body", comment->body);
  emit_close (e, '}');
}

static void
emit_order (Emit          *e,
            gconstpointer  item)
{
  const ProcureOrder *order = item;

  emit_open (e, '{');
  emit_string_member (e, "id", order->id);
  emit_string_member (e, "number", order->number);
  emit_string_member (e, "account_id", order->account_id);
  emit_string_member (e, "account_name", order->account_name);
  emit_string_member (e, "status", procure_status_to_string (order->status));
  emit_int_member (e, "version", order->version);
  emit_string_member (e, "created_by", order->created_by);
  emit_string_member (e, "created_by_name", order->created_by_name);
  emit_string_member (e, "created_at", order->created_at);
  emit_string_member (e, "updated_at", order->updated_at);
  emit_bool_member (e, "on_behalf", order->on_behalf);
  emit_array_member (e, "lines", order->lines, emit_line);
  emit_string_member (e, "currency", order->currency);
  emit_int_member (e, "total", order->total);
  emit_item_member (e, "shipping_address", emit_address, order->shipping_address);
  emit_string_member (e, "requested_ship_date", order->requested_ship_date);
  emit_name (e, "overrides");
  emit_settings (e, order->overrides);
  emit_name (e, "effective");
  emit_settings (e, order->effective);
  emit_string_member (e, "notes", order->notes);
  emit_item_member (e, "shipment", emit_shipment, order->shipment);
  emit_int_member (e, "sim_count", order->sim_count);
  emit_array_member (e, "approvals", order->approvals, emit_approval);
  emit_array_member (e, "history", order->history, emit_history_entry);
  emit_array_member (e, "comments", order->comments, emit_comment);
  emit_close (e, '}');
}

static void
emit_sim (Emit          *e,
          gconstpointer  item)
{
  const ProcureSim *sim = item;

  emit_open (e, '{');
  emit_string_member (e, "iccid", sim->iccid);
  emit_string_member (e, "imsi", sim->imsi);
  emit_string_member (e, "msisdn", sim->msisdn);
  emit_string_member (e, "account_id", sim->account_id);
  emit_string_member (e, "order_id", sim->order_id);
  emit_string_member (e, "product_id", sim->product_id);
  add_settings_members (e, sim->settings);
  emit_close (e, '}');
}

JsonNode *
procure_settings_to_json (const ProcureSettings *settings)
{
  return emit_to_node (emit_settings, settings);
}

JsonNode *
procure_entitlements_to_json (const ProcureEntitlements *entitlements)
{
  return emit_to_node (emit_entitlements, entitlements);
}

JsonNode *
procure_address_to_json (const ProcureAddress *address)
{
  g_return_val_if_fail (address != NULL, NULL);
  return emit_to_node (emit_address, address);
}

JsonNode *
procure_user_to_json (const ProcureUser *user)
{
  g_return_val_if_fail (user != NULL, NULL);
  return emit_to_node (emit_user, user);
}

JsonNode *
procure_account_to_json (const ProcureAccount *account)
{
  g_return_val_if_fail (account != NULL, NULL);
  return emit_to_node (emit_account, account);
}

char *
procure_account_to_text (const ProcureAccount *account)
{
  g_return_val_if_fail (account != NULL, NULL);
  return emit_to_text (emit_account, account);
}

JsonNode *
procure_product_to_json (const ProcureProduct *product)
{
  g_return_val_if_fail (product != NULL, NULL);
  return emit_to_node (emit_product, product);
}

char *
procure_product_to_text (const ProcureProduct *product)
{
  g_return_val_if_fail (product != NULL, NULL);
  return emit_to_text (emit_product, product);
}

JsonNode *
procure_shipment_to_json (const ProcureShipment *shipment)
{
  g_return_val_if_fail (shipment != NULL, NULL);
  return emit_to_node (emit_shipment, shipment);
}

JsonNode *
procure_comment_to_json (const ProcureComment *comment)
{
  g_return_val_if_fail (comment != NULL, NULL);
  return emit_to_node (emit_comment, comment);
}

JsonNode *
procure_order_to_json (const ProcureOrder *order)
{
  g_return_val_if_fail (order != NULL, NULL);
  return emit_to_node (emit_order, order);
}

char *
procure_order_to_text (const ProcureOrder *order)
{
  g_return_val_if_fail (order != NULL, NULL);
  return emit_to_text (emit_order, order);
}

JsonNode *
procure_sim_to_json (const ProcureSim *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);
  return emit_to_node (emit_sim, sim);
}

char *
procure_sim_to_text (const ProcureSim *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);
  return emit_to_text (emit_sim, sim);
}

/* Request encoders: members the client has not set are left out. */

static void
set_optional_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* In requests a member not filled in is left out (the server names it as
 * missing or unknown); null there is a type error. */
static JsonNode *
line_request_to_json (const ProcureLineRequest *line)
{
  JsonObject *object = json_object_new ();

  set_optional_string (object, "product_id", line->product_id);
  json_object_set_int_member (object, "quantity", line->quantity);
  return object_node (object);
}

JsonNode *
procure_order_request_to_json (const ProcureOrderRequest *request)
{
  JsonObject *object;

  g_return_val_if_fail (request != NULL, NULL);

  object = json_object_new ();
  if (request->account_id != NULL)
    json_object_set_string_member (object, "account_id", request->account_id);
  if (request->has_lines)
    json_object_set_array_member (object, "lines", encode_array (request->lines, (EncodeFunc) line_request_to_json));
  if (request->has_shipping_address)
    set_node (object, "shipping_address",
              request->shipping_address != NULL ? procure_address_to_json (request->shipping_address) : NULL);
  if (request->address_id != NULL)
    json_object_set_string_member (object, "address_id", request->address_id);
  if (request->has_requested_ship_date)
    set_string (object, "requested_ship_date", request->requested_ship_date);
  if (request->has_overrides)
    json_object_set_member (object, "overrides", procure_settings_to_json (request->overrides));
  if (request->has_notes)
    set_string (object, "notes", request->notes);
  return object_node (object);
}

static JsonNode *
sim_identity_to_json (const ProcureSim *sim)
{
  JsonObject *object = json_object_new ();

  set_optional_string (object, "iccid", sim->iccid);
  set_optional_string (object, "imsi", sim->imsi);
  set_optional_string (object, "msisdn", sim->msisdn);
  return object_node (object);
}

JsonNode *
procure_action_request_to_json (const ProcureActionRequest *request)
{
  JsonObject *object;

  g_return_val_if_fail (request != NULL, NULL);

  object = json_object_new ();
  set_optional_string (object, "comment", request->comment);
  set_optional_string (object, "number", request->number);
  if (request->sims != NULL)
    json_object_set_array_member (object, "sims", encode_array (request->sims, (EncodeFunc) sim_identity_to_json));
  set_optional_string (object, "carrier", request->carrier);
  set_optional_string (object, "tracking_number", request->tracking_number);
  set_optional_string (object, "shipped_at", request->shipped_at);
  return object_node (object);
}

JsonNode *
procure_error_to_json (const char *code,
                       const char *message,
                       const char *field)
{
  JsonObject *inner = json_object_new ();
  JsonObject *outer = json_object_new ();

  set_string (inner, "code", code != NULL ? code : "internal");
  set_string (inner, "message", message != NULL ? message : "");
  set_string (inner, "field", field);
  json_object_set_object_member (outer, "error", inner);
  return object_node (outer);
}

JsonNode *
procure_gerror_to_json (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PROCURE_ERROR)
    return procure_error_to_json ("internal", error->message, NULL);
  return procure_error_to_json (procure_error_code_to_string (error->code), error->message,
                                procure_error_get_field (error));
}
