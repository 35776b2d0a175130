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

static void
set_int_or_null (JsonObject *object,
                 const char *name,
                 gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
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

static void
add_settings_members (JsonObject            *object,
                      const ProcureSettings *settings)
{
  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    set_string (object, procure_setting_to_string (i), settings != NULL ? settings->values[i] : NULL);
}

JsonNode *
procure_settings_to_json (const ProcureSettings *settings)
{
  JsonObject *object = json_object_new ();

  add_settings_members (object, settings);
  return object_node (object);
}

JsonNode *
procure_entitlements_to_json (const ProcureEntitlements *entitlements)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < PROCURE_N_SETTINGS; i++)
    json_object_set_array_member (object, procure_setting_to_string (i),
                                  strv_to_array (entitlements != NULL ?
                                                 (const char * const *) entitlements->values[i] : NULL));
  return object_node (object);
}

JsonNode *
procure_address_to_json (const ProcureAddress *address)
{
  JsonObject *object;

  g_return_val_if_fail (address != NULL, NULL);

  object = json_object_new ();
  if (address->id != NULL)
    json_object_set_string_member (object, "id", address->id);
  set_string (object, "name", address->name);
  set_string (object, "company", address->company);
  set_string (object, "street", address->street);
  set_string (object, "city", address->city);
  set_string (object, "postal_code", address->postal_code);
  set_string (object, "region", address->region);
  set_string (object, "country", address->country);
  set_string (object, "phone", address->phone);
  return object_node (object);
}

JsonNode *
procure_user_to_json (const ProcureUser *user)
{
  JsonObject *object;

  g_return_val_if_fail (user != NULL, NULL);

  object = json_object_new ();
  set_string (object, "id", user->id);
  set_string (object, "login", user->login);
  set_string (object, "name", user->name);
  set_string (object, "role", procure_role_to_string (user->role));
  set_string (object, "account_id", user->account_id);
  return object_node (object);
}

JsonNode *
procure_account_to_json (const ProcureAccount *account)
{
  JsonObject *object;

  g_return_val_if_fail (account != NULL, NULL);

  object = json_object_new ();
  set_string (object, "id", account->id);
  set_string (object, "name", account->name);
  set_string (object, "currency", account->currency);
  json_object_set_boolean_member (object, "allow_default_override", account->allow_default_override);
  set_int_or_null (object, "approval_threshold", account->approval_threshold);
  set_int_or_null (object, "second_approval_threshold", account->second_approval_threshold);
  json_object_set_member (object, "defaults", procure_settings_to_json (account->defaults));
  json_object_set_member (object, "entitlements", procure_entitlements_to_json (account->entitlements));
  json_object_set_array_member (object, "addresses",
                                encode_array (account->addresses, (EncodeFunc) procure_address_to_json));
  set_string (object, "updated_at", account->updated_at);
  return object_node (object);
}

JsonNode *
procure_product_to_json (const ProcureProduct *product)
{
  JsonObject *object;

  g_return_val_if_fail (product != NULL, NULL);

  object = json_object_new ();
  set_string (object, "id", product->id);
  set_string (object, "code", product->code);
  set_string (object, "name", product->name);
  set_string (object, "form_factor", product->form_factor);
  json_object_set_array_member (object, "features", strv_to_array ((const char * const *) product->features));
  set_string (object, "branding", product->branding);
  set_string (object, "description", product->description);
  json_object_set_int_member (object, "unit_price", product->unit_price);
  set_string (object, "currency", product->currency);
  json_object_set_int_member (object, "min_quantity", product->min_quantity);
  json_object_set_int_member (object, "max_quantity", product->max_quantity);
  json_object_set_int_member (object, "quantity_multiple", product->quantity_multiple);
  json_object_set_int_member (object, "stock", product->stock);
  json_object_set_boolean_member (object, "active", product->active);
  if (product->account_ids != NULL)
    json_object_set_array_member (object, "account_ids",
                                  strv_to_array ((const char * const *) product->account_ids));
  set_string (object, "updated_at", product->updated_at);
  return object_node (object);
}

static JsonNode *
line_to_json (const ProcureOrderLine *line)
{
  JsonObject *object = json_object_new ();

  set_string (object, "product_id", line->product_id);
  json_object_set_int_member (object, "quantity", line->quantity);
  json_object_set_int_member (object, "unit_price", line->unit_price);
  json_object_set_int_member (object, "line_total", line->line_total);
  set_string (object, "product_code", line->product_code);
  set_string (object, "product_name", line->product_name);
  return object_node (object);
}

