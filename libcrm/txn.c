/*
 * txn.c: per-customer RFM and BTYD summaries of order exports.
 *
 * Rows arrive a chunk at a time, read by the workers themselves, the one
 * ahead reading the next chunk, parsing its rows and handing each to the
 * worker of its customer, by hash (chunks.h). Each worker has its own
 * hash table and sets, so no state is shared and the result does not
 * depend on how many workers there are. A worker takes its rows in order
 * through a short pipeline: the slot of a row a few places ahead is
 * fetched from memory while the current row is matched and the state of
 * an earlier one updated, so that cache misses overlap instead of
 * following each other. Unusable rows are collected with their position
 * and rejected in input order once the chunk is done; entries remember
 * the row of their first appearance, which restores the order of first
 * appearance across workers at the end.
 */
#include "txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "columns.h"
#include "date.h"
#include "emit.h"
#include "idset.h"
#include "input.h"
#include "table.h"
#include "units.h"
#include "util.h"
#include "workers.h"
#include "writer.h"

enum {
	MAX_WORKERS = CHUNK_WORKERS,
	LOOKAHEAD = 8		/* rows between the stages of the pipeline */
};

/*
 * What we keep per customer while reading: what every row touches, in one
 * cache line. The rest (where the customer first appeared, its order ids)
 * lives beside it in arrays by table entry.
 *
 * A customer's purchase days are the set days and up to five held back
 * in the state: the newest day, and up to HELD_BACK before it as their
 * distance back from it (0: none), all later than any day in the set.
 * Adding a day to the set is a cache miss in the pool, and a sorted
 * export adds each new day after all the others: held back, five new
 * days cost one miss instead of five, and a customer with five days or
 * fewer never touches the pool at all. (The last calibration day, which
 * the days give, is not kept, to make room.)
 */
enum { HELD_BACK = 4 };

struct state {
	int32_t first_day;		/* of calibration purchases */
	int32_t newest_day;		/* INT32_MIN: no purchase day yet */
	uint32_t purchase_rows;
	struct idset days;		/* purchase days but those held back */
	money_t monetary;		/* net, calibration */
	money_t gross;			/* purchases only, calibration */
	money_t first_day_gross;	/* purchases on first_day */
	money_t value_holdout;
	uint16_t back[HELD_BACK];	/* older first: newest_day - back[i] */
};
_Static_assert(sizeof(struct state) == 64, "a state is one cache line");

/*
 * A row to add, parsed by the reader of its chunk for the worker of its
 * customer: all that worker reads of it but a new customer's id, or an id
 * longer than the prefix (table.h).
 */
struct row {
	uint64_t hash;			/* of the customer id */
	uint64_t prefix;		/* of the customer id */
	const char *id;
	size_t id_len;
	money_t amount;
	uint64_t order;			/* hash of the order id */
	size_t record;			/* index in the chunk */
	int32_t day;
	uint32_t entry;			/* the customer's table entry */
};

struct worker {
	struct reading *rd;
	const struct chunk *chunk;	/* at hand */
	struct table *table;
	unsigned long long *first_row;	/* by entry */
	struct idset *orders;		/* by entry, with --frequency orders */
	int32_t *spans;			/* by entry, exporting: 2 days each */
	size_t side_capacity;
	struct idpool day_pool, order_pool;
	struct rejects *rejects;	/* of the chunk at hand */
};

struct reading {
	const struct common_options *common;
	const struct txn_options *opt;
	struct input *in;
	const struct record *header;	/* for messages */
	struct txn_columns col;
	enum frequency_mode frequency;
	int32_t window_end;		/* last day any row is used */
	bool exporting;			/* keep each customer's span of days */
	struct worker worker[MAX_WORKERS];
	int nworkers;
	struct chunks chunks;
	/* The feed's, which runs on one worker at a time (workers.h). */
	struct date_memo dates;
	unsigned long long late_rows, ignored_returns;
};

/* Days go into 32-bit sets in order: shift them to unsigned. */
static uint64_t
day_key(int32_t day)
{
	return (uint64_t)((int64_t)day - INT32_MIN);
}

/* The day a set element stands for (day_key's inverse). */
static int32_t
key_day(uint64_t key)
{
	return (int32_t)((int64_t)key + INT32_MIN);
}

void
txn_options_init(struct txn_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->holdout_end = NO_HOLDOUT;
	opt->unit_days = UNIT_WEEKS;
}

