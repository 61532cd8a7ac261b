/* cohort.c: customers' purchase days and periods into cohort counts. */
#include "cohort.h"

#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "table.h"
#include "util.h"

/*
 * A customer's net amount in each period it has rows in, in order of
 * period: a list of pairs in a block of the tracker's amount pool. Rows
 * sorted by date add to the last pair or append one; others find theirs
 * by bisection. (They were a hash table keyed by customer and period:
 * with 10M rows, 5M pairs, crm-cohort peaked at 477 MB with the table
 * and at 245 MB with the lists, and its probes were a quarter of the
 * time, perf.)
 */
struct period_amount {
	int64_t period;
	money_t amount;
};

struct period_amounts {
	uint32_t block;		/* in the pool, in words */
	uint32_t count : 24;	/* pairs: weeks of 300,000 years */
	uint32_t log2cap : 8;	/* block of 2^log2cap words; 0: none */
};

/*
 * What is kept per customer while reading, in 32 bytes, so that it is
 * one fetch from memory, never two lines.
 */
struct customer {
	int32_t first_day;		/* earliest purchase so far */
	int32_t newest_day;		/* the last day added to days */
	uint32_t value;			/* cohort value of the first row */
	struct idset days;		/* purchase days */
	struct period_amounts amounts;
};
_Static_assert(sizeof(struct customer) == 32, "a customer is 32 bytes");

struct cohort_tracker {
	struct cohort_options opt;
	struct table *customers;	/* id -> struct customer */
	struct table *values;		/* cohort column values */
	struct idpool day_pool;
	struct idpool amount_pool;	/* of 8-byte words, 2 a pair */
	unsigned long long late_rows;
	/* the last day's period: rows sorted by date repeat their day */
	int32_t memo_day, memo_period;
	bool memo_set;
};

/* Days go into 32-bit sets in order: shift them to unsigned. */
static uint32_t
day_key(int32_t day)
{
	return (uint32_t)((int64_t)day - INT32_MIN);
}

static int32_t
key_day(uint64_t key)
{
	return (int32_t)((int64_t)key + INT32_MIN);
}

struct cohort_tracker *
cohort_tracker_new(const struct cohort_options *opt)
{
	struct cohort_tracker *t = xcalloc(1, sizeof(*t));

	t->opt = *opt;
	t->customers = table_new(sizeof(struct customer));
	t->values = table_new(1);
	idpool_init(&t->day_pool, 4);
	idpool_init(&t->amount_pool, 8);
	return t;
}

static void
add_day(struct cohort_tracker *t, struct customer *c, int32_t day)
{
	if (day == c->newest_day)
		return;
	if (day > c->newest_day) {
		idset_append(&t->day_pool, &c->days, day_key(day));
		c->newest_day = day;
	} else
		idset_add(&t->day_pool, &c->days, day_key(day));
}

static struct period_amount *
amounts_of(const struct cohort_tracker *t, const struct customer *c)
{
	return idpool_at(&t->amount_pool, c->amounts.block);
}

/* Where period's pair is in c's list, or would go; true if it is there. */
static bool
find_period(const struct cohort_tracker *t, const struct customer *c,
    int32_t period, size_t *at)
{
	const struct period_amount *v;
	size_t lo = 0, hi = c->amounts.count, mid;

	if (hi == 0 || (v = amounts_of(t, c))[hi - 1].period < period) {
		*at = hi;	/* the next period of rows sorted by date */
		return false;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].period < period)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return v[lo].period == period;
}

