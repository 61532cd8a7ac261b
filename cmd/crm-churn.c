/*
 * crm-churn: who is drifting away. Fits a repeat-purchase model (BG/NBD,
 * MBG/NBD or Pareto/NBD) to per-customer summaries, or scores them with a
 * saved one, and adds p_alive, expected_purchases and churn_risk; or, with
 * --model rules, flags customers by their own purchase rhythm.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churnstate.h"
#include "cli.h"
#include "customers.h"
#include "model/sim.h"
#include "models.h"
#include "stats.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_MODEL = 256, OPT_HORIZON, OPT_RISK, OPT_PENALTY, OPT_PARAMS,
	OPT_SAVE_PARAMS, OPT_FIT_ONLY, OPT_BOOTSTRAP, OPT_SEED, OPT_LEVEL,
	OPT_EVALUATE, OPT_X, OPT_T_X, OPT_T, OPT_K, OPT_PERIOD, OPT_DROP,
	OPT_PARTIAL, OPT_MERGE
};

static const struct option longopts[] = {
	TXN_LONGOPTS,
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "horizon", required_argument, NULL, OPT_HORIZON },
	{ "risk", required_argument, NULL, OPT_RISK },
	{ "penalty", required_argument, NULL, OPT_PENALTY },
	{ "params", required_argument, NULL, OPT_PARAMS },
	{ "save-params", required_argument, NULL, OPT_SAVE_PARAMS },
	{ "fit-only", no_argument, NULL, OPT_FIT_ONLY },
	{ "bootstrap", required_argument, NULL, OPT_BOOTSTRAP },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "evaluate", no_argument, NULL, OPT_EVALUATE },
	{ "x", required_argument, NULL, OPT_X },
	{ "t-x", required_argument, NULL, OPT_T_X },
	{ "T", required_argument, NULL, OPT_T },
	{ "k", required_argument, NULL, OPT_K },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "drop", required_argument, NULL, OPT_DROP },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-churn [options] [file ...]",
	"Add p_alive, expected_purchases and churn_risk to per-customer\n"
	"summaries (crm-rfm output, or any CSV with x, t_x, T), or to the\n"
	"summary of raw transactions, from a fitted repeat-purchase model.",
	"      --model MODEL        bgnbd, mbgnbd, pnbd or rules (default"
	" bgnbd)\n"
	"      --horizon N          expected purchases over the next N units"
	" (default:\n"
	"                           one year, 52.18 weeks)\n"
	"      --risk P,Q           churn_risk is high when p_alive < P,"
	" medium when\n"
	"                           < Q, else low (default 0.3,0.7)\n"
	"      --penalty L          L2 penalty L x sum log(parameter)^2"
	" (default 0)\n"
	"      --params FILE        score with a saved model instead of"
	" fitting\n"
	"      --save-params FILE   save the fitted model to FILE\n"
	"      --fit-only           print the parameters, standard errors and"
	" fit\n"
	"                           statistics instead of the customers\n"
	"      --bootstrap N        refit on N resamples of the customers:"
	" intervals\n"
	"                           for the parameters and _lo/_hi columns\n"
	"      --seed N             seed of the bootstrap (default 1)\n"
	"      --level L            confidence level of intervals (default"
	" 0.95)\n"
	"      --evaluate           compare predicted and actual holdout"
	" purchases\n"
	"      --x COL, --t-x COL, --T COL\n"
	"                           summary columns (default x, t_x, T or"
	" aliases)\n"
	"      --k K                rules: overdue after K x the median gap"
	" (default 2)\n"
	"      --period DAYS        rules: length of the periods compared"
	" (default 90)\n"
	"      --drop SHARE         rules: slowing when purchases fell by"
	" SHARE\n"
	"                           (default 0.5)\n"
	"      --partial            write the customers grouped by (x, t_x,"
	" T), a state\n"
	"      --merge              the files are states (--partial): add"
	" them up, fit\n"
	"                           and print the model as --fit-only does\n"
	"Transactions (when the input has no x, t_x, T columns):\n"
	TXN_USAGE,
	"",
	longopts,
	CLI_ALL
};

enum { MODEL_RULES = 3 };

struct churn_options {
	struct customers_options in;
	int model;			/* enum crm_btyd_kind or MODEL_RULES */
	bool model_given;
	double horizon;			/* 0: one year */
	double risk_high, risk_medium;
	double penalty;
	const char *params, *save_params;
	bool fit_only, evaluate;
	bool partial, merge;
	int bootstrap;
	unsigned long long seed;
	double level;
	double k, drop;
};