bool
txn_option(struct txn_options *opt, int id, const char *arg)
{
	static const char *const frequencies[] = { "orders", "days", "rows",
		NULL };
	static const char *const returns[] = { "net", "ignore", "reject",
		NULL };

	switch (id) {
	case TXN_OPT_ID: opt->id_column = arg; break;
	case TXN_OPT_DATE: opt->date_column = arg; break;
	case TXN_OPT_AMOUNT:
		opt->no_amount = strcmp(arg, "none") == 0;
		opt->amount_column = opt->no_amount ? NULL : arg;
		break;
	case TXN_OPT_ORDER: opt->order_column = arg; break;
	case TXN_OPT_QUANTITY: opt->quantity_column = arg; break;
	case TXN_OPT_PRICE: opt->price_column = arg; break;
	case TXN_OPT_HOLDOUT_END:
		opt->holdout_end = cli_date("--holdout-end", arg);
		break;
	case TXN_OPT_FREQUENCY:
		opt->frequency = FREQUENCY_ORDERS + cli_choice("--frequency",
		    arg, frequencies);
		break;
	case TXN_OPT_UNIT:
		opt->unit_days = unit_parse("--unit", arg);
		opt->unit_given = true;
		break;
	case TXN_OPT_RETURNS:
		opt->returns = cli_choice("--returns", arg, returns);
		break;
	default:
		return false;
	}
	return true;
}

static void
find_amount(const struct record *h, const struct txn_options *opt,
    struct txn_columns *col)
{
	col->amount = col->quantity = col->price = COLUMN_NONE;
	if (opt->no_amount)
		return;
	if (opt->quantity_column || opt->price_column) {
		col->quantity = column_find(h, "quantity", opt->quantity_column,
		    true);
		col->price = column_find(h, "price", opt->price_column, true);
		return;
	}
	col->amount = column_find_option(h, "amount", opt->amount_column,
	    false, "name it with --amount COL");
	if (col->amount != COLUMN_NONE)
		return;
	col->quantity = column_find(h, "quantity", NULL, false);
	col->price = column_find(h, "price", NULL, false);
	if (col->quantity == COLUMN_NONE || col->price == COLUMN_NONE)
		column_find_option(h, "amount", NULL, true,
		    "name it with --amount COL, or --amount none for a "
		    "log without money");
}

void
txn_find_columns(const struct record *h, const struct txn_options *opt,
    struct txn_columns *col)
{
	col->id = column_find_option(h, "customer_id", opt->id_column, true,
	    "name it with --id COL");
	col->date = column_find_option(h, "order_date", opt->date_column, true,
	    "name it with --date COL");
	find_amount(h, opt, col);
	col->order = column_find_option(h, "order_id", opt->order_column,
	    false, "name it with --order COL");
}

static void
resolve_columns(struct reading *rd)
{
	const struct txn_options *opt = rd->opt;

	txn_find_columns(rd->header, opt, &rd->col);
	rd->frequency = opt->frequency;
	if (rd->frequency == FREQUENCY_AUTO)
		rd->frequency = rd->col.order != COLUMN_NONE ?
		    FREQUENCY_ORDERS : FREQUENCY_DAYS;
	if (rd->frequency == FREQUENCY_ORDERS && rd->col.order == COLUMN_NONE)
		die("--frequency orders needs an order id column (--order)");
}

/* Parsing a row */

bool
txn_parse_amount(const struct txn_columns *col, const struct record *header,
    const struct record *rec, char decimal, money_t *amount, char *reason,
    size_t size)
{
	const char *what = "an amount";
	long c = col->amount;
	money_t quantity, price;
	enum num_status st;

	if (c == COLUMN_NONE && col->quantity == COLUMN_NONE) {
		*amount = 0;	/* --amount none: a purchase of no value */
		return true;
	}
	if (c != COLUMN_NONE) {
		st = money_parse(rec->fields[c].s, rec->fields[c].len, decimal,
		    amount);
	} else {
		c = col->quantity;
		what = "a quantity";
		st = money_parse(rec->fields[c].s, rec->fields[c].len, decimal,
		    &quantity);
		if (st == NUM_OK) {
			c = col->price;
			what = "a price";
			st = money_parse(rec->fields[c].s, rec->fields[c].len,
			    decimal, &price);
		}
		if (st == NUM_OK && !money_mul(quantity, price, amount))
			st = NUM_RANGE;
	}
	if (st == NUM_OK)
		return true;
	if (st == NUM_RANGE)
		snprintf(reason, size, "amount out of range (%s, '%.60s')",
		    header->fields[c].s, rec->fields[c].s);
	else
		snprintf(reason, size, "not %s (%s, '%.60s'); digits may not "
		    "be grouped, and --decimal-comma reads 12,50", what,
		    header->fields[c].s, rec->fields[c].s);
	return false;
}

bool
txn_parse_day(const struct txn_columns *col, const struct record *header,
    const struct record *rec, const char *format, struct date_memo *memo,
    int32_t *day, char *reason, size_t size)
{
	const struct field *f = &rec->fields[col->date];
	enum date_status status = date_parse_memo(memo, f->s, f->len, format,
	    day);

	if (status == DATE_OK)
		return true;
	input_date_reason(header->fields[col->date].s, f, format, status,
	    reason, size);
	return false;
}

