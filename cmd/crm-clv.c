/*
 * crm-clv: what each customer is worth. Fits the Gamma-Gamma spend model
 * to customers' average repeat purchase values (or uses a saved one) and
 * adds the expected average value and the discounted customer lifetime
 * value over the coming months, with the purchases a repeat-purchase model
 * expects (crm-churn's saved parameters, or a fit here).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "customers.h"
#include "model/clv.h"
#include "models.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_MONTHS = 256, OPT_DISCOUNT, OPT_MARGIN, OPT_CHURN_PARAMS,
	OPT_MODEL, OPT_PARAMS, OPT_SAVE_PARAMS, OPT_FIT_ONLY, OPT_PENALTY,
	OPT_X, OPT_T_X, OPT_T
};

static const struct option longopts[] = {
	TXN_LONGOPTS,
	{ "months", required_argument, NULL, OPT_MONTHS },
	{ "discount", required_argument, NULL, OPT_DISCOUNT },
	{ "margin", required_argument, NULL, OPT_MARGIN },
	{ "churn-params", required_argument, NULL, OPT_CHURN_PARAMS },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "params", required_argument, NULL, OPT_PARAMS },
	{ "save-params", required_argument, NULL, OPT_SAVE_PARAMS },
	{ "fit-only", no_argument, NULL, OPT_FIT_ONLY },
	{ "penalty", required_argument, NULL, OPT_PENALTY },
	{ "x", required_argument, NULL, OPT_X },
	{ "t-x", required_argument, NULL, OPT_T_X },
	{ "T", required_argument, NULL, OPT_T },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-clv [options] [file ...]",
	"Add expected_avg_value (Gamma-Gamma spend model) and clv, the\n"
	"discounted value of the purchases expected over the coming months,\n"
	"to per-customer summaries (crm-rfm or crm-churn output) or to the\n"
	"summary of raw transactions.",
	"      --months N           months of value in clv (default 12)\n"
	"      --discount D         monthly discount rate (default 0.01)\n"
	"      --margin M           share of revenue that is profit (default"
	" 1)\n"
	"      --churn-params FILE  the repeat-purchase model saved by"
	" crm-churn\n"
	"                           --save-params (default: fit --model"
	" here)\n"
	"      --model MODEL        bgnbd, mbgnbd or pnbd, when fitted here"
	" (default\n"
	"                           bgnbd)\n"
	"      --params FILE        score with a saved spend model instead"
	" of fitting\n"
	"      --save-params FILE   save the fitted spend model to FILE\n"
	"      --fit-only           print the spend model's parameters and"
	" fit\n"
	"                           statistics instead of the customers\n"
	"      --penalty L          L2 penalty on the spend model's"
	" log-parameters (0)\n"
	"      --x COL, --t-x COL, --T COL\n"
	"                           summary columns (default x, t_x, T or"
	" aliases)\n"
	"Transactions (when the input has no x, t_x, T columns):\n"
	TXN_USAGE,
	"",
	longopts,
	CLI_ALL
};

struct clv_options {
	struct customers_options in;
	int months;
	double discount, margin, penalty;
	const char *churn_params, *params, *save_params;
	int model;
	bool model_given;		/* --model: --churn-params must be it */
	bool fit_only;
};

struct run {
	struct clv_options opt;
	const struct common_options *common;
	struct customers *c;
	struct crm_btyd purchases;	/* the repeat-purchase model */
	struct crm_gg spend;
	struct crm_gg_fit fit;		/* when the spend model is fitted */
	bool fitted;
	size_t used;			/* customers in the spend fit */
};

static void
handle_option(struct clv_options *o, int opt, const char *arg)
{
	enum crm_btyd_kind kind;

	switch (opt) {
	case OPT_MONTHS: o->months = (int)cli_long("--months", arg, 1, 1200);
		break;
	case OPT_DISCOUNT: o->discount = cli_double("--discount", arg, 0, 10);
		break;
	case OPT_MARGIN: o->margin = cli_double("--margin", arg, 0, 1e6);
		break;
	case OPT_CHURN_PARAMS: o->churn_params = arg; break;
	case OPT_MODEL:
		if (crm_btyd_kind_parse(arg, &kind) != CRM_MODEL_OK)
			die_usage("--model: '%s' is not one of bgnbd, mbgnbd, "
			    "pnbd", arg);
		o->model = (int)kind;
		o->model_given = true;
		break;
	case OPT_PARAMS: o->params = arg; break;
	case OPT_SAVE_PARAMS: o->save_params = arg; break;
	case OPT_FIT_ONLY: o->fit_only = true; break;
	case OPT_PENALTY: o->penalty = cli_double("--penalty", arg, 0, 1e9);
		break;
	case OPT_X: o->in.x_column = arg; break;
	case OPT_T_X: o->in.t_x_column = arg; break;
	case OPT_T: o->in.T_column = arg; break;
	default: die_usage("invalid option");
	}
}

static void
parse_options(struct cli *cli, struct clv_options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	txn_options_init(&o->in.txn);
	o->in.need_repeat_avg = true;
	o->months = 12;
	o->discount = 0.01;
	o->margin = 1;
	o->model = CRM_BGNBD;
	while ((opt = cli_next(cli)) != -1)
		if (!txn_option(&o->in.txn, opt, cli->arg))
			handle_option(o, opt, cli->arg);
	if (o->params && (o->fit_only || o->penalty > 0))
		die_usage("--params scores with a saved spend model: "
		    "--fit-only and --penalty need a fit");
	if (o->in.txn.no_amount)
		die_usage("--amount none: crm-clv needs amounts, the value of "
		    "each purchase, to fit the spend model");
}

