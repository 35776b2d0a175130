/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "procure-application.h"
#include "procure-demo-server.h"
#include "procure-trust.h"
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
  guint              background_id;   /* holds the app while it syncs without a window */
  gboolean           started;
  gboolean           shutting_down;
};

G_DEFINE_FINAL_TYPE (ProcureApplication, procure_application, ADW_TYPE_APPLICATION)

/* The schema's default of background-sync-minutes, for a build tree
 * without the installed schema. */
#define BACKGROUND_SYNC_DEFAULT_MINUTES 15

const char * const procure_demo_users[] = {
  "pat", "morgan", "quinn", "gale", "sam", "ada", NULL
};

/* ---------- background sync ---------- */

/* How long the app keeps syncing once its last window closed, in seconds:
 * the GSettings key background-sync-minutes, or, for tests, the environment
 * variable PROCURE_BACKGROUND_SYNC_SECONDS (0-86400). */
static guint
background_seconds (ProcureApplication *self)
{
  const char *env = g_getenv ("PROCURE_BACKGROUND_SYNC_SECONDS");
  guint64 seconds;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, 86400, &seconds, NULL))
    return (guint) seconds;
  if (self->settings == NULL)
    return BACKGROUND_SYNC_DEFAULT_MINUTES * 60;
  return g_settings_get_uint (self->settings, "background-sync-minutes") * 60;
}

static gboolean
background_done_cb (gpointer user_data)
{
  ProcureApplication *self = user_data;

  self->background_id = 0;
  g_debug ("Background sync ends");
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/* The last window is closing: a signed-in session goes on syncing (and
 * notifying) for the configured time, then the app quits. */
static void
start_background (ProcureApplication *self)
{
  guint seconds;

  if (self->background_id != 0 || self->shutting_down ||
      self->session == NULL || !procure_session_get_signed_in (self->session))
    return;
  seconds = background_seconds (self);
  if (seconds == 0)
    return;
  g_debug ("Syncing in the background for %u s", seconds);
  g_application_hold (G_APPLICATION (self));
  self->background_id = g_timeout_add_seconds (seconds, background_done_cb, self);
}

static void
stop_background (ProcureApplication *self)
{
  if (self->background_id == 0)
    return;
  g_clear_handle_id (&self->background_id, g_source_remove);
  g_application_release (G_APPLICATION (self));
}

/* ---------- the window ---------- */

static ProcureWindow *
get_window (ProcureApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      /* A window again (activation, a notification's "Open"): the window
       * holds the app from now on. */
      stop_background (self);
      window = GTK_WINDOW (procure_window_new (GTK_APPLICATION (self), self->session));
      procure_window_set_demo (PROCURE_WINDOW (window), self->demo);
      if (self->settings != NULL)
        {
          /* The window keeps its size across runs. */
          g_settings_bind (self->settings, "window-width", window, "default-width", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-height", window, "default-height", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-maximized", window, "maximized", G_SETTINGS_BIND_DEFAULT);
        }
      /* Reopened while the session kept syncing: straight to its data. */
      if (self->session != NULL && procure_session_get_signed_in (self->session))
        procure_window_show_main (PROCURE_WINDOW (window));
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
static void
replace_session (ProcureApplication *self,
                 const char         *server_url)
{
  if (self->session != NULL &&
      g_strcmp0 (procure_session_get_server_url (self->session), server_url) == 0)
    return;

  g_clear_object (&self->session);
  self->session_is_demo = self->demo;
  self->session = g_object_new (PROCURE_TYPE_SESSION,
                                "server-url", server_url,
                                "notifier", get_notifier (self),
                                "use-keyring", !self->demo,
                                NULL);
  /* A certificate the user trusted for this server, also when a stored
   * session is restored at start-up. */
  procure_trust_apply (self->session);
}

/* The same, and shown by the window. */
static ProcureSession *
ensure_session (ProcureApplication *self,
                const char         *server_url)
{
  ProcureWindow *window;

  replace_session (self, server_url);
  window = get_window (self);
  if (procure_window_get_session (window) != self->session)
    procure_window_set_session (window, self->session);
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
  /* A certificate that changed or is no longer trusted is said, not hidden. */
  if (g_error_matches (error, PROCURE_API_ERROR, PROCURE_API_ERROR_TLS))
    procure_window_show_sign_in_error (window, error);
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
  /* The session's Secret Service lookup runs in a thread: started before
   * the window is built and shown, it is answered meanwhile, and the first
   * frame can already show the cache. */
  replace_session (self, url);
  procure_session_restore_async (self->session, login, self->cancellable,
                                 restore_cb, g_object_ref (self));
  ensure_session (self, url);
  procure_window_show_starting (get_window (self), _("Opening…"));
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
                         "developer-name", "The Procure developers",
                         "developers", developers,
                         "website", "https://github.com/procure/procure",
                         "issue-url", "https://github.com/procure/procure/issues",
                         "copyright", "© 2026 The Procure developers",
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
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

  /* The first activation starts restoring the session before the window
   * is presented (see start_normal()); later ones (also while syncing in
   * the background) only bring the window back. */
  if (!self->started)
    {
      self->started = TRUE;
      if (self->demo)
        procure_application_start_demo (self, self->demo_user);
      else
        start_normal (self);
    }
  gtk_window_present (GTK_WINDOW (get_window (self)));
}

static void
procure_application_shutdown (GApplication *app)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);

  self->shutting_down = TRUE;
  stop_background (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  /* Windows and lists may keep the cache open until the process ends: a
   * quit must not look like a crash to the next start. */
  if (self->session != NULL)
    procure_session_checkpoint_cache (self->session);
  if (self->demo_server != NULL)
    procure_demo_server_stop (self->demo_server);

  G_APPLICATION_CLASS (procure_application_parent_class)->shutdown (app);
}

/* ---------- the keyboard shortcuts window ---------- */

/* GtkApplication gives every window its shortcuts window
 * (gtk/help-overlay.ui) at once and keeps it hidden for the window's life.
 * A hidden toplevel crashes GTK 4.8's AT-SPI root: GetChildAtIndex with an
 * index past the visible windows (an assistive technology that counted a
 * dialog just before it closed) falls through to the LAST toplevel, and a
 * hidden window has no object path: g_variant_new_object_path (NULL), then
 * SIGSEGV. So no window of ours stays hidden: the shortcuts window is built
 * when asked for and destroyed when closed. */
static void
show_shortcuts_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkWindow *parent = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/procure/Procure/gtk/help-overlay.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, parent);
  gtk_window_set_modal (shortcuts, TRUE);
  gtk_window_set_hide_on_close (shortcuts, FALSE);
  gtk_window_present (shortcuts);
}

