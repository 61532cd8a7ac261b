/*
 * gen-orders: a synthetic order export for the benchmarks,
 * `customer_id,order_date,amount`, with a fixed seed so that every run and
 * every machine gets the same bytes.
 *
 * The shape is that of a real export sorted by date: rows of one customer
 * are scattered over the file, a few customers buy very often and most
 * rarely (log-normal weights, every customer at least once when there are
 * more rows than customers), amounts have two decimals or fewer, and about
 * one row in a hundred is a return (a negative amount, never a customer's
 * first row).
 *
 * It builds the whole file in memory as 6 bytes a row (customer index and
 * day), sorts by day with a counting sort, shuffles each day and formats
 * by hand, so 10 million rows take a few seconds.
 */
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model/rng.h"
#include "util.h"

struct settings {
	uint64_t rows, customers, seed;
	int32_t start;			/* first day of the window */
	uint32_t days;			/* length of the window */
	double returns_rate;
	const char *output;		/* NULL: stdout */
};

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is < 2^-32
 * for the sizes used here and does not matter for test data). */
static uint64_t
rng_below(struct crm_rng *g, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)crm_rng_next(g) * n) >> 64);
}

/*
 * Standard normal by Box-Muller (one value per call keeps it simple), on
 * 1 - u and u as this generator always drew them: the same options keep
 * giving the same bytes.
 */
static double
rng_normal(struct crm_rng *g)
{
	double u = 1.0 - crm_rng_uniform0(g), v = crm_rng_uniform0(g);

	return crm_box_muller(u, v);
}

static const char usage_text[] =
	"Usage: gen-orders [options]\n"
	"Write a synthetic order export (customer_id,order_date,amount),\n"
	"sorted by date, the same bytes for the same options.\n"
	"\n"
	"      --rows N          rows (default 10000000)\n"
	"      --customers N     customers (default 1000000)\n"
	"      --seed N          random seed (default 1)\n"
	"      --start DATE      first order date (default 2022-01-01)\n"
	"      --days N          days in the window (default 1096, 3 years)\n"
	"      --returns P       share of rows that are returns (default 0.01)\n"
	"  -o, --output FILE     write FILE instead of stdout\n"
	"  -h, --help            show this help and exit\n";

static uint64_t
parse_count(const char *option, const char *arg, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long n;

	n = strtoull(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || n < min || n > max)
		die_usage("%s: expected a whole number from %llu to %llu, "
		    "got '%s'", option, (unsigned long long)min,
		    (unsigned long long)max, arg);
	return n;
}

static void
parse_options(int argc, char **argv, struct settings *set)
{
	enum { OPT_ROWS = 256, OPT_CUSTOMERS, OPT_SEED, OPT_START, OPT_DAYS,
		OPT_RETURNS };
	static const struct option longopts[] = {
		{ "rows", required_argument, NULL, OPT_ROWS },
		{ "customers", required_argument, NULL, OPT_CUSTOMERS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "start", required_argument, NULL, OPT_START },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "returns", required_argument, NULL, OPT_RETURNS },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROWS:
			set->rows = parse_count("--rows", optarg, 0,
			    UINT32_MAX);
			break;
		case OPT_CUSTOMERS:
			set->customers = parse_count("--customers", optarg, 1,
			    99999999);
			break;
		case OPT_SEED:
			set->seed = parse_count("--seed", optarg, 0,
			    UINT64_MAX);
			break;
		case OPT_START:
			if (date_parse(optarg, strlen(optarg), NULL,
			    &set->start) != DATE_OK)
				die_usage("--start: not a date: '%s'", optarg);
			break;
		case OPT_DAYS:
			set->days = parse_count("--days", optarg, 1, 65535);
			break;
		case OPT_RETURNS:
			set->returns_rate = strtod(optarg, &end);
			if (*end != '\0' || !(set->returns_rate >= 0 &&
			    set->returns_rate <= 1))
				die_usage("--returns: expected a share from 0 "
				    "to 1, got '%s'", optarg);
			break;
		case 'o':
			set->output = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			die_usage("unknown option");
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
}

