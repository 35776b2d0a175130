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
procure_stored_order_free (ProcureStoredOrder *self)
{
  if (self == NULL)
    return;
  g_free (self->account_id);
  g_free (self->doc);
  g_free (self);
}

/* ---------- the session cache ---------- */

#define SESSION_CACHE_MAX 4096

typedef struct {
  ProcureUser *user;
  gint64       valid_until;  /* the session's expiry or the cache limit, the earlier */
} CachedSession;

static void
cached_session_free (gpointer data)
{
  CachedSession *cached = data;

  procure_user_free (cached->user);
  g_free (cached);
}

static void
cache_session (ProcureStore      *self,
               const char        *token_hash,
               const ProcureUser *user,
               gint64             now,
               gint64             expires_at)
{
  CachedSession *cached = g_new0 (CachedSession, 1);

  if (self->session_cache == NULL)
    self->session_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 cached_session_free);
  /* Bounded without bookkeeping: a full cache starts again empty. */
  if (g_hash_table_size (self->session_cache) >= SESSION_CACHE_MAX)
    g_hash_table_remove_all (self->session_cache);
  cached->user = procure_user_copy (user);
  cached->valid_until = MIN (expires_at, now + PROCURE_SESSION_CACHE_SECONDS);
  g_hash_table_replace (self->session_cache, g_strdup (token_hash), cached);
}

ProcureUser *
procure_store_session_user (ProcureStore *self,
                            const char   *token_hash,
                            gint64        now,
                            GError      **error)
{
  CachedSession *cached = NULL;
  ProcureUser *user;
  gint64 expires_at = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  if (self->session_cache != NULL)
    cached = g_hash_table_lookup (self->session_cache, token_hash);
  /* The database's own test is "expires_at > now": the cache's is the same. */
  if (cached != NULL && cached->valid_until > now)
    return procure_user_copy (cached->user);
  if (cached != NULL)
    g_hash_table_remove (self->session_cache, token_hash);
  user = self->vtable->session_user (self, token_hash, now, &expires_at, error);
  if (user != NULL && self->cache_sessions)
    cache_session (self, token_hash, user, now, expires_at);
  return user;
}

gboolean
procure_store_session_delete (ProcureStore *self,
                              const char   *token_hash,
                              GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  if (self->session_cache != NULL)
    g_hash_table_remove (self->session_cache, token_hash);
  return self->vtable->session_delete (self, token_hash, error);
}

/* ---------- the store ---------- */

void
procure_store_close (ProcureStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (!procure_store_flush (self, &error))
    g_warning ("The last writes were not stored: %s", error->message);
  g_clear_pointer (&self->session_cache, g_hash_table_unref);
  self->vtable->close (self);
}

gboolean
procure_store_set_group_commit (ProcureStore          *self,
                                ProcureStoreGroupFunc  opened,
                                gpointer               user_data)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->vtable->flush == NULL)
    return opened == NULL;
  if (opened == NULL && !procure_store_flush (self, NULL))
    g_warning ("Writes of the open group were undone");
  self->group_commit = opened != NULL;
  self->group_func = opened;
  self->group_data = user_data;
  return TRUE;
}

void
procure_store_group_opened (ProcureStore *self)
{
  if (self->group_func != NULL)
    self->group_func (self, self->group_data);
}

gboolean
procure_store_unflushed (ProcureStore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->group_open;
}

gboolean
procure_store_flush (ProcureStore *self,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->group_open)
    return TRUE;
  return self->vtable->flush (self, error);
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
