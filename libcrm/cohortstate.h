/*
 * cohortstate.h: crm-cohort's mergeable state (--partial, --merge).
 *
 * A cohort table is a small struct of counts and sums per cohort, so the
 * tables of disjoint customers add up cell by cell to the table of all of
 * them. The state is that table, a row per cohort, under a tag naming the
 * settings that shape it (as-of day, periods, cohorts, calendar, origin,
 * repeat window: statefile.h); states of other settings are refused.
 * Parts must hold disjoint customers (crm-split): the counts carry no
 * customer ids, so a customer in two parts cannot be found and would be
 * counted twice.
 */
#ifndef CRM_COHORTSTATE_H
#define CRM_COHORTSTATE_H

#include <stddef.h>

#include "cli.h"
#include "cohort.h"

#define COHORTSTATE_KIND "crm-cohort-state"
#define COHORTSTATE_VERSION 1

/* Write t, made with opt, as a state to path (NULL: stdout). */
void cohortstate_write(const struct cohort_table *t,
    const struct cohort_options *opt, const char *path);
/*
 * Read the states in files (none: stdin) and add them up; *opt becomes
 * the states' settings. An --as-of in common must be the states' own.
 */
struct cohort_table *cohortstate_merge(const struct common_options *common,
    char **files, size_t nfiles, struct cohort_options *opt);

#endif
