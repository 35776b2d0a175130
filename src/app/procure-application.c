/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "procure-application.h"
#include "procure-demo-server.h"
#include "procure-window.h"

struct _ProcureApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  ProcureSession    *session;
  ProcureNotifier   *notifier;
  ProcureDemoServer *demo_server;
  GCancellable      *cancellable;
  gboolean           demo;
  char              *demo_user;
  gboolean           session_is_demo;
  guint              sigterm_id;
  guint              sigint_id;
};

G_DEFINE_FINAL_TYPE (ProcureApplication, procure_application, ADW_TYPE_APPLICATION)

const char * const procure_demo_users[] = {
  "pat", "morgan", "quinn", "gale", "sam", "ada", NULL
};

static ProcureWindow *
get_window (ProcureApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (procure_window_new (GTK_APPLICATION (self), self->session));
      procure_window_set_demo (PROCURE_WINDOW (window), self->demo);
      if (self->settings != NULL)
        {
          /* The window keeps its size across runs. */
          g_settings_bind (self->settings, "window-width", window, "default-width", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-height", window, "default-height", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-maximized", window, "maximized", G_SETTINGS_BIND_DEFAULT);
        }
    }
  return PROCURE_WINDOW (window);
}

static void
on_notifier_open_order (ProcureApplication *self,
                        const char         *order_id)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "open-order",
                                  g_variant_new_string (order_id));
}

static ProcureNotifier *
get_notifier (ProcureApplication *self)
{
  if (self->notifier == NULL && g_getenv ("PROCURE_NO_NOTIFICATIONS") == NULL)
    {
      self->notifier = procure_libnotify_notifier_new (_("Procure"));
      g_signal_connect_object (self->notifier, "open-order",
                               G_CALLBACK (on_notifier_open_order), self,
                               G_CONNECT_SWAPPED);
    }
  return self->notifier;
}

/* A session for @server_url, reusing the current one when it already talks
 * to that server. Demo sessions keep no token in the keyring: the demo
 * server's address changes with every start. */
static ProcureSession *
ensure_session (ProcureApplication *self,
                const char         *server_url)
{
  if (self->session != NULL &&
      g_strcmp0 (procure_session_get_server_url (self->session), server_url) == 0)
    return self->session;

  g_clear_object (&self->session);
  self->session_is_demo = self->demo;
  self->session = g_object_new (PROCURE_TYPE_SESSION,
                                "server-url", server_url,
                                "notifier", get_notifier (self),
                                "use-keyring", !self->demo,
                                NULL);
  procure_window_set_session (get_window (self), self->session);
  return self->session;
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ProcureApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  ProcureSession *session = PROCURE_SESSION (source);

  if (!procure_session_sign_in_finish (session, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        procure_window_show_sign_in_error (get_window (self), error);
      return;
    }

  if (self->settings != NULL && !self->demo)
    {
      g_settings_set_string (self->settings, "server-url",
                             procure_session_get_server_url (session));
      g_settings_set_string (self->settings, "login",
                             procure_session_get_user (session)->login);
    }
  procure_window_show_main (get_window (self));
}

void
procure_application_sign_in (ProcureApplication *self,
                             const char         *server_url,
                             const char         *login,
                             const char         *password)
{
  ProcureSession *session;

  g_return_if_fail (PROCURE_IS_APPLICATION (self));

  session = ensure_session (self, server_url);
  procure_session_sign_in_async (session, login, password, self->cancellable,
                                 sign_in_cb, g_object_ref (self));
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ProcureApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = procure_demo_server_start_finish (PROCURE_DEMO_SERVER (source), result, &error);
  if (url == NULL)
    {
      g_clear_object (&self->demo_server);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        procure_window_show_sign_in_error (get_window (self), error);
      return;
    }
  procure_application_sign_in (self, url, self->demo_user, "demo");
}

void
procure_application_start_demo (ProcureApplication *self,
                                const char         *login)
{
  g_autofree char *db_path = NULL;

  g_return_if_fail (PROCURE_IS_APPLICATION (self));

  self->demo = TRUE;
  if (login != self->demo_user)
    {
      g_free (self->demo_user);
      self->demo_user = g_strdup (login ? login : "pat");
    }
  else if (self->demo_user == NULL)
    self->demo_user = g_strdup ("pat");
  procure_window_set_demo (get_window (self), TRUE);
  procure_window_show_starting (get_window (self), _("Starting the Demo…"));

  if (self->demo_server != NULL && procure_demo_server_get_url (self->demo_server))
    {
      procure_application_sign_in (self, procure_demo_server_get_url (self->demo_server),
                                   self->demo_user, "demo");
      return;
    }
  if (self->demo_server != NULL)
    return;  /* already starting */

  db_path = procure_demo_server_default_db_path ();
  self->demo_server = procure_demo_server_new (db_path);
  procure_demo_server_start_async (self->demo_server, self->cancellable,
                                   demo_started_cb, g_object_ref (self));
}

static void
restore_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ProcureApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  ProcureWindow *window = get_window (self);

  if (procure_session_restore_finish (PROCURE_SESSION (source), result, &error))
    {
      procure_window_show_main (window);
      return;
    }
  if (error != NULL)
    g_debug ("Could not restore the session: %s", error->message);
  login = self->settings ? g_settings_get_string (self->settings, "login") : NULL;
  procure_window_show_sign_in (window, procure_session_get_server_url (PROCURE_SESSION (source)),
                               login);
}

