/*
 * crm-segment: add one segment column to any per-customer CSV: value
 * tiers or ABC classes, quadrants of two measures, lifecycle stages,
 * ordered rules or k-means clusters; with --summary, one row per segment.
 *
 * Rules and lifecycle stages label each row as it is read. Tiers,
 * quadrants and clusters need a statistic over all rows first: the rows
 * are spooled to a temporary file while only the method's columns are
 * kept in memory, and replayed with their labels once those are known.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "date.h"
#include "expr.h"
#include "input.h"
#include "model/kmeans.h"
#include "num.h"
#include "spool.h"
#include "stats.h"
#include "text.h"
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

static const char *const method_option[NMETHODS] = {
	"", "--tiers", "--abc", "--quadrant", "--lifecycle", "--rule",
	"--kmeans"
};

enum { LANG_EN, LANG_ZH };
enum { AUTO_K = 0, KMIN = 2, KMAX = 10, SILHOUETTE_SAMPLE = 2000 };

#define PPB 1000000000ull	/* shares are kept in parts per billion */

/* A rule as written: on the command line, or a line of a file. */
struct rule_source {
	const char *text;
	char *owned;		/* text read from a file */
	const char *file;	/* NULL: --rule */
	unsigned long number;	/* the line in file, or the rule's number */
};

struct options {
	enum method method;
	const char *stray[NMETHODS];	/* an option of a method not chosen */
	const char *name, *labels, *summary_cols;
	bool replace, summary, by_value, log;
	int lang;
	char *value_column;	/* --tiers, --abc: COL of COL=SPEC */
	const char *cuts;	/* and its SPEC */
	const char *axes, *at;			/* --quadrant */
	long new_days, silent_days, lost_days;
	double lost_p_alive;
	const char *first_date, *last_date;
	struct rule_source *rules;
	size_t nrules;
	const char *default_label;
	int k;					/* AUTO_K: --kmeans auto */
	const char *cols, *centroids;
	unsigned long seed;
	int restarts;
};

/*
 * The method sorts each row into a class (a tier, a quadrant, a rule);
 * classes with the same label are one segment, listed in class order.
 */
struct segments {
	char **label;
	size_t count;
	unsigned *of_class;
	size_t nclasses;
};

struct summary_column {
	long col;
	const char *name;
	bool exact;		/* every value an exact amount: sum in money */
};

struct segmenter {
	const struct options *o;
	const struct common_options *common;
	struct input *in;
	const struct record *header;
	struct segments seg;
	long *cols;		/* the method's columns */
	size_t ncols;
	uint64_t *cut;		/* tiers, abc: cumulative shares in PPB */
	double split[2];	/* quadrant: where high begins, if given */
	bool split_given;
	long first_col, last_col, p_alive_col;	/* lifecycle */
	bool first_is_date, last_is_date;
	struct expr **rules;
	size_t *rule_offset;	/* where each rule's condition starts */
	/* What pass 1 keeps of each row it accepts. */
	size_t nrows, cap;
	double *values;		/* nrows x ncols */
	money_t *amounts;	/* nrows: --by-value and --abc */
	unsigned *label;	/* nrows: classes */
	struct summary_column *sum;
	size_t nsum;
	double *sum_values;	/* nrows x nsum; NAN for an empty cell */
	money_t *sum_money;	/* nrows x nsum, while exact */
	/* Scratch for the row being read. */
	double *row_values, *row_sum;
	money_t row_amount, *row_money;
	unsigned row_label;
	struct spool *spool;
	struct writer *w;
	long replace_col;
	struct crm_kmeans_result km;
	double km_score[KMAX + 1];
	double *features;	/* nrows x ncols, as k-means sees them */
};

/* Options */

static void
set_method(struct options *o, enum method m)
{
	if (o->method != NO_METHOD && o->method != m)
		die_usage("%s and %s: one method per run",
		    method_option[o->method], method_option[m]);
	o->method = m;
}

static void
add_rule(struct options *o, const char *text, const char *file,
    unsigned long line)
{
	struct rule_source *r;

	o->rules = xreallocarray(o->rules, o->nrules + 1, sizeof(*o->rules));
	r = &o->rules[o->nrules++];
	r->text = text;
	r->owned = file ? (char *)text : NULL;
	r->file = file;
	r->number = file ? line : o->nrules;
	set_method(o, RULES);
}

static bool
blank_or_comment(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

/* One rule a line; blank lines and lines starting with # are skipped. */
static void
read_rules_file(struct options *o, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t size = 0, before = o->nrules;
	ssize_t len;
	unsigned long number = 0;

	if (fp == NULL)
		die("%s: %s", path, strerror(errno));
	while ((len = getline(&line, &size, fp)) != -1) {
		number++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!blank_or_comment(line))
			add_rule(o, xstrdup(line), path, number);
	}
	if (ferror(fp))
		die("%s: %s", path, strerror(errno));
	fclose(fp);
	free(line);
	if (o->nrules == before)
		die_usage("--rules %s: no rules in the file", path);
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
	free(o->value_column);
	o->value_column = xstrndup(arg, (size_t)(eq - arg));
	o->cuts = eq + 1;
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
		o->axes = cli->arg;
		return true;
	case OPT_LIFECYCLE: set_method(o, LIFECYCLE); return true;
	case OPT_RULE: add_rule(o, cli->arg, NULL, 0); return true;
	case OPT_RULES: read_rules_file(o, cli->arg); return true;
	case OPT_KMEANS:
		set_method(o, KMEANS);
		o->k = strcmp(cli->arg, "auto") == 0 ? AUTO_K :
		    (int)cli_long("--kmeans", cli->arg, 1, 1000);
		return true;
	}
	return false;
}

