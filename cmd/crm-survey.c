/*
 * crm-survey: NPS, CSAT and CES from survey answers, each with its
 * confidence interval, overall or by group; the difference between two
 * groups with its test; or each customer's latest NPS answer and class.
 * Memory grows with the groups (and the customers with --per-customer),
 * never with the answers.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "date.h"
#include "groupcount.h"
#include "input.h"
#include "survey.h"
#include "table.h"
#include "text.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_WIDE = 256, OPT_BY, OPT_MIN_N, OPT_COMPARE, OPT_PER_CUSTOMER,
	OPT_SURVEYED, OPT_LEVEL, OPT_NPS, OPT_CSAT, OPT_CES, OPT_CSAT_SCALE,
	OPT_CES_SCALE, OPT_CUSTOMER, OPT_QUESTION, OPT_SCORE, OPT_DATE
};

static const struct option longopts[] = {
	{ "wide", no_argument, NULL, OPT_WIDE },
	{ "by", required_argument, NULL, OPT_BY },
	{ "min-n", required_argument, NULL, OPT_MIN_N },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "per-customer", no_argument, NULL, OPT_PER_CUSTOMER },
	{ "surveyed", required_argument, NULL, OPT_SURVEYED },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "nps", required_argument, NULL, OPT_NPS },
	{ "csat", required_argument, NULL, OPT_CSAT },
	{ "ces", required_argument, NULL, OPT_CES },
	{ "csat-scale", required_argument, NULL, OPT_CSAT_SCALE },
	{ "ces-scale", required_argument, NULL, OPT_CES_SCALE },
	{ "customer", required_argument, NULL, OPT_CUSTOMER },
	{ "question", required_argument, NULL, OPT_QUESTION },
	{ "score", required_argument, NULL, OPT_SCORE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-survey [options] [file ...]",
	"NPS, CSAT and CES with confidence intervals from survey answers\n"
	"(long form: customer_id, survey, question, score, date; or --wide),\n"
	"overall or --by a column; --compare two groups; or --per-customer.",
	"      --wide               one row per response, a column per metric"
	" (nps,\n"
	"                           csat, ces) instead of one row per answer\n"
	"      --by COL             one row per value of COL and metric; month"
	" groups\n"
	"                           by the date's YYYY-MM\n"
	"      --min-n N            suppress the score of groups with fewer"
	" answers\n"
	"                           (default 30)\n"
	"      --compare A,B        group B less group A for each metric, with"
	" its\n"
	"                           interval and test (needs --by)\n"
	"      --per-customer       each customer's latest NPS score and class\n"
	"      --surveyed N|FILE    customers surveyed: a number, or with --by"
	" a CSV\n"
	"                           of the group column and surveyed\n"
	"      --level P            confidence level (default 0.95)\n"
	"      --nps LIST           long form: question names of NPS (default"
	"\n"
	"                           nps,推荐度,净推荐值); --wide: its column\n"
	"      --csat LIST          the same for CSAT (default csat,满意度)\n"
	"      --ces LIST           the same for CES (default ces,费力度)\n"
	"      --csat-scale N       CSAT answers are 1..N (default 5)\n"
	"      --ces-scale N        CES answers are 1..N (default 7)\n"
	"      --customer COL       customer id column (default customer_id)\n"
	"      --question COL       question column (default question)\n"
	"      --score COL          score column (default score)\n"
	"      --date COL           answer date column (default survey_date)\n",
	"",
	longopts,
	CLI_REJECTS | CLI_DATE_FORMAT | CLI_PRECISION | CLI_CSV_OUT
};

static const char *const default_lists[NMETRICS] = {
	"nps,推荐度,净推荐值", "csat,满意度", "ces,费力度"
};

struct survey_options {
	bool wide, per_customer;
	const char *by, *surveyed;
	char *compare[2];
	long min_n;
	double level;
	const char *metric[NMETRICS];	/* question names, or --wide column */
	bool metric_given[NMETRICS];
	struct survey_scales scales;
	const char *customer, *question, *score, *date;
};

struct group {
	struct survey_tally tally[NMETRICS];
};