/* Everything a run has: options, customers and the model. */
struct run {
	struct churn_options opt;
	struct common_options *common;
	struct customers *c;
	struct crm_btyd model;
	struct crm_btyd_fit fit;	/* when fitted here */
	bool fitted;
	double unit_days;		/* of the input's t_x and T */
	double *boot;			/* bootstrap parameters, 4 per resample */
	double *weight;			/* customers per row (--merge), or NULL */
	int nboot;
};

static void
parse_risk(struct churn_options *o, const char *arg)
{
	char *comma = strchr(arg, ',');

	if (comma == NULL)
		die_usage("--risk: '%s' is not two numbers P,Q", arg);
	*comma = '\0';
	o->risk_high = cli_double("--risk", arg, 0, 1);
	o->risk_medium = cli_double("--risk", comma + 1, 0, 1);
	if (o->risk_high > o->risk_medium)
		die_usage("--risk: P must not be above Q");
}

static void
parse_model(struct churn_options *o, const char *arg)
{
	enum crm_btyd_kind kind;

	o->model_given = true;
	if (strcmp(arg, "rules") == 0)
		o->model = MODEL_RULES;
	else if (crm_btyd_kind_parse(arg, &kind) == CRM_MODEL_OK)
		o->model = (int)kind;
	else
		die_usage("--model: '%s' is not one of bgnbd, mbgnbd, pnbd, "
		    "rules", arg);
}

static void
handle_option(struct churn_options *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_MODEL: parse_model(o, arg); break;
	case OPT_HORIZON: o->horizon = cli_double("--horizon", arg, 1e-9,
	    1e9); break;
	case OPT_RISK: parse_risk(o, arg); break;
	case OPT_PENALTY: o->penalty = cli_double("--penalty", arg, 0, 1e9);
		break;
	case OPT_PARAMS: o->params = arg; break;
	case OPT_SAVE_PARAMS: o->save_params = arg; break;
	case OPT_FIT_ONLY: o->fit_only = true; break;
	case OPT_BOOTSTRAP: o->bootstrap = (int)cli_long("--bootstrap", arg,
	    2, 100000); break;
	case OPT_SEED: o->seed = (unsigned long long)cli_long("--seed", arg,
	    0, 0x7fffffff); break;
	case OPT_LEVEL: o->level = cli_double("--level", arg, 0.5, 0.999);
		break;
	case OPT_EVALUATE: o->evaluate = true; break;
	case OPT_X: o->in.x_column = arg; break;
	case OPT_T_X: o->in.t_x_column = arg; break;
	case OPT_T: o->in.T_column = arg; break;
	case OPT_K: o->k = cli_double("--k", arg, 0.1, 1000); break;
	case OPT_PERIOD: o->in.txn.period_days = (int32_t)cli_long("--period",
	    arg, 1, 36525); break;
	case OPT_DROP: o->drop = cli_double("--drop", arg, 0.01, 1); break;
	case OPT_PARTIAL: o->partial = true; break;
	case OPT_MERGE: o->merge = true; break;
	default: die_usage("invalid option");
	}
}

