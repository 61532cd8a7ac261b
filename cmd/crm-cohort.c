/*
 * crm-cohort: are we keeping the customers we win? Groups customers into
 * cohorts by the period of their first purchase (or by a column such as
 * the acquisition channel) and counts, period by period, how many of each
 * cohort bought, what they spent and how many were lost, with the repeat
 * purchase rate and the time to a second purchase.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cohort.h"
#include "cohortstate.h"
#include "chunks.h"
#include "columns.h"
#include "date.h"
#include "input.h"
#include "txn.h"
#include "table.h"
#include "util.h"
#include "workers.h"
#include "writer.h"

enum {
	OPT_PERIOD = 256, OPT_COHORT_PERIOD, OPT_COHORT_COL, OPT_CALENDAR,
	OPT_ORIGIN, OPT_REPEAT_DAYS, OPT_WIDE, OPT_SUMMARY, OPT_PARTIAL,
	OPT_MERGE
};

static const struct option longopts[] = {
	{ "id", required_argument, NULL, TXN_OPT_ID },
	{ "date", required_argument, NULL, TXN_OPT_DATE },
	{ "amount", required_argument, NULL, TXN_OPT_AMOUNT },
	{ "quantity", required_argument, NULL, TXN_OPT_QUANTITY },
	{ "price", required_argument, NULL, TXN_OPT_PRICE },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "cohort-period", required_argument, NULL, OPT_COHORT_PERIOD },
	{ "cohort-col", required_argument, NULL, OPT_COHORT_COL },
	{ "calendar", no_argument, NULL, OPT_CALENDAR },
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "repeat-days", required_argument, NULL, OPT_REPEAT_DAYS },
	{ "wide", required_argument, NULL, OPT_WIDE },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-cohort [options] [file ...]",
	"Cohort retention from transactions: customers grouped by the period\n"
	"of their first purchase (or a column's value), and per cohort and\n"
	"period the customers who bought, retention, churn, revenue and\n"
	"repeat purchases; one row per cohort and period.",
	"      --period P           week, month, quarter or year: the time"
	" axis\n"
	"                           (default month)\n"
	"      --cohort-period P    cohorts by the week, month, quarter or"
	" year of the\n"
	"                           first purchase, or all in one (default:"
	" --period)\n"
	"      --cohort-col COL     cohorts by COL's value on the first"
	" purchase row\n"
	"                           (e.g. the acquisition channel)\n"
	"      --calendar           periods on the calendar (0 = the"
	" origin's) instead\n"
	"                           of since each customer's first purchase\n"
	"      --origin DATE        weeks start on DATE's weekday (default"
	" Monday); with\n"
	"                           --calendar, period 0 holds DATE (default:"
	" the\n"
	"                           earliest first purchase)\n"
	"      --repeat-days N      repeat_rate: a second purchase within N"
	" days\n"
	"                           (default 90)\n"
	"      --wide MEASURE       the triangle: one row per cohort, one"
	" column per\n"
	"                           period, cells of MEASURE (a column of the"
	" long\n"
	"                           output, e.g. retention)\n"
	"      --summary            one row per cohort: size, repeat rate,"
	" time to a\n"
	"                           second purchase, revenue\n"
	"      --partial            write the cohort counts as a mergeable"
	" state\n"
	"      --merge              the files are states of disjoint"
	" customers\n"
	"                           (--partial): add them up and write the"
	" table\n"
	"      --id COL             customer id column (default: customer_id"
	" or alias)\n"
	"      --date COL           order date column (default: order_date)\n"
	"      --amount COL         amount column (default: amount)\n"
	"      --quantity COL       with --price: amount is quantity x price\n"
	"      --price COL          unit price column\n",
	"",
	longopts,
	CLI_AS_OF | CLI_REJECTS | CLI_DATE_FORMAT | CLI_DECIMAL_COMMA |
	    CLI_PRECISION | CLI_CSV_OUT
};

/* The long output's columns; cells of --wide take one of the measures. */
enum measure {
	M_CUSTOMERS, M_ACTIVE, M_RETENTION, M_RETAINED, M_CHURN_RATE,
	M_PURCHASES, M_REPEAT_PURCHASES, M_CUMULATIVE_REPEAT, M_REVENUE,
	M_CUMULATIVE_REVENUE, M_REPEAT_RATE, M_MEDIAN_GAP, NMEASURES
};

