/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-api.h"
#include "procure-sign-in-page.h"
#include "procure-trust.h"
#include "procure-window.h"

struct _ProcureSignInPage
{
  AdwBin       parent_instance;

  AdwEntryRow *server_row;
  AdwEntryRow *login_row;
  AdwEntryRow *password_row;
  GtkLabel    *error_label;
  GtkWidget   *form_box;
  GtkSpinner  *spinner;
  GtkButton   *sign_in_button;
  GtkWidget   *trust_button;

  /* What "Trust Certificate…" offers: the refused certificate and the
   * server address it was refused for. */
  char        *offer_pem;
  char        *offer_url;
  GtkWindow   *trust_dialog;   /* weak */
};

G_DEFINE_FINAL_TYPE (ProcureSignInPage, procure_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGN_IN,
  TRY_DEMO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
text_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Checks what can be checked locally before anything is sent. */
static gboolean
validate_form (ProcureSignInPage *self)
{
  const char *url = procure_sign_in_page_get_server_url (self);

  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_SERVER,
                                      _("Enter the server address, starting with https://"));
      return FALSE;
    }
  if (text_is_blank (procure_sign_in_page_get_login (self)))
    {
      procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_LOGIN,
                                      _("Enter your login"));
      return FALSE;
    }
  if (*procure_sign_in_page_get_password (self) == '\0')
    {
      procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_PASSWORD,
                                      _("Enter your password"));
      return FALSE;
    }
  return TRUE;
}

static void
on_sign_in_clicked (ProcureSignInPage *self)
{
  procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_NONE, NULL);
  if (!validate_form (self))
    return;
  g_signal_emit (self, signals[SIGN_IN], 0);
}

static void
on_demo_clicked (ProcureSignInPage *self)
{
  procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_NONE, NULL);
  g_signal_emit (self, signals[TRY_DEMO], 0);
}

static void
on_entry_activated (ProcureSignInPage *self)
{
  on_sign_in_clicked (self);
}

static ProcureSession *
get_session (ProcureSignInPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return PROCURE_IS_WINDOW (root) ? procure_window_get_session (PROCURE_WINDOW (root)) : NULL;
}

static void
clear_offer (ProcureSignInPage *self)
{
  g_clear_pointer (&self->offer_pem, g_free);
  g_clear_pointer (&self->offer_url, g_free);
  gtk_widget_set_visible (self->trust_button, FALSE);
}

/* After a certificate error: offer the certificate the session's server
 * just presented, if there is one. */
static void
make_offer (ProcureSignInPage *self)
{
  ProcureSession *session = get_session (self);
  const char *pem;

  clear_offer (self);
  if (session == NULL)
    return;
  pem = procure_api_get_refused_certificate (procure_session_get_api (session));
  if (pem == NULL)
    return;
  self->offer_pem = g_strdup (pem);
  self->offer_url = g_strdup (procure_session_get_server_url (session));
  gtk_widget_set_visible (self->trust_button, TRUE);
}

/* Pins exactly the offered certificate for exactly the offered server,
 * remembers it across restarts, and signs in again. */
static void
trust_offer (ProcureSignInPage *self)
{
  ProcureSession *session = get_session (self);
  g_autoptr(GError) error = NULL;

  if (session == NULL || self->offer_pem == NULL ||
      g_strcmp0 (procure_session_get_server_url (session), self->offer_url) != 0)
    return;
  if (!procure_api_set_pinned_certificate (procure_session_get_api (session), self->offer_pem, &error))
    {
      procure_sign_in_page_set_error (self, PROCURE_SIGN_IN_FIELD_SERVER, error->message);
      return;
    }
  if (!procure_trust_remember (self->offer_url, self->offer_pem))
    g_warning ("The trusted certificate is kept for this run only: no settings schema");
  procure_sign_in_page_set_server_url (self, self->offer_url);
  on_sign_in_clicked (self);
}

static void
on_trust_response (ProcureSignInPage *self,
                   const char        *response)
{
  if (g_strcmp0 (response, "trust") == 0)
    trust_offer (self);
}

static void
on_trust_clicked (ProcureSignInPage *self)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *valid_from = NULL;
  g_autofree char *valid_until = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GUri) uri = NULL;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->offer_pem == NULL ||
      !procure_trust_describe (self->offer_pem, &fingerprint, &valid_from, &valid_until))
    return;
  uri = g_uri_parse (self->offer_url, G_URI_FLAGS_NONE, NULL);

  body = g_strdup_printf ("%s\n\n%s\n%s\n\n%s %s\n%s %s",
                          _("Procure cannot verify that this certificate belongs to the server. "
                            "Trust it only if you know it is the server’s own certificate, "
                            "for example because its fingerprint matches the one your administrator gave you."),
                          _("SHA-256 fingerprint:"), fingerprint,
                          _("Valid from:"), valid_from,
                          _("Valid until:"), valid_until);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, body);
  /* Translators: %s is the server's host name or address */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Trust the Certificate of %s?"),
                                     uri ? g_uri_get_host (uri) : self->offer_url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Trust Certificate"), -1);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_trust_response), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->trust_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
procure_sign_in_page_get_trust_dialog (ProcureSignInPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIGN_IN_PAGE (self), NULL);

  return self->trust_dialog;
}