/* Start-up without --demo: a stored token opens straight onto the cache. */
static void
start_normal (ProcureApplication *self)
{
  g_autofree char *url = NULL;
  g_autofree char *login = NULL;

  if (self->settings != NULL)
    {
      url = g_settings_get_string (self->settings, "server-url");
      login = g_settings_get_string (self->settings, "login");
    }
  if (url == NULL || *url == '\0' || login == NULL || *login == '\0')
    {
      procure_window_show_sign_in (get_window (self), url, login);
      return;
    }
  procure_window_show_starting (get_window (self), _("Opening…"));
  procure_session_restore_async (ensure_session (self, url), login, self->cancellable,
                                 restore_cb, g_object_ref (self));
}

static void
after_sign_out (ProcureApplication *self)
{
  g_autofree char *url = NULL;

  if (self->demo && self->demo_user != NULL)
    {
      procure_application_start_demo (self, self->demo_user);
      return;
    }
  /* Leaving the demo: offer the real server last used, not the demo's. */
  if (self->session != NULL && !self->session_is_demo)
    url = g_strdup (procure_session_get_server_url (self->session));
  else if (self->settings != NULL)
    url = g_settings_get_string (self->settings, "server-url");
  procure_window_show_sign_in (get_window (self), url, NULL);
}

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ProcureApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!procure_session_sign_out_finish (PROCURE_SESSION (source), result, &error))
    g_debug ("Sign-out: %s", error->message);
  after_sign_out (self);
}

/* Signs out; in demo mode then signs in as @next_demo_user. */
static void
sign_out (ProcureApplication *self,
          const char         *next_demo_user)
{
  g_free (self->demo_user);
  self->demo_user = g_strdup (next_demo_user);
  if (self->session == NULL || !procure_session_get_signed_in (self->session))
    {
      after_sign_out (self);
      return;
    }
  procure_window_show_starting (get_window (self), _("Signing Out…"));
  procure_session_sign_out_async (self->session, NULL, sign_out_cb, g_object_ref (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  ProcureApplication *self = user_data;
  static const char *developers[] = { "The Procure developers", NULL };

  adw_show_about_window (GTK_WINDOW (get_window (self)),
                         "application-name", _("Procure"),
                         "application-icon", PROCURE_APP_ID,
                         "version", PROCURE_VERSION,
                         "comments", _("Order SIM cards from your service provider and follow them to delivery"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ProcureApplication *self = user_data;

  procure_window_show_preferences (get_window (self), self->settings);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ProcureApplication *self = user_data;

  /* Signing out of the demo leaves demo mode: back to the sign-in page. */
  self->demo = FALSE;
  procure_window_set_demo (get_window (self), FALSE);
  sign_out (self, NULL);
}

static void
switch_demo_user_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  ProcureApplication *self = user_data;
  const char *login = g_variant_get_string (parameter, NULL);

  if (!g_strv_contains (procure_demo_users, login))
    return;
  self->demo = TRUE;
  sign_out (self, login);
}

static void
try_demo_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  procure_application_start_demo (PROCURE_APPLICATION (user_data), "pat");
}

static void
open_order_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ProcureApplication *self = user_data;
  ProcureWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  procure_window_open_order (window, g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "sign-out", sign_out_activated },
  { "switch-demo-user", switch_demo_user_activated, "s" },
  { "try-demo", try_demo_activated },
  { "open-order", open_order_activated, "s" },
};

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, PROCURE_APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (PROCURE_APP_ID);
}

