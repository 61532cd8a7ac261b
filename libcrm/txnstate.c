/*
 * txnstate.c: crm-rfm's state written by --partial, read, checked and
 * added up by --merge, and finished into the summary.
 *
 * A row per customer: customer id (under the tag cell), rows_from and
 * rows_to (the days of its first and last row used), days (its purchase
 * days: the first as a date, then the gaps in days, "2026-11-02 3 14"),
 * purchase_rows, monetary, gross, first_day_gross, value_holdout, and
 * orders (its order id hashes, sorted, 16 hex digits each, side by side).
 * Days are whole and money exact, so the sums are exact in any order.
 */
#include "txnstate.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "emit.h"
#include "input.h"
#include "statefile.h"
#include "table.h"
#include "units.h"
#include "util.h"
#include "writer.h"

static const char *const frequency_names[] = { "auto", "orders", "days",
	"rows", NULL };
static const char *const returns_names[] = { "net", "ignore", "reject",
	NULL };

static const char *const columns[] = { "rows_from", "rows_to", "days",
	"purchase_rows", "monetary", "gross", "first_day_gross",
	"value_holdout", "orders", NULL };
enum { NCOLUMNS = 10 };		/* the id, then columns[] */

/* The settings that shape a state; only as-of and late-rows may differ. */
struct shape {
	int32_t as_of, holdout_end;	/* NO_HOLDOUT: none */
	double unit_days;
	enum frequency_mode frequency;
	bool no_amount;
	enum returns_mode returns;
	unsigned long long late_rows;	/* after the window, left out */
};

static const char *const same_keys[] = { "holdout-end", "unit", "frequency",
	"amount", "returns", NULL };

/* Writing */

static void
write_header(struct writer *w, const struct shape *sh)
{
	char as_of[DATE_BUFSIZE], holdout[DATE_BUFSIZE], late[32];
	struct state_setting set[7] = {
		{ "as-of", as_of }, { "holdout-end", holdout },
		{ "unit", unit_name(sh->unit_days) },
		{ "frequency", frequency_names[sh->frequency] },
		{ "amount", sh->no_amount ? "none" : "yes" },
		{ "returns", returns_names[sh->returns] },
		{ "late-rows", late }
	};
	int i;

	date_format(sh->as_of, as_of);
	if (sh->holdout_end == NO_HOLDOUT)
		strcpy(holdout, "none");
	else
		date_format(sh->holdout_end, holdout);
	snprintf(late, sizeof(late), "%llu", sh->late_rows);
	statefile_write_tag(w, TXNSTATE_KIND, TXNSTATE_VERSION, set, 7);
	for (i = 0; columns[i]; i++)
		writer_string(w, columns[i]);
	writer_end(w);
}

/*
 * Room for a field of size bytes: the caller's stack buffer for the
 * usual customer, the heap (freed by the caller) for a long history.
 */
static char *
room_for(char *stack, size_t stack_size, size_t size)
{
	return size <= stack_size ? stack : xmalloc(size);
}

/* The first day as a date, then each gap in days. */
static void
write_days(struct writer *w, const int32_t *days, size_t n)
{
	char stack[1024];
	char *text = room_for(stack, sizeof(stack), DATE_BUFSIZE + 12 * n);
	char *at = text;
	size_t i;

	if (n > 0)
		at += date_format(days[0], at);
	for (i = 1; i < n; i++) {
		*at++ = ' ';
		at += int_format(days[i] - days[i - 1], at);
	}
	*at = '\0';
	writer_text(w, text, (size_t)(at - text));
	if (text != stack)
		free(text);
}

/* 16 hex digits each, side by side. */
static void
write_orders(struct writer *w, const uint64_t *orders, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char stack[1024], *text = room_for(stack, sizeof(stack), 16 * n + 1);
	size_t i;
	int d;

	for (i = 0; i < n; i++)
		for (d = 0; d < 16; d++)
			text[16 * i + (size_t)d] = digits[orders[i] >>
			    (60 - 4 * d) & 0xf];
	text[16 * n] = '\0';
	writer_text(w, text, 16 * n);
	if (text != stack)
		free(text);
}

static void
write_customer(struct writer *w, const struct txn_export *c)
{
	writer_text(w, c->id, c->id_len);
	writer_date(w, c->rows_from);
	writer_date(w, c->rows_to);
	write_days(w, c->days, c->ndays);
	writer_int(w, c->purchase_rows);
	writer_money(w, c->monetary);
	writer_money(w, c->gross);
	writer_money(w, c->first_day_gross);
	writer_money(w, c->value_holdout);
	write_orders(w, c->orders, c->norders);
	writer_end(w);
}

