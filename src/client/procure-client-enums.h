/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where the session stands with its server. */
typedef enum {
  PROCURE_SYNC_STATE_OFFLINE = 0,  /* server unreachable (or not signed in); cache shown */
  PROCURE_SYNC_STATE_SYNCING,      /* pulling /changes or sending the outbox */
  PROCURE_SYNC_STATE_ONLINE,       /* up to date and listening on the stream */
} ProcureSyncState;

GType procure_sync_state_get_type (void) G_GNUC_CONST;
#define PROCURE_TYPE_SYNC_STATE (procure_sync_state_get_type ())

/* What an outbox entry does. */
typedef enum {
  PROCURE_OUTBOX_CREATE = 0,   /* POST /orders */
  PROCURE_OUTBOX_UPDATE,       /* PATCH /orders/{id} */
  PROCURE_OUTBOX_ACTION,       /* POST /orders/{id}/actions/{action} */
  PROCURE_OUTBOX_COMMENT,      /* POST /orders/{id}/comments */
} ProcureOutboxKind;

GType procure_outbox_kind_get_type (void) G_GNUC_CONST;
#define PROCURE_TYPE_OUTBOX_KIND (procure_outbox_kind_get_type ())

G_END_DECLS