static void
procure_sign_in_page_finalize (GObject *object)
{
  ProcureSignInPage *self = PROCURE_SIGN_IN_PAGE (object);

  g_free (self->offer_pem);
  g_free (self->offer_url);

  G_OBJECT_CLASS (procure_sign_in_page_parent_class)->finalize (object);
}

static void
procure_sign_in_page_dispose (GObject *object)
{
  ProcureSignInPage *self = PROCURE_SIGN_IN_PAGE (object);

  if (self->trust_dialog != NULL)
    gtk_window_destroy (self->trust_dialog);
  g_clear_weak_pointer (&self->trust_dialog);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), PROCURE_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (procure_sign_in_page_parent_class)->dispose (object);
}

static void
procure_sign_in_page_class_init (ProcureSignInPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = procure_sign_in_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = procure_sign_in_page_finalize;

  signals[SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[TRY_DEMO] = g_signal_new ("try-demo", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, ProcureSignInPage, trust_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
}

static void
procure_sign_in_page_init (ProcureSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
procure_sign_in_page_new (void)
{
  return g_object_new (PROCURE_TYPE_SIGN_IN_PAGE, NULL);
}

const char *
procure_sign_in_page_get_server_url (ProcureSignInPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

void
procure_sign_in_page_set_server_url (ProcureSignInPage *self,
                                     const char        *url)
{
  g_return_if_fail (PROCURE_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url ? url : "");
}

const char *
procure_sign_in_page_get_login (ProcureSignInPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->login_row));
}

void
procure_sign_in_page_set_login (ProcureSignInPage *self,
                                const char        *login)
{
  g_return_if_fail (PROCURE_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login ? login : "");
}

const char *
procure_sign_in_page_get_password (ProcureSignInPage *self)
{
  g_return_val_if_fail (PROCURE_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

static void
mark_row (GtkWidget *row,
          gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

void
procure_sign_in_page_set_error (ProcureSignInPage  *self,
                                ProcureSignInField  field,
                                const char         *message)
{
  g_return_if_fail (PROCURE_IS_SIGN_IN_PAGE (self));

  mark_row (GTK_WIDGET (self->server_row),
            message && (field == PROCURE_SIGN_IN_FIELD_SERVER || field == PROCURE_SIGN_IN_FIELD_CERTIFICATE));
  mark_row (GTK_WIDGET (self->login_row), message && field == PROCURE_SIGN_IN_FIELD_LOGIN);
  mark_row (GTK_WIDGET (self->password_row), message && field == PROCURE_SIGN_IN_FIELD_PASSWORD);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL && field == PROCURE_SIGN_IN_FIELD_CERTIFICATE)
    make_offer (self);
  else
    clear_offer (self);
}

void
procure_sign_in_page_set_busy (ProcureSignInPage *self,
                               gboolean           busy)
{
  g_return_if_fail (PROCURE_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_sensitive (self->form_box, !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

char *
procure_sign_in_describe_error (const GError       *error,
                                ProcureSignInField *field)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  *field = PROCURE_SIGN_IN_FIELD_NONE;
  if (error->domain != PROCURE_API_ERROR)
    return g_strdup (error->message);

  *field = PROCURE_SIGN_IN_FIELD_SERVER;

  switch ((ProcureApiError) error->code)
    {
    case PROCURE_API_ERROR_NETWORK:
      if (procure_api_error_is_plain_http_to_tls (error))
        return g_strdup (_("The server did not answer over plain HTTP; try https:// instead of http://."));
      return g_strdup (_("Cannot reach the server. Check the address and your connection."));
    case PROCURE_API_ERROR_TLS:
      if (procure_api_error_get_certificate_pem (error) != NULL)
        *field = PROCURE_SIGN_IN_FIELD_CERTIFICATE;
      if (procure_api_error_get_certificate_changed (error))
        return g_strdup (_("The server’s security certificate has changed since you trusted it. "
                           "Someone may be impersonating the server: ask its administrator before you trust the new certificate."));
      return g_strdup (_("The server’s security certificate is not trusted: it is self-signed or "
                         "issued by an unknown authority."));
    case PROCURE_API_ERROR_PROTOCOL:
    case PROCURE_API_ERROR_NOT_FOUND:
      return g_strdup (_("This address does not answer like a Procure server."));
    case PROCURE_API_ERROR_UNAUTHORIZED:
    case PROCURE_API_ERROR_BAD_REQUEST:
    case PROCURE_API_ERROR_FORBIDDEN:
      *field = PROCURE_SIGN_IN_FIELD_PASSWORD;
      return g_strdup (_("Wrong login or password."));
    case PROCURE_API_ERROR_RATE_LIMITED:
      *field = PROCURE_SIGN_IN_FIELD_NONE;
      return g_strdup (_("Too many attempts. Wait a minute and try again."));
    case PROCURE_API_ERROR_CONFLICT:
    case PROCURE_API_ERROR_PRECONDITION:
    case PROCURE_API_ERROR_SERVER:
    default:
      *field = PROCURE_SIGN_IN_FIELD_NONE;
      return g_strdup_printf (_("The server could not sign you in: %s"), error->message);
    }
}
