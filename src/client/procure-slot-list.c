/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-slot-list.h"

/* ---------- ProcureSlot ---------- */

struct _ProcureSlot
{
  GObject          parent_instance;

  ProcureSlotList *owner;      /* not a reference; NULL once detached */
  guint            position;
  GObject         *item;
  gulong           notify_handler;
};

enum { SLOT_CHANGED, N_SLOT_SIGNALS };
static guint slot_signals[N_SLOT_SIGNALS];

G_DEFINE_FINAL_TYPE (ProcureSlot, procure_slot, G_TYPE_OBJECT)

struct _ProcureSlotList
{
  GObject     parent_instance;

  GListModel *model;
  gulong      changed_handler;
  guint       n_items;
  GPtrArray  *live;            /* ProcureSlot, not references */
};

static void
on_item_notify (GObject     *item,
                GParamSpec  *pspec,
                ProcureSlot *slot)
{
  g_signal_emit (slot, slot_signals[SLOT_CHANGED], 0);
}

/* Takes @item (a reference, or NULL). */
static void
slot_take_item (ProcureSlot *self,
                GObject     *item)
{
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->item);
      g_clear_object (&self->item);
    }
  self->item = item;
  if (item != NULL)
    self->notify_handler = g_signal_connect (item, "notify", G_CALLBACK (on_item_notify), self);
}

static void
slot_detach (ProcureSlot *self)
{
  self->owner = NULL;
  self->position = G_MAXUINT;
}

static void
procure_slot_finalize (GObject *object)
{
  ProcureSlot *self = PROCURE_SLOT (object);

  if (self->owner != NULL)
    g_ptr_array_remove_fast (self->owner->live, self);
  slot_take_item (self, NULL);
  G_OBJECT_CLASS (procure_slot_parent_class)->finalize (object);
}

static void
procure_slot_class_init (ProcureSlotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = procure_slot_finalize;

  /* The slot shows another item, or its item changed. */
  slot_signals[SLOT_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
procure_slot_init (ProcureSlot *self)
{
}

gpointer
procure_slot_get_item (ProcureSlot *self)
{
  g_return_val_if_fail (PROCURE_IS_SLOT (self), NULL);

  return self->item;
}

/* ---------- ProcureSlotList ---------- */

enum { PROP_0, PROP_MODEL, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { REPLACED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProcureSlotList, procure_slot_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
procure_slot_list_get_item_type (GListModel *model)
{
  return PROCURE_TYPE_SLOT;
}

static guint
procure_slot_list_get_n_items (GListModel *model)
{
  return PROCURE_SLOT_LIST (model)->n_items;
}

static gpointer
procure_slot_list_get_item (GListModel *model,
                            guint       position)
{
  ProcureSlotList *self = PROCURE_SLOT_LIST (model);
  ProcureSlot *slot;

  if (position >= self->n_items)
    return NULL;
  /* A view holds a few hundred slots at most. */
  for (guint i = 0; i < self->live->len; i++)
    {
      slot = g_ptr_array_index (self->live, i);
      if (slot->position == position)
        return g_object_ref (slot);
    }
  slot = g_object_new (PROCURE_TYPE_SLOT, NULL);
  slot->owner = self;
  slot->position = position;
  slot_take_item (slot, g_list_model_get_item (self->model, position));
  g_ptr_array_add (self->live, slot);
  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = procure_slot_list_get_item_type;
  iface->get_n_items = procure_slot_list_get_n_items;
  iface->get_item = procure_slot_list_get_item;
}

/* The model replaced @removed items at @position by @added: the slots of
 * the first MIN (removed, added) positions take the new items, the rest
 * is one removal or one insertion after them. */
static void
apply_change (ProcureSlotList *self,
              guint            position,
              guint            removed,
              guint            added)
{
  guint kept = MIN (removed, added);
  g_autoptr(GPtrArray) refill = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = self->live->len; i-- > 0;)
    {
      ProcureSlot *slot = g_ptr_array_index (self->live, i);

      if (slot->position < position)
        continue;
      if (slot->position < position + kept)
        g_ptr_array_add (refill, g_object_ref (slot));
      else if (slot->position < position + removed)
        {
          /* The view drops it with the items-changed below. */
          slot_detach (slot);
          g_ptr_array_remove_index_fast (self->live, i);
        }
      else
        slot->position = slot->position - removed + added;
    }
  self->n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  /* Handlers may ask the list for items: the list is consistent by now. */
  for (guint i = 0; i < refill->len; i++)
    {
      ProcureSlot *slot = g_ptr_array_index (refill, i);

      slot_take_item (slot, g_list_model_get_item (self->model, slot->position));
      g_signal_emit (slot, slot_signals[SLOT_CHANGED], 0);
    }
  if (kept > 0)
    g_signal_emit (self, signals[REPLACED], 0, position, kept);
  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept, added - kept);
}

static void
on_model_items_changed (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        ProcureSlotList *self)
{
  apply_change (self, position, removed, added);
}

void
procure_slot_list_set_model (ProcureSlotList *self,
                             GListModel      *model)
{
  guint removed;

  g_return_if_fail (PROCURE_IS_SLOT_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  removed = self->n_items;
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->model);
      g_clear_object (&self->model);
    }
  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->changed_handler = g_signal_connect (model, "items-changed",
                                                G_CALLBACK (on_model_items_changed), self);
    }
  apply_change (self, 0, removed, model != NULL ? g_list_model_get_n_items (model) : 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
procure_slot_list_get_model (ProcureSlotList *self)
{
  g_return_val_if_fail (PROCURE_IS_SLOT_LIST (self), NULL);

  return self->model;
}

gpointer
procure_slot_list_get_model_item (ProcureSlotList *self,
                                  guint            position)
{
  g_return_val_if_fail (PROCURE_IS_SLOT_LIST (self), NULL);

  return self->model != NULL ? g_list_model_get_item (self->model, position) : NULL;
}

ProcureSlotList *
procure_slot_list_new (GListModel *model)
{
  return g_object_new (PROCURE_TYPE_SLOT_LIST, "model", model, NULL);
}

static void
procure_slot_list_dispose (GObject *object)
{
  ProcureSlotList *self = PROCURE_SLOT_LIST (object);

  /* Views may hold slots longer than the list lives. */
  for (guint i = 0; i < self->live->len; i++)
    slot_detach (g_ptr_array_index (self->live, i));
  g_ptr_array_set_size (self->live, 0);
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->model);
      g_clear_object (&self->model);
    }
  self->n_items = 0;
  G_OBJECT_CLASS (procure_slot_list_parent_class)->dispose (object);
}

static void
procure_slot_list_finalize (GObject *object)
{
  ProcureSlotList *self = PROCURE_SLOT_LIST (object);

  g_ptr_array_unref (self->live);
  G_OBJECT_CLASS (procure_slot_list_parent_class)->finalize (object);
}

static void
procure_slot_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ProcureSlotList *self = PROCURE_SLOT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_slot_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ProcureSlotList *self = PROCURE_SLOT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      procure_slot_list_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_slot_list_class_init (ProcureSlotListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_slot_list_dispose;
  object_class->finalize = procure_slot_list_finalize;
  object_class->get_property = procure_slot_list_get_property;
  object_class->set_property = procure_slot_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (position, n): the slots there show other items than before. */
  signals[REPLACED] = g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
procure_slot_list_init (ProcureSlotList *self)
{
  self->live = g_ptr_array_new ();
}
