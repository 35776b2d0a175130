/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Agent tools: the product form's inline checks (pure), and the product
 * dialog creating, editing and deactivating a product on a real
 * `procure-server --demo` as sam, the agent; the catalogue syncs it in.
 */
#define G_LOG_DOMAIN "procure-test"

#include "config.h"

#include <string.h>

#include "procure-product-dialog.h"
#include "procure-product-form.h"
#include "procure-test-util.h"
#include "procure-window.h"

static ProcureDemoServer *server;
static char *tmp_dir;
static char *server_url;

static ProcureProductForm
valid_form (void)
{
  ProcureProductForm form = {
    "IOT-TEST-5MB", "Test SIM 5 MB", "MFF2", "1.25", "EUR", "10", "1000", "10", "5000", TRUE,
  };

  return form;
}

static void
assert_form_error (const ProcureProductForm *form,
                   ProcureErrorCode          code,
                   const char               *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = procure_product_form_to_json (form, &error);

  g_assert_null (body);
  g_assert_error (error, PROCURE_ERROR, (gint) code);
  g_assert_cmpstr (procure_error_get_field (error), ==, field);
}

static void
test_form (void)
{
  ProcureProductForm form = valid_form ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = procure_product_form_to_json (&form, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "unit_price"), ==, 125);
  g_assert_cmpint (json_object_get_int_member (object, "min_quantity"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (object, "quantity_multiple"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (object, "form_factor"), ==, "MFF2");
  g_assert_true (json_object_get_boolean_member (object, "active"));

  form = valid_form (), form.code = "";
  assert_form_error (&form, PROCURE_ERROR_REQUIRED, "code");
  form = valid_form (), form.form_factor = "5FF";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "form_factor");
  form = valid_form (), form.currency = "XXY";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "currency");
  form = valid_form (), form.unit_price = "1.2x";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "unit_price");
  form = valid_form (), form.unit_price = "-1";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "unit_price");
  form = valid_form (), form.min_quantity = "0";
  assert_form_error (&form, PROCURE_ERROR_OUT_OF_RANGE, "min_quantity");
  form = valid_form (), form.max_quantity = "ten";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "max_quantity");
  form = valid_form (), form.max_quantity = "5";             /* below the minimum */
  assert_form_error (&form, PROCURE_ERROR_OUT_OF_RANGE, "max_quantity");
  form = valid_form (), form.min_quantity = "15";            /* not a pack multiple */
  assert_form_error (&form, PROCURE_ERROR_INVALID, "min_quantity");
  form = valid_form (), form.stock = "-3";
  assert_form_error (&form, PROCURE_ERROR_INVALID, "stock");
  form = valid_form (), form.quantity_multiple = "2000000";
  assert_form_error (&form, PROCURE_ERROR_OUT_OF_RANGE, "quantity_multiple");
}