/* An option that tunes a method: remembered to check it is the one. */
static bool
method_option_value(struct cli *cli, struct options *o, int opt)
{
	const char *a = cli->arg;

	switch (opt) {
	case OPT_BY_VALUE: o->by_value = true; break;
	case OPT_AT: o->at = a; break;
	case OPT_NEW_DAYS: o->new_days = cli_long("--new-days", a, 1,
	    100000); break;
	case OPT_SILENT_DAYS: o->silent_days = cli_long("--silent-days", a, 1,
	    100000); break;
	case OPT_LOST_DAYS: o->lost_days = cli_long("--lost-days", a, 1,
	    100000); break;
	case OPT_LOST_P_ALIVE: o->lost_p_alive = cli_double("--lost-p-alive",
	    a, 0, 1); break;
	case OPT_FIRST_DATE: o->first_date = a; break;
	case OPT_LAST_DATE: o->last_date = a; break;
	case OPT_DEFAULT: o->default_label = a; break;
	case OPT_COLS: o->cols = a; break;
	case OPT_LOG: o->log = true; break;
	case OPT_SEED: o->seed = (unsigned long)cli_long("--seed", a, 0,
	    2147483647); break;
	case OPT_RESTARTS: o->restarts = (int)cli_long("--restarts", a, 1,
	    1000); break;
	case OPT_CENTROIDS: o->centroids = a; break;
	default: return false;
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
	case OPT_NAME: o->name = cli->arg; break;
	case OPT_REPLACE: o->replace = true; break;
	case OPT_LABELS: o->labels = cli->arg; break;
	case OPT_LANG: o->lang = cli_choice("--lang", cli->arg, langs); break;
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
	o->name = "segment";
	o->new_days = 30;
	o->silent_days = 90;
	o->lost_days = 180;
	o->lost_p_alive = 0.2;
	o->seed = 1;
	o->restarts = 4;
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
	enum method m;

	if (o->method == NO_METHOD)
		die_usage("choose a method: --tiers, --abc, --quadrant, "
		    "--lifecycle, --rule, --rules or --kmeans");
	for (m = TIERS; m < NMETHODS; m++)
		if (o->stray[m] && m != o->method &&
		    !(m == TIERS && o->method == ABC))
			die_usage("--%s goes with %s", o->stray[m],
			    method_option[m]);
	if (*o->name == '\0')
		die_usage("--name: the column needs a name");
	if (o->silent_days >= o->lost_days)
		die_usage("--silent-days (%ld) must be less than --lost-days "
		    "(%ld)", o->silent_days, o->lost_days);
	if (o->method == KMEANS && o->cols == NULL)
		die_usage("--kmeans needs --cols, the columns to cluster on");
	if (o->labels && (o->method == TIERS || o->method == RULES))
		die_usage("--labels does not go with %s, which names its own "
		    "segments", method_option[o->method]);
	if (o->labels && o->method == KMEANS && o->k == AUTO_K)
		die_usage("--labels does not go with --kmeans auto");
	if (o->summary_cols && !o->summary)
		die_usage("--summary-cols goes with --summary");
}

/* Lists */

/* The items of a comma-separated list, as new strings; *n of them. */
static char **
split_list(const char *list, size_t *n)
{
	char **item = NULL;
	const char *p = list, *comma;

	*n = 0;
	for (;;) {
		comma = strchr(p, ',');
		item = xreallocarray(item, *n + 1, sizeof(*item));
		item[(*n)++] = comma ? xstrndup(p, (size_t)(comma - p)) :
		    xstrdup(p);
		if (comma == NULL)
			return item;
		p = comma + 1;
	}
}

static void
free_list(char **item, size_t n)
{
	while (n > 0)
		free(item[--n]);
	free(item);
}

/* Segments */

static unsigned
add_class(struct segments *seg, const char *label)
{
	size_t i;

	for (i = 0; i < seg->count; i++)
		if (strcmp(seg->label[i], label) == 0)
			break;
	if (i == seg->count) {
		seg->label = xreallocarray(seg->label, seg->count + 1,
		    sizeof(*seg->label));
		seg->label[seg->count++] = xstrdup(label);
	}
	seg->of_class = xreallocarray(seg->of_class, seg->nclasses + 1,
	    sizeof(*seg->of_class));
	seg->of_class[seg->nclasses] = (unsigned)i;
	return (unsigned)seg->nclasses++;
}

static void
free_segments(struct segments *seg)
{
	free_list(seg->label, seg->count);
	free(seg->of_class);
	memset(seg, 0, sizeof(*seg));
}

/* The classes named by labels[0..n), or by --labels when given. */
static void
define_classes(struct segmenter *s, const char *const *labels, size_t n)
{
	char **given;
	size_t count, i;

	if (s->o->labels == NULL) {
		for (i = 0; i < n; i++)
			add_class(&s->seg, labels[i]);
		return;
	}
	given = split_list(s->o->labels, &count);
	if (count != n)
		die_usage("--labels: %zu labels for %zu segments", count, n);
	for (i = 0; i < n; i++) {
		if (*given[i] == '\0')
			die_usage("--labels: label %zu is empty", i + 1);
		add_class(&s->seg, given[i]);
	}
	free_list(given, count);
}

static const char *
class_label(const struct segmenter *s, unsigned class)
{
	return s->seg.label[s->seg.of_class[class]];
}

/* Tiers and ABC classes */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "0.2" or "20%" in parts per billion; false unless in (0, 1]. */
static bool
parse_share(const char *s, uint64_t *ppb)
{
	size_t len = strlen(s), i = 0, digits = 0;
	uint64_t unit = PPB, whole = 0, place;

	if (len > 0 && s[len - 1] == '%') {
		unit = PPB / 100;
		len--;
	}
	for (; i < len && is_digit(s[i]) && whole <= 100; i++, digits++)
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	*ppb = whole * unit;
	if (i < len && s[i] == '.')
		for (i++, place = unit / 10; i < len && is_digit(s[i]);
		    i++, digits++, place /= 10) {
			if (place == 0 && s[i] != '0')
				return false;	/* finer than a billionth */
			*ppb += place * (uint64_t)(s[i] - '0');
		}
	return i == len && digits > 0 && whole <= 100 && *ppb > 0 &&
	    *ppb <= PPB;
}

static char *
format_share(uint64_t ppb, char *buf)
{
	number_format((double)ppb / PPB, -1, buf);
	return buf;
}

/* One LABEL:SHARE (or a last LABEL) of a --tiers SPEC. */
static uint64_t
tier_share(const char *spec, char *item, bool last, const char **label)
{
	char *colon = strrchr(item, ':');
	uint64_t ppb = 0;

	*label = item;
	if (colon == NULL && !last)
		die_usage("--tiers %s: '%s' needs a share, as in %s:0.2 (only "
		    "the last tier takes the rest)", spec, item, item);
	if (colon != NULL) {
		*colon = '\0';
		if (!parse_share(colon + 1, &ppb))
			die_usage("--tiers %s: '%s' is not a share above 0 and "
			    "at most 1 (0.2 or 20%%)", spec, colon + 1);
	}
	if (**label == '\0')
		die_usage("--tiers %s: a tier without a label", spec);
	return ppb;
}

static void
check_total(const char *spec, uint64_t total, bool rest, const char *last)
{
	char buf[NUMBER_BUFSIZE];

	if (!rest && total != PPB)
		die_usage("--tiers %s: the shares add up to %s, not 1; leave "
		    "out the last share to give that tier the rest", spec,
		    format_share(total, buf));
	if (rest && total >= PPB)
		die_usage("--tiers %s: the shares add up to %s, leaving "
		    "nothing for '%s'", spec, total > 1000 * PPB ? "more than "
		    "1000" : format_share(total, buf), last);
}

static void
parse_tiers(struct segmenter *s, const char *spec)
{
	size_t n, i;
	char **item = split_list(spec, &n);
	const char **label = xreallocarray(NULL, n, sizeof(*label));
	uint64_t total = 0, share = 0;

	s->cut = xreallocarray(NULL, n, sizeof(*s->cut));
	for (i = 0; i < n; i++) {
		share = tier_share(spec, item[i], i == n - 1, &label[i]);
		total += share;
		s->cut[i] = total;
	}
	check_total(spec, total, share == 0, label[n - 1]);
	define_classes(s, label, n);
	free(label);
	free_list(item, n);
}

static void
parse_abc(struct segmenter *s, const char *spec)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n, i;
	char **item = split_list(spec, &n), names[26][2];
	const char *label[26];

	if (n > 25)
		die_usage("--abc %s: at most 25 cut points", spec);
	s->cut = xreallocarray(NULL, n + 1, sizeof(*s->cut));
	for (i = 0; i <= n; i++) {
		if (i < n && (!parse_share(item[i], &s->cut[i]) ||
		    s->cut[i] == PPB || (i > 0 && s->cut[i] <= s->cut[i - 1])))
			die_usage("--abc %s: cut points are rising cumulative "
			    "shares above 0 and below 1, as in 0.8,0.95", spec);
		names[i][0] = letters[i];
		names[i][1] = '\0';
		label[i] = names[i];
	}
	s->cut[n] = PPB;
	define_classes(s, label, n + 1);
	free_list(item, n);
}