static void
parse_options(struct cli *cli, struct churn_options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	txn_options_init(&o->in.txn);
	o->in.txn.period_days = 90;
	o->model = CRM_BGNBD;
	o->risk_high = 0.3;
	o->risk_medium = 0.7;
	o->seed = 1;
	o->level = 0.95;
	o->k = 2;
	o->drop = 0.5;
	while ((opt = cli_next(cli)) != -1)
		if (!txn_option(&o->in.txn, opt, cli->arg))
			handle_option(o, opt, cli->arg);
	o->in.need_transactions = o->model == MODEL_RULES;
	if (o->model == MODEL_RULES && (o->params || o->save_params ||
	    o->fit_only || o->bootstrap || o->evaluate))
		die_usage("--model rules fits nothing: --params, --save-params,"
		    " --fit-only, --bootstrap and --evaluate do not apply");
	if (o->params && (o->bootstrap || o->penalty > 0 || o->fit_only))
		die_usage("--params scores with a saved model: --bootstrap, "
		    "--penalty and --fit-only need a fit");
	if ((o->partial || o->merge) && (o->params || o->bootstrap ||
	    o->evaluate || o->model == MODEL_RULES || (o->partial &&
	    (o->merge || o->save_params || o->fit_only))))
		die_usage("--partial writes the grouped customers and --merge "
		    "fits them: --params, --bootstrap, --evaluate and --model "
		    "rules need the customers themselves");
}

/* The model */

static void
fit_model(struct run *run, bool progress)
{
	struct crm_btyd_fit_options fo = { 0 };

	fo.penalty = run->opt.penalty;
	btyd_fit_customers((enum crm_btyd_kind)run->opt.model, run->c,
	    run->weight, &fo, progress, &run->fit);
	run->model = run->fit.model;
	run->fitted = true;
}

/* Bootstrap: refits on resampled customers */

static void
resample(struct crm_rng *g, size_t n, double *weight)
{
	size_t i;

	memset(weight, 0, n * sizeof(*weight));
	for (i = 0; i < n; i++)
		weight[(size_t)(crm_rng_uniform(g) * n) % n] += 1;
}

static void
run_bootstrap(struct run *run)
{
	double *weight = xreallocarray(NULL, run->c->n, sizeof(double));
	struct crm_btyd_fit fit;
	struct crm_rng g;
	int b, i;

	run->boot = xreallocarray(NULL, (size_t)run->opt.bootstrap,
	    4 * sizeof(double));
	crm_rng_seed(&g, run->opt.seed);
	for (b = 0; b < run->opt.bootstrap; b++) {
		struct crm_btyd_fit_options fo = { 0 };

		resample(&g, run->c->n, weight);
		fo.penalty = run->opt.penalty;
		fo.start = run->model.par;
		btyd_fit_customers(run->model.kind, run->c, weight, &fo, false,
		    &fit);
		for (i = 0; i < 4; i++)
			run->boot[4 * run->nboot + i] = fit.model.par[i];
		run->nboot++;
	}
	free(weight);
}

static void
interval(double *v, size_t n, double level, double *lo, double *hi)
{
	qsort(v, n, sizeof(*v), compare_doubles);
	*lo = quantile_sorted(v, n, (1 - level) / 2);
	*hi = quantile_sorted(v, n, 1 - (1 - level) / 2);
}

/* Parameters and fit statistics */

static void
add_parameters(const struct run *run, struct params *p)
{
	double *v = xreallocarray(NULL, run->nboot ? run->nboot : 1,
	    sizeof(double));
	double lo = NAN, hi = NAN, se;
	int i, b;

	for (i = 0; i < 4; i++) {
		if (run->nboot > 0) {
			for (b = 0; b < run->nboot; b++)
				v[b] = run->boot[4 * b + i];
			interval(v, (size_t)run->nboot, run->opt.level, &lo,
			    &hi);
		}
		se = run->fitted && run->fit.se_ok ? run->fit.se[i] : NAN;
		params_set_estimate(p, crm_btyd_param_name(run->model.kind, i),
		    run->model.par[i], se, lo, hi);
	}
	free(v);
}