static void
shape_of(struct shape *sh, const struct common_options *common,
    const struct txn_options *opt, enum frequency_mode frequency,
    unsigned long long late_rows)
{
	sh->as_of = common->as_of;
	sh->holdout_end = opt->holdout_end;
	sh->unit_days = opt->unit_days;
	sh->frequency = frequency;
	sh->no_amount = opt->no_amount;
	sh->returns = opt->returns;
	sh->late_rows = late_rows;
}

struct partial {
	const struct common_options *common;
	const struct txn_options *opt;
};

static void
partial_customer(void *ctx, struct writer *w, const struct txn_exported *info,
    const struct txn_export *c)
{
	const struct partial *p = ctx;
	struct shape sh;

	if (c != NULL) {
		write_customer(w, c);
		return;
	}
	shape_of(&sh, p->common, p->opt, info->frequency, info->late_rows);
	write_header(w, &sh);
}

void
txnstate_partial(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles,
    const char *output)
{
	struct partial p = { common, opt };
	struct writer *w = statefile_create(output);

	txn_export(common, opt, files, nfiles, w, partial_customer, &p);
	writer_close(w);
}

/* Reading a state */

/*
 * One state's row, parsed, in buffers reused from row to row; the dates
 * of its columns remembered, since neighbours often share them.
 */
struct parsed {
	struct txn_export c;
	int32_t *days;
	uint64_t *orders;
	size_t days_capacity, orders_capacity;
	struct date_memo dates[NCOLUMNS];
};

static int32_t
parse_date(const struct record *rec, int col, struct parsed *p)
{
	int32_t day;

	if (date_parse_memo(&p->dates[col], rec->fields[col].s,
	    rec->fields[col].len, NULL, &day) != DATE_OK)
		record_die(rec, "not a date (%s, '%.40s')", columns[col - 1],
		    rec->fields[col].s);
	return day;
}

static money_t
parse_money(const struct record *rec, int col)
{
	money_t v;

	if (money_parse(rec->fields[col].s, rec->fields[col].len, '.', &v) !=
	    NUM_OK)
		record_die(rec, "not an amount (%s, '%.40s')", columns[col - 1],
		    rec->fields[col].s);
	return v;
}

/*
 * A gap, as strtol() reads it; the plain digits a state has are read
 * here, the rest (a sign, a space before) by strtol() itself.
 */
static long
parse_gap(const char *s, char **next)
{
	long gap = 0;

	if (*s < '0' || *s > '9')
		return strtol(s, next, 10);
	for (; *s >= '0' && *s <= '9'; s++)
		if (gap <= LONG_MAX / 10 - 9)
			gap = gap * 10 + (*s - '0');
		else
			gap = LONG_MAX;		/* out of range all the same */
	*next = (char *)s;
	return gap;
}

static void
parse_days(const struct record *rec, struct parsed *p)
{
	const char *s = rec->fields[3].s, *end = s + rec->fields[3].len;
	char *next;
	long gap;

	p->c.ndays = 0;
	while (s < end) {
		if (p->c.ndays == p->days_capacity) {
			p->days_capacity = grow_capacity(p->days_capacity,
			    p->c.ndays + 1);
			p->days = xreallocarray(p->days, p->days_capacity,
			    sizeof(*p->days));
		}
		if (p->c.ndays == 0) {
			next = memchr(s, ' ', (size_t)(end - s));
			if (next == NULL)
				next = (char *)end;
			if (date_parse_memo(&p->dates[3], s, (size_t)(next -
			    s), NULL, &p->days[0]) != DATE_OK)
				record_die(rec, "not a list of days (days, "
				    "'%.40s')", rec->fields[3].s);
		} else {
			gap = parse_gap(s, &next);
			if (next == s || gap <= 0 || gap > 100000000 ||
			    (*next != ' ' && next != end))
				record_die(rec, "not a list of days (days, "
				    "'%.40s')", rec->fields[3].s);
			p->days[p->c.ndays] = p->days[p->c.ndays - 1] +
			    (int32_t)gap;
		}
		p->c.ndays++;
		s = next < end ? next + 1 : end;
	}
	p->c.days = p->days;
}