/*
 * The tier of a tie group from what lies strictly above it: the first
 * tier whose cumulative share still exceeds greater / total. So equal
 * values share a tier, and a group that straddles a boundary goes to
 * the better tier.
 */
static unsigned
tier_of(const struct segmenter *s, unsigned __int128 greater,
    unsigned __int128 total)
{
	unsigned tier;

	if (total == 0)
		return 0;
	for (tier = 0; tier + 1 < s->seg.nclasses; tier++)
		if (greater * PPB < (unsigned __int128)s->cut[tier] * total)
			break;
	return tier;
}

struct ranked_number {
	double value;
	size_t row;
};

static int
by_number_descending(const void *a, const void *b)
{
	const struct ranked_number *x = a, *y = b;

	return (x->value < y->value) - (x->value > y->value);
}

/* Tiers by shares of customers: greater counts customers. */
static void
tiers_by_count(struct segmenter *s)
{
	size_t n = s->nrows, i, start = 0;
	struct ranked_number *r = xreallocarray(NULL, n ? n : 1, sizeof(*r));

	for (i = 0; i < n; i++) {
		r[i].value = s->values[i];
		r[i].row = i;
	}
	qsort(r, n, sizeof(*r), by_number_descending);
	for (i = 0; i < n; i++) {
		if (r[i].value != r[start].value)
			start = i;
		s->label[r[i].row] = tier_of(s, start, n);
	}
	free(r);
}

struct ranked_amount {
	money_t amount;
	size_t row;
};

static int
by_amount_descending(const void *a, const void *b)
{
	const struct ranked_amount *x = a, *y = b;

	return (x->amount < y->amount) - (x->amount > y->amount);
}

/* Tiers by shares of the total: greater sums the larger amounts. */
static void
tiers_by_value(struct segmenter *s)
{
	size_t n = s->nrows, i;
	struct ranked_amount *r = xreallocarray(NULL, n ? n : 1, sizeof(*r));
	unsigned __int128 total = 0, above = 0, greater = 0;

	for (i = 0; i < n; i++) {
		r[i].amount = s->amounts[i];
		r[i].row = i;
		total += (unsigned __int128)s->amounts[i];
	}
	qsort(r, n, sizeof(*r), by_amount_descending);
	for (i = 0; i < n; i++) {
		if (i > 0 && r[i].amount != r[i - 1].amount)
			greater = above;
		s->label[r[i].row] = tier_of(s, greater, total);
		above += (unsigned __int128)r[i].amount;
	}
	free(r);
}

/* Quadrants */

static const char *const quadrant_names[2][2][4] = {
	{	/* any two measures: X first */
		{ "high-high", "high-low", "low-high", "low-low" },
		{ "高-高", "高-低", "低-高", "低-低" },
	}, {	/* frequency x amount */
		{ "high frequency-high amount", "high frequency-low amount",
		  "low frequency-high amount", "low frequency-low amount" },
		{ "高频高额", "高频低额", "低频高额", "低频低额" },
	}
};

/* Is name canonical, one of its aliases, or the same in other spelling? */
static bool
named_like(const char *name, const char *canonical)
{
	struct field f = { name, strlen(name) };
	struct record one = { &f, 1, 0, "" };

	return column_find(&one, canonical, NULL, false) != COLUMN_NONE;
}

static bool
frequency_and_amount(const struct segmenter *s)
{
	const char *x = s->header->fields[s->cols[0]].s;
	const char *y = s->header->fields[s->cols[1]].s;

	return named_like(x, "x") && (named_like(y, "amount") ||
	    named_like(y, "monetary") || named_like(y, "avg_value") ||
	    named_like(y, "repeat_avg"));
}

static void
parse_split(struct segmenter *s, const char *at)
{
	char *comma;
	double *v = s->split;

	if (at == NULL || strcmp(at, "median") == 0 || strcmp(at, "mean") == 0)
		return;
	comma = strchr(at, ',');
	if (comma == NULL || number_parse(at, (size_t)(comma - at), '.',
	    &v[0]) != NUM_OK || number_parse(comma + 1, strlen(comma + 1),
	    '.', &v[1]) != NUM_OK)
		die_usage("--at: '%s' is not median, mean or two numbers such "
		    "as 5,1000", at);
	s->split_given = true;
}