static const char *const measures[] = {
	"customers", "active", "retention", "retained", "churn_rate",
	"purchases", "repeat_purchases", "cumulative_repeat_purchases",
	"revenue", "cumulative_revenue_per_customer", "repeat_rate",
	"median_days_to_second", NULL
};

struct cohort_cli {
	struct txn_options txn;
	struct cohort_options cohort;
	const char *cohort_col;
	bool cohort_period_given;
	int wide;		/* a measure, or -1 */
	bool summary;
	bool partial, merge;
	bool shape_given;	/* an option the cohort counts depend on */
};

static enum period_kind
period_option(const char *option, const char *arg, bool all)
{
	int kind = period_kind_parse(arg);

	if (kind < 0 || (kind == PERIOD_ALL && !all))
		die_usage("%s: '%s' is not one of %s", option, arg, all ?
		    PERIOD_WORDS : "week, month, quarter or year");
	return (enum period_kind)kind;
}

static void
handle_option(struct cohort_cli *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_PERIOD:
		o->cohort.period.kind = period_option("--period", arg, false);
		break;
	case OPT_COHORT_PERIOD:
		o->cohort.cohort.kind = period_option("--cohort-period", arg,
		    true);
		o->cohort_period_given = true;
		break;
	case OPT_COHORT_COL: o->cohort_col = arg; break;
	case OPT_CALENDAR: o->cohort.calendar = true; break;
	case OPT_ORIGIN:
		o->cohort.origin = cli_date("--origin", arg);
		o->cohort.origin_given = true;
		break;
	case OPT_REPEAT_DAYS:
		o->cohort.repeat_days = (int32_t)cli_long("--repeat-days", arg,
		    1, 100000);
		break;
	case OPT_WIDE: o->wide = cli_choice("--wide", arg, measures); break;
	case OPT_SUMMARY: o->summary = true; break;
	case OPT_PARTIAL: o->partial = true; break;
	case OPT_MERGE: o->merge = true; break;
	default: die_usage("invalid option");
	}
}

static void
parse_options(struct cli *cli, struct cohort_cli *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	txn_options_init(&o->txn);
	o->cohort.period.kind = PERIOD_MONTH;
	o->cohort.repeat_days = 90;
	o->wide = -1;
	while ((opt = cli_next(cli)) != -1) {
		o->shape_given |= opt != OPT_WIDE && opt != OPT_SUMMARY &&
		    opt != OPT_PARTIAL && opt != OPT_MERGE;
		if (!txn_option(&o->txn, opt, cli->arg))
			handle_option(o, opt, cli->arg);
	}
	if (o->merge && o->shape_given)
		die_usage("--merge takes the periods, cohorts and columns of "
		    "its states: only the output options apply");
	if (o->partial && (o->wide >= 0 || o->summary || o->merge))
		die_usage("--partial writes a state: --wide, --summary and "
		    "--merge do not apply");
	if (o->cohort_col && o->cohort_period_given)
		die_usage("--cohort-col and --cohort-period both choose the "
		    "cohorts: give one");
	if (o->wide >= 0 && o->summary)
		die_usage("--wide and --summary are two outputs: give one");
	if (!o->cohort_period_given)
		o->cohort.cohort.kind = o->cohort.period.kind;
	o->cohort.period.origin = o->cohort.origin_given ? o->cohort.origin :
	    PERIOD_ISO_WEEK_ORIGIN;
	o->cohort.cohort.origin = o->cohort.period.origin;
	o->cohort.by_value = o->cohort_col != NULL;
	o->cohort.as_of = cli->common.as_of;
}

/*
 * Reading: the workers read the chunks themselves, the one ahead parsing
 * each row of the next chunk for the worker of its customer, by hash,
 * while the other tracks its rows (chunks.h).
 */

enum { MAX_WORKERS = CHUNK_WORKERS, LOOKAHEAD = 16 };

/* A row, parsed by the reader of its chunk for the worker of its customer. */
struct row {
	uint64_t hash;			/* of the customer id */
	uint64_t prefix;		/* of the customer id */
	const char *id;
	const char *value;		/* of the cohort column, or the id */
	uint32_t id_len, value_len;
	money_t amount;
	size_t record;			/* index in the chunk */
	int32_t day;
};

struct reading {
	struct input *in;
	const struct common_options *common;
	struct txn_columns col;
	long value_col;
	struct cohort_tracker *tracker[MAX_WORKERS];
	struct cohort_table *table[MAX_WORKERS];	/* of each tracker */
	int nworkers;
	struct chunks chunks;
	struct date_memo dates;		/* the feed's (one worker at a time) */
};

