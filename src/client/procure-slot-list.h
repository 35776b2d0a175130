/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-slot-list.h: a GListModel whose items keep their identity when
 * the items of the model under it are replaced.
 *
 * GTK 4.8's list and column views build new row widgets for every item an
 * items-changed adds and destroy those of the items it removes. When the
 * orders list swaps in the result of a new search, that is every row on
 * screen and the rows GTK keeps around them: 300 ms of widget building per
 * key typed. Over a ProcureSlotList a view sees one ProcureSlot per
 * position. When the model replaces a range, the slots there stay the
 * same objects, take the model's new items and emit "changed"; only a
 * difference in length is reported as items added or removed (at the end
 * of the range, never both in one change). The view's rows then refill
 * their cells instead of being rebuilt.
 *
 * Only slots a view holds exist (the list keeps no reference to them); a
 * position nobody asked for costs nothing. A slot forwards its item's
 * "notify" as "changed", so cells listen to the slot alone.
 *
 * A slot that took a new item shows another row to the user: "replaced"
 * (position, n) is emitted for such a range before the length change, so
 * a selection over the list can drop it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PROCURE_TYPE_SLOT (procure_slot_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSlot, procure_slot, PROCURE, SLOT, GObject)

/* The item shown at the slot's position now (transfer none), or NULL. */
gpointer         procure_slot_get_item      (ProcureSlot     *self);

#define PROCURE_TYPE_SLOT_LIST (procure_slot_list_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSlotList, procure_slot_list, PROCURE, SLOT_LIST, GObject)

ProcureSlotList *procure_slot_list_new       (GListModel      *model);
/* Another model (NULL: none): the slots on screen take its items. */
void             procure_slot_list_set_model (ProcureSlotList *self,
                                              GListModel      *model);
GListModel      *procure_slot_list_get_model (ProcureSlotList *self);
/* The model's item at @position (a new reference), or NULL. */
gpointer         procure_slot_list_get_model_item (ProcureSlotList *self,
                                                   guint            position);

G_END_DECLS