static JsonNode *
approval_to_json (const ProcureApproval *approval)
{
  JsonObject *object = json_object_new ();

  set_string (object, "user_id", approval->user_id);
  set_string (object, "user_name", approval->user_name);
  set_string (object, "at", approval->at);
  return object_node (object);
}

static JsonNode *
history_entry_to_json (const ProcureHistoryEntry *entry)
{
  JsonObject *object = json_object_new ();

  set_string (object, "actor_id", entry->actor_id);
  set_string (object, "actor_name", entry->actor_name);
  set_string (object, "at", entry->at);
  set_string (object, "action", procure_action_to_string (entry->action));
  set_string (object, "from", procure_status_to_string (entry->from));
  set_string (object, "to", procure_status_to_string (entry->to));
  set_string (object, "comment", entry->comment);
  return object_node (object);
}

JsonNode *
procure_shipment_to_json (const ProcureShipment *shipment)
{
  JsonObject *object;

  g_return_val_if_fail (shipment != NULL, NULL);

  object = json_object_new ();
  set_string (object, "carrier", shipment->carrier);
  set_string (object, "tracking_number", shipment->tracking_number);
  set_string (object, "shipped_at", shipment->shipped_at);
  return object_node (object);
}

JsonNode *
procure_comment_to_json (const ProcureComment *comment)
{
  JsonObject *object;

  g_return_val_if_fail (comment != NULL, NULL);

  object = json_object_new ();
  set_string (object, "id", comment->id);
  set_string (object, "author_id", comment->author_id);
  set_string (object, "author_name", comment->author_name);
  set_string (object, "at", comment->at);
  set_string (object, "body", comment->body);
  return object_node (object);
}

static void
add_order_header (JsonObject         *object,
                  const ProcureOrder *order)
{
  set_string (object, "id", order->id);
  set_string (object, "number", order->number);
  set_string (object, "account_id", order->account_id);
  set_string (object, "account_name", order->account_name);
  set_string (object, "status", procure_status_to_string (order->status));
  json_object_set_int_member (object, "version", order->version);
  set_string (object, "created_by", order->created_by);
  set_string (object, "created_by_name", order->created_by_name);
  set_string (object, "created_at", order->created_at);
  set_string (object, "updated_at", order->updated_at);
  json_object_set_boolean_member (object, "on_behalf", order->on_behalf);
}

JsonNode *
procure_order_to_json (const ProcureOrder *order)
{
  JsonObject *object;

  g_return_val_if_fail (order != NULL, NULL);

  object = json_object_new ();
  add_order_header (object, order);
  json_object_set_array_member (object, "lines", encode_array (order->lines, (EncodeFunc) line_to_json));
  set_string (object, "currency", order->currency);
  json_object_set_int_member (object, "total", order->total);
  set_node (object, "shipping_address",
            order->shipping_address != NULL ? procure_address_to_json (order->shipping_address) : NULL);
  set_string (object, "requested_ship_date", order->requested_ship_date);
  json_object_set_member (object, "overrides", procure_settings_to_json (order->overrides));
  json_object_set_member (object, "effective", procure_settings_to_json (order->effective));
  set_string (object, "notes", order->notes);
  set_node (object, "shipment", order->shipment != NULL ? procure_shipment_to_json (order->shipment) : NULL);
  json_object_set_int_member (object, "sim_count", order->sim_count);
  json_object_set_array_member (object, "approvals", encode_array (order->approvals, (EncodeFunc) approval_to_json));
  json_object_set_array_member (object, "history", encode_array (order->history, (EncodeFunc) history_entry_to_json));
  json_object_set_array_member (object, "comments", encode_array (order->comments, (EncodeFunc) procure_comment_to_json));
  return object_node (object);
}

JsonNode *
procure_sim_to_json (const ProcureSim *sim)
{
  JsonObject *object;

  g_return_val_if_fail (sim != NULL, NULL);

  object = json_object_new ();
  set_string (object, "iccid", sim->iccid);
  set_string (object, "imsi", sim->imsi);
  set_string (object, "msisdn", sim->msisdn);
  set_string (object, "account_id", sim->account_id);
  set_string (object, "order_id", sim->order_id);
  set_string (object, "product_id", sim->product_id);
  add_settings_members (object, sim->settings);
  return object_node (object);
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
