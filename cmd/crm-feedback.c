/*
 * crm-feedback: feedback and complaint tickets: each one's category (by
 * keywords, explained), hours to first response and to resolution,
 * service-level breach and call-back state; or --summary of them by a
 * column. Tickets stream through; memory holds the groups, the contact
 * log and the calendar, never the tickets.
 */
#include <stdlib.h>
#include <string.h>

#include "bizhours.h"
#include "calendar.h"
#include "categories.h"
#include "cli.h"
#include "columns.h"
#include "contactlog.h"
#include "date.h"
#include "groupcount.h"
#include "input.h"
#include "sla.h"
#include "stats.h"
#include "table.h"
#include "tickets.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_CATEGORIES = 256, OPT_RECLASSIFY, OPT_SLA, OPT_CALENDAR, OPT_HOURS,
	OPT_LOG, OPT_WINDOW, OPT_MISSED, OPT_SUMMARY, OPT_CUSTOMERS,
	OPT_ORDERS, OPT_COLUMN
};

static const struct option longopts[] = {
	{ "categories", required_argument, NULL, OPT_CATEGORIES },
	{ "reclassify", no_argument, NULL, OPT_RECLASSIFY },
	{ "sla", required_argument, NULL, OPT_SLA },
	{ "calendar", required_argument, NULL, OPT_CALENDAR },
	{ "hours", required_argument, NULL, OPT_HOURS },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "followup-window", required_argument, NULL, OPT_WINDOW },
	{ "missed", required_argument, NULL, OPT_MISSED },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "customers", required_argument, NULL, OPT_CUSTOMERS },
	{ "orders", required_argument, NULL, OPT_ORDERS },
	{ "column", required_argument, NULL, OPT_COLUMN },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-feedback [options] [file ...]",
	"Feedback tickets: category by keywords, hours to first response and"
	" to\nresolution, SLA breach and call-back state; or --summary by a"
	" column.",
	"      --categories FILE    category,keywords rows (keywords a|b|c);"
	" default:\n"
	"                           the built-in English and Chinese set\n"
	"      --reclassify         classify every ticket, even those with a"
	" category\n"
	"      --sla FILE           category and/or priority -> response_hours,"
	"\n"
	"                           resolve_hours\n"
	"      --calendar FILE      count working hours only: date,type,name"
	" rows\n"
	"                           (holiday, workday), weekends off\n"
	"      --hours HH:MM-HH:MM  the working hours (default 09:00-18:00);"
	" without\n"
	"                           --calendar, Monday to Friday\n"
	"      --log FILE           contact log: a contact after resolution"
	" confirms\n"
	"                           the call back\n"
	"      --followup-window N  days after resolution to call back; later"
	" it is\n"
	"                           missed, not due (default 30)\n"
	"      --missed FILE        write the tickets whose call back was"
	" missed\n"
	"      --summary COL        one row per value of COL (category,"
	" channel,\n"
	"                           month, owner, segment ...)\n"
	"      --customers N|FILE   customers, for complaints per 100"
	" customers\n"
	"      --orders N|FILE      orders, for complaints per 1,000 orders\n"
	"      --column NAME=COL    the input column of NAME (ticket_id,"
	" customer_id,\n"
	"                           created, first_response, resolved_date,"
	" status,\n"
	"                           channel, category, priority, text)\n",
	"",
	longopts,
	CLI_AS_OF | CLI_REJECTS | CLI_DATE_FORMAT | CLI_PRECISION | CLI_CSV_OUT
};

enum column {
	C_TICKET, C_CUSTOMER, C_CREATED, C_RESPONSE, C_RESOLVED, C_STATUS,
	C_CHANNEL, C_CATEGORY, C_PRIORITY, C_TEXT, NCOLUMNS
};

static const char *const column_names[NCOLUMNS + 1] = {
	"ticket_id", "customer_id", "created", "first_response",
	"resolved_date", "status", "channel", "category", "priority", "text",
	NULL
};

struct feedback_options {
	const char *categories, *sla, *calendar, *log, *missed, *summary;
	const char *customers, *orders;
	const char *column[NCOLUMNS];
	bool reclassify, business_hours;
	int open, close;	/* working hours, seconds of the day */
	long window;
};

