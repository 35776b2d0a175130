/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-reliability"

#include "config.h"

#include <string.h>

#include "raw-http.h"

guint16
raw_port (const char *url)
{
  const char *colon = strrchr (url, ':');

  g_assert_nonnull (colon);
  return (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
}

GSocket *
raw_connect (guint16     port,
             const char *source_ip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  if (source_ip != NULL)
    {
      g_autoptr(GSocketAddress) source = g_inet_socket_address_new_from_string (source_ip, 0);
      g_socket_bind (socket, source, FALSE, &error);
      g_assert_no_error (error);
    }
  g_socket_connect (socket, target, NULL, &error);
  g_assert_no_error (error);
  return socket;
}

gboolean
raw_send (GSocket    *socket,
          const char *data,
          gssize      size)
{
  gsize left = size < 0 ? strlen (data) : (gsize) size;

  while (left > 0)
    {
      gssize sent = g_socket_send (socket, data, left, NULL, NULL);

      if (sent <= 0)
        return FALSE;
      data += sent;
      left -= (gsize) sent;
    }
  return TRUE;
}

double
raw_wait_closed (GSocket *socket,
                 double   timeout_s)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (timeout_s * G_USEC_PER_SEC);
  char buffer[4096];

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      gssize got;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          end - g_get_monotonic_time (), NULL, NULL))
        break;
      got = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      if (got <= 0)
        return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
  return -1;
}

guint
raw_exchange (guint16     port,
              const char *request,
              gssize      size,
              char      **body)
{
  g_autoptr(GSocket) socket = raw_connect (port, NULL);
  g_autoptr(GString) answer = g_string_new (NULL);
  char buffer[4096];
  const char *end_of_headers;
  guint status = 0;

  g_socket_set_timeout (socket, 20);
  raw_send (socket, request, size);
  for (;;)
    {
      gssize got = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (got <= 0)
        break;
      g_string_append_len (answer, buffer, got);
    }
  if (g_str_has_prefix (answer->str, "HTTP/1.1 ") || g_str_has_prefix (answer->str, "HTTP/1.0 "))
    status = (guint) g_ascii_strtoull (answer->str + 9, NULL, 10);
  end_of_headers = strstr (answer->str, "\r\n\r\n");
  if (body != NULL)
    *body = g_strdup (end_of_headers ? end_of_headers + 4 : "");
  return status;
}

guint
raw_count_fds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}
