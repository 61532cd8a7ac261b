/*
 * cohort.h: customers grouped by when (or how) they were won, and what
 * each group did in the periods after: the cohort table of crm-cohort.
 *
 * A tracker takes transaction rows one at a time, in any order, and keeps
 * per customer its distinct purchase days and its net amount per period
 * (memory grows with customers, their purchase days and the periods they
 * have rows in, never with rows).
 * At the end every customer joins a cohort (the period of its first
 * purchase, or the value of a column on its first purchase row) and adds
 * itself to the cohort's counts. A cohort is a small struct of counts and
 * sums, so two tables of disjoint customers add up cell by cell.
 */
#ifndef CRM_COHORT_H
#define CRM_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "num.h"
#include "period.h"

struct cohort_options {
	struct period_scale period;	/* the time axis */
	struct period_scale cohort;	/* cohorts by first purchase */
	bool by_value;			/* cohorts by a column's value */
	bool calendar;			/* periods on the calendar, not since
					   each customer's first purchase */
	bool origin_given;
	int32_t origin;			/* calendar: a day of period 0 */
	int32_t repeat_days;		/* a second purchase within */
	int32_t as_of;			/* last day used */
};

/* A cohort in one period. */
struct cohort_cell {
	uint64_t active;		/* customers who bought in the period */
	uint64_t retained;		/* ... and in the period before */
	uint64_t purchases;		/* purchase days */
	uint64_t repeat_purchases;	/* ... after each one's first */
	money_t revenue;		/* net amount, returns subtracted */
};

struct cohort {
	char *label;
	uint64_t customers;
	uint64_t eligible;		/* first purchase >= repeat_days ago */
	uint64_t repeat_within;		/* ... bought again within them */
	int32_t first;			/* period of cells[0]: calendar */
	struct cohort_cell *cells;	/* periods first .. the as-of one */
	size_t ncells;
	uint64_t *second_gap;		/* customers by days to 2nd purchase */
	size_t ngaps;
};

struct cohort_table {
	struct cohort *cohorts;		/* by label, bytewise */
	size_t count;
	int32_t origin_period;		/* calendar: period number 0 */
	unsigned long long late_rows;	/* after as_of, not used */
	unsigned long long returns_only;	/* customers never listed */
};

struct cohort_tracker;

struct cohort_tracker *cohort_tracker_new(const struct cohort_options *opt);
/*
 * A row: customer id, day, amount (negative: a return, which lowers
 * revenue and is no purchase) and, with by_value, the cohort column's
 * value. False when the customer's amount in the period would overflow.
 */
bool cohort_track(struct cohort_tracker *t, const char *id, size_t id_len,
    int32_t day, money_t amount, const char *value, size_t value_len);
/*
 * cohort_track in three steps, for a caller that loads ahead (with a
 * million customers every lookup misses the cache): cohort_row_find finds
 * or adds the customer and starts loading it; cohort_row_touch, some rows
 * later, starts loading where the row's amount and day go;
 * cohort_row_add, some rows after that, adds the row. A row after as_of
 * is only counted: cohort_row_find returns false, and there are no more
 * steps. Rows must reach each step in input order.
 */
struct cohort_row {
	size_t entry;		/* the customer */
	int32_t day, period;
};

/* Start loading the table slot of the customer with that hash. */
void cohort_prefetch(const struct cohort_tracker *t, uint64_t hash);
/*
 * hash: the id's hash_key() (table_hash of a tracker); prefix: its
 * table_key_prefix(), so that an id of 8 bytes or fewer is found without
 * reading its bytes (read by another thread, they are in its cache).
 */
bool cohort_row_find(struct cohort_tracker *t, const char *id,
    size_t id_len, uint64_t hash, uint64_t prefix, int32_t day,
    struct cohort_row *row);
void cohort_row_touch(const struct cohort_tracker *t,
    const struct cohort_row *row);
/* False when the customer's amount in the period would overflow. */
bool cohort_row_add(struct cohort_tracker *t, const struct cohort_row *row,
    money_t amount, const char *value, size_t value_len);
/* The cohorts; the tracker is freed. */
struct cohort_table *cohort_tracker_finish(struct cohort_tracker *t);
void cohort_table_free(struct cohort_table *table);
/*
 * Add the counts of from, whose customers are not in into's, to into
 * (cohort by cohort, cell by cell, the cells of a cohort spanning both
 * tables' periods), and free from. Tables of the same options merge to
 * the table of all their customers.
 */
void cohort_table_merge(struct cohort_table *into, struct cohort_table *from);

/* The median days from first to second purchase; false with none. */
bool cohort_median_gap(const struct cohort *c, double *days);

#endif
