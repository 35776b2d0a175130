/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include <math.h>

#include "procure-api.h"
#include "procure-api-private.h"
#include "procure-json.h"

#define DEFAULT_TIMEOUT_SECONDS 15
#define DEFAULT_MAX_RETRIES     3
#define MAX_BACKOFF_SECONDS     30.0
#define MAX_RETRY_AFTER_SECONDS 60.0

struct _ProcureApi
{
  GObject          parent_instance;

  char            *base_url;
  char            *token;
  SoupSession     *soup;
  guint            max_retries;
  char            *pinned_pem;
  GTlsCertificate *pinned;
  char            *refused_pem;   /* the last certificate refused, for the UI */
};

G_DEFINE_FINAL_TYPE (ProcureApi, procure_api, G_TYPE_OBJECT)

typedef struct {
  char        *method;
  char        *path;
  GBytes      *body;
  char        *if_match;
  char        *idempotency_key;
  gboolean     retryable;
  guint        attempt;
  SoupMessage *msg;
  guint        retry_source;
} RequestData;

static void send_attempt (GTask *task);

static void
request_data_free (RequestData *data)
{
  g_clear_handle_id (&data->retry_source, g_source_remove);
  g_free (data->method);
  g_free (data->path);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->if_match);
  g_free (data->idempotency_key);
  g_clear_object (&data->msg);
  g_free (data);
}

/* GET/HEAD/PUT/DELETE are idempotent by definition; a POST or PATCH only
 * when it carries an Idempotency-Key the server deduplicates on. */
static gboolean
method_is_retryable (const char *method,
                     const char *idempotency_key)
{
  if (idempotency_key != NULL)
    return TRUE;
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD") ||
         g_str_equal (method, "PUT") || g_str_equal (method, "DELETE");
}

double
procure_api_retry_delay (guint       attempt,
                         const char *retry_after)
{
  if (retry_after != NULL && *retry_after != '\0')
    {
      char *end = NULL;
      guint64 seconds = g_ascii_strtoull (retry_after, &end, 10);

      if (end != retry_after && *end == '\0')
        return MIN ((double) seconds, MAX_RETRY_AFTER_SECONDS);
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (retry_after);

          if (when != NULL)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
              double diff = g_date_time_difference (when, now) / (double) G_USEC_PER_SEC;

              return CLAMP (diff, 0.0, MAX_RETRY_AFTER_SECONDS);
            }
        }
    }
  return MIN (0.5 * pow (2.0, attempt), MAX_BACKOFF_SECONDS);
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  ProcureApi *self = user_data;

  /* Only the certificate the user explicitly trusted for this server. */
  return self->pinned != NULL && g_tls_certificate_is_same (certificate, self->pinned);
}

static char *
build_uri (ProcureApi *self,
           const char *path)
{
  if (g_str_has_suffix (self->base_url, "/") && path[0] == '/')
    path++;
  return g_strconcat (self->base_url, path, NULL);
}

static SoupMessage *
build_message (ProcureApi *self,
               const char *method,
               const char *path)
{
  g_autofree char *uri = build_uri (self, path);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  g_signal_connect_object (msg, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);
  return msg;
}

/* An http:// request whose connection was closed or reset before any HTTP
 * answer: what a TLS-only port does with plain HTTP (it reads no TLS
 * handshake and hangs up). Refused, unresolvable and timed-out connections
 * are not this. */
static gboolean
looks_like_plain_http_to_tls (SoupMessage  *msg,
                              const GError *error)
{
  GUri *uri = soup_message_get_uri (msg);

  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      soup_message_get_status (msg) != SOUP_STATUS_NONE)
    return FALSE;
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

