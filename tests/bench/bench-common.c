/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-bench"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "bench-common.h"

/* Four significant digits, but never an exponent. */
static char *
format_value (double value)
{
  if (value >= 1000 || value <= -1000)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.4g", value);
}

gboolean
bench_figure (const char     *name,
              double          value,
              const char     *unit,
              double          limit,
              const char     *limit_unit,
              const char     *limit_what,
              BenchDirection  direction,
              double          target)
{
  double ratio = limit > 0 ? value / limit : 0;
  gboolean pass = direction == BENCH_HIGHER_IS_BETTER ? ratio >= target : ratio <= target;

  g_autofree char *value_text = format_value (value);
  g_autofree char *limit_text = format_value (limit);

  printf ("%s: %s %s — ratio %.3g against %s %s %s (target %s %.3g) %s\n",
           name, value_text, unit, ratio, limit_text, limit_unit, limit_what,
           direction == BENCH_HIGHER_IS_BETTER ? "≥" : "≤", target,
           pass ? "PASS" : "MISS");
  fflush (stdout);
  return pass;
}

double
bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
cpu_ms (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

double
bench_thread_cpu_ms (void)
{
  return cpu_ms (CLOCK_THREAD_CPUTIME_ID);
}

double
bench_process_cpu_ms (void)
{
  return cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
}

double
bench_child_cpu_ms (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after_name = strrchr (text, ')')) == NULL)
    return 0;
  /* after "pid (comm)": state is field 3; utime and stime are fields 14, 15 */
  fields = g_strsplit (after_name + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         * 1000.0 / sysconf (_SC_CLK_TCK);
}

double
bench_load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  /* nearest-rank: the smallest value with at least p % at or below it */
  index = (guint) (p / 100.0 * values->len + 0.999999);
  index = CLAMP (index, 1, values->len) - 1;
  return g_array_index (values, double, index);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
bench_spawn_url (const char * const *argv,
                 char              **url,
                 GError            **error)
{
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;

  if (g_getenv ("BENCH_VERBOSE") == NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  launcher = g_subprocess_launcher_new (flags);
  /* a benchmark that dies (bench_die(), a crash) takes its server along */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *url = g_data_input_stream_read_line (lines, NULL, NULL, error);
  if (*url == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s printed no URL", argv[0]);
      g_subprocess_force_exit (process);
      return NULL;
    }
  return g_steal_pointer (&process);
}

typedef struct {
  GMainLoop *loop;
  gboolean   exited;
} StopWait;

static gboolean
stop_waited_cb (gpointer user_data)
{
  StopWait *wait = user_data;

  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopWait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->exited = TRUE;
  g_main_loop_quit (wait->loop);
}

/* SIGTERM, then a kill if the process is still there after 3 s (the server
 * lets open WebSockets finish first). */
void
bench_stop (GSubprocess *process)
{
  StopWait wait = { NULL, FALSE };
  guint timeout;

  if (process == NULL)
    return;
  wait.loop = g_main_loop_new (NULL, FALSE);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, stopped_cb, &wait);
  timeout = g_timeout_add (3000, stop_waited_cb, &wait);
  g_main_loop_run (wait.loop);
  if (wait.exited)
    g_source_remove (timeout);
  else
    {
      g_subprocess_force_exit (process);
      /* let the pending wait callback run before @wait goes away */
      while (!wait.exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_main_loop_unref (wait.loop);
}

GBytes *
bench_http (SoupSession *session,
            const char  *method,
            const char  *url,
            const char  *token,
            const char  *body,
            guint       *status,
            GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  GBytes *reply;

  if (msg == NULL)
    bench_die ("bad URL %s", url);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, error);
  *status = soup_message_get_status (msg);
  return reply;
}

char *
bench_login (SoupSession *session,
             const char  *base_url,
             const char  *login,
             GError     **error)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/session", NULL);
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"demo\"}", login);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  guint status = 0;

  reply = bench_http (session, "POST", url, NULL, body, &status, error);
  if (reply == NULL)
    return NULL;
  if (status != 201 || !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                                    (gssize) g_bytes_get_size (reply), NULL)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "login %s answered %u", login, status);
      return NULL;
    }
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

const char *
bench_require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    bench_die ("set %s (tests/bench/run-all does)", name);
  return value;
}

gint64
bench_rss_kib (gboolean peak)
{
  g_autofree char *status = NULL;
  const char *key = peak ? "VmHWM:" : "VmRSS:";
  const char *found;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (found = strstr (status, key)) == NULL)
    return -1;
  return g_ascii_strtoll (found + strlen (key), NULL, 10);
}

void
bench_die (const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  fputs ("bench: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  exit (1);
}
