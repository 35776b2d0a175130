/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-response: the client's decoders of server responses (lenient mode),
 * built once per object type with -DFUZZ_RESPONSE="order" (or "account",
 * "product", "sim", "user").
 *
 * Properties checked beyond "no crash, no leak":
 *  - whatever decodes re-encodes, and the encoding decodes strictly (the
 *    encoder writes only members the decoders know) to the same encoding;
 *  - whatever decodes strictly also decodes leniently, to the same object.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"

#ifndef FUZZ_RESPONSE
#error "define FUZZ_RESPONSE to the object type"
#endif

typedef gpointer (*DecodeFunc) (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
typedef JsonNode *(*EncodeFunc) (gconstpointer object);

typedef struct {
  const char     *name;
  DecodeFunc      decode;
  EncodeFunc      encode;
  GDestroyNotify  free;
} Codec;

static const Codec codecs[] = {
  { "order", (DecodeFunc) procure_order_from_json, (EncodeFunc) procure_order_to_json,
    (GDestroyNotify) procure_order_unref },
  { "account", (DecodeFunc) procure_account_from_json, (EncodeFunc) procure_account_to_json,
    (GDestroyNotify) procure_account_unref },
  { "product", (DecodeFunc) procure_product_from_json, (EncodeFunc) procure_product_to_json,
    (GDestroyNotify) procure_product_unref },
  { "sim", (DecodeFunc) procure_sim_from_json, (EncodeFunc) procure_sim_to_json,
    (GDestroyNotify) procure_sim_free },
  { "user", (DecodeFunc) procure_user_from_json, (EncodeFunc) procure_user_to_json,
    (GDestroyNotify) procure_user_free },
};

static const Codec *
get_codec (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    if (g_str_equal (codecs[i].name, FUZZ_RESPONSE))
      return &codecs[i];
  g_assert_not_reached ();
}

/* Decodes @node in @mode; returns its encoding, or NULL when refused. */
static JsonNode *
decode_encode (const Codec     *codec,
               JsonNode        *node,
               ProcureJsonMode  mode)
{
  g_autoptr(GError) error = NULL;
  gpointer object = codec->decode (node, mode, NULL, &error);
  JsonNode *encoded;

  if (object == NULL)
    {
      fuzz_check_procure_error (error);
      return NULL;
    }
  g_assert_no_error (error);
  encoded = codec->encode (object);
  g_assert_nonnull (encoded);
  codec->free (object);
  return encoded;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const Codec *codec = get_codec ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) lenient = NULL;
  g_autoptr(JsonNode) strict = NULL;
  g_autoptr(JsonNode) again = NULL;

  fuzz_init ();
  if ((node = fuzz_parse_json (data, size)) == NULL)
    return 0;

  lenient = decode_encode (codec, node, PROCURE_JSON_LENIENT);
  strict = decode_encode (codec, node, PROCURE_JSON_STRICT);
  if (strict != NULL)
    {
      g_assert_nonnull (lenient);
      fuzz_assert_same_json (strict, lenient);
    }
  if (lenient == NULL)
    return 0;

  again = decode_encode (codec, lenient, PROCURE_JSON_STRICT);
  g_assert_nonnull (again);
  fuzz_assert_same_json (lenient, again);
  return 0;
}