/* Insert a pair of period with no amount at at, making room. */
static void
insert_period(struct cohort_tracker *t, struct customer *c, size_t at,
    int32_t period)
{
	struct period_amounts *l = &c->amounts;
	struct period_amount *v;
	uint32_t block;
	unsigned log2cap;

	if (2 * ((size_t)l->count + 1) > ((size_t)1 << l->log2cap)) {
		log2cap = l->log2cap == 0 ? 1 : l->log2cap + 1u;
		block = idpool_alloc(&t->amount_pool, log2cap);
		if (l->count > 0) {
			memcpy(idpool_at(&t->amount_pool, block),
			    amounts_of(t, c), l->count * sizeof(*v));
			idpool_release(&t->amount_pool, l->block, l->log2cap);
		}
		l->block = block;
		l->log2cap = log2cap;
	}
	v = amounts_of(t, c);
	memmove(v + at + 1, v + at, (l->count - at) * sizeof(*v));
	v[at].period = period;
	v[at].amount = 0;
	l->count++;
}

void
cohort_prefetch(const struct cohort_tracker *t, uint64_t hash)
{
	table_prefetch(t->customers, hash);
}

/* The period of day, computed once for a run of rows of one day. */
static int32_t
period_of(struct cohort_tracker *t, int32_t day)
{
	if (!t->memo_set || day != t->memo_day) {
		t->memo_period = period_index(&t->opt.period, day);
		t->memo_day = day;
		t->memo_set = true;
	}
	return t->memo_period;
}

bool
cohort_row_find(struct cohort_tracker *t, const char *id, size_t id_len,
    uint64_t hash, uint64_t prefix, int32_t day, struct cohort_row *row)
{
	struct customer *c;
	bool added;

	if (day > t->opt.as_of) {
		t->late_rows++;
		return false;
	}
	row->entry = table_upsert_prefixed(t->customers, id, id_len, hash,
	    prefix, &added);
	row->day = day;
	row->period = period_of(t, day);
	c = table_value(t->customers, row->entry);
	if (added) {
		c->first_day = INT32_MAX;
		c->newest_day = INT32_MIN;
	} else
		__builtin_prefetch(c, 1);
	return true;
}

void
cohort_row_touch(const struct cohort_tracker *t, const struct cohort_row *row)
{
	const struct customer *c = table_value(t->customers, row->entry);

	if (c->amounts.count > 0)
		__builtin_prefetch(&amounts_of(t, c)[c->amounts.count - 1], 1);
	idset_prefetch_end(&t->day_pool, &c->days);
}

bool
cohort_row_add(struct cohort_tracker *t, const struct cohort_row *row,
    money_t amount, const char *value, size_t value_len)
{
	struct customer *c = table_value(t->customers, row->entry);
	size_t at;
	bool added;

	if (!find_period(t, c, row->period, &at))
		insert_period(t, c, at, row->period);
	if (!money_add(&amounts_of(t, c)[at].amount, amount))
		return false;
	if (amount < 0)
		return true;
	add_day(t, c, row->day);
	if (row->day < c->first_day) {
		c->first_day = row->day;
		if (t->opt.by_value)
			c->value = (uint32_t)table_upsert_hashed(t->values,
			    value, value_len, table_hash(t->values, value,
			    value_len), &added);
	}
	return true;
}

bool
cohort_track(struct cohort_tracker *t, const char *id, size_t id_len,
    int32_t day, money_t amount, const char *value, size_t value_len)
{
	struct cohort_row row;

	return !cohort_row_find(t, id, id_len, table_hash(t->customers, id,
	    id_len), table_key_prefix(id, id_len), day, &row) ||
	    cohort_row_add(t, &row, amount, value, value_len);
}

/* Finishing: each customer's cohort, then its counts */

struct finishing {
	struct cohort_tracker *t;
	struct table *by_label;		/* label -> cohort number */
	struct cohort *cohorts;		/* in order of first appearance */
	size_t ncohorts, capacity;
	uint32_t *cohort_of;		/* by customer entry; UINT32_MAX: none */
	int32_t *base;			/* by entry: period of cells[0] */
	int32_t as_of_period;
};

static int32_t
first_period(const struct finishing *f, const struct customer *c)
{
	return period_index(&f->t->opt.period, c->first_day);
}

