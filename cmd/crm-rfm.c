/*
 * crm-rfm: one row per customer from an order export: first and last
 * purchase, recency, frequency, monetary value, the BTYD summary (x, t_x,
 * T), R/F/M scores by quantile and a named segment.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "emit.h"
#include "sort.h"
#include "txn.h"
#include "txnstate.h"
#include "util.h"
#include "workers.h"
#include "writer.h"

enum { OPT_BINS = 256, OPT_SEGMENTS, OPT_LANG, OPT_PARTIAL, OPT_MERGE,
	OPT_STATE_OUT };

static const struct option longopts[] = {
	TXN_LONGOPTS,
	{ "bins", required_argument, NULL, OPT_BINS },
	{ "segments", required_argument, NULL, OPT_SEGMENTS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "sort", required_argument, NULL, 's' },
	{ "reverse", no_argument, NULL, 'r' },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "state-out", required_argument, NULL, OPT_STATE_OUT },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-rfm [options] [file ...]",
	"Summarize an order export per customer: recency, frequency, monetary\n"
	"value, the BTYD summary x, t_x, T, R/F/M scores and a segment.",
	TXN_USAGE
	"      --bins N             scores 1..N by quantile, N from 2 to 9"
	" (default 5)\n"
	"      --segments MAP       rfm (eleven named segments) or cn8 (R, F"
	" and M\n"
	"                           above or below their means) (default"
	" rfm)\n"
	"      --lang LANG          segment labels in en or zh (default en)\n"
	"  -s, --sort COL           sort by an output column (default: order"
	" of first\n"
	"                           appearance)\n"
	"  -r, --reverse            sort in descending order\n"
	"      --partial            write the mergeable state of the input"
	" instead\n"
	"                           (with --merge: of the merged states)\n"
	"      --merge              the files are states (--partial): add"
	" them up and\n"
	"                           summarize, as one run on all their rows"
	" would\n"
	"      --state-out FILE     with --merge: also write the merged state"
	" to FILE\n",
	"s:r",
	longopts,
	CLI_ALL
};

enum { LANG_EN, LANG_ZH };
enum { MAP_RFM, MAP_CN8 };

struct rfm_options {
	struct txn_options txn;
	int bins;
	int map;
	int lang;
	const char *sort;
	bool reverse;
	bool partial, merge, scoring_given;
	const char *state_out;
};

struct scores {
	unsigned char r, f, m;
	const char *segment;
};

/* The eleven-segment map on R and FM = round((F + M) / 2), both 1..5. */
enum segment {
	CHAMPIONS, LOYAL, POTENTIAL_LOYALIST, NEW, PROMISING, NEED_ATTENTION,
	ABOUT_TO_SLEEP, AT_RISK, CANT_LOSE, HIBERNATING, LOST
};

static const char *const segment_names[][2] = {
	{ "Champions", "冠军客户" },
	{ "Loyal", "忠诚客户" },
	{ "Potential Loyalist", "潜在忠诚客户" },
	{ "New", "新客户" },
	{ "Promising", "有潜力客户" },
	{ "Need Attention", "需要关注客户" },
	{ "About to Sleep", "即将沉睡客户" },
	{ "At Risk", "有流失风险客户" },
	{ "Can't Lose Them", "不能失去的客户" },
	{ "Hibernating", "休眠客户" },
	{ "Lost", "流失客户" },
};

/* segment_grid[R - 1][FM - 1]; man crm-rfm prints the same table. */
static const enum segment segment_grid[5][5] = {
	{ LOST, LOST, AT_RISK, CANT_LOSE, CANT_LOSE },
	{ HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANT_LOSE },
	{ ABOUT_TO_SLEEP, ABOUT_TO_SLEEP, NEED_ATTENTION, LOYAL, LOYAL },
	{ PROMISING, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, LOYAL,
	    CHAMPIONS },
	{ NEW, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, CHAMPIONS, CHAMPIONS },
};

