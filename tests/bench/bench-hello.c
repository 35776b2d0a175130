/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-hello: the smallest libsoup server, the limit the server's
 * GET /api/v1/orders/{id} rate is compared with. Listens on a free port of
 * 127.0.0.1, prints its URL, answers every request with a small JSON body.
 */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <stdio.h>

#include <libsoup/soup.h>

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char body[] = "{\"hello\": \"world\"}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
}

int
main (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *url = NULL;

  soup_server_add_handler (server, NULL, on_request, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-hello: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" -> without the trailing slash, like procure-server */
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  printf ("%s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
