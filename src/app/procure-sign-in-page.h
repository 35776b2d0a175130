/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-sign-in-page.h: server URL, login and password, with inline errors
 * and a "Try the Demo" button. It only collects input and shows state; the
 * window does the signing in (signals "sign-in" and "try-demo").
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Which field an error belongs to. */
typedef enum {
  PROCURE_SIGN_IN_FIELD_NONE = 0,
  PROCURE_SIGN_IN_FIELD_SERVER,
  PROCURE_SIGN_IN_FIELD_LOGIN,
  PROCURE_SIGN_IN_FIELD_PASSWORD,
  /* The server address, and its certificate may be trusted: the page then
   * offers "Trust Certificate…" for the certificate the window's session
   * last refused (procure_api_get_refused_certificate()). */
  PROCURE_SIGN_IN_FIELD_CERTIFICATE,
} ProcureSignInField;

#define PROCURE_TYPE_SIGN_IN_PAGE (procure_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (ProcureSignInPage, procure_sign_in_page, PROCURE, SIGN_IN_PAGE, AdwBin)

GtkWidget  *procure_sign_in_page_new            (void);
const char *procure_sign_in_page_get_server_url (ProcureSignInPage  *self);
void        procure_sign_in_page_set_server_url (ProcureSignInPage  *self,
                                                 const char         *url);
const char *procure_sign_in_page_get_login      (ProcureSignInPage  *self);
void        procure_sign_in_page_set_login      (ProcureSignInPage  *self,
                                                 const char         *login);
const char *procure_sign_in_page_get_password   (ProcureSignInPage  *self);
/* The open trust dialog (an AdwMessageDialog), or NULL. */
GtkWindow  *procure_sign_in_page_get_trust_dialog (ProcureSignInPage *self);
/* Shows @message under the form and marks @field's row; NULL clears. */
void        procure_sign_in_page_set_error      (ProcureSignInPage  *self,
                                                 ProcureSignInField  field,
                                                 const char         *message);
/* While busy the form is insensitive and a spinner turns. */
void        procure_sign_in_page_set_busy       (ProcureSignInPage  *self,
                                                 gboolean            busy);

/* The message and field for a failed sign-in (PROCURE_API_ERROR or other). */
char       *procure_sign_in_describe_error      (const GError       *error,
                                                 ProcureSignInField *field);

G_END_DECLS