static int
compare_money(const void *a, const void *b)
{
	const money_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* The mean of v[0], v[stride], ... (n > 0). */
static double
mean(const double *v, size_t n, size_t stride)
{
	double sum = 0, m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i * stride];
	if (isfinite(sum))
		return sum / (double)n;
	for (i = 0; i < n; i++)		/* a running mean cannot overflow */
		m += (v[i * stride] - m) / (double)(i + 1);
	return m;
}

static double
split_point(struct segmenter *s, size_t axis)
{
	double *column, point;
	size_t i;

	if (s->split_given)
		return s->split[axis];
	if (s->o->at && strcmp(s->o->at, "mean") == 0)
		return mean(s->values + axis, s->nrows, 2);
	column = xreallocarray(NULL, s->nrows, sizeof(*column));
	for (i = 0; i < s->nrows; i++)
		column[i] = s->values[2 * i + axis];
	point = median(column, s->nrows);
	free(column);
	return point;
}

/* Class 0..3: HH, HL, LH, LL, high being strictly above the split. */
static void
quadrants(struct segmenter *s)
{
	double x, y;
	size_t i;

	if (s->nrows == 0)
		return;
	x = split_point(s, 0);
	y = split_point(s, 1);
	for (i = 0; i < s->nrows; i++)
		s->label[i] = (s->values[2 * i] > x ? 0 : 2) +
		    (s->values[2 * i + 1] > y ? 0 : 1);
}

/* Lifecycle */

enum stage { POTENTIAL, NEW, ACTIVE, SILENT, LOST };

static const char *const stage_names[2][5] = {
	{ "potential", "new", "active", "silent", "lost" },
	{ "潜在", "新客", "活跃", "沉默", "流失" },
};

/* The date column of option, else date_name, else the days column. */
static long
stage_column(const struct segmenter *s, const char *option, const char *spec,
    const char *date_name, const char *days_name, bool *is_date)
{
	char list[1024];
	long col;

	*is_date = true;
	if (spec != NULL)
		return column_require(s->header, spec);
	if ((col = column_find(s->header, date_name, NULL, false)) !=
	    COLUMN_NONE)
		return col;
	*is_date = false;
	if ((col = column_find(s->header, days_name, NULL, false)) !=
	    COLUMN_NONE)
		return col;
	die("--lifecycle needs a %s or %s column (as crm-rfm writes; %s "
	    "names another); the header has: %s", date_name, days_name,
	    option, column_list(s->header, list, sizeof(list)));
}

static void
bind_lifecycle(struct segmenter *s)
{
	s->first_col = stage_column(s, "--first-date", s->o->first_date,
	    "first_date", "tenure_days", &s->first_is_date);
	s->last_col = stage_column(s, "--last-date", s->o->last_date,
	    "last_date", "recency_days", &s->last_is_date);
	s->p_alive_col = column_find(s->header, "p_alive", NULL, false);
}

static bool
empty_field(const struct record *rec, long col)
{
	const char *p = rec->fields[col].s;
	size_t len = rec->fields[col].len;

	trim_blanks(&p, &len);
	return len == 0;
}

/* Days from the date in col to the as-of day, or the days in col. */
static bool
days_before(struct segmenter *s, const struct record *rec, long col,
    bool is_date, double *days)
{
	int32_t day;

	if (is_date) {
		if (!input_date(s->in, rec, col, s->common->date_format, &day))
			return false;
		*days = s->common->as_of - day;
	} else if (!input_number(s->in, rec, col, s->common->decimal, days))
		return false;
	if (*days >= 0)
		return true;
	input_reject(s->in, rec, "%s (%s, '%.60s')", is_date ?
	    "date after --as-of" : "negative number of days",
	    s->header->fields[col].s, rec->fields[col].s);
	return false;
}

/* Tested in this order: potential, lost, silent, new, active. */
static bool
lifecycle_row(struct segmenter *s, const struct record *rec)
{
	const struct options *o = s->o;
	double recency, tenure, p_alive = 1;
	long p = s->p_alive_col;

	s->row_label = POTENTIAL;
	if (empty_field(rec, s->last_col) || empty_field(rec, s->first_col))
		return true;
	if (!days_before(s, rec, s->last_col, s->last_is_date, &recency) ||
	    !days_before(s, rec, s->first_col, s->first_is_date, &tenure))
		return false;
	if (p != COLUMN_NONE && !empty_field(rec, p) &&
	    !input_number(s->in, rec, p, s->common->decimal, &p_alive))
		return false;
	if (recency >= o->lost_days || p_alive < o->lost_p_alive)
		s->row_label = LOST;
	else if (recency >= o->silent_days)
		s->row_label = SILENT;
	else if (tenure < o->new_days)
		s->row_label = NEW;
	else
		s->row_label = ACTIVE;
	return true;
}

/* Rules */

/* "rule 2" or "rules.txt:3", for messages. */
static const char *
rule_where(const struct rule_source *r, char *buf, size_t size)
{
	if (r->file)
		snprintf(buf, size, "%s:%lu", r->file, r->number);
	else
		snprintf(buf, size, "rule %lu", r->number);
	return buf;
}

/* A message that points into the rule: "rule 2, column 17: ..." + caret. */
static void
rule_message(const struct rule_source *r, size_t offset, const char *what,
    char *buf, size_t size)
{
	char where[512], caret[1024];
	size_t column = expr_column(r->text, offset);

	rule_where(r, where, sizeof(where));
	expr_caret(r->text, offset, caret, sizeof(caret));
	if (r->file)
		snprintf(buf, size, "%s:%zu: %s\n  %s\n  %s", where, column,
		    what, r->text, caret);
	else
		snprintf(buf, size, "%s, column %zu: %s\n  %s\n  %s", where,
		    column, what, r->text, caret);
}

