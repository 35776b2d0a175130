/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-admin.h: the administrative commands that bootstrap a deployment
 * without the demo: create-account, create-user (password on standard
 * input), create-product. Each prints the new object as JSON.
 */
#pragma once

#include "procure-service.h"

G_BEGIN_DECLS

typedef struct {
  char    *name;
  char    *currency;
  char    *login;
  char    *role;
  char    *account;
  char    *code;
  char    *form_factor;
  char    *price;
  gint     stock;
  gint     min_quantity;
  gint     max_quantity;
  gint     multiple;
} ProcureAdminOptions;

/* Whether @command is one of the admin commands. */
gboolean procure_admin_is_command (const char *command);

/* Runs @command; the new object's JSON goes to @out. */
gboolean procure_admin_run (ProcureService            *service,
                            const char                *command,
                            const ProcureAdminOptions *options,
                            GInputStream              *password_input,
                            GString                   *out,
                            GError                   **error);

G_END_DECLS
