/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-demo-server.h: the local `procure-server --demo` child process that
 * `procure --demo` runs. It listens on a free loopback port and prints its URL
 * as the first line of its standard output; the child is stopped when this
 * object is disposed (or procure_demo_server_stop() is called).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PROCURE_TYPE_DEMO_SERVER (procure_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (ProcureDemoServer, procure_demo_server, PROCURE, DEMO_SERVER, GObject)

/* @db_path: the SQLite file the server keeps its demo data in. */
ProcureDemoServer *procure_demo_server_new          (const char          *db_path);

/* The procure-server binary to run: $PROCURE_SERVER, else the one next to
 * this program in the build tree (../server/procure-server), else PATH, else
 * the installed bindir. Never NULL. */
char              *procure_demo_server_find_binary  (void);

void               procure_demo_server_start_async  (ProcureDemoServer   *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Returns the server's base URL ("http://127.0.0.1:PORT"). */
char              *procure_demo_server_start_finish (ProcureDemoServer   *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The URL once started, else NULL. */
const char        *procure_demo_server_get_url      (ProcureDemoServer   *self);

/* Terminates the child and waits for it (briefly). Safe to call twice. */
void               procure_demo_server_stop         (ProcureDemoServer   *self);

/* Where `procure --demo` keeps the demo database: the user data directory
 * ($XDG_DATA_HOME/procure/demo.db), created if needed. */
char              *procure_demo_server_default_db_path (void);

G_END_DECLS