/* The eight classes of Chinese CRM practice, by R, F, M high (1) or low. */
static const char *const cn8_names[8][2] = {
	{ "General Win-back", "一般挽留客户" },		/* r f m */
	{ "Important Win-back", "重要挽留客户" },	/* r f M */
	{ "General Retention", "一般保持客户" },	/* r F m */
	{ "Important Retention", "重要保持客户" },	/* r F M */
	{ "General Development", "一般发展客户" },	/* R f m */
	{ "Important Development", "重要发展客户" },	/* R f M */
	{ "General Value", "一般价值客户" },		/* R F m */
	{ "Important Value", "重要价值客户" },		/* R F M */
};

/* The columns --sort takes: the summary's and crm-rfm's own. */
static const char *const column_names[] = {
	"customer_id", "first_date", "last_date", "recency_days", "frequency",
	"monetary", "avg_value", "tenure_days", "x", "t_x", "T", "repeat_avg",
	"x_holdout", "value_holdout", "r_score", "f_score", "m_score", "rfm",
	"segment", NULL
};

/* A customer's text to sort by, and its place in first appearance. */
struct sort_text {
	const char *text;
	size_t len;
	size_t position;
	bool descending;
};

/* A log without amounts has no M: what needs it is a usage error. */
static void
check_without_money(const struct rfm_options *o)
{
	static const char *const money[] = { "monetary", "avg_value",
		"repeat_avg", "m_score", "value_holdout", NULL };
	int i;

	if (o->map == MAP_CN8)
		die_usage("--segments cn8 needs amounts (M); with --amount none"
		    " use --segments rfm");
	for (i = 0; o->sort != NULL && money[i]; i++)
		if (strcmp(o->sort, money[i]) == 0)
			die_usage("--sort %s: --amount none leaves out the "
			    "money columns", o->sort);
}

static void
parse_options(struct cli *cli, struct rfm_options *o)
{
	static const char *const maps[] = { "rfm", "cn8", NULL };
	static const char *const langs[] = { "en", "zh", NULL };
	int opt;

	memset(o, 0, sizeof(*o));
	txn_options_init(&o->txn);
	o->bins = 5;
	while ((opt = cli_next(cli)) != -1) {
		if (txn_option(&o->txn, opt, cli->arg))
			continue;
		o->scoring_given |= opt != OPT_PARTIAL && opt != OPT_MERGE &&
		    opt != OPT_STATE_OUT;
		switch (opt) {
		case OPT_BINS:
			o->bins = (int)cli_long("--bins", cli->arg, 2, 9);
			break;
		case OPT_SEGMENTS:
			o->map = cli_choice("--segments", cli->arg, maps);
			break;
		case OPT_LANG:
			o->lang = cli_choice("--lang", cli->arg, langs);
			break;
		case 's':
			cli_choice("--sort", cli->arg, column_names);
			o->sort = cli->arg;
			break;
		case 'r': o->reverse = true; break;
		case OPT_PARTIAL: o->partial = true; break;
		case OPT_MERGE: o->merge = true; break;
		case OPT_STATE_OUT: o->state_out = cli->arg; break;
		default: die_usage("invalid option");
		}
	}
	if (o->txn.no_amount)
		check_without_money(o);
	if (o->partial && o->scoring_given)
		die_usage("--partial writes a state: scores, segments and the "
		    "order are made by --merge");
	if (o->state_out && (!o->merge || o->partial))
		die_usage("--state-out goes with --merge (and without "
		    "--partial)");
}

/* Scores */

enum metric { METRIC_R, METRIC_F, METRIC_M };

static int64_t
metric_key(const struct customer_summary *c, enum metric m)
{
	switch (m) {
	case METRIC_R: return c->last_day;	/* recent is good */
	case METRIC_F: return c->frequency;
	default: return c->monetary;
	}
}

/*
 * Score = 1 + floor(bins * below / n), where below counts customers with a
 * strictly worse key: equal keys get equal scores whatever the input order,
 * the worst key scores 1 and the best scores bins.
 */
