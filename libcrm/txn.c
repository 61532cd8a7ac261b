/* txn.c: per-customer RFM and BTYD summaries of order exports. */
#include "txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "idset.h"
#include "input.h"
#include "table.h"
#include "util.h"
#include "writer.h"

/* What we keep per customer while reading. */
struct state {
	int32_t first_day, last_day;	/* calibration purchases */
	uint32_t purchase_rows;
	money_t monetary;		/* net, calibration */
	money_t gross;			/* purchases only, calibration */
	money_t first_day_gross;	/* purchases on first_day */
	money_t value_holdout;
	struct idset days;		/* purchase days, both windows */
	struct idset orders;		/* order id hashes, calibration */
};

struct txn_columns {
	long id, date, amount, order, quantity, price;
};

struct reading {
	const struct common_options *common;
	const struct txn_options *opt;
	struct input *in;
	struct txn_columns col;
	enum frequency_mode frequency;
	int32_t window_end;		/* last day any row is used */
	struct table *table;
	struct idpool day_pool, order_pool;
	unsigned long long late_rows, ignored_returns;
};

/* Days go into 32-bit sets in order: shift them to unsigned. */
static uint64_t
day_key(int32_t day)
{
	return (uint64_t)((int64_t)day - INT32_MIN);
}

double
txn_unit_days(const char *option, const char *unit)
{
	static const char *const units[] = { "days", "weeks", "months", NULL };
	static const double days[] = { 1, 7, 365.25 / 12 };

	return days[cli_choice(option, unit, units)];
}

