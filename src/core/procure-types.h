/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-types.h: the domain types shared by server, client and app.
 *
 * Domain objects are plain reference-counted structs with public fields
 * (boxed types), so the server, the cache and the JSON codecs can fill them
 * without property boilerplate. Strings are owned (g_free), arrays are
 * GPtrArray with a free function set. A NULL string means "absent" (JSON null).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* ---------- enumerations ---------- */

typedef enum {
  PROCURE_ROLE_INVALID = -1,
  PROCURE_ROLE_PURCHASER = 0,
  PROCURE_ROLE_APPROVER,
  PROCURE_ROLE_AGENT,
  PROCURE_ROLE_ADMIN,
  PROCURE_N_ROLES
} ProcureRole;

typedef enum {
  PROCURE_STATUS_INVALID = -1,
  PROCURE_STATUS_DRAFT = 0,
  PROCURE_STATUS_PENDING_APPROVAL,
  PROCURE_STATUS_INFO_REQUESTED,
  PROCURE_STATUS_SUBMITTED,
  PROCURE_STATUS_REJECTED,
  PROCURE_STATUS_ACCEPTED,
  PROCURE_STATUS_PROVISIONING,
  PROCURE_STATUS_READY,
  PROCURE_STATUS_SHIPPED,
  PROCURE_STATUS_CLOSED,
  PROCURE_STATUS_CANCELLED,
  PROCURE_N_STATUSES
} ProcureStatus;

typedef enum {
  PROCURE_ACTION_INVALID = -1,
  PROCURE_ACTION_SUBMIT = 0,
  PROCURE_ACTION_APPROVE,
  PROCURE_ACTION_REJECT,
  PROCURE_ACTION_REQUEST_INFO,
  PROCURE_ACTION_RESUBMIT,
  PROCURE_ACTION_ACCEPT,
  PROCURE_ACTION_START,
  PROCURE_ACTION_READY,
  PROCURE_ACTION_SHIP,
  PROCURE_ACTION_CONFIRM_RECEIPT,
  PROCURE_ACTION_CANCEL,
  PROCURE_ACTION_REOPEN,
  PROCURE_N_ACTIONS
} ProcureAction;

/* The five account-default settings, in this order everywhere. */
typedef enum {
  PROCURE_SETTING_SIM_BILLING_STATUS = 0,
  PROCURE_SETTING_PRICE_PLAN,
  PROCURE_SETTING_SERVICE_PROFILE,
  PROCURE_SETTING_ROAMING_PROFILE,
  PROCURE_SETTING_APN_GROUP,
  PROCURE_N_SETTINGS
} ProcureSetting;

/* Wire names ("draft", "request_info", "price_plan", ...). The _from_string
 * functions return the _INVALID value for NULL or unknown strings. */
const char   *procure_role_to_string       (ProcureRole    role);
ProcureRole   procure_role_from_string     (const char    *str);
const char   *procure_status_to_string     (ProcureStatus  status);
ProcureStatus procure_status_from_string   (const char    *str);
const char   *procure_action_to_string     (ProcureAction  action);
ProcureAction procure_action_from_string   (const char    *str);
const char   *procure_setting_to_string    (ProcureSetting setting);
int           procure_setting_from_string  (const char    *str); /* -1 if unknown */

/* Translated, human-readable labels for the UI ("Pending Approval", "Request
 * Information", "Price Plan"). */
const char   *procure_status_get_label     (ProcureStatus  status);
const char   *procure_action_get_label     (ProcureAction  action);
const char   *procure_role_get_label       (ProcureRole    role);
const char   *procure_setting_get_label    (ProcureSetting setting);

gboolean      procure_status_is_final      (ProcureStatus  status);

/* ---------- settings and entitlements ---------- */

/* One value per setting. In an order's `overrides`, NULL means "account
 * default"; in `defaults` and `effective` every value is set. */
typedef struct {
  char *values[PROCURE_N_SETTINGS];
} ProcureSettings;

/* For each setting, the allowed values (NULL-terminated, may be empty). */
typedef struct {
  GStrv values[PROCURE_N_SETTINGS];
} ProcureEntitlements;

ProcureSettings     *procure_settings_new        (void);
ProcureSettings     *procure_settings_copy       (const ProcureSettings *self);
void                 procure_settings_free       (ProcureSettings       *self);
void                 procure_settings_set        (ProcureSettings       *self,
                                                  ProcureSetting         setting,
                                                  const char            *value);
