/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "procure-demo-server.h"

struct _ProcureDemoServer
{
  GObject      parent_instance;

  char        *db_path;
  char        *url;
  GSubprocess *process;
};

G_DEFINE_FINAL_TYPE (ProcureDemoServer, procure_demo_server, G_TYPE_OBJECT)

static char *
binary_in_build_tree (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *candidate = NULL;

  if (self_path == NULL)
    return NULL;
  dir = g_path_get_dirname (self_path);
  /* src/app/procure -> src/server/procure-server; tests/app/x -> src/server */
  candidate = g_build_filename (dir, "..", "server", "procure-server", NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&candidate);
  g_clear_pointer (&candidate, g_free);
  candidate = g_build_filename (dir, "..", "..", "src", "server", "procure-server", NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&candidate);
  return NULL;
}

char *
procure_demo_server_find_binary (void)
{
  const char *env = g_getenv ("PROCURE_SERVER");
  char *path;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if ((path = binary_in_build_tree ()) != NULL)
    return path;
  if ((path = g_find_program_in_path ("procure-server")) != NULL)
    return path;
  return g_build_filename (PROCURE_BINDIR, "procure-server", NULL);
}

char *
procure_demo_server_default_db_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "procure", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "demo.db", NULL);
}

static void
read_url_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureDemoServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                    result, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (line == NULL || !g_str_has_prefix (line, "http"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo server did not start"));
      return;
    }

  g_strstrip (line);
  g_free (self->url);
  self->url = g_strdup (line);
  g_task_return_pointer (task, g_steal_pointer (&line), g_free);
}

/* Runs in the child before exec: if this process dies without stopping the
 * server (a crash, SIGKILL), the kernel stops the server too. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
procure_demo_server_start_async (ProcureDemoServer   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *binary = procure_demo_server_find_binary ();

  g_return_if_fail (PROCURE_IS_DEMO_SERVER (self));
  g_return_if_fail (self->process == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_demo_server_start_async);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error,
                                               binary, "--demo", "--db", self->db_path,
                                               "--listen", "127.0.0.1:0", NULL);
  if (self->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable,
                                       read_url_cb, g_steal_pointer (&task));
}

char *
procure_demo_server_start_finish (ProcureDemoServer  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
procure_demo_server_get_url (ProcureDemoServer *self)
{
  g_return_val_if_fail (PROCURE_IS_DEMO_SERVER (self), NULL);

  return self->url;
}

void
procure_demo_server_stop (ProcureDemoServer *self)
{
  g_return_if_fail (PROCURE_IS_DEMO_SERVER (self));

  if (self->process == NULL)
    return;

  /* SIGTERM lets the server close its database cleanly; we then reap it so
   * no zombie is left behind. */
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

static void
procure_demo_server_dispose (GObject *object)
{
  ProcureDemoServer *self = PROCURE_DEMO_SERVER (object);

  procure_demo_server_stop (self);

  G_OBJECT_CLASS (procure_demo_server_parent_class)->dispose (object);
}

static void
procure_demo_server_finalize (GObject *object)
{
  ProcureDemoServer *self = PROCURE_DEMO_SERVER (object);

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (procure_demo_server_parent_class)->finalize (object);
}

static void
procure_demo_server_class_init (ProcureDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = procure_demo_server_dispose;
  object_class->finalize = procure_demo_server_finalize;
}

static void
procure_demo_server_init (ProcureDemoServer *self)
{
}

ProcureDemoServer *
procure_demo_server_new (const char *db_path)
{
  ProcureDemoServer *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (PROCURE_TYPE_DEMO_SERVER, NULL);
  self->db_path = g_strdup (db_path);
  return self;
}
