/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libnotify/notify.h>

#include "procure-libnotify-notifier.h"

struct _ProcureLibnotifyNotifier
{
  GObject  parent_instance;

  /* Shown notifications are kept alive until closed: their actions only
   * work while the NotifyNotification exists. */
  GList   *shown;
};

static void notifier_iface_init (ProcureNotifierInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProcureLibnotifyNotifier, procure_libnotify_notifier, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PROCURE_TYPE_NOTIFIER, notifier_iface_init))

static void
on_open_action (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  ProcureLibnotifyNotifier *self = g_object_get_data (G_OBJECT (notification), "procure-notifier");
  const char *order_id = user_data;

  if (self != NULL)
    procure_notifier_open_order (PROCURE_NOTIFIER (self), order_id);
}

static void
on_closed (NotifyNotification *notification,
           gpointer            user_data)
{
  ProcureLibnotifyNotifier *self = user_data;
  GList *link = g_list_find (self->shown, notification);

  if (link == NULL)
    return;
  self->shown = g_list_delete_link (self->shown, link);
  g_signal_handlers_disconnect_by_data (notification, self);
  g_object_unref (notification);
}

static void
procure_libnotify_notifier_show (ProcureNotifier *notifier,
                                 const char      *summary,
                                 const char      *body,
                                 const char      *order_id)
{
  ProcureLibnotifyNotifier *self = PROCURE_LIBNOTIFY_NOTIFIER (notifier);
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;

  notification = notify_notification_new (summary, body, APP_ID);
  notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
  notify_notification_set_category (notification, "x-procure.order");
  if (order_id != NULL)
    {
      g_object_set_data (G_OBJECT (notification), "procure-notifier", self);
      notify_notification_add_action (notification, "open", _("Open"), on_open_action,
                                      g_strdup (order_id), g_free);
    }

  if (!notify_notification_show (notification, &error))
    {
      g_warning ("Cannot show notification: %s", error->message);
      g_object_unref (notification);
      return;
    }
  g_signal_connect (notification, "closed", G_CALLBACK (on_closed), self);
  self->shown = g_list_prepend (self->shown, notification);
}

static void
notifier_iface_init (ProcureNotifierInterface *iface)
{
  iface->show = procure_libnotify_notifier_show;
}

static void
drop_notification (gpointer data,
                   gpointer user_data)
{
  NotifyNotification *notification = data;

  g_signal_handlers_disconnect_by_data (notification, user_data);
  g_object_set_data (G_OBJECT (notification), "procure-notifier", NULL);
  g_object_unref (notification);
}

static void
procure_libnotify_notifier_dispose (GObject *object)
{
  ProcureLibnotifyNotifier *self = PROCURE_LIBNOTIFY_NOTIFIER (object);

  g_list_foreach (self->shown, drop_notification, self);
  g_clear_pointer (&self->shown, g_list_free);

  G_OBJECT_CLASS (procure_libnotify_notifier_parent_class)->dispose (object);
}

static void
procure_libnotify_notifier_class_init (ProcureLibnotifyNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = procure_libnotify_notifier_dispose;
}

static void
procure_libnotify_notifier_init (ProcureLibnotifyNotifier *self)
{
}

ProcureNotifier *
procure_libnotify_notifier_new (const char *app_name)
{
  if (!notify_is_initted ())
    notify_init (app_name ? app_name : "Procure");
  return g_object_new (PROCURE_TYPE_LIBNOTIFY_NOTIFIER, NULL);
}