static void
replace_help_overlay (GtkApplicationWindow *window)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

  gtk_application_window_set_help_overlay (window, NULL);   /* destroys the hidden one */
  g_signal_connect_object (action, "activate", G_CALLBACK (show_shortcuts_activated), window, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
}

static void
procure_application_window_added (GtkApplication *app,
                                  GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (procure_application_parent_class)->window_added (app, window);

  if (GTK_IS_APPLICATION_WINDOW (window))
    replace_help_overlay (GTK_APPLICATION_WINDOW (window));
}

static void
procure_application_window_removed (GtkApplication *app,
                                    GtkWindow      *window)
{
  ProcureApplication *self = PROCURE_APPLICATION (app);
  GList *windows = gtk_application_get_windows (app);

  /* Hold before GtkApplication drops the window's use count: the app must
   * not reach zero in between. */
  if (windows != NULL && windows->data == window && windows->next == NULL)
    start_background (self);

  GTK_APPLICATION_CLASS (procure_application_parent_class)->window_removed (app, window);
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
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = procure_application_dispose;
  object_class->finalize = procure_application_finalize;
  app_class->handle_local_options = procure_application_handle_local_options;
  app_class->startup = procure_application_startup;
  app_class->activate = procure_application_activate;
  app_class->shutdown = procure_application_shutdown;
  gtk_app_class->window_added = procure_application_window_added;
  gtk_app_class->window_removed = procure_application_window_removed;
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
