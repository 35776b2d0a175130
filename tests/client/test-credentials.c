/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The token in a real Secret Service (gnome-keyring-daemon on the private
 * bus of run-with-session.sh).
 */
#define G_LOG_DOMAIN "test-credentials"

#include "config.h"

#include "procure-client.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static char *
lookup (const char *server,
        const char *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  procure_credentials_lookup_async (server, login, NULL, store_result, &result);
  token = procure_credentials_lookup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  return token;
}

static void
test_round_trip (void)
{
  const char *server = "https://procure.example.com";
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other_login = NULL;
  g_autofree char *other_server = NULL;
  g_autofree char *after = NULL;
  g_autofree char *unrelated = NULL;

  procure_credentials_store_async (server, "pat", "tok-pat-1", NULL, store_result, &stored);
  g_assert_true (procure_credentials_store_finish (wait_result (&stored), &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  procure_credentials_store_async ("https://other.example.com", "pat", "tok-other", NULL,
                                   store_result, &stored);
  g_assert_true (procure_credentials_store_finish (wait_result (&stored), &error));

  token = lookup (server, "pat");
  g_assert_cmpstr (token, ==, "tok-pat-1");
  other_login = lookup (server, "morgan");
  g_assert_null (other_login);
  other_server = lookup ("https://other.example.com", "pat");
  g_assert_cmpstr (other_server, ==, "tok-other");

  procure_credentials_clear_async (server, "pat", NULL, store_result, &cleared);
  g_assert_true (procure_credentials_clear_finish (wait_result (&cleared), &error));
  g_assert_no_error (error);
  after = lookup (server, "pat");
  g_assert_null (after);
  unrelated = lookup ("https://other.example.com", "pat");
  g_assert_cmpstr (unrelated, ==, "tok-other");
}

static void
test_replaces_token (void)
{
  const char *server = "https://replace.example.com";
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autofree char *token = NULL;

  procure_credentials_store_async (server, "sam", "old", NULL, store_result, &first);
  g_assert_true (procure_credentials_store_finish (wait_result (&first), NULL));
  procure_credentials_store_async (server, "sam", "new", NULL, store_result, &second);
  g_assert_true (procure_credentials_store_finish (wait_result (&second), NULL));
  token = lookup (server, "sam");
  g_assert_cmpstr (token, ==, "new");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/credentials/round-trip", test_round_trip);
  g_test_add_func ("/client/credentials/replaces-token", test_replaces_token);

  return g_test_run ();
}