static bool
row_amount(const struct reading *rd, struct chunk *chunk, size_t record,
    money_t *amount)
{
	char reason[512];

	if (txn_parse_amount(&rd->col, rd->header, &chunk->records[record],
	    rd->common->decimal, amount, reason, sizeof(reason)))
		return true;
	rejects_add(&chunk->rejects, record, "%s", reason);
	return false;
}

static bool
row_day(struct reading *rd, struct chunk *chunk, size_t record,
    int32_t *day)
{
	char reason[512];

	if (txn_parse_day(&rd->col, rd->header, &chunk->records[record],
	    rd->common->date_format, &rd->dates, day, reason, sizeof(reason)))
		return true;
	rejects_add(&chunk->rejects, record, "%s", reason);
	return false;
}

static uint64_t
order_key(const struct reading *rd, const struct record *rec, int32_t day)
{
	const struct field *f = &rec->fields[rd->col.order];

	/*
	 * Rows without an order id count as one order per day. A state
	 * (txnstate.h) keeps the hashes to be merged with those of other
	 * runs: they take the stable hash, not the run's seeded one.
	 */
	if (f->len == 0)
		return rd->exporting ? hash_bytes(&day, sizeof(day)) ^ 1 :
		    hash_key(&day, sizeof(day)) ^ 1;
	return rd->exporting ? hash_bytes(f->s, f->len) :
	    hash_key(f->s, f->len);
}

/*
 * Parse the row's date and amount; false when it is not to be added:
 * rejected, after the window, or an ignored return.
 */
static bool
parse_row(struct reading *rd, struct chunk *chunk, struct row *row)
{
	if (!row_day(rd, chunk, row->record, &row->day) ||
	    !row_amount(rd, chunk, row->record, &row->amount))
		return false;
	if (row->day > rd->window_end) {
		rd->late_rows++;
		return false;
	}
	if (row->amount < 0 && rd->opt->returns == RETURNS_IGNORE) {
		rd->ignored_returns++;
		return false;
	}
	if (row->amount < 0 && rd->opt->returns == RETURNS_REJECT) {
		rejects_add(&chunk->rejects, row->record, "negative amount, a "
		    "return (--returns reject)");
		return false;
	}
	if (rd->frequency == FREQUENCY_ORDERS)
		row->order = order_key(rd, &chunk->records[row->record],
		    row->day);
	return true;
}

/* The pipeline of a worker */

/* The side arrays of a new entry. */
static void
add_side_entry(struct worker *w, size_t entry, unsigned long long first_row)
{
	if (entry == w->side_capacity) {
		w->side_capacity = grow_capacity(w->side_capacity, entry + 1);
		w->first_row = xreallocarray(w->first_row, w->side_capacity,
		    sizeof(*w->first_row));
		if (w->rd->frequency == FREQUENCY_ORDERS)
			w->orders = xreallocarray(w->orders,
			    w->side_capacity, sizeof(*w->orders));
		if (w->rd->exporting)
			w->spans = xreallocarray(w->spans, w->side_capacity,
			    2 * sizeof(*w->spans));
	}
	w->first_row[entry] = first_row;
	if (w->orders != NULL)
		memset(&w->orders[entry], 0, sizeof(*w->orders));
	if (w->spans != NULL) {
		w->spans[2 * entry] = INT32_MAX;
		w->spans[2 * entry + 1] = INT32_MIN;
	}
}

/* The first and last day of the customer's rows, for merging states. */
static void
widen_span(struct worker *w, uint32_t entry, int32_t day)
{
	int32_t *span = &w->spans[2 * (size_t)entry];

	if (day < span[0])
		span[0] = day;
	if (day > span[1])
		span[1] = day;
}

/* Find the row's customer, whose state is then fetched. */
static void
match_row(struct worker *w, struct row *row)
{
	struct state *st;
	bool added;

	row->entry = (uint32_t)table_upsert_prefixed(w->table, row->id,
	    row->id_len, row->hash, row->prefix, &added);
	st = table_value(w->table, row->entry);
	if (added) {
		st->first_day = INT32_MAX;
		st->newest_day = INT32_MIN;
		add_side_entry(w, row->entry,
		    w->chunk->first_row + row->record);
	}
	__builtin_prefetch(st, 1);
}

/* Move the days held back before the newest into the set. */
static void
release_older(struct worker *w, struct state *st)
{
	int i;

	for (i = 0; i < HELD_BACK && st->back[i] != 0; i++) {
		idset_append(&w->day_pool, &st->days,
		    day_key(st->newest_day - st->back[i]));
		st->back[i] = 0;
	}
}

/* How many days are held back before the newest. */
static int
older_held(const struct state *st)
{
	int n = 0;

	while (n < HELD_BACK && st->back[n] != 0)
		n++;
	return n;
}

/*
 * A purchase day: a later one is held back while there is room (and its
 * distance fits), else the days held go to the set; an earlier one, rare
 * in a sorted export, goes to the set after the older days held back.
 */
