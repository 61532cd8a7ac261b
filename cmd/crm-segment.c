/*
 * crm-segment: add one segment column to any per-customer CSV: value
 * tiers or ABC classes, quadrants of two measures, lifecycle stages,
 * ordered rules or k-means clusters; with --summary, one row per segment.
 *
 * Rules and lifecycle stages label each row as it is read. Tiers,
 * quadrants and clusters need a statistic over all rows first: the rows
 * are spooled to a temporary file while only the method's columns are
 * kept in memory, and replayed with their labels once those are known.
 *
 * The methods live in libcrm/segment/ (segment.h is the map), the figures
 * of --summary in libcrm/summary.c; this file parses the options, picks
 * the method and runs that loop.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "input.h"
#include "segment/segment.h"
#include "spool.h"
#include "summary.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_TIERS = 256, OPT_BY_VALUE, OPT_ABC, OPT_QUADRANT, OPT_AT,
	OPT_LIFECYCLE, OPT_NEW_DAYS, OPT_SILENT_DAYS, OPT_LOST_DAYS,
	OPT_LOST_P_ALIVE, OPT_FIRST_DATE, OPT_LAST_DATE, OPT_RULE, OPT_RULES,
	OPT_DEFAULT, OPT_KMEANS, OPT_COLS, OPT_LOG, OPT_SEED, OPT_RESTARTS,
	OPT_CENTROIDS, OPT_NAME, OPT_REPLACE, OPT_LABELS, OPT_LANG,
	OPT_SUMMARY, OPT_SUMMARY_COLS
};

static const struct option longopts[] = {
	{ "tiers", required_argument, NULL, OPT_TIERS },
	{ "by-value", no_argument, NULL, OPT_BY_VALUE },
	{ "abc", required_argument, NULL, OPT_ABC },
	{ "quadrant", required_argument, NULL, OPT_QUADRANT },
	{ "at", required_argument, NULL, OPT_AT },
	{ "lifecycle", no_argument, NULL, OPT_LIFECYCLE },
	{ "new-days", required_argument, NULL, OPT_NEW_DAYS },
	{ "silent-days", required_argument, NULL, OPT_SILENT_DAYS },
	{ "lost-days", required_argument, NULL, OPT_LOST_DAYS },
	{ "lost-p-alive", required_argument, NULL, OPT_LOST_P_ALIVE },
	{ "first-date", required_argument, NULL, OPT_FIRST_DATE },
	{ "last-date", required_argument, NULL, OPT_LAST_DATE },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "default", required_argument, NULL, OPT_DEFAULT },
	{ "kmeans", required_argument, NULL, OPT_KMEANS },
	{ "cols", required_argument, NULL, OPT_COLS },
	{ "log", no_argument, NULL, OPT_LOG },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "restarts", required_argument, NULL, OPT_RESTARTS },
	{ "centroids", required_argument, NULL, OPT_CENTROIDS },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "replace", no_argument, NULL, OPT_REPLACE },
	{ "labels", required_argument, NULL, OPT_LABELS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "summary-cols", required_argument, NULL, OPT_SUMMARY_COLS },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-segment method [options] [file ...]",
	"Add a segment column to a per-customer CSV: value tiers, ABC\n"
	"classes, quadrants, lifecycle stages, rules or k-means clusters.",
	"Methods (one per run):\n"
	"      --tiers COL=SPEC     tiers by COL, highest first; SPEC is"
	" LABEL:SHARE,...\n"
	"                           and a last LABEL for the rest, e.g.\n"
	"                           monetary=gold:0.2,silver:0.3,bronze"
	" (shares of\n"
	"                           customers)\n"
	"      --by-value           --tiers shares are shares of COL's total\n"
	"      --abc COL=CUTS       A, B, C... by cumulative share of COL's"
	" total,\n"
	"                           e.g. monetary=0.8,0.95\n"
	"      --quadrant X,Y       four quadrants: X and Y each high (above"
	" the split)\n"
	"                           or low\n"
	"      --at SPLIT           median, mean or VALUE,VALUE (default"
	" median)\n"
	"      --lifecycle          potential, new, active, silent or lost"
	" from\n"
	"                           first_date and last_date (or tenure_days"
	" and\n"
	"                           recency_days) and p_alive when present\n"
	"      --new-days N         new: first purchase in the last N days"
	" (default 30)\n"
	"      --silent-days N      silent: no purchase for N days (default"
	" 90)\n"
	"      --lost-days N        lost: no purchase for N days (default"
	" 180)\n"
	"      --lost-p-alive P     lost: p_alive below P (default 0.2)\n"
	"      --first-date COL     first purchase date column (default"
	" first_date)\n"
	"      --last-date COL      last purchase date column (default"
	" last_date)\n"
	"      --rule 'L: COND'     label L where COND holds; repeat it, the"
	" first\n"
	"                           rule that matches wins\n"
	"      --rules FILE         rules from FILE, one a line; # starts a"
	" comment\n"
	"      --default LABEL      label when no rule matches (default"
	" other)\n"
	"      --kmeans K           k-means clusters 1..K, numbered by size;"
	" auto: K\n"
	"                           from 2 to 10 by silhouette\n"
	"      --cols A,B,...       the k-means features (numeric columns)\n"
	"      --log                k-means: log(1 + value) before z-scores\n"
	"      --seed N             k-means random seed (default 1)\n"
	"      --restarts N         k-means starts, the best is kept"
	" (default 4)\n"
	"      --centroids FILE     write each cluster's size, WSS and"
	" centroid\n"
	"Output:\n"
	"      --name NAME          the column to add (default segment)\n"
	"      --replace            overwrite column NAME when the input has"
	" it\n"
	"      --labels L1,L2,...   rename the segments, in the method's"
	" order\n"
	"      --lang LANG          labels in en or zh (default en)\n"
	"      --summary            one row per segment instead: count, share"
	" and the\n"
	"                           sum, mean and median of summary columns\n"
	"      --summary-cols A,B   summary columns (default: the method's"
	" columns\n"
	"                           and monetary)\n",
	"",
	longopts,
	CLI_ALL
};

enum method {
	NO_METHOD, TIERS, ABC, QUADRANT, LIFECYCLE, RULES, KMEANS, NMETHODS
};

static const struct segment_method *const methods[NMETHODS] = {
	NULL, &segment_tiers, &segment_abc, &segment_quadrant,
	&segment_lifecycle, &segment_rules, &segment_kmeans
};

struct options {
	enum method method;
	const char *stray[NMETHODS];	/* an option of a method not chosen */
	const char *summary_cols;
	bool replace, summary;
	struct segment_options seg;	/* the method's; --name, --labels */
};

