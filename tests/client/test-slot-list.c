/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ProcureSlotList over a GListStore: a replaced range keeps its slots
 * (same objects, new items, "changed"), only the difference in length is
 * reported, positions follow insertions and removals before them, and a
 * slot nobody holds is not kept.
 */
#include "config.h"

#include "procure-slot-list.h"

/* Items that can notify: actions named "0", "1", ... */
static GSimpleAction *
item (const char *name)
{
  return g_simple_action_new (name, NULL);
}

static void
splice_names (GListStore  *store,
              guint        position,
              guint        removed,
              const char **names)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (items, item (names[i]));
  g_list_store_splice (store, position, removed, items->pdata, items->len);
}

static const char *
slot_name (ProcureSlot *slot)
{
  GAction *action = procure_slot_get_item (slot);

  return action != NULL ? g_action_get_name (action) : NULL;
}

typedef struct {
  GArray *changes;    /* guint triples: position, removed, added */
  GArray *replaced;   /* guint pairs: position, n */
  guint   slot_changes;
} Log;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Log        *log)
{
  guint change[] = { position, removed, added };

  g_array_append_vals (log->changes, change, 3);
}

static void
on_replaced (ProcureSlotList *list,
             guint            position,
             guint            n,
             Log             *log)
{
  guint range[] = { position, n };

  g_array_append_vals (log->replaced, range, 2);
}

static void
on_slot_changed (ProcureSlot *slot,
                 Log         *log)
{
  log->slot_changes++;
}

static void
log_reset (Log *log)
{
  g_array_set_size (log->changes, 0);
  g_array_set_size (log->replaced, 0);
  log->slot_changes = 0;
}

static void
assert_change (Log  *log,
               guint position,
               guint removed,
               guint added)
{
  g_assert_cmpuint (log->changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (log->changes, guint, 0), ==, position);
  g_assert_cmpuint (g_array_index (log->changes, guint, 1), ==, removed);
  g_assert_cmpuint (g_array_index (log->changes, guint, 2), ==, added);
}

static void
assert_names (GListModel  *model,
              const char **names)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(ProcureSlot) slot = g_list_model_get_item (model, i);

      g_assert_cmpstr (slot_name (slot), ==, names[i]);
    }
  g_assert_null (g_list_model_get_item (model, g_strv_length ((char **) names)));
}

static void
test_replace_keeps_slots (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_SIMPLE_ACTION);
  g_autoptr(ProcureSlotList) list = NULL;
  g_autoptr(ProcureSlot) first = NULL, second = NULL, third = NULL, again = NULL;
  Log log = { g_array_new (FALSE, FALSE, sizeof (guint)), g_array_new (FALSE, FALSE, sizeof (guint)), 0 };

  splice_names (store, 0, 0, (const char *[]) { "a", "b", "c", "d", "e", NULL });
  list = procure_slot_list_new (G_LIST_MODEL (store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == PROCURE_TYPE_SLOT);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);
  g_signal_connect (list, "replaced", G_CALLBACK (on_replaced), &log);
  assert_names (G_LIST_MODEL (list), (const char *[]) { "a", "b", "c", "d", "e", NULL });

  /* a view holds the slots of positions 1, 2 and 4 */
  first = g_list_model_get_item (G_LIST_MODEL (list), 1);
  second = g_list_model_get_item (G_LIST_MODEL (list), 2);
  third = g_list_model_get_item (G_LIST_MODEL (list), 4);
  again = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (again == first);
  g_signal_connect (first, "changed", G_CALLBACK (on_slot_changed), &log);
  g_signal_connect (second, "changed", G_CALLBACK (on_slot_changed), &log);
  g_signal_connect (third, "changed", G_CALLBACK (on_slot_changed), &log);

  /* b, c, d become x, y: two slots refilled, one position removed */
  splice_names (store, 1, 3, (const char *[]) { "x", "y", NULL });
  assert_change (&log, 3, 1, 0);
  g_assert_cmpuint (log.replaced->len, ==, 2);
  g_assert_cmpuint (g_array_index (log.replaced, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (log.replaced, guint, 1), ==, 2);
  g_assert_cmpuint (log.slot_changes, ==, 2);
  g_assert_cmpstr (slot_name (first), ==, "x");
  g_assert_cmpstr (slot_name (second), ==, "y");
  /* e moved up from 4 to 3 in the same slot */
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 3);
  g_assert_true (again == third);
  g_assert_cmpstr (slot_name (third), ==, "e");
  assert_names (G_LIST_MODEL (list), (const char *[]) { "a", "x", "y", "e", NULL });

  /* y becomes p, q, r: one slot refilled, two positions inserted after it */
  log_reset (&log);
  splice_names (store, 2, 1, (const char *[]) { "p", "q", "r", NULL });
  assert_change (&log, 3, 0, 2);
  g_assert_cmpuint (log.slot_changes, ==, 1);
  g_assert_cmpstr (slot_name (second), ==, "p");
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 5);
  g_assert_true (again == third);
  assert_names (G_LIST_MODEL (list), (const char *[]) { "a", "x", "p", "q", "r", "e", NULL });

  /* an insertion before the held slots shifts them, nothing is refilled */
  log_reset (&log);
  splice_names (store, 0, 0, (const char *[]) { "new", NULL });
  assert_change (&log, 0, 0, 1);
  g_assert_cmpuint (log.replaced->len, ==, 0);
  g_assert_cmpuint (log.slot_changes, ==, 0);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (again == first);
  g_assert_cmpstr (slot_name (first), ==, "x");

  /* the item's own change reaches the slot's listeners */
  log_reset (&log);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (procure_slot_get_item (third)), FALSE);
  g_assert_cmpuint (log.slot_changes, ==, 1);

  g_array_unref (log.changes);
  g_array_unref (log.replaced);
}