/* 16 lowercase hex digits, checked by the caller. */
static uint64_t
hex_word(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 16; i++)
		v = v << 4 | (uint64_t)(s[i] <= '9' ? s[i] - '0' : s[i] - 'a' +
		    10);
	return v;
}

static void
parse_orders(const struct record *rec, struct parsed *p)
{
	const struct field *f = &rec->fields[9];
	size_t i;

	if (f->len % 16 != 0 || strspn(f->s, "0123456789abcdef") != f->len)
		record_die(rec, "not order hashes (orders, '%.40s')", f->s);
	p->c.norders = f->len / 16;
	if (p->c.norders > p->orders_capacity) {
		p->orders_capacity = grow_capacity(p->orders_capacity,
		    p->c.norders);
		p->orders = xreallocarray(p->orders, p->orders_capacity,
		    sizeof(*p->orders));
	}
	for (i = 0; i < p->c.norders; i++) {
		p->orders[i] = hex_word(f->s + 16 * i);
		if (i > 0 && p->orders[i] <= p->orders[i - 1])
			record_die(rec, "order hashes out of order (orders)");
	}
	p->c.orders = p->orders;
}

static void
parse_row(const struct record *rec, struct parsed *p)
{
	char *end;

	if (rec->nfields != NCOLUMNS)
		record_die(rec, "ragged row: %zu fields, the state has %d",
		    rec->nfields, NCOLUMNS);
	if (rec->fields[0].len == 0)
		record_die(rec, "empty customer id");
	p->c.id = rec->fields[0].s;
	p->c.id_len = rec->fields[0].len;
	p->c.rows_from = parse_date(rec, 1, p);
	p->c.rows_to = parse_date(rec, 2, p);
	if (p->c.rows_to < p->c.rows_from)
		record_die(rec, "rows_to is before rows_from");
	parse_days(rec, p);
	p->c.purchase_rows = (uint32_t)strtoul(rec->fields[4].s, &end, 10);
	if (end == rec->fields[4].s || *end != '\0')
		record_die(rec, "not a count (purchase_rows, '%.40s')",
		    rec->fields[4].s);
	p->c.monetary = parse_money(rec, 5);
	p->c.gross = parse_money(rec, 6);
	p->c.first_day_gross = parse_money(rec, 7);
	p->c.value_holdout = parse_money(rec, 8);
	parse_orders(rec, p);
}

/* Merging */

/* A customer of the merged states. */
struct merged {
	int32_t rows_from, rows_to;
	uint32_t from_state, to_state;	/* the states holding those days */
	uint32_t last_state;		/* the state it came in last, + 1 */
	int32_t first_purchase;		/* calibration; INT32_MAX: none yet */
	uint32_t purchase_rows;
	money_t monetary, gross, first_day_gross, value_holdout;
	int32_t *days;
	uint64_t *orders;
	uint32_t ndays, norders;
};

struct txnstate {
	struct table *customers;	/* id -> struct merged */
	struct state_tag *tags;		/* by state */
	struct shape *shapes;
	size_t nstates;
	struct shape shape;		/* of the whole */
	int32_t period_days;
	bool quiet;
};

/* The union of the sorted sets a[0..na) and b[0..nb), into *a. */
#define DEFINE_UNION(name, type) \
static void \
name(type **a, uint32_t *na, const type *b, size_t nb) \
{ \
	type *out; \
	size_t i = 0, j = 0, n = 0; \
\
	if (nb == 0) \
		return;		/* no orders, most often */ \
	out = xreallocarray(NULL, *na + nb, sizeof(*out)); \
	while (i < *na || j < nb) { \
		if (j == nb || (i < *na && (*a)[i] < b[j])) \
			out[n++] = (*a)[i++]; \
		else if (i == *na || b[j] < (*a)[i]) \
			out[n++] = b[j++]; \
		else { \
			out[n++] = (*a)[i++]; \
			j++; \
		} \
	} \
	free(*a); \
	*a = out; \
	*na = (uint32_t)n; \
}

DEFINE_UNION(union_days, int32_t)
DEFINE_UNION(union_orders, uint64_t)

/* The state's first purchase day in the calibration window, if any. */
static int32_t
first_purchase(const struct txn_export *c, const struct shape *sh)
{
	return c->ndays > 0 && c->days[0] <= sh->as_of ? c->days[0] :
	    INT32_MAX;
}

