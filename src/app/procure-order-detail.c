/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-action-dialog.h"
#include "procure-order-checks.h"
#include "procure-order-detail.h"
#include "procure-progress-stepper.h"
#include "procure-sims-page.h"
#include "procure-ui-state.h"
#include "procure-widgets.h"

/* At most this many SIM rows are drawn; the rest are in the copy and export. */
#define MAX_SIM_ROWS 100

struct _ProcureOrderDetail
{
  AdwBin                  parent_instance;

  ProcureSession         *session;
  char                   *order_id;
  char                   *title;
  ProcureOrder           *order;
  GListModel             *sims_model;   /* this order's SIMs, following sync */
  gboolean                conflict;

  GtkStack               *stack;
  GtkLabel               *title_label;
  GtkLabel               *status_pill;
  GtkWidget              *pending_icon;
  GtkLabel               *subtitle_label;
  GtkLabel               *total_label;
  ProcureProgressStepper *stepper;
  GtkWidget              *conflict_box;
  GtkLabel               *conflict_label;
  GtkBox                 *actions_box;
  GtkWidget              *checks_group;
  GtkListBox             *checks_list;
  GtkListBox             *lines_list;
  GtkListBox             *settings_list;
  GtkListBox             *delivery_list;
  GtkWidget              *sims_group;
  GtkListBox             *sims_list;
  GtkListBox             *history_list;
  GtkListBox             *comments_list;
};

G_DEFINE_FINAL_TYPE (ProcureOrderDetail, procure_order_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (ProcureOrderDetail *self);

/* ---------- helpers ---------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_append (list, row);
  return row;
}

static void
add_suffix_label (GtkWidget  *row,
                  const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static GtkWindow *
parent_window (ProcureOrderDetail *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (ProcureOrderDetail *self,
       const char         *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* ---------- sections ---------- */

static void
fill_header (ProcureOrderDetail *self)
{
  ProcureOrder *order = self->order;
  g_autofree char *created = procure_format_timestamp (order->created_at);
  g_autofree char *subtitle = NULL;
  g_autofree char *total = procure_money_format (order->total, order->currency);
  g_autofree char *title = order->number ? g_strdup_printf (_("PO %s"), order->number)
                                           : g_strdup (order->status == PROCURE_STATUS_DRAFT
                                                       ? _("Draft Order") : _("Order"));

  gtk_label_set_label (self->title_label, title);
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  procure_status_pill_set (GTK_WIDGET (self->status_pill), order->status);
  subtitle = g_strdup_printf (order->on_behalf ? _("%s · raised by %s on behalf, %s")
                                               : _("%s · raised by %s, %s"),
                              order->account_name ? order->account_name : order->account_id,
                              order->created_by_name ? order->created_by_name : order->created_by,
                              created);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_label_set_label (self->total_label, total);
  procure_progress_stepper_set_status (self->stepper, order->status);
}

static void
on_action_response (ProcureOrderDetail  *self,
                    const char          *response,
                    ProcureActionDialog *dialog);

static void
send_action (ProcureOrderDetail   *self,
             ProcureAction         action,
             ProcureActionRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!procure_session_order_action (self->session, self->order_id, action, request, &error))
    {
      toast (self, error->message);
      return;
    }
  message = g_strdup_printf (_("“%s” sent"), procure_action_get_label (action));
  toast (self, message);
  reload (self);
}

void
procure_order_detail_run_action (ProcureOrderDetail *self,
                                 ProcureAction       action)
{
  g_autoptr(ProcureActionRequest) request = NULL;
  ProcureActionDialog *dialog;

  g_return_if_fail (PROCURE_IS_ORDER_DETAIL (self));

  if (self->order == NULL || self->session == NULL)
    return;
  if (!procure_action_dialog_needed (action))
    {
      request = procure_action_request_new ();
      send_action (self, action, request);
      return;
    }
  dialog = procure_action_dialog_new (parent_window (self), self->order, action);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_action_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_action_response (ProcureOrderDetail  *self,
                    const char          *response,
                    ProcureActionDialog *dialog)
{
  g_autoptr(ProcureActionRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "confirm"))
    return;
  request = procure_action_dialog_get_request (dialog, &error);
  if (request == NULL)
    {
      toast (self, error->message);
      return;
    }
  send_action (self, procure_action_dialog_get_action (dialog), request);
}

