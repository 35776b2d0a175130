/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-driver.c: main() for compilers without libFuzzer. Runs every file
 * named on the command line (directories are walked) through the target
 * once, and reports each as a TAP test point. A failing input aborts the
 * process, which meson reports with the file last named on stdout.
 */
#define G_LOG_DOMAIN "procure-fuzz"

#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      collect (child, files);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static gboolean
run_file (const char *path,
          guint       number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      printf ("not ok %u - %s: %s\n", number, path, error->message);
      return FALSE;
    }
  printf ("# running %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  printf ("ok %u - %s\n", number, path);
  fflush (stdout);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  if (files->len == 0)
    {
      printf ("1..0 # SKIP no corpus files\n");
      return 0;
    }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    ok = run_file (g_ptr_array_index (files, i), i + 1) && ok;
  return ok ? 0 : 1;
}