/* What crm-feedback finds out about one ticket. */
struct verdict {
	const char *category, *keyword;
	size_t category_len;
	struct ticket_times times;
	struct ticket_measures m;
	const struct sla_rule *rule;
	enum followup followup;
};

/* The --summary tallies of one group. */
struct tally {
	uint64_t tickets, open, sla, breached, due, missed;
	struct counted response, resolve;	/* in whole minutes */
};

struct feedback {
	struct feedback_options opt;
	const struct common_options *common;
	struct input *in;
	long col[NCOLUMNS];
	long group;		/* --summary column, or COLUMN_NONE */
	bool group_month, group_category;
	struct categories *cats;
	struct sla *sla;
	struct calendar *cal;
	struct bizhours biz;
	struct contact_log *log;
	struct writer *out, *missed;
	struct table *groups;	/* --summary: group -> struct tally */
	struct group_counts customers, orders;
	unsigned long long resolved, missed_count;
};

static void
column_option(struct feedback_options *o, char *arg)
{
	char *eq = strchr(arg, '=');
	int c;

	if (eq == NULL || eq[1] == '\0')
		die_usage("--column: '%s' is not NAME=COL", arg);
	*eq = '\0';		/* argv is ours to split */
	c = cli_choice("--column", arg, column_names);
	o->column[c] = eq + 1;
}

static void
parse_options(struct cli *cli, struct feedback_options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	o->window = 30;
	o->open = 9 * 3600;
	o->close = 18 * 3600;
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_CATEGORIES: o->categories = cli->arg; break;
		case OPT_RECLASSIFY: o->reclassify = true; break;
		case OPT_SLA: o->sla = cli->arg; break;
		case OPT_CALENDAR:
			o->calendar = cli->arg;
			o->business_hours = true;
			break;
		case OPT_HOURS:
			if (!bizhours_parse_window(cli->arg, &o->open,
			    &o->close))
				die_usage("--hours: '%s' is not HH:MM-HH:MM, "
				    "opening before closing", cli->arg);
			o->business_hours = true;
			break;
		case OPT_LOG: o->log = cli->arg; break;
		case OPT_WINDOW: o->window = cli_long("--followup-window",
		    cli->arg, 0, 36500); break;
		case OPT_MISSED: o->missed = cli->arg; break;
		case OPT_SUMMARY: o->summary = cli->arg; break;
		case OPT_CUSTOMERS: o->customers = cli->arg; break;
		case OPT_ORDERS: o->orders = cli->arg; break;
		case OPT_COLUMN: column_option(o, (char *)cli->arg); break;
		default: die_usage("invalid option");
		}
	}
	if ((o->customers || o->orders) && o->summary == NULL)
		die_usage("--customers and --orders are denominators of "
		    "--summary");
}

/* Side files */

static void
load_side_files(struct feedback *f)
{
	f->cats = categories_new();
	if (f->opt.categories != NULL)
		categories_load(f->cats, f->common, f->opt.categories);
	else
		categories_add_defaults(f->cats);
	categories_compile(f->cats);
	if (f->opt.sla != NULL)
		f->sla = sla_load(f->common, f->opt.sla);
	/* the file crm-schedule reads, through the same reader */
	f->cal = calendar_load(f->opt.calendar, f->common, WEEKEND_SAT_SUN);
	f->biz.cal = f->cal;
	f->biz.open = f->opt.open;
	f->biz.close = f->opt.close;
	if (f->opt.log != NULL)
		f->log = contact_log_load(f->common, f->opt.log,
		    f->common->as_of);
}

static void
bind_columns(struct feedback *f)
{
	const struct record *h = input_header(f->in);
	const char *by = f->opt.summary;
	int c;

	for (c = 0; c < NCOLUMNS; c++)
		f->col[c] = column_find(h, column_names[c], f->opt.column[c],
		    c == C_CREATED || (c == C_CUSTOMER && f->opt.log));
	f->group = COLUMN_NONE;
	if (by == NULL)
		return;
	f->group_category = strcmp(by, "category") == 0;
	f->group_month = strcmp(by, "month") == 0 &&
	    column_lookup(h, by) == COLUMN_NONE;
	if (!f->group_category && !f->group_month)
		f->group = column_require(h, by);
}

