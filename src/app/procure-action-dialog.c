/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-action-dialog.h"
#include "procure-widgets.h"

struct _ProcureActionDialog
{
  AdwMessageDialog  parent_instance;

  ProcureOrder     *order;
  ProcureAction     action;
  GHashTable       *fields;      /* field name -> GtkEditable or GtkTextView */
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (ProcureActionDialog, procure_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

gboolean
procure_action_dialog_needed (ProcureAction action)
{
  return procure_action_needs_comment (action) ||
         action == PROCURE_ACTION_ACCEPT ||
         action == PROCURE_ACTION_READY ||
         action == PROCURE_ACTION_SHIP;
}

static char *
field_text (ProcureActionDialog *self,
            const char          *field)
{
  GtkWidget *widget = g_hash_table_lookup (self->fields, field);
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  if (widget == NULL)
    return NULL;
  if (GTK_IS_EDITABLE (widget))
    return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
nonempty (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Errors name SIMs by JSON path: "sims[3]" is the 1-based line of the text
 * (parsing), "sims[2].imsi" the 0-based SIM (validation). Say which in
 * words the agent can find in the text view. */
static void
locate_sim_error (GPtrArray  *sims,
                  GError    **error)
{
  const char *field = error != NULL ? procure_error_get_field (*error) : NULL;
  guint64 index;
  char *end = NULL;

  if (field == NULL || !g_str_has_prefix (field, "sims["))
    return;
  index = g_ascii_strtoull (field + 5, &end, 10);
  if (end == NULL || *end != ']')
    return;
  if (end[1] == '\0')
    g_prefix_error (error, _("Line %u: "), (guint) index);
  else if (sims != NULL && index < sims->len)
    g_prefix_error (error, _("SIM %u (ICCID %s): "), (guint) index + 1,
                    ((ProcureSim *) g_ptr_array_index (sims, index))->iccid);
}

ProcureActionRequest *
procure_action_dialog_get_request (ProcureActionDialog  *self,
                                   GError              **error)
{
  g_autoptr(ProcureActionRequest) request = procure_action_request_new ();
  g_autofree char *sims_text = NULL;

  g_return_val_if_fail (PROCURE_IS_ACTION_DIALOG (self), NULL);

  request->comment = nonempty (field_text (self, "comment"));
  request->number = nonempty (field_text (self, "number"));
  request->carrier = nonempty (field_text (self, "carrier"));
  request->tracking_number = nonempty (field_text (self, "tracking_number"));
  request->shipped_at = nonempty (field_text (self, "shipped_at"));
  sims_text = field_text (self, "sims");
  if (sims_text != NULL)
    {
      request->sims = procure_parse_sim_text (sims_text, error);
      if (request->sims == NULL)
        {
          locate_sim_error (NULL, error);
          return NULL;
        }
    }
  if (!procure_action_request_validate (self->action, request, self->order, error))
    {
      locate_sim_error (request->sims, error);
      return NULL;
    }
  return g_steal_pointer (&request);
}

static void
revalidate (ProcureActionDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureActionRequest) request = procure_action_dialog_get_request (self, &error);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", request != NULL);
  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static GtkWidget *
add_entry (ProcureActionDialog *self,
           GtkWidget           *list,
           const char          *field,
           const char          *title,
           const char          *initial)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  procure_set_accessible_label (row, title);
  if (initial != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), initial);
  g_signal_connect_object (row, "changed", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->fields, (gpointer) field, row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
add_text_view (ProcureActionDialog *self,
               GtkWidget           *box,
               const char          *field,
               const char          *title)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), g_str_equal (field, "sims"));
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  procure_set_accessible_label (view, title);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_widget_add_css_class (scrolled, "card");
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->fields, (gpointer) field, view);
  gtk_box_append (GTK_BOX (box), scrolled);
  return view;
}

/* A PO number suggestion: the date and a time-derived tail, digits only. */
static char *
suggest_number (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%y%m%d");

  return g_strdup_printf ("%s%04d", date, (int) (g_date_time_get_microsecond (now) % 10000));
}

