/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-application.h"
#include "procure-catalogue-page.h"
#include "procure-order-detail.h"
#include "procure-order-editor.h"
#include "procure-orders-page.h"
#include "procure-preferences.h"
#include "procure-product-dialog.h"
#include "procure-sign-in-page.h"
#include "procure-sims-page.h"
#include "procure-ui-state.h"
#include "procure-window.h"

struct _ProcureWindow
{
  AdwApplicationWindow  parent_instance;

  ProcureSession       *session;
  GSignalGroup         *session_signals;
  GBindingGroup        *session_bindings;
  gboolean              demo;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *face_stack;
  ProcureSignInPage    *sign_in_page;
  AdwStatusPage        *starting_page;
  GtkSpinner           *starting_spinner;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkButton            *new_order_button;
  GtkButton            *sync_button;
  GtkToggleButton      *search_button;
  GtkRevealer          *offline_revealer;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  AdwViewStack         *view_stack;
  ProcureCataloguePage *catalogue_page;
  ProcureOrdersPage    *orders_page;
  ProcureOrdersPage    *inbox_page;
  ProcureSimsPage      *sims_page;
  AdwWindowTitle       *detail_title;
  ProcureOrderDetail   *order_detail;
  GMenu                *demo_section;
};

G_DEFINE_FINAL_TYPE (ProcureWindow, procure_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------- helpers ---------- */

static void
update_sync_indicator (ProcureWindow *self)
{
  ProcureSyncState state = PROCURE_SYNC_STATE_OFFLINE;
  GDateTime *last = NULL;
  guint pending = 0;
  g_autofree char *tooltip = NULL;
  gboolean offline;

  if (self->session != NULL)
    {
      state = procure_session_get_state (self->session);
      last = procure_session_get_last_synced (self->session);
      pending = procure_session_get_pending_count (self->session);
    }
  tooltip = procure_ui_sync_tooltip (state, last, pending);
  gtk_button_set_icon_name (self->sync_button, procure_ui_sync_icon_name (state));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  offline = self->session != NULL && procure_session_get_signed_in (self->session)
            && state == PROCURE_SYNC_STATE_OFFLINE;
  /* A hidden revealer would still measure its wrapping label at every
   * layout; it is shown only while it slides or stays open. */
  if (offline)
    gtk_widget_set_visible (GTK_WIDGET (self->offline_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
}

static void
on_offline_revealed (ProcureWindow *self)
{
  if (!gtk_revealer_get_child_revealed (self->offline_revealer)
      && !gtk_revealer_get_reveal_child (self->offline_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->offline_revealer), FALSE);
}

static void
update_inbox_badge (ProcureWindow *self)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->inbox_page));
  guint n = 0;

  if (self->session != NULL)
    n = g_list_model_get_n_items (procure_session_get_inbox (self->session));

  adw_view_stack_page_set_badge_number (page, n);
  adw_view_stack_page_set_needs_attention (page, n > 0);
}

