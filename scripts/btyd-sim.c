/*
 * btyd-sim: draw customers from BG/NBD, MBG/NBD or Pareto/NBD with known
 * parameters, for tests and benchmarks.
 *
 *   btyd-sim [-m bgnbd|mbgnbd|pnbd] [-p r,alpha,a,b] [-n N] [-s SEED]
 *            [-w WEEKS] [-c COHORT_WEEKS] [-t START_DATE [-g p,q,gamma]]
 *            [-f [-j THREADS]]
 *
 * Customers arrive uniformly over the first COHORT_WEEKS weeks (default
 * 12) and are watched until week WEEKS (default 39), so T = WEEKS -
 * arrival.  Default output: customer_id,x,t_x,T (weeks).  With -t the
 * transactions instead: customer_id,order_date,amount, one row per
 * purchase (first purchase included, times rounded down to whole days
 * counted from START_DATE), amounts from the Gamma-Gamma model with
 * parameters -g (default 6.25,3.74,15.44).  Same seed, same output.
 * With -f nothing goes to stdout: the simulated customers are fitted
 * with the same model and stderr gets the estimates, standard errors,
 * z-scores against the truth and the fit's wall-clock time (the recovery
 * check and the fit benchmark).
 */
#include <getopt.h>
#include <time.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model/btyd.h"
#include "model/sim.h"
#include "util.h"

struct options {
	enum crm_btyd_kind kind;
	double par[4], spend[3], weeks, cohort_weeks;
	long n;
	uint64_t seed;
	int transactions, fit, threads;
	int32_t start_day;
};

/* Simulated summaries kept for -f. */
struct sample {
	double *x, *t_x, *T;
	size_t n;
};

/* Where print_purchase writes: the customer, the arrival and spend. */
struct purchase_out {
	struct crm_rng *g;
	const struct options *o;
	long id;
	double arrival, nu;
};

/* One row customer_id,order_date,amount; amount ~ Gamma(p, nu) with nu ~
   Gamma(q, gamma) per customer (Fader & Hardie 2013). */
static void
print_purchase(double t, void *ctx)
{
	struct purchase_out *out = ctx;
	double day = floor((out->arrival + t) * 7);
	double amount = crm_rng_gamma(out->g, out->o->spend[0]) / out->nu;
	char date[DATE_BUFSIZE];

	date_format(out->o->start_day + (int32_t)day, date);
	printf("%ld,%s,%.2f\n", out->id, date, fmax(amount, 0.01));
}

/* Draw customer id arriving at week arrival; print or keep it. */
static void
simulate_customer(struct crm_rng *g, const struct options *o, long id,
    double arrival, struct sample *keep)
{
	struct crm_btyd m = { o->kind, { 0 } };
	double T = o->weeks - arrival, t_x;
	long x;

	memcpy(m.par, o->par, sizeof m.par);
	if (o->transactions) {
		struct purchase_out out = { g, o, id, arrival, 0 };

		out.nu = crm_rng_gamma(g, o->spend[1]) / o->spend[2];
		print_purchase(0, &out);
		crm_btyd_draw(g, &m, T, &t_x, print_purchase, &out);
		return;
	}
	x = crm_btyd_draw(g, &m, T, &t_x, NULL, NULL);
	if (o->fit) {
		keep->x[keep->n] = x;
		keep->t_x[keep->n] = t_x;
		keep->T[keep->n++] = T;
	} else {
		printf("%ld,%ld,%.10g,%.10g\n", id, x, t_x, T);
	}
}

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* -f: fit the kept sample, report estimates against the truth. */
static void
fit_sample(const struct options *o, const struct sample *s)
{
	struct crm_btyd_data d = { s->n, s->x, s->t_x, s->T, NULL };
	struct crm_btyd_fit_options fo = { 0 };
	struct crm_btyd_fit fit;
	double start = seconds_now(), wall;
	int status, i;

	fo.threads = o->threads;
	status = crm_btyd_fit(o->kind, &d, &fo, &fit);
	wall = seconds_now() - start;
	fprintf(stderr, "%s fit of %zu customers (%zu groups): status %d "
	    "(%s), %d iterations, %d evaluations, LL %.6f, %.3f s\n",
	    crm_btyd_kind_name(o->kind), s->n, fit.groups, status,
	    fit.message, fit.iterations, fit.evaluations, fit.loglik, wall);
	for (i = 0; i < 4; i++)
		fprintf(stderr, "  %-5s true %-10.6g estimate %-10.6g se %-10.4g "
		    "z %.2f\n", crm_btyd_param_name(o->kind, i), o->par[i],
		    fit.model.par[i], fit.se[i], fit.se_ok ? (fit.model.par[i] -
		    o->par[i]) / fit.se[i] : 0.0);
	if (status != 0)
		exit(EXIT_DATA);
}

