/*
 * crm-recommend: what to offer each customer, and why: item-based
 * collaborative filtering over the customers' baskets (the top N items
 * each has not bought, with the bought item that explains each),
 * association rules between items, and a hold-out evaluation against the
 * most popular items.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baskets.h"
#include "cli.h"
#include "date.h"
#include "emit.h"
#include "recommend.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_ITEM = 256, OPT_ID, OPT_DATE, OPT_QUANTITY, OPT_AMOUNT,
	OPT_SIMILARITY, OPT_NEIGHBOURS, OPT_MIN_SUPPORT, OPT_MAX_BASKET,
	OPT_HALF_LIFE, OPT_REPEAT, OPT_RULES, OPT_MIN_CONFIDENCE,
	OPT_EVALUATE, OPT_HOLDOUT_END, OPT_MAX_LENGTH
};

static const struct option longopts[] = {
	{ "top", required_argument, NULL, 'n' },
	{ "item", required_argument, NULL, OPT_ITEM },
	{ "id", required_argument, NULL, OPT_ID },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "quantity", required_argument, NULL, OPT_QUANTITY },
	{ "amount", required_argument, NULL, OPT_AMOUNT },
	{ "similarity", required_argument, NULL, OPT_SIMILARITY },
	{ "neighbours", required_argument, NULL, OPT_NEIGHBOURS },
	{ "min-support", required_argument, NULL, OPT_MIN_SUPPORT },
	{ "max-basket", required_argument, NULL, OPT_MAX_BASKET },
	{ "half-life", required_argument, NULL, OPT_HALF_LIFE },
	{ "repeat", no_argument, NULL, OPT_REPEAT },
	{ "rules", no_argument, NULL, OPT_RULES },
	{ "min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE },
	{ "max-length", required_argument, NULL, OPT_MAX_LENGTH },
	{ "evaluate", no_argument, NULL, OPT_EVALUATE },
	{ "holdout-end", required_argument, NULL, OPT_HOLDOUT_END },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-recommend [options] [file ...]",
	"Recommend to each customer the items it has not bought yet that\n"
	"customers who bought the same items bought (item-based collaborative\n"
	"filtering), with the bought item that explains each; or association\n"
	"rules; or a hold-out evaluation against the most popular items.",
	"  -n, --top N              items per customer, 1 to 1000 (default 10)\n"
	"      --item COL           item column (default: item or an alias,"
	" e.g. 商品)\n"
	"      --id COL             customer id column (default: customer_id"
	" or alias)\n"
	"      --date COL           order date column (default: order_date)\n"
	"      --quantity COL       quantity column: a negative one is a"
	" return\n"
	"                           (default: quantity, if present)\n"
	"      --amount COL         amount column: a negative one is a return\n"
	"                           (default: amount, if present)\n"
	"      --similarity KIND    cosine or lift (default cosine)\n"
	"      --neighbours K       similar items kept per item (default 20)\n"
	"      --min-support S      least customers who bought both items: a"
	" count,\n"
	"                           or below 1 a share of the customers"
	" (default 2;\n"
	"                           with --rules 0.01)\n"
	"      --max-basket M       customers with more than M items are left"
	" out of\n"
	"                           the counts (default 500; 0: none is)\n"
	"      --half-life DAYS     a purchase weighs 2^(-age/DAYS) (default:"
	" all 1)\n"
	"      --repeat             items already bought may be recommended"
	" again\n"
	"      --rules              association rules between two items"
	" instead\n"
	"      --min-confidence C   with --rules: least confidence (default"
	" 0.1)\n"
	"      --max-length L       with --rules: itemsets of up to L items,"
	" 2 to 10;\n"
	"                           above 2 by FP-growth (default 2)\n"
	"      --evaluate           hit rate, precision, recall and coverage"
	" of the\n"
	"                           lists on the purchases after --as-of,"
	" against\n"
	"                           the most popular items\n"
	"      --holdout-end DATE   with --evaluate: the last day of the"
	" hold-out\n",
	"n:",
	longopts,
	CLI_ALL
};

enum mode { RECOMMEND, RULES, EVALUATE };

struct options {
	struct basket_options in;
	struct recommend_options rec;
	enum mode mode;
	bool min_support_given;
	double min_confidence;		/* < 0: not given */
	size_t max_length;		/* 0: not given */
};

static double
parse_min_support(const char *arg)
{
	double s = cli_double("--min-support", arg, 0, 4294967295.0);

	if (s <= 0 || (s >= 1 && s != floor(s)))
		die_usage("--min-support: '%s' is neither a share of customers"
		    " (above 0, below 1) nor a whole number of customers", arg);
	return s;
}