/* The cohort named label, added if new, its cells from period first. */
static uint32_t
cohort_named(struct finishing *f, const char *label, size_t len,
    int32_t first)
{
	bool added;
	size_t n = table_upsert_hashed(f->by_label, label, len,
	    table_hash(f->by_label, label, len), &added);

	if (added) {
		if (n == f->capacity) {
			f->capacity = grow_capacity(f->capacity, n + 1);
			f->cohorts = xreallocarray(f->cohorts, f->capacity,
			    sizeof(*f->cohorts));
		}
		memset(&f->cohorts[n], 0, sizeof(f->cohorts[n]));
		f->cohorts[n].label = xstrndup(label, len);
		f->cohorts[n].first = first;
		f->ncohorts = n + 1;
	} else if (first < f->cohorts[n].first)
		f->cohorts[n].first = first;
	return (uint32_t)n;
}

static uint32_t
cohort_of_customer(struct finishing *f, const struct customer *c)
{
	const struct cohort_tracker *t = f->t;
	char label[PERIOD_LABEL_SIZE];
	const char *name;
	size_t len;

	if (t->opt.by_value)
		name = table_key(t->values, c->value, &len);
	else {
		len = period_label(&t->opt.cohort, period_index(&t->opt.cohort,
		    c->first_day), label);
		name = label;
	}
	return cohort_named(f, name, len, first_period(f, c));
}

/* Every customer's cohort, and each cohort's first period. */
static void
assign_cohorts(struct finishing *f)
{
	struct table *customers = f->t->customers;
	size_t n = table_count(customers), e;
	const struct customer *c;

	f->cohort_of = xreallocarray(NULL, n ? n : 1, sizeof(*f->cohort_of));
	f->base = xreallocarray(NULL, n ? n : 1, sizeof(*f->base));
	for (e = 0; e < n; e++) {
		c = table_value(customers, e);
		f->cohort_of[e] = UINT32_MAX;
		if (c->days.count == 0)
			continue;
		f->cohort_of[e] = cohort_of_customer(f, c);
		f->base[e] = first_period(f, c);
	}
}

static void
make_cells(struct finishing *f)
{
	struct cohort *c;
	size_t i, e;

	for (i = 0; i < f->ncohorts; i++) {
		c = &f->cohorts[i];
		c->ncells = (size_t)(f->as_of_period - c->first) + 1;
		c->cells = xcalloc(c->ncells, sizeof(*c->cells));
		if (!f->t->opt.calendar)
			c->first = 0;
	}
	if (!f->t->opt.calendar)
		return;
	for (e = 0; e < table_count(f->t->customers); e++)
		if (f->cohort_of[e] != UINT32_MAX)
			f->base[e] = f->cohorts[f->cohort_of[e]].first;
}

static void
count_second_purchase(struct finishing *f, struct cohort *co,
    const struct customer *c)
{
	const struct idpool *pool = &f->t->day_pool;
	int32_t repeat_days = f->t->opt.repeat_days;
	int32_t gap = 0;
	size_t n;

	if (c->days.count > 1) {
		gap = key_day(idset_get(pool, &c->days, 1)) - c->first_day;
		n = (size_t)gap + 1;
		if (n > co->ngaps) {
			co->second_gap = xreallocarray(co->second_gap, n,
			    sizeof(*co->second_gap));
			memset(co->second_gap + co->ngaps, 0, (n - co->ngaps) *
			    sizeof(*co->second_gap));
			co->ngaps = n;
		}
		co->second_gap[gap]++;
	}
	if (f->t->opt.as_of - c->first_day < repeat_days)
		return;
	co->eligible++;
	if (c->days.count > 1 && gap <= repeat_days)
		co->repeat_within++;
}

