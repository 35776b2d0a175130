/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "procure-admin.h"

#define MAX_PASSWORD 1024
#define MIN_PASSWORD 8

static gboolean
require_option (const char *value,
                const char *option,
                GError    **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s is required", option);
  return FALSE;
}

static void
print_node (GString  *out,
            JsonNode *node)
{
  g_autofree char *text = procure_json_to_string (node);

  g_string_append_printf (out, "%s\n", text);
}

static gboolean
create_account (ProcureService            *service,
                const ProcureAdminOptions *options,
                GString                   *out,
                GError                   **error)
{
  g_autoptr(ProcureAccount) account = procure_account_new ();
  g_autoptr(JsonNode) node = NULL;

  if (!require_option (options->name, "--name", error)
      || !require_option (options->currency, "--currency", error)
      || !procure_validate_length (options->name, PROCURE_MAX_NAME_LENGTH, "name", error))
    return FALSE;
  if (!procure_currency_code_valid (options->currency))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "currency", "Unknown currency %s", options->currency);
      return FALSE;
    }
  /* Defaults and entitlements follow with PATCH /api/v1/accounts/{id}. */
  account->name = g_strdup (options->name);
  account->currency = g_strdup (options->currency);
  account->approval_threshold = -1;
  account->second_approval_threshold = -1;
  if (!service->store->vtable->account_save (service->store, account, error))
    return FALSE;
  node = procure_account_to_json (account);
  print_node (out, node);
  return TRUE;
}

static char *
read_password (GInputStream *input,
               GError      **error)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  gsize length = 0;
  char *password = g_data_input_stream_read_line_utf8 (data, &length, NULL, error);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  if (password == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Give the password on standard input");
      return NULL;
    }
  g_strchomp (password);
  if (strlen (password) < MIN_PASSWORD || strlen (password) > MAX_PASSWORD)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A password has %d to %d characters", MIN_PASSWORD, MAX_PASSWORD);
      g_free (password);
      return NULL;
    }
  return password;
}

static gboolean
check_user_account (ProcureService *service,
                    ProcureUser    *user,
                    const char     *account_id,
                    GError        **error)
{
  gboolean member = user->role == PROCURE_ROLE_PURCHASER || user->role == PROCURE_ROLE_APPROVER;
  g_autoptr(ProcureAccount) account = NULL;

  if (user->role == PROCURE_ROLE_INVALID)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "role",
                         "The role is purchaser, approver, agent or admin");
      return FALSE;
    }
  if (!member)
    {
      if (account_id != NULL)
        procure_set_error (error, PROCURE_ERROR_INVALID, "account", "Agents and admins belong to no account");
      return account_id == NULL;
    }
  if (!require_option (account_id, "--account", error)
      || (account = service->store->vtable->account_get (service->store, account_id, error)) == NULL)
    return FALSE;
  user->account_id = g_strdup (account->id);
  return TRUE;
}

static gboolean
create_user (ProcureService            *service,
             const ProcureAdminOptions *options,
             GInputStream              *password_input,
             GString                   *out,
             GError                   **error)
{
  g_autoptr(ProcureUser) user = procure_user_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *password = NULL;
  char hash[crypto_pwhash_STRBYTES];

  if (!require_option (options->login, "--login", error)
      || !require_option (options->name, "--name", error)
      || !require_option (options->role, "--role", error)
      || !procure_validate_length (options->login, PROCURE_MAX_SHORT_LENGTH, "login", error)
      || !procure_validate_length (options->name, PROCURE_MAX_NAME_LENGTH, "name", error))
    return FALSE;
  user->login = g_strdup (options->login);
  user->name = g_strdup (options->name);
  user->role = procure_role_from_string (options->role);
  if (!check_user_account (service, user, options->account, error)
      || (password = read_password (password_input, error)) == NULL)
    return FALSE;
  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Out of memory hashing the password");
      return FALSE;
    }
  sodium_memzero (password, strlen (password));
  if (!service->store->vtable->user_create (service->store, user, hash, error))
    return FALSE;
  node = procure_user_to_json (user);
  print_node (out, node);
  return TRUE;
}

static JsonNode *
product_body (const ProcureAdminOptions *options,
              gint64                     price)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "code", options->code);
  json_object_set_string_member (object, "name", options->name);
  json_object_set_string_member (object, "form_factor", options->form_factor);
  json_object_set_int_member (object, "unit_price", price);
  json_object_set_string_member (object, "currency", options->currency);
  json_object_set_int_member (object, "min_quantity", MAX (options->min_quantity, 1));
  json_object_set_int_member (object, "max_quantity",
                              options->max_quantity > 0 ? options->max_quantity : PROCURE_MAX_QUANTITY);
  json_object_set_int_member (object, "quantity_multiple", MAX (options->multiple, 1));
  json_object_set_int_member (object, "stock", options->stock);
  json_object_set_boolean_member (object, "active", TRUE);
  return procure_node_take_object (object);
}

static gboolean
create_product (ProcureService            *service,
                const ProcureAdminOptions *options,
                GString                   *out,
                GError                   **error)
{
  ProcureUser admin = { .id = (char *) "cli", .login = (char *) "cli", .role = PROCURE_ROLE_ADMIN };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(ProcureProduct) product = NULL;
  gint64 price;

  if (!require_option (options->code, "--code", error)
      || !require_option (options->name, "--name", error)
      || !require_option (options->form_factor, "--form-factor", error)
      || !require_option (options->price, "--price", error)
      || !require_option (options->currency, "--currency", error))
    return FALSE;
  if (!procure_money_parse (options->price, options->currency, &price))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "price", "“%s” is not an amount", options->price);
      return FALSE;
    }
  body = product_body (options, price);
  if ((product = procure_service_product_create (service, &admin, body, error)) == NULL)
    return FALSE;
  node = procure_product_to_json (product);
  print_node (out, node);
  return TRUE;
}

gboolean
procure_admin_is_command (const char *command)
{
  return g_strcmp0 (command, "create-account") == 0
      || g_strcmp0 (command, "create-user") == 0
      || g_strcmp0 (command, "create-product") == 0;
}

gboolean
procure_admin_run (ProcureService            *service,
                   const char                *command,
                   const ProcureAdminOptions *options,
                   GInputStream              *password_input,
                   GString                   *out,
                   GError                   **error)
{
  g_return_val_if_fail (procure_admin_is_command (command), FALSE);

  if (g_str_equal (command, "create-account"))
    return create_account (service, options, out, error);
  if (g_str_equal (command, "create-user"))
    return create_user (service, options, password_input, out, error);
  return create_product (service, options, out, error);
}
