/* sort.c: LSD radix sort of (key, index) pairs; scores by rank. */
#include "sort.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/rng.h"
#include "table.h"
#include "util.h"

/* Byte b of the key with the sign flipped, so that it sorts unsigned. */
static unsigned
digit(int64_t key, int b)
{
	return (unsigned)((((uint64_t)key ^ 0x8000000000000000ull) >> (8 * b))
	    & 0xff);
}

/* Counts of each value of every byte, in one pass. */
static void
count_digits(const struct keyed *items, size_t n, size_t counts[8][256])
{
	size_t i;
	int b;

	memset(counts, 0, 8 * 256 * sizeof(size_t));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			counts[b][digit(items[i].key, b)]++;
}

void
sort_keyed(struct keyed *items, size_t n)
{
	size_t (*counts)[256] = xcalloc(8, sizeof(*counts));
	struct keyed *from = items, *to, *swap;
	size_t offset[256], sum, i;
	int b, d;

	if (n < 2) {
		free(counts);
		return;
	}
	to = xreallocarray(NULL, n, sizeof(*to));
	count_digits(items, n, counts);
	for (b = 0; b < 8; b++) {
		if (counts[b][digit(items[0].key, b)] == n)
			continue;	/* every key has this byte */
		for (sum = 0, d = 0; d < 256; d++) {
			offset[d] = sum;
			sum += counts[b][d];
		}
		for (i = 0; i < n; i++)
			to[offset[digit(from[i].key, b)]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != items)
		memcpy(items, from, n * sizeof(*items));
	free(from == items ? to : from);
	free(counts);
}

/*
 * Keys that span fewer values than this are ranked by counting them in a
 * table of the span (days, purchase counts): one pass and no sort.
 */
enum { SHORT_SPAN = 1 << 16 };

static unsigned char
score_of(size_t below, size_t n, int bins)
{
	return (unsigned char)(1 + (unsigned long long)bins * below / n);
}

static void
score_by_count(const int64_t *keys, size_t n, int bins, int64_t lo,
    size_t span, unsigned char *out)
{
	size_t *below = xcalloc(span, sizeof(*below)), sum = 0, c, i;

	for (i = 0; i < n; i++)
		below[keys[i] - lo]++;
	for (i = 0; i < span; i++) {
		c = below[i];
		below[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[i] = score_of(below[keys[i] - lo], n, bins);
	free(below);
}

static void
swap_keys(int64_t *a, size_t i, size_t j)
{
	int64_t t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/*
 * Put the key of rank k of a[lo..hi) at a[k], the smaller before it and
 * the larger after (Hoare's FIND). The pivot is drawn at random from the
 * run's seed, so no input can be made to drive it quadratic, and the
 * partition is three-way, so a run of equal keys is settled in one pass.
 */
static void
select_rank(int64_t *a, size_t lo, size_t hi, size_t k, struct crm_rng *rng)
{
	size_t less, i, more;
	int64_t pivot;

	while (hi - lo > 1) {
		pivot = a[lo + crm_rng_index(rng, hi - lo)];
		for (less = i = lo, more = hi; i < more;) {
			if (a[i] < pivot)
				swap_keys(a, less++, i++);
			else if (a[i] > pivot)
				swap_keys(a, i, --more);
			else
				i++;
		}
		if (k < less)
			hi = less;
		else if (k >= more)
			lo = more;
		else
			return;
	}
}

/*
 * A key scores above s when more than ceil(s n / bins) - 1 keys are
 * smaller, that is when it exceeds the key of that rank: the bins - 1
 * keys of those ranks, found by selection, settle every score.
 */
static void
score_by_cuts(const int64_t *keys, size_t n, int bins, unsigned char *out)
{
	int64_t *a = xreallocarray(NULL, n, sizeof(*a)), cut[SCORE_BINS_MAX];
	struct crm_rng rng;
	size_t from = 0, rank, i;
	int s;

	if (bins < 1 || bins > SCORE_BINS_MAX)
		die("internal error: %d score bins", bins);
	crm_rng_seed(&rng, hash_run_seed());
	memcpy(a, keys, n * sizeof(*a));
	for (s = 1; s < bins; s++) {
		rank = ((size_t)s * n + (size_t)bins - 1) / (size_t)bins - 1;
		select_rank(a, from, n, rank, &rng);
		cut[s - 1] = a[rank];
		from = rank;
	}
	for (i = 0; i < n; i++) {
		out[i] = 1;
		for (s = 1; s < bins; s++)
			out[i] += keys[i] > cut[s - 1];
	}
	free(a);
}

void
score_by_rank(const int64_t *keys, size_t n, int bins, unsigned char *out)
{
	int64_t lo, hi;
	size_t i;

	if (n == 0)
		return;
	lo = hi = keys[0];
	for (i = 1; i < n; i++) {
		if (keys[i] < lo)
			lo = keys[i];
		if (keys[i] > hi)
			hi = keys[i];
	}
	if ((uint64_t)hi - (uint64_t)lo < SHORT_SPAN)
		score_by_count(keys, n, bins, lo, (size_t)((uint64_t)hi -
		    (uint64_t)lo) + 1, out);
	else
		score_by_cuts(keys, n, bins, out);
}