/*
 * Rows per customer: at least one each (when rows >= customers), the rest
 * spread by log-normal weights, so a few customers buy hundreds of times.
 */
static uint32_t *
purchase_counts(struct crm_rng *g, const struct settings *set)
{
	uint64_t m = set->customers, base = set->rows >= m ? 1 : 0;
	uint64_t extra = set->rows - base * m, total = 0, i;
	double *weight = xreallocarray(NULL, m, sizeof(*weight)), sum = 0;
	uint32_t *count = xreallocarray(NULL, m, sizeof(*count));

	for (i = 0; i < m; i++)
		sum += weight[i] = exp(1.5 * rng_normal(g));
	for (i = 0; i < m; i++) {
		double share = (double)extra * weight[i] / sum;

		/* Random rounding keeps the expected total exact. */
		count[i] = (uint32_t)(base + floor(share +
		    crm_rng_uniform0(g)));
		total += count[i];
	}
	for (; total < set->rows; total++)
		count[rng_below(g, m)]++;
	while (total > set->rows) {
		i = rng_below(g, m);
		if (count[i] > base) {
			count[i]--;
			total--;
		}
	}
	free(weight);
	return count;
}

/*
 * The customer of every row, in date order: each customer's first purchase
 * day is uniform in the window and later purchases are uniform from it to
 * the end. rows_per_day[d] receives the number of rows on day d.
 */
static uint32_t *
rows_by_day(struct crm_rng *g, const struct settings *set,
    const uint32_t *count, uint64_t *rows_per_day)
{
	uint16_t *day = xreallocarray(NULL, set->rows ? set->rows : 1,
	    sizeof(*day));
	uint32_t *customer = xreallocarray(NULL, set->rows ? set->rows : 1,
	    sizeof(*customer));
	uint64_t *next = xcalloc(set->days, sizeof(*next)), k = 0, pos = 0;

	for (uint64_t c = 0; c < set->customers; c++) {
		uint32_t first = (uint32_t)rng_below(g, set->days);

		for (uint32_t j = 0; j < count[c]; j++, k++) {
			day[k] = (uint16_t)(j == 0 ? first : first +
			    rng_below(g, set->days - first));
			rows_per_day[day[k]]++;
		}
	}
	for (uint32_t d = 0; d < set->days; d++) {
		next[d] = pos;
		pos += rows_per_day[d];
	}
	k = 0;
	for (uint64_t c = 0; c < set->customers; c++)
		for (uint32_t j = 0; j < count[c]; j++, k++)
			customer[next[day[k]]++] = (uint32_t)c;
	free(next);
	free(day);
	return customer;
}

/* Fisher-Yates within each day, so one customer's rows are not adjacent. */
static void
shuffle_days(struct crm_rng *g, uint32_t *customer,
    const uint64_t *rows_per_day, uint32_t days)
{
	uint64_t start = 0;

	for (uint32_t d = 0; d < days; d++) {
		uint32_t *bucket = customer + start;

		for (uint64_t i = rows_per_day[d]; i > 1; i--) {
			uint64_t j = rng_below(g, i);
			uint32_t t = bucket[i - 1];

			bucket[i - 1] = bucket[j];
			bucket[j] = t;
		}
		start += rows_per_day[d];
	}
}

/* Typical basket value of each customer: log-normal, median 100. */
static float *
basket_values(struct crm_rng *g, uint64_t customers)
{
	float *value = xreallocarray(NULL, customers, sizeof(*value));

	for (uint64_t c = 0; c < customers; c++)
		value[c] = (float)(100.0 * exp(0.8 * rng_normal(g)));
	return value;
}

/*
 * One amount in cents, written to p. Most have two decimals; prices are
 * sometimes whole or with one decimal, printed as "45" or "45.5" as
 * exports do. A return is the negative of a typical purchase; it only
 * comes after the customer's first purchase (may_return), as in real
 * exports, so every customer has a purchase.
 */