/* One ticket */

static const struct field *
field_of(const struct feedback *f, const struct record *rec, enum column c)
{
	static const struct field empty = { "", 0 };

	return f->col[c] == COLUMN_NONE ? &empty : &rec->fields[f->col[c]];
}

static void
classify(struct feedback *f, const struct record *rec, struct verdict *v)
{
	const struct field *given = field_of(f, rec, C_CATEGORY);
	const struct field *text = field_of(f, rec, C_TEXT);

	v->keyword = "";
	if (given->len > 0 && !f->opt.reclassify) {
		v->category = given->s;
		v->category_len = given->len;
		return;
	}
	if (!categories_match(f->cats, text->s, text->len, &v->category,
	    &v->keyword))
		v->category = "uncategorized";
	v->category_len = strlen(v->category);
}

/* An optional moment; false after rejecting the row. */
static bool
read_moment(struct feedback *f, const struct record *rec, enum column c,
    int64_t *at, bool *present)
{
	const struct field *v = field_of(f, rec, c);
	const char *name;

	*present = v->len > 0;
	if (!*present)
		return true;
	switch (datetime_parse(v->s, v->len, f->common->date_format, at)) {
	case DATE_OK:
		return true;
	case DATE_AMBIGUOUS:
		input_reject(f->in, rec, "ambiguous date (%s, '%.60s'): give "
		    "--date-format", input_header(f->in)->fields[f->col[c]].s,
		    v->s);
		return false;
	default:
		name = input_header(f->in)->fields[f->col[c]].s;
		input_reject(f->in, rec, "not a date (%s, '%.60s')", name, v->s);
		return false;
	}
}

static bool
read_times(struct feedback *f, const struct record *rec,
    struct ticket_times *t)
{
	bool created;

	if (!read_moment(f, rec, C_CREATED, &t->created, &created) ||
	    !read_moment(f, rec, C_RESPONSE, &t->responded,
	    &t->has_response) || !read_moment(f, rec, C_RESOLVED,
	    &t->resolved, &t->has_resolved))
		return false;
	if (!created) {
		input_reject(f->in, rec, "no creation time (%s, '')",
		    input_header(f->in)->fields[f->col[C_CREATED]].s);
		return false;
	}
	if (t->has_resolved && t->resolved < t->created) {
		input_reject(f->in, rec, "resolved before created (%s, "
		    "'%.60s')", input_header(f->in)->fields[f->col[
		    C_RESOLVED]].s, field_of(f, rec, C_RESOLVED)->s);
		return false;
	}
	if (t->has_response && t->responded < t->created) {
		input_reject(f->in, rec, "first response before created (%s, "
		    "'%.60s')", input_header(f->in)->fields[f->col[
		    C_RESPONSE]].s, field_of(f, rec, C_RESPONSE)->s);
		return false;
	}
	return true;
}

static void
judge_followup(struct feedback *f, const struct record *rec,
    struct verdict *v)
{
	const struct field *status = field_of(f, rec, C_STATUS);
	const struct field *id = field_of(f, rec, C_CUSTOMER);
	int32_t day = (int32_t)(v->times.resolved / 86400);
	bool confirmed = ticket_closed(status->s, status->len);

	if (v->times.has_resolved && !confirmed && f->log != NULL)
		confirmed = contact_log_any(f->log, id->s, id->len, day,
		    day + (int32_t)f->opt.window);
	v->followup = followup_of(v->times.has_resolved, confirmed, day,
	    f->common->as_of, f->opt.window);
}

static bool
judge(struct feedback *f, const struct record *rec, struct verdict *v)
{
	const struct field *priority = field_of(f, rec, C_PRIORITY);

	if (!read_times(f, rec, &v->times))
		return false;
	classify(f, rec, v);
	v->rule = f->sla ? sla_find(f->sla, v->category, v->category_len,
	    priority->s, priority->len) : NULL;
	ticket_measure(f->opt.business_hours ? &f->biz : NULL, &v->times,
	    v->rule, (int64_t)f->common->as_of * 86400, &v->m);
	judge_followup(f, rec, v);
	return true;
}