static void
score_metric(const struct txn_summary *s, enum metric m, int bins,
    unsigned char *out)
{
	int64_t *keys = xreallocarray(NULL, s->count ? s->count : 1,
	    sizeof(*keys));
	size_t i;

	advise_huge_pages(keys, s->count * sizeof(*keys));
	for (i = 0; i < s->count; i++)
		keys[i] = metric_key(&s->customers[i], m);
	score_by_rank(keys, s->count, bins, out);
	free(keys);
}

/* A score on 1..bins as the 1..5 of the segment grid. */
static int
on_five(int score, int bins)
{
	return (score * 5 + bins - 1) / bins;
}

/* Without amounts FM is F alone. */
static const char *
rfm_segment(const struct scores *sc, int bins, bool money, int lang)
{
	int r = on_five(sc->r, bins), f = on_five(sc->f, bins);
	int m = on_five(sc->m, bins), fm = money ? (f + m + 1) / 2 : f;

	return segment_names[segment_grid[r - 1][fm - 1]][lang];
}

struct means {
	double recency, frequency, monetary;
};

static struct means
compute_means(const struct txn_summary *s)
{
	struct means mean = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < s->count; i++) {
		mean.recency += txn_recency_days(s, &s->customers[i]);
		mean.frequency += s->customers[i].frequency;
		mean.monetary += money_to_double(s->customers[i].monetary);
	}
	if (s->count > 0) {
		mean.recency /= s->count;
		mean.frequency /= s->count;
		mean.monetary /= s->count;
	}
	return mean;
}

static const char *
cn8_segment(const struct txn_summary *s, const struct customer_summary *c,
    const struct means *mean, int lang)
{
	int r = txn_recency_days(s, c) < mean->recency;
	int f = c->frequency > mean->frequency;
	int m = money_to_double(c->monetary) > mean->monetary;

	return cn8_names[r << 2 | f << 1 | m][lang];
}

/*
 * Every customer's score on each metric; its segment follows from them
 * when it is printed (by the threads that format the rows).
 */
struct scoring {
	const struct txn_summary *s;
	const struct rfm_options *o;
	struct means mean;		/* for --segments cn8 */
	unsigned char *score[3];	/* by metric */
};

/* Worker i scores metric i: the three rankings are independent. */
static void
score_one_metric(void *ctx, int i, unsigned long batch)
{
	struct scoring *t = ctx;

	(void)batch;
	score_metric(t->s, (enum metric)i, t->o->bins, t->score[i]);
}

static void
score_customers(struct scoring *t, const struct txn_summary *s,
    const struct rfm_options *o)
{
	size_t n = s->count ? s->count : 1;
	struct workers *pool;
	int i;

	t->s = s;
	t->o = o;
	if (o->map == MAP_CN8)
		t->mean = compute_means(s);
	for (i = 0; i < 3; i++)
		t->score[i] = xmalloc(n);
	pool = workers_start(s->has_amount ? 3 : 2, score_one_metric, t);
	workers_run(pool);
	workers_stop(pool);
}

/* Customer i's scores and segment. */
static struct scores
scores_of(const struct scoring *t, size_t i)
{
	const struct txn_summary *s = t->s;
	struct scores sc;

	sc.r = t->score[METRIC_R][i];
	sc.f = t->score[METRIC_F][i];
	sc.m = s->has_amount ? t->score[METRIC_M][i] : 0;
	sc.segment = t->o->map == MAP_CN8 ? cn8_segment(s, &s->customers[i],
	    &t->mean, t->o->lang) : rfm_segment(&sc, t->o->bins,
	    s->has_amount, t->o->lang);
	return sc;
}

/* Output order */

static int
compare_texts(const void *a, const void *b)
{
	const struct sort_text *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if ((c = memcmp(x->text, y->text, n)) == 0)
		c = (x->len > y->len) - (x->len < y->len);
	if (x->descending)
		c = -c;
	if (c == 0)
		c = (x->position > y->position) - (x->position < y->position);
	return c;
}

/*
 * A key that sorts as the double does (sort.h sorts keys): its bits, the
 * order of the negative ones turned around; -0 (which -0 + 0 makes 0)
 * ties with 0, as the comparison of doubles has it.
 */