static struct params *
model_params(const struct run *run)
{
	struct params *p = params_new();
	const struct crm_btyd_fit *f = &run->fit;
	struct fit_report report = { f->loglik, 4, f->customers,
		f->iterations, f->converged, run->opt.penalty,
		run->common->as_of };

	btyd_describe(p, &run->model, run->unit_days, NULL);
	add_parameters(run, p);
	describe_fit(p, &report);
	params_set_number(p, "groups", (double)f->groups);
	if (run->nboot > 0)
		params_set_number(p, "bootstrap", run->nboot);
	return p;
}

/* Scoring */

static void
check_model(int status, size_t customer, const char *what)
{
	if (status != CRM_MODEL_OK)
		die("customer %zu: %s cannot be computed for this model and "
		    "data (status %d)", customer + 1, what, status);
}

static void
score(const struct crm_btyd *m, const struct customers *c, size_t i,
    double horizon, double *p_alive, double *expected)
{
	check_model(crm_btyd_p_alive(m, c->x[i], c->t_x[i], c->T[i], p_alive),
	    i, "p_alive");
	check_model(crm_btyd_expected_conditional(m, c->x[i], c->t_x[i],
	    c->T[i], horizon, expected), i, "expected_purchases");
}

static const char *
risk_of(const struct churn_options *o, double p_alive)
{
	return p_alive < o->risk_high ? "high" : p_alive < o->risk_medium ?
	    "medium" : "low";
}

/* _lo and _hi of p_alive and expected purchases over the resamples. */
static void
write_intervals(const struct run *run, struct writer *w,
    const struct customers *c, size_t i)
{
	struct crm_btyd m = { run->model.kind, { 0 } };
	double *p = xreallocarray(NULL, (size_t)run->nboot, sizeof(double));
	double *e = xreallocarray(NULL, (size_t)run->nboot, sizeof(double));
	double lo, hi;
	int b;

	for (b = 0; b < run->nboot; b++) {
		memcpy(m.par, &run->boot[4 * b], sizeof(m.par));
		score(&m, c, i, run->opt.horizon, &p[b], &e[b]);
	}
	interval(p, (size_t)run->nboot, run->opt.level, &lo, &hi);
	writer_number(w, lo);
	writer_number(w, hi);
	interval(e, (size_t)run->nboot, run->opt.level, &lo, &hi);
	writer_number(w, lo);
	writer_number(w, hi);
	free(p);
	free(e);
}

static const char *const score_columns[] = { "p_alive",
	"expected_purchases", "churn_risk", NULL };

/* The fields crm-churn adds for customer i of c. */
static void
write_score_fields(void *ctx, struct writer *w, const struct customers *c,
    size_t i)
{
	struct run *run = ctx;
	double p_alive, expected;

	score(&run->model, c, i, run->opt.horizon, &p_alive, &expected);
	writer_number(w, p_alive);
	writer_number(w, expected);
	writer_string(w, risk_of(&run->opt, p_alive));
	if (run->nboot > 0)
		write_intervals(run, w, c, i);
}

static void
write_scores(struct run *run, struct writer *w)
{
	static const char *const with_intervals[] = { "p_alive",
		"expected_purchases", "churn_risk", "p_alive_lo", "p_alive_hi",
		"expected_purchases_lo", "expected_purchases_hi", NULL };

	customers_write_all(run->c, w, run->nboot > 0 ? with_intervals :
	    score_columns, write_score_fields, run);
}

/* Holdout evaluation */

enum { EVAL_GROUPS = 9 };	/* x = 0..7+, and all */

struct eval_group {
	double customers, actual, predicted, abs_error, sq_error;
};

struct scored {
	double score;
	bool bought;
};

static int
compare_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	return (x->score > y->score) - (x->score < y->score);
}

/*
 * The AUC of a score for "bought again in the holdout": the chance that a
 * customer who bought has a higher score than one who did not, ties
 * counting one half (the Mann-Whitney U statistic over n1 n0).
 */