static void
set_accels (GtkApplication *app)
{
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "window.close", { "<Primary>w", NULL } },
    { "win.new-order", { "<Primary>n", NULL } },
    { "win.search", { "<Primary>f", NULL } },
    { "win.sync", { "<Primary>r", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

static gint
procure_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);
  const char *user = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("procure %s\n", PROCURE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "demo-user", "&s", &user))
    {
      if (!g_strv_contains (procure_demo_users, user))
        {
          g_printerr (_("Unknown demo user “%s”\n"), user);
          return 1;
        }
      self->demo = TRUE;
      self->demo_user = g_strdup (user);
    }
  return -1;
}

/* SIGTERM and SIGINT quit cleanly, so the demo server child is stopped. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
procure_application_startup (GApplication *app)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);

  G_APPLICATION_CLASS (procure_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_accels (GTK_APPLICATION (app));
  self->settings = create_settings ();
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
}

static void
procure_application_activate (GApplication *app)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);
  gboolean first = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
  ProcureWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (!first)
    return;
  if (self->demo)
    procure_application_start_demo (self, self->demo_user);
  else
    start_normal (self);
}

static void
procure_application_shutdown (GApplication *app)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->demo_server != NULL)
    procure_demo_server_stop (self->demo_server);

  G_APPLICATION_CLASS (procure_application_parent_class)->shutdown (app);
}

static void
procure_application_dispose (GObject *object)
{
  ProcureApplication *self = PROCURE_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->notifier);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (procure_application_parent_class)->dispose (object);
}

static void
procure_application_finalize (GObject *object)
{
  ProcureApplication *self = PROCURE_APPLICATION (object);

  g_clear_pointer (&self->demo_user, g_free);

  G_OBJECT_CLASS (procure_application_parent_class)->finalize (object);
}

static void
procure_application_class_init (ProcureApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = procure_application_dispose;
  object_class->finalize = procure_application_finalize;
  app_class->handle_local_options = procure_application_handle_local_options;
  app_class->startup = procure_application_startup;
  app_class->activate = procure_application_activate;
  app_class->shutdown = procure_application_shutdown;
}

static void
procure_application_init (ProcureApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a local demo server and sign in to it"), NULL },
    { "demo-user", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Demo user to sign in as (pat, morgan, quinn, gale, sam, ada)"), N_("LOGIN") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  self->demo_user = NULL;
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

ProcureApplication *
procure_application_new (void)
{
  return g_object_new (PROCURE_TYPE_APPLICATION,
                       "application-id", PROCURE_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/procure/Procure",
                       NULL);
}

ProcureSession *
procure_application_get_session (ProcureApplication *self)
{
  g_return_val_if_fail (PROCURE_IS_APPLICATION (self), NULL);

  return self->session;
}

gboolean
procure_application_get_demo (ProcureApplication *self)
{
  g_return_val_if_fail (PROCURE_IS_APPLICATION (self), FALSE);

  return self->demo;
}

GSettings *
procure_application_get_settings (ProcureApplication *self)
{
  g_return_val_if_fail (PROCURE_IS_APPLICATION (self), NULL);

  return self->settings;
}
