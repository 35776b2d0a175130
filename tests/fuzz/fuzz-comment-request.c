/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-comment-request: the body of POST /api/v1/orders/{id}/comments,
 * decoded strictly and its text checked as the server checks it.
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
  g_autoptr(ProcureCommentRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  if ((node = fuzz_parse_json (data, size)) == NULL)
    return 0;

  request = procure_comment_request_from_json (node, &error);
  if (request == NULL)
    {
      fuzz_check_procure_error (error);
      return 0;
    }
  g_assert_no_error (error);
  if (!procure_validate_length (request->body, PROCURE_MAX_NOTES_LENGTH, "body", &error))
    fuzz_check_procure_error (error);
  return 0;
}
