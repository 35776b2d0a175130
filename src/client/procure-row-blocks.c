/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-row-blocks.h"

struct _ProcureRowBlocks {
  guint       block_size;
  guint       max_blocks;
  GHashTable *blocks;     /* block number -> GPtrArray of rows */
  guint       reads;
};

ProcureRowBlocks *
procure_row_blocks_new (guint block_size,
                        guint max_blocks)
{
  ProcureRowBlocks *self;

  g_return_val_if_fail (block_size > 0 && max_blocks > 0, NULL);

  self = g_new0 (ProcureRowBlocks, 1);
  self->block_size = block_size;
  self->max_blocks = max_blocks;
  self->blocks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  return self;
}

void
procure_row_blocks_free (ProcureRowBlocks *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->blocks);
  g_free (self);
}

static void
unref_row (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

GPtrArray *
procure_row_blocks_new_rows (guint n)
{
  return g_ptr_array_new_full (n, unref_row);
}

void
procure_row_blocks_clear (ProcureRowBlocks *self)
{
  g_hash_table_remove_all (self->blocks);
}

/* The kept block farthest from @block. */
static guint
farthest_block (ProcureRowBlocks *self,
                guint             block)
{
  GHashTableIter iter;
  gpointer key;
  guint farthest = block, distance = 0;

  g_hash_table_iter_init (&iter, self->blocks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint kept = GPOINTER_TO_UINT (key);
      guint d = kept > block ? kept - block : block - kept;

      if (d >= distance)
        {
          distance = d;
          farthest = kept;
        }
    }
  return farthest;
}

gpointer
procure_row_blocks_get (ProcureRowBlocks   *self,
                        guint               position,
                        ProcureRowBlockRead read,
                        gpointer            owner)
{
  guint block = position / self->block_size;
  GPtrArray *rows = g_hash_table_lookup (self->blocks, GUINT_TO_POINTER (block));
  gpointer row;

  if (rows == NULL)
    {
      if (g_hash_table_size (self->blocks) >= self->max_blocks)
        g_hash_table_remove (self->blocks, GUINT_TO_POINTER (farthest_block (self, block)));
      rows = read (owner, block);
      self->reads++;
      g_hash_table_insert (self->blocks, GUINT_TO_POINTER (block), rows);
    }
  if (position % self->block_size >= rows->len)
    return NULL;
  row = g_ptr_array_index (rows, position % self->block_size);
  return row != NULL ? g_object_ref (row) : NULL;
}

guint
procure_row_blocks_get_reads (ProcureRowBlocks *self)
{
  return self->reads;
}

void
procure_rowids_difference (GArray *before,
                           GArray *after,
                           guint  *position,
                           guint  *removed,
                           guint  *added)
{
  guint head = 0, tail = 0;

  while (head < before->len && head < after->len &&
         g_array_index (before, gint64, head) == g_array_index (after, gint64, head))
    head++;
  while (tail < before->len - head && tail < after->len - head &&
         g_array_index (before, gint64, before->len - 1 - tail) ==
         g_array_index (after, gint64, after->len - 1 - tail))
    tail++;
  *position = head;
  *removed = before->len - head - tail;
  *added = after->len - head - tail;
}