static void
set_mode(struct options *o, enum mode mode)
{
	if (o->mode != RECOMMEND && o->mode != mode)
		die_usage("--rules and --evaluate do not go together");
	o->mode = mode;
}

static void
parse_option(struct cli *cli, struct options *o, int opt)
{
	static const char *const kinds[] = { "cosine", "lift", NULL };

	switch (opt) {
	case 'n': o->rec.n = (size_t)cli_long("-n", cli->arg, 1, 1000); break;
	case OPT_ITEM: o->in.item_column = cli->arg; break;
	case OPT_ID: o->in.id_column = cli->arg; break;
	case OPT_DATE: o->in.date_column = cli->arg; break;
	case OPT_QUANTITY: o->in.quantity_column = cli->arg; break;
	case OPT_AMOUNT: o->in.amount_column = cli->arg; break;
	case OPT_SIMILARITY:
		o->rec.sim.similarity = (enum crm_similarity)cli_choice(
		    "--similarity", cli->arg, kinds);
		break;
	case OPT_NEIGHBOURS:
		o->rec.sim.k = (size_t)cli_long("--neighbours", cli->arg, 1,
		    10000);
		break;
	case OPT_MIN_SUPPORT:
		o->rec.min_support = parse_min_support(cli->arg);
		o->min_support_given = true;
		break;
	case OPT_MAX_BASKET:
		o->rec.max_basket = (size_t)cli_long("--max-basket", cli->arg,
		    0, 100000000);
		break;
	case OPT_HALF_LIFE:
		o->rec.half_life = cli_double("--half-life", cli->arg, 1e-9,
		    1e9);
		break;
	case OPT_REPEAT: o->rec.repeat = true; break;
	case OPT_RULES: set_mode(o, RULES); break;
	case OPT_EVALUATE: set_mode(o, EVALUATE); break;
	case OPT_MIN_CONFIDENCE:
		o->min_confidence = cli_double("--min-confidence", cli->arg, 0,
		    1);
		break;
	case OPT_MAX_LENGTH:
		o->max_length = (size_t)cli_long("--max-length", cli->arg, 2,
		    10);
		break;
	case OPT_HOLDOUT_END:
		o->in.holdout_end = cli_date("--holdout-end", cli->arg);
		break;
	default: die_usage("invalid option");
	}
}

/* Options that do nothing in the mode chosen are usage errors. */
static void
check_options(const struct cli *cli, struct options *o, bool n_given)
{
	bool holdout = o->in.holdout_end != BASKETS_NO_HOLDOUT;

	if (o->mode == EVALUATE && !holdout)
		die_usage("--evaluate needs --holdout-end");
	if (o->mode != EVALUATE && holdout)
		die_usage("--holdout-end goes with --evaluate");
	if (holdout && o->in.holdout_end <= cli->common.as_of)
		die_usage("--holdout-end must be after --as-of");
	if (o->mode != RULES && (o->min_confidence >= 0 || o->max_length))
		die_usage("--min-confidence and --max-length go with --rules");
	if (o->mode == RULES && (n_given || o->rec.repeat ||
	    o->rec.half_life > 0))
		die_usage("-n, --repeat and --half-life do nothing with "
		    "--rules");
	if (o->mode == RULES) {
		o->rec.sim.k = 0;	/* every pair, no neighbours */
		if (!o->min_support_given)
			o->rec.min_support = 0.01;
		if (o->min_confidence < 0)
			o->min_confidence = 0.1;
		if (o->max_length == 0)
			o->max_length = 2;
	}
}

static void
parse_options(struct cli *cli, struct options *o)
{
	bool n_given = false;
	int opt;

	memset(o, 0, sizeof(*o));
	o->in.holdout_end = BASKETS_NO_HOLDOUT;
	o->rec.sim.similarity = CRM_SIM_COSINE;
	o->rec.sim.k = 20;
	o->rec.min_support = 2;
	o->rec.max_basket = 500;
	o->rec.n = 10;
	o->min_confidence = -1;
	while ((opt = cli_next(cli)) != -1) {
		n_given = n_given || opt == 'n';
		parse_option(cli, o, opt);
	}
	check_options(cli, o, n_given);
}

/* Notes and checks on what was read */

static void
note(const struct cli *cli, unsigned long long n, const char *fmt,
    const char *arg)
{
	char what[200];

	if (n == 0 || cli->common.quiet)
		return;
	snprintf(what, sizeof(what), fmt, arg);
	warnmsg("%llu %s", n, what);
}