/* A customer's latest NPS answer so far. */
struct latest {
	int32_t day;
	int score;
};

struct answer {
	enum survey_metric metric;
	int score;
};

struct survey {
	struct survey_options opt;
	const struct common_options *common;
	struct input *in;
	long customer, question, score, date, by;
	long column[NMETRICS];	/* --wide */
	bool by_month;		/* --by month from the date column */
	struct table *groups;	/* group value -> struct group */
	struct table *latest;	/* customer -> struct latest */
	bool seen[NMETRICS];
	struct group_counts surveyed;
	unsigned long long skipped;	/* other questions, blank scores */
};

static void
parse_compare(struct survey_options *o, char *arg)
{
	char *comma = strchr(arg, ',');

	if (comma == NULL || comma == arg || comma[1] == '\0' ||
	    strchr(comma + 1, ',') != NULL)
		die_usage("--compare: '%s' is not two groups A,B", arg);
	*comma = '\0';		/* argv is ours to split */
	o->compare[0] = arg;
	o->compare[1] = comma + 1;
}

static void
metric_option(struct survey_options *o, enum survey_metric m,
    const char *arg)
{
	o->metric[m] = arg;
	o->metric_given[m] = true;
}

static void
check_options(const struct survey_options *o)
{
	if (o->compare[0] != NULL && o->by == NULL)
		die_usage("--compare needs --by: the column whose groups are "
		    "compared");
	if (o->per_customer && (o->by != NULL || o->compare[0] != NULL ||
	    o->surveyed != NULL))
		die_usage("--per-customer takes no --by, --compare or "
		    "--surveyed");
	if (o->surveyed != NULL && o->compare[0] != NULL)
		die_usage("--surveyed does not go with --compare");
}

static void
parse_options(struct cli *cli, struct survey_options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	o->min_n = 30;
	o->level = 0.95;
	memcpy(o->metric, default_lists, sizeof(o->metric));
	survey_default_scales(&o->scales);
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_WIDE: o->wide = true; break;
		case OPT_BY: o->by = cli->arg; break;
		case OPT_MIN_N: o->min_n = cli_long("--min-n", cli->arg, 1,
		    1000000000); break;
		case OPT_COMPARE: parse_compare(o, (char *)cli->arg); break;
		case OPT_PER_CUSTOMER: o->per_customer = true; break;
		case OPT_SURVEYED: o->surveyed = cli->arg; break;
		case OPT_LEVEL: o->level = cli_double("--level", cli->arg, 0.5,
		    0.9999); break;
		case OPT_NPS: metric_option(o, METRIC_NPS, cli->arg); break;
		case OPT_CSAT: metric_option(o, METRIC_CSAT, cli->arg); break;
		case OPT_CES: metric_option(o, METRIC_CES, cli->arg); break;
		case OPT_CSAT_SCALE: o->scales.highest[METRIC_CSAT] = (int)
		    cli_long("--csat-scale", cli->arg, 4, 10); break;
		case OPT_CES_SCALE: o->scales.highest[METRIC_CES] = (int)
		    cli_long("--ces-scale", cli->arg, 3, 10); break;
		case OPT_CUSTOMER: o->customer = cli->arg; break;
		case OPT_QUESTION: o->question = cli->arg; break;
		case OPT_SCORE: o->score = cli->arg; break;
		case OPT_DATE: o->date = cli->arg; break;
		default: die_usage("invalid option");
		}
	}
	check_options(o);
}

/* Input columns */

static void
bind_wide(struct survey *s, const struct record *h)
{
	enum survey_metric m;
	bool any = false;

	for (m = 0; m < NMETRICS; m++) {
		s->column[m] = column_find(h, survey_metric_name(m),
		    s->opt.metric_given[m] ? s->opt.metric[m] : NULL,
		    s->opt.metric_given[m]);
		any |= s->column[m] != COLUMN_NONE;
	}
	if (!any)
		column_find(h, "nps", NULL, true);	/* the error says why */
}