static void
on_action_button_clicked (GtkButton          *button,
                          ProcureOrderDetail *self)
{
  ProcureAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));

  procure_order_detail_run_action (self, action);
}

static GtkWidget *
create_action_button (ProcureOrderDetail        *self,
                      const ProcureActionButton *info)
{
  GtkWidget *button = gtk_button_new_with_label (info->label);
  g_autofree char *name = g_strdup_printf (_("%s Order"), info->label);

  if (info->style_class != NULL)
    gtk_widget_add_css_class (button, info->style_class);
  procure_set_accessible_label (button, info->label);
  gtk_widget_set_tooltip_text (button, name);
  g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (info->action));
  g_signal_connect (button, "clicked", G_CALLBACK (on_action_button_clicked), self);
  return button;
}

/* The order's products as the caller sees them, if assigned to its account. */
static GPtrArray *
order_products (ProcureOrderDetail *self)
{
  GPtrArray *products = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_product_unref);

  for (guint i = 0; i < self->order->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (self->order->lines, i);
      ProcureProduct *product = procure_session_get_product (self->session, line->product_id);

      if (product == NULL)
        continue;
      if (product->account_ids != NULL &&
          !g_strv_contains ((const char * const *) product->account_ids, self->order->account_id))
        {
          procure_product_unref (product);
          continue;
        }
      g_ptr_array_add (products, product);
    }
  return products;
}

static void
fill_checks (ProcureOrderDetail *self,
             guint               mask)
{
  const guint deciding = (1u << PROCURE_ACTION_APPROVE) | (1u << PROCURE_ACTION_ACCEPT);
  g_autoptr(ProcureAccount) account = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  clear_list (self->checks_list);
  gtk_widget_set_visible (self->checks_group, (mask & deciding) != 0);
  if ((mask & deciding) == 0)
    return;
  account = procure_session_get_account (self->session, self->order->account_id);
  products = order_products (self);
  checks = procure_order_checks (self->order, account, products, NULL);
  for (guint i = 0; i < checks->len; i++)
    {
      ProcureOrderCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row = add_row (self->checks_list, check->title, check->detail);
      GtkWidget *icon = gtk_image_new_from_icon_name (check->ok ? "emblem-ok-symbolic"
                                                                : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, check->ok ? "success" : "warning");
      procure_set_accessible_label (icon, check->ok ? _("Passed") : _("Warning"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
}

static void
fill_actions (ProcureOrderDetail *self)
{
  ProcureActionButton buttons[PROCURE_N_ACTIONS];
  guint mask = procure_session_get_allowed_actions (self->session, self->order_id);
  guint n = procure_ui_action_buttons_from_mask (mask, buttons);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_box_remove (self->actions_box, child);

  if (procure_session_can_edit (self->session, self->order_id))
    {
      GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit"));

      procure_set_accessible_label (edit, _("Edit"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "win.edit-order");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", self->order_id);
      gtk_box_append (self->actions_box, edit);
    }
  for (guint i = 0; i < n; i++)
    gtk_box_append (self->actions_box, create_action_button (self, &buttons[i]));
  fill_checks (self, mask);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->actions_box)) != NULL);
}

static void
fill_lines (ProcureOrderDetail *self)
{
  ProcureOrder *order = self->order;

  clear_list (self->lines_list);
  for (guint i = 0; i < order->lines->len; i++)
    {
      ProcureOrderLine *line = g_ptr_array_index (order->lines, i);
      g_autofree char *price = procure_money_format (line->unit_price, order->currency);
      g_autofree char *total = procure_money_format (line->line_total, order->currency);
      g_autofree char *subtitle = g_strdup_printf ("%'" G_GINT64_FORMAT " × %s", line->quantity, price); /* not translated */
      const char *title = line->product_name ? line->product_name : line->product_id;
      GtkWidget *row = add_row (self->lines_list, title, subtitle);

      add_suffix_label (row, total, "heading");
    }
  if (order->lines->len == 0)
    add_row (self->lines_list, _("No lines yet"), NULL);
}

static void
fill_settings (ProcureOrderDetail *self)
{
  ProcureOrder *order = self->order;

  clear_list (self->settings_list);
  for (int s = 0; s < PROCURE_N_SETTINGS; s++)
    {
      const char *value = order->effective->values[s];
      GtkWidget *row = add_row (self->settings_list, procure_setting_get_label (s),
                                value ? value : _("Account default"));

      if (order->overrides->values[s] != NULL)
        add_suffix_label (row, _("Override"), "override-marker");
    }
}

static char *
address_text (const ProcureAddress *a)
{
  GString *text = g_string_new (NULL);
  const char *parts[] = { a->company, a->street, a->postal_code, a->city, a->region, a->country };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len ? ", " : "", parts[i]);
  return g_string_free (text, FALSE);
}