static void
update_user (ProcureWindow *self)
{
  const ProcureUser *user = self->session ? procure_session_get_user (self->session) : NULL;
  g_autofree char *subtitle = NULL;
  GError *error = NULL;
  ProcureActor actor;
  gboolean can_create = FALSE;

  if (user != NULL)
    subtitle = g_strdup_printf ("%s · %s", user->name ? user->name : user->login,
                                procure_role_get_label (user->role));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle ? subtitle : "");

  /* Admins may not raise orders; agents raise them on behalf of accounts. */
  if (user != NULL && procure_session_get_actor (self->session, &actor))
    can_create = procure_lifecycle_can_create (&actor, actor.account_id, &error) ||
                 actor.role == PROCURE_ROLE_AGENT;
  g_clear_error (&error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-order", can_create);
  /* Agents and admins manage the SIM sales products. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-product",
                                 user != NULL && (user->role == PROCURE_ROLE_AGENT ||
                                                  user->role == PROCURE_ROLE_ADMIN));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-product",
                                 user != NULL && (user->role == PROCURE_ROLE_AGENT ||
                                                  user->role == PROCURE_ROLE_ADMIN));
}

static void
rebuild_demo_menu (ProcureWindow *self)
{
  g_autoptr(GMenu) users = g_menu_new ();

  g_menu_remove_all (self->demo_section);
  if (!self->demo)
    return;
  for (guint i = 0; procure_demo_users[i] != NULL; i++)
    {
      g_autofree char *action = g_strdup_printf ("app.switch-demo-user::%s", procure_demo_users[i]);

      g_menu_append (users, procure_demo_users[i], action);
    }
  g_menu_append_submenu (self->demo_section, _("Switch _Demo User"), G_MENU_MODEL (users));
}

static GtkWidget *
visible_page (ProcureWindow *self)
{
  return adw_view_stack_get_visible_child (self->view_stack);
}

static void
set_face (ProcureWindow *self,
          const char    *name)
{
  gtk_stack_set_visible_child_name (self->face_stack, name);
  gtk_spinner_set_spinning (self->starting_spinner, g_str_equal (name, "starting"));
}

/* ---------- callbacks ---------- */

static void
on_sign_in_requested (ProcureWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  procure_sign_in_page_set_busy (self->sign_in_page, TRUE);
  procure_application_sign_in (PROCURE_APPLICATION (app),
                               procure_sign_in_page_get_server_url (self->sign_in_page),
                               procure_sign_in_page_get_login (self->sign_in_page),
                               procure_sign_in_page_get_password (self->sign_in_page));
}

static void
on_try_demo_requested (ProcureWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  procure_application_start_demo (PROCURE_APPLICATION (app), "pat");
}

static void
on_search_changed (ProcureWindow *self)
{
  GtkWidget *page = visible_page (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "search-text"))
    g_object_set (page, "search-text", text, NULL);
}

static void
on_visible_page_changed (ProcureWindow *self)
{
  /* Each page keeps its own filter; the entry shows the visible one's. */
  GtkWidget *page = visible_page (self);
  g_autofree char *text = NULL;

  if (page == NULL || !g_object_class_find_property (G_OBJECT_GET_CLASS (page), "search-text"))
    return;
  g_object_get (page, "search-text", &text, NULL);
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
}

static void
on_session_state_changed (ProcureWindow *self)
{
  update_sync_indicator (self);
}

static void
on_session_user_changed (ProcureWindow *self)
{
  update_user (self);
}

static void
on_inbox_items_changed (ProcureWindow *self)
{
  update_inbox_badge (self);
}

static void
on_action_failed (ProcureWindow *self,
                  const char    *order_id,
                  GError        *error)
{
  g_autofree char *message = g_strdup_printf (_("The server refused a change: %s"),
                                              error ? error->message : _("unknown error"));

  procure_window_toast (self, message);
}

static void
on_conflict (ProcureWindow *self,
             const char    *order_id,
             ProcureOrder  *server_version,
             GError        *error)
{
  /* The detail view offers redo or drop; point the user at it. */
  procure_window_toast (self, _("Someone else changed this order. Review it and redo or drop your change."));
  procure_window_open_order (self, order_id);
}

static void
on_order_id_changed (ProcureWindow *self,
                     const char    *local_id,
                     const char    *server_id)
{
  procure_order_detail_replace_id (self->order_detail, local_id, server_id);
}

/* ---------- actions ---------- */

static void
new_order_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  procure_window_edit_order (PROCURE_WINDOW (widget), NULL, NULL);
}

static void
new_product_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ProcureWindow *self = PROCURE_WINDOW (widget);

  if (self->session != NULL)
    gtk_window_present (GTK_WINDOW (procure_product_dialog_new (GTK_WINDOW (self), self->session, NULL)));
}

static void
edit_product_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ProcureWindow *self = PROCURE_WINDOW (widget);
  g_autoptr(ProcureProduct) product = NULL;

  if (self->session != NULL)
    product = procure_session_get_product (self->session, g_variant_get_string (parameter, NULL));
  if (product != NULL)
    gtk_window_present (GTK_WINDOW (procure_product_dialog_new (GTK_WINDOW (self), self->session, product)));
}

static void
order_product_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  procure_window_edit_order (PROCURE_WINDOW (widget), NULL,
                             g_variant_get_string (parameter, NULL));
}

