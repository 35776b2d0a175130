/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include "procure-throttle.h"

typedef struct {
  guint  failures;
  gint64 first;      /* seconds */
} Attempts;

struct _ProcureThrottle {
  GHashTable *logins;   /* login -> Attempts */
  guint       max_failures;
  guint       window;
};

ProcureThrottle *
procure_throttle_new (guint max_failures,
                      guint window)
{
  ProcureThrottle *self = g_new0 (ProcureThrottle, 1);

  self->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_failures = MAX (max_failures, 1);
  self->window = window;
  return self;
}

void
procure_throttle_free (ProcureThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->logins);
  g_free (self);
}

guint
procure_throttle_wait (ProcureThrottle *self,
                       const char      *login,
                       gint64           now)
{
  Attempts *attempts = g_hash_table_lookup (self->logins, login);

  if (attempts == NULL)
    return 0;
  if (now - attempts->first >= self->window)
    {
      g_hash_table_remove (self->logins, login);
      return 0;
    }
  if (attempts->failures < self->max_failures)
    return 0;
  return (guint) (attempts->first + self->window - now);
}

#define PRUNE_ABOVE 10000

static gboolean
expired (gpointer key,
         gpointer value,
         gpointer user_data)
{
  const Attempts *attempts = value;
  const gint64 *limit = user_data;

  return attempts->first < *limit;
}

void
procure_throttle_failed (ProcureThrottle *self,
                         const char      *login,
                         gint64           now)
{
  Attempts *attempts;

  /* Guessed logins must not grow the table without bound. */
  if (g_hash_table_size (self->logins) > PRUNE_ABOVE)
    {
      gint64 limit = now - self->window;
      g_hash_table_foreach_remove (self->logins, expired, &limit);
    }
  attempts = g_hash_table_lookup (self->logins, login);

  if (attempts == NULL || now - attempts->first >= self->window)
    {
      attempts = g_new0 (Attempts, 1);
      attempts->first = now;
      g_hash_table_replace (self->logins, g_strdup (login), attempts);
    }
  attempts->failures++;
}

void
procure_throttle_succeeded (ProcureThrottle *self,
                            const char      *login)
{
  g_hash_table_remove (self->logins, login);
}
