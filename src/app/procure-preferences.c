/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-preferences.h"
#include "procure-widgets.h"

static GtkWidget *
server_group (ProcureSession *session)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  const char *url = session ? procure_session_get_server_url (session) : NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
      _("To use another server, sign out and sign in there."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Server Address"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url ? url : _("Not signed in"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}

static void
on_notifications_toggled (GtkSwitch      *toggle,
                          GParamSpec     *pspec,
                          ProcureSession *session)
{
  procure_session_set_notifications_enabled (session, gtk_switch_get_active (toggle));
}

static GtkWidget *
notifications_row (ProcureSession *session,
                   GSettings      *settings)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Notifications"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Tell me when an order I follow changes status"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  procure_set_accessible_label (toggle, _("Notifications"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  if (settings != NULL)
    g_settings_bind (settings, "notifications", toggle, "active", G_SETTINGS_BIND_DEFAULT);
  else if (session != NULL)
    gtk_switch_set_active (GTK_SWITCH (toggle), procure_session_get_notifications_enabled (session));
  if (session != NULL)
    g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_notifications_toggled),
                             session, 0);
  return row;
}

static GtkWidget *
background_row (GSettings *settings)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 1440, 5);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Background Sync"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Minutes to keep syncing after the window is closed (0: stop at once)"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  procure_set_accessible_label (spin, _("Background Sync Minutes"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  if (settings != NULL)
    g_settings_bind (settings, "background-sync-minutes", spin, "value", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (spin, FALSE);
  return row;
}

GtkWidget *
procure_preferences_new (ProcureSession *session,
                         GSettings      *settings)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *sync = adw_preferences_group_new ();

  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (server_group (session)));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (sync), _("Updates"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (sync), notifications_row (session, settings));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (sync), background_row (settings));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (sync));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  return window;
}