/* A customer's purchase days into its cohort's cells. */
static void
count_customer(struct finishing *f, size_t entry)
{
	const struct customer *c = table_value(f->t->customers, entry);
	const struct period_scale *scale = &f->t->opt.period;
	struct cohort *co = &f->cohorts[f->cohort_of[entry]];
	struct cohort_cell *cell = NULL;
	int32_t day, p = 0, last = INT32_MIN, next = INT32_MIN;
	struct idset_iter it;
	uint64_t key;
	size_t i;

	co->customers++;
	count_second_purchase(f, co, c);
	idset_iter_init(&it, &f->t->day_pool, &c->days);
	for (i = 0; idset_next(&it, &key); i++) {
		day = key_day(key);
		if (day >= next) {	/* days ascend: one lookup a period */
			p = period_index(scale, day);
			next = period_start(scale, p + 1);
		}
		cell = &co->cells[p - f->base[entry]];
		if (p != last) {
			cell->active++;
			if (p == last + 1)
				cell->retained++;
			last = p;
		}
		cell->purchases++;
		if (i > 0)
			cell->repeat_purchases++;
	}
}

/* Amounts by period; a return before the first purchase counts in it. */
static bool
count_amounts(struct finishing *f, size_t entry)
{
	const struct customer *c = table_value(f->t->customers, entry);
	struct cohort *co = &f->cohorts[f->cohort_of[entry]];
	const struct period_amount *v;
	int64_t k;
	size_t i;

	if (c->amounts.count == 0)
		return true;
	v = amounts_of(f->t, c);
	for (i = 0; i < c->amounts.count; i++) {
		k = v[i].period - f->base[entry];
		if (!money_add(&co->cells[k < 0 ? 0 : k].revenue, v[i].amount))
			return false;
	}
	return true;
}

static int
compare_labels(const void *a, const void *b)
{
	return strcmp(((const struct cohort *)a)->label,
	    ((const struct cohort *)b)->label);
}

static void
tracker_free(struct cohort_tracker *t)
{
	table_free(t->customers);
	table_free(t->values);
	idpool_free(&t->day_pool);
	idpool_free(&t->amount_pool);
	free(t);
}

/* Period 0 of the calendar: the origin's, or the earliest cohort's. */
static int32_t
origin_period(const struct finishing *f)
{
	int32_t first = f->as_of_period;
	size_t i;

	if (f->t->opt.origin_given)
		return period_index(&f->t->opt.period, f->t->opt.origin);
	for (i = 0; i < f->ncohorts; i++)
		if (f->cohorts[i].first < first)
			first = f->cohorts[i].first;
	return first;
}

struct cohort_table *
cohort_tracker_finish(struct cohort_tracker *t)
{
	struct cohort_table *table = xcalloc(1, sizeof(*table));
	struct finishing f;
	size_t e;

	memset(&f, 0, sizeof(f));
	f.t = t;
	f.by_label = table_new(1);
	f.as_of_period = period_index(&t->opt.period, t->opt.as_of);
	assign_cohorts(&f);
	table->origin_period = origin_period(&f);
	make_cells(&f);
	for (e = 0; e < table_count(t->customers); e++) {
		if (f.cohort_of[e] == UINT32_MAX) {
			table->returns_only++;
			continue;
		}
		count_customer(&f, e);
		if (!count_amounts(&f, e))
			die("a cohort's revenue in a period overflows");
	}
	if (f.ncohorts > 1)
		qsort(f.cohorts, f.ncohorts, sizeof(*f.cohorts),
		    compare_labels);
	table->cohorts = f.cohorts;
	table->count = f.ncohorts;
	table->late_rows = t->late_rows;
	table_free(f.by_label);
	free(f.cohort_of);
	free(f.base);
	tracker_free(t);
	return table;
}

void
cohort_table_free(struct cohort_table *table)
{
	size_t i;

	for (i = 0; i < table->count; i++) {
		free(table->cohorts[i].label);
		free(table->cohorts[i].cells);
		free(table->cohorts[i].second_gap);
	}
	free(table->cohorts);
	free(table);
}

