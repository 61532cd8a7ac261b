/* customers.c: model input from a summary CSV or from transactions. */
#include "customers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "columns.h"
#include "emit.h"
#include "input.h"
#include "spool.h"
#include "units.h"
#include "util.h"

/* Summary rows kept for output, and the header they came with. */
struct replay {
	struct spool *rows;
	struct record header;
	struct arena header_text;
	size_t next;
};

/* Column positions of the summary, COLUMN_NONE when absent. */
struct summary_columns {
	long x, t_x, T, x_holdout, duration_holdout, repeat_avg;
};

/* The capacity of the arrays while a summary is read. */
struct growing {
	size_t capacity;
};

/* An input opened and recognized, summary or transactions. */
struct customers_input {
	const struct common_options *common;
	const struct customers_options *opt;
	struct input *in;
	bool summary;
	struct summary_columns col;
	double unit_days;	/* of t_x and T */
	const char *unit_from;	/* how the unit is known, for messages */
};

/* Columns named for a unit (t_x_days ...) carry it; --unit must agree. */
static void
named_unit(struct customers_input *ci, const struct record *h,
    double unit_days)
{
	if (ci->opt->txn.unit_given && ci->opt->txn.unit_days != unit_days)
		die("%s: t_x and T are in %s (the columns say so), not in %s "
		    "as --unit says", h->file, unit_name(unit_days),
		    unit_name(ci->opt->txn.unit_days));
	ci->unit_days = unit_days;
	ci->unit_from = unit_days == 1 ? "t_x_days, T_days" :
	    "t_x_months, T_months";
}

/*
 * t_x and T of one unit (units.h): the unit whose columns the header has.
 * Columns named by --t-x and --T are in --unit.
 */
static void
find_times(struct customers_input *ci, const struct record *h)
{
	const struct customers_options *opt = ci->opt;
	char t_x[UNIT_COLUMN_SIZE], T[UNIT_COLUMN_SIZE];
	long found_t_x, found_T;
	size_t u;

	ci->col.t_x = ci->col.T = COLUMN_NONE;
	ci->unit_days = opt->txn.unit_days;
	ci->unit_from = opt->txn.unit_given ? "--unit" : "--unit, weeks by "
	    "default";
	if (opt->t_x_column != NULL || opt->T_column != NULL) {
		ci->col.t_x = column_find(h, "t_x", opt->t_x_column, false);
		ci->col.T = column_find(h, "T", opt->T_column, false);
		return;
	}
	for (u = 0; u < sizeof(unit_all) / sizeof(unit_all[0]); u++) {
		found_t_x = column_find(h, unit_column("t_x", unit_all[u], t_x),
		    NULL, false);
		found_T = column_find(h, unit_column("T", unit_all[u], T), NULL,
		    false);
		if (found_t_x == COLUMN_NONE && found_T == COLUMN_NONE)
			continue;
		if (ci->col.t_x != COLUMN_NONE || ci->col.T != COLUMN_NONE)
			die("%s: t_x and T of two units (%s, %s and others): "
			    "name the pair with --t-x and --T", h->file, t_x,
			    T);
		ci->col.t_x = found_t_x;
		ci->col.T = found_T;
		if (unit_all[u] != UNIT_WEEKS)
			named_unit(ci, h, unit_all[u]);
	}
}

static bool
is_summary(struct customers_input *ci, const struct record *h)
{
	struct summary_columns *col = &ci->col;

	col->x = column_find(h, "x", ci->opt->x_column, false);
	find_times(ci, h);
	return col->x != COLUMN_NONE && col->t_x != COLUMN_NONE &&
	    col->T != COLUMN_NONE;
}

/* Some but not all of x, t_x, T, and no order dates: say which is missing. */
static void
check_partial_summary(const struct record *h, const struct summary_columns *col)
{
	const char *missing = col->x == COLUMN_NONE ? "x" :
	    col->t_x == COLUMN_NONE ? "t_x" : "T";

	if ((col->x == COLUMN_NONE && col->t_x == COLUMN_NONE &&
	    col->T == COLUMN_NONE) ||
	    column_find(h, "order_date", NULL, false) != COLUMN_NONE)
		return;
	column_require(h, missing);	/* dies, listing the header */
}