/* A row between its steps: its customer found (or not), then added. */
struct pending {
	struct cohort_row row;
	bool found;
};

/*
 * A worker: track the rows of its customers, in four steps k rows apart,
 * so that each waits for no memory: row j + 3k has its customer's slot
 * fetched, row j + 2k its customer found (and fetched), row j + k where
 * its amount and day go fetched, row j is added. With a million
 * customers the lookups missed the cache and were over half the time
 * (perf, 10M rows).
 */
static void
track_share(void *ctx, int index, unsigned long batch)
{
	struct chunks *chunks = ctx;
	struct reading *rd = chunks->ctx;
	struct cohort_tracker *t = rd->tracker[index];
	struct chunk *c = chunks_at(chunks, batch);
	const struct row *rows = c->rows[index], *r;
	const size_t k = LOOKAHEAD, n = c->nrows[index];
	struct pending ring[2 * LOOKAHEAD], *p;
	size_t j;

	for (j = 0; j < n + 3 * k; j++) {
		if (j < n)
			cohort_prefetch(t, rows[j].hash);
		if (j >= 3 * k && j - 3 * k < n) {
			r = &rows[j - 3 * k];
			p = &ring[(j - 3 * k) % (2 * k)];
			if (p->found && !cohort_row_add(t, &p->row, r->amount,
			    r->value, r->value_len))
				rejects_add(&c->found[index], r->record,
				    "the customer's amount in a period "
				    "overflows");
		}
		if (j >= 2 * k && j - 2 * k < n) {
			p = &ring[(j - 2 * k) % (2 * k)];
			if (p->found)
				cohort_row_touch(t, &p->row);
		}
		if (j >= k && j - k < n) {	/* after add: the same slot */
			r = &rows[j - k];
			p = &ring[(j - k) % (2 * k)];
			p->found = cohort_row_find(t, r->id, r->id_len, r->hash,
			    r->prefix, r->day, &p->row);
		}
	}
}

/* Record i of the chunk as a row; false (and rejected) if unusable. */
static bool
parse_row(struct reading *rd, struct chunk *chunk, size_t i, struct row *row)
{
	const struct record *h = input_header(rd->in), *rec =
	    &chunk->records[i];
	const struct field *id = &rec->fields[rd->col.id], *value;
	char reason[512];
	const char *why;

	if ((why = input_no_id(rd->in, rec, rd->col.id, reason,
	    sizeof(reason))) != NULL) {
		rejects_add(&chunk->rejects, i, "%s", why);
		return false;
	}
	if (!txn_parse_day(&rd->col, h, rec, rd->common->date_format,
	    &rd->dates, &row->day, reason, sizeof(reason)) ||
	    !txn_parse_amount(&rd->col, h, rec, rd->common->decimal,
	    &row->amount, reason, sizeof(reason))) {
		rejects_add(&chunk->rejects, i, "%s", reason);
		return false;
	}
	value = rd->value_col != COLUMN_NONE ? &rec->fields[rd->value_col] :
	    id;
	row->hash = hash_key(id->s, id->len);
	row->prefix = table_key_prefix(id->s, id->len);
	row->id = id->s;
	row->id_len = (uint32_t)id->len;
	row->value = value->s;
	row->value_len = (uint32_t)value->len;
	row->record = i;
	return true;
}

/* Give each usable row of the chunk to the worker of its customer. */
static void
share_out(void *ctx, struct chunk *chunk)
{
	struct reading *rd = ctx;
	struct row row;
	size_t i;
	int w;

	for (i = 0; i < chunk->nrecords; i++) {
		if (!parse_row(rd, chunk, i, &row))
			continue;
		w = (int)(row.hash % (unsigned)rd->nworkers);
		*(struct row *)chunk_next_row(chunk, w, sizeof(row)) = row;
		chunk->nrows[w]++;
	}
}

/* Worker i turns its tracker into the counts of its customers. */
static void
finish_share(void *ctx, int index, unsigned long batch)
{
	struct reading *rd = ctx;

	(void)batch;
	rd->table[index] = cohort_tracker_finish(rd->tracker[index]);
}