/* The label before the first ':'; *offset is where the condition starts. */
static char *
rule_label(const struct rule_source *r, size_t *offset)
{
	const char *colon = strchr(r->text, ':'), *p = r->text;
	size_t len;
	char msg[2048];

	if (colon == NULL) {
		rule_message(r, 0, "expected LABEL: CONDITION, as in "
		    "gold: monetary >= 10000", msg, sizeof(msg));
		die_usage("%s", msg);
	}
	len = (size_t)(colon - p);
	trim_blanks(&p, &len);
	if (len == 0) {
		rule_message(r, (size_t)(colon - r->text), "no label before "
		    "':'", msg, sizeof(msg));
		die_usage("%s", msg);
	}
	*offset = (size_t)(colon + 1 - r->text);
	return xstrndup(p, len);
}

/* Parse every rule before any input is read: syntax errors exit 2. */
static void
parse_rules(struct segmenter *s)
{
	const struct options *o = s->o;
	struct expr_error err;
	char *label, msg[2048];
	size_t i, *offset;

	s->rules = xreallocarray(NULL, o->nrules, sizeof(*s->rules));
	offset = s->rule_offset = xreallocarray(NULL, o->nrules,
	    sizeof(*offset));
	for (i = 0; i < o->nrules; i++) {
		label = rule_label(&o->rules[i], &offset[i]);
		s->rules[i] = expr_parse(o->rules[i].text + offset[i], &err);
		if (s->rules[i] == NULL) {
			rule_message(&o->rules[i], offset[i] + err.offset,
			    err.message, msg, sizeof(msg));
			die_usage("%s", msg);
		}
		add_class(&s->seg, label);
		free(label);
	}
	add_class(&s->seg, o->default_label ? o->default_label :
	    o->lang == LANG_ZH ? "其他" : "other");
}

/* A rule that names a column the input lacks: before any row is read. */
static void
bind_rules(struct segmenter *s)
{
	struct expr_error err;
	char msg[2048], what[1536], list[1024];
	size_t i;

	for (i = 0; i < s->o->nrules; i++) {
		if (expr_bind(s->rules[i], s->header, &err))
			continue;
		snprintf(what, sizeof(what), "%s; the header has: %s",
		    err.message, column_list(s->header, list, sizeof(list)));
		rule_message(&s->o->rules[i], s->rule_offset[i] + err.offset,
		    what, msg, sizeof(msg));
		die("%s", msg);
	}
}

/* The first rule that holds, else the default (the last class). */
static bool
rules_row(struct segmenter *s, const struct record *rec)
{
	struct expr_env env = { s->common->as_of, s->common->date_format,
		s->common->decimal };
	char why[256], where[512];
	size_t i;

	for (i = 0; i < s->o->nrules; i++)
		switch (expr_eval(s->rules[i], rec, &env, why, sizeof(why))) {
		case EXPR_TRUE:
			s->row_label = (unsigned)i;
			return true;
		case EXPR_FAILED:
			input_reject(s->in, rec, "%s: %s", rule_where(
			    &s->o->rules[i], where, sizeof(where)), why);
			return false;
		case EXPR_FALSE:
			break;
		}
	s->row_label = (unsigned)s->o->nrules;
	return true;
}

/* k-means */

static void
kmeans_progress(int k, int start, int iterations, double wss, void *ctx)
{
	const struct segmenter *s = ctx;

	warnmsg("k-means, K=%d: start %d of %d, %d iterations, WSS %.6g", k,
	    start, s->o->restarts, iterations, wss);
}

/* The population standard deviation, scaled so squares cannot overflow. */
static double
deviation(const double *v, size_t n, size_t stride, double m)
{
	double scale = 0, sum = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(v[i * stride] - m) > scale)
			scale = fabs(v[i * stride] - m);
	if (scale == 0 || !isfinite(scale))
		return scale;
	for (i = 0; i < n; i++) {
		r = (v[i * stride] - m) / scale;
		sum += r * r;
	}
	return scale * sqrt(sum / (double)n);
}

/* The features: log(1 + x) if asked, then z-scores; a constant is 0. */
static void
standardize(struct segmenter *s)
{
	size_t i, j, d = s->ncols, n = s->nrows;
	double *v, m, sd;

	v = s->features = xreallocarray(NULL, n * d, sizeof(double));
	for (i = 0; i < n * d; i++)
		v[i] = s->o->log ? log1p(s->values[i]) : s->values[i];
	for (j = 0; j < d; j++) {
		m = mean(v + j, n, d);
		sd = deviation(v + j, n, d, m);
		if (!isfinite(sd))
			die("%s: values too large to cluster",
			    s->header->fields[s->cols[j]].s);
		for (i = 0; i < n; i++)
			v[i * d + j] = sd > 0 ? (v[i * d + j] - m) / sd : 0;
	}
}

static _Noreturn void
kmeans_failed(int status, int k)
{
	if (status == CRM_MODEL_EDEGENERATE && k == AUTO_K)
		die("--kmeans auto: fewer than 3 distinct customers");
	if (status == CRM_MODEL_EDEGENERATE)
		die("--kmeans %d: fewer distinct customers than clusters", k);
	die("k-means: %s", status == CRM_MODEL_ENOMEM ? "out of memory" :
	    "cannot cluster these values");
}

static void
note_auto_k(const struct segmenter *s, int k)
{
	char list[512];
	size_t n = 0;
	int i;

	for (i = KMIN; i <= KMAX && n < sizeof(list) - 32; i++)
		if (s->km_score[i] != 0)
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			    "%s%d: %.3f", n ? ", " : "", i, s->km_score[i]);
	if (!s->common->quiet)
		warnmsg("k-means: K=%d has the highest mean silhouette (%s)",
		    k, list);
}

static int
run_kmeans(struct segmenter *s)
{
	struct crm_kmeans_options opt = { s->o->k, s->o->restarts, 0,
		s->o->seed, NULL, s };
	size_t kmax = s->o->k == AUTO_K ? KMAX : (size_t)s->o->k;
	int k = s->o->k, status;

	if (s->common->in.progress)
		opt.progress = kmeans_progress;
	s->km.label = xreallocarray(NULL, s->nrows, sizeof(int));
	s->km.centroid = xcalloc(kmax * s->ncols, sizeof(double));
	s->km.withinss = xcalloc(kmax, sizeof(double));
	s->km.size = xcalloc(kmax, sizeof(size_t));
	if (k == AUTO_K) {
		status = crm_kmeans_auto(s->features, s->nrows, s->ncols, KMIN,
		    KMAX, &opt, SILHOUETTE_SAMPLE, &s->km, &k, s->km_score);
		if (status == CRM_MODEL_OK)
			note_auto_k(s, k);
	} else
		status = crm_kmeans(s->features, s->nrows, s->ncols, &opt,
		    &s->km);
	if (status != CRM_MODEL_OK)
		kmeans_failed(status, s->o->k);
	if (!s->km.converged && !s->common->quiet)
		warnmsg("k-means did not settle in 300 iterations; the best "
		    "start is used as it stands");
	return k;
}