static void
test_removed_slot_detaches (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_SIMPLE_ACTION);
  g_autoptr(ProcureSlotList) list = NULL;
  g_autoptr(ProcureSlot) last = NULL, fresh = NULL;
  Log log = { g_array_new (FALSE, FALSE, sizeof (guint)), g_array_new (FALSE, FALSE, sizeof (guint)), 0 };

  splice_names (store, 0, 0, (const char *[]) { "a", "b", "c", NULL });
  list = procure_slot_list_new (G_LIST_MODEL (store));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);
  last = g_list_model_get_item (G_LIST_MODEL (list), 2);

  /* c removed: its slot leaves the list, keeps its last item for the
   * view that still holds it, and is not handed out again */
  g_list_store_remove (store, 2);
  assert_change (&log, 2, 1, 0);
  g_assert_cmpstr (slot_name (last), ==, "c");
  splice_names (store, 2, 0, (const char *[]) { "d", NULL });
  fresh = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (fresh != last);
  g_assert_cmpstr (slot_name (fresh), ==, "d");

  /* a slot the view let go of is gone: a new one comes for its position */
  {
    ProcureSlot *weak = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_object_unref (weak);
    g_assert_null (weak);
  }

  /* another model: held slots take its items */
  {
    g_autoptr(GListStore) other = g_list_store_new (G_TYPE_SIMPLE_ACTION);

    splice_names (other, 0, 0, (const char *[]) { "m", "n", "o", "p", NULL });
    log_reset (&log);
    procure_slot_list_set_model (list, G_LIST_MODEL (other));
    assert_change (&log, 3, 0, 1);
    g_assert_cmpstr (slot_name (fresh), ==, "o");
    assert_names (G_LIST_MODEL (list), (const char *[]) { "m", "n", "o", "p", NULL });
    log_reset (&log);
    procure_slot_list_set_model (list, NULL);
    assert_change (&log, 0, 4, 0);
  }

  /* slots may outlive their list */
  g_clear_object (&list);
  g_assert_cmpstr (slot_name (fresh), ==, "o");
  g_array_unref (log.changes);
  g_array_unref (log.replaced);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot-list/replace-keeps-slots", test_replace_keeps_slots);
  g_test_add_func ("/slot-list/removed-slot-detaches", test_removed_slot_detaches);

  return g_test_run ();
}
