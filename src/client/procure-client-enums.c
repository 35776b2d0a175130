/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "procure-client"

#include "config.h"

#include "procure-client-enums.h"

GType
procure_sync_state_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { PROCURE_SYNC_STATE_OFFLINE, "PROCURE_SYNC_STATE_OFFLINE", "offline" },
    { PROCURE_SYNC_STATE_SYNCING, "PROCURE_SYNC_STATE_SYNCING", "syncing" },
    { PROCURE_SYNC_STATE_ONLINE, "PROCURE_SYNC_STATE_ONLINE", "online" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("ProcureSyncState", values));
  return type_id;
}

GType
procure_outbox_kind_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { PROCURE_OUTBOX_CREATE, "PROCURE_OUTBOX_CREATE", "create" },
    { PROCURE_OUTBOX_UPDATE, "PROCURE_OUTBOX_UPDATE", "update" },
    { PROCURE_OUTBOX_ACTION, "PROCURE_OUTBOX_ACTION", "action" },
    { PROCURE_OUTBOX_COMMENT, "PROCURE_OUTBOX_COMMENT", "comment" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("ProcureOutboxKind", values));
  return type_id;
}
