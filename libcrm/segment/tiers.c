/*
 * tiers.c: value tiers (--tiers) and ABC classes (--abc): rows ranked by
 * one column, highest first, and cut at cumulative shares, of customers
 * or of the column's total. Equal values are never split between tiers.
 *
 * Shares are kept in parts per billion and compared with 128-bit
 * products, and amounts are exact (num.h), so a boundary falls where the
 * decimal shares say, never a rounding error away.
 */
#include "segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "text.h"
#include "util.h"

#define PPB 1000000000ull

struct tiers {
	uint64_t *cut;		/* each tier's cumulative share, PPB */
	bool by_value;		/* shares of the total, not of rows */
	double *values;		/* each kept row's value, by customers */
	money_t *amounts;	/* or its amount, by value */
	size_t cap;
};

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
define_tiers(struct segment *s)
{
	const char *spec = s->opt->tiers.spec;
	struct tiers *t = s->state = xcalloc(1, sizeof(*t));
	size_t n, i;
	char **item = split_commas(spec, &n);
	const char **label = xreallocarray(NULL, n, sizeof(*label));
	uint64_t total = 0, share = 0;

	t->by_value = s->opt->tiers.by_value;
	t->cut = xreallocarray(NULL, n, sizeof(*t->cut));
	for (i = 0; i < n; i++) {
		share = tier_share(spec, item[i], i == n - 1, &label[i]);
		total += share;
		t->cut[i] = total;
	}
	check_total(spec, total, share == 0, label[n - 1]);
	segment_define_classes(s, label, n);
	free(label);
	free_strings(item, n);
}

static void
define_abc(struct segment *s)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *spec = s->opt->tiers.spec;
	struct tiers *t = s->state = xcalloc(1, sizeof(*t));
	size_t n, i;
	char **item = split_commas(spec, &n), names[26][2];
	const char *label[26];

	if (n > 25)
		die_usage("--abc %s: at most 25 cut points", spec);
	t->by_value = true;
	t->cut = xreallocarray(NULL, n + 1, sizeof(*t->cut));
	for (i = 0; i <= n; i++) {
		if (i < n && (!parse_share(item[i], &t->cut[i]) ||
		    t->cut[i] == PPB || (i > 0 && t->cut[i] <= t->cut[i - 1])))
			die_usage("--abc %s: cut points are rising cumulative "
			    "shares above 0 and below 1, as in 0.8,0.95", spec);
		names[i][0] = letters[i];
		names[i][1] = '\0';
		label[i] = names[i];
	}
	t->cut[n] = PPB;
	segment_define_classes(s, label, n + 1);
	free_strings(item, n);
}

static void
bind_tiers(struct segment *s)
{
	segment_require_column(s, s->opt->tiers.column);
}

static bool
tiers_row(struct segment *s, const struct record *rec, size_t row,
    unsigned *class)
{
	struct tiers *t = s->state;
	long col = s->cols[0];
	money_t *amount;

	(void)class;
	if (!t->by_value) {
		t->values = segment_grow(t->values, &t->cap, row,
		    sizeof(*t->values));
		return input_number(s->in, rec, col, s->common->decimal,
		    &t->values[row]);
	}
	t->amounts = segment_grow(t->amounts, &t->cap, row,
	    sizeof(*t->amounts));
	amount = &t->amounts[row];
	if (!input_money(s->in, rec, col, s->common->decimal, amount))
		return false;
	return *amount >= 0 || segment_reject_negative(s, rec, col,
	    s->method == &segment_abc ? "--abc" : "--by-value");
}

/*
 * The tier of a tie group from what lies strictly above it: the first
 * tier whose cumulative share still exceeds greater / total. So equal
 * values share a tier, and a group that straddles a boundary goes to
 * the better tier.
 */
static unsigned
tier_of(const struct tiers *t, size_t ntiers, unsigned __int128 greater,
    unsigned __int128 total)
{
	unsigned tier;

	if (total == 0)
		return 0;
	for (tier = 0; tier + 1 < ntiers; tier++)
		if (greater * PPB < (unsigned __int128)t->cut[tier] * total)
			break;
	return tier;
}

/*
 * Rows are ranked on an unsigned key that orders as their values do, so
 * that amounts and doubles share one sort: a double's bits with the sign
 * bit flipped, all of them for a negative one (and -0 made 0, which it
 * equals); an amount's with the sign bit flipped.
 */
struct ranked {
	uint64_t key;
	size_t row;
};

static uint64_t
double_key(double v)
{
	uint64_t bits;

	if (v == 0)
		v = 0;
	memcpy(&bits, &v, sizeof(bits));
	return bits >> 63 ? ~bits : bits | 1ull << 63;
}

static int
by_key_descending(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return (x->key < y->key) - (x->key > y->key);
}

/* What row counts for in the shares: itself, or its amount. */
static unsigned __int128
weight(const struct tiers *t, size_t row)
{
	return t->by_value ? (unsigned __int128)t->amounts[row] : 1;
}

static struct ranked *
rank_rows(const struct tiers *t, size_t n)
{
	struct ranked *r = xreallocarray(NULL, n ? n : 1, sizeof(*r));
	size_t i;

	for (i = 0; i < n; i++) {
		r[i].key = t->by_value ? (uint64_t)t->amounts[i] ^ 1ull << 63 :
		    double_key(t->values[i]);
		r[i].row = i;
	}
	qsort(r, n, sizeof(*r), by_key_descending);
	return r;
}

/* Each tie group's tier from the weight of the rows above it. */
static void
tiers_decide(struct segment *s, unsigned *class, size_t n)
{
	struct tiers *t = s->state;
	struct ranked *r = rank_rows(t, n);
	unsigned __int128 total = 0, above = 0, greater = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += weight(t, i);
	for (i = 0; i < n; i++) {
		if (i > 0 && r[i].key != r[i - 1].key)
			greater = above;
		class[r[i].row] = tier_of(t, s->classes.nclasses, greater,
		    total);
		above += weight(t, r[i].row);
	}
	free(r);
}

static void
free_tiers(struct segment *s)
{
	struct tiers *t = s->state;

	free(t->cut);
	free(t->values);
	free(t->amounts);
	free(t);
}

const struct segment_method segment_tiers = {
	"--tiers", true, define_tiers, bind_tiers, tiers_row, tiers_decide,
	NULL, free_tiers
};

const struct segment_method segment_abc = {
	"--abc", true, define_abc, bind_tiers, tiers_row, tiers_decide,
	NULL, free_tiers
};