/* One run: the method, and what the output needs of each row. */
struct run {
	const struct options *o;
	const struct common_options *common;
	struct segment seg;
	struct input *in;
	struct summary *summary;	/* --summary */
	struct spool *spool;		/* rows of a two-pass method */
	struct writer *w;
	long replace_col;
	unsigned *class;	/* each kept row's class, when kept */
	size_t nrows, cap;
};

/* Options */

static void
set_method(struct options *o, enum method m)
{
	if (o->method != NO_METHOD && o->method != m)
		die_usage("%s and %s: one method per run",
		    methods[o->method]->option, methods[m]->option);
	o->method = m;
}

/* "COL=SPEC": the column, and the tiers or cuts after the '='. */
static void
split_column_spec(struct options *o, const char *option, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		die_usage("%s: '%s' is not COL=%s", option, arg,
		    strcmp(option, "--tiers") == 0 ? "LABEL:SHARE,...,LABEL" :
		    "CUT,CUT,...");
	free(o->seg.tiers.column);
	o->seg.tiers.column = xstrndup(arg, (size_t)(eq - arg));
	o->seg.tiers.spec = eq + 1;
}

static bool
method_choice(struct cli *cli, struct options *o, int opt)
{
	switch (opt) {
	case OPT_TIERS:
	case OPT_ABC:
		set_method(o, opt == OPT_TIERS ? TIERS : ABC);
		split_column_spec(o, opt == OPT_TIERS ? "--tiers" : "--abc",
		    cli->arg);
		return true;
	case OPT_QUADRANT:
		set_method(o, QUADRANT);
		o->seg.quadrant.axes = cli->arg;
		return true;
	case OPT_LIFECYCLE: set_method(o, LIFECYCLE); return true;
	case OPT_RULE:
		segment_add_rule(&o->seg, cli->arg, NULL, 0);
		set_method(o, RULES);
		return true;
	case OPT_RULES:
		segment_read_rules(&o->seg, cli->arg);
		set_method(o, RULES);
		return true;
	case OPT_KMEANS:
		set_method(o, KMEANS);
		o->seg.kmeans.k = strcmp(cli->arg, "auto") == 0 ?
		    SEGMENT_AUTO_K : (int)cli_long("--kmeans", cli->arg, 1,
		    1000);
		return true;
	}
	return false;
}

static bool
lifecycle_option(struct cli *cli, struct options *o, int opt)
{
	const char *a = cli->arg;

	switch (opt) {
	case OPT_NEW_DAYS: o->seg.lifecycle.new_days = cli_long("--new-days",
	    a, 1, 100000); break;
	case OPT_SILENT_DAYS: o->seg.lifecycle.silent_days = cli_long(
	    "--silent-days", a, 1, 100000); break;
	case OPT_LOST_DAYS: o->seg.lifecycle.lost_days = cli_long(
	    "--lost-days", a, 1, 100000); break;
	case OPT_LOST_P_ALIVE: o->seg.lifecycle.lost_p_alive = cli_double(
	    "--lost-p-alive", a, 0, 1); break;
	case OPT_FIRST_DATE: o->seg.lifecycle.first_date = a; break;
	case OPT_LAST_DATE: o->seg.lifecycle.last_date = a; break;
	default: return false;
	}
	return true;
}

