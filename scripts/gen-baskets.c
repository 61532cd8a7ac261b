/*
 * gen-baskets: synthetic order lines with planted structure, for the
 * tests and benchmarks of crm-recommend:
 * `customer_id,order_date,item,quantity,amount`, sorted by date, the same
 * bytes for the same options on every machine.
 *
 * What is planted: the catalogue falls into groups of --group-size items
 * (item i is in group i mod G, G = items / group size), and each customer
 * has a taste for 1 to --tastes groups, drawn uniformly. A line is, with
 * probability --taste-share, an item of one of the customer's groups
 * (a group drawn uniformly among them, then its r-th item, item g + r G,
 * with weight 1 / (r + 1)), otherwise an item drawn from the whole
 * catalogue by popularity, Zipf with exponent 1 (item i weighs
 * 1 / (i + 1)). So the
 * most popular items are what everyone buys now and then, and what a
 * customer buys next is mostly from the groups it bought from before:
 * item-item similarity can find that, popularity cannot.
 *
 * Lines per customer: at least one each (when there are as many lines as
 * customers), the rest by log-normal weights (sigma 1). A customer's first
 * line is on a day uniform in the window, later ones uniform from it to
 * the end, so customers arrive over time and keep buying.
 */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "model/rng.h"
#include "num.h"
#include "util.h"
#include "writer.h"

struct settings {
	long lines, customers, items, group_size, tastes;
	double taste_share;
	long seed;
	int32_t start;
	long days;
	const char *output;		/* NULL: stdout */
};

enum { MAX_TASTES = 8 };

static const char usage_text[] =
	"Usage: gen-baskets [options]\n"
	"Write synthetic order lines (customer_id,order_date,item,quantity,"
	"amount),\n"
	"sorted by date, with planted item groups and customer tastes; the"
	" same\n"
	"bytes for the same options.\n"
	"\n"
	"      --lines N          order lines (default 10000000)\n"
	"      --customers N      customers (default 1000000)\n"
	"      --items N          items in the catalogue (default 50000)\n"
	"      --group-size N     items per planted group (default 20)\n"
	"      --tastes N         groups a customer likes, 1 to N (default 3)\n"
	"      --taste-share P    share of lines from those groups (default"
	" 0.8)\n"
	"      --seed N           random seed (default 1)\n"
	"      --start DATE       first order date (default 2024-01-01)\n"
	"      --days N           days in the window (default 730)\n"
	"  -o, --output FILE      write FILE instead of stdout\n"
	"  -h, --help             show this help and exit\n";