void
txn_options_init(struct txn_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->holdout_end = NO_HOLDOUT;
	opt->unit_days = 7;
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
	case TXN_OPT_AMOUNT: opt->amount_column = arg; break;
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
		opt->unit_days = txn_unit_days("--unit", arg);
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
resolve_amount(struct reading *rd, const struct record *h)
{
	const struct txn_options *opt = rd->opt;

	rd->col.amount = rd->col.quantity = rd->col.price = COLUMN_NONE;
	if (opt->quantity_column || opt->price_column) {
		rd->col.quantity = column_find(h, "quantity",
		    opt->quantity_column, true);
		rd->col.price = column_find(h, "price", opt->price_column,
		    true);
		return;
	}
	rd->col.amount = column_find(h, "amount", opt->amount_column, false);
	if (rd->col.amount != COLUMN_NONE)
		return;
	rd->col.quantity = column_find(h, "quantity", NULL, false);
	rd->col.price = column_find(h, "price", NULL, false);
	if (rd->col.quantity == COLUMN_NONE || rd->col.price == COLUMN_NONE)
		column_find(h, "amount", NULL, true);	/* the error */
}

static void
resolve_columns(struct reading *rd)
{
	const struct record *h = input_header(rd->in);
	const struct txn_options *opt = rd->opt;

	rd->col.id = column_find(h, "customer_id", opt->id_column, true);
	rd->col.date = column_find(h, "order_date", opt->date_column, true);
	resolve_amount(rd, h);
	rd->col.order = column_find(h, "order_id", opt->order_column, false);
	rd->frequency = opt->frequency;
	if (rd->frequency == FREQUENCY_AUTO)
		rd->frequency = rd->col.order != COLUMN_NONE ?
		    FREQUENCY_ORDERS : FREQUENCY_DAYS;
	if (rd->frequency == FREQUENCY_ORDERS && rd->col.order == COLUMN_NONE)
		die("--frequency orders needs an order id column (--order)");
}

static const char *
column_name(const struct reading *rd, long col)
{
	return input_header(rd->in)->fields[col].s;
}

/* The row's amount, or false after rejecting the row. */
static bool
row_amount(struct reading *rd, const struct record *rec, money_t *amount)
{
	const char *what = "an amount";
	long col = rd->col.amount;
	money_t quantity, price;
	enum num_status st;
	char decimal = rd->common->decimal;

	if (col != COLUMN_NONE) {
		st = money_parse(rec->fields[col].s, rec->fields[col].len,
		    decimal, amount);
	} else {
		col = rd->col.quantity;
		what = "a quantity";
		st = money_parse(rec->fields[col].s, rec->fields[col].len,
		    decimal, &quantity);
		if (st == NUM_OK) {
			col = rd->col.price;
			what = "a price";
			st = money_parse(rec->fields[col].s,
			    rec->fields[col].len, decimal, &price);
		}
		if (st == NUM_OK && !money_mul(quantity, price, amount))
			st = NUM_RANGE;
	}
	if (st == NUM_OK)
		return true;
	if (st == NUM_RANGE)
		input_reject(rd->in, rec, "amount out of range (%s, '%.60s')",
		    column_name(rd, col), rec->fields[col].s);
	else
		input_reject(rd->in, rec, "not %s (%s, '%.60s'); digits "
		    "may not be grouped, and --decimal-comma reads 12,50",
		    what, column_name(rd, col), rec->fields[col].s);
	return false;
}

static bool
row_day(struct reading *rd, const struct record *rec, int32_t *day)
{
	const struct field *f = &rec->fields[rd->col.date];

	switch (date_parse(f->s, f->len, rd->common->date_format, day)) {
	case DATE_OK:
		return true;
	case DATE_AMBIGUOUS:
		input_reject(rd->in, rec, "ambiguous date (%s, '%.60s'): day "
		    "or month first? give --date-format, e.g. %%d/%%m/%%Y",
		    column_name(rd, rd->col.date), f->s);
		return false;
	default:
		input_reject(rd->in, rec, "not a date (%s, '%.60s')%s",
		    column_name(rd, rd->col.date), f->s,
		    rd->common->date_format ? " for --date-format" : "");
		return false;
	}
}

static uint64_t
order_key(const struct reading *rd, const struct record *rec, int32_t day)
{
	const struct field *f = &rec->fields[rd->col.order];

	/* Rows without an order id count as one order per day. */
	if (f->len == 0)
		return hash_bytes(&day, sizeof(day)) ^ 1;
	return hash_bytes(f->s, f->len);
}

static struct state *
customer_state(struct reading *rd, const struct field *id)
{
	struct state *st;
	bool added;

	st = table_upsert(rd->table, id->s, id->len, &added);
	if (added) {
		st->first_day = INT32_MAX;
		st->last_day = INT32_MIN;
	}
	return st;
}

static void
add_purchase(struct reading *rd, struct state *st, const struct record *rec,
    int32_t day, money_t amount)
{
	idset_add(&rd->day_pool, &st->days, day_key(day));
	if (day > rd->common->as_of)
		return;
	st->purchase_rows++;
	st->gross += amount;
	if (day < st->first_day) {
		st->first_day = day;
		st->first_day_gross = amount;
	} else if (day == st->first_day)
		st->first_day_gross += amount;
	if (day > st->last_day)
		st->last_day = day;
	if (rd->frequency == FREQUENCY_ORDERS)
		idset_add(&rd->order_pool, &st->orders, order_key(rd, rec, day));
}

static void
add_row(struct reading *rd, const struct record *rec)
{
	const struct field *id = &rec->fields[rd->col.id];
	money_t amount, sum, gross, *net;
	struct state *st;
	bool calibration;
	int32_t day;

	if (id->len == 0) {
		input_reject(rd->in, rec, "empty customer id (%s)",
		    column_name(rd, rd->col.id));
		return;
	}
	if (!row_day(rd, rec, &day) || !row_amount(rd, rec, &amount))
		return;
	if (day > rd->window_end) {
		rd->late_rows++;
		return;
	}
	if (amount < 0 && rd->opt->returns == RETURNS_IGNORE) {
		rd->ignored_returns++;
		return;
	}
	if (amount < 0 && rd->opt->returns == RETURNS_REJECT) {
		input_reject(rd->in, rec, "negative amount, a return "
		    "(--returns reject)");
		return;
	}
	st = customer_state(rd, id);
	calibration = day <= rd->common->as_of;
	net = calibration ? &st->monetary : &st->value_holdout;
	sum = *net;
	gross = st->gross;
	if (!money_add(&sum, amount) || (calibration && amount >= 0 &&
	    !money_add(&gross, amount))) {
		input_reject(rd->in, rec, "the customer's total amount "
		    "overflows");
		return;
	}
	*net = sum;
	if (amount >= 0)
		add_purchase(rd, st, rec, day, amount);
}

static int
compare_gaps(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The median gap between the customer's calibration purchase days, and
 * its purchase days in the last period and the one before it.
 */
static void
purchase_rhythm(const struct reading *rd, const struct state *st,
    size_t days, struct customer_summary *out)
{
	int32_t as_of = rd->common->as_of, period = rd->opt->period_days;
	int32_t *gaps, day, previous = 0;
	size_t i;

	gaps = xreallocarray(NULL, days, sizeof(*gaps));
	for (i = 0; i < days; i++) {
		day = (int32_t)((int64_t)idset_get(&rd->day_pool, &st->days,
		    i) + INT32_MIN);
		if (i > 0)
			gaps[i - 1] = day - previous;
		previous = day;
		if (day > as_of - period)
			out->recent_days++;
		else if (day > as_of - 2 * period)
			out->previous_days++;
	}
	if (days > 1) {
		qsort(gaps, days - 1, sizeof(*gaps), compare_gaps);
		out->median_gap_days = (days - 1) % 2 ? gaps[(days - 1) / 2] :
		    (gaps[(days - 1) / 2 - 1] + gaps[(days - 1) / 2]) / 2.0;
	}
	free(gaps);
}

static void
summarize_customer(const struct reading *rd, struct state *st, size_t entry,
    struct customer_summary *out)
{
	int32_t as_of = rd->common->as_of;
	size_t days = idset_count_upto(&rd->day_pool, &st->days,
	    day_key(as_of));
	double unit = rd->opt->unit_days;

	memset(out, 0, sizeof(*out));
	out->id = table_key(rd->table, entry, &out->id_len);
	out->first_day = st->first_day;
	out->last_day = st->last_day;
	out->recency_days = as_of - st->last_day;
	out->tenure_days = as_of - st->first_day;
	out->x = (uint32_t)days - 1;
	out->x_holdout = st->days.count - (uint32_t)days;
	out->frequency = rd->frequency == FREQUENCY_ORDERS ? st->orders.count :
	    rd->frequency == FREQUENCY_ROWS ? st->purchase_rows :
	    (uint32_t)days;
	out->monetary = st->monetary;
	out->avg_value = money_div(st->monetary, out->frequency);
	out->t_x = (st->last_day - st->first_day) / unit;
	out->T = (as_of - st->first_day) / unit;
	out->repeat_avg = out->x == 0 ? 0 :
	    money_div(st->gross - st->first_day_gross, out->x);
	out->value_holdout = st->value_holdout;
	if (rd->opt->period_days > 0)
		purchase_rhythm(rd, st, days, out);
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

static struct txn_summary *
finish(struct reading *rd)
{
	struct txn_summary *s = xcalloc(1, sizeof(*s));
	size_t n = table_count(rd->table), i;
	unsigned long long returns_only = 0, holdout_only = 0;
	char date[DATE_BUFSIZE];

	s->customers = xreallocarray(NULL, n ? n : 1, sizeof(*s->customers));
	for (i = 0; i < n; i++) {
		struct state *st = table_value(rd->table, i);

		if (st->first_day != INT32_MAX)
			summarize_customer(rd, st, i, &s->customers[s->count++]);
		else if (st->days.count > 0)
			holdout_only++;
		else
			returns_only++;
	}
	date_format(rd->window_end, date);
	note(rd, rd->late_rows, "rows after %s not used", date);
	note(rd, rd->ignored_returns, "returns ignored%s",
	    " (--returns ignore)");
	note(rd, returns_only, "customers with only returns in the window "
	    "are not listed%s", "");
	note(rd, holdout_only, "customers who first bought in the holdout "
	    "are not listed%s", "");
	s->has_holdout = rd->opt->holdout_end != NO_HOLDOUT;
	if (s->has_holdout)
		s->duration_holdout = (rd->opt->holdout_end -
		    rd->common->as_of) / rd->opt->unit_days;
	s->frequency = rd->frequency;
	s->table = rd->table;
	return s;
}

struct txn_summary *
txn_summarize_input(const struct common_options *common,
    const struct txn_options *opt, struct input *in)
{
	struct reading rd = { .common = common, .opt = opt, .in = in };
	const struct record *rec;
	struct txn_summary *s;

	if (opt->holdout_end != NO_HOLDOUT && opt->holdout_end <= common->as_of)
		die_usage("--holdout-end must be after --as-of");
	rd.window_end = opt->holdout_end != NO_HOLDOUT ? opt->holdout_end :
	    common->as_of;
	resolve_columns(&rd);
	rd.table = table_new(sizeof(struct state));
	idpool_init(&rd.day_pool, 4);
	idpool_init(&rd.order_pool, 8);
	while ((rec = input_next(rd.in)) != NULL)
		add_row(&rd, rec);
	s = finish(&rd);
	idpool_free(&rd.day_pool);
	idpool_free(&rd.order_pool);
	return s;
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

void
txn_summary_free(struct txn_summary *s)
{
	table_free(s->table);
	free(s->customers);
	free(s);
}

static const char *const summary_columns[] = {
	"customer_id", "first_date", "last_date", "recency_days", "frequency",
	"monetary", "avg_value", "tenure_days", "x", "t_x", "T", "repeat_avg",
	NULL
};

static const char *const holdout_columns[] = {
	"x_holdout", "value_holdout", "duration_holdout", NULL
};

void
txn_write_header(struct writer *w, const struct txn_summary *s)
{
	int i;

	for (i = 0; summary_columns[i]; i++)
		writer_string(w, summary_columns[i]);
	for (i = 0; s->has_holdout && holdout_columns[i]; i++)
		writer_string(w, holdout_columns[i]);
}

void
txn_write_customer(struct writer *w, const struct txn_summary *s,
    const struct customer_summary *c)
{
	writer_text(w, c->id, c->id_len);
	writer_date(w, c->first_day);
	writer_date(w, c->last_day);
	writer_int(w, c->recency_days);
	writer_int(w, c->frequency);
	writer_money(w, c->monetary);
	writer_money(w, c->avg_value);
	writer_int(w, c->tenure_days);
	writer_int(w, c->x);
	writer_number(w, c->t_x);
	writer_number(w, c->T);
	writer_money(w, c->repeat_avg);
	if (s->has_holdout) {
		writer_int(w, c->x_holdout);
		writer_money(w, c->value_holdout);
		writer_number(w, s->duration_holdout);
	}
}
