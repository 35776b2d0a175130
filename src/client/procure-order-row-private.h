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
};

ProcureOrderRow *procure_order_row_new_empty (void);
/* Takes every value of @src into @self and notifies the properties that
 * changed. */
void procure_order_row_update_from (ProcureOrderRow *self,
                                    ProcureOrderRow *src);
void procure_order_row_set_pending (ProcureOrderRow *self,
                                    gboolean         pending);

G_END_DECLS
