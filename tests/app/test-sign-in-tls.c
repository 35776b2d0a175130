/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The sign-in page and a server with a self-signed certificate: the real
 * procure-server serves HTTPS on loopback with certificates made here with
 * openssl; a real window under Xvfb. The page offers to trust the refused
 * certificate, the dialog shows its fingerprint, trusting signs in and is
 * remembered (GSettings) for a new session; another certificate on the same
 * address is refused as "changed"; http:// to the TLS port hints https://.
 *
 * The window's own "sign-in" handler asks the ProcureApplication; here the
 * test plays the application's part with the window's session instead.
 */
#define G_LOG_DOMAIN "test-sign-in-tls"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "procure-sign-in-page.h"
#include "procure-test-util.h"
#include "procure-trust.h"
#include "procure-window.h"
#include "test-certificate.h"

static char *tmp_dir;
static TestCertificate cert_a;   /* the server's */
static TestCertificate cert_b;   /* another one, later on the same address */
static GSubprocess *server;
static char *https_url;          /* https://127.0.0.1:PORT */
static gboolean have_openssl;
static const char *lang = "en";  /* "de" with PROCURE_TEST_LANGUAGE=de */

static void
start_server (TestCertificate *cert,
              const char      *listen)
{
  const char *exe = g_getenv ("PROCURE_SERVER");
  g_autofree char *db = g_build_filename (tmp_dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  g_assert_nonnull (exe);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe, "--demo",
                             "--db", db, "--listen", listen,
                             "--tls-cert", cert->cert_path, "--tls-key", cert->key_path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "https://127.0.0.1:"));
  if (https_url == NULL)
    https_url = g_steal_pointer (&line);
  else
    g_assert_cmpstr (line, ==, https_url);
}

static void
stop_server (void)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
}

/* ---------- the window and its page ---------- */

typedef struct {
  ProcureWindow     *window;
  ProcureSignInPage *page;
  ProcureSession    *session;
  gboolean           done;
  gboolean           ok;
} Ui;

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *button_label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (button_label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), button_label) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, button_label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Ui *ui = user_data;
  g_autoptr(GError) error = NULL;

  ui->ok = procure_session_sign_in_finish (PROCURE_SESSION (source), result, &error);
  if (!ui->ok)
    procure_window_show_sign_in_error (ui->window, error);
  ui->done = TRUE;
}

/* What ProcureApplication does on the page's "sign-in". */
static void
on_sign_in (ProcureSignInPage *page,
            Ui                *ui)
{
  g_assert_cmpstr (procure_sign_in_page_get_server_url (page), ==,
                   procure_session_get_server_url (ui->session));
  ui->done = FALSE;
  procure_session_sign_in_async (ui->session, procure_sign_in_page_get_login (page),
                                 procure_sign_in_page_get_password (page), NULL,
                                 sign_in_done, ui);
}

static gboolean
is_done (gpointer data)
{
  return ((Ui *) data)->done;
}

static void
ui_open (Ui         *ui,
         const char *url)
{
  g_autofree char *cache = g_build_filename (tmp_dir, "cache", NULL);

  ui->session = g_object_new (PROCURE_TYPE_SESSION, "server-url", url, "cache-dir", cache,
                              "use-keyring", FALSE, NULL);
  procure_api_set_max_retries (procure_session_get_api (ui->session), 0);
  procure_trust_apply (ui->session);   /* as the application does for every session */
  ui->window = procure_window_new (NULL, ui->session);
  gtk_window_set_default_size (GTK_WINDOW (ui->window), 900, 720);
  ui->page = PROCURE_SIGN_IN_PAGE (find_widget (GTK_WIDGET (ui->window), PROCURE_TYPE_SIGN_IN_PAGE, NULL));
  g_assert_nonnull (ui->page);
  /* The test plays the application (see the top of the file). */
  g_signal_handlers_block_matched (ui->page, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ui->window);
  g_signal_connect (ui->page, "sign-in", G_CALLBACK (on_sign_in), ui);
  gtk_window_present (GTK_WINDOW (ui->window));
  procure_window_show_sign_in (ui->window, url, "pat");
}

