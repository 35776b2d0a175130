/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The listener of the PostgreSQL store: how the commits of the other
 * instances reach this instance's commit hook (and so its WebSocket
 * clients).
 *
 * Every write transaction NOTIFYs the channel with its last seq; the
 * notification is delivered on commit. A second connection LISTENs, its
 * socket watched from the GLib main loop. On a notification the store
 * reads the events table after the last seq it handed on (the table, not
 * the payload, is the truth: notifications may be merged) and passes each
 * event to the commit hook, skipping those this instance committed itself
 * (they were handed on right after their commit). A lost listening
 * connection is opened again every second; the catch-up read after it
 * covers what was missed meanwhile.
 */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <glib-unix.h>

#include "procure-store-pg-private.h"

#define RECONNECT_SECONDS 1
#define CATCH_UP_BATCH    500

static void
emit (ProcureStorePg     *self,
      const ProcureEvent *event)
{
  procure_store_emit_commit (&self->parent, event);
}

void
pg_emit_local (ProcureStorePg *self,
               GPtrArray      *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      ProcureEvent *event = g_ptr_array_index (events, i);

      if (event->seq > self->listen_seq)
        g_hash_table_add (self->local_seqs, g_memdup2 (&event->seq, sizeof event->seq));
      emit (self, event);
    }
}

/* Hands on every event after listen_seq that this instance did not
 * commit. */
static void
catch_up (ProcureStorePg *self)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = pg_events_since (&self->parent, self->listen_seq, NULL,
                                                     CATCH_UP_BATCH, &error);

      if (events == NULL)
        {
          g_warning ("Reading the events of other instances: %s", error->message);
          return;
        }
      for (guint i = 0; i < events->len; i++)
        {
          ProcureEvent *event = g_ptr_array_index (events, i);

          self->listen_seq = event->seq;
          if (!g_hash_table_remove (self->local_seqs, &event->seq))
            emit (self, event);
        }
      if (events->len < CATCH_UP_BATCH)
        return;
    }
}

static gboolean reconnect_cb (gpointer user_data);

static void
schedule_reconnect (ProcureStorePg *self)
{
  g_clear_handle_id (&self->listen_source, g_source_remove);
  g_clear_pointer (&self->listen_conn, PQfinish);
  if (self->reconnect_source == 0)
    self->reconnect_source = g_timeout_add_seconds (RECONNECT_SECONDS, reconnect_cb, self);
}

static gboolean
on_listen_readable (int          fd,
                    GIOCondition condition,
                    gpointer     user_data)
{
  ProcureStorePg *self = user_data;
  PGnotify *notify;
  gboolean notified = FALSE;

  if (!PQconsumeInput (self->listen_conn) || PQstatus (self->listen_conn) != CONNECTION_OK)
    {
      g_message ("PostgreSQL listening connection lost; reconnecting");
      self->listen_source = 0;
      schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  while ((notify = PQnotifies (self->listen_conn)) != NULL)
    {
      notified = TRUE;
      PQfreemem (notify);
    }
  /* Outside a transaction only: the main loop never runs inside one. */
  if (notified && self->pending->len == 0)
    catch_up (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
listen_connect (ProcureStorePg *self,
                GError        **error)
{
  PGresult *result;

  self->listen_conn = PQconnectdb (self->conninfo);
  if (PQstatus (self->listen_conn) != CONNECTION_OK)
    goto fail;
  result = PQexec (self->listen_conn, "LISTEN " PG_CHANNEL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      PQclear (result);
      goto fail;
    }
  PQclear (result);
  if (PQsetnonblocking (self->listen_conn, 1) != 0)
    goto fail;
  self->listen_source = g_unix_fd_add (PQsocket (self->listen_conn),
                                       G_IO_IN | G_IO_HUP | G_IO_ERR,
                                       on_listen_readable, self);
  return TRUE;

fail:
  {
    g_autofree char *text = g_strchomp (g_strdup (PQerrorMessage (self->listen_conn)));

    g_set_error (error, PROCURE_STORE_ERROR, PROCURE_STORE_ERROR_FAILED,
                 "PostgreSQL (LISTEN): %s", text);
    g_clear_pointer (&self->listen_conn, PQfinish);
    return FALSE;
  }
}

static gboolean
reconnect_cb (gpointer user_data)
{
  ProcureStorePg *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!listen_connect (self, &error))
    return G_SOURCE_CONTINUE;
  self->reconnect_source = 0;
  catch_up (self);
  return G_SOURCE_REMOVE;
}

gboolean
pg_listen_start (ProcureStorePg *self,
                 GError        **error)
{
  /* LISTEN first, then read where we stand: nothing committed in between
   * is lost, at worst it is read twice (and skipped by seq). */
  if (!listen_connect (self, error))
    return FALSE;
  self->listen_seq = pg_last_seq (&self->parent);
  return TRUE;
}

void
pg_listen_stop (ProcureStorePg *self)
{
  g_clear_handle_id (&self->listen_source, g_source_remove);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_pointer (&self->listen_conn, PQfinish);
}
