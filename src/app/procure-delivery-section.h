/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-delivery-section.h: the order editor's "Delivery" group: the
 * shipping address from the account's address book or a new one, the
 * requested shipping date (calendar) and the notes.
 *
 * Signals: "changed" when the user edits an address field or the notes;
 * "invalid" (GError) when the date picked in the calendar is refused by the
 * validators (the date is kept, so Save and Submit report it again).
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"
#include "procure-ui-state.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_DELIVERY_SECTION (procure_delivery_section_get_type ())
G_DECLARE_FINAL_TYPE (ProcureDeliverySection, procure_delivery_section, PROCURE, DELIVERY_SECTION,
                      AdwPreferencesGroup)

/* Offers @account's address book (NULL: only a new address), first entry
 * selected. */
void            procure_delivery_section_set_account    (ProcureDeliverySection *self,
                                                         ProcureAccount         *account);
/* Index into the address book; -1 = a new address. */
void            procure_delivery_section_select_address (ProcureDeliverySection *self,
                                                         int                     index);
/* Selects the book entry equal to @address, else fills the new address
 * form with it. */
void            procure_delivery_section_show_address   (ProcureDeliverySection *self,
                                                         const ProcureAddress   *address);
/* The address as entered: a copy of the book entry, or the form's. */
ProcureAddress *procure_delivery_section_get_address    (ProcureDeliverySection *self);
/* YYYY-MM-DD or NULL. */
void            procure_delivery_section_set_ship_date  (ProcureDeliverySection *self,
                                                         const char             *date);
const char     *procure_delivery_section_get_ship_date  (ProcureDeliverySection *self);
void            procure_delivery_section_set_notes      (ProcureDeliverySection *self,
                                                         const char             *notes);
/* NULL when blank, else the stripped notes. */
char           *procure_delivery_section_dup_notes      (ProcureDeliverySection *self);
/* Marks the row @field (and, for an address, @path's member) names. */
void            procure_delivery_section_mark_error     (ProcureDeliverySection *self,
                                                         ProcureUiField          field,
                                                         const char             *path);
void            procure_delivery_section_clear_errors   (ProcureDeliverySection *self);

G_END_DECLS