static double
auc(const double *score, const double *x_holdout, size_t n)
{
	struct scored *v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	double positives = 0, rank_sum = 0, mid;
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		v[i].score = score[i];
		v[i].bought = x_holdout[i] > 0;
		positives += v[i].bought;
	}
	qsort(v, n, sizeof(*v), compare_scored);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].score == v[i].score; j++)
			;
		mid = (i + 1 + j) / 2.0;	/* the mean rank of the ties */
		for (k = i; k < j; k++)
			rank_sum += v[k].bought ? mid : 0;
	}
	free(v);
	if (positives == 0 || positives == n)
		return NAN;
	return (rank_sum - positives * (positives + 1) / 2) /
	    (positives * (n - positives));
}

static void
add_to_group(struct eval_group *g, double actual, double predicted)
{
	double error = predicted - actual;

	g->customers++;
	g->actual += actual;
	g->predicted += predicted;
	g->abs_error += fabs(error);
	g->sq_error += error * error;
}

static void
write_auc(struct writer *w, double auc_value)
{
	if (isfinite(auc_value))
		writer_number(w, auc_value);
	else
		writer_empty(w);
}

/* The AUCs (p_alive, then expected purchases) are NAN but for "all". */
static void
write_eval_row(struct writer *w, const char *name, const struct eval_group *g,
    double auc_p_alive, double auc_expected)
{
	writer_string(w, name);
	writer_number(w, g->customers);
	writer_number(w, g->customers ? g->actual / g->customers : 0);
	writer_number(w, g->customers ? g->predicted / g->customers : 0);
	writer_number(w, g->actual);
	writer_number(w, g->predicted);
	writer_number(w, g->customers ? g->abs_error / g->customers : 0);
	writer_number(w, g->customers ? sqrt(g->sq_error / g->customers) : 0);
	write_auc(w, auc_p_alive);
	write_auc(w, auc_expected);
	writer_end(w);
}

static void
evaluate(struct run *run, struct writer *w)
{
	static const char *const header[] = { "x", "customers", "actual_mean",
		"predicted_mean", "actual_total", "predicted_total", "mae",
		"rmse", "auc_p_alive", "auc_expected", NULL };
	const struct customers *c = run->c;
	struct eval_group g[EVAL_GROUPS] = { { 0 } };
	double *p = xreallocarray(NULL, c->n ? c->n : 1, sizeof(double));
	double *e = xreallocarray(NULL, c->n ? c->n : 1, sizeof(double));
	char name[8];
	size_t i;
	int k;

	if (c->x_holdout == NULL || c->duration_holdout == NULL)
		die("--evaluate needs x_holdout and duration_holdout columns "
		    "(crm-rfm --holdout-end)");
	for (i = 0; i < c->n; i++) {
		score(&run->model, c, i, c->duration_holdout[i], &p[i],
		    &e[i]);
		add_to_group(&g[c->x[i] < 7 ? (int)c->x[i] : 7],
		    c->x_holdout[i], e[i]);
		add_to_group(&g[8], c->x_holdout[i], e[i]);
	}
	for (k = 0; header[k]; k++)
		writer_string(w, header[k]);
	writer_end(w);
	for (k = 0; k < 8; k++) {
		snprintf(name, sizeof(name), k < 7 ? "%d" : "%d+", k);
		write_eval_row(w, name, &g[k], NAN, NAN);
	}
	write_eval_row(w, "all", &g[8], auc(p, c->x_holdout, c->n),
	    auc(e, c->x_holdout, c->n));
	free(p);
	free(e);
}

/* Rules: the customer's own purchase rhythm */

static double
median_of_gaps(const struct txn_summary *s)
{
	double *gaps = xreallocarray(NULL, s->count ? s->count : 1,
	    sizeof(double)), population = 0;
	size_t i, n = 0;

	for (i = 0; i < s->count; i++)
		if (s->customers[i].x > 0)
			gaps[n++] = s->customers[i].median_gap_days;
	if (n > 0)
		population = median(gaps, n);
	free(gaps);
	return population;
}