static int64_t
number_key(double v)
{
	int64_t bits;

	v += 0.0;
	memcpy(&bits, &v, sizeof(bits));
	return bits >= 0 ? bits : bits ^ INT64_MAX;
}

/*
 * A key that sorts as the text's first 8 bytes (zero-padded) do by
 * memcmp: texts with different keys are in the order of their keys.
 */
static int64_t
text_key(const char *text, size_t len)
{
	uint64_t key = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		key = key << 8 | (i < len ? (unsigned char)text[i] : 0u);
	return (int64_t)(key ^ 0x8000000000000000ull);
}

static double
numeric_column(const struct txn_summary *s, const struct customer_summary *c,
    const struct scores *sc, const char *name)
{
	static const char *const names[] = { "first_date", "last_date",
		"recency_days", "frequency", "monetary", "avg_value",
		"tenure_days", "x", "t_x", "T", "repeat_avg", "r_score",
		"f_score", "m_score", "x_holdout", "value_holdout", NULL };
	const double values[] = { c->first_day, c->last_day,
		txn_recency_days(s, c), c->frequency,
		money_to_double(c->monetary),
		money_to_double(txn_avg_value(c)), txn_tenure_days(s, c), c->x,
		txn_t_x(s, c), txn_T(s, c), money_to_double(c->repeat_avg),
		sc->r, sc->f,
		sc->m, c->x_holdout, money_to_double(c->value_holdout) };
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return values[i];
	return 0;
}

/* The RFM code, "RF" without amounts, into rfm[4]; its length. */
static size_t
rfm_code(const struct scores *sc, char rfm[4])
{
	rfm[0] = (char)('0' + sc->r);
	rfm[1] = (char)('0' + sc->f);
	rfm[2] = sc->m ? (char)('0' + sc->m) : '\0';
	rfm[3] = '\0';
	return sc->m ? 3 : 2;
}

static void
text_column(const struct customer_summary *c, const struct scores *sc,
    const char *name, struct sort_text *t, char *rfm)
{
	if (strcmp(name, "customer_id") == 0) {
		t->text = c->id;
		t->len = c->id_len;
	} else if (strcmp(name, "segment") == 0) {
		t->text = sc->segment;
		t->len = strlen(sc->segment);
	} else {
		t->text = rfm;
		t->len = rfm_code(sc, rfm);
	}
}

/*
 * Order the customers of a run of equal keys by their whole texts: those
 * that share the first 8 bytes. A run of equal texts (a segment's name)
 * is in first appearance already.
 */
static void
sort_run(struct keyed *run, size_t n, const struct sort_text *texts)
{
	const struct sort_text *first = &texts[run[0].index], *x;
	struct sort_text *t;
	size_t i;

	for (i = 1; i < n; i++) {
		x = &texts[run[i].index];
		if (x->len != first->len || memcmp(x->text, first->text,
		    first->len) != 0)
			break;
	}
	if (i == n)
		return;
	t = xreallocarray(NULL, n, sizeof(*t));
	for (i = 0; i < n; i++)
		t[i] = texts[run[i].index];
	qsort(t, n, sizeof(*t), compare_texts);
	for (i = 0; i < n; i++)
		run[i].index = t[i].position;
	free(t);
}

/*
 * The order in which to print customers: sorted positions (NULL: as
 * they are, in order of first appearance). The keys go through a radix
 * sort, which is stable, so equal values stay in first appearance; texts
 * are keyed by their first 8 bytes, and only texts that share those are
 * compared whole.
 */