/* Output of the tickets */

static void
write_header(struct feedback *f, struct writer *w)
{
	static const char *const added[] = { "matched_keyword",
		"response_hours", "resolve_hours", "sla_response_hours",
		"sla_resolve_hours", "sla_breached", "needs_followup",
		"followup_status", NULL };
	size_t i;

	writer_fields(w, input_header(f->in));
	if (f->col[C_CATEGORY] == COLUMN_NONE)
		writer_string(w, "category");
	for (i = 0; added[i]; i++)
		writer_string(w, added[i]);
	writer_end(w);
}

static void
write_hours(struct writer *w, double hours)
{
	if (hours >= 0)
		writer_number(w, hours);
	else
		writer_empty(w);
}

static void
write_ticket(struct feedback *f, struct writer *w, const struct record *rec,
    const struct verdict *v)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if ((long)i == f->col[C_CATEGORY])
			writer_text(w, v->category, v->category_len);
		else
			writer_text(w, rec->fields[i].s, rec->fields[i].len);
	if (f->col[C_CATEGORY] == COLUMN_NONE)
		writer_text(w, v->category, v->category_len);
	writer_string(w, v->keyword);
	write_hours(w, v->m.response_seconds >= 0 ?
	    (double)v->m.response_seconds / 3600 : -1);
	write_hours(w, v->m.resolve_seconds >= 0 ?
	    (double)v->m.resolve_seconds / 3600 : -1);
	write_hours(w, v->rule ? v->rule->response_hours : -1);
	write_hours(w, v->rule ? v->rule->resolve_hours : -1);
	if (v->m.sla)
		writer_int(w, v->m.breached);
	else
		writer_empty(w);
	writer_int(w, v->followup == FOLLOWUP_DUE);
	writer_string(w, followup_name(v->followup));
	writer_end(w);
}

/* --summary */

static void
tally_ticket(struct feedback *f, const struct record *rec,
    const struct verdict *v)
{
	char month[DATE_BUFSIZE];
	const char *key;
	struct tally *t;
	size_t len;
	bool added;

	if (f->group_category) {
		key = v->category;
		len = v->category_len;
	} else if (f->group_month) {
		date_format((int32_t)(v->times.created / 86400), month);
		key = month;
		len = 7;
	} else {
		key = rec->fields[f->group].s;
		len = rec->fields[f->group].len;
	}
	t = table_upsert(f->groups, key, len, &added);
	t->tickets++;
	t->open += !v->times.has_resolved;
	t->sla += v->m.sla;
	t->breached += v->m.breached;
	t->due += v->followup == FOLLOWUP_DUE;
	t->missed += v->followup == FOLLOWUP_MISSED;
	if (v->m.response_seconds >= 0)
		counted_add(&t->response, (size_t)(v->m.response_seconds / 60));
	if (v->m.resolve_seconds >= 0)
		counted_add(&t->resolve, (size_t)(v->m.resolve_seconds / 60));
}

/* Median and 90th percentile in hours of times counted in minutes. */
static void
write_quantiles(struct writer *w, const struct counted *c)
{
	if (c->n == 0) {
		writer_empty(w);
		writer_empty(w);
		return;
	}
	writer_number(w, quantile_counts(c->counts, c->nbins, 0.5) / 60);
	writer_number(w, quantile_counts(c->counts, c->nbins, 0.9) / 60);
}

/* A count, and tickets per unit of it (100 customers, 1,000 orders). */
static void
write_rate(struct writer *w, const struct group_counts *gc, const char *key,
    size_t len, uint64_t tickets, double unit)
{
	double base = group_counts_get(gc, key, len);

	if (base < 0) {
		writer_empty(w);
		writer_empty(w);
		return;
	}
	if (base == (double)(long long)base)
		writer_int(w, (long long)base);
	else
		writer_number(w, base);
	if (base > 0)
		writer_number(w, unit * (double)tickets / base);
	else
		writer_empty(w);
}

