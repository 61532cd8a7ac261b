/* test-sort.c: the radix sort orders any keys, stably; ranks count. */
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
 * n keys of a kind: few values, a span of 100,000 (more than rank_keyed
 * counts in a table), a span of 65,536 (the most it counts), any.
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
		    (int64_t)state;
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

/* Rank n keys drawn by kind: each rank counts the smaller keys. */
static void
check_ranked(size_t n, int kind)
{
	struct keyed *got = malloc((n ? n : 1) * sizeof(*got));
	struct keyed *sorted = malloc((n ? n : 1) * sizeof(*sorted));
	int64_t *want = malloc((n ? n : 1) * sizeof(*want));
	size_t i, start = 0, bad = 0;

	draw_keys(got, sorted, n, kind);
	qsort(sorted, n, sizeof(*sorted), compare);
	for (i = 0; i < n; i++) {
		if (sorted[i].key != sorted[start].key)
			start = i;
		want[sorted[i].index] = (int64_t)start;
	}
	rank_keyed(got, n);
	for (i = 0; i < n; i++)
		bad += got[i].key != want[got[i].index];
	CHECK(bad == 0, "%zu keys of kind %d ranked by the smaller keys", n,
	    kind);
	free(got);
	free(sorted);
	free(want);
}

int
main(void)
{
	int kind;

	for (kind = 0; kind < 4; kind++) {
		check_sorted(0, kind);
		check_sorted(1, kind);
		check_sorted(1000, kind);
		check_sorted(200000, kind);
		check_ranked(0, kind);
		check_ranked(1, kind);
		check_ranked(1000, kind);
		check_ranked(200000, kind);
	}
	return check_done();
}