/* An option that tunes a method: remembered to check it is the one. */
static bool
method_option_value(struct cli *cli, struct options *o, int opt)
{
	const char *a = cli->arg;

	switch (opt) {
	case OPT_BY_VALUE: o->seg.tiers.by_value = true; break;
	case OPT_AT: o->seg.quadrant.at = a; break;
	case OPT_DEFAULT: o->seg.rules.default_label = a; break;
	case OPT_COLS: o->seg.kmeans.cols = a; break;
	case OPT_LOG: o->seg.kmeans.log = true; break;
	case OPT_SEED: o->seg.kmeans.seed = (unsigned long)cli_long("--seed",
	    a, 0, 2147483647); break;
	case OPT_RESTARTS: o->seg.kmeans.restarts = (int)cli_long(
	    "--restarts", a, 1, 1000); break;
	case OPT_CENTROIDS: o->seg.kmeans.centroids = a; break;
	default: return lifecycle_option(cli, o, opt);
	}
	return true;
}

/* The method each tuning option belongs to. */
static enum method
owner_of(int opt)
{
	if (opt == OPT_BY_VALUE)
		return TIERS;
	if (opt == OPT_AT)
		return QUADRANT;
	if (opt >= OPT_NEW_DAYS && opt <= OPT_LAST_DATE)
		return LIFECYCLE;
	if (opt == OPT_DEFAULT)
		return RULES;
	return KMEANS;
}

static bool
output_option(struct cli *cli, struct options *o, int opt)
{
	static const char *const langs[] = { "en", "zh", NULL };

	switch (opt) {
	case OPT_NAME: o->seg.name = cli->arg; break;
	case OPT_REPLACE: o->replace = true; break;
	case OPT_LABELS: o->seg.labels = cli->arg; break;
	case OPT_LANG: o->seg.lang = cli_choice("--lang", cli->arg, langs);
		break;
	case OPT_SUMMARY: o->summary = true; break;
	case OPT_SUMMARY_COLS: o->summary_cols = cli->arg; break;
	default: return false;
	}
	return true;
}

static const char *
option_name(int opt)
{
	const struct option *p;

	for (p = longopts; p->name; p++)
		if (p->val == opt)
			return p->name;
	return "?";
}

static void
parse_options(struct cli *cli, struct options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	segment_options_init(&o->seg);
	while ((opt = cli_next(cli)) != -1) {
		if (method_choice(cli, o, opt) || output_option(cli, o, opt))
			continue;
		if (!method_option_value(cli, o, opt))
			die_usage("invalid option");
		o->stray[owner_of(opt)] = option_name(opt);
	}
}

static void
check_options(const struct options *o)
{
	const struct segment_options *s = &o->seg;
	enum method m;

	if (o->method == NO_METHOD)
		die_usage("choose a method: --tiers, --abc, --quadrant, "
		    "--lifecycle, --rule, --rules or --kmeans");
	for (m = TIERS; m < NMETHODS; m++)
		if (o->stray[m] && m != o->method &&
		    !(m == TIERS && o->method == ABC))
			die_usage("--%s goes with %s", o->stray[m],
			    methods[m]->option);
	if (*s->name == '\0')
		die_usage("--name: the column needs a name");
	if (s->lifecycle.silent_days >= s->lifecycle.lost_days)
		die_usage("--silent-days (%ld) must be less than --lost-days "
		    "(%ld)", s->lifecycle.silent_days, s->lifecycle.lost_days);
	if (o->method == KMEANS && s->kmeans.cols == NULL)
		die_usage("--kmeans needs --cols, the columns to cluster on");
	if (s->labels && (o->method == TIERS || o->method == RULES))
		die_usage("--labels does not go with %s, which names its own "
		    "segments", methods[o->method]->option);
	if (s->labels && o->method == KMEANS && s->kmeans.k == SEGMENT_AUTO_K)
		die_usage("--labels does not go with --kmeans auto");
	if (o->summary_cols && !o->summary)
		die_usage("--summary-cols goes with --summary");
}

/* Output */

static void
write_header(struct run *r)
{
	const struct record *header = r->seg.header;
	size_t i;

	if (r->common->in.no_header)
		return;		/* none in, none out */
	for (i = 0; i < header->nfields; i++)
		writer_text(r->w, header->fields[i].s, header->fields[i].len);
	if (r->replace_col == COLUMN_NONE)
		writer_string(r->w, r->o->seg.name);
	writer_end(r->w);
}

