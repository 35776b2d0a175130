/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>

#include "procure-product-form.h"

static gboolean
check_text (const char  *value,
            gsize        max,
            const char  *field,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, _("Required"));
      return FALSE;
    }
  return procure_validate_length (value, max, field, error);
}

/* A whole number within @min..PROCURE_MAX_QUANTITY. */
static gboolean
parse_count (const char  *text,
             gint64       min,
             const char  *field,
             gint64      *out,
             GError     **error)
{
  guint64 value;

  if (text == NULL || *text == '\0')
    {
      procure_set_error (error, PROCURE_ERROR_REQUIRED, field, _("Required"));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, field, _("“%s” is not a whole number"), text);
      return FALSE;
    }
  if ((gint64) value < min || value > PROCURE_MAX_QUANTITY)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, field,
                         _("Between %lld and %d"), (long long) min, PROCURE_MAX_QUANTITY);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

typedef struct {
  gint64 price, min, max, multiple, stock;
} Numbers;

static gboolean
check_numbers (const ProcureProductForm *form,
               Numbers                  *n,
               GError                  **error)
{
  if (!procure_money_parse (form->unit_price, form->currency, &n->price) || n->price < 0)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "unit_price",
                         _("Enter a price like 12.50 in %s"), form->currency);
      return FALSE;
    }
  if (!parse_count (form->min_quantity, 1, "min_quantity", &n->min, error) ||
      !parse_count (form->max_quantity, 1, "max_quantity", &n->max, error) ||
      !parse_count (form->quantity_multiple, 1, "quantity_multiple", &n->multiple, error) ||
      !parse_count (form->stock, 0, "stock", &n->stock, error))
    return FALSE;
  if (n->max < n->min)
    {
      procure_set_error (error, PROCURE_ERROR_OUT_OF_RANGE, "max_quantity",
                         _("The maximum is below the minimum (%lld)"), (long long) n->min);
      return FALSE;
    }
  if (n->min % n->multiple != 0 || n->max % n->multiple != 0)
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, n->min % n->multiple ? "min_quantity" : "max_quantity",
                         _("Must be a multiple of the pack size %lld"), (long long) n->multiple);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_form (const ProcureProductForm *form,
            Numbers                  *numbers,
            GError                  **error)
{
  if (!check_text (form->code, PROCURE_MAX_SHORT_LENGTH, "code", error) ||
      !check_text (form->name, PROCURE_MAX_NAME_LENGTH, "name", error))
    return FALSE;
  if (form->form_factor == NULL || !g_strv_contains ((const char * const *) procure_form_factors (), form->form_factor))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "form_factor",
                         _("One of 2FF, 3FF, 4FF, triple-cut, MFF2, eSIM"));
      return FALSE;
    }
  if (form->currency == NULL || !procure_currency_code_valid (form->currency))
    {
      procure_set_error (error, PROCURE_ERROR_INVALID, "currency", _("Not a known currency code"));
      return FALSE;
    }
  return check_numbers (form, numbers, error);
}

JsonNode *
procure_product_form_to_json (const ProcureProductForm *form,
                              GError                  **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Numbers n = { 0 };

  g_return_val_if_fail (form != NULL, NULL);

  if (!check_form (form, &n, error))
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, form->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, form->name);
  json_builder_set_member_name (builder, "form_factor");
  json_builder_add_string_value (builder, form->form_factor);
  json_builder_set_member_name (builder, "unit_price");
  json_builder_add_int_value (builder, n.price);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, form->currency);
  json_builder_set_member_name (builder, "min_quantity");
  json_builder_add_int_value (builder, n.min);
  json_builder_set_member_name (builder, "max_quantity");
  json_builder_add_int_value (builder, n.max);
  json_builder_set_member_name (builder, "quantity_multiple");
  json_builder_add_int_value (builder, n.multiple);
  json_builder_set_member_name (builder, "stock");
  json_builder_add_int_value (builder, n.stock);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, form->active);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
keep (GPtrArray *strings,
      char      *value)
{
  g_ptr_array_add (strings, value);
  return value;
}

void
procure_product_form_from_product (ProcureProductForm   *form,
                                   const ProcureProduct *product,
                                   GPtrArray            *strings)
{
  g_return_if_fail (form != NULL && product != NULL && strings != NULL);

  form->code = keep (strings, g_strdup (product->code));
  form->name = keep (strings, g_strdup (product->name));
  form->form_factor = keep (strings, g_strdup (product->form_factor));
  form->currency = keep (strings, g_strdup (product->currency));
  form->unit_price = keep (strings, procure_money_to_decimal (product->unit_price, product->currency));
  form->min_quantity = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT, product->min_quantity));
  form->max_quantity = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT, product->max_quantity));
  form->quantity_multiple = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT, MAX (product->quantity_multiple, 1)));
  form->stock = keep (strings, g_strdup_printf ("%" G_GINT64_FORMAT, product->stock));
  form->active = product->active;
}