static void
fill_delivery (ProcureOrderDetail *self)
{
  ProcureOrder *order = self->order;
  g_autofree char *date = procure_format_date (order->requested_ship_date);

  clear_list (self->delivery_list);
  if (order->shipping_address != NULL)
    {
      g_autofree char *address = address_text (order->shipping_address);
      add_row (self->delivery_list, order->shipping_address->name, address);
    }
  else
    add_row (self->delivery_list, _("Shipping Address"), _("Not set"));
  add_row (self->delivery_list, _("Requested Shipping Date"), date);
  if (order->shipment != NULL)
    {
      g_autofree char *shipped = procure_format_date (order->shipment->shipped_at);
      g_autofree char *text = g_strdup_printf (_("%s, tracking number %s, shipped %s"),
                                               order->shipment->carrier,
                                               order->shipment->tracking_number, shipped);
      add_row (self->delivery_list, _("Shipment"), text);
    }
  if (order->notes != NULL && *order->notes != '\0')
    add_row (self->delivery_list, _("Notes"), order->notes);
}

static char *
history_title (const ProcureHistoryEntry *entry)
{
  if (entry->action == PROCURE_ACTION_INVALID)
    return g_strdup (_("Created"));
  return g_strdup_printf ("%s → %s", procure_action_get_label (entry->action),
                          procure_status_get_label (entry->to));
}

static void
fill_history (ProcureOrderDetail *self)
{
  GPtrArray *history = self->order->history;

  clear_list (self->history_list);
  for (guint i = 0; i < history->len; i++)
    {
      ProcureHistoryEntry *entry = g_ptr_array_index (history, i);
      g_autofree char *title = history_title (entry);
      g_autofree char *when = procure_format_timestamp (entry->at);
      g_autofree char *subtitle = NULL;

      subtitle = entry->comment && *entry->comment
        ? g_strdup_printf ("%s, %s — “%s”", entry->actor_name ? entry->actor_name : "", when, entry->comment)
        : g_strdup_printf ("%s, %s", entry->actor_name ? entry->actor_name : "", when);
      add_row (self->history_list, title, subtitle);
    }
}

static void
on_comment_apply (AdwEntryRow        *row,
                  ProcureOrderDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*body == '\0')
    return;
  if (!procure_session_add_comment (self->session, self->order_id, body, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  toast (self, _("Comment added"));
}

static void
fill_comments (ProcureOrderDetail *self)
{
  GPtrArray *comments = self->order->comments;
  GtkWidget *entry = adw_entry_row_new ();

  clear_list (self->comments_list);
  for (guint i = 0; i < comments->len; i++)
    {
      ProcureComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *when = procure_format_timestamp (comment->at);
      g_autofree char *subtitle = g_strdup_printf ("%s, %s", comment->author_name, when);
      GtkWidget *row = add_row (self->comments_list, comment->body, subtitle);

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Add a Comment"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  procure_set_accessible_label (entry, _("Add a Comment"));
  g_signal_connect (entry, "apply", G_CALLBACK (on_comment_apply), self);
  gtk_list_box_append (self->comments_list, entry);
}

static void
fill_sims (ProcureOrderDetail *self)
{
  guint n;

  n = self->sims_model != NULL ? g_list_model_get_n_items (self->sims_model) : 0;
  clear_list (self->sims_list);
  gtk_widget_set_visible (self->sims_group, n > 0 || self->order->sim_count > 0);
  for (guint i = 0; i < MIN (n, MAX_SIM_ROWS); i++)
    {
      g_autoptr(ProcureSimRow) sim = g_list_model_get_item (self->sims_model, i);
      g_autofree char *subtitle = g_strdup_printf (_("IMSI %s · MSISDN %s"),
                                                   procure_sim_row_get_imsi (sim),
                                                   procure_sim_row_get_msisdn (sim));

      add_row (self->sims_list, procure_sim_row_get_iccid (sim), subtitle);
    }
  if (n > MAX_SIM_ROWS)
    {
      guint hidden = n - MAX_SIM_ROWS;
      /* %'u: the count with the locale's thousands separator */
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %'u more (see Copy and Export)",
                                                            "and %'u more (see Copy and Export)",
                                                            hidden),
                                               hidden);
      add_row (self->sims_list, more, NULL);
    }
  if (n == 0 && self->order->sim_count > 0)
    add_row (self->sims_list, _("SIMs are assigned; they appear after the next sync"), NULL);
}

