/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-store.h"

G_DEFINE_QUARK (procure-store-error-quark, procure_store_error)

void
procure_event_free (ProcureEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->object_id);
  g_free (self->account_id);
  g_free (self);
}

void
procure_idempotency_free (ProcureIdempotency *self)
{
  if (self == NULL)
    return;
  g_free (self->body_hash);
  g_free (self->response);
  g_free (self);
}

void
procure_store_close (ProcureStore *self)
{
  if (self != NULL)
    self->vtable->close (self);
}

void
procure_store_set_commit_func (ProcureStore          *self,
                               ProcureStoreCommitFunc func,
                               gpointer               user_data)
{
  g_return_if_fail (self != NULL);
  self->commit_func = func;
  self->commit_data = user_data;
}

void
procure_store_emit_commit (ProcureStore       *self,
                           const ProcureEvent *event)
{
  if (self->commit_func != NULL)
    self->commit_func (self, event, self->commit_data);
}
