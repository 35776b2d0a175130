/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procure-overrides-section.h: the order editor's "SIM Settings" group with
 * "Override Account Defaults": for each of the five settings the account
 * default and the values the account is entitled to. Shown only where the
 * account allows overrides.
 *
 * Signal: "changed" when the user picks another value.
 */
#pragma once

#include <adwaita.h>

#include "procure-client.h"

G_BEGIN_DECLS

#define PROCURE_TYPE_OVERRIDES_SECTION (procure_overrides_section_get_type ())
G_DECLARE_FINAL_TYPE (ProcureOverridesSection, procure_overrides_section, PROCURE, OVERRIDES_SECTION,
                      AdwPreferencesGroup)

/* Rebuilds the rows for @account (NULL or no overrides allowed: hidden). */
void        procure_overrides_section_set_account  (ProcureOverridesSection *self,
                                                    ProcureAccount          *account);
/* The chosen value, NULL for the account default (or no row). */
const char *procure_overrides_section_get_value    (ProcureOverridesSection *self,
                                                    ProcureSetting           setting);
/* @value NULL: the account default. FALSE if the section offers no row for
 * @setting (and @value is not NULL) or @value is not entitled. */
gboolean    procure_overrides_section_set_value    (ProcureOverridesSection *self,
                                                    ProcureSetting           setting,
                                                    const char              *value);
/* Marks @setting's row and expands the section to show it. */
void        procure_overrides_section_mark_error   (ProcureOverridesSection *self,
                                                    int                      setting);
void        procure_overrides_section_clear_errors (ProcureOverridesSection *self);

G_END_DECLS
