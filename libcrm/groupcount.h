/*
 * groupcount.h: a count given on the command line for the whole input or
 * per group (customers surveyed, customers in the base, orders): a
 * number, or a CSV file with the group column and a count column.
 */
#ifndef CRM_GROUPCOUNT_H
#define CRM_GROUPCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

struct group_counts {
	const char *option;	/* "--surveyed", for messages */
	double total;		/* the number given, or -1 */
	struct table *groups;	/* group value -> double, or NULL */
};

/*
 * arg NULL: nothing known. A whole number: the total, also the count of
 * every group when shared is true (customers per category: the same
 * base), else a usage error with groups. Else a file with group_column
 * and count_column (a usage error when group_column is NULL).
 */
void group_counts_load(struct group_counts *gc, const char *option,
    const char *arg, const struct common_options *opt,
    const char *group_column, const char *count_column, bool shared);
void group_counts_free(struct group_counts *gc);

/* The count for a group (the total without groups), or -1. */
double group_counts_get(const struct group_counts *gc, const char *key,
    size_t len);

/* The i-th group of the file, to list groups without rows of input. */
size_t group_counts_size(const struct group_counts *gc);
const char *group_counts_key(const struct group_counts *gc, size_t i,
    size_t *len);

#endif