static void
add_day(struct worker *w, struct state *st, int32_t day)
{
	int64_t step = (int64_t)day - st->newest_day;
	int n, i;

	if (step == 0)
		return;
	if (st->newest_day == INT32_MIN) {
		st->newest_day = day;
		return;
	}
	if (step < 0) {
		release_older(w, st);
		idset_add(&w->day_pool, &st->days, day_key(day));
		return;
	}
	n = older_held(st);
	if (n < HELD_BACK && st->back[0] + step <= UINT16_MAX) {
		for (i = 0; i < n; i++)
			st->back[i] += (uint16_t)step;
		st->back[n] = (uint16_t)step;
	} else {
		release_older(w, st);
		idset_append(&w->day_pool, &st->days,
		    day_key(st->newest_day));
	}
	st->newest_day = day;
}

/* The days held back, oldest first, into out; how many. */
static int
held_days(const struct state *st, int32_t out[HELD_BACK + 1])
{
	int n = older_held(st), i;

	if (st->newest_day == INT32_MIN)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = st->newest_day - st->back[i];
	out[n] = st->newest_day;
	return n + 1;
}

static size_t
day_count(const struct state *st)
{
	return st->days.count + (st->newest_day == INT32_MIN ? 0 :
	    1 + (size_t)older_held(st));
}

/* The purchase days up to bound. */
static size_t
days_upto(const struct worker *w, const struct state *st, int32_t bound)
{
	int32_t held[HELD_BACK + 1];
	int n, i;
	size_t count;

	if (st->newest_day <= bound)
		return day_count(st);
	count = idset_count_upto(&w->day_pool, &st->days, day_key(bound));
	n = held_days(st, held);
	for (i = 0; i < n; i++)
		count += held[i] <= bound;
	return count;
}

/* Purchase day i (< day_count) in increasing order: the set's, then held. */
static int32_t
day_at(const struct worker *w, const struct state *st, size_t i)
{
	int32_t held[HELD_BACK + 1];

	if (i < st->days.count)
		return key_day(idset_get(&w->day_pool, &st->days, i));
	held_days(st, held);
	return held[i - st->days.count];
}

/* Every purchase day, in increasing order, into out[0..day_count). */
static void
all_days(const struct worker *w, const struct state *st, int32_t *out)
{
	struct idset_iter it;
	uint64_t key;
	size_t n = 0;

	/* in order, with no idset_get: O(i) on a bitmap */
	idset_iter_init(&it, &w->day_pool, &st->days);
	while (idset_next(&it, &key))
		out[n++] = key_day(key);
	held_days(st, out + n);
}

static void
add_purchase(struct worker *w, struct state *st, const struct row *row)
{
	add_day(w, st, row->day);
	if (row->day > w->rd->common->as_of)
		return;
	st->purchase_rows++;
	st->gross += row->amount;
	if (row->day < st->first_day) {
		st->first_day = row->day;
		st->first_day_gross = row->amount;
	} else if (row->day == st->first_day)
		st->first_day_gross += row->amount;
	if (w->orders != NULL)
		idhash_add(&w->order_pool, &w->orders[row->entry],
		    row->order);
}

static void
update_row(struct worker *w, const struct row *row)
{
	struct state *st;
	money_t sum, gross, *net;
	bool calibration;

	st = table_value(w->table, row->entry);
	calibration = row->day <= w->rd->common->as_of;
	net = calibration ? &st->monetary : &st->value_holdout;
	sum = *net;
	gross = st->gross;
	if (!money_add(&sum, row->amount) || (calibration &&
	    row->amount >= 0 && !money_add(&gross, row->amount))) {
		rejects_add(w->rejects, row->record, "the customer's total "
		    "amount overflows");
		return;
	}
	*net = sum;
	if (w->spans != NULL)
		widen_span(w, row->entry, row->day);
	if (row->amount >= 0)
		add_purchase(w, st, row);
}

/*
 * With the state at hand, fetch where its next purchase day goes when
 * that is the set: when no more days can be held back.
 */
static void
touch_row(struct worker *w, const struct row *row)
{
	const struct state *st = table_value(w->table, row->entry);

	if (st->back[HELD_BACK - 1] != 0)
		idset_prefetch_end(&w->day_pool, &st->days);
}

/*
 * Row i + 3k: its slot is fetched; i + 2k: matched, its state fetched;
 * i + k: where its day goes is fetched; i: updated.
 */
static void
run_worker(void *ctx, int index, unsigned long chunk)
{
	struct chunks *chunks = ctx;
	struct reading *rd = chunks->ctx;
	struct worker *w = &rd->worker[index];
	struct chunk *c = chunks_at(chunks, chunk);
	struct row *rows = c->rows[index];
	const size_t k = LOOKAHEAD, n = c->nrows[index];
	size_t i;

	w->chunk = c;
	w->rejects = &c->found[index];
	for (i = 0; i < n + 3 * k; i++) {
		if (i < n)
			table_prefetch(w->table, rows[i].hash);
		if (i >= k && i - k < n)
			match_row(w, &rows[i - k]);
		if (i >= 2 * k && i - 2 * k < n)
			touch_row(w, &rows[i - 2 * k]);
		if (i >= 3 * k && i - 3 * k < n)
			update_row(w, &rows[i - 3 * k]);
	}
}