static void
parse_options(int argc, char **argv, struct settings *s)
{
	enum { OPT_LINES = 256, OPT_CUSTOMERS, OPT_ITEMS, OPT_GROUP,
		OPT_TASTES, OPT_SHARE, OPT_SEED, OPT_START, OPT_DAYS };
	static const struct option longopts[] = {
		{ "lines", required_argument, NULL, OPT_LINES },
		{ "customers", required_argument, NULL, OPT_CUSTOMERS },
		{ "items", required_argument, NULL, OPT_ITEMS },
		{ "group-size", required_argument, NULL, OPT_GROUP },
		{ "tastes", required_argument, NULL, OPT_TASTES },
		{ "taste-share", required_argument, NULL, OPT_SHARE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "start", required_argument, NULL, OPT_START },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LINES:
			s->lines = cli_long("--lines", optarg, 0, 2000000000);
			break;
		case OPT_CUSTOMERS:
			s->customers = cli_long("--customers", optarg, 1,
			    99999999);
			break;
		case OPT_ITEMS:
			s->items = cli_long("--items", optarg, 1, 9999999);
			break;
		case OPT_GROUP:
			s->group_size = cli_long("--group-size", optarg, 1,
			    1000000);
			break;
		case OPT_TASTES:
			s->tastes = cli_long("--tastes", optarg, 1, MAX_TASTES);
			break;
		case OPT_SHARE:
			s->taste_share = cli_double("--taste-share", optarg, 0,
			    1);
			break;
		case OPT_SEED:
			s->seed = cli_long("--seed", optarg, 0, 2147483647);
			break;
		case OPT_START: s->start = cli_date("--start", optarg); break;
		case OPT_DAYS:
			s->days = cli_long("--days", optarg, 1, 65535);
			break;
		case 'o': s->output = optarg; break;
		case 'h': fputs(usage_text, stdout); exit(0);
		default: die_usage("unknown option");
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (s->group_size > s->items)
		die_usage("--group-size is larger than --items");
}

/* The catalogue: Zipf weights, whole and by group, as cumulative sums */

struct catalogue {
	size_t items, groups, group_size;	/* the last group may be short */
	double *cumulative;		/* over all items */
	double *in_group;		/* [g * group_size + r]: item g + r G */
};

/* The first index whose cumulative weight exceeds u * total. */
static size_t
draw(struct crm_rng *g, const double *cumulative, size_t n)
{
	double u = crm_rng_uniform0(g) * cumulative[n - 1];
	size_t lo = 0, hi = n - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cumulative[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static size_t
group_members(const struct catalogue *cat, size_t group)
{
	return (cat->items - group + cat->groups - 1) / cat->groups;
}

static void
make_catalogue(struct catalogue *cat, const struct settings *s)
{
	size_t i, g, r;
	double sum = 0;

	cat->items = (size_t)s->items;
	cat->groups = (cat->items + (size_t)s->group_size - 1) /
	    (size_t)s->group_size;
	cat->group_size = (size_t)s->group_size;
	cat->cumulative = xreallocarray(NULL, cat->items, sizeof(double));
	cat->in_group = xcalloc(cat->groups * cat->group_size,
	    sizeof(double));
	for (i = 0; i < cat->items; i++)
		cat->cumulative[i] = sum += 1.0 / (double)(i + 1);
	for (g = 0; g < cat->groups; g++)
		for (sum = 0, r = 0; r < group_members(cat, g); r++)
			cat->in_group[g * cat->group_size + r] = sum +=
			    1.0 / (double)(r + 1);
}

static uint32_t
draw_item(struct crm_rng *g, const struct catalogue *cat,
    const uint32_t *taste, size_t ntastes, double taste_share)
{
	size_t group, r;

	if (crm_rng_uniform0(g) >= taste_share)
		return (uint32_t)draw(g, cat->cumulative, cat->items);
	group = taste[crm_rng_index(g, ntastes)];
	r = draw(g, cat->in_group + group * cat->group_size,
	    group_members(cat, group));
	return (uint32_t)(group + r * cat->groups);
}

/* Customers and lines */

/* Lines of each customer: one each, the rest by log-normal weights. */
static uint32_t *
lines_per_customer(struct crm_rng *g, const struct settings *s)
{
	size_t m = (size_t)s->customers, i;
	uint64_t base = (uint64_t)s->lines >= m ? 1 : 0, total = 0;
	double extra = (double)((uint64_t)s->lines - base * m), sum = 0;
	double *weight = xreallocarray(NULL, m, sizeof(*weight));
	uint32_t *count = xreallocarray(NULL, m, sizeof(*count));

	for (i = 0; i < m; i++)
		sum += weight[i] = exp(crm_rng_normal_polar(g));
	for (i = 0; i < m; i++) {
		count[i] = (uint32_t)(base + floor(extra * weight[i] / sum));
		total += count[i];
	}
	/* What rounding down left over goes one at a time at random. */
	for (; total < (uint64_t)s->lines; total++)
		count[crm_rng_index(g, m)]++;
	free(weight);
	return count;
}

struct line {
	uint32_t customer, item;
	uint8_t quantity;
};

struct generated {
	struct line *line;		/* in date order */
	uint64_t *per_day;
};

static void
taste_groups(struct crm_rng *g, const struct settings *s,
    const struct catalogue *cat, uint32_t *taste, size_t *ntastes)
{
	size_t t;

	*ntastes = 1 + crm_rng_index(g, (size_t)s->tastes);
	for (t = 0; t < *ntastes; t++)
		taste[t] = (uint32_t)crm_rng_index(g, cat->groups);
}

/*
 * Every line, customer by customer: days first (to count lines per day),
 * then items in a second pass that puts each line in its day's place.
 */
static void
generate(struct crm_rng *g, const struct settings *s,
    const struct catalogue *cat, struct generated *out)
{
	size_t n = (size_t)s->lines, k = 0, c, j, ntastes;
	uint32_t *count = lines_per_customer(g, s), first, taste[MAX_TASTES];
	uint16_t *day = xreallocarray(NULL, n + 1, sizeof(*day));
	uint64_t *next = xcalloc((size_t)s->days + 1, sizeof(*next));

	out->per_day = xcalloc((size_t)s->days, sizeof(*out->per_day));
	out->line = xreallocarray(NULL, n + 1, sizeof(*out->line));
	for (c = 0; c < (size_t)s->customers; c++) {
		first = (uint32_t)crm_rng_index(g, (size_t)s->days);
		for (j = 0; j < count[c]; j++, k++) {
			day[k] = (uint16_t)(j == 0 ? first : first +
			    crm_rng_index(g, (size_t)s->days - first));
			out->per_day[day[k]]++;
		}
	}
	for (j = 1; j <= (size_t)s->days; j++)
		next[j] = next[j - 1] + out->per_day[j - 1];
	for (k = 0, c = 0; c < (size_t)s->customers; c++) {
		taste_groups(g, s, cat, taste, &ntastes);
		for (j = 0; j < count[c]; j++, k++) {
			struct line *l = &out->line[next[day[k]]++];

			l->customer = (uint32_t)c;
			l->item = draw_item(g, cat, taste, ntastes,
			    s->taste_share);
			l->quantity = (uint8_t)(1 + (crm_rng_uniform0(g) <
			    0.2) + (crm_rng_uniform0(g) < 0.05));
		}
	}
	free(next);
	free(day);
	free(count);
}

/* Fisher-Yates within each day, so one customer's lines are apart. */
static void
shuffle_days(struct crm_rng *g, const struct settings *s,
    struct generated *gen)
{
	struct line *bucket = gen->line, t;
	size_t d, i, j;

	for (d = 0; d < (size_t)s->days; bucket += gen->per_day[d++])
		for (i = gen->per_day[d]; i > 1; i--) {
			j = crm_rng_index(g, i);
			t = bucket[i - 1];
			bucket[i - 1] = bucket[j];
			bucket[j] = t;
		}
}

/* Output */

/* "C" and the number padded to width digits, into buf. */
static size_t
padded(char *buf, char prefix, uint64_t v, int width)
{
	char digits[24];
	size_t n = int_format((long long)v, digits), len = 0;

	buf[len++] = prefix;
	for (; (int)n < width; width--)
		buf[len++] = '0';
	memcpy(buf + len, digits, n);
	return len + n;
}

/* An item's unit price in 1/10,000: 0.99 to 499.99, fixed per item. */
static money_t
unit_price(uint32_t item)
{
	return (money_t)(99 + crm_rng_mix(item) % 500 * 100) * 100;
}

static int
digits_of(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void
write_lines(const struct settings *s, const struct generated *gen)
{
	static const char *const header[] = { "customer_id", "order_date",
		"item", "quantity", "amount", NULL };
	struct out_options plain = { ',', false, false, -1 };
	struct writer *w = writer_open(s->output, &plain);
	int cw = digits_of((uint64_t)s->customers - 1) < 7 ? 7 :
	    digits_of((uint64_t)s->customers - 1);
	int iw = digits_of((uint64_t)s->items - 1) < 5 ? 5 :
	    digits_of((uint64_t)s->items - 1);
	const struct line *l = gen->line;
	char id[32];
	size_t d, i, h;
	money_t amount;

	for (h = 0; header[h]; h++)
		writer_string(w, header[h]);
	writer_end(w);
	for (d = 0; d < (size_t)s->days; d++)
		for (i = 0; i < gen->per_day[d]; i++, l++) {
			writer_text(w, id, padded(id, 'C', l->customer, cw));
			writer_date(w, s->start + (int32_t)d);
			writer_text(w, id, padded(id, 'P', l->item, iw));
			writer_int(w, l->quantity);
			money_mul(unit_price(l->item), (money_t)l->quantity *
			    MONEY_SCALE, &amount);
			writer_money(w, amount);
			writer_end(w);
		}
	writer_close(w);
}

int
main(int argc, char **argv)
{
	struct settings s = { 10000000, 1000000, 50000, 20, 3, 0.8, 1,
		0, 730, NULL };
	struct catalogue cat;
	struct generated gen;
	struct crm_rng g;

	setprogname(argv[0]);
	s.start = days_from_civil(2024, 1, 1);
	parse_options(argc, argv, &s);
	crm_rng_seed(&g, (uint64_t)s.seed);
	make_catalogue(&cat, &s);
	generate(&g, &s, &cat, &gen);
	shuffle_days(&g, &s, &gen);
	write_lines(&s, &gen);
	free(gen.line);
	free(gen.per_day);
	free(cat.cumulative);
	free(cat.in_group);
	return 0;
}
