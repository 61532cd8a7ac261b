/*
 * txnstate.h: crm-rfm's mergeable state, for incremental days and for
 * map/reduce (crm-rfm --partial and --merge).
 *
 * A state holds, per customer, everything its rows add to the summary
 * (txn.h's txn_export): the span of days of its rows, its purchase days,
 * purchase rows, net and gross sums, the first day's gross, the holdout
 * value and its order ids (hashed). States of disjoint customers, or of
 * one customer's disjoint days, add up to the state of all the rows, from
 * which the summary is finished exactly as a single run would make it.
 * Only this module and txn.c know the state's columns.
 */
#ifndef CRM_TXNSTATE_H
#define CRM_TXNSTATE_H

#include <stddef.h>

#include "cli.h"
#include "txn.h"

#define TXNSTATE_KIND "crm-rfm-state"
#define TXNSTATE_VERSION 1

/* Summarize files into a state, written to output (NULL: stdout). */
void txnstate_partial(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles,
    const char *output);

struct txnstate;

/*
 * Read the states in files and add them up, in order: customers keep the
 * order of first appearance across the states as given. Stops on states
 * made with other options than the first or than opt gives, and on a
 * customer whose rows in one state meet or interleave with its rows in
 * states merged before. The as-of day is common's when given, else the
 * latest of the states'.
 */
struct txnstate *txnstate_merge(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles);
/* The merged states as one state (path NULL: stdout). */
void txnstate_write(const struct txnstate *m, const char *path);
/*
 * The summary of the merged states as of their as-of day; valid while m
 * is (the ids are m's).
 */
struct txn_summary *txnstate_summary(const struct txnstate *m);
void txnstate_free(struct txnstate *m);

#endif