/* Sharing a chunk out */

/*
 * Parse each row and give it to the worker of its customer, by hash;
 * refuse unusable rows here (chunks.h).
 */
static void
share_out(void *ctx, struct chunk *chunk)
{
	struct reading *rd = ctx;
	const struct record *rec;
	const struct field *id;
	const char *why;
	char reason[512];
	struct row *row;
	uint64_t hash;
	size_t i;
	int w;

	for (i = 0; i < chunk->nrecords; i++) {
		rec = &chunk->records[i];
		if ((why = input_no_id(rd->in, rec, rd->col.id, reason,
		    sizeof(reason))) != NULL) {
			rejects_add(&chunk->rejects, i, "%s", why);
			continue;
		}
		id = &rec->fields[rd->col.id];
		hash = hash_key(id->s, id->len);
		w = (int)(hash % (unsigned)rd->nworkers);
		row = chunk_next_row(chunk, w, sizeof(*row));
		row->hash = hash;
		row->prefix = table_key_prefix(id->s, id->len);
		row->id = id->s;
		row->id_len = id->len;
		row->record = i;
		chunk->nrows[w] += parse_row(rd, chunk, row);
	}
}

/* Read every row; then drop what summaries and exports do not need. */
static void
read_rows(struct reading *rd)
{
	int w;

	chunks_read(&rd->chunks, run_worker);
	/*
	 * Every customer is found: the slots (a third of the tables) are
	 * not needed to summarize or export, and what those allocate can
	 * have their memory (crm-rfm's peak at 10M rows: 229 -> 198 MiB).
	 */
	for (w = 0; w < rd->nworkers; w++)
		table_drop_slots(rd->worker[w].table);
}

/* Summaries */

static int
compare_gaps(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The median gap between the calibration purchase days (n of them,
 * sorted), and the purchase days in the last period and the one before.
 */
static void
purchase_rhythm(const int32_t *days, size_t n, int32_t as_of, int32_t period,
    struct customer_summary *out)
{
	int32_t *gaps = xreallocarray(NULL, n ? n : 1, sizeof(*gaps));
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			gaps[i - 1] = days[i] - days[i - 1];
		if (days[i] > as_of - period && out->recent_days < UINT16_MAX)
			out->recent_days++;
		else if (days[i] > as_of - 2 * period && days[i] <= as_of -
		    period && out->previous_days < UINT16_MAX)
			out->previous_days++;
	}
	if (n > 1) {
		qsort(gaps, n - 1, sizeof(*gaps), compare_gaps);
		/* whole or half days: exact in a float */
		out->median_gap_days = (n - 1) % 2 ?
		    (float)gaps[(n - 1) / 2] : (float)((gaps[(n - 1) / 2 -
		    1] + gaps[(n - 1) / 2]) / 2.0);
	}
	free(gaps);
}

void
txn_summarize_facts(const struct txn_facts *f, enum frequency_mode frequency,
    int32_t as_of, int32_t period_days, struct customer_summary *out)
{
	out->first_day = f->first_day;
	out->last_day = f->last_day;
	out->x = f->days - 1;
	out->x_holdout = f->days_holdout;
	out->frequency = frequency == FREQUENCY_ORDERS ? f->orders :
	    frequency == FREQUENCY_ROWS ? f->purchase_rows : f->days;
	out->monetary = f->monetary;
	out->repeat_avg = out->x == 0 ? 0 :
	    money_div(f->gross - f->first_day_gross, out->x);
	out->value_holdout = f->value_holdout;
	out->median_gap_days = 0;
	out->recent_days = out->previous_days = 0;
	if (period_days > 0)
		purchase_rhythm(f->calibration_days, f->days, as_of,
		    period_days, out);
}

static void
summarize_customer(const struct worker *w, const struct state *st,
    size_t entry, struct customer_summary *out)
{
	const struct reading *rd = w->rd;
	int32_t as_of = rd->common->as_of, *calibration = NULL;
	size_t days = days_upto(w, st, as_of), id_len;
	struct txn_facts f;

	memset(&f, 0, sizeof(f));
	f.first_day = st->first_day;
	f.last_day = day_at(w, st, days - 1);	/* listed: days >= 1 */
	f.days = (uint32_t)days;
	f.days_holdout = (uint32_t)(day_count(st) - days);
	if (rd->frequency == FREQUENCY_ORDERS)
		f.orders = w->orders[entry].count;
	f.purchase_rows = st->purchase_rows;
	f.monetary = st->monetary;
	f.gross = st->gross;
	f.first_day_gross = st->first_day_gross;
	f.value_holdout = st->value_holdout;
	if (rd->opt->period_days > 0) {
		calibration = xreallocarray(NULL, day_count(st) + 1,
		    sizeof(*calibration));
		all_days(w, st, calibration);
		f.calibration_days = calibration;
	}
	memset(out, 0, sizeof(*out));
	out->id = table_key(w->table, entry, &id_len);
	out->id_len = (uint32_t)id_len;
	txn_summarize_facts(&f, rd->frequency, as_of, rd->opt->period_days,
	    out);
	free(calibration);
}

