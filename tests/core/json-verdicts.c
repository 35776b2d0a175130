/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json-verdicts: prints, for each JSON file given, what the parser and every
 * decoder (both modes) and request decoder make of it: "ok" or the error's
 * code, field and message. Not a test by itself: run it over the fuzz corpus
 * before and after a change to the JSON code and diff the two outputs, so a
 * faster decoder provably accepts and refuses exactly what the old one did:
 *
 *   json-verdicts $(find tests/fuzz/corpus -type f | sort) > before.txt
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include "procure-core.h"

typedef gpointer (*DecodeFunc) (JsonNode *node, ProcureJsonMode mode, const char *field, GError **error);
typedef gpointer (*RequestFunc) (JsonNode *node, GError **error);

static const struct {
  const char     *name;
  DecodeFunc      decode;
  GDestroyNotify  free;
} decoders[] = {
  { "settings", (DecodeFunc) procure_settings_from_json, (GDestroyNotify) procure_settings_free },
  { "entitlements", (DecodeFunc) procure_entitlements_from_json, (GDestroyNotify) procure_entitlements_free },
  { "address", (DecodeFunc) procure_address_from_json, (GDestroyNotify) procure_address_free },
  { "user", (DecodeFunc) procure_user_from_json, (GDestroyNotify) procure_user_free },
  { "account", (DecodeFunc) procure_account_from_json, (GDestroyNotify) procure_account_unref },
  { "product", (DecodeFunc) procure_product_from_json, (GDestroyNotify) procure_product_unref },
  { "order", (DecodeFunc) procure_order_from_json, (GDestroyNotify) procure_order_unref },
  { "sim", (DecodeFunc) procure_sim_from_json, (GDestroyNotify) procure_sim_free },
  { "comment", (DecodeFunc) procure_comment_from_json, (GDestroyNotify) procure_comment_free },
};

static const struct {
  const char     *name;
  RequestFunc     decode;
  GDestroyNotify  free;
} requests[] = {
  { "login-request", (RequestFunc) procure_login_request_from_json, (GDestroyNotify) procure_login_request_free },
  { "order-request", (RequestFunc) procure_order_request_from_json, (GDestroyNotify) procure_order_request_free },
  { "action-request", (RequestFunc) procure_action_request_from_json, (GDestroyNotify) procure_action_request_free },
  { "comment-request", (RequestFunc) procure_comment_request_from_json, (GDestroyNotify) procure_comment_request_free },
};

static void
print_verdict (const char   *what,
               gpointer      result,
               const GError *error)
{
  if (result != NULL)
    g_print ("  %s: ok\n", what);
  else
    g_print ("  %s: %s [%s] %s\n", what,
             error->domain == PROCURE_ERROR ? procure_error_code_to_string (error->code) : "other",
             error->domain == PROCURE_ERROR ? procure_error_get_field (error) : NULL,
             error->message);
}

static void
decode_all (JsonNode *node)
{
  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    for (int mode = PROCURE_JSON_STRICT; mode <= PROCURE_JSON_LENIENT; mode++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *what = g_strdup_printf ("%s/%s", decoders[i].name,
                                                 mode == PROCURE_JSON_STRICT ? "strict" : "lenient");
        gpointer result = decoders[i].decode (node, mode, NULL, &error);

        print_verdict (what, result, error);
        if (result != NULL)
          decoders[i].free (result);
      }
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer result = requests[i].decode (node, &error);

      print_verdict (requests[i].name, result, error);
      if (result != NULL)
        requests[i].free (result);
    }
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (!g_file_get_contents (argv[i], &contents, &length, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s\n", argv[i]);
      node = procure_json_parse (contents, (gssize) length, &error);
      print_verdict ("parse", node, error);
      if (node != NULL)
        decode_all (node);
    }
  return 0;
}
