/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-requests.h: what clients send. The server decodes these strictly
 * (procure-json.h), then validates them (procure-validate.h).
 */
#pragma once

#include "procure-types.h"

G_BEGIN_DECLS

/* POST /api/v1/session */
typedef struct {
  char *login;
  char *password;
} ProcureLoginRequest;

void procure_login_request_free (ProcureLoginRequest *self);

/* A line as sent: only the product and the quantity. */
typedef struct {
  char   *product_id;
  gint64  quantity;
} ProcureLineRequest;

ProcureLineRequest *procure_line_request_new  (void);
void                procure_line_request_free (ProcureLineRequest *self);

/* POST /api/v1/orders and PATCH /api/v1/orders/{id}.
 * procure_order_request_new() sets @lines to an empty array that frees its
 * elements with procure_line_request_free().
 * For PATCH, the has_* flags say which members were present; an absent member
 * is left unchanged. For POST, absent members are empty. */
typedef struct {
  char            *account_id;          /* agents: the account the order is on behalf of */
  gboolean         has_lines;
  GPtrArray       *lines;               /* of ProcureLineRequest */
  gboolean         has_shipping_address;
  ProcureAddress  *shipping_address;    /* may be NULL (JSON null clears it on PATCH) */
  char            *address_id;          /* alternative: an id from the account's address book */
  gboolean         has_requested_ship_date;
  char            *requested_ship_date;
  gboolean         has_overrides;
  ProcureSettings *overrides;           /* never NULL when has_overrides */
  gboolean         has_notes;
  char            *notes;
} ProcureOrderRequest;

ProcureOrderRequest *procure_order_request_new  (void);
void                 procure_order_request_free (ProcureOrderRequest *self);

/* POST /api/v1/orders/{id}/actions/{action} */
typedef struct {
  char            *comment;
  char            *number;
  GPtrArray       *sims;                /* of ProcureSim (iccid, imsi, msisdn); NULL if absent;
                                           set a free func (procure_sim_free) */
  char            *carrier;
  char            *tracking_number;
  char            *shipped_at;
} ProcureActionRequest;

ProcureActionRequest *procure_action_request_new  (void);
void                  procure_action_request_free (ProcureActionRequest *self);

/* POST /api/v1/orders/{id}/comments */
typedef struct {
  char *body;
} ProcureCommentRequest;

void procure_comment_request_free (ProcureCommentRequest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureLineRequest, procure_line_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureLoginRequest, procure_login_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureOrderRequest, procure_order_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureActionRequest, procure_action_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureCommentRequest, procure_comment_request_free)

G_END_DECLS