static void
note(const struct reading *rd, unsigned long long n, const char *fmt,
    const char *arg)
{
	char what[160];

	if (n == 0 || rd->common->quiet)
		return;
	snprintf(what, sizeof(what), fmt, arg);
	warnmsg("%llu %s", n, what);
}

/* The worker whose next entry appeared first in the input. */
static int
earliest(const struct reading *rd, const size_t *next)
{
	unsigned long long best = ~0ull;
	int w, found = -1;

	for (w = 0; w < rd->nworkers; w++) {
		const struct worker *wk = &rd->worker[w];

		if (next[w] == table_count(wk->table))
			continue;
		if (wk->first_row[next[w]] < best) {
			best = wk->first_row[next[w]];
			found = w;
		}
	}
	return found;
}

struct counts {
	unsigned long long returns_only, holdout_only;
};

enum { NOT_LISTED = ~0ull };

/*
 * Give each listed customer its place in the order of first appearance,
 * in first_row, which is not needed any more; NOT_LISTED for the others.
 */
static size_t
place_customers(struct reading *rd, struct counts *c)
{
	size_t next[MAX_WORKERS] = { 0 }, listed = 0;
	const struct state *st;
	struct worker *wk;
	int w;

	while ((w = earliest(rd, next)) >= 0) {
		wk = &rd->worker[w];
		st = table_value(wk->table, next[w]);
		if (st->first_day != INT32_MAX)
			wk->first_row[next[w]] = listed++;
		else {
			wk->first_row[next[w]] = NOT_LISTED;
			if (day_count(st) > 0)
				c->holdout_only++;
			else
				c->returns_only++;
		}
		next[w]++;
	}
	return listed;
}

struct summarizing {
	struct reading *rd;
	struct txn_summary *s;
};

/* A worker summarizes its own customers into their places. */
static void
summarize_share(void *ctx, int index, unsigned long batch)
{
	struct summarizing *job = ctx;
	const struct worker *w = &job->rd->worker[index];
	size_t n = table_count(w->table), e;

	(void)batch;
	for (e = 0; e < n; e++)
		if (w->first_row[e] != NOT_LISTED)
			summarize_customer(w, table_value(w->table, e), e,
			    &job->s->customers[w->first_row[e]]);
}

/* Customers in order of first appearance, from every worker. */
static void
summarize_all(struct reading *rd, struct txn_summary *s, struct counts *c)
{
	struct summarizing job = { rd, s };
	struct workers *pool;

	s->count = place_customers(rd, c);
	s->customers = xreallocarray(NULL, s->count ? s->count : 1,
	    sizeof(*s->customers));
	advise_huge_pages(s->customers, s->count * sizeof(*s->customers));
	pool = workers_start(rd->nworkers, summarize_share, &job);
	workers_run(pool);
	workers_stop(pool);
}

static struct txn_summary *
finish(struct reading *rd)
{
	struct txn_summary *s = xcalloc(1, sizeof(*s));
	struct counts c = { 0, 0 };
	char date[DATE_BUFSIZE];
	int w;

	summarize_all(rd, s, &c);
	date_format(rd->window_end, date);
	note(rd, rd->late_rows, "rows after %s not used", date);
	note(rd, rd->ignored_returns, "returns ignored%s",
	    " (--returns ignore)");
	note(rd, c.returns_only, "customers with only returns in the window "
	    "are not listed%s", "");
	note(rd, c.holdout_only, "customers who first bought in the holdout "
	    "are not listed%s", "");
	s->has_holdout = rd->opt->holdout_end != NO_HOLDOUT;
	s->has_amount = !rd->opt->no_amount;
	if (s->has_holdout)
		s->duration_holdout = (rd->opt->holdout_end -
		    rd->common->as_of) / rd->opt->unit_days;
	s->frequency = rd->frequency;
	s->as_of = rd->common->as_of;
	s->unit_days = rd->opt->unit_days;
	s->ntables = rd->nworkers;
	/* The summaries hold the ids, which are the tables' keys: the rest
	 * goes before the tools score (at 10M rows a third of the peak). */
	for (w = 0; w < rd->nworkers; w++) {
		table_drop_values(rd->worker[w].table);
		s->tables[w] = rd->worker[w].table;
	}
	return s;
}

