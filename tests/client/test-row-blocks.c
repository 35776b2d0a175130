/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The row blocks of the lazy lists: a kept block is not read again, the
 * block farthest from the one asked for is the one dropped, a cleared cache
 * reads again, and the rowid difference names the changed range only.
 */
#include "config.h"

#include <gio/gio.h>

#include "procure-row-blocks.h"

#define BLOCK 4
#define KEPT 3

typedef struct {
  GArray *reads;   /* block numbers, in the order read */
} Owner;

/* Block @block of a list of 30 rows; every row an object, row 1 gone. */
static GPtrArray *
read_block (gpointer user_data,
            guint    block)
{
  Owner *owner = user_data;
  GPtrArray *rows = procure_row_blocks_new_rows (BLOCK);

  g_array_append_val (owner->reads, block);
  for (guint p = block * BLOCK; p < MIN ((block + 1) * BLOCK, 30); p++)
    {
      g_autofree char *name = g_strdup_printf ("%u", p);
      g_ptr_array_add (rows, p == 1 ? NULL : (gpointer) g_simple_action_new (name, NULL));
    }
  return rows;
}

/* The row at @position and whether reading it read a block. */
static gboolean
get_reads (ProcureRowBlocks *blocks,
           Owner            *owner,
           guint             position)
{
  guint before = owner->reads->len;
  g_autoptr(GObject) row = procure_row_blocks_get (blocks, position, read_block, owner);

  if (position != 1)
    {
      g_autofree char *name = g_strdup_printf ("%u", position);
      g_assert_nonnull (row);
      g_assert_cmpstr (g_action_get_name (G_ACTION (row)), ==, name);
    }
  else
    g_assert_null (row);
  return owner->reads->len > before;
}

static void
test_keeps_and_drops_farthest (void)
{
  g_autoptr(ProcureRowBlocks) blocks = procure_row_blocks_new (BLOCK, KEPT);
  Owner owner = { g_array_new (FALSE, FALSE, sizeof (guint)) };

  g_assert_true (get_reads (blocks, &owner, 0));       /* block 0 */
  g_assert_false (get_reads (blocks, &owner, 3));      /* same block */
  g_assert_null (procure_row_blocks_get (blocks, 1, read_block, &owner)); /* a gone row */
  g_assert_true (get_reads (blocks, &owner, 9));       /* block 2 */
  g_assert_true (get_reads (blocks, &owner, 12));      /* block 3: three kept */
  g_assert_cmpuint (procure_row_blocks_get_reads (blocks), ==, 3);
  g_assert_false (get_reads (blocks, &owner, 0));

  /* Block 7 is asked for: block 0, farthest from it, goes; 2 and 3 stay. */
  g_assert_true (get_reads (blocks, &owner, 29));
  g_assert_false (get_reads (blocks, &owner, 8));
  g_assert_false (get_reads (blocks, &owner, 13));
  g_assert_true (get_reads (blocks, &owner, 2));       /* block 0 again */
  /* ... which dropped block 7, the farthest from 0, not 2 or 3. */
  g_assert_false (get_reads (blocks, &owner, 10));
  g_assert_false (get_reads (blocks, &owner, 14));
  g_assert_true (get_reads (blocks, &owner, 28));

  /* Cleared: everything is read again. */
  procure_row_blocks_clear (blocks);
  g_assert_true (get_reads (blocks, &owner, 13));
  g_assert_cmpuint (procure_row_blocks_get_reads (blocks), ==, owner.reads->len);
  g_array_unref (owner.reads);
}

static GArray *
ids (const gint64 *values,
     guint         n)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, values, n);
  return array;
}

static void
check_difference (const gint64 *before, guint n_before,
                  const gint64 *after, guint n_after,
                  guint position, guint removed, guint added)
{
  g_autoptr(GArray) a = ids (before, n_before);
  g_autoptr(GArray) b = ids (after, n_after);
  guint p = G_MAXUINT, r = G_MAXUINT, d = G_MAXUINT;

  procure_rowids_difference (a, b, &p, &r, &d);
  g_assert_cmpuint (p, ==, position);
  g_assert_cmpuint (r, ==, removed);
  g_assert_cmpuint (d, ==, added);
}

static void
test_rowids_difference (void)
{
  const gint64 list[] = { 1, 2, 3, 4, 5 };
  const gint64 inserted[] = { 1, 2, 9, 3, 4, 5 };
  const gint64 replaced[] = { 1, 7, 8, 5 };
  const gint64 other[] = { 6, 7 };
  const gint64 repeat[] = { 1, 1, 1 };
  const gint64 repeat_more[] = { 1, 1, 1, 1 };

  check_difference (list, 5, list, 5, 5, 0, 0);
  check_difference (list, 5, inserted, 6, 2, 0, 1);
  check_difference (inserted, 6, list, 5, 2, 1, 0);
  check_difference (list, 5, replaced, 4, 1, 3, 2);
  check_difference (list, 5, other, 2, 0, 5, 2);
  check_difference (list, 5, NULL, 0, 0, 5, 0);
  check_difference (NULL, 0, list, 5, 0, 0, 5);
  /* head and tail never overlap */
  check_difference (repeat, 3, repeat_more, 4, 3, 0, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/row-blocks/keeps-and-drops-farthest", test_keeps_and_drops_farthest);
  g_test_add_func ("/client/row-blocks/rowids-difference", test_rowids_difference);
  return g_test_run ();
}
