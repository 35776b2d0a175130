/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-server"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <sodium.h>

#include "procure-admin.h"
#include "procure-demo.h"
#include "procure-server.h"
#include "procure-store-pg.h"

typedef struct {
  char     *listen;
  char     *db;
  char     *store;
  char     *tls_cert;
  char     *tls_key;
  char     *config;
  gboolean  demo;
  gboolean  version;
  gint      token_days;
  gint      request_timeout;
  gint      max_connections_per_peer;
  ProcureAdminOptions admin;
} Options;

static Options options;

static const GOptionEntry server_entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &options.listen, "Address to listen on (port 0: any free port; default 127.0.0.1:8080)", "ADDR:PORT" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, "SQLite database (default $XDG_DATA_HOME/procure/procure.db)", "PATH" },
  { "store", 0, 0, G_OPTION_ARG_STRING, &options.store, "Store: a SQLite path or postgresql://... (overrides --db)", "URI" },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, "Seed the demo data into an empty database", NULL },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, "PEM certificate: serve HTTPS", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "PEM private key of the certificate", "FILE" },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config, "Configuration file (key file, group [server])", "FILE" },
  { "token-days", 0, 0, G_OPTION_ARG_INT, &options.token_days, "Days a session token stays valid (default 30)", "DAYS" },
  { "request-timeout", 0, 0, G_OPTION_ARG_INT, &options.request_timeout, "Seconds a connection may take to send a request, or stay idle, before it is closed; the answer may take ten times as long (default 30; 0: no limit)", "SECONDS" },
  { "max-connections-per-peer", 0, 0, G_OPTION_ARG_INT, &options.max_connections_per_peer, "Open connections allowed from one client address; more are closed at once (default 256; 0: no limit)", "N" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &options.version, "Print the version and exit", NULL },
  { NULL }
};

static const GOptionEntry admin_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &options.admin.name, "Name (account, user, product)", "NAME" },
  { "currency", 0, 0, G_OPTION_ARG_STRING, &options.admin.currency, "ISO 4217 code (account, product)", "CODE" },
  { "login", 0, 0, G_OPTION_ARG_STRING, &options.admin.login, "Login (user)", "LOGIN" },
  { "role", 0, 0, G_OPTION_ARG_STRING, &options.admin.role, "purchaser, approver, agent or admin (user)", "ROLE" },
  { "account", 0, 0, G_OPTION_ARG_STRING, &options.admin.account, "Account id (purchasers and approvers)", "ID" },
  { "code", 0, 0, G_OPTION_ARG_STRING, &options.admin.code, "Product code (product)", "CODE" },
  { "form-factor", 0, 0, G_OPTION_ARG_STRING, &options.admin.form_factor, "2FF, 3FF, 4FF, triple-cut, MFF2 or eSIM (product)", "FF" },
  { "price", 0, 0, G_OPTION_ARG_STRING, &options.admin.price, "Unit price, e.g. 2.50 (product)", "AMOUNT" },
  { "stock", 0, 0, G_OPTION_ARG_INT, &options.admin.stock, "Units in stock (product)", "N" },
  { "min-quantity", 0, 0, G_OPTION_ARG_INT, &options.admin.min_quantity, "Minimum order quantity (product, default 1)", "N" },
  { "max-quantity", 0, 0, G_OPTION_ARG_INT, &options.admin.max_quantity, "Maximum order quantity (product)", "N" },
  { "multiple", 0, 0, G_OPTION_ARG_INT, &options.admin.multiple, "Pack multiple (product, default 1)", "N" },
  { NULL }
};

static const char summary[] =
  "Serves the Procure REST/JSON API v1 and the WebSocket /api/v1/stream.\n"
  "The first line on standard output is the URL it listens on.\n\n"
  "Commands (bootstrap a deployment without --demo):\n"
  "  create-account --name NAME --currency CODE\n"
  "  create-user --login LOGIN --name NAME --role ROLE [--account ID]   (password on standard input)\n"
  "  create-product --code CODE --name NAME --form-factor FF --price AMOUNT --currency CODE\n"
  "                 [--stock N] [--min-quantity N] [--max-quantity N] [--multiple N]";

static void
set_string_from_config (GKeyFile   *file,
                        const char *key,
                        char      **target)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);

  /* "key=" with nothing after it means unset, as if commented out. */
  if (value != NULL)
    g_strstrip (value);
  if (*target == NULL && value != NULL && *value != '\0')
    *target = g_steal_pointer (&value);
}

/* A limit: the command line (-1 when not given) wins over the file, which
 * wins over the default already in @target; 0 means no limit. */
static void
set_limit_from_config (GKeyFile   *file,
                       const char *key,
                       gint       *option,
                       guint      *target)
{
  if (*option < 0 && g_key_file_has_key (file, "server", key, NULL))
    *option = g_key_file_get_integer (file, "server", key, NULL);
  if (*option >= 0)
    *target = (guint) *option;
}