static void
reading_notes(const struct cli *cli, const struct options *o,
    const struct baskets *b)
{
	char date[DATE_BUFSIZE], limit[32];
	unsigned long long big = 0, none = 0;
	size_t c;

	for (c = 0; c < b->ncustomers; c++) {
		big += o->rec.max_basket > 0 &&
		    basket_size(b, c) > o->rec.max_basket;
		none += basket_size(b, c) == 0;
	}
	date_format(o->in.holdout_end != BASKETS_NO_HOLDOUT ?
	    o->in.holdout_end : cli->common.as_of, date);
	note(cli, b->late_rows, "rows after %s not used", date);
	note(cli, b->return_rows, "returns (a negative quantity or amount) "
	    "are not purchases%s", "");
	snprintf(limit, sizeof(limit), "%zu", o->rec.max_basket);
	note(cli, big, "customers with more than %s items are left out of "
	    "the counts (--max-basket)", limit);
	if (o->mode == RECOMMEND)
		note(cli, none, "customers without purchases up to --as-of "
		    "get the most popular items%s", "");
}

/* One item is nothing to recommend or relate, except to buy again. */
static void
check_catalogue(const struct options *o, const struct recommender *r)
{
	const struct name *item;

	if (r->npopular != 1 || (o->rec.repeat && o->mode != RULES))
		return;
	item = &r->b->item[r->popular[0]];
	die("only one item was bought up to --as-of ('%.*s' in column %s): "
	    "nothing to recommend or relate; --item names the item column",
	    (int)item->len, item->s, r->b->item_column);
}

/* Recommendations */

struct listing {
	const struct recommender *r;
	struct recommend_scratch scratch[EMIT_THREADS];
	bool ready[EMIT_THREADS];
	unsigned long long nothing[EMIT_THREADS];	/* customers */
};

static void
write_name(struct writer *w, const struct name *n)
{
	writer_text(w, n->s, n->len);
}

static void
list_customer(struct writer *w, size_t c, int t, void *ctx)
{
	struct listing *l = ctx;
	const struct baskets *b = l->r->b;
	struct recommend_scratch *s = &l->scratch[t];
	size_t len, i;

	if (!l->ready[t]) {
		recommend_scratch_init(s, l->r);
		l->ready[t] = true;
	}
	len = recommend_list(l->r, c, s);
	l->nothing[t] += len == 0 && basket_size(b, c) > 0;
	for (i = 0; i < len; i++) {
		write_name(w, &b->customer[c]);
		writer_int(w, (long long)i + 1);
		write_name(w, &b->item[s->list[i].item]);
		writer_number(w, s->list[i].score);
		if (s->list[i].because == CRM_NO_ITEM)
			writer_string(w, "(popular)");
		else
			write_name(w, &b->item[s->list[i].because]);
		writer_end(w);
	}
}

static void
write_header(struct writer *w, const char *const *names)
{
	for (; *names; names++)
		writer_string(w, *names);
	writer_end(w);
}

static void
recommend(const struct cli *cli, const struct recommender *r,
    struct writer *w)
{
	static const char *const header[] = { "customer_id", "rank", "item",
		"score", "because", NULL };
	struct listing *l = xcalloc(1, sizeof(*l));
	unsigned long long nothing = 0;
	int t;

	l->r = r;
	write_header(w, header);
	emit_rows_threaded(w, r->b->ncustomers, list_customer, l);
	for (t = 0; t < EMIT_THREADS; t++) {
		nothing += l->nothing[t];
		if (l->ready[t])
			recommend_scratch_free(&l->scratch[t]);
	}
	note(cli, nothing, "customers have bought every item: nothing is "
	    "left to recommend them%s", " (--repeat offers items again)");
	free(l);
}

/* Association rules */

/* A rule with its antecedent's items, for sorting and writing. */
struct listed_rule {
	const struct crm_rule *rule;
	const uint32_t *antecedent;	/* ascending item numbers */
	size_t len;
};

/*
 * Higher lift, then confidence, then count; then the antecedents' items
 * in byte order (a shorter one first when one begins the other), then
 * the consequent's.
 */