static struct cohort_table *
read_cohorts(struct cli *cli, const struct cohort_cli *o)
{
	struct workers *pool;
	struct reading rd;
	int w;

	memset(&rd, 0, sizeof(rd));
	rd.common = &cli->common;
	rd.in = input_open(&cli->common, cli->files, cli->nfiles);
	txn_find_columns(input_header(rd.in), &o->txn, &rd.col);
	rd.value_col = o->cohort_col ? column_require(input_header(rd.in),
	    o->cohort_col) : COLUMN_NONE;
	rd.nworkers = workers_cpus(MAX_WORKERS);
	for (w = 0; w < rd.nworkers; w++)
		rd.tracker[w] = cohort_tracker_new(&o->cohort);
	rd.chunks = (struct chunks){ .in = rd.in, .nworkers = rd.nworkers,
	    .share = share_out, .ctx = &rd };
	chunks_read(&rd.chunks, track_share);
	input_close(rd.in);
	pool = workers_start(rd.nworkers, finish_share, &rd);
	workers_run(pool);
	workers_stop(pool);
	for (w = 1; w < rd.nworkers; w++)
		cohort_table_merge(rd.table[0], rd.table[w]);
	chunks_free(&rd.chunks);
	return rd.table[0];
}

static void
note_unused(const struct common_options *common,
    const struct cohort_table *t)
{
	char date[DATE_BUFSIZE];

	if (common->quiet)
		return;
	date_format(common->as_of, date);
	if (t->late_rows > 0)
		warnmsg("%llu rows after %s not used", t->late_rows, date);
	if (t->returns_only > 0)
		warnmsg("%llu customers with only returns are in no cohort",
		    t->returns_only);
}

/* Writing */

/* What a row of the long output says about cohort c in period k. */
struct period_row {
	const struct cohort *c;
	size_t k;
	uint64_t cumulative_repeat;
	money_t cumulative_revenue;
};

static void
write_ratio(struct writer *w, uint64_t num, uint64_t den)
{
	if (den == 0)
		writer_empty(w);
	else
		writer_number(w, (double)num / (double)den);
}

static void
write_cohort_measure(struct writer *w, const struct cohort *c, int m)
{
	double gap;

	if (m == M_CUSTOMERS)
		writer_int(w, (long long)c->customers);
	else if (m == M_REPEAT_RATE)
		write_ratio(w, c->repeat_within, c->eligible);
	else if (cohort_median_gap(c, &gap))
		writer_number(w, gap);
	else
		writer_empty(w);
}

static void
write_measure(struct writer *w, const struct period_row *r, int m)
{
	const struct cohort_cell *cell = &r->c->cells[r->k];
	const struct cohort_cell *prev = r->k > 0 ? cell - 1 : NULL;

	switch (m) {
	case M_ACTIVE: writer_int(w, (long long)cell->active); break;
	case M_RETENTION: write_ratio(w, cell->active, r->c->customers); break;
	case M_RETAINED: writer_int(w, (long long)cell->retained); break;
	case M_CHURN_RATE:
		write_ratio(w, prev ? prev->active - cell->retained : 0,
		    prev ? prev->active : 0);
		break;
	case M_PURCHASES: writer_int(w, (long long)cell->purchases); break;
	case M_REPEAT_PURCHASES:
		writer_int(w, (long long)cell->repeat_purchases);
		break;
	case M_CUMULATIVE_REPEAT:
		writer_int(w, (long long)r->cumulative_repeat);
		break;
	case M_REVENUE: writer_money(w, cell->revenue); break;
	case M_CUMULATIVE_REVENUE:
		writer_money(w, money_div(r->cumulative_revenue,
		    r->c->customers));
		break;
	default: write_cohort_measure(w, r->c, m); break;
	}
}

/* The period number of row k of c, and its first day. */
static void
write_period(struct writer *w, const struct cohort_cli *o,
    const struct cohort_table *t, const struct cohort *c, size_t k)
{
	int32_t p = c->first + (int32_t)k;

	if (!o->cohort.calendar) {
		writer_int(w, (long long)k);
		return;
	}
	writer_int(w, (long long)p - t->origin_period);
	writer_date(w, period_start(&o->cohort.period, p));
}

/* Step r to period k of its cohort, adding that period to the sums. */
static void
advance(struct period_row *r, size_t k)
{
	r->k = k;
	r->cumulative_repeat += r->c->cells[k].repeat_purchases;
	if (!money_add(&r->cumulative_revenue, r->c->cells[k].revenue))
		die("cohort %s: the cumulative revenue overflows", r->c->label);
}