static void
bind_columns(struct survey *s)
{
	const struct record *h = input_header(s->in);
	const struct survey_options *o = &s->opt;

	s->customer = column_find(h, "customer_id", o->customer,
	    o->per_customer);
	s->date = column_find(h, "survey_date", o->date, false);
	if (o->wide)
		bind_wide(s, h);
	else {
		s->question = column_find(h, "question", o->question, true);
		s->score = column_find(h, "score", o->score, true);
	}
	s->by = COLUMN_NONE;
	if (o->by != NULL) {
		s->by = column_lookup(h, o->by);
		s->by_month = s->by == COLUMN_NONE && strcmp(o->by, "month") ==
		    0;
		if (s->by_month && s->date == COLUMN_NONE)
			die("--by month needs a date column (survey_date, date,"
			    " 日期 ...; or --date)");
		if (!s->by_month)
			s->by = column_require(h, o->by);
	}
}

/* Answers of a row */

static bool
parse_answer(struct survey *s, const struct record *rec, long col,
    enum survey_metric m, struct answer *a)
{
	const struct field *f = &rec->fields[col];
	const char *name = input_header(s->in)->fields[col].s;
	int lowest = survey_lowest(m), highest = s->opt.scales.highest[m];

	a->metric = m;
	switch (survey_parse_score(f->s, f->len, m, &s->opt.scales,
	    &a->score)) {
	case SCORE_OK:
		return true;
	case SCORE_NOT_NUMBER:
		input_reject(s->in, rec, "not a number (%s, '%.60s')", name,
		    f->s);
		return false;
	case SCORE_NOT_WHOLE:
		input_reject(s->in, rec, "%s scores are whole numbers (%s, "
		    "'%.60s')", survey_metric_name(m), name, f->s);
		return false;
	default:
		input_reject(s->in, rec, "not on the %s scale %d-%d (%s, "
		    "'%.60s')", survey_metric_name(m), lowest, highest, name,
		    f->s);
		return false;
	}
}

/* The row's answers into a[]; -1 after rejecting it. */
static int
row_answers(struct survey *s, const struct record *rec,
    struct answer a[NMETRICS])
{
	const struct field *q;
	enum survey_metric m;
	int n = 0;

	if (s->opt.wide) {
		for (m = 0; m < NMETRICS; m++) {
			if (s->column[m] == COLUMN_NONE ||
			    rec->fields[s->column[m]].len == 0)
				continue;
			if (!parse_answer(s, rec, s->column[m], m, &a[n++]))
				return -1;
		}
		return n;
	}
	q = &rec->fields[s->question];
	for (m = 0; m < NMETRICS; m++)
		if (in_word_list(s->opt.metric[m], q->s, q->len))
			break;
	if (m == NMETRICS || rec->fields[s->score].len == 0)
		return 0;
	return parse_answer(s, rec, s->score, m, &a[0]) ? 1 : -1;
}

/* Tallies */

static struct group *
group_of(struct survey *s, const char *key, size_t len)
{
	bool added;

	return table_upsert(s->groups, key, len, &added);
}

/* The row's group key into *key (in buf for a month). */
static void
row_group(struct survey *s, const struct record *rec, int32_t day,
    char *buf, const char **key, size_t *len)
{
	if (s->by_month) {
		date_format(day, buf);
		*key = buf;
		*len = 7;	/* YYYY-MM */
	} else if (s->by != COLUMN_NONE) {
		*key = rec->fields[s->by].s;
		*len = rec->fields[s->by].len;
	} else {
		*key = "";
		*len = 0;
	}
}

static void
note_latest(struct survey *s, const struct record *rec, int32_t day,
    int score)
{
	const struct field *id = &rec->fields[s->customer];
	struct latest *l;
	bool added;

	l = table_upsert(s->latest, id->s, id->len, &added);
	/* ties go to the later row, the answer given last */
	if (added || day >= l->day) {
		l->day = day;
		l->score = score;
	}
}