static void
build_fields (ProcureActionDialog *self,
              GtkWidget           *box)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  switch (self->action)
    {
    case PROCURE_ACTION_ACCEPT:
      {
        g_autofree char *number = suggest_number ();
        add_entry (self, list, "number", _("PO Number"), number);
      }
      break;
    case PROCURE_ACTION_SHIP:
      {
        g_autofree char *today = procure_date_today_string (0);
        add_entry (self, list, "carrier", _("Carrier"), NULL);
        add_entry (self, list, "tracking_number", _("Tracking Number"), NULL);
        add_entry (self, list, "shipped_at", _("Shipped On (YYYY-MM-DD)"), today);
      }
      break;
    case PROCURE_ACTION_READY:
      add_text_view (self, box, "sims", _("SIMs"));
      break;
    default:
      break;
    }
  if (procure_action_needs_comment (self->action))
    add_entry (self, list, "comment",
               self->action == PROCURE_ACTION_REQUEST_INFO ? _("Question") : _("Reason"), NULL);
  if (gtk_widget_get_first_child (list) != NULL)
    gtk_box_prepend (GTK_BOX (box), list);
  else
    g_object_unref (g_object_ref_sink (list));
}

static const char *
action_body (ProcureAction action)
{
  switch (action)
    {
    case PROCURE_ACTION_REJECT:
      return _("Say why the order is rejected. The purchaser can reopen and change it.");
    case PROCURE_ACTION_REQUEST_INFO:
      return _("Ask the purchaser what you need to know. They answer by editing and resubmitting the order.");
    case PROCURE_ACTION_ACCEPT:
      return _("Accepting assigns the purchase order number.");
    case PROCURE_ACTION_READY:
      return _("Paste or scan one SIM per line: ICCID, IMSI and MSISDN. "
               "For consecutive SIMs give the first of each and a count: "
               "“8944… 26201… +49151… x100”.");
    case PROCURE_ACTION_SHIP:
      return _("Record how the SIMs were sent.");
    default:
      return NULL;
    }
}

static char *
action_heading (ProcureAction action)
{
  switch (action)
    {
    case PROCURE_ACTION_REJECT:
      return g_strdup (_("Reject Order?"));
    case PROCURE_ACTION_REQUEST_INFO:
      return g_strdup (_("Request Information"));
    case PROCURE_ACTION_ACCEPT:
      return g_strdup (_("Accept Order"));
    case PROCURE_ACTION_READY:
      return g_strdup (_("Assign SIMs"));
    case PROCURE_ACTION_SHIP:
      return g_strdup (_("Record Shipment"));
    default:
      return g_strdup (procure_action_get_label (action));
    }
}

static void
procure_action_dialog_finalize (GObject *object)
{
  ProcureActionDialog *self = PROCURE_ACTION_DIALOG (object);

  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->order, procure_order_unref);

  G_OBJECT_CLASS (procure_action_dialog_parent_class)->finalize (object);
}

static void
procure_action_dialog_class_init (ProcureActionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = procure_action_dialog_finalize;
}

static void
procure_action_dialog_init (ProcureActionDialog *self)
{
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
}

ProcureActionDialog *
procure_action_dialog_new (GtkWindow     *parent,
                           ProcureOrder  *order,
                           ProcureAction  action)
{
  ProcureActionDialog *self;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_autofree char *heading = NULL;

  g_return_val_if_fail (order != NULL, NULL);

  heading = action_heading (action);
  self = g_object_new (PROCURE_TYPE_ACTION_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       /* Closing the main window (the app may sync on
                        * without one) must not leave the dialog behind. */
                       "destroy-with-parent", TRUE,
                       "heading", heading,
                       "body", action_body (action),
                       NULL);
  self->order = procure_order_ref (order);
  self->action = action;

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  build_fields (self, box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "confirm", procure_action_get_label (action),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "confirm",
      action == PROCURE_ACTION_REJECT || action == PROCURE_ACTION_CANCEL
        ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  revalidate (self);
  return self;
}

ProcureAction
procure_action_dialog_get_action (ProcureActionDialog *self)
{
  g_return_val_if_fail (PROCURE_IS_ACTION_DIALOG (self), PROCURE_ACTION_INVALID);

  return self->action;
}

const char *
procure_action_dialog_get_error_text (ProcureActionDialog *self)
{
  g_return_val_if_fail (PROCURE_IS_ACTION_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
procure_action_dialog_set_text (ProcureActionDialog *self,
                                const char          *field,
                                const char          *text)
{
  GtkWidget *widget;

  g_return_if_fail (PROCURE_IS_ACTION_DIALOG (self));

  widget = g_hash_table_lookup (self->fields, field);
  g_return_if_fail (widget != NULL);
  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
  else
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
}