gboolean             procure_settings_equal      (const ProcureSettings *a,
                                                  const ProcureSettings *b);
/* effective = overrides where set, else defaults */
ProcureSettings     *procure_settings_resolve    (const ProcureSettings *overrides,
                                                  const ProcureSettings *defaults);

ProcureEntitlements *procure_entitlements_new    (void);
ProcureEntitlements *procure_entitlements_copy   (const ProcureEntitlements *self);
void                 procure_entitlements_free   (ProcureEntitlements       *self);
gboolean             procure_entitlements_allows (const ProcureEntitlements *self,
                                                  ProcureSetting             setting,
                                                  const char                *value);

/* ---------- address ---------- */

typedef struct {
  char *id;           /* address-book id; NULL on an order's copy */
  char *name;         /* recipient */
  char *company;
  char *street;
  char *city;
  char *postal_code;
  char *region;       /* optional */
  char *country;      /* ISO 3166-1 alpha-2 */
  char *phone;        /* optional */
} ProcureAddress;

ProcureAddress *procure_address_new   (void);
ProcureAddress *procure_address_copy  (const ProcureAddress *self);
void            procure_address_free  (ProcureAddress       *self);
gboolean        procure_address_equal (const ProcureAddress *a,
                                       const ProcureAddress *b);

/* ---------- user ---------- */

typedef struct {
  char        *id;
  char        *login;
  char        *name;
  ProcureRole  role;
  char        *account_id;   /* NULL for the service provider's agents and admins */
} ProcureUser;

ProcureUser *procure_user_new  (void);
ProcureUser *procure_user_copy (const ProcureUser *self);
void         procure_user_free (ProcureUser       *self);

/* ---------- account ---------- */

typedef struct {
  char                *id;
  char                *name;
  char                *currency;                    /* ISO 4217 */
  gboolean             allow_default_override;
  gint64               approval_threshold;          /* minor units; -1 = no approval */
  gint64               second_approval_threshold;   /* minor units; -1 = none */
  ProcureSettings     *defaults;
  ProcureEntitlements *entitlements;
  GPtrArray           *addresses;                   /* of ProcureAddress */
  char                *updated_at;
} ProcureAccount;

ProcureAccount *procure_account_new  (void);
ProcureAccount *procure_account_ref  (ProcureAccount *self);
ProcureAccount *procure_account_copy (const ProcureAccount *self); /* deep */
void            procure_account_unref (ProcureAccount *self);
const ProcureAddress *procure_account_find_address (const ProcureAccount *self,
                                                    const char           *address_id);

/* ---------- SIM sales product ---------- */

typedef struct {
  char     *id;
  char     *code;
  char     *name;
  char     *form_factor;      /* see procure_form_factors() */
  GStrv     features;
  char     *branding;
  char     *description;      /* predefined settings, free text */
  gint64    unit_price;       /* minor units */
  char     *currency;
  gint64    min_quantity;
  gint64    max_quantity;
  gint64    quantity_multiple;
  gint64    stock;
  gboolean  active;
  GStrv     account_ids;      /* accounts it is assigned to (agents and admins only) */
  char     *updated_at;
} ProcureProduct;

ProcureProduct *procure_product_new   (void);
ProcureProduct *procure_product_ref   (ProcureProduct *self);
ProcureProduct *procure_product_copy  (const ProcureProduct *self); /* deep */
void            procure_product_unref (ProcureProduct *self);

/* "2FF", "3FF", "4FF", "triple-cut", "MFF2", "eSIM" */
const char * const *procure_form_factors (void);

/* ---------- order ---------- */

typedef struct {
  char   *product_id;
  gint64  quantity;
  gint64  unit_price;      /* copied from the catalogue by the server */
  gint64  line_total;
  char   *product_code;    /* informational, filled by the server */
  char   *product_name;
} ProcureOrderLine;

ProcureOrderLine *procure_order_line_new  (void);
ProcureOrderLine *procure_order_line_copy (const ProcureOrderLine *self);
void              procure_order_line_free (ProcureOrderLine       *self);

typedef struct {
  char *carrier;
  char *tracking_number;
  char *shipped_at;        /* YYYY-MM-DD */
} ProcureShipment;

ProcureShipment *procure_shipment_new  (void);
ProcureShipment *procure_shipment_copy (const ProcureShipment *self);
void             procure_shipment_free (ProcureShipment       *self);

typedef struct {
  char *user_id;
  char *user_name;
  char *at;                /* RFC 3339 UTC */
} ProcureApproval;