static void
write_row(struct run *r, const struct record *rec, unsigned class)
{
	const char *label = segment_class_label(&r->seg.classes, class);
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if ((long)i == r->replace_col)
			writer_string(r->w, label);
		else
			writer_text(r->w, rec->fields[i].s, rec->fields[i].len);
	if (r->replace_col == COLUMN_NONE)
		writer_string(r->w, label);
	writer_end(r->w);
}

/* The spooled rows of a two-pass method, now that they have a class. */
static void
replay(struct run *r)
{
	const struct record *rec;
	size_t i = 0;

	spool_rewind(r->spool);
	while ((rec = spool_next(r->spool)) != NULL)
		write_row(r, rec, r->class[i++]);
}

/* One row per segment: classes that share a label are one. */
static void
write_summary(struct run *r)
{
	struct writer *w = writer_open(r->common->output, &r->common->out);
	const struct segment_classes *c = &r->seg.classes;
	unsigned *group = xreallocarray(NULL, r->nrows ? r->nrows : 1,
	    sizeof(*group));
	size_t i;

	for (i = 0; i < r->nrows; i++)
		group[i] = c->of_class[r->class[i]];
	summary_write(r->summary, w, r->o->seg.name, c->label, c->count,
	    group);
	writer_close(w);
	free(group);
}

/* Reading */

/* --summary-cols, else the method's columns and monetary. */
static void
bind_summary(struct run *r)
{
	const struct record *header = r->seg.header;
	size_t n, j;
	long *cols, monetary;

	r->summary = summary_open();
	if (r->o->summary_cols) {
		cols = column_require_list(header, r->o->summary_cols, &n);
		for (j = 0; j < n; j++)
			summary_add_column(r->summary, header, cols[j]);
		free(cols);
		return;
	}
	for (j = 0; j < r->seg.ncols; j++)
		summary_add_column(r->summary, header, r->seg.cols[j]);
	monetary = column_find(header, "monetary", NULL, false);
	if (monetary != COLUMN_NONE)
		summary_add_column(r->summary, header, monetary);
}

/* The column --name adds, or replaces with --replace. */
static void
bind_name(struct run *r)
{
	const struct record *header = input_header(r->in);
	const char *name = r->o->seg.name;
	size_t i;

	r->replace_col = COLUMN_NONE;
	for (i = 0; i < header->nfields; i++)
		if (strcmp(header->fields[i].s, name) == 0)
			r->replace_col = (long)i;
	if (r->replace_col != COLUMN_NONE && !r->o->replace && !r->o->summary)
		die("the input already has a column '%s'; --name gives the "
		    "new one another name, --replace overwrites it", name);
}

static void
prepare(struct run *r)
{
	bind_name(r);
	segment_bind(&r->seg, r->in);
	if (r->o->summary) {
		bind_summary(r);
		return;
	}
	r->w = writer_open(r->common->output, &r->common->out);
	write_header(r);
	if (r->seg.method->two_pass)
		r->spool = spool_open();
}

/*
 * Rows are written as they are labelled when they can be; else each
 * kept row's class is kept, and a two-pass method's rows are spooled.
 */
static void
keep_row(struct run *r, const struct record *rec, unsigned class)
{
	if (!r->seg.method->two_pass && !r->o->summary) {
		write_row(r, rec, class);
		return;
	}
	r->class = segment_grow(r->class, &r->cap, r->nrows,
	    sizeof(*r->class));
	r->class[r->nrows++] = class;
	if (r->spool)
		spool_put(r->spool, rec);
}

static void
read_rows(struct run *r)
{
	const struct record *rec;
	unsigned class;

	while ((rec = input_next(r->in)) != NULL) {
		class = 0;
		if (r->seg.method->row(&r->seg, rec, r->nrows, &class) &&
		    (r->summary == NULL || summary_add_row(r->summary, r->in,
		    rec, r->common->decimal)))
			keep_row(r, rec, class);
	}
}

static void
finish(struct run *r)
{
	if (r->summary) {
		write_summary(r);
		summary_close(r->summary);
	} else {
		if (r->spool)
			replay(r);
		writer_close(r->w);
	}
	segment_end(&r->seg);		/* and the centroids, if asked */
	input_close(r->in);
	if (r->spool)
		spool_close(r->spool);
	free(r->class);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct options o;
	struct run r;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	check_options(&o);
	memset(&r, 0, sizeof(r));
	r.o = &o;
	r.common = &cli.common;
	segment_begin(&r.seg, methods[o.method], &o.seg, &cli.common);
	r.in = input_open(&cli.common, cli.files, cli.nfiles);
	prepare(&r);
	read_rows(&r);
	segment_decide(&r.seg, r.class, r.nrows);
	finish(&r);
	segment_options_free(&o.seg);
	cli_end(&cli);
	return 0;
}
