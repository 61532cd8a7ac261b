/* test-sort.c: the radix sort orders any keys, stably; scores by rank. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "sort.h"

static int
compare(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * n keys of a kind: few values, a span of 100,000 (more than
 * score_by_rank counts in a table), a span of 65,536 (the most it
 * counts), any, and two values far apart (runs of equal keys).
 */
static void
draw_keys(struct keyed *got, struct keyed *want, size_t n, int kind)
{
	uint64_t state = 0x2545f4914f6cdd1dull + (uint64_t)kind;
	size_t i;

	for (i = 0; i < n; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		got[i].key = kind == 0 ? (int64_t)(state % 7) :
		    kind == 1 ? -(int64_t)(state % 100000) :
		    kind == 2 ? 20000 + (int64_t)(state % 65536) :
		    kind == 3 ? (int64_t)state :
		    (int64_t)(state % 2) * 1000000000000;
		got[i].index = i;
		want[i] = got[i];
	}
}

/* Sort n keys drawn by kind and compare with qsort on (key, index). */
static void
check_sorted(size_t n, int kind)
{
	struct keyed *got = malloc((n ? n : 1) * sizeof(*got));
	struct keyed *want = malloc((n ? n : 1) * sizeof(*want));
	size_t i, bad = 0;

	draw_keys(got, want, n, kind);
	sort_keyed(got, n);
	qsort(want, n, sizeof(*want), compare);
	for (i = 0; i < n; i++)
		bad += got[i].key != want[i].key || got[i].index !=
		    want[i].index;
	CHECK(bad == 0, "%zu keys of kind %d sort like a stable qsort", n,
	    kind);
	free(got);
	free(want);
}

/* Score n keys drawn by kind: 1 + bins x (the keys below) / n. */
static void
check_scored(size_t n, int kind, int bins)
{
	struct keyed *sorted = malloc((n ? n : 1) * sizeof(*sorted));
	struct keyed *drawn = malloc((n ? n : 1) * sizeof(*drawn));
	int64_t *keys = malloc((n ? n : 1) * sizeof(*keys));
	unsigned char *got = malloc(n ? n : 1), *want = malloc(n ? n : 1);
	size_t i, start = 0, bad = 0;

	draw_keys(drawn, sorted, n, kind);
	for (i = 0; i < n; i++)
		keys[i] = drawn[i].key;
	qsort(sorted, n, sizeof(*sorted), compare);
	for (i = 0; i < n; i++) {
		if (sorted[i].key != sorted[start].key)
			start = i;
		want[sorted[i].index] = (unsigned char)(1 +
		    (unsigned long long)bins * start / n);
	}
	score_by_rank(keys, n, bins, got);
	for (i = 0; i < n; i++)
		bad += got[i] != want[i];
	CHECK(bad == 0, "%zu keys of kind %d in %d bins scored by the keys "
	    "below them", n, kind, bins);
	free(sorted);
	free(drawn);
	free(keys);
	free(got);
	free(want);
}

int
main(void)
{
	int kind;

	for (kind = 0; kind < 5; kind++) {
		check_sorted(0, kind);
		check_sorted(1, kind);
		check_sorted(1000, kind);
		check_sorted(200000, kind);
		check_scored(0, kind, 5);
		check_scored(1, kind, 5);
		check_scored(3, kind, 5);
		check_scored(1000, kind, 2);
		check_scored(200000, kind, 5);
		check_scored(200000, kind, 9);
	}
	return check_done();
}