static void
reload (ProcureOrderDetail *self)
{
  g_clear_pointer (&self->order, procure_order_unref);
  if (self->session != NULL && self->order_id != NULL)
    self->order = procure_session_get_order (self->session, self->order_id);
  if (self->order == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }
  fill_header (self);
  fill_actions (self);
  fill_lines (self);
  fill_settings (self);
  fill_delivery (self);
  fill_sims (self);
  fill_history (self);
  fill_comments (self);
  gtk_widget_set_visible (self->pending_icon, FALSE);
  gtk_widget_set_visible (self->conflict_box, self->conflict);
  gtk_stack_set_visible_child_name (self->stack, "order");
}

/* ---------- callbacks ---------- */

static void
on_order_changed (ProcureOrderDetail *self,
                  const char         *order_id)
{
  if (g_strcmp0 (order_id, self->order_id) == 0)
    reload (self);
}

static void
on_conflict (ProcureOrderDetail *self,
             const char         *order_id,
             ProcureOrder       *server_version,
             GError             *error)
{
  if (g_strcmp0 (order_id, self->order_id) != 0)
    return;
  self->conflict = TRUE;
  gtk_label_set_label (self->conflict_label,
                       _("Someone changed this order before your change reached the server. "
                         "The order now shows their version."));
  reload (self);
}

static void
resolve_conflict (ProcureOrderDetail *self,
                  gboolean            redo)
{
  self->conflict = FALSE;
  procure_session_resolve_conflict (self->session, self->order_id, redo);
  reload (self);
}

static void
on_conflict_redo (ProcureOrderDetail *self)
{
  resolve_conflict (self, TRUE);
}

static void
on_conflict_drop (ProcureOrderDetail *self)
{
  resolve_conflict (self, FALSE);
}

static void
on_copy_sims (ProcureOrderDetail *self)
{
  g_autofree char *csv = NULL;

  if (self->sims_model == NULL)
    return;
  csv = procure_sims_to_csv (self->sims_model);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), csv);
  toast (self, _("SIMs copied"));
}

static void
on_export_response (GtkNativeDialog    *chooser,
                    int                 response,
                    ProcureOrderDetail *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->sims_model != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      csv = procure_sims_to_csv (self->sims_model);
      if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, &error))
        toast (self, error->message);
      else
        toast (self, _("SIMs exported"));
    }
  g_object_unref (chooser);
}