static _Noreturn void
overlap(const struct txnstate *m, const struct merged *mc,
    const struct record *rec, const struct txn_export *c)
{
	char a[DATE_BUFSIZE], b[DATE_BUFSIZE], lo[DATE_BUFSIZE],
	    hi[DATE_BUFSIZE];
	uint32_t other = mc->to_state;

	if (!(c->rows_from <= mc->rows_to && mc->rows_to <= c->rows_to))
		other = mc->from_state;
	date_format(c->rows_from, a);
	date_format(c->rows_to, b);
	date_format(mc->rows_from, lo);
	date_format(mc->rows_to, hi);
	record_die(rec, "customer %.*s: its rows on %s..%s overlap its rows "
	    "on %s..%s in %s%s%s; a customer's states must cover disjoint "
	    "days (the same rows twice?)", (int)c->id_len, c->id, a, b, lo,
	    hi, m->tags[other].file, mc->from_state != mc->to_state ?
	    " and " : "", mc->from_state != mc->to_state ?
	    m->tags[mc->to_state == other ? mc->from_state :
	    mc->to_state].file : "");
}

static void
start_customer(struct merged *mc, size_t state, const struct shape *sh,
    const struct txn_export *c)
{
	mc->rows_from = c->rows_from;
	mc->rows_to = c->rows_to;
	mc->from_state = mc->to_state = (uint32_t)state;
	mc->first_purchase = first_purchase(c, sh);
	mc->first_day_gross = c->first_day_gross;
	mc->purchase_rows = c->purchase_rows;
	mc->monetary = c->monetary;
	mc->gross = c->gross;
	mc->value_holdout = c->value_holdout;
	union_days(&mc->days, &mc->ndays, c->days, c->ndays);
	union_orders(&mc->orders, &mc->norders, c->orders, c->norders);
}

static void
add_sums(struct merged *mc, const struct record *rec,
    const struct txn_export *c)
{
	if (!money_add(&mc->monetary, c->monetary) ||
	    !money_add(&mc->gross, c->gross) ||
	    !money_add(&mc->value_holdout, c->value_holdout))
		record_die(rec, "customer %.*s: the total amount overflows",
		    (int)c->id_len, c->id);
	if (mc->purchase_rows + (uint64_t)c->purchase_rows > UINT32_MAX)
		record_die(rec, "customer %.*s: too many purchase rows",
		    (int)c->id_len, c->id);
	mc->purchase_rows += c->purchase_rows;
}

static void
add_customer(struct txnstate *m, size_t state, const struct record *rec,
    const struct txn_export *c)
{
	const struct shape *sh = &m->shapes[state];
	struct merged *mc;
	int32_t first;
	bool added;

	mc = table_upsert(m->customers, c->id, c->id_len, &added);
	if (added) {
		start_customer(mc, state, sh, c);
		mc->last_state = (uint32_t)state + 1;
		return;
	}
	if (mc->last_state == state + 1)
		record_die(rec, "customer %.*s is twice in the state",
		    (int)c->id_len, c->id);
	mc->last_state = (uint32_t)state + 1;
	if (c->rows_from <= mc->rows_to && c->rows_to >= mc->rows_from)
		overlap(m, mc, rec, c);
	if (c->rows_from < mc->rows_from) {
		mc->rows_from = c->rows_from;
		mc->from_state = (uint32_t)state;
	} else {
		mc->rows_to = c->rows_to;
		mc->to_state = (uint32_t)state;
	}
	add_sums(mc, rec, c);
	if ((first = first_purchase(c, sh)) < mc->first_purchase) {
		mc->first_purchase = first;
		mc->first_day_gross = c->first_day_gross;
	}
	union_days(&mc->days, &mc->ndays, c->days, c->ndays);
	union_orders(&mc->orders, &mc->norders, c->orders, c->norders);
}

static void
read_shape(const struct state_tag *tag, struct shape *sh)
{
	sh->as_of = statefile_date(tag, "as-of");
	sh->holdout_end = strcmp(statefile_get(tag, "holdout-end"), "none") ==
	    0 ? NO_HOLDOUT : statefile_date(tag, "holdout-end");
	sh->unit_days = statefile_unit(tag);
	sh->frequency = (enum frequency_mode)statefile_choice(tag,
	    "frequency", frequency_names);
	sh->no_amount = strcmp(statefile_get(tag, "amount"), "none") == 0;
	sh->returns = (enum returns_mode)statefile_choice(tag, "returns",
	    returns_names);
	sh->late_rows = statefile_count(tag, "late-rows");
}

