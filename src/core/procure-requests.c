/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-core"

#include "config.h"

#include <string.h>

#include "procure-requests.h"

void
procure_login_request_free (ProcureLoginRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->login);
  /* The password is wiped before its memory goes back to the allocator. */
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self);
}

ProcureLineRequest *
procure_line_request_new (void)
{
  return g_new0 (ProcureLineRequest, 1);
}

void
procure_line_request_free (ProcureLineRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->product_id);
  g_free (self);
}

ProcureOrderRequest *
procure_order_request_new (void)
{
  ProcureOrderRequest *self = g_new0 (ProcureOrderRequest, 1);

  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) procure_line_request_free);
  return self;
}

void
procure_order_request_free (ProcureOrderRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->account_id);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  procure_address_free (self->shipping_address);
  g_free (self->address_id);
  g_free (self->requested_ship_date);
  procure_settings_free (self->overrides);
  g_free (self->notes);
  g_free (self);
}

ProcureActionRequest *
procure_action_request_new (void)
{
  return g_new0 (ProcureActionRequest, 1);
}

void
procure_action_request_free (ProcureActionRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->comment);
  g_free (self->number);
  g_clear_pointer (&self->sims, g_ptr_array_unref);
  g_free (self->carrier);
  g_free (self->tracking_number);
  g_free (self->shipped_at);
  g_free (self);
}

void
procure_comment_request_free (ProcureCommentRequest *self)
{
  if (self == NULL)
    return;

  g_free (self->body);
  g_free (self);
}