static char *
put_amount(char *p, struct crm_rng *g, double basket, double returns_rate,
    bool may_return)
{
	uint64_t cents = (uint64_t)llround(basket * exp(0.5 *
	    rng_normal(g)) * 100.0);
	uint64_t style = rng_below(g, 100);
	char digits[24];
	int n = 0;

	if (style < 10)
		cents -= cents % 100;
	else if (style < 18)
		cents -= cents % 10;
	if (crm_rng_uniform0(g) < returns_rate && may_return) {
		if (cents == 0)
			cents = 100;
		*p++ = '-';
	}
	do
		digits[n++] = (char)('0' + cents % 10);
	while ((cents /= 10) > 0 || n < 3);
	while (n > 2)
		*p++ = digits[--n];
	if (digits[0] != '0' || digits[1] != '0') {
		*p++ = '.';
		*p++ = digits[1];
		if (digits[0] != '0')
			*p++ = digits[0];
	}
	return p;
}

static void
write_all(FILE *out, const char *buf, size_t len, const char *name)
{
	if (fwrite(buf, 1, len, out) != len)
		die("%s: write error", name);
}

static void
write_rows(FILE *out, const char *name, struct crm_rng *g,
    const struct settings *set, const uint32_t *customer,
    const uint64_t *rows_per_day)
{
	enum { BUFSIZE = 1 << 20, MAXROW = 64 };
	char *buf = xmalloc(BUFSIZE), *p = buf, id[16];
	float *basket = basket_values(g, set->customers);
	bool *seen = xcalloc(set->customers, sizeof(*seen));
	int width = snprintf(id, sizeof(id), "%llu",
	    (unsigned long long)(set->customers - 1));
	uint64_t k = 0;

	if (width < 7)
		width = 7;
	p += sprintf(p, "customer_id,order_date,amount\n");
	for (uint32_t d = 0; d < set->days; d++) {
		char date[DATE_BUFSIZE];

		date_format(set->start + (int32_t)d, date);
		for (uint64_t i = 0; i < rows_per_day[d]; i++, k++) {
			uint32_t c = customer[k];

			if (p - buf > BUFSIZE - MAXROW) {
				write_all(out, buf, (size_t)(p - buf), name);
				p = buf;
			}
			*p++ = 'C';
			for (int pos = width - 1, n = (int)c; pos >= 0; pos--) {
				p[pos] = (char)('0' + n % 10);
				n /= 10;
			}
			p += width;
			*p++ = ',';
			memcpy(p, date, 10);
			p += 10;
			*p++ = ',';
			p = put_amount(p, g, basket[c], set->returns_rate,
			    seen[c]);
			seen[c] = true;
			*p++ = '\n';
		}
	}
	write_all(out, buf, (size_t)(p - buf), name);
	free(seen);
	free(basket);
	free(buf);
}

int
main(int argc, char **argv)
{
	struct settings set = { 10000000, 1000000, 1,
		days_from_civil(2022, 1, 1), 1096, 0.01, NULL };
	const char *name = "stdout";
	uint64_t *rows_per_day;
	uint32_t *count, *customer;
	struct crm_rng g;
	FILE *out = stdout;

	setprogname(argv[0]);
	parse_options(argc, argv, &set);
	crm_rng_seed(&g, set.seed);
	count = purchase_counts(&g, &set);
	rows_per_day = xcalloc(set.days, sizeof(*rows_per_day));
	customer = rows_by_day(&g, &set, count, rows_per_day);
	shuffle_days(&g, customer, rows_per_day, set.days);
	free(count);

	if (set.output) {
		name = set.output;
		if (!(out = fopen(name, "w")))
			die("%s: cannot create", name);
	}
	write_rows(out, name, &g, &set, customer, rows_per_day);
	if (fflush(out) != 0 || ferror(out) || fclose(out) != 0)
		die("%s: write error", name);
	free(customer);
	free(rows_per_day);
	return 0;
}