static void
take_row(struct survey *s, const struct record *rec)
{
	struct answer a[NMETRICS];
	char month[DATE_BUFSIZE];
	const char *key;
	struct group *g;
	int32_t day = 0;
	size_t len;
	int n, i;

	if ((n = row_answers(s, rec, a)) <= 0) {
		s->skipped += n == 0;
		return;
	}
	if (s->date != COLUMN_NONE && (s->by_month || s->opt.per_customer) &&
	    !input_date(s->in, rec, s->date, s->common->date_format, &day))
		return;
	if (s->opt.per_customer) {
		if (rec->fields[s->customer].len == 0) {
			input_reject(s->in, rec, "empty customer id");
			return;
		}
		for (i = 0; i < n; i++)
			if (a[i].metric == METRIC_NPS)
				break;
		if (i < n)	/* CSAT and CES answers are not wanted here */
			note_latest(s, rec, day, a[i].score);
		return;
	}
	row_group(s, rec, day, month, &key, &len);
	g = group_of(s, key, len);
	for (i = 0; i < n; i++) {
		survey_add(&g->tally[a[i].metric], a[i].metric, a[i].score);
		s->seen[a[i].metric] = true;
	}
}

/* Output */

static void
write_estimate(struct writer *w, const struct crm_estimate *e, bool shown)
{
	if (!shown) {
		writer_empty(w);
		writer_empty(w);
		writer_empty(w);
		writer_empty(w);
		return;
	}
	writer_number(w, e->value);
	writer_number(w, e->se);
	writer_number(w, e->low);
	writer_number(w, e->high);
}

static void
write_summary_header(const struct survey *s, struct writer *w)
{
	static const char *const names[] = { "metric", "responses",
		"surveyed", "response_rate", "score", "se", "ci_low",
		"ci_high", "top", "middle", "bottom", "suppressed", NULL };
	size_t i;

	if (s->opt.by != NULL)
		writer_string(w, s->by_month ? "month" :
		    input_header(s->in)->fields[s->by].s);
	for (i = 0; names[i]; i++)
		writer_string(w, names[i]);
	writer_end(w);
}

static void
write_summary_row(const struct survey *s, struct writer *w, size_t entry,
    enum survey_metric m)
{
	const struct group *g = table_value(s->groups, entry);
	struct survey_score sc;
	const char *key;
	double surveyed;
	size_t len;
	bool shown;
	int c;

	survey_score(m, &s->opt.scales, &g->tally[m], s->opt.level, &sc);
	shown = sc.status == 0 && sc.responses >= (double)s->opt.min_n;
	key = table_key(s->groups, entry, &len);
	surveyed = group_counts_get(&s->surveyed, key, len);
	if (s->opt.by != NULL)
		writer_text(w, key, len);
	writer_string(w, survey_metric_name(m));
	writer_int(w, (long long)sc.responses);
	if (surveyed >= 0)
		writer_int(w, (long long)surveyed);
	else
		writer_empty(w);
	if (surveyed > 0)
		writer_number(w, 100 * sc.responses / surveyed);
	else
		writer_empty(w);
	write_estimate(w, &sc.est, shown);
	for (c = CLASS_TOP; c >= CLASS_BOTTOM; c--)
		writer_int(w, (long long)sc.classes[c]);
	writer_int(w, !shown);
	writer_end(w);
}

static void
write_summary(struct survey *s, struct writer *w)
{
	size_t *order, i, len;
	enum survey_metric m;
	const char *key;

	/* groups surveyed without answers are written with 0 responses */
	for (i = 0; i < group_counts_size(&s->surveyed); i++) {
		key = group_counts_key(&s->surveyed, i, &len);
		group_of(s, key, len);
	}
	order = table_sorted_entries(s->groups);
	write_summary_header(s, w);
	for (i = 0; i < table_count(s->groups); i++)
		for (m = 0; m < NMETRICS; m++)
			if (s->seen[m])
				write_summary_row(s, w, order[i], m);
	free(order);
}

static const struct group *
compared_group(const struct survey *s, const char *name)
{
	const struct group *g = table_find(s->groups, name, strlen(name));

	if (g == NULL)
		die("--compare: no answers in group '%s' of %s", name,
		    s->by_month ? "month" : s->opt.by);
	return g;
}

