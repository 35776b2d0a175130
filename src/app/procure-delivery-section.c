/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "procure-delivery-section.h"
#include "procure-widgets.h"

/* The rows of a new address, in form order. */
#define N_ADDRESS_ROWS 8

struct _ProcureDeliverySection
{
  AdwPreferencesGroup  parent_instance;

  ProcureAccount      *account;
  char                *ship_date;
  GtkWidget           *address_fields[N_ADDRESS_ROWS];

  AdwComboRow         *address_row;
  GtkWidget           *name_row;
  GtkWidget           *company_row;
  GtkWidget           *street_row;
  GtkWidget           *postal_code_row;
  GtkWidget           *city_row;
  GtkWidget           *region_row;
  GtkWidget           *country_row;
  GtkWidget           *phone_row;
  GtkWidget           *date_row;
  GtkMenuButton       *date_button;
  GtkCalendar         *calendar;
  GtkWidget           *notes_row;
};

G_DEFINE_FINAL_TYPE (ProcureDeliverySection, procure_delivery_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_CHANGED,
  SIGNAL_INVALID,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------- helpers ---------- */

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

/* NULL for blank text, else a stripped copy. */
static char *
dup_nonblank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

static gboolean
new_address_selected (ProcureDeliverySection *self)
{
  guint selected = adw_combo_row_get_selected (self->address_row);

  return self->account == NULL || selected >= self->account->addresses->len;
}

static void
update_address_rows (ProcureDeliverySection *self)
{
  gboolean show = new_address_selected (self);

  for (guint i = 0; i < N_ADDRESS_ROWS; i++)
    gtk_widget_set_visible (self->address_fields[i], show);
}

static ProcureAddress *
address_from_form (ProcureDeliverySection *self)
{
  ProcureAddress *address = procure_address_new ();
  g_autofree char *country = dup_nonblank (text_of (self->country_row));

  address->name = dup_nonblank (text_of (self->name_row));
  address->company = dup_nonblank (text_of (self->company_row));
  address->street = dup_nonblank (text_of (self->street_row));
  address->postal_code = dup_nonblank (text_of (self->postal_code_row));
  address->city = dup_nonblank (text_of (self->city_row));
  address->region = dup_nonblank (text_of (self->region_row));
  address->country = country ? g_ascii_strup (country, -1) : NULL;
  address->phone = dup_nonblank (text_of (self->phone_row));
  return address;
}

static void
fill_address_form (ProcureDeliverySection *self,
                   const ProcureAddress   *a)
{
  set_text (self->name_row, a->name);
  set_text (self->company_row, a->company);
  set_text (self->street_row, a->street);
  set_text (self->postal_code_row, a->postal_code);
  set_text (self->city_row, a->city);
  set_text (self->region_row, a->region);
  set_text (self->country_row, a->country);
  set_text (self->phone_row, a->phone);
}

/* The book entry equal to @address (ignoring ids), or -1. */
static int
index_of_address (ProcureDeliverySection *self,
                  const ProcureAddress   *address)
{
  for (guint i = 0; address != NULL && self->account != NULL && i < self->account->addresses->len; i++)
    {
      g_autoptr(ProcureAddress) copy = procure_address_copy (g_ptr_array_index (self->account->addresses, i));

      g_clear_pointer (&copy->id, g_free);
      if (procure_address_equal (copy, address))
        return (int) i;
    }
  return -1;
}

/* The row an error on @path ("shipping_address.city", ...) belongs to. */
static GtkWidget *
address_member_row (ProcureDeliverySection *self,
                    const char             *path)
{
  const char *member = path != NULL ? strrchr (path, '.') : NULL;

  if (!new_address_selected (self) || member == NULL)
    return GTK_WIDGET (self->address_row);
  member++;
  if (g_str_equal (member, "name")) return self->name_row;
  if (g_str_equal (member, "company")) return self->company_row;
  if (g_str_equal (member, "street")) return self->street_row;
  if (g_str_equal (member, "postal_code")) return self->postal_code_row;
  if (g_str_equal (member, "city")) return self->city_row;
  if (g_str_equal (member, "region")) return self->region_row;
  if (g_str_equal (member, "country")) return self->country_row;
  if (g_str_equal (member, "phone")) return self->phone_row;
  return GTK_WIDGET (self->address_row);
}

/* ---------- callbacks ---------- */

static void
on_address_selected (ProcureDeliverySection *self)
{
  update_address_rows (self);
}

static void
on_field_changed (ProcureDeliverySection *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_day_selected (ProcureDeliverySection *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  procure_delivery_section_set_ship_date (self, text);
  if (!procure_validate_ship_date (text, NULL, "requested_ship_date", &error))
    g_signal_emit (self, signals[SIGNAL_INVALID], 0, error);
  else
    {
      procure_widget_set_error (self->date_row, FALSE);
      gtk_menu_button_popdown (self->date_button);
    }
}

/* ---------- GObject ---------- */

static void
procure_delivery_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PROCURE_TYPE_DELIVERY_SECTION);

  G_OBJECT_CLASS (procure_delivery_section_parent_class)->dispose (object);
}