/* Merging */

static void
merge_cells(struct cohort *into, const struct cohort *from)
{
	int32_t first = into->first < from->first ? into->first : from->first;
	int32_t end_a = into->first + (int32_t)into->ncells;
	int32_t end_b = from->first + (int32_t)from->ncells;
	size_t n = (size_t)((end_a > end_b ? end_a : end_b) - first), i;
	struct cohort_cell *cells = xcalloc(n ? n : 1, sizeof(*cells)), *to;
	const struct cohort_cell *src[2] = { into->cells, from->cells };
	const int32_t start[2] = { into->first, from->first };
	const size_t count[2] = { into->ncells, from->ncells };
	int k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < count[k]; i++) {
			to = &cells[start[k] - first + (int32_t)i];
			to->active += src[k][i].active;
			to->retained += src[k][i].retained;
			to->purchases += src[k][i].purchases;
			to->repeat_purchases += src[k][i].repeat_purchases;
			if (!money_add(&to->revenue, src[k][i].revenue))
				die("a cohort's revenue in a period overflows");
		}
	free(into->cells);
	into->cells = cells;
	into->ncells = n;
	into->first = first;
}

static void
merge_cohort(struct cohort *into, const struct cohort *from)
{
	size_t i;

	into->customers += from->customers;
	into->eligible += from->eligible;
	into->repeat_within += from->repeat_within;
	merge_cells(into, from);
	if (from->ngaps > into->ngaps) {
		into->second_gap = xreallocarray(into->second_gap, from->ngaps,
		    sizeof(*into->second_gap));
		memset(into->second_gap + into->ngaps, 0, (from->ngaps -
		    into->ngaps) * sizeof(*into->second_gap));
		into->ngaps = from->ngaps;
	}
	for (i = 0; i < from->ngaps; i++)
		into->second_gap[i] += from->second_gap[i];
}

static void
free_cohort(struct cohort *c)
{
	free(c->label);
	free(c->cells);
	free(c->second_gap);
}

/* Both tables' cohorts are in label order: merge them in that order. */
void
cohort_table_merge(struct cohort_table *into, struct cohort_table *from)
{
	size_t n = into->count + from->count, i = 0, j = 0, k = 0;
	struct cohort *all = xcalloc(n ? n : 1, sizeof(*all));
	int c;

	while (i < into->count || j < from->count) {
		c = i == into->count ? 1 : j == from->count ? -1 :
		    strcmp(into->cohorts[i].label, from->cohorts[j].label);
		if (c <= 0)
			all[k] = into->cohorts[i++];
		if (c == 0) {
			merge_cohort(&all[k], &from->cohorts[j]);
			free_cohort(&from->cohorts[j++]);
		} else if (c > 0)
			all[k] = from->cohorts[j++];
		k++;
	}
	free(into->cohorts);
	into->cohorts = all;
	into->count = k;
	if (from->origin_period < into->origin_period)
		into->origin_period = from->origin_period;
	into->late_rows += from->late_rows;
	into->returns_only += from->returns_only;
	free(from->cohorts);
	free(from);
}

/* The k-th (0-based) smallest gap in the histogram. */
static size_t
gap_at(const struct cohort *c, uint64_t k)
{
	uint64_t seen = 0;
	size_t g;

	for (g = 0; g < c->ngaps; g++) {
		seen += c->second_gap[g];
		if (seen > k)
			return g;
	}
	return c->ngaps - 1;
}

bool
cohort_median_gap(const struct cohort *c, double *days)
{
	uint64_t n = 0;
	size_t g;

	for (g = 0; g < c->ngaps; g++)
		n += c->second_gap[g];
	if (n == 0)
		return false;
	*days = n % 2 ? (double)gap_at(c, n / 2) :
	    ((double)gap_at(c, n / 2 - 1) + (double)gap_at(c, n / 2)) / 2;
	return true;
}