static void
parse_list(const char *arg, double *out, int count, const char *what)
{
	char *end;
	int i;

	for (i = 0; i < count; i++) {
		out[i] = strtod(arg, &end);
		if (end == arg || !(out[i] > 0) || (i < count - 1 &&
		    *end != ',') || (i == count - 1 && *end != '\0'))
			die_usage("%s: want %d positive numbers separated by "
			    "commas", what, count);
		arg = end + 1;
	}
}

static double
positive(const char *arg, const char *what)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v > 0))
		die_usage("%s: want a positive number, not '%s'", what, arg);
	return v;
}

static void
usage(void)
{
	printf("usage: btyd-sim [-m bgnbd|mbgnbd|pnbd] [-p r,alpha,a,b] "
	    "[-n N] [-s SEED]\n"
	    "                [-w WEEKS] [-c COHORT_WEEKS] "
	    "[-t START_DATE [-g p,q,gamma]]\n"
	    "                [-f [-j THREADS]]\n"
	    "Writes customer_id,x,t_x,T (weeks), or with -t the "
	    "transactions\ncustomer_id,order_date,amount; -f fits the "
	    "sample and reports on stderr.\nDefaults: "
	    "bgnbd 0.243,4.414,0.793,2.426,\nN 1000, seed 1, 39 weeks, "
	    "cohort over 12 weeks.\n");
	exit(0);
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "params", required_argument, NULL, 'p' },
		{ "n", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "weeks", required_argument, NULL, 'w' },
		{ "cohort-weeks", required_argument, NULL, 'c' },
		{ "transactions", required_argument, NULL, 't' },
		{ "spend", required_argument, NULL, 'g' },
		{ "fit", no_argument, NULL, 'f' },
		{ "threads", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:p:n:s:w:c:t:g:fj:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'm':
			if (crm_btyd_kind_parse(optarg, &o->kind) != 0)
				die_usage("unknown model '%s'", optarg);
			break;
		case 'p':
			parse_list(optarg, o->par, 4, "--params");
			break;
		case 'n':
			o->n = (long)positive(optarg, "--n");
			break;
		case 's':
			o->seed = strtoull(optarg, NULL, 10);
			break;
		case 'w':
			o->weeks = positive(optarg, "--weeks");
			break;
		case 'c':
			o->cohort_weeks = positive(optarg, "--cohort-weeks");
			break;
		case 't':
			if (date_parse(optarg, strlen(optarg), NULL,
			    &o->start_day) != DATE_OK)
				die_usage("--transactions: bad date '%s'",
				    optarg);
			o->transactions = 1;
			break;
		case 'g':
			parse_list(optarg, o->spend, 3, "--spend");
			break;
		case 'f':
			o->fit = 1;
			break;
		case 'j':
			o->threads = (int)positive(optarg, "--threads");
			break;
		case 'h':
			usage();
			break;
		default:
			die_usage("unknown option");
		}
	}
	if (o->cohort_weeks > o->weeks)
		die_usage("--cohort-weeks must not exceed --weeks");
	if (o->fit && o->transactions)
		die_usage("--fit and --transactions exclude each other");
}

int
main(int argc, char **argv)
{
	struct options o = { CRM_BGNBD, { 0.243, 4.414, 0.793, 2.426 },
	    { 6.25, 3.74, 15.44 }, 39, 12, 1000, 1, 0, 0, 0, 0 };
	struct sample keep = { NULL, NULL, NULL, 0 };
	struct crm_rng g;
	long id;

	setprogname(argv[0]);
	parse_args(argc, argv, &o);
	crm_rng_seed(&g, o.seed);
	if (o.fit) {
		keep.x = xreallocarray(NULL, o.n, sizeof *keep.x);
		keep.t_x = xreallocarray(NULL, o.n, sizeof *keep.t_x);
		keep.T = xreallocarray(NULL, o.n, sizeof *keep.T);
	} else {
		puts(o.transactions ? "customer_id,order_date,amount" :
		    "customer_id,x,t_x,T");
	}
	for (id = 1; id <= o.n; id++) {
		double arrival = crm_rng_uniform(&g) * o.cohort_weeks;

		if (o.transactions)
			arrival = floor(arrival * 7) / 7;
		simulate_customer(&g, &o, id, arrival, &keep);
	}
	if (o.fit)
		fit_sample(&o, &keep);
	free(keep.x);
	free(keep.t_x);
	free(keep.T);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error");
	return 0;
}