static void
read_state(struct txnstate *m, const struct common_options *common,
    const char *path, struct parsed *p)
{
	size_t k = m->nstates++;
	const struct record *rec;
	struct input *in;

	m->tags = xreallocarray(m->tags, m->nstates, sizeof(*m->tags));
	m->shapes = xreallocarray(m->shapes, m->nstates, sizeof(*m->shapes));
	in = statefile_open(common, path, TXNSTATE_KIND, TXNSTATE_VERSION,
	    &m->tags[k]);
	statefile_check_columns(in, &m->tags[k], columns);
	read_shape(&m->tags[k], &m->shapes[k]);
	if (k > 0)
		statefile_check_same(&m->tags[0], &m->tags[k], same_keys);
	while ((rec = input_next(in)) != NULL) {
		parse_row(rec, p);
		add_customer(m, k, rec, &p->c);
	}
	input_close(in);
}

/* The as-of day of the whole, and whether every state may be read so. */
static void
settle_as_of(struct txnstate *m, const struct common_options *common)
{
	char as_of[DATE_BUFSIZE], own[DATE_BUFSIZE];
	const struct shape *sh;
	size_t k;

	m->shape = m->shapes[0];
	m->shape.late_rows = 0;
	for (k = 1; k < m->nstates; k++)
		if (m->shapes[k].as_of > m->shape.as_of)
			m->shape.as_of = m->shapes[k].as_of;
	if (common->as_of_given)
		m->shape.as_of = common->as_of;
	date_format(m->shape.as_of, as_of);
	for (k = 0; k < m->nstates; k++) {
		sh = &m->shapes[k];
		date_format(sh->as_of, own);
		if (sh->as_of > m->shape.as_of)
			die("%s: a state as of %s holds days after %s, the "
			    "as-of day of the merge", m->tags[k].file, own,
			    as_of);
		if (sh->as_of < m->shape.as_of && sh->holdout_end !=
		    NO_HOLDOUT)
			die("%s: a state with a holdout window merges only as "
			    "of its own as-of day, %s", m->tags[k].file, own);
		if (sh->as_of < m->shape.as_of && sh->late_rows > 0)
			die("%s: %llu rows after %s were left out of this state"
			    ", and a summary as of %s would count them: make "
			    "it again with --as-of %s", m->tags[k].file,
			    sh->late_rows, own, as_of, as_of);
		if (sh->as_of == m->shape.as_of)
			m->shape.late_rows += sh->late_rows;
	}
}

/* The options given to the merge must be those of the states. */
static void
check_options(const struct txnstate *m, const struct txn_options *opt)
{
	const struct shape *sh = &m->shape;
	const char *file = m->tags[0].file;

	if (opt->unit_given && opt->unit_days != sh->unit_days)
		die_usage("--unit %s: %s is in %s", unit_name(opt->unit_days),
		    file, unit_name(sh->unit_days));
	if (opt->frequency != FREQUENCY_AUTO && opt->frequency !=
	    sh->frequency)
		die_usage("--frequency %s: %s counts %s",
		    frequency_names[opt->frequency], file,
		    frequency_names[sh->frequency]);
	if (opt->no_amount && !sh->no_amount)
		die_usage("--amount none: %s has amounts", file);
	if (opt->holdout_end != NO_HOLDOUT && opt->holdout_end !=
	    sh->holdout_end)
		die_usage("--holdout-end: %s has %s holdout window", file,
		    sh->holdout_end == NO_HOLDOUT ? "no" : "another");
}

struct txnstate *
txnstate_merge(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles)
{
	struct txnstate *m = xcalloc(1, sizeof(*m));
	struct parsed p;
	char *stdin_only[] = { "-" };
	size_t i;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	memset(&p, 0, sizeof(p));
	m->customers = table_new(sizeof(struct merged));
	m->period_days = opt->period_days;
	m->quiet = common->quiet;
	for (i = 0; i < nfiles; i++)
		read_state(m, common, files[i], &p);
	free(p.days);
	free(p.orders);
	settle_as_of(m, common);
	check_options(m, opt);
	return m;
}

/* The merged customer as an export, to write or to summarize. */
static void
export_of(const struct txnstate *m, size_t entry, struct txn_export *c)
{
	const struct merged *mc = table_value(m->customers, entry);

	c->id = table_key(m->customers, entry, &c->id_len);
	c->rows_from = mc->rows_from;
	c->rows_to = mc->rows_to;
	c->purchase_rows = mc->purchase_rows;
	c->monetary = mc->monetary;
	c->gross = mc->gross;
	c->first_day_gross = mc->first_day_gross;
	c->value_holdout = mc->value_holdout;
	c->days = mc->days;
	c->ndays = mc->ndays;
	c->orders = mc->orders;
	c->norders = mc->norders;
}

