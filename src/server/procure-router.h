/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-router.h: the table of API routes (method + path pattern ->
 * handler) and the matching of a request against it. A pattern's "{}"
 * segments match any one segment and become the request's params.
 */
#pragma once

#include "procure-request.h"

G_BEGIN_DECLS

typedef enum {
  PROCURE_ROUTE_AUTH = 1 << 0,   /* needs a signed-in user */
  PROCURE_ROUTE_RETRY_KEY = 1 << 1,   /* honours Idempotency-Key (procure-idempotency.h) */
} ProcureRouteFlags;

typedef struct {
  const char        *method;
  const char        *pattern;
  ProcureHandler     handler;
  ProcureRouteFlags  flags;
} ProcureRoute;

typedef enum {
  PROCURE_ROUTE_MATCHED,
  PROCURE_ROUTE_WRONG_METHOD,    /* the path exists, the method does not: 405 */
  PROCURE_ROUTE_UNKNOWN,         /* 404 */
} ProcureRouteResult;

/* The API's route table. */
const ProcureRoute *procure_routes (guint *n_routes);

/* Matches @method and @path; on MATCHED *@route is set and @params receives
 * the decoded {} segments (owned); on WRONG_METHOD @allow lists the methods. */
ProcureRouteResult procure_router_match (const ProcureRoute  *routes,
                                         guint                n_routes,
                                         const char          *method,
                                         const char          *path,
                                         const ProcureRoute **route,
                                         char               **params,
                                         GString             *allow);

G_END_DECLS