static void
find_optional(const struct customers_input *ci, const struct record *h,
    struct summary_columns *col)
{
	char duration[UNIT_COLUMN_SIZE];

	col->x_holdout = column_find(h, "x_holdout", NULL, false);
	col->duration_holdout = column_find(h, unit_column("duration_holdout",
	    ci->unit_days, duration), NULL, false);
	col->repeat_avg = ci->opt->need_repeat_avg ?
	    column_find_option(h, "repeat_avg", NULL, true, "the spend "
	    "model needs the mean value of repeat purchases, from amounts "
	    "(a log read with --amount none has none)") : COLUMN_NONE;
}

static double *
grow_array(double *a, size_t capacity, bool wanted)
{
	return wanted ? xreallocarray(a, capacity, sizeof(double)) : a;
}

static void
make_room(struct customers *c, struct growing *g,
    const struct summary_columns *col)
{
	if (c->n < g->capacity)
		return;
	g->capacity = grow_capacity(g->capacity, c->n + 1);
	c->x = grow_array(c->x, g->capacity, true);
	c->t_x = grow_array(c->t_x, g->capacity, true);
	c->T = grow_array(c->T, g->capacity, true);
	c->x_holdout = grow_array(c->x_holdout, g->capacity,
	    col->x_holdout != COLUMN_NONE);
	c->duration_holdout = grow_array(c->duration_holdout, g->capacity,
	    col->duration_holdout != COLUMN_NONE);
	c->repeat_avg = grow_array(c->repeat_avg, g->capacity,
	    col->repeat_avg != COLUMN_NONE);
}

/* A finite number in column col, or false after rejecting the row. */
static bool
number_at(struct input *in, const struct record *rec, long col,
    const struct common_options *common, double *v)
{
	const struct field *f = &rec->fields[col];

	if (number_parse(f->s, f->len, common->decimal, v) == NUM_OK)
		return true;
	input_reject(in, rec, "not a number (%s, '%.40s')",
	    input_header(in)->fields[col].s, f->s);
	return false;
}

/* x whole and >= 0, 0 <= t_x <= T, t_x = 0 when x = 0. */
static bool
valid_summary(struct input *in, const struct record *rec, double x,
    double t_x, double T)
{
	const char *why = NULL;

	if (x < 0 || x != floor(x))
		why = "x must be a whole number 0 or more";
	else if (t_x < 0 || T < 0)
		why = "t_x and T must not be negative";
	else if (t_x > T)
		why = "t_x (the last purchase) is after T (the end)";
	else if (x == 0 && t_x != 0)
		why = "t_x must be 0 when x is 0";
	if (why != NULL)
		input_reject(in, rec, "%s (x %g, t_x %g, T %g)", why, x, t_x, T);
	return why == NULL;
}

static bool
read_optional(struct customers *c, struct input *in,
    const struct record *rec, const struct summary_columns *col,
    const struct common_options *common)
{
	if (col->x_holdout != COLUMN_NONE) {
		double *v = &c->x_holdout[c->n];

		if (!number_at(in, rec, col->x_holdout, common, v))
			return false;
		if (*v < 0 || *v != floor(*v)) {
			input_reject(in, rec, "x_holdout must be a whole "
			    "number 0 or more (%g)", *v);
			return false;
		}
	}
	if (col->duration_holdout != COLUMN_NONE &&
	    !number_at(in, rec, col->duration_holdout, common,
	    &c->duration_holdout[c->n]))
		return false;
	if (col->repeat_avg != COLUMN_NONE &&
	    !number_at(in, rec, col->repeat_avg, common,
	    &c->repeat_avg[c->n]))
		return false;
	return true;
}

static void
keep_header(struct replay *rp, const struct record *h)
{
	arena_init(&rp->header_text, 4096);
	record_copy(&rp->header, h, &rp->header_text);
}