/* Command-line options win over the file. */
static gboolean
load_config (ProcureServerConfig *config,
             GError             **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (options.config != NULL && !g_key_file_load_from_file (file, options.config, G_KEY_FILE_NONE, error))
    return FALSE;
  set_string_from_config (file, "listen", &options.listen);
  set_string_from_config (file, "db", &options.db);
  set_string_from_config (file, "store", &options.store);
  set_string_from_config (file, "tls-cert", &options.tls_cert);
  set_string_from_config (file, "tls-key", &options.tls_key);
  if (!options.demo)
    options.demo = g_key_file_get_boolean (file, "server", "demo", NULL);
  if (options.token_days <= 0)
    options.token_days = g_key_file_get_integer (file, "server", "token-days", NULL);
  if (g_key_file_has_key (file, "server", "login-max-failures", NULL))
    config->login_max_failures = (guint) g_key_file_get_integer (file, "server", "login-max-failures", NULL);
  if (g_key_file_has_key (file, "server", "login-window-seconds", NULL))
    config->login_window = (guint) g_key_file_get_integer (file, "server", "login-window-seconds", NULL);
  set_limit_from_config (file, "request-timeout", &options.request_timeout, &config->request_timeout);
  set_limit_from_config (file, "max-connections-per-peer", &options.max_connections_per_peer,
                         &config->max_connections_per_peer);
  if (options.token_days > 0)
    config->token_lifetime = (gint64) options.token_days * 24 * 3600;
  if (options.listen == NULL)
    options.listen = g_strdup ("127.0.0.1:8080");
  if (options.db == NULL)
    options.db = g_build_filename (g_get_user_data_dir (), "procure", "procure.db", NULL);
  return TRUE;
}

static gboolean
parse_options (int     *argc,
               char  ***argv,
               GError **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[COMMAND] - the Procure server");
  GOptionGroup *admin = g_option_group_new ("admin", "Options of the commands:",
                                            "Show the options of the commands", NULL, NULL);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, server_entries, NULL);
  g_option_group_add_entries (admin, admin_entries);
  g_option_context_add_group (context, admin);
  return g_option_context_parse (context, argc, argv, error);
}

static int
run_command (ProcureService *service,
             const char     *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);

  if (!procure_admin_is_command (command))
    {
      g_printerr ("Unknown command \"%s\"; see --help\n", command);
      return 2;
    }
  if (!procure_admin_run (service, command, &options.admin, input, out, &error))
    {
      g_printerr ("%s: %s\n", command, error->message);
      return 1;
    }
  fputs (out->str, stdout);
  return 0;
}

static gboolean
maybe_seed_demo (ProcureService *service,
                 GError        **error)
{
  gint64 start = g_get_monotonic_time ();

  /* --demo never touches a database that already has data. */
  if (!options.demo || !service->store->vtable->is_empty (service->store))
    return TRUE;
  if (!procure_demo_seed (service, error))
    return FALSE;
  g_printerr ("Seeded the demo data in %.0f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

static GTlsCertificate *
load_certificate (GError **error)
{
  if (options.tls_cert == NULL && options.tls_key == NULL)
    return NULL;
  if (options.tls_cert == NULL || options.tls_key == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--tls-cert and --tls-key go together");
      return NULL;
    }
  return g_tls_certificate_new_from_files (options.tls_cert, options.tls_key, error);
}

static gboolean
on_stopped (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  ProcureServer *server = user_data;

  g_printerr ("Shutting down\n");
  procure_server_shutdown (server, on_stopped, g_object_get_data (G_OBJECT (server), "loop"));
  return G_SOURCE_CONTINUE;
}

static int
serve (ProcureStore              *store,
       const ProcureServerConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProcureServer) server = procure_server_new (store, config);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *url = NULL;
  guint sigint, sigterm;

  if (!maybe_seed_demo (procure_server_get_service (server), &error)
      || ((certificate = load_certificate (&error)) == NULL && error != NULL)
      || !procure_server_listen (server, options.listen, certificate, &url, &error))
    {
      g_printerr ("procure-server: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", url);
  fflush (stdout);
  g_object_set_data (G_OBJECT (server), "loop", loop);
  sigint = g_unix_signal_add (SIGINT, on_signal, server);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, server);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  ProcureServerConfig config;
  ProcureStore *store;

  signal (SIGPIPE, SIG_IGN);
  procure_server_config_init (&config);
  options.request_timeout = -1;
  options.max_connections_per_peer = -1;
  if (!parse_options (&argc, &argv, &error) || !load_config (&config, &error))
    {
      g_printerr ("procure-server: %s\n", error->message);
      return 2;
    }
  if (options.version)
    {
      printf ("procure-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (sodium_init () < 0)
    {
      g_printerr ("procure-server: libsodium failed to initialise\n");
      return 1;
    }
  if ((store = procure_store_open_location (options.store ? options.store : options.db, &error)) == NULL)
    {
      g_printerr ("procure-server: %s: %s\n", options.store ? options.store : options.db, error->message);
      return 1;
    }
  if (argc > 1)
    {
      ProcureService service = { store, NULL, config.token_lifetime };
      int status = run_command (&service, argv[1]);

      procure_store_close (store);
      return status;
    }
  return serve (store, &config);
}