static void
define_clusters(struct segmenter *s, int k)
{
	char **names = xreallocarray(NULL, (size_t)k, sizeof(*names));
	int i;

	for (i = 0; i < k; i++) {
		names[i] = xmalloc(16);
		snprintf(names[i], 16, "%d", i + 1);
	}
	define_classes(s, (const char *const *)names, (size_t)k);
	free_list(names, (size_t)k);
}

static void
clusters(struct segmenter *s)
{
	size_t i;
	int k;

	if (s->o->k == AUTO_K && s->nrows < 3 && s->nrows > 0)
		die("--kmeans auto needs at least 3 rows; the input has %zu",
		    s->nrows);
	if (s->o->k != AUTO_K && (size_t)s->o->k > s->nrows && s->nrows > 0)
		die("--kmeans %d: more clusters than rows (%zu)", s->o->k,
		    s->nrows);
	if (s->nrows == 0)
		return;
	standardize(s);
	k = run_kmeans(s);
	if (s->o->k == AUTO_K)
		define_clusters(s, k);
	for (i = 0; i < s->nrows; i++)
		s->label[i] = (unsigned)s->km.label[i];
}

/* Each cluster's mean of each column, in the column's own units. */
static double *
cluster_means(const struct segmenter *s)
{
	size_t d = s->ncols, k = s->seg.nclasses, i, j;
	double *sum = xcalloc(k * d + 1, sizeof(double));

	for (i = 0; i < s->nrows; i++)
		for (j = 0; j < d; j++)
			sum[s->label[i] * d + j] += s->values[i * d + j];
	for (i = 0; i < k; i++)
		for (j = 0; j < d; j++) {
			if (!isfinite(sum[i * d + j]))
				die("%s: values too large to sum",
				    s->header->fields[s->cols[j]].s);
			if (s->km.size[i] > 0)
				sum[i * d + j] /= (double)s->km.size[i];
		}
	return sum;
}

static void
write_centroids(const struct segmenter *s)
{
	struct writer *w = writer_open(s->o->centroids, &s->common->out);
	size_t i, j, d = s->ncols;
	double *centroid = s->nrows ? cluster_means(s) : NULL;

	writer_string(w, s->o->name);
	writer_string(w, "size");
	writer_string(w, "withinss");
	for (j = 0; j < d; j++)
		writer_string(w, s->header->fields[s->cols[j]].s);
	writer_end(w);
	for (i = 0; s->nrows > 0 && i < s->seg.nclasses; i++) {
		writer_string(w, class_label(s, (unsigned)i));
		writer_int(w, (long long)s->km.size[i]);
		writer_number(w, s->km.withinss[i]);
		for (j = 0; j < d; j++)
			if (s->km.size[i] > 0)
				writer_number(w, centroid[i * d + j]);
			else
				writer_empty(w);
		writer_end(w);
	}
	writer_close(w);
	free(centroid);
}

/* Binding the method to the header */

static long *
require_columns(const struct record *header, const char *list, size_t *n)
{
	char **item = split_list(list, n);
	long *cols = xreallocarray(NULL, *n, sizeof(*cols));
	size_t i;

	for (i = 0; i < *n; i++)
		cols[i] = column_require(header, item[i]);
	free_list(item, *n);
	return cols;
}

/* What the command line alone defines: usage errors before any input. */
static void
define_method(struct segmenter *s)
{
	const struct options *o = s->o;

	switch (o->method) {
	case TIERS: parse_tiers(s, o->cuts); break;
	case ABC: parse_abc(s, o->cuts); break;
	case QUADRANT:
		if (strchr(o->axes, ',') == NULL || strchr(strchr(o->axes,
		    ',') + 1, ',') != NULL)
			die_usage("--quadrant takes two columns, X,Y");
		parse_split(s, o->at);
		break;
	case LIFECYCLE: define_classes(s, stage_names[o->lang], 5); break;
	case RULES: parse_rules(s); break;
	default:
		if (o->k != AUTO_K)
			define_clusters(s, o->k);
	}
}

/* The method's columns in the header. */
static void
bind_method(struct segmenter *s)
{
	const struct options *o = s->o;

	switch (o->method) {
	case TIERS:
	case ABC:
		s->cols = xmalloc(sizeof(*s->cols));
		s->cols[0] = column_require(s->header, o->value_column);
		s->ncols = 1;
		break;
	case QUADRANT:
		s->cols = require_columns(s->header, o->axes, &s->ncols);
		define_classes(s, quadrant_names[frequency_and_amount(s)]
		    [o->lang], 4);
		break;
	case LIFECYCLE: bind_lifecycle(s); break;
	case RULES: bind_rules(s); break;
	default: s->cols = require_columns(s->header, o->cols, &s->ncols);
	}
}

/* Reading */

static bool
two_pass(const struct segmenter *s)
{
	return s->o->method != LIFECYCLE && s->o->method != RULES;
}

static bool
by_value(const struct segmenter *s)
{
	return s->o->method == ABC || (s->o->method == TIERS &&
	    s->o->by_value);
}

/* The method's columns of rec as numbers into the row scratch. */
static bool
method_values(struct segmenter *s, const struct record *rec)
{
	size_t j;
	long col;

	if (by_value(s)) {
		col = s->cols[0];
		if (!input_money(s->in, rec, col, s->common->decimal,
		    &s->row_amount))
			return false;
		if (s->row_amount >= 0)
			return true;
		input_reject(s->in, rec, "negative value (%s, '%.60s'); %s "
		    "needs values of 0 or more", s->header->fields[col].s,
		    rec->fields[col].s, s->o->method == ABC ? "--abc" :
		    "--by-value");
		return false;
	}
	for (j = 0; j < s->ncols; j++) {
		col = s->cols[j];
		if (!input_number(s->in, rec, col, s->common->decimal,
		    &s->row_values[j]))
			return false;
		if (s->o->log && s->row_values[j] < 0) {
			input_reject(s->in, rec, "negative value (%s, "
			    "'%.60s'); --log needs values of 0 or more",
			    s->header->fields[col].s, rec->fields[col].s);
			return false;
		}
	}
	return true;
}