static void
write_summary(struct feedback *f)
{
	static const char *const names[] = { "tickets", "open",
		"response_median_hours", "response_p90_hours",
		"resolve_median_hours", "resolve_p90_hours", "sla_tickets",
		"sla_breached", "breach_rate", "needs_followup",
		"followup_missed", "customers", "per_100_customers", "orders",
		"per_1000_orders", NULL };
	size_t *order = table_sorted_entries(f->groups), i, len;
	struct writer *w = f->out;
	struct tally *t;
	const char *key;

	writer_string(w, f->group == COLUMN_NONE ? f->opt.summary :
	    input_header(f->in)->fields[f->group].s);
	for (i = 0; names[i]; i++)
		writer_string(w, names[i]);
	writer_end(w);
	for (i = 0; i < table_count(f->groups); i++) {
		t = table_value(f->groups, order[i]);
		key = table_key(f->groups, order[i], &len);
		writer_text(w, key, len);
		writer_int(w, (long long)t->tickets);
		writer_int(w, (long long)t->open);
		write_quantiles(w, &t->response);
		write_quantiles(w, &t->resolve);
		writer_int(w, (long long)t->sla);
		writer_int(w, (long long)t->breached);
		if (t->sla > 0)
			writer_number(w, 100.0 * (double)t->breached /
			    (double)t->sla);
		else
			writer_empty(w);
		writer_int(w, (long long)t->due);
		writer_int(w, (long long)t->missed);
		write_rate(w, &f->customers, key, len, t->tickets, 100);
		write_rate(w, &f->orders, key, len, t->tickets, 1000);
		writer_end(w);
		counted_free(&t->response);
		counted_free(&t->resolve);
	}
	free(order);
}

/* The run */

static void
take_ticket(struct feedback *f, const struct record *rec)
{
	struct verdict v;

	if (!judge(f, rec, &v))
		return;
	f->resolved += v.times.has_resolved;
	if (v.followup == FOLLOWUP_MISSED) {
		f->missed_count++;
		if (f->missed != NULL)
			write_ticket(f, f->missed, rec, &v);
	}
	if (f->opt.summary != NULL)
		tally_ticket(f, rec, &v);
	else
		write_ticket(f, f->out, rec, &v);
}

static void
open_outputs(struct feedback *f, const struct cli *cli)
{
	const char *by = f->opt.summary;

	f->out = writer_open(cli->common.output, &cli->common.out);
	if (f->opt.summary == NULL)
		write_header(f, f->out);
	if (f->opt.missed != NULL) {
		f->missed = writer_open(f->opt.missed, &cli->common.out);
		write_header(f, f->missed);
	}
	if (by != NULL && f->group != COLUMN_NONE)
		by = input_header(f->in)->fields[f->group].s;
	group_counts_load(&f->customers, "--customers", f->opt.customers,
	    &cli->common, by, "customers", true);
	group_counts_load(&f->orders, "--orders", f->opt.orders,
	    &cli->common, by, "orders", true);
}

static void
note_missed(const struct feedback *f)
{
	if (f->common->quiet || f->missed_count == 0)
		return;
	warnmsg("%llu of %llu resolved tickets missed their call back (no "
	    "contact within %ld days)%s%s", f->missed_count, f->resolved,
	    f->opt.window, f->missed ? ", see " : "", f->missed ?
	    f->opt.missed : "");
}

static void
free_feedback(struct feedback *f)
{
	categories_free(f->cats);
	sla_free(f->sla);
	calendar_free(f->cal);
	contact_log_free(f->log);
	table_free(f->groups);
	group_counts_free(&f->customers);
	group_counts_free(&f->orders);
}

int
main(int argc, char **argv)
{
	const struct record *rec;
	struct feedback f;
	struct cli cli;

	memset(&f, 0, sizeof(f));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &f.opt);
	f.common = &cli.common;
	load_side_files(&f);
	f.in = input_open(&cli.common, cli.files, cli.nfiles);
	bind_columns(&f);
	f.groups = table_new(sizeof(struct tally));
	open_outputs(&f, &cli);
	while ((rec = input_next(f.in)) != NULL)
		take_ticket(&f, rec);
	if (f.opt.summary != NULL)
		write_summary(&f);
	note_missed(&f);
	input_close(f.in);
	if (f.missed != NULL)
		writer_close(f.missed);
	writer_close(f.out);
	free_feedback(&f);
	cli_end(&cli);
	return 0;
}