/* The model assumes a customer's spend does not depend on how often. */
static void
report_correlation(const struct run *run, const double *x,
    const double *zbar)
{
	double rho;

	if (crm_pearson(run->used, x, zbar, NULL, &rho) != CRM_MODEL_OK) {
		warnmsg("the correlation of x and repeat_avg is undefined (too "
		    "few customers, or no variation)");
		return;
	}
	warnmsg("correlation of x and repeat_avg over the %zu customers "
	    "fitted: %.3f; the spend model assumes none%s", run->used, rho,
	    fabs(rho) >= 0.3 ? " (this one is strong: read clv with care)" :
	    "");
}

/*
 * The spend model is fitted to customers with repeat purchases and a
 * positive average repeat value (Fader, Hardie & Lee 2005, section 3);
 * the others are counted, never fitted.
 */
static void
fit_spend(struct run *run)
{
	const struct customers *c = run->c;
	double *x = xreallocarray(NULL, c->n ? c->n : 1, sizeof(double));
	double *zbar = xreallocarray(NULL, c->n ? c->n : 1, sizeof(double));
	size_t i, no_repeat = 0, no_value = 0;

	for (i = 0; i < c->n; i++) {
		if (c->x[i] == 0)
			no_repeat++;
		else if (!(c->repeat_avg[i] > 0))
			no_value++;
		else {
			x[run->used] = c->x[i];
			zbar[run->used++] = c->repeat_avg[i];
		}
	}
	if (!run->common->quiet && no_repeat + no_value > 0)
		warnmsg("the spend model is fitted to %zu customers; %zu "
		    "without repeat purchases and %zu with repeat_avg <= 0 "
		    "are left out", run->used, no_repeat, no_value);
	if (run->used == 0)
		die("no customer has repeat purchases with a positive "
		    "repeat_avg: nothing to fit the spend model to");
	gg_fit_customers(run->used, x, zbar, run->opt.penalty,
	    run->common->in.progress, &run->fit);
	run->spend = run->fit.model;
	run->fitted = true;
	if (run->opt.fit_only)
		report_correlation(run, x, zbar);
	free(x);
	free(zbar);
}

/* Without --churn-params the repeat-purchase model is fitted here. */
static void
fit_purchases(struct run *run)
{
	struct crm_btyd_fit_options fo = { 0 };
	struct crm_btyd_fit fit;

	btyd_fit_customers((enum crm_btyd_kind)run->opt.model, run->c, NULL,
	    &fo, run->common->in.progress, &fit);
	run->purchases = fit.model;
}

static struct params *
spend_params(const struct run *run)
{
	struct params *p = params_new();
	const struct crm_gg_fit *f = &run->fit;
	struct fit_report report = { f->loglik, 3, f->customers,
		f->iterations, f->converged, run->opt.penalty,
		run->common->as_of };

	gg_describe(p, &run->spend, f->se_ok ? f->se : NULL);
	describe_fit(p, &report);
	return p;
}

/*
 * E(Z | x, zbar); a customer without repeat purchases gets the population
 * mean (x = 0), and a repeat_avg of 0 or less counts as 0, so the value
 * is never negative.
 */
static double
expected_value(const struct run *run, const struct customers *c, size_t i)
{
	double x = c->x[i], zbar = c->repeat_avg[i], e;

	if (!(zbar > 0))
		zbar = 0;
	if (crm_gg_expected_spend(&run->spend, x, zbar, &e) != CRM_MODEL_OK)
		die("the spend model has q = %g <= 1: its mean value is "
		    "infinite", run->spend.q);
	return e;
}

static double
lifetime_value(const struct run *run, const struct customers *c, size_t i,
    double value)
{
	double month = 365.25 / 12 / c->unit_days, clv;

	if (crm_btyd_clv(&run->purchases, c->x[i], c->t_x[i], c->T[i],
	    value * run->opt.margin, month, run->opt.months, run->opt.discount,
	    &clv) != CRM_MODEL_OK)
		die("customer %zu: the lifetime value cannot be computed for "
		    "this model", i + 1);
	return clv;
}

static const char *const value_columns[] = { "expected_avg_value", "clv",
	NULL };

/* The fields crm-clv adds for customer i of c. */
static void
write_value_fields(void *ctx, struct writer *w, const struct customers *c,
    size_t i)
{
	const struct run *run = ctx;
	double value = expected_value(run, c, i);

	writer_number(w, value);
	writer_number(w, lifetime_value(run, c, i, value));
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
	in = customers_open(&cli.common, &run.opt.in, cli.files, cli.nfiles);
	if (run.opt.churn_params != NULL)
		btyd_load(run.opt.churn_params, run.opt.model_given ?
		    run.opt.model : -1, in, &run.purchases);
	/* With both models saved, a batch of rows at a time, as it reads. */
	if (run.opt.params != NULL && run.opt.churn_params != NULL &&
	    run.opt.save_params == NULL) {
		gg_load(run.opt.params, &run.spend);
		customers_stream(in, value_columns, write_value_fields, &run);
		cli_end(&cli);
		return 0;
	}
	run.c = customers_read(in);
	if (run.opt.params != NULL)
		gg_load(run.opt.params, &run.spend);
	else
		fit_spend(&run);
	if (run.opt.save_params != NULL) {
		p = spend_params(&run);
		params_save(p, run.opt.save_params);
		params_free(p);
	}
	w = writer_open(cli.common.output, &cli.common.out);
	if (run.opt.fit_only) {
		p = spend_params(&run);
		params_write(p, w);
		params_free(p);
	} else {
		if (run.c->n > 0 && run.opt.churn_params == NULL)
			fit_purchases(&run);
		customers_write_all(run.c, w, value_columns,
		    write_value_fields, &run);
	}
	writer_close(w);
	customers_free(run.c);
	cli_end(&cli);
	return 0;
}