static void
start_workers(struct reading *rd)
{
	int w;

	rd->nworkers = workers_cpus(MAX_WORKERS);
	rd->chunks = (struct chunks){ .in = rd->in, .nworkers = rd->nworkers,
	    .share = share_out, .ctx = rd };
	for (w = 0; w < rd->nworkers; w++) {
		rd->worker[w].rd = rd;
		rd->worker[w].table = table_new(sizeof(struct state));
		idpool_init(&rd->worker[w].day_pool, 4);
		idpool_init(&rd->worker[w].order_pool, 8);
	}
}

static void
free_workers(struct reading *rd)
{
	int w;

	for (w = 0; w < rd->nworkers; w++) {
		idpool_free(&rd->worker[w].day_pool);
		idpool_free(&rd->worker[w].order_pool);
		free(rd->worker[w].first_row);
		free(rd->worker[w].orders);
		free(rd->worker[w].spans);
	}
	chunks_free(&rd->chunks);
}

/* Begin reading in: options checked, columns found, workers ready. */
static void
start_reading(struct reading *rd, const struct common_options *common,
    const struct txn_options *opt, struct input *in, bool exporting)
{
	memset(rd, 0, sizeof(*rd));
	rd->common = common;
	rd->opt = opt;
	rd->in = in;
	rd->header = input_header(in);
	rd->exporting = exporting;
	if (opt->holdout_end != NO_HOLDOUT && opt->holdout_end <= common->as_of)
		die_usage("--holdout-end must be after --as-of");
	rd->window_end = opt->holdout_end != NO_HOLDOUT ? opt->holdout_end :
	    common->as_of;
	resolve_columns(rd);
	start_workers(rd);
}

struct txn_summary *
txn_summarize_input(const struct common_options *common,
    const struct txn_options *opt, struct input *in)
{
	struct reading rd;
	struct txn_summary *s;

	start_reading(&rd, common, opt, in, false);
	read_rows(&rd);
	s = finish(&rd);
	free_workers(&rd);
	return s;
}

/* Exporting each customer's state (txnstate.h writes it) */

static int
compare_hashes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Room for the days and order hashes of one customer at a time. */
struct export_room {
	int32_t *days;
	uint64_t *orders;
	size_t days_capacity, orders_capacity;
};

static void
export_customer(const struct worker *w, size_t entry, struct export_room *r,
    struct txn_export *c)
{
	const struct state *st = table_value(w->table, entry);
	size_t len;

	memset(c, 0, sizeof(*c));
	c->id = table_key(w->table, entry, &len);
	c->id_len = len;
	c->rows_from = w->spans[2 * entry];
	c->rows_to = w->spans[2 * entry + 1];
	c->purchase_rows = st->purchase_rows;
	c->monetary = st->monetary;
	c->gross = st->gross;
	c->first_day_gross = st->first_day_gross;
	c->value_holdout = st->value_holdout;
	c->ndays = day_count(st);
	if (c->ndays > r->days_capacity) {
		r->days_capacity = grow_capacity(r->days_capacity, c->ndays);
		r->days = xreallocarray(r->days, r->days_capacity,
		    sizeof(*r->days));
	}
	all_days(w, st, r->days);
	c->days = r->days;
	if (w->orders == NULL)
		return;
	if (w->orders[entry].count > r->orders_capacity) {
		r->orders_capacity = grow_capacity(r->orders_capacity,
		    w->orders[entry].count);
		r->orders = xreallocarray(r->orders, r->orders_capacity,
		    sizeof(*r->orders));
	}
	c->norders = idhash_elements(&w->order_pool, &w->orders[entry],
	    r->orders);
	qsort(r->orders, c->norders, sizeof(*r->orders), compare_hashes);
	c->orders = r->orders;
}

/* A customer to export: its worker and entry. */
struct place {
	uint32_t entry, worker;
};

struct exporting {
	struct reading *rd;
	struct place *places;		/* in order of first appearance */
	struct export_room room[EMIT_THREADS];
	const struct txn_exported *info;
	txn_export_fn *fn;
	void *ctx;
};

static void
export_row(struct writer *w, size_t i, int thread, void *ctx)
{
	struct exporting *x = ctx;
	const struct place *p = &x->places[i];
	struct txn_export c;

	export_customer(&x->rd->worker[p->worker], p->entry, &x->room[thread],
	    &c);
	x->fn(x->ctx, w, x->info, &c);
}

/*
 * Every customer with a row used, in order of first appearance; the
 * states are formatted on several threads (a long history is thousands
 * of days a customer).
 */