/* The next usable summary row into c at c->n; NULL at the end. */
static const struct record *
next_summary_row(struct customers *c, struct growing *g, struct input *in,
    const struct summary_columns *col, const struct common_options *common)
{
	const struct record *rec;

	while ((rec = input_next(in)) != NULL) {
		make_room(c, g, col);
		if (number_at(in, rec, col->x, common, &c->x[c->n]) &&
		    number_at(in, rec, col->t_x, common, &c->t_x[c->n]) &&
		    number_at(in, rec, col->T, common, &c->T[c->n]) &&
		    valid_summary(in, rec, c->x[c->n], c->t_x[c->n],
		    c->T[c->n]) && read_optional(c, in, rec, col, common))
			return rec;
	}
	return NULL;
}

static void
read_summary(struct customers *c, struct input *in,
    const struct summary_columns *col, const struct common_options *common)
{
	struct growing g = { 0 };
	const struct record *rec;

	c->replay = xcalloc(1, sizeof(*c->replay));
	c->replay->rows = spool_open();
	keep_header(c->replay, input_header(in));
	while ((rec = next_summary_row(c, &g, in, col, common)) != NULL) {
		spool_put(c->replay->rows, rec);
		c->n++;
	}
	spool_rewind(c->replay->rows);
}

static double *
new_array(size_t n, bool wanted)
{
	return wanted ? xreallocarray(NULL, n ? n : 1, sizeof(double)) : NULL;
}

static void
from_transactions(struct customers *c, const struct txn_summary *s,
    const struct customers_options *opt)
{
	const struct customer_summary *cs;
	size_t i;

	c->n = s->count;
	c->x = new_array(c->n, true);
	c->t_x = new_array(c->n, true);
	c->T = new_array(c->n, true);
	c->repeat_avg = new_array(c->n, opt->need_repeat_avg);
	c->x_holdout = new_array(c->n, s->has_holdout);
	c->duration_holdout = new_array(c->n, s->has_holdout);
	for (i = 0; i < c->n; i++) {
		cs = &s->customers[i];
		c->x[i] = cs->x;
		c->t_x[i] = txn_t_x(s, cs);
		c->T[i] = txn_T(s, cs);
		if (c->repeat_avg != NULL)
			c->repeat_avg[i] = money_to_double(cs->repeat_avg);
		if (s->has_holdout) {
			c->x_holdout[i] = cs->x_holdout;
			c->duration_holdout[i] = s->duration_holdout;
		}
	}
}

struct customers_input *
customers_open(const struct common_options *common,
    const struct customers_options *opt, char **files, size_t nfiles)
{
	struct customers_input *ci = xcalloc(1, sizeof(*ci));
	const struct record *h;

	ci->common = common;
	ci->opt = opt;
	ci->in = input_open(common, files, nfiles);
	h = input_header(ci->in);
	ci->summary = !opt->need_transactions && is_summary(ci, h);
	if (ci->summary) {
		find_optional(ci, h, &ci->col);
		return ci;
	}
	if (!opt->need_transactions)
		check_partial_summary(h, &ci->col);
	ci->unit_days = opt->txn.unit_days;
	ci->unit_from = opt->txn.unit_given ? "--unit" : "--unit, weeks by "
	    "default";
	return ci;
}

double
customers_unit_days(const struct customers_input *ci)
{
	return ci->unit_days;
}

void
customers_check_unit(const struct customers_input *ci, const char *path,
    double model_unit_days)
{
	if (model_unit_days != ci->unit_days)
		die("%s: the model is in %s, the input in %s (%s)", path,
		    unit_name(model_unit_days), unit_name(ci->unit_days),
		    ci->unit_from);
}

static void
close_input(struct customers_input *ci)
{
	input_close(ci->in);
	free(ci);
}

struct customers *
customers_read(struct customers_input *ci)
{
	struct customers *c = xcalloc(1, sizeof(*c));

	c->unit_days = ci->unit_days;
	if (ci->summary) {
		read_summary(c, ci->in, &ci->col, ci->common);
	} else {
		c->txn = txn_summarize_input(ci->common, &ci->opt->txn, ci->in);
		from_transactions(c, c->txn, ci->opt);
	}
	close_input(ci);
	return c;
}

