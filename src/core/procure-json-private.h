/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-json-private.h: for tests only. procure_json_parse() first tries
 * a one-pass parser and falls back to this reference path (UTF-8 check,
 * pre-scan, json-glib) for anything that parser does not accept; the test
 * checks that both give the same tree or the same error.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *procure_json_parse_reference (const char *data,
                                        gsize       length,
                                        GError    **error);

G_END_DECLS