static bool
method_row(struct segmenter *s, const struct record *rec)
{
	switch (s->o->method) {
	case LIFECYCLE: return lifecycle_row(s, rec);
	case RULES: return rules_row(s, rec);
	default: return method_values(s, rec);
	}
}

/* Is the double v exactly the amount m (at most four decimals)? */
static bool
exact_amount(const struct segmenter *s, const struct field *f, double v,
    money_t *m)
{
	return money_parse(f->s, f->len, s->common->decimal, m) == NUM_OK &&
	    money_to_double(*m) == v;
}

static bool
summary_values(struct segmenter *s, const struct record *rec)
{
	struct summary_column *c;
	size_t j;

	for (j = 0; j < s->nsum; j++) {
		c = &s->sum[j];
		if (empty_field(rec, c->col)) {
			s->row_sum[j] = NAN;	/* left out of the figures */
			continue;
		}
		if (!input_number(s->in, rec, c->col, s->common->decimal,
		    &s->row_sum[j]))
			return false;
		if (c->exact && !exact_amount(s, &rec->fields[c->col],
		    s->row_sum[j], &s->row_money[j]))
			c->exact = false;
	}
	return true;
}

static void
grow_rows(struct segmenter *s)
{
	size_t cap;

	if (s->nrows < s->cap)
		return;
	cap = grow_capacity(s->cap, s->nrows + 1);
	if (two_pass(s)) {
		s->values = xreallocarray(s->values, cap * s->ncols,
		    sizeof(double));
		if (by_value(s))
			s->amounts = xreallocarray(s->amounts, cap,
			    sizeof(money_t));
	}
	s->label = xreallocarray(s->label, cap, sizeof(unsigned));
	if (s->nsum > 0) {
		s->sum_values = xreallocarray(s->sum_values, cap * s->nsum,
		    sizeof(double));
		s->sum_money = xreallocarray(s->sum_money, cap * s->nsum,
		    sizeof(money_t));
	}
	s->cap = cap;
}

static void write_row(struct segmenter *s, const struct record *rec,
    unsigned class);

/* Keep what later steps need of an accepted row; write it if we can. */
static void
keep_row(struct segmenter *s, const struct record *rec)
{
	size_t i = s->nrows;

	if (!two_pass(s) && !s->o->summary) {
		write_row(s, rec, s->row_label);
		return;
	}
	grow_rows(s);
	if (two_pass(s)) {
		memcpy(s->values + i * s->ncols, s->row_values, s->ncols *
		    sizeof(double));
		if (by_value(s))
			s->amounts[i] = s->row_amount;
	}
	s->label[i] = s->row_label;
	if (s->nsum > 0) {
		memcpy(s->sum_values + i * s->nsum, s->row_sum, s->nsum *
		    sizeof(double));
		memcpy(s->sum_money + i * s->nsum, s->row_money, s->nsum *
		    sizeof(money_t));
	}
	if (s->spool)
		spool_put(s->spool, rec);
	s->nrows++;
}

static void
read_rows(struct segmenter *s)
{
	const struct record *rec;

	while ((rec = input_next(s->in)) != NULL)
		if (method_row(s, rec) && summary_values(s, rec))
			keep_row(s, rec);
}

/* Labels of the methods that need every row first. */
static void
decide(struct segmenter *s)
{
	switch (s->o->method) {
	case TIERS:
		if (s->o->by_value)
			tiers_by_value(s);
		else
			tiers_by_count(s);
		break;
	case ABC: tiers_by_value(s); break;
	case QUADRANT: quadrants(s); break;
	case KMEANS: clusters(s); break;
	default: break;
	}
}

/* Output */

static void
write_header(struct segmenter *s)
{
	size_t i;

	if (s->common->in.no_header)
		return;		/* none in, none out */
	for (i = 0; i < s->header->nfields; i++)
		writer_text(s->w, s->header->fields[i].s,
		    s->header->fields[i].len);
	if (s->replace_col == COLUMN_NONE)
		writer_string(s->w, s->o->name);
	writer_end(s->w);
}

static void
write_row(struct segmenter *s, const struct record *rec, unsigned class)
{
	const char *label = class_label(s, class);
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if ((long)i == s->replace_col)
			writer_string(s->w, label);
		else
			writer_text(s->w, rec->fields[i].s, rec->fields[i].len);
	if (s->replace_col == COLUMN_NONE)
		writer_string(s->w, label);
	writer_end(s->w);
}

static void
replay(struct segmenter *s)
{
	const struct record *rec;
	size_t i = 0;

	spool_rewind(s->spool);
	while ((rec = spool_next(s->spool)) != NULL)
		write_row(s, rec, s->label[i++]);
}

/* Summary */

/* Rows grouped by segment, in input order: segment g is start[g].. */
static size_t *
rows_by_segment(const struct segmenter *s, size_t *start)
{
	size_t *rows = xreallocarray(NULL, s->nrows ? s->nrows : 1,
	    sizeof(*rows)), g, i;
	size_t *next = xcalloc(s->seg.count + 1, sizeof(*next));

	for (i = 0; i < s->nrows; i++)
		next[s->seg.of_class[s->label[i]] + 1]++;
	for (g = 0; g < s->seg.count; g++)
		next[g + 1] += next[g];
	memcpy(start, next, (s->seg.count + 1) * sizeof(*start));
	for (i = 0; i < s->nrows; i++)
		rows[next[s->seg.of_class[s->label[i]]]++] = i;
	free(next);
	return rows;
}

/* Sum, mean and median of exact amounts; false if the sum overflows. */
static bool
money_figures(struct writer *w, money_t *m, size_t n)
{
	__int128 total = 0, middle;
	size_t i;

	for (i = 0; i < n; i++)
		total += m[i];
	if (total > INT64_MAX || total < INT64_MIN)
		return false;
	qsort(m, n, sizeof(*m), compare_money);
	middle = n % 2 ? 2 * (__int128)m[n / 2] : (__int128)m[n / 2 - 1] +
	    m[n / 2];
	if (middle > INT64_MAX || middle < INT64_MIN)
		return false;
	writer_money(w, (money_t)total);
	writer_money(w, money_div((money_t)total, n));
	writer_money(w, money_div((money_t)middle, 2));
	return true;
}