static void
write_rules(struct run *run, struct writer *w)
{
	const struct txn_summary *s = run->c->txn;
	double population_gap = median_of_gaps(s), gap;
	bool overdue, slowing;
	size_t i;

	customers_write_header(run->c, w);
	writer_string(w, "gap_days");
	writer_string(w, "churn_risk");
	writer_string(w, "reason");
	writer_end(w);
	for (i = 0; i < s->count; i++) {
		const struct customer_summary *cs = &s->customers[i];

		gap = cs->x > 0 ? cs->median_gap_days : population_gap;
		overdue = gap > 0 && txn_recency_days(s, cs) > run->opt.k * gap;
		slowing = cs->previous_days > 0 && cs->recent_days <=
		    (1 - run->opt.drop) * cs->previous_days;
		customers_write_row(run->c, w, i);
		writer_number(w, gap);
		writer_string(w, overdue ? "high" : slowing ? "medium" : "low");
		writer_string(w, overdue && slowing ? "overdue,slowing" :
		    overdue ? "overdue" : slowing ? "slowing" : "");
		writer_end(w);
	}
}

static void
output(struct run *run, struct writer *w)
{
	struct params *p;

	if (run->opt.model == MODEL_RULES)
		write_rules(run, w);
	else if (run->opt.evaluate)
		evaluate(run, w);
	else if (run->opt.fit_only) {
		p = model_params(run);
		params_write(p, w);
		params_free(p);
	} else
		write_scores(run, w);
}

/* A saved model scores as it reads and writes, a batch of rows at a time. */
static bool
can_stream(const struct churn_options *o)
{
	return o->params != NULL && o->model != MODEL_RULES && !o->evaluate;
}

/* --merge: the grouped customers of the states, fitted; the model out. */
static int
merge_fit(struct cli *cli, struct run *run)
{
	struct params *p;
	struct writer *w;

	run->c = churnstate_merge(&cli->common, cli->files, cli->nfiles,
	    &run->weight);
	run->unit_days = run->c->unit_days;
	if (run->c->n == 0)
		die("no customers to fit the model to");
	fit_model(run, cli->common.in.progress);
	p = model_params(run);
	if (run->opt.save_params != NULL)
		params_save(p, run->opt.save_params);
	w = writer_open(cli->common.output, &cli->common.out);
	params_write(p, w);
	writer_close(w);
	params_free(p);
	free(run->weight);
	customers_free(run->c);
	cli_end(cli);
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct run run;
	struct customers_input *in;
	struct writer *w;
	struct params *p;

	memset(&run, 0, sizeof(run));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &run.opt);
	run.common = &cli.common;
	if (run.opt.merge)
		return merge_fit(&cli, &run);
	in = customers_open(&cli.common, &run.opt.in, cli.files, cli.nfiles);
	run.unit_days = customers_unit_days(in);
	if (run.opt.horizon == 0)
		run.opt.horizon = 365.25 / run.unit_days;	/* a year */
	if (run.opt.params != NULL && run.opt.model != MODEL_RULES)
		btyd_load(run.opt.params, run.opt.model_given ? run.opt.model :
		    -1, in, &run.model);
	if (can_stream(&run.opt)) {
		customers_stream(in, score_columns, write_score_fields, &run);
		cli_end(&cli);
		return 0;
	}
	run.c = customers_read(in);
	if (run.opt.partial) {
		churnstate_write(run.c, cli.common.output);
		customers_free(run.c);
		cli_end(&cli);
		return 0;
	}
	if (run.opt.model != MODEL_RULES) {
		if (run.opt.params == NULL && run.c->n == 0)
			die("no customers to fit the model to");
		if (run.opt.params == NULL)
			fit_model(&run, cli.common.in.progress);
		if (run.opt.bootstrap > 0)
			run_bootstrap(&run);
		if (run.opt.save_params != NULL) {
			p = model_params(&run);
			params_save(p, run.opt.save_params);
			params_free(p);
		}
	}
	w = writer_open(cli.common.output, &cli.common.out);
	output(&run, w);
	writer_close(w);
	free(run.boot);
	customers_free(run.c);
	cli_end(&cli);
	return 0;
}
