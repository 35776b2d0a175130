/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-iccid-range: procure_iccid_range(). Input: the first ICCID, a
 * newline, the count in decimal. A range that is produced must hold exactly
 * @count valid ICCIDs of the first one's length, with consecutive payloads,
 * starting at the first.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include <string.h>

#include "procure-core.h"
#include "fuzz-common.h"

static guint64
payload_of (const char *iccid)
{
  g_autofree char *payload = g_strndup (iccid, strlen (iccid) - 1);

  return g_ascii_strtoull (payload, NULL, 10);
}

static void
check_range (const char *first,
             guint       count,
             GStrv       iccids)
{
  gsize length = strlen (first);

  g_assert_cmpuint (g_strv_length (iccids), ==, count);
  g_assert_cmpstr (iccids[0], ==, first);
  for (guint i = 0; i < count; i++)
    {
      g_assert_cmpuint (strlen (iccids[i]), ==, length);
      g_assert_true (procure_validate_iccid (iccids[i], "iccid", NULL));
      if (i > 0)
        g_assert_cmpuint (payload_of (iccids[i]), ==, payload_of (iccids[i - 1]) + 1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *first = NULL;
  g_autofree char *count_text = NULL;
  g_auto(GStrv) iccids = NULL;
  g_autoptr(GError) error = NULL;
  guint count;

  fuzz_init ();
  fuzz_split (data, size, &first, &count_text);
  count = (guint) MIN (g_ascii_strtoull (count_text, NULL, 10), G_MAXUINT);

  iccids = procure_iccid_range (first, count, &error);
  if (iccids == NULL)
    {
      fuzz_check_procure_error (error);
      return 0;
    }
  g_assert_no_error (error);
  check_range (first, count, iccids);
  return 0;
}