/* The arrays of c, which stream_summary keeps on the stack. */
static void
free_arrays(struct customers *c)
{
	free(c->x);
	free(c->t_x);
	free(c->T);
	free(c->x_holdout);
	free(c->duration_holdout);
	free(c->repeat_avg);
}

static void
write_tool_header(struct writer *w, const char *const *columns)
{
	for (; *columns != NULL; columns++)
		writer_string(w, *columns);
	writer_end(w);
}

/*
 * A summary streams in batches: read and checked in order, then scored
 * and formatted on all cores (emit.h), then written, before the next batch
 * is read. Memory is one batch, whatever the input.
 */
enum { STREAM_BATCH = 32768 };

struct stream_batch {
	struct customers c;		/* the batch's numbers, c.n of them */
	struct record *rows;		/* its input rows, copied */
	struct arena text;
	customers_row_fn *row;
	void *ctx;
};

static void
emit_streamed(struct writer *w, size_t i, void *ctx)
{
	struct stream_batch *b = ctx;

	writer_fields(w, &b->rows[i]);
	b->row(b->ctx, w, &b->c, i);
	writer_end(w);
}

static void
stream_summary(struct input *in, const struct summary_columns *col,
    const struct common_options *common, struct writer *w,
    const char *const *columns, customers_row_fn *row, void *ctx,
    double unit_days)
{
	struct stream_batch b;
	struct growing g = { 0 };
	const struct record *rec;

	memset(&b, 0, sizeof(b));
	b.c.unit_days = unit_days;
	b.rows = xreallocarray(NULL, STREAM_BATCH, sizeof(*b.rows));
	arena_init(&b.text, 1 << 20);
	b.row = row;
	b.ctx = ctx;
	writer_fields(w, input_header(in));
	write_tool_header(w, columns);
	for (;;) {
		b.c.n = 0;
		arena_reset(&b.text);
		while (b.c.n < STREAM_BATCH && (rec = next_summary_row(&b.c,
		    &g, in, col, common)) != NULL) {
			record_copy(&b.rows[b.c.n], rec, &b.text);
			b.c.n++;
		}
		emit_rows(w, b.c.n, emit_streamed, &b);
		if (b.c.n < STREAM_BATCH)
			break;
	}
	free(b.rows);
	arena_free(&b.text);
	free_arrays(&b.c);
}

void
customers_stream(struct customers_input *ci, const char *const *columns,
    customers_row_fn *row, void *ctx)
{
	const struct common_options *common = ci->common;
	struct writer *w = writer_open(common->output, &common->out);
	struct customers *c;

	if (ci->summary) {
		stream_summary(ci->in, &ci->col, common, w, columns, row, ctx,
		    ci->unit_days);
		close_input(ci);
	} else {
		c = customers_read(ci);
		customers_write_all(c, w, columns, row, ctx);
		customers_free(c);
	}
	writer_close(w);
}

void
customers_write_all(struct customers *c, struct writer *w,
    const char *const *columns, customers_row_fn *row, void *ctx)
{
	size_t i;

	customers_write_header(c, w);
	write_tool_header(w, columns);
	for (i = 0; i < c->n; i++) {
		customers_write_row(c, w, i);
		row(ctx, w, c, i);
		writer_end(w);
	}
}

void
customers_write_header(struct customers *c, struct writer *w)
{
	if (c->txn != NULL)
		txn_write_header(w, c->txn);
	else
		writer_fields(w, &c->replay->header);
}

void
customers_write_row(struct customers *c, struct writer *w, size_t i)
{
	const struct record *rec;

	if (c->txn != NULL) {
		txn_write_customer(w, c->txn, &c->txn->customers[i]);
		return;
	}
	if (i != c->replay->next++ || (rec = spool_next(c->replay->rows)) ==
	    NULL)
		die("internal error: rows replayed out of order");
	writer_fields(w, rec);
}

void
customers_free(struct customers *c)
{
	if (c->replay != NULL) {
		spool_close(c->replay->rows);
		arena_free(&c->replay->header_text);
		free(c->replay);
	}
	if (c->txn != NULL)
		txn_summary_free(c->txn);
	free_arrays(c);
	free(c);
}