static void
write_entry(struct writer *w, size_t entry, void *ctx)
{
	const struct txnstate *m = ctx;
	struct txn_export c;

	export_of(m, entry, &c);
	write_customer(w, &c);
}

void
txnstate_write(const struct txnstate *m, const char *path)
{
	struct writer *w = statefile_create(path);

	write_header(w, &m->shape);
	/* formatted on several threads, in order */
	emit_rows(w, table_count(m->customers), write_entry, (void *)m);
	writer_close(w);
}

/* Purchase days up to as_of: a prefix of the sorted days. */
static uint32_t
days_upto(const struct merged *mc, int32_t as_of)
{
	uint32_t lo = 0, hi = mc->ndays, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (mc->days[mid] <= as_of)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
summarize_merged(const struct txnstate *m, const struct merged *mc,
    uint32_t days, struct customer_summary *out)
{
	struct txn_facts f;

	memset(&f, 0, sizeof(f));
	f.first_day = mc->days[0];
	f.last_day = mc->days[days - 1];
	f.days = days;
	f.days_holdout = mc->ndays - days;
	f.orders = mc->norders;
	f.purchase_rows = mc->purchase_rows;
	f.monetary = mc->monetary;
	f.gross = mc->gross;
	f.first_day_gross = mc->first_day_gross;
	f.value_holdout = mc->value_holdout;
	f.calibration_days = mc->days;
	txn_summarize_facts(&f, m->shape.frequency, m->shape.as_of,
	    m->period_days, out);
}

static void
note_unlisted(const struct txnstate *m, unsigned long long holdout_only,
    unsigned long long returns_only)
{
	char date[DATE_BUFSIZE];
	const struct shape *sh = &m->shape;

	if (m->quiet)
		return;
	date_format(sh->holdout_end != NO_HOLDOUT ? sh->holdout_end :
	    sh->as_of, date);
	if (sh->late_rows > 0)
		warnmsg("%llu rows after %s not used", sh->late_rows, date);
	if (returns_only > 0)
		warnmsg("%llu customers with only returns in the window are "
		    "not listed", returns_only);
	if (holdout_only > 0)
		warnmsg("%llu customers who first bought in the holdout are "
		    "not listed", holdout_only);
}

struct txn_summary *
txnstate_summary(const struct txnstate *m)
{
	struct txn_summary *s = xcalloc(1, sizeof(*s));
	size_t n = table_count(m->customers), e;
	unsigned long long holdout_only = 0, returns_only = 0;
	const struct merged *mc;
	struct customer_summary *out;
	size_t id_len;
	uint32_t days;

	s->customers = xreallocarray(NULL, n ? n : 1, sizeof(*s->customers));
	for (e = 0; e < n; e++) {
		mc = table_value(m->customers, e);
		if ((days = days_upto(mc, m->shape.as_of)) == 0) {
			holdout_only += mc->ndays > 0;
			returns_only += mc->ndays == 0;
			continue;
		}
		out = &s->customers[s->count++];
		memset(out, 0, sizeof(*out));
		out->id = table_key(m->customers, e, &id_len);
		out->id_len = (uint32_t)id_len;
		summarize_merged(m, mc, days, out);
	}
	note_unlisted(m, holdout_only, returns_only);
	s->as_of = m->shape.as_of;
	s->unit_days = m->shape.unit_days;
	s->has_amount = !m->shape.no_amount;
	s->has_holdout = m->shape.holdout_end != NO_HOLDOUT;
	if (s->has_holdout)
		s->duration_holdout = (m->shape.holdout_end - m->shape.as_of) /
		    m->shape.unit_days;
	s->frequency = m->shape.frequency;
	return s;
}

void
txnstate_free(struct txnstate *m)
{
	size_t e, k;
	struct merged *mc;

	for (e = 0; e < table_count(m->customers); e++) {
		mc = table_value(m->customers, e);
		free(mc->days);
		free(mc->orders);
	}
	table_free(m->customers);
	for (k = 0; k < m->nstates; k++)
		statefile_tag_free(&m->tags[k]);
	free(m->tags);
	free(m->shapes);
	free(m);
}
