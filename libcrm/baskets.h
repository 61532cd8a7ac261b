/*
 * baskets.h: order lines in, one basket per customer out: the distinct
 * items each customer bought up to the as-of day, with the last day it
 * bought each and whether it bought it on two or more days, and with a
 * holdout window the items it bought after as-of up to the window's end.
 *
 * Memory grows with the distinct customer-item pairs (8 bytes each while
 * reading, with room to merge up to as many again; 9 in the baskets) and
 * with the customers and items, never with rows: lines of one item merge.
 *
 *  - A line with a negative quantity or amount (when those columns are
 *    there) is a return: not a purchase, but its customer is listed.
 *  - Lines dated after the last day used (as-of, or the holdout's end) are
 *    not used, and counted.
 *  - Items are numbered in ascending byte order of their names, customers
 *    in their order of first appearance, whatever the number of threads.
 */
#ifndef CRM_BASKETS_H
#define CRM_BASKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "input.h"

#define BASKETS_NO_HOLDOUT INT32_MIN

struct basket_options {
	const char *id_column, *date_column, *item_column;
	const char *quantity_column, *amount_column;	/* NULL: by alias */
	int32_t holdout_end;		/* BASKETS_NO_HOLDOUT: none */
};

/* A string kept by the baskets: an id or an item name. */
struct name {
	const char *s;
	uint32_t len;
};

struct baskets {
	size_t ncustomers, nitems;
	struct name *customer;		/* in order of first appearance */
	struct name *item;		/* in ascending byte order */
	/*
	 * Customer c bought items[start[c] .. start[c + 1]), ascending, up
	 * to as-of: last_day[] is the last day it bought each, repeat[] is
	 * 1 when it bought it on two or more days.
	 */
	size_t *start;
	uint32_t *items;
	int32_t *last_day;
	uint8_t *repeat;
	/* With a holdout: holdout_items[holdout_start[c] ..), ascending. */
	size_t *holdout_start;		/* NULL without a holdout */
	uint32_t *holdout_items;
	int32_t as_of;
	char *item_column;		/* its name in the header */
	/* What reading left out, for the tool's notes. */
	unsigned long long late_rows, return_rows;
	struct table *tables[8];	/* own the strings */
	int ntables;
};

/* Read the order lines of in (the caller closes it). */
struct baskets *baskets_read(const struct common_options *common,
    const struct basket_options *opt, struct input *in);
void baskets_free(struct baskets *b);

/* Customer c's number of items up to as-of, and after it. */
size_t basket_size(const struct baskets *b, size_t c);
size_t holdout_size(const struct baskets *b, size_t c);

#endif