ProcureApproval *procure_approval_new  (void);
ProcureApproval *procure_approval_copy (const ProcureApproval *self);
void             procure_approval_free (ProcureApproval       *self);

typedef struct {
  char          *actor_id;
  char          *actor_name;
  char          *at;          /* RFC 3339 UTC */
  ProcureAction  action;      /* PROCURE_ACTION_INVALID for "created" */
  ProcureStatus  from;        /* PROCURE_STATUS_INVALID for "created" */
  ProcureStatus  to;
  char          *comment;
} ProcureHistoryEntry;

ProcureHistoryEntry *procure_history_entry_new  (void);
ProcureHistoryEntry *procure_history_entry_copy (const ProcureHistoryEntry *self);
void                 procure_history_entry_free (ProcureHistoryEntry       *self);

typedef struct {
  char *id;
  char *author_id;
  char *author_name;
  char *at;
  char *body;
} ProcureComment;

ProcureComment *procure_comment_new  (void);
ProcureComment *procure_comment_copy (const ProcureComment *self);
void            procure_comment_free (ProcureComment       *self);

typedef struct {
  char            *id;
  char            *number;              /* NULL until accepted; digits only */
  char            *account_id;
  char            *account_name;        /* informational */
  ProcureStatus    status;
  gint64           version;
  char            *created_by;
  char            *created_by_name;     /* informational */
  char            *created_at;
  char            *updated_at;
  gboolean         on_behalf;
  GPtrArray       *lines;               /* of ProcureOrderLine */
  char            *currency;
  gint64           total;
  ProcureAddress  *shipping_address;    /* may be NULL on a draft */
  char            *requested_ship_date; /* YYYY-MM-DD, may be NULL on a draft */
  ProcureSettings *overrides;           /* never NULL; values NULL = default */
  ProcureSettings *effective;           /* never NULL */
  char            *notes;
  ProcureShipment *shipment;            /* NULL until shipped */
  gint64           sim_count;           /* SIMs assigned */
  GPtrArray       *approvals;           /* of ProcureApproval */
  GPtrArray       *history;             /* of ProcureHistoryEntry */
  GPtrArray       *comments;            /* of ProcureComment */
} ProcureOrder;

ProcureOrder *procure_order_new   (void);
ProcureOrder *procure_order_ref   (ProcureOrder *self);
void          procure_order_unref (ProcureOrder *self);
ProcureOrder *procure_order_copy  (const ProcureOrder *self); /* deep */
/* Sum of quantities over all lines. */
gint64        procure_order_get_sim_quantity (const ProcureOrder *self);
/* Recompute every line_total and the total from quantities and unit prices. */
void          procure_order_recompute_totals (ProcureOrder *self);
gboolean      procure_order_has_approval_by  (const ProcureOrder *self,
                                              const char         *user_id);

/* ---------- SIM ---------- */

typedef struct {
  char            *iccid;
  char            *imsi;
  char            *msisdn;       /* E.164, with leading '+' */
  char            *account_id;
  char            *order_id;
  char            *product_id;
  ProcureSettings *settings;     /* never NULL once assigned */
} ProcureSim;

ProcureSim *procure_sim_new  (void);
ProcureSim *procure_sim_copy (const ProcureSim *self);
void        procure_sim_free (ProcureSim       *self);

GType procure_account_get_type (void) G_GNUC_CONST;
GType procure_product_get_type (void) G_GNUC_CONST;
GType procure_order_get_type   (void) G_GNUC_CONST;
GType procure_user_get_type    (void) G_GNUC_CONST;
GType procure_sim_get_type     (void) G_GNUC_CONST;
#define PROCURE_TYPE_ACCOUNT (procure_account_get_type ())
#define PROCURE_TYPE_PRODUCT (procure_product_get_type ())
#define PROCURE_TYPE_ORDER   (procure_order_get_type ())
#define PROCURE_TYPE_USER    (procure_user_get_type ())
#define PROCURE_TYPE_SIM     (procure_sim_get_type ())

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureSettings, procure_settings_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureEntitlements, procure_entitlements_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureAddress, procure_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureUser, procure_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureAccount, procure_account_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureProduct, procure_product_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureOrderLine, procure_order_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureShipment, procure_shipment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureApproval, procure_approval_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureHistoryEntry, procure_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureComment, procure_comment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureOrder, procure_order_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProcureSim, procure_sim_free)

G_END_DECLS