static void
number_figures(struct writer *w, double *v, size_t n, const char *name)
{
	double total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += v[i];
	if (!isfinite(total))
		die("the sum of %s is out of range", name);
	writer_number(w, total);
	writer_number(w, total / (double)n);
	writer_number(w, median(v, n));
}

/* Sum, mean and median of column j over rows[0..n), empty cells left out. */
static void
column_figures(struct segmenter *s, struct writer *w, const size_t *rows,
    size_t n, size_t j)
{
	double *v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	money_t *m = xreallocarray(NULL, n ? n : 1, sizeof(*m));
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		size_t at = rows[i] * s->nsum + j;

		if (isnan(s->sum_values[at]))
			continue;
		v[count] = s->sum_values[at];
		m[count++] = s->sum_money[at];
	}
	if (count == 0) {
		writer_int(w, 0);
		writer_empty(w);
		writer_empty(w);
	} else if (!s->sum[j].exact || !money_figures(w, m, count))
		number_figures(w, v, count, s->sum[j].name);
	free(v);
	free(m);
}

static void
write_summary_header(const struct segmenter *s, struct writer *w)
{
	char name[1024];
	static const char *const figures[] = { "sum", "mean", "median" };
	size_t j, f;

	writer_string(w, s->o->name);
	writer_string(w, "count");
	writer_string(w, "share");
	for (j = 0; j < s->nsum; j++)
		for (f = 0; f < 3; f++) {
			snprintf(name, sizeof(name), "%s_%s", s->sum[j].name,
			    figures[f]);
			writer_string(w, name);
		}
	writer_end(w);
}

static void
write_summary(struct segmenter *s)
{
	struct writer *w = writer_open(s->common->output, &s->common->out);
	size_t *start = xcalloc(s->seg.count + 1, sizeof(*start));
	size_t *rows = rows_by_segment(s, start), g, j, n;

	write_summary_header(s, w);
	for (g = 0; g < s->seg.count; g++) {
		n = start[g + 1] - start[g];
		writer_string(w, s->seg.label[g]);
		writer_int(w, (long long)n);
		writer_number(w, s->nrows ? (double)n / (double)s->nrows : 0);
		for (j = 0; j < s->nsum; j++)
			column_figures(s, w, rows + start[g], n, j);
		writer_end(w);
	}
	writer_close(w);
	free(rows);
	free(start);
}

static void
add_summary_column(struct segmenter *s, long col)
{
	size_t j;

	for (j = 0; j < s->nsum; j++)
		if (s->sum[j].col == col)
			return;
	s->sum = xreallocarray(s->sum, s->nsum + 1, sizeof(*s->sum));
	s->sum[s->nsum].col = col;
	s->sum[s->nsum].name = s->header->fields[col].s;
	s->sum[s->nsum++].exact = true;
}

/* --summary-cols, else the method's columns and monetary. */
static void
bind_summary(struct segmenter *s)
{
	size_t n, j;
	long *cols, monetary;

	if (!s->o->summary)
		return;
	if (s->o->summary_cols) {
		cols = require_columns(s->header, s->o->summary_cols, &n);
		for (j = 0; j < n; j++)
			add_summary_column(s, cols[j]);
		free(cols);
	} else {
		for (j = 0; j < s->ncols; j++)
			add_summary_column(s, s->cols[j]);
		monetary = column_find(s->header, "monetary", NULL, false);
		if (monetary != COLUMN_NONE)
			add_summary_column(s, monetary);
	}
}

static void
bind_name(struct segmenter *s)
{
	size_t i;

	s->replace_col = COLUMN_NONE;
	for (i = 0; i < s->header->nfields; i++)
		if (strcmp(s->header->fields[i].s, s->o->name) == 0)
			s->replace_col = (long)i;
	if (s->replace_col != COLUMN_NONE && !s->o->replace && !s->o->summary)
		die("the input already has a column '%s'; --name gives the "
		    "new one another name, --replace overwrites it",
		    s->o->name);
}

static void
prepare(struct segmenter *s)
{
	s->header = input_header(s->in);
	bind_name(s);
	bind_method(s);
	bind_summary(s);
	s->row_values = xcalloc(s->ncols + 1, sizeof(double));
	s->row_sum = xcalloc(s->nsum + 1, sizeof(double));
	s->row_money = xcalloc(s->nsum + 1, sizeof(money_t));
	if (!s->o->summary) {
		s->w = writer_open(s->common->output, &s->common->out);
		write_header(s);
		if (two_pass(s))
			s->spool = spool_open();
	}
}

static void
finish(struct segmenter *s)
{
	size_t i;

	if (s->o->summary)
		write_summary(s);
	else {
		if (s->spool)
			replay(s);
		writer_close(s->w);
	}
	if (s->o->centroids)
		write_centroids(s);
	input_close(s->in);
	if (s->spool)
		spool_close(s->spool);
	for (i = 0; s->rules && i < s->o->nrules; i++)
		expr_free(s->rules[i]);
	free(s->rules);
	free(s->rule_offset);
}

static void
free_segmenter(struct segmenter *s)
{
	free_segments(&s->seg);
	free(s->cols);
	free(s->cut);
	free(s->values);
	free(s->amounts);
	free(s->label);
	free(s->sum);
	free(s->sum_values);
	free(s->sum_money);
	free(s->row_values);
	free(s->row_sum);
	free(s->row_money);
	free(s->km.label);
	free(s->km.centroid);
	free(s->km.withinss);
	free(s->km.size);
	free(s->features);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct options o;
	struct segmenter s;
	size_t i;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	check_options(&o);
	memset(&s, 0, sizeof(s));
	s.o = &o;
	s.common = &cli.common;
	define_method(&s);
	s.in = input_open(&cli.common, cli.files, cli.nfiles);
	prepare(&s);
	read_rows(&s);
	decide(&s);
	finish(&s);
	free_segmenter(&s);
	for (i = 0; i < o.nrules; i++)
		free(o.rules[i].owned);
	free(o.rules);
	free(o.value_column);
	cli_end(&cli);
	return 0;
}