static void
procure_delivery_section_finalize (GObject *object)
{
  ProcureDeliverySection *self = PROCURE_DELIVERY_SECTION (object);

  g_clear_pointer (&self->account, procure_account_unref);
  g_clear_pointer (&self->ship_date, g_free);

  G_OBJECT_CLASS (procure_delivery_section_parent_class)->finalize (object);
}

static void
procure_delivery_section_class_init (ProcureDeliverySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = procure_delivery_section_dispose;
  object_class->finalize = procure_delivery_section_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_INVALID] = g_signal_new ("invalid", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
      "/io/github/procure/Procure/procure-delivery-section.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProcureDeliverySection, name)
  BIND (address_row);
  BIND (name_row);
  BIND (company_row);
  BIND (street_row);
  BIND (postal_code_row);
  BIND (city_row);
  BIND (region_row);
  BIND (country_row);
  BIND (phone_row);
  BIND (date_row);
  BIND (date_button);
  BIND (calendar);
  BIND (notes_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_address_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
}

static void
procure_delivery_section_init (ProcureDeliverySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  procure_combo_row_show_full_values (self->address_row);
  self->address_fields[0] = self->name_row;
  self->address_fields[1] = self->company_row;
  self->address_fields[2] = self->street_row;
  self->address_fields[3] = self->postal_code_row;
  self->address_fields[4] = self->city_row;
  self->address_fields[5] = self->region_row;
  self->address_fields[6] = self->country_row;
  self->address_fields[7] = self->phone_row;
}

/* ---------- public API ---------- */

void
procure_delivery_section_set_account (ProcureDeliverySection *self,
                                      ProcureAccount         *account)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  g_clear_pointer (&self->account, procure_account_unref);
  self->account = account != NULL ? procure_account_ref (account) : NULL;
  for (guint i = 0; account != NULL && i < account->addresses->len; i++)
    {
      const ProcureAddress *a = g_ptr_array_index (account->addresses, i);
      g_autofree char *label = g_strdup_printf ("%s, %s, %s", a->name, a->street, a->city);

      gtk_string_list_append (names, label);
    }
  gtk_string_list_append (names, _("New Address…"));
  adw_combo_row_set_model (self->address_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->address_row, 0);
  update_address_rows (self);
}

void
procure_delivery_section_select_address (ProcureDeliverySection *self,
                                         int                     index)
{
  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  if (self->account == NULL)
    return;
  if (index < 0 || (guint) index >= self->account->addresses->len)
    index = (int) self->account->addresses->len;   /* "New Address…" */
  adw_combo_row_set_selected (self->address_row, (guint) index);
  update_address_rows (self);
}

void
procure_delivery_section_show_address (ProcureDeliverySection *self,
                                       const ProcureAddress   *address)
{
  int index;

  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  index = index_of_address (self, address);
  procure_delivery_section_select_address (self, index);
  if (index < 0 && address != NULL)
    fill_address_form (self, address);
}

ProcureAddress *
procure_delivery_section_get_address (ProcureDeliverySection *self)
{
  g_return_val_if_fail (PROCURE_IS_DELIVERY_SECTION (self), NULL);

  if (new_address_selected (self))
    return address_from_form (self);
  return procure_address_copy (g_ptr_array_index (self->account->addresses,
                                                  adw_combo_row_get_selected (self->address_row)));
}

void
procure_delivery_section_set_ship_date (ProcureDeliverySection *self,
                                        const char             *date)
{
  g_autofree char *label = NULL;

  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  g_free (self->ship_date);
  self->ship_date = g_strdup (date);
  label = date ? procure_format_date (date) : g_strdup (_("Choose a Date"));
  gtk_menu_button_set_label (self->date_button, label);
}

const char *
procure_delivery_section_get_ship_date (ProcureDeliverySection *self)
{
  g_return_val_if_fail (PROCURE_IS_DELIVERY_SECTION (self), NULL);

  return self->ship_date;
}

void
procure_delivery_section_set_notes (ProcureDeliverySection *self,
                                    const char             *notes)
{
  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  set_text (self->notes_row, notes);
}

char *
procure_delivery_section_dup_notes (ProcureDeliverySection *self)
{
  g_return_val_if_fail (PROCURE_IS_DELIVERY_SECTION (self), NULL);

  return dup_nonblank (text_of (self->notes_row));
}

void
procure_delivery_section_mark_error (ProcureDeliverySection *self,
                                     ProcureUiField          field,
                                     const char             *path)
{
  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  if (field == PROCURE_UI_FIELD_ADDRESS)
    procure_widget_set_error (address_member_row (self, path), TRUE);
  else if (field == PROCURE_UI_FIELD_SHIP_DATE)
    procure_widget_set_error (self->date_row, TRUE);
  else if (field == PROCURE_UI_FIELD_NOTES)
    procure_widget_set_error (self->notes_row, TRUE);
}

void
procure_delivery_section_clear_errors (ProcureDeliverySection *self)
{
  g_return_if_fail (PROCURE_IS_DELIVERY_SECTION (self));

  for (guint i = 0; i < N_ADDRESS_ROWS; i++)
    procure_widget_set_error (self->address_fields[i], FALSE);
  procure_widget_set_error (GTK_WIDGET (self->address_row), FALSE);
  procure_widget_set_error (self->date_row, FALSE);
  procure_widget_set_error (self->notes_row, FALSE);
}