static void
edit_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  procure_window_edit_order (PROCURE_WINDOW (widget),
                             g_variant_get_string (parameter, NULL), NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProcureWindow *self = PROCURE_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->face_stack), "main"))
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProcureWindow *self = PROCURE_WINDOW (widget);

  if (self->session != NULL && procure_session_get_signed_in (self->session))
    procure_session_sync_now (self->session);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProcureWindow *self = PROCURE_WINDOW (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->face_stack), "detail"))
    {
      gtk_stack_set_transition_type (self->face_stack, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
      set_face (self, "main");
      gtk_stack_set_transition_type (self->face_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
    }
}

static void
open_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  procure_window_open_order (PROCURE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  procure_window_show_page (PROCURE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* ---------- GObject ---------- */

static void
procure_window_dispose (GObject *object)
{
  ProcureWindow *self = PROCURE_WINDOW (object);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session);
  /* Detach the switchers first: disposed after the stack, libadwaita 1.2
   * would unparent their already disposed buttons. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->switcher_title != NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_WINDOW);

  G_OBJECT_CLASS (procure_window_parent_class)->dispose (object);
}

static void
procure_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ProcureWindow *self = PROCURE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ProcureWindow *self = PROCURE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      procure_window_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-order", NULL, new_order_action);
  gtk_widget_class_install_action (widget_class, "win.new-product", NULL, new_product_action);
  gtk_widget_class_install_action (widget_class, "win.edit-product", "s", edit_product_action);
  gtk_widget_class_install_action (widget_class, "win.order-product", "s", order_product_action);
  gtk_widget_class_install_action (widget_class, "win.edit-order", "s", edit_order_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-order", "s", open_order_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
}

static void
procure_window_class_init (ProcureWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_window_dispose;
  object_class->get_property = procure_window_get_property;
  object_class->set_property = procure_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PROCURE_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PROCURE_TYPE_SIGN_IN_PAGE);
  g_type_ensure (PROCURE_TYPE_CATALOGUE_PAGE);
  g_type_ensure (PROCURE_TYPE_ORDERS_PAGE);
  g_type_ensure (PROCURE_TYPE_SIMS_PAGE);
  g_type_ensure (PROCURE_TYPE_ORDER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProcureWindow, name)
  BIND (toast_overlay);
  BIND (face_stack);
  BIND (sign_in_page);
  BIND (starting_page);
  BIND (starting_spinner);
  BIND (switcher_title);
  BIND (switcher_bar);
  BIND (new_order_button);
  BIND (sync_button);
  BIND (search_button);
  BIND (offline_revealer);
  BIND (search_bar);
  BIND (search_entry);
  BIND (view_stack);
  BIND (catalogue_page);
  BIND (orders_page);
  BIND (inbox_page);
  BIND (sims_page);
  BIND (detail_title);
  BIND (order_detail);
  BIND (demo_section);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_try_demo_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_offline_revealed);

  install_actions (widget_class);
}

static void
setup_session_signals (ProcureWindow *self)
{
  self->session_signals = g_signal_group_new (PROCURE_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state",
                                  G_CALLBACK (on_session_state_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::last-synced",
                                  G_CALLBACK (on_session_state_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::pending-count",
                                  G_CALLBACK (on_session_state_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::signed-in",
                                  G_CALLBACK (on_session_state_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::user",
                                  G_CALLBACK (on_session_user_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "action-failed",
                                  G_CALLBACK (on_action_failed), self);
  g_signal_group_connect_swapped (self->session_signals, "conflict",
                                  G_CALLBACK (on_conflict), self);
  g_signal_group_connect_swapped (self->session_signals, "order-id-changed",
                                  G_CALLBACK (on_order_id_changed), self);
}

static void
procure_window_init (ProcureWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->view_stack));
  setup_session_signals (self);
  update_sync_indicator (self);
  update_user (self);
  set_face (self, "sign-in");
}

/* ---------- public API ---------- */

ProcureWindow *
procure_window_new (GtkApplication *application,
                    ProcureSession *session)
{
  return g_object_new (PROCURE_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

ProcureSession *
procure_window_get_session (ProcureWindow *self)
{
  g_return_val_if_fail (PROCURE_IS_WINDOW (self), NULL);

  return self->session;
}

void
procure_window_set_session (ProcureWindow  *self,
                            ProcureSession *session)
{
  GListModel *inbox;

  g_return_if_fail (PROCURE_IS_WINDOW (self));
  g_return_if_fail (session == NULL || PROCURE_IS_SESSION (session));

  if (self->session != NULL)
    {
      inbox = procure_session_get_inbox (self->session);
      g_signal_handlers_disconnect_by_func (inbox, on_inbox_items_changed, self);
    }
  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  if (session != NULL)
    g_signal_connect_object (procure_session_get_inbox (session), "items-changed",
                             G_CALLBACK (on_inbox_items_changed), self, G_CONNECT_SWAPPED);
  procure_catalogue_page_set_session (self->catalogue_page, session);
  procure_orders_page_set_session (self->orders_page, session);
  procure_orders_page_set_session (self->inbox_page, session);
  procure_sims_page_set_session (self->sims_page, session);
  procure_order_detail_set_session (self->order_detail, session);
  update_sync_indicator (self);
  update_inbox_badge (self);
  update_user (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
procure_window_set_demo (ProcureWindow *self,
                         gboolean       demo)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  demo = !!demo;
  if (self->demo == demo && g_menu_model_get_n_items (G_MENU_MODEL (self->demo_section)) == (demo ? 1 : 0))
    return;
  self->demo = demo;
  rebuild_demo_menu (self);
}

void
procure_window_show_sign_in (ProcureWindow *self,
                             const char    *server_url,
                             const char    *login)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  procure_sign_in_page_set_busy (self->sign_in_page, FALSE);
  if (server_url != NULL)
    procure_sign_in_page_set_server_url (self->sign_in_page, server_url);
  if (login != NULL)
    procure_sign_in_page_set_login (self->sign_in_page, login);
  set_face (self, "sign-in");
}

void
procure_window_show_sign_in_error (ProcureWindow *self,
                                   const GError  *error)
{
  ProcureSignInField field = PROCURE_SIGN_IN_FIELD_NONE;
  g_autofree char *message = NULL;

  g_return_if_fail (PROCURE_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  message = procure_sign_in_describe_error (error, &field);
  procure_window_show_sign_in (self, self->session ? procure_session_get_server_url (self->session) : NULL,
                               NULL);
  procure_sign_in_page_set_error (self->sign_in_page, field, message);
}

void
procure_window_show_starting (ProcureWindow *self,
                              const char    *title)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  adw_status_page_set_title (self->starting_page, title);
  set_face (self, "starting");
}

void
procure_window_show_main (ProcureWindow *self)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  procure_sign_in_page_set_busy (self->sign_in_page, FALSE);
  procure_sign_in_page_set_error (self->sign_in_page, PROCURE_SIGN_IN_FIELD_NONE, NULL);
  update_user (self);
  update_sync_indicator (self);
  set_face (self, "main");
}

const char *
procure_window_get_face (ProcureWindow *self)
{
  const char *name;

  g_return_val_if_fail (PROCURE_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->face_stack);
  return g_str_equal (name, "detail") ? "main" : name;
}

void
procure_window_show_page (ProcureWindow *self,
                          const char    *name)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;
  back_action (GTK_WIDGET (self), NULL, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
procure_window_get_page (ProcureWindow *self,
                         const char    *name)
{
  g_return_val_if_fail (PROCURE_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "detail") == 0)
    return GTK_WIDGET (self->order_detail);
  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

void
procure_window_open_order (ProcureWindow *self,
                           const char    *order_id)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));
  g_return_if_fail (order_id != NULL);

  if (self->session == NULL || !procure_session_get_signed_in (self->session))
    return;
  procure_order_detail_set_order_id (self->order_detail, order_id);
  gtk_stack_set_transition_type (self->face_stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  set_face (self, "detail");
  gtk_stack_set_transition_type (self->face_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}

GtkWidget *
procure_window_edit_order (ProcureWindow *self,
                           const char    *order_id,
                           const char    *product_id)
{
  GtkWidget *editor;

  g_return_val_if_fail (PROCURE_IS_WINDOW (self), NULL);

  if (self->session == NULL || !procure_session_get_signed_in (self->session))
    return NULL;
  editor = procure_order_editor_new (self->session, order_id);
  if (product_id != NULL)
    procure_order_editor_add_product (PROCURE_ORDER_EDITOR (editor), product_id);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (editor), TRUE);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

void
procure_window_toast (ProcureWindow *self,
                      const char    *message)
{
  g_return_if_fail (PROCURE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
procure_window_show_preferences (ProcureWindow *self,
                                 GSettings     *settings)
{
  GtkWidget *preferences;

  g_return_if_fail (PROCURE_IS_WINDOW (self));

  preferences = procure_preferences_new (self->session, settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

gboolean
procure_window_get_offline_banner (ProcureWindow *self)
{
  g_return_val_if_fail (PROCURE_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->offline_revealer);
}