static void
ui_close (Ui *ui)
{
  g_object_ref (ui->window);
  gtk_window_destroy (GTK_WINDOW (ui->window));
  g_assert_finalize_object (ui->window);
  g_clear_object (&ui->session);
}

/* Types the password and presses Sign In; waits for the answer. */
static void
ui_sign_in (Ui *ui)
{
  GtkWidget *password = find_widget (GTK_WIDGET (ui->page), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  GtkWidget *button = find_widget (GTK_WIDGET (ui->page), GTK_TYPE_BUTTON, _("_Sign In"));

  g_assert_nonnull (password);
  g_assert_nonnull (button);
  gtk_editable_set_text (GTK_EDITABLE (password), "demo");
  ui->done = FALSE;
  g_signal_emit_by_name (button, "clicked");
  procure_test_wait_for (is_done, ui, 30);
}

static GtkWidget *
find_error_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The inline error, or NULL when none is shown. */
static const char *
shown_error (Ui *ui)
{
  GtkWidget *label = find_error_label (GTK_WIDGET (ui->page));

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static GtkWidget *
trust_button (Ui *ui)
{
  GtkWidget *button = find_widget (GTK_WIDGET (ui->page), GTK_TYPE_BUTTON, _("T_rust Certificate…"));

  g_assert_nonnull (button);
  return button;
}

static char *
pinned_fingerprint (const char *pem)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  char *fingerprint = NULL;

  g_assert_true (procure_trust_describe (pem, &fingerprint, &from, &until));
  return fingerprint;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strdup_printf ("%s-%s", name, lang);

  procure_test_screenshot (widget, full);
}

#define REQUIRE_OPENSSL() G_STMT_START { if (!have_openssl) { g_test_skip ("no openssl"); return; } } G_STMT_END

/* ---------- the tests, in order ---------- */

static void
test_offer_and_trust (void)
{
  Ui ui = { 0 };
  GtkWindow *dialog;
  g_autofree char *fingerprint = NULL;
  g_autofree char *stored = NULL;
  const char *body;

  REQUIRE_OPENSSL ();
  ui_open (&ui, https_url);
  ui_sign_in (&ui);
  g_assert_false (ui.ok);
  g_assert_cmpstr (shown_error (&ui), ==,
                   _("The server’s security certificate is not trusted: it is self-signed or "
                     "issued by an unknown authority."));
  g_assert_true (gtk_widget_get_visible (trust_button (&ui)));
  screenshot (GTK_WIDGET (ui.window), "sign-in-untrusted");

  /* The dialog names the host and shows the SHA-256 of exactly that certificate. */
  g_signal_emit_by_name (trust_button (&ui), "clicked");
  dialog = procure_sign_in_page_get_trust_dialog (ui.page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  fingerprint = pinned_fingerprint (cert_a.pem);
  g_assert_cmpint (strlen (fingerprint), ==, 32 * 3 - 1);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("dialog: %s / %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), body);
  g_assert_nonnull (strstr (body, fingerprint));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "127.0.0.1"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  screenshot (GTK_WIDGET (dialog), "sign-in-trust-dialog");

  /* Cancel trusts nothing. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_null (procure_trust_lookup (https_url));
  g_assert_null (procure_api_get_pinned_certificate (procure_session_get_api (ui.session)));

  /* Trust and Sign In: pinned, remembered for that URL only, signed in. */
  g_signal_emit_by_name (trust_button (&ui), "clicked");
  dialog = procure_sign_in_page_get_trust_dialog (ui.page);
  ui.done = FALSE;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "trust");
  procure_test_wait_for (is_done, &ui, 30);
  g_assert_true (ui.ok);
  stored = procure_trust_lookup (https_url);
  g_assert_cmpstr (stored, ==, cert_a.pem);
  g_assert_null (procure_trust_lookup ("https://127.0.0.1:1"));
  g_assert_true (procure_session_get_signed_in (ui.session));
  ui_close (&ui);
}

/* A new session (as at the next start) pins the stored certificate and
 * signs in without asking. */
static void
test_stored_trust (void)
{
  Ui ui = { 0 };

  REQUIRE_OPENSSL ();
  g_assert_nonnull (procure_trust_lookup (https_url));
  ui_open (&ui, https_url);
  g_assert_nonnull (procure_api_get_pinned_certificate (procure_session_get_api (ui.session)));
  ui_sign_in (&ui);
  g_assert_true (ui.ok);
  g_assert_null (shown_error (&ui));
  ui_close (&ui);
}

/* The same address now presents another self-signed certificate. */
static void
test_changed_certificate (void)
{
  Ui ui = { 0 };
  g_autofree char *listen = NULL;
  g_autofree char *stored = NULL;

  REQUIRE_OPENSSL ();
  listen = g_strdup (https_url + strlen ("https://"));
  stop_server ();
  start_server (&cert_b, listen);

  ui_open (&ui, https_url);
  ui_sign_in (&ui);
  g_assert_false (ui.ok);
  g_assert_false (procure_session_get_signed_in (ui.session));
  g_test_message ("changed: %s", shown_error (&ui));
  g_assert_cmpstr (shown_error (&ui), ==,
                   _("The server’s security certificate has changed since you trusted it. "
                     "Someone may be impersonating the server: ask its administrator before you trust the new certificate."));
  /* Trusting the new one is possible, but only by asking again. */
  g_assert_true (gtk_widget_get_visible (trust_button (&ui)));
  stored = procure_trust_lookup (https_url);
  g_assert_cmpstr (stored, ==, cert_a.pem);
  screenshot (GTK_WIDGET (ui.window), "sign-in-changed");
  ui_close (&ui);
}

/* http:// to the TLS port: the hint, not "Connection reset by peer". */
static void
test_plain_http_hint (void)
{
  Ui ui = { 0 };
  g_autofree char *plain = NULL;

  REQUIRE_OPENSSL ();
  plain = g_strconcat ("http://", https_url + strlen ("https://"), NULL);
  ui_open (&ui, plain);
  ui_sign_in (&ui);
  g_assert_false (ui.ok);
  g_test_message ("plain: %s", shown_error (&ui));
  g_assert_cmpstr (shown_error (&ui), ==,
                   _("The server did not answer over plain HTTP; try https:// instead of http://."));
  g_assert_false (gtk_widget_get_visible (trust_button (&ui)));
  ui_close (&ui);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* German: the build's own catalogue, as tests/app/test-screenshots.c. */
  if (g_strcmp0 (g_getenv ("PROCURE_TEST_LANGUAGE"), "de") == 0)
    {
      const char *localedir = g_getenv ("PROCURE_LOCALEDIR");

      g_setenv ("LANGUAGE", "de", TRUE);
      g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      lang = "de";
    }
  g_assert_nonnull (setlocale (LC_ALL, ""));
  textdomain (GETTEXT_PACKAGE);
  /* Fails (not skips) when the catalogue or the locale is missing. */
  if (g_str_equal (lang, "de"))
    g_assert_cmpstr (_("Valid from:"), ==, "Gültig ab:");
  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();
  tmp_dir = g_dir_make_tmp ("procure-sign-in-tls-XXXXXX", &error);
  g_assert_no_error (error);
  have_openssl = test_certificate_make (&cert_a, tmp_dir, "a") &&
                 test_certificate_make (&cert_b, tmp_dir, "b");
  if (have_openssl)
    start_server (&cert_a, "127.0.0.1:0");

  g_test_add_func ("/app/sign-in-tls/offer-and-trust", test_offer_and_trust);
  g_test_add_func ("/app/sign-in-tls/stored-trust", test_stored_trust);
  g_test_add_func ("/app/sign-in-tls/changed-certificate", test_changed_certificate);
  g_test_add_func ("/app/sign-in-tls/plain-http-hint", test_plain_http_hint);
  status = g_test_run ();

  stop_server ();
  test_certificate_clear (&cert_a);
  test_certificate_clear (&cert_b);
  g_free (https_url);
  return status;
}
