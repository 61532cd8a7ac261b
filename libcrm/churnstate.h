/*
 * churnstate.h: crm-churn's mergeable state (--partial, --merge).
 *
 * The BTYD models are fitted to customers grouped by identical (x, t_x,
 * T) (model/btyd_fit.c), and the likelihood of a group is its count times
 * that of one customer. So the state is the grouped table, rows (x, t_x,
 * T, customers) in order of first appearance, whose size is bounded by the
 * distinct summaries, not by the customers; tables add up group by group,
 * and the fit of the merged table is the fit of all the customers in the
 * order of the states given (the same groups, in the same order, with the
 * same counts).
 */
#ifndef CRM_CHURNSTATE_H
#define CRM_CHURNSTATE_H

#include <stddef.h>

#include "cli.h"
#include "customers.h"

#define CHURNSTATE_KIND "crm-churn-state"
#define CHURNSTATE_VERSION 1

/* c's customers grouped, as a state to path (NULL: stdout). */
void churnstate_write(const struct customers *c, const char *path);
/*
 * The states in files (none: stdin) added up: one customer per group in
 * the result, its count in (*weight)[i] (free() it).
 */
struct customers *churnstate_merge(const struct common_options *common,
    char **files, size_t nfiles, double **weight);

#endif
