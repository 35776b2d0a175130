/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-common.h: helpers shared by the fuzz targets.
 *
 * Every target defines LLVMFuzzerTestOneInput(). With clang it is linked
 * against libFuzzer; with any other compiler against fuzz-driver.c, which
 * runs each corpus file through it once (the corpus as regression tests).
 *
 * A target fails by aborting: a sanitizer report, a failed g_assert, or a
 * GLib critical/warning (made fatal by fuzz_init(), since a critical means a
 * precondition of our own API was broken by input we let through).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
/* Optional; libFuzzer calls it once before the first input (fuzz-driver.c
 * does not, so targets must also set themselves up lazily). */
int LLVMFuzzerInitialize   (int *argc, char ***argv);

/* Makes criticals and warnings fatal; call at the start of every input. */
void      fuzz_init               (void);

/* The input as a NUL-terminated string (cut at an embedded NUL). */
char     *fuzz_string             (const uint8_t *data,
                                   size_t         size);

/* Splits the input at the first newline: the head and the rest. */
void      fuzz_split              (const uint8_t *data,
                                   size_t         size,
                                   char         **head,
                                   char         **rest);

/* procure_json_parse() on the input; NULL when it is refused (the error is
 * checked to be a PROCURE_ERROR). What it accepts is checked to hold only
 * valid UTF-8 names and strings. */
JsonNode *fuzz_parse_json         (const uint8_t *data,
                                   size_t         size);

/* Asserts that @error is set, is a PROCURE_ERROR with a known code, and that
 * its JSON error shape can be produced. */
void      fuzz_check_procure_error (const GError *error);

/* Asserts that @a and @b serialise to the same JSON text. */
void      fuzz_assert_same_json   (JsonNode *a,
                                   JsonNode *b);

G_END_DECLS