static GError *
error_for_tls (ProcureApi  *self,
               SoupMessage *msg,
               GError      *error)
{
  GTlsCertificate *cert = soup_message_get_tls_peer_certificate (msg);
  g_autofree char *pem = NULL;
  GError *result;

  result = procure_api_error_new_full (PROCURE_API_ERROR_TLS, 0, NULL, NULL, error->message);
  if (cert != NULL)
    g_object_get (cert, "certificate-pem", &pem, NULL);
  procure_api_error_set_certificate_pem (result, pem);
  if (pem != NULL)
    {
      g_free (self->refused_pem);
      self->refused_pem = g_strdup (pem);
    }
  /* Something was trusted for this server, and this is not it. */
  if (self->pinned != NULL && cert != NULL && !g_tls_certificate_is_same (cert, self->pinned))
    procure_api_error_add_flags (result, PROCURE_API_ERROR_FLAG_CERTIFICATE_CHANGED);
  return result;
}

static GError *
error_for_transport (ProcureApi  *self,
                     SoupMessage *msg,
                     GError      *error)
{
  GError *result;

  if (soup_message_get_tls_peer_certificate_errors (msg) != 0 ||
      error->domain == G_TLS_ERROR)
    return error_for_tls (self, msg, error);
  if (looks_like_plain_http_to_tls (msg, error))
    {
      GUri *uri = soup_message_get_uri (msg);
      g_autofree char *message = NULL;

      message = g_strdup_printf ("The server did not answer over plain HTTP; try https://%s:%d (%s)",
                                 g_uri_get_host (uri), g_uri_get_port (uri), error->message);
      result = procure_api_error_new_full (PROCURE_API_ERROR_NETWORK, 0, NULL, NULL, message);
      procure_api_error_add_flags (result, PROCURE_API_ERROR_FLAG_PLAIN_HTTP_TO_TLS);
      return result;
    }
  return procure_api_error_new_full (PROCURE_API_ERROR_NETWORK, 0, NULL, NULL, error->message);
}

static gboolean
status_is_transient (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  RequestData *data = g_task_get_task_data (task);

  data->retry_source = 0;
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Schedules another attempt if this request may be retried; takes @task. */
static gboolean
maybe_retry (GTask      *task,
             const char *retry_after)
{
  ProcureApi *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source;
  double delay;

  if (!data->retryable || data->attempt >= self->max_retries ||
      g_cancellable_is_cancelled (cancellable))
    return FALSE;

  delay = procure_api_retry_delay (data->attempt, retry_after);
  data->attempt++;
  g_debug ("retrying %s %s in %.1f s", data->method, data->path, delay);

  /* Wake up early if the request is cancelled while waiting: the next
   * attempt then fails at once with G_IO_ERROR_CANCELLED. */
  source = g_timeout_source_new ((guint) (delay * 1000));
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }
  g_source_set_callback (source, retry_cb, task, NULL);
  data->retry_source = g_source_attach (source, NULL);
  g_source_unref (source);
  return TRUE;
}

static JsonNode *
parse_body (GBytes  *bytes,
            GError **error)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if (size == 0)
    return json_node_new (JSON_NODE_NULL);
  node = procure_json_parse (data, size, &local_error);
  if (node == NULL)
    g_propagate_error (error, procure_api_error_new_full (PROCURE_API_ERROR_PROTOCOL, 0, NULL, NULL,
                                                          local_error->message));
  return node;
}

static void
complete_response (GTask  *task,
                   GBytes *bytes)
{
  RequestData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  guint status = soup_message_get_status (data->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (status_is_transient (status) &&
      maybe_retry (task, soup_message_headers_get_one (headers, "Retry-After")))
    return;

  node = parse_body (bytes, &error);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, procure_api_error_from_response (status, node));
      g_object_unref (task);
      return;
    }
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "etag",
                          g_strdup (soup_message_headers_get_one (headers, "ETag")), g_free);
  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;   /* owned until completed or retried */
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (soup_message_get_tls_peer_certificate_errors (data->msg) == 0 &&
               error->domain != G_TLS_ERROR && maybe_retry (task, NULL))
        return;
      else
        g_task_return_error (task, error_for_transport (g_task_get_source_object (task), data->msg, error));
      g_object_unref (task);
      return;
    }
  complete_response (task, bytes);
}

