/* test-sort.c: the radix sort orders any keys, stably. */
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

/* Sort n keys drawn by kind and compare with qsort on (key, index). */
static void
check_sorted(size_t n, int kind)
{
	struct keyed *got = malloc((n ? n : 1) * sizeof(*got));
	struct keyed *want = malloc((n ? n : 1) * sizeof(*want));
	uint64_t state = 0x2545f4914f6cdd1dull + (uint64_t)kind;
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		got[i].key = kind == 0 ? (int64_t)(state % 7) :
		    kind == 1 ? -(int64_t)(state % 100000) : (int64_t)state;
		got[i].index = i;
		want[i] = got[i];
	}
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

int
main(void)
{
	int kind;

	for (kind = 0; kind < 3; kind++) {
		check_sorted(0, kind);
		check_sorted(1, kind);
		check_sorted(1000, kind);
		check_sorted(200000, kind);
	}
	return check_done();
}
