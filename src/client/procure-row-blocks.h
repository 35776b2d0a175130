/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-row-blocks.h: the row blocks of the lazy lists over the cache
 * (ProcureOrderList, ProcureSimList). A list keeps only rowids in display
 * order; a view asks for neighbouring rows, so rows are read a block at a
 * time and a few blocks are kept. When that many are kept, the block
 * farthest from the one asked for is dropped: the rows around what is on
 * screen stay, even while a scroll bar is dragged across the list.
 *
 * Internal to libprocure-client.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _ProcureRowBlocks ProcureRowBlocks;

/* Reads block @block (positions block * block_size on) as a new array of
 * row references (an element may be NULL: that row is gone), made with
 * procure_row_blocks_new_rows(). */
typedef GPtrArray *(*ProcureRowBlockRead) (gpointer owner,
                                           guint    block);

ProcureRowBlocks *procure_row_blocks_new   (guint               block_size,
                                            guint               max_blocks);
void              procure_row_blocks_free  (ProcureRowBlocks   *self);
/* An empty array for @n rows that may hold NULLs. */
GPtrArray        *procure_row_blocks_new_rows (guint n);
/* Forgets every block (the rowids or the rows changed). */
void              procure_row_blocks_clear (ProcureRowBlocks   *self);
/* A new reference to the row at @position, or NULL; reads its block with
 * @read unless it is kept. */
gpointer          procure_row_blocks_get   (ProcureRowBlocks   *self,
                                            guint               position,
                                            ProcureRowBlockRead read,
                                            gpointer            owner);
/* How many blocks have been read since @self was made (for tests). */
guint             procure_row_blocks_get_reads (ProcureRowBlocks *self);

/* The range in which @before and @after (arrays of gint64) differ: the
 * unchanged head is @position long, then @removed ids of @before stand
 * where @added ids of @after do, then the unchanged tail. */
void              procure_rowids_difference (GArray *before,
                                             GArray *after,
                                             guint  *position,
                                             guint  *removed,
                                             guint  *added);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureRowBlocks, procure_row_blocks_free)

G_END_DECLS