static void
send_attempt (GTask *task)
{
  ProcureApi *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&data->msg);
  data->msg = build_message (self, data->method, data->path);
  if (data->msg == NULL)
    {
      g_task_return_new_error (task, PROCURE_API_ERROR, PROCURE_API_ERROR_PROTOCOL,
                               "Invalid URL %s%s", self->base_url, data->path);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (data->msg);
  if (data->if_match != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", data->if_match);
      soup_message_headers_replace (headers, "If-Match", quoted);
    }
  if (data->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", data->idempotency_key);
  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->msg, "application/json", data->body);

  soup_session_send_and_read_async (self->soup, data->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), send_cb, task);
}

static void
procure_api_finalize (GObject *object)
{
  ProcureApi *self = PROCURE_API (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->pinned_pem, g_free);
  g_clear_object (&self->pinned);
  g_clear_pointer (&self->refused_pem, g_free);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (procure_api_parent_class)->finalize (object);
}

static void
procure_api_class_init (ProcureApiClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = procure_api_finalize;
}

static void
procure_api_init (ProcureApi *self)
{
  g_autofree char *agent = g_strdup_printf ("Procure/%s ", PACKAGE_VERSION);

  self->max_retries = DEFAULT_MAX_RETRIES;
  self->soup = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                              "idle-timeout", 60,
                                              "user-agent", agent,
                                              NULL);
}

ProcureApi *
procure_api_new (const char *base_url)
{
  ProcureApi *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (PROCURE_TYPE_API, NULL);
  self->base_url = g_strdup (base_url);
  return self;
}

const char *
procure_api_get_base_url (ProcureApi *self)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  return self->base_url;
}

const char *
procure_api_get_token (ProcureApi *self)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  return self->token;
}

void
procure_api_set_token (ProcureApi *self,
                       const char *token)
{
  g_return_if_fail (PROCURE_IS_API (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
procure_api_set_timeout (ProcureApi *self,
                         guint       seconds)
{
  g_return_if_fail (PROCURE_IS_API (self));
  g_object_set (self->soup, "timeout", seconds, NULL);
}

void
procure_api_set_max_retries (ProcureApi *self,
                             guint       retries)
{
  g_return_if_fail (PROCURE_IS_API (self));
  self->max_retries = retries;
}

gboolean
procure_api_set_pinned_certificate (ProcureApi  *self,
                                    const char  *pem,
                                    GError     **error)
{
  GTlsCertificate *cert = NULL;

  g_return_val_if_fail (PROCURE_IS_API (self), FALSE);

  if (pem != NULL)
    {
      cert = g_tls_certificate_new_from_pem (pem, -1, error);
      if (cert == NULL)
        return FALSE;
    }
  g_clear_object (&self->pinned);
  self->pinned = cert;
  g_free (self->pinned_pem);
  self->pinned_pem = g_strdup (pem);
  return TRUE;
}

const char *
procure_api_get_pinned_certificate (ProcureApi *self)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  return self->pinned_pem;
}

SoupSession *
procure_api_get_soup_session (ProcureApi *self)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  return self->soup;
}

SoupMessage *
procure_api_new_message (ProcureApi *self,
                         const char *method,
                         const char *path)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL, NULL);
  return build_message (self, method, path);
}

void
procure_api_request_async (ProcureApi          *self,
                           const char          *method,
                           const char          *path,
                           JsonNode            *body,
                           const char          *if_match,
                           const char          *idempotency_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  RequestData *data;

  g_return_if_fail (PROCURE_IS_API (self));
  g_return_if_fail (method != NULL && path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_api_request_async);
  data = g_new0 (RequestData, 1);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  if (body != NULL)
    {
      char *text = procure_json_to_string (body);
      data->body = g_bytes_new_take (text, strlen (text));
    }
  data->if_match = g_strdup (if_match);
  data->idempotency_key = g_strdup (idempotency_key);
  data->retryable = method_is_retryable (method, idempotency_key);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  send_attempt (task);
}