static void
export_all(struct reading *rd, struct writer *out,
    const struct txn_exported *info, txn_export_fn *fn, void *ctx)
{
	struct exporting x = { rd, NULL, { { NULL, NULL, 0, 0 } }, info, fn,
	    ctx };
	size_t next[MAX_WORKERS] = { 0 }, total = 0, n = 0;
	int w;

	for (w = 0; w < rd->nworkers; w++)
		total += table_count(rd->worker[w].table);
	x.places = xreallocarray(NULL, total ? total : 1, sizeof(*x.places));
	while ((w = earliest(rd, next)) >= 0) {
		/* a row whose amount overflowed made the entry, and no more */
		if (rd->worker[w].spans[2 * next[w]] != INT32_MAX)
			x.places[n++] = (struct place){ (uint32_t)next[w],
			    (uint32_t)w };
		next[w]++;
	}
	fn(ctx, out, info, NULL);
	emit_rows_threaded(out, n, export_row, &x);
	for (w = 0; w < EMIT_THREADS; w++) {
		free(x.room[w].days);
		free(x.room[w].orders);
	}
	free(x.places);
}

void
txn_export(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles,
    struct writer *out, txn_export_fn *fn, void *ctx)
{
	struct input *in = input_open(common, files, nfiles);
	struct txn_exported info = { FREQUENCY_AUTO, 0 };
	char date[DATE_BUFSIZE];
	struct reading rd;
	int w;

	start_reading(&rd, common, opt, in, true);
	read_rows(&rd);
	info.frequency = rd.frequency;
	info.late_rows = rd.late_rows;
	date_format(rd.window_end, date);
	note(&rd, info.late_rows, "rows after %s not used", date);
	note(&rd, rd.ignored_returns, "returns ignored%s",
	    " (--returns ignore)");
	export_all(&rd, out, &info, fn, ctx);
	for (w = 0; w < rd.nworkers; w++)
		table_free(rd.worker[w].table);	/* no summary owns them */
	free_workers(&rd);
	input_close(in);
}

struct txn_summary *
txn_summarize(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles)
{
	struct input *in = input_open(common, files, nfiles);
	struct txn_summary *s = txn_summarize_input(common, opt, in);

	input_close(in);
	return s;
}

int32_t
txn_recency_days(const struct txn_summary *s, const struct customer_summary *c)
{
	return s->as_of - c->last_day;
}

int32_t
txn_tenure_days(const struct txn_summary *s, const struct customer_summary *c)
{
	return s->as_of - c->first_day;
}

money_t
txn_avg_value(const struct customer_summary *c)
{
	return money_div(c->monetary, c->frequency);
}

double
txn_t_x(const struct txn_summary *s, const struct customer_summary *c)
{
	return (c->last_day - c->first_day) / s->unit_days;
}

double
txn_T(const struct txn_summary *s, const struct customer_summary *c)
{
	return (s->as_of - c->first_day) / s->unit_days;
}

void
txn_summary_free(struct txn_summary *s)
{
	int i;

	for (i = 0; i < s->ntables; i++)
		table_free(s->tables[i]);
	free(s->customers);
	free(s);
}

/*
 * The columns in units (t_x, T, duration_holdout) are named for it; the
 * money columns are left out of a log without amounts.
 */
static const struct summary_column {
	const char *name;
	bool in_units, money;
} summary_columns[] = {
	{ "customer_id", false, false }, { "first_date", false, false },
	{ "last_date", false, false }, { "recency_days", false, false },
	{ "frequency", false, false }, { "monetary", false, true },
	{ "avg_value", false, true }, { "tenure_days", false, false },
	{ "x", false, false }, { "t_x", true, false }, { "T", true, false },
	{ "repeat_avg", false, true }, { NULL, false, false }
}, holdout_columns[] = {
	{ "x_holdout", false, false }, { "value_holdout", false, true },
	{ "duration_holdout", true, false }, { NULL, false, false }
};

static void
write_names(struct writer *w, const struct summary_column *col,
    const struct txn_summary *s)
{
	char name[UNIT_COLUMN_SIZE];

	for (; col->name != NULL; col++)
		if (s->has_amount || !col->money)
			writer_string(w, col->in_units ? unit_column(col->name,
			    s->unit_days, name) : col->name);
}

void
txn_write_header(struct writer *w, const struct txn_summary *s)
{
	write_names(w, summary_columns, s);
	if (s->has_holdout)
		write_names(w, holdout_columns, s);
}

void
txn_write_customer(struct writer *w, const struct txn_summary *s,
    const struct customer_summary *c)
{
	writer_text(w, c->id, c->id_len);
	writer_date(w, c->first_day);
	writer_date(w, c->last_day);
	writer_int(w, txn_recency_days(s, c));
	writer_int(w, c->frequency);
	if (s->has_amount) {
		writer_money(w, c->monetary);
		writer_money(w, txn_avg_value(c));
	}
	writer_int(w, txn_tenure_days(s, c));
	writer_int(w, c->x);
	writer_number(w, txn_t_x(s, c));
	writer_number(w, txn_T(s, c));
	if (s->has_amount)
		writer_money(w, c->repeat_avg);
	if (s->has_holdout) {
		writer_int(w, c->x_holdout);
		if (s->has_amount)
			writer_money(w, c->value_holdout);
		writer_number(w, s->duration_holdout);
	}
}
