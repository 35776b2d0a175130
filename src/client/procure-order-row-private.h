/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The row struct is shared with the cache so 100,000 rows can be filled
 * straight from a SELECT without a property call per field.
 */
#pragma once

#include "procure-order-row.h"

G_BEGIN_DECLS

struct _ProcureOrderRow
{
  GObject        parent_instance;

  char          *id;
  char          *number;
  ProcureStatus  status;
  char          *account_id;
  char          *account_name;
  char          *created_at;
  char          *created_by;
  char          *created_by_name;
  gint64         total;
  char          *currency;
  char          *total_label;     /* lazily formatted */
  char          *requested_ship_date;
  gint64         version;
  char          *updated_at;
  char          *search_text;
  guint          pending : 1;
  guint          inbox : 1;

  /* The cache's row id and its registry of live rows (rowid -> row, no
   * reference): while anything holds this row, every list hands out this
   * same object for the order, and the cache updates it in place. */
  gint64         rowid;
  GHashTable    *registry;
};

ProcureOrderRow *procure_order_row_new_empty (void);
/* Takes every value of @src into @self and notifies the properties that
 * changed. */
void procure_order_row_update_from (ProcureOrderRow *self,
                                    ProcureOrderRow *src);
void procure_order_row_set_pending (ProcureOrderRow *self,
                                    gboolean         pending);
/* Enters @self into @registry under its rowid (it leaves on finalize). */
void procure_order_row_register    (ProcureOrderRow *self,
                                    GHashTable      *registry);

G_END_DECLS