static gboolean
save_enabled (ProcureProductDialog *dialog)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save");
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProcureProduct **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = procure_product_dialog_save_finish (PROCURE_PRODUCT_DIALOG (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Saves @dialog and waits for the server's answer. */
static ProcureProduct *
save (ProcureProductDialog *dialog)
{
  ProcureProduct *saved = NULL;

  procure_product_dialog_save_async (dialog, on_saved, &saved);
  procure_test_wait_for (is_set, &saved, 30);
  return saved;
}

typedef struct {
  ProcureSession *session;
  const char     *id;
  gint64          price;
  gboolean        active;
} Expected;

/* The session's catalogue has synced the product as saved. */
static gboolean
synced (gpointer data)
{
  Expected *expected = data;
  g_autoptr(ProcureProduct) product = procure_session_get_product (expected->session, expected->id);

  return product != NULL && product->unit_price == expected->price && product->active == expected->active;
}

typedef struct {
  ProcureSession *session;
  const char     *id;
  gboolean        visible;
} Visible;

/* Whether @session's catalogue has (or no longer has) the product. */
static gboolean
catalogue_shows (gpointer data)
{
  Visible *visible = data;
  g_autoptr(ProcureProduct) product = procure_session_get_product (visible->session, visible->id);

  return (product != NULL) == visible->visible;
}

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  JsonNode **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = procure_api_get_finish (PROCURE_API (source), result, NULL, &error);
  g_assert_no_error (error);
}

/* Whether the server lists @product_id among @account_id's products. */
static gboolean
account_lists (ProcureSession *staff,
               const char     *account_id,
               const char     *product_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s/products", account_id);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *items;

  procure_api_get_async (procure_session_get_api (staff), path, NULL, on_got, &answer);
  procure_test_wait_for (is_set, &answer, 30);
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"),
                   product_id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_dialog_against_server (void)
{
  g_autoptr(ProcureSession) sam = procure_test_sign_in (server_url, tmp_dir, "sam");
  g_autoptr(ProcureSession) pat = procure_test_sign_in (server_url, tmp_dir, "pat");
  const char *pat_account = procure_session_get_user (pat)->account_id;
  Visible for_pat = { pat, NULL, TRUE };
  ProcureProductDialog *dialog = procure_product_dialog_new (NULL, sam, NULL);
  g_autoptr(ProcureProduct) created = NULL;
  g_autoptr(ProcureProduct) edited = NULL;
  g_autoptr(ProcureProduct) current = NULL;
  g_autofree char *code = g_strdup_printf ("T-%" G_GINT64_FORMAT, g_get_real_time () % 1000000000);
  Expected expected = { sam, NULL, 125, TRUE };

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (save_enabled (dialog));                  /* nothing entered */
  g_assert_true (g_str_has_prefix (procure_product_dialog_get_error_text (dialog), "Code: "));

  procure_product_dialog_set_text (dialog, "code", code);
  procure_product_dialog_set_text (dialog, "name", "Test SIM 5 MB");
  procure_product_dialog_set_text (dialog, "form_factor", "MFF2");
  procure_product_dialog_set_text (dialog, "unit_price", "1.25");
  procure_product_dialog_set_text (dialog, "min_quantity", "10");
  procure_product_dialog_set_text (dialog, "max_quantity", "5");
  procure_product_dialog_set_text (dialog, "quantity_multiple", "10");
  procure_product_dialog_set_text (dialog, "stock", "5000");
  g_assert_false (save_enabled (dialog));                  /* max below min */
  g_assert_true (g_str_has_prefix (procure_product_dialog_get_error_text (dialog), "Maximum Quantity: "));
  procure_product_dialog_set_text (dialog, "max_quantity", "1000");
  g_assert_true (save_enabled (dialog));
  g_assert_null (procure_product_dialog_get_error_text (dialog));
  procure_product_dialog_set_offered (dialog, pat_account, TRUE);   /* pat's account sees it */
  procure_test_screenshot (GTK_WIDGET (dialog), "product-new");

  created = save (dialog);
  g_assert_nonnull (created->id);
  g_assert_cmpstr (created->code, ==, code);
  g_assert_cmpint (created->unit_price, ==, 125);
  g_assert_true (created->active);
  gtk_window_destroy (GTK_WINDOW (dialog));
  expected.id = created->id;
  procure_test_wait_for (synced, &expected, 30);
  for_pat.id = created->id;
  g_assert_true (account_lists (sam, pat_account, created->id));
  procure_session_sync_now (pat);
  procure_test_wait_for (catalogue_shows, &for_pat, 30);

  /* Edit, as from the catalogue: the synced product knows its accounts. */
  current = procure_session_get_product (sam, created->id);
  g_assert_nonnull (current->account_ids);
  g_assert_true (g_strv_contains ((const char * const *) current->account_ids, pat_account));
  dialog = procure_product_dialog_new (NULL, sam, current);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (save_enabled (dialog));                   /* filled from the product */
  procure_product_dialog_set_text (dialog, "unit_price", "0.99");
  procure_product_dialog_set_active (dialog, FALSE);
  procure_product_dialog_set_offered (dialog, pat_account, FALSE);  /* and withdrawn */
  procure_test_screenshot (GTK_WIDGET (dialog), "product-edit");
  edited = save (dialog);
  g_assert_cmpstr (edited->id, ==, created->id);
  g_assert_cmpint (edited->unit_price, ==, 99);
  g_assert_false (edited->active);
  gtk_window_destroy (GTK_WINDOW (dialog));
  expected.price = 99;
  expected.active = FALSE;
  procure_test_wait_for (synced, &expected, 30);
  /* Withdrawn: the server no longer lists it for pat's account. */
  g_assert_false (account_lists (sam, pat_account, created->id));
  /* ...and pat's catalogue drops it at the next sync. */
  for_pat.visible = FALSE;
  procure_session_sync_now (pat);
  procure_test_wait_for (catalogue_shows, &for_pat, 30);
}

/* The product dialog among the toplevels, or NULL. */
static ProcureProductDialog *
find_product_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (PROCURE_IS_PRODUCT_DIALOG (item))
        return PROCURE_PRODUCT_DIALOG (item);
    }
  return NULL;
}

/* The window offers New Product to agents only. */
static void
test_window_action (void)
{
  g_autoptr(ProcureSession) sam = procure_test_sign_in (server_url, tmp_dir, "sam");
  g_autoptr(ProcureSession) pat = procure_test_sign_in (server_url, tmp_dir, "pat");
  ProcureWindow *window = procure_window_new (NULL, pat);
  ProcureProductDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  procure_window_show_main (window);
  g_assert_nonnull (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-product", NULL);
  g_assert_nonnull (window);
  g_assert_null (find_product_dialog ());
  g_assert_nonnull (window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = procure_window_new (NULL, sam);
  gtk_window_present (GTK_WINDOW (window));
  procure_window_show_main (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-product", NULL));
  dialog = find_product_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  procure_test_init_ui ();

  tmp_dir = g_dir_make_tmp ("procure-app-products-XXXXXX", &error);
  g_assert_no_error (error);
  server = procure_test_start_server (tmp_dir, &server_url);

  g_test_add_func ("/app/products/form", test_form);
  g_test_add_func ("/app/products/dialog-against-server", test_dialog_against_server);
  g_test_add_func ("/app/products/window-action", test_window_action);
  status = g_test_run ();

  procure_demo_server_stop (server);
  g_clear_object (&server);
  g_free (server_url);
  g_free (tmp_dir);
  return status;
}
