/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-login-request: the body of POST /api/v1/session, parsed and decoded
 * strictly as the server does.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include "procure-core.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ProcureLoginRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if ((node = fuzz_parse_json (data, size)) == NULL)
    return 0;

  request = procure_login_request_from_json (node, &error);
  if (request == NULL)
    {
      fuzz_check_procure_error (error);
      return 0;
    }
  g_assert_no_error (error);
  /* Both members went through the UTF-8 gate of the parser. */
  g_assert_true (request->login == NULL || g_utf8_validate (request->login, -1, NULL));
  g_assert_true (request->password == NULL || g_utf8_validate (request->password, -1, NULL));
  return 0;
}