static void
write_long(struct writer *w, const struct cohort_cli *o,
    const struct cohort_table *t)
{
	struct period_row r;
	size_t i, k;
	int m;

	writer_string(w, "cohort");
	writer_string(w, "period");
	if (o->cohort.calendar)
		writer_string(w, "period_start");
	for (m = 0; m < NMEASURES; m++)
		writer_string(w, measures[m]);
	writer_end(w);
	for (i = 0; i < t->count; i++) {
		memset(&r, 0, sizeof(r));
		r.c = &t->cohorts[i];
		for (k = 0; k < r.c->ncells; k++) {
			advance(&r, k);
			writer_string(w, r.c->label);
			write_period(w, o, t, r.c, k);
			for (m = 0; m < NMEASURES; m++)
				write_measure(w, &r, m);
			writer_end(w);
		}
	}
}

/* The periods the triangle spans: offsets, or calendar periods. */
static void
wide_span(const struct cohort_cli *o, const struct cohort_table *t,
    int32_t *first, size_t *n)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN, end;
	size_t i;

	for (i = 0; i < t->count; i++) {
		end = t->cohorts[i].first + (int32_t)t->cohorts[i].ncells - 1;
		if (t->cohorts[i].first < lo)
			lo = t->cohorts[i].first;
		if (end > hi)
			hi = end;
	}
	*first = o->cohort.calendar ? lo : 0;
	*n = t->count == 0 ? 0 : (size_t)(hi - lo) + 1;
	if (!o->cohort.calendar && t->count > 0)
		*n = (size_t)(hi + 1);
}

static void
write_wide(struct writer *w, const struct cohort_cli *o,
    const struct cohort_table *t)
{
	char label[PERIOD_LABEL_SIZE];
	struct period_row r;
	int32_t first, p;
	size_t i, j, n;

	wide_span(o, t, &first, &n);
	writer_string(w, "cohort");
	writer_string(w, "customers");
	for (j = 0; j < n; j++)
		if (o->cohort.calendar)
			writer_text(w, label, period_label(&o->cohort.period,
			    first + (int32_t)j, label));
		else
			writer_int(w, (long long)j);
	writer_end(w);
	for (i = 0; i < t->count; i++) {
		memset(&r, 0, sizeof(r));
		r.c = &t->cohorts[i];
		writer_string(w, r.c->label);
		writer_int(w, (long long)r.c->customers);
		for (j = 0; j < n; j++) {
			p = first + (int32_t)j;
			if (p < r.c->first || p >= r.c->first +
			    (int32_t)r.c->ncells) {
				writer_empty(w);
				continue;
			}
			advance(&r, (size_t)(p - r.c->first));
			write_measure(w, &r, o->wide);
		}
		writer_end(w);
	}
}

static void
write_summary(struct writer *w, const struct cohort_table *t)
{
	static const char *const columns[] = { "cohort", "customers",
		"repeat_customers", "repeat_rate", "median_days_to_second",
		"revenue", "revenue_per_customer", NULL };
	const struct cohort *c;
	money_t revenue;
	uint64_t repeaters;
	size_t i, k;

	for (i = 0; columns[i]; i++)
		writer_string(w, columns[i]);
	writer_end(w);
	for (i = 0; i < t->count; i++) {
		c = &t->cohorts[i];
		revenue = 0;
		for (k = 0; k < c->ncells; k++)
			if (!money_add(&revenue, c->cells[k].revenue))
				die("cohort %s: the revenue overflows",
				    c->label);
		repeaters = 0;
		for (k = 1; k < c->ngaps; k++)
			repeaters += c->second_gap[k];
		writer_string(w, c->label);
		writer_int(w, (long long)c->customers);
		writer_int(w, (long long)repeaters);
		write_cohort_measure(w, c, M_REPEAT_RATE);
		write_cohort_measure(w, c, M_MEDIAN_GAP);
		writer_money(w, revenue);
		writer_money(w, money_div(revenue, c->customers));
		writer_end(w);
	}
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct cohort_cli o;
	struct cohort_table *t;
	struct writer *w;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	if (o.merge) {
		t = cohortstate_merge(&cli.common, cli.files, cli.nfiles,
		    &o.cohort);
		cli.common.as_of = o.cohort.as_of;
	} else
		t = read_cohorts(&cli, &o);
	note_unused(&cli.common, t);
	if (o.partial) {
		cohortstate_write(t, &o.cohort, cli.common.output);
		cohort_table_free(t);
		cli_end(&cli);
		return 0;
	}
	w = writer_open(cli.common.output, &cli.common.out);
	if (o.summary)
		write_summary(w, t);
	else if (o.wide >= 0)
		write_wide(w, &o, t);
	else
		write_long(w, &o, t);
	writer_close(w);
	cohort_table_free(t);
	cli_end(&cli);
	return 0;
}