static char *
strip_etag (const char *etag)
{
  gsize len;

  if (etag == NULL)
    return NULL;
  if (g_str_has_prefix (etag, "W/"))
    etag += 2;
  len = strlen (etag);
  if (len >= 2 && etag[0] == '"' && etag[len - 1] == '"')
    return g_strndup (etag + 1, len - 2);
  return g_strdup (etag);
}

JsonNode *
procure_api_request_finish (ProcureApi    *self,
                            GAsyncResult  *result,
                            char         **out_etag,
                            GError       **error)
{
  JsonNode *node;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  node = g_task_propagate_pointer (G_TASK (result), error);
  if (out_etag != NULL)
    *out_etag = node ? strip_etag (g_object_get_data (G_OBJECT (result), "etag")) : NULL;
  return node;
}

void
procure_api_get_async (ProcureApi          *self,
                       const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  procure_api_request_async (self, "GET", path, NULL, NULL, NULL, cancellable, callback, user_data);
}

JsonNode *
procure_api_get_finish (ProcureApi    *self,
                        GAsyncResult  *result,
                        char         **out_etag,
                        GError       **error)
{
  return procure_api_request_finish (self, result, out_etag, error);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcureApi *self = PROCURE_API (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_request_finish (self, result, NULL, &error);
  JsonObject *root;
  const char *token;
  ProcureUser *user;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  token = root ? json_object_get_string_member_with_default (root, "token", NULL) : NULL;
  user = (root && json_object_has_member (root, "user"))
    ? procure_user_from_json (json_object_get_member (root, "user"), PROCURE_JSON_LENIENT, "user", &error)
    : NULL;
  if (token == NULL || user == NULL)
    {
      g_task_return_new_error (task, PROCURE_API_ERROR, PROCURE_API_ERROR_PROTOCOL,
                               "Unexpected sign-in response%s%s",
                               error ? ": " : "", error ? error->message : "");
      g_clear_pointer (&user, procure_user_free);
      return;
    }
  procure_api_set_token (self, token);
  g_object_set_data_full (G_OBJECT (task), "token", g_strdup (token), g_free);
  g_task_return_pointer (task, user, (GDestroyNotify) procure_user_free);
}

void
procure_api_login_async (ProcureApi          *self,
                         const char          *login,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (PROCURE_IS_API (self));
  g_return_if_fail (login != NULL && password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_api_login_async);
  procure_api_set_token (self, NULL);
  procure_api_request_async (self, "POST", "/api/v1/session", body, NULL, NULL,
                             cancellable, login_cb, task);
}

ProcureUser *
procure_api_login_finish (ProcureApi    *self,
                          GAsyncResult  *result,
                          char         **out_token,
                          GError       **error)
{
  ProcureUser *user;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  user = g_task_propagate_pointer (G_TASK (result), error);
  if (out_token != NULL)
    *out_token = user ? g_strdup (g_object_get_data (G_OBJECT (result), "token")) : NULL;
  return user;
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = procure_api_request_finish (PROCURE_API (object), result, NULL, &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
procure_api_logout_async (ProcureApi          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PROCURE_IS_API (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, procure_api_logout_async);
  /* The message is built with the token; clear it afterwards either way. */
  procure_api_request_async (self, "DELETE", "/api/v1/session", NULL, NULL, NULL,
                             cancellable, logout_cb, task);
  procure_api_set_token (self, NULL);
}

gboolean
procure_api_logout_finish (ProcureApi    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
procure_api_get_refused_certificate (ProcureApi *self)
{
  g_return_val_if_fail (PROCURE_IS_API (self), NULL);
  return self->refused_pem;
}