static int
compare_rules(const void *x, const void *y)
{
	const struct listed_rule *p = x, *q = y;
	const struct crm_rule *a = p->rule, *b = q->rule;
	size_t i;

	if (a->m.lift != b->m.lift)
		return a->m.lift < b->m.lift ? 1 : -1;
	if (a->m.confidence != b->m.confidence)
		return a->m.confidence < b->m.confidence ? 1 : -1;
	if (a->together != b->together)
		return a->together < b->together ? 1 : -1;
	for (i = 0; i < p->len && i < q->len; i++)
		if (p->antecedent[i] != q->antecedent[i])
			return p->antecedent[i] < q->antecedent[i] ? -1 : 1;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	return (a->consequent > b->consequent) -
	    (a->consequent < b->consequent);
}

/* The antecedent's items joined by " + ". */
static void
write_antecedent(struct writer *w, const struct baskets *b,
    const struct listed_rule *r, char **buf, size_t *cap)
{
	size_t i, len = 0, need;
	const struct name *item;

	for (i = 0; i < r->len; i++) {
		item = &b->item[r->antecedent[i]];
		need = len + item->len + 3;
		if (need > *cap) {
			*cap = grow_capacity(*cap, need);
			*buf = xrealloc(*buf, *cap);
		}
		if (i > 0) {
			memcpy(*buf + len, " + ", 3);
			len += 3;
		}
		memcpy(*buf + len, item->s, item->len);
		len += item->len;
	}
	writer_text(w, *buf, len);
}

static void
rules(const struct options *o, const struct recommender *r, struct writer *w)
{
	static const char *const header[] = { "antecedent", "consequent",
		"support", "confidence", "lift", "count", NULL };
	struct crm_itemsets sets;
	struct crm_rule *list;
	struct listed_rule *order;
	size_t n, i, cap = 0;
	char *buf = NULL;

	recommender_itemsets(r, o->max_length, &sets);
	if (!crm_itemset_rules(&sets, o->min_confidence, &list, &n))
		die("out of memory (the rules of %zu itemsets)", sets.count);
	order = xreallocarray(NULL, n + 1, sizeof(*order));
	for (i = 0; i < n; i++) {
		order[i].rule = &list[i];
		order[i].antecedent = sets.items +
		    sets.start[list[i].antecedent];
		order[i].len = sets.start[list[i].antecedent + 1] -
		    sets.start[list[i].antecedent];
	}
	qsort(order, n, sizeof(*order), compare_rules);
	write_header(w, header);
	for (i = 0; i < n; i++) {
		write_antecedent(w, r->b, &order[i], &buf, &cap);
		write_name(w, &r->b->item[order[i].rule->consequent]);
		writer_number(w, order[i].rule->m.support);
		writer_number(w, order[i].rule->m.confidence);
		writer_number(w, order[i].rule->m.lift);
		writer_int(w, order[i].rule->together);
		writer_end(w);
	}
	free(buf);
	free(order);
	free(list);
	crm_itemsets_free(&sets);
}

/* Evaluation */

static void
write_metrics(struct writer *w, const char *method,
    const struct crm_topn_tally *t, const struct crm_topn_metrics *m)
{
	writer_string(w, method);
	writer_int(w, (long long)t->n);
	writer_int(w, (long long)t->customers);
	writer_number(w, m->hit_rate);
	writer_number(w, m->precision);
	writer_number(w, m->recall);
	writer_number(w, m->coverage);
	writer_end(w);
}

static void
evaluate(const struct cli *cli, const struct recommender *r,
    struct writer *w)
{
	static const char *const header[] = { "method", "n", "customers",
		"hit_rate", "precision", "recall", "coverage", NULL };
	static const char *const kinds[] = { "cosine", "lift" };
	struct evaluation e;

	recommender_evaluate(r, &e);
	note(cli, e.cold, "customers bought in the hold-out without a "
	    "purchase before: not judged%s", "");
	write_header(w, header);
	if (e.model.customers == 0)
		return;
	write_metrics(w, kinds[r->opt.sim.similarity], &e.model,
	    &e.model_metrics);
	write_metrics(w, "popular", &e.popular, &e.popular_metrics);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct options o;
	struct input *in;
	struct baskets *b;
	struct recommender *r;
	struct writer *w;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	in = input_open(&cli.common, cli.files, cli.nfiles);
	b = baskets_read(&cli.common, &o.in, in);
	input_close(in);
	reading_notes(&cli, &o, b);
	r = recommender_fit(b, &o.rec);
	check_catalogue(&o, r);
	w = writer_open(cli.common.output, &cli.common.out);
	if (o.mode == RULES)
		rules(&o, r, w);
	else if (o.mode == EVALUATE)
		evaluate(&cli, r, w);
	else
		recommend(&cli, r, w);
	writer_close(w);
	recommender_free(r);
	baskets_free(b);
	cli_end(&cli);
	return 0;
}