static size_t *
output_order(const struct scoring *t, const struct rfm_options *o)
{
	const struct txn_summary *s = t->s;
	size_t n = s->count ? s->count : 1, i, j, *order;
	struct sort_text *texts = NULL;
	struct keyed *keyed;
	struct scores sc;
	char *rfm = NULL;

	if (o->sort == NULL)
		return NULL;
	if (strcmp(o->sort, "customer_id") == 0 || strcmp(o->sort,
	    "segment") == 0 || strcmp(o->sort, "rfm") == 0) {
		texts = xreallocarray(NULL, n, sizeof(*texts));
		rfm = xmalloc(n * 4);
	}
	keyed = xreallocarray(NULL, n, sizeof(*keyed));
	for (i = 0; i < s->count; i++) {
		sc = scores_of(t, i);
		if (texts != NULL) {
			text_column(&s->customers[i], &sc, o->sort, &texts[i],
			    rfm + 4 * i);
			texts[i].position = i;
			texts[i].descending = o->reverse;
			keyed[i].key = text_key(texts[i].text, texts[i].len);
		} else
			keyed[i].key = number_key(numeric_column(s,
			    &s->customers[i], &sc, o->sort));
		if (o->reverse)
			keyed[i].key = ~keyed[i].key;
		keyed[i].index = i;
	}
	sort_keyed(keyed, s->count);
	for (i = 0; texts != NULL && i < s->count; i = j) {
		for (j = i + 1; j < s->count && keyed[j].key == keyed[i].key; j++)
			;
		if (j - i > 1)
			sort_run(keyed + i, j - i, texts);
	}
	order = xreallocarray(NULL, n, sizeof(*order));
	for (i = 0; i < s->count; i++)
		order[i] = keyed[i].index;
	free(keyed);
	free(texts);
	free(rfm);
	return order;
}

/* Output */

static void
write_header(struct writer *w, const struct txn_summary *s)
{
	static const char *const own[] = { "r_score", "f_score", "m_score",
		"rfm", "segment", NULL };
	int i;

	txn_write_header(w, s);
	for (i = 0; own[i]; i++)
		if (s->has_amount || strcmp(own[i], "m_score") != 0)
			writer_string(w, own[i]);
	writer_end(w);
}

static void
write_customer(struct writer *w, const struct txn_summary *s,
    const struct customer_summary *c, const struct scores *sc)
{
	char rfm[4];

	rfm_code(sc, rfm);
	txn_write_customer(w, s, c);
	writer_int(w, sc->r);
	writer_int(w, sc->f);
	if (sc->m)
		writer_int(w, sc->m);
	writer_string(w, rfm);
	writer_string(w, sc->segment);
	writer_end(w);
}

struct output {
	const struct scoring *t;
	const size_t *order;
};

static void
emit_customer(struct writer *w, size_t i, void *ctx)
{
	const struct output *o = ctx;
	size_t at = o->order ? o->order[i] : i;
	struct scores sc = scores_of(o->t, at);

	write_customer(w, o->t->s, &o->t->s->customers[at], &sc);
}

/* Summary, scores and the order; then s is freed. */
static void
write_summary(struct cli *cli, const struct rfm_options *o,
    struct txn_summary *s)
{
	struct scoring t;
	size_t *order;
	struct writer *w;
	int i;

	score_customers(&t, s, o);
	order = output_order(&t, o);
	w = writer_open(cli->common.output, &cli->common.out);
	write_header(w, s);
	emit_rows(w, s->count, emit_customer, &(struct output){ &t, order });
	writer_close(w);
	free(order);
	for (i = 0; i < 3; i++)
		free(t.score[i]);
	txn_summary_free(s);
}

/* --merge: states added up, then a state or the summary written. */
static int
merge_states(struct cli *cli, const struct rfm_options *o)
{
	struct txnstate *m = txnstate_merge(&cli->common, &o->txn, cli->files,
	    cli->nfiles);

	if (o->partial)
		txnstate_write(m, cli->common.output);
	else {
		if (o->state_out != NULL)
			txnstate_write(m, o->state_out);
		write_summary(cli, o, txnstate_summary(m));
	}
	txnstate_free(m);
	cli_end(cli);
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct rfm_options o;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	if (o.merge)
		return merge_states(&cli, &o);
	if (o.partial)
		txnstate_partial(&cli.common, &o.txn, cli.files, cli.nfiles,
		    cli.common.output);
	else
		write_summary(&cli, &o, txn_summarize(&cli.common, &o.txn,
		    cli.files, cli.nfiles));
	cli_end(&cli);
	return 0;
}