static void
write_compare(struct survey *s, struct writer *w)
{
	static const char *const names[] = { "metric", "group_a", "group_b",
		"responses_a", "responses_b", "score_a", "score_b",
		"difference", "se", "ci_low", "ci_high", "statistic", "df",
		"p_value", "test", "suppressed", NULL };
	const struct group *g[2];
	struct survey_score sc[2];
	struct crm_difference d;
	enum survey_metric m;
	const char *test;
	bool shown;
	int i, status;

	for (i = 0; names[i]; i++)
		writer_string(w, names[i]);
	writer_end(w);
	g[0] = compared_group(s, s->opt.compare[0]);
	g[1] = compared_group(s, s->opt.compare[1]);
	for (m = 0; m < NMETRICS; m++) {
		if (!s->seen[m])
			continue;
		for (i = 0; i < 2; i++)
			survey_score(m, &s->opt.scales, &g[i]->tally[m],
			    s->opt.level, &sc[i]);
		status = survey_compare(m, &s->opt.scales, &g[0]->tally[m],
		    &g[1]->tally[m], s->opt.level, &d, &test);
		shown = status == 0 && sc[0].responses >= (double)s->opt.min_n &&
		    sc[1].responses >= (double)s->opt.min_n;
		writer_string(w, survey_metric_name(m));
		writer_string(w, s->opt.compare[0]);
		writer_string(w, s->opt.compare[1]);
		for (i = 0; i < 2; i++)
			writer_int(w, (long long)sc[i].responses);
		for (i = 0; i < 2; i++)
			if (shown)
				writer_number(w, sc[i].est.value);
			else
				writer_empty(w);
		if (shown) {
			writer_number(w, d.value);
			writer_number(w, d.se);
			writer_number(w, d.low);
			writer_number(w, d.high);
			writer_number(w, d.statistic);
			if (d.df > 0)
				writer_number(w, d.df);
			else
				writer_empty(w);
			writer_number(w, d.p_value);
		} else
			for (i = 0; i < 7; i++)
				writer_empty(w);
		writer_string(w, test);
		writer_int(w, !shown);
		writer_end(w);
	}
}

static void
write_per_customer(struct survey *s, struct writer *w)
{
	const struct latest *l;
	const char *id;
	size_t i, len;

	writer_string(w, input_header(s->in)->fields[s->customer].s);
	writer_string(w, "survey_date");
	writer_string(w, "nps_score");
	writer_string(w, "nps_class");
	writer_end(w);
	for (i = 0; i < table_count(s->latest); i++) {
		l = table_value(s->latest, i);
		id = table_key(s->latest, i, &len);
		writer_text(w, id, len);
		if (s->date != COLUMN_NONE)
			writer_date(w, l->day);
		else
			writer_empty(w);
		writer_int(w, l->score);
		writer_string(w, survey_nps_class(l->score));
		writer_end(w);
	}
}

int
main(int argc, char **argv)
{
	const struct record *rec;
	struct survey s;
	struct writer *w;
	struct cli cli;

	memset(&s, 0, sizeof(s));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &s.opt);
	s.common = &cli.common;
	s.groups = table_new(sizeof(struct group));
	s.latest = table_new(sizeof(struct latest));
	s.in = input_open(&cli.common, cli.files, cli.nfiles);
	bind_columns(&s);
	group_counts_load(&s.surveyed, "--surveyed", s.opt.surveyed,
	    &cli.common, s.by_month ? "month" : s.opt.by, "surveyed", false);
	w = writer_open(cli.common.output, &cli.common.out);
	while ((rec = input_next(s.in)) != NULL)
		take_row(&s, rec);
	if (s.opt.per_customer)
		write_per_customer(&s, w);
	else if (s.opt.compare[0] != NULL)
		write_compare(&s, w);
	else
		write_summary(&s, w);
	if (s.skipped > 0 && !cli.common.quiet)
		warnmsg("%llu of %llu rows hold no %s answer (other questions "
		    "or blank scores)", s.skipped, input_rows(s.in),
		    s.opt.per_customer ? "NPS" : "NPS, CSAT or CES");
	input_close(s.in);
	writer_close(w);
	table_free(s.groups);
	table_free(s.latest);
	group_counts_free(&s.surveyed);
	cli_end(&cli);
	return 0;
}