static void
on_export_sims (ProcureOrderDetail *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("sims-%s.csv",
                                           self->order && self->order->number ? self->order->number
                                                                              : self->order_id);

  chooser = gtk_file_chooser_native_new (_("Export SIMs"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_sims_changed (ProcureOrderDetail *self)
{
  if (self->order != NULL)
    fill_sims (self);
}

/* The SIMs arrive in a later /changes page than the order's new status, so
 * the list follows its own model rather than only order-changed. */
static void
watch_order_sims (ProcureOrderDetail *self)
{
  if (self->sims_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sims_model, self);
  g_clear_object (&self->sims_model);
  if (self->session == NULL || self->order_id == NULL)
    return;
  self->sims_model = procure_session_get_order_sims (self->session, self->order_id);
  g_signal_connect_swapped (self->sims_model, "items-changed", G_CALLBACK (on_sims_changed), self);
}

/* ---------- GObject ---------- */

static void
procure_order_detail_dispose (GObject *object)
{
  ProcureOrderDetail *self = PROCURE_ORDER_DETAIL (object);

  procure_order_detail_set_session (self, NULL);
  if (self->sims_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sims_model, self);
  /* AdwBin keeps its own pointer to the child: release it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROCURE_TYPE_ORDER_DETAIL);
  g_clear_object (&self->sims_model);

  G_OBJECT_CLASS (procure_order_detail_parent_class)->dispose (object);
}

static void
procure_order_detail_finalize (GObject *object)
{
  ProcureOrderDetail *self = PROCURE_ORDER_DETAIL (object);

  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->order, procure_order_unref);

  G_OBJECT_CLASS (procure_order_detail_parent_class)->finalize (object);
}

static void
procure_order_detail_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ProcureOrderDetail *self = PROCURE_ORDER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, procure_order_detail_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
procure_order_detail_class_init (ProcureOrderDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_order_detail_dispose;
  object_class->finalize = procure_order_detail_finalize;
  object_class->get_property = procure_order_detail_get_property;

  /* "PO 4500012001" or "Draft Order": what the header shows. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PROCURE_TYPE_PROGRESS_STEPPER);
  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-order-detail.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProcureOrderDetail, name)
  BIND (stack);
  BIND (title_label);
  BIND (status_pill);
  BIND (pending_icon);
  BIND (subtitle_label);
  BIND (total_label);
  BIND (stepper);
  BIND (conflict_box);
  BIND (conflict_label);
  BIND (actions_box);
  BIND (checks_group);
  BIND (checks_list);
  BIND (lines_list);
  BIND (settings_list);
  BIND (delivery_list);
  BIND (sims_group);
  BIND (sims_list);
  BIND (history_list);
  BIND (comments_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_redo);
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_drop);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_sims);
  gtk_widget_class_bind_template_callback (widget_class, on_export_sims);
}

static void
procure_order_detail_init (ProcureOrderDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "missing");
}

/* ---------- public API ---------- */

GtkWidget *
procure_order_detail_new (void)
{
  return g_object_new (PROCURE_TYPE_ORDER_DETAIL, NULL);
}

void
procure_order_detail_set_session (ProcureOrderDetail *self,
                                  ProcureSession     *session)
{
  g_return_if_fail (PROCURE_IS_ORDER_DETAIL (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "order-changed", G_CALLBACK (on_order_changed), self);
      g_signal_connect_swapped (session, "conflict", G_CALLBACK (on_conflict), self);
    }
  watch_order_sims (self);
  reload (self);
}

void
procure_order_detail_set_order_id (ProcureOrderDetail *self,
                                   const char         *order_id)
{
  g_return_if_fail (PROCURE_IS_ORDER_DETAIL (self));

  if (g_strcmp0 (self->order_id, order_id) != 0)
    self->conflict = FALSE;
  g_free (self->order_id);
  self->order_id = g_strdup (order_id);
  watch_order_sims (self);
  reload (self);
}

const char *
procure_order_detail_get_order_id (ProcureOrderDetail *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_DETAIL (self), NULL);

  return self->order_id;
}

const char *
procure_order_detail_get_title (ProcureOrderDetail *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_DETAIL (self), NULL);

  return self->title ? self->title : _("Order");
}

ProcureOrder *
procure_order_detail_get_order (ProcureOrderDetail *self)
{
  g_return_val_if_fail (PROCURE_IS_ORDER_DETAIL (self), NULL);

  return self->order;
}

void
procure_order_detail_replace_id (ProcureOrderDetail *self,
                                 const char         *old_id,
                                 const char         *new_id)
{
  g_return_if_fail (PROCURE_IS_ORDER_DETAIL (self));

  if (g_strcmp0 (self->order_id, old_id) == 0)
    procure_order_detail_set_order_id (self, new_id);
}
