/* sort.c: LSD radix sort and ranking of (key, index) pairs. */
#include "sort.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
 * table of the span: days and purchase counts, one pass instead of a sort.
 */
enum { SHORT_SPAN = 1 << 16 };

static void
rank_by_count(struct keyed *items, size_t n, int64_t lo, size_t span)
{
	size_t *count = xcalloc(span, sizeof(*count)), sum = 0, c, i;

	for (i = 0; i < n; i++)
		count[items[i].key - lo]++;
	for (i = 0; i < span; i++) {
		c = count[i];
		count[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		items[i].key = (int64_t)count[items[i].key - lo];
	free(count);
}

void
rank_keyed(struct keyed *items, size_t n)
{
	int64_t lo, hi, previous, rank = 0;
	size_t i;

	if (n == 0)
		return;
	lo = hi = items[0].key;
	for (i = 1; i < n; i++) {
		if (items[i].key < lo)
			lo = items[i].key;
		if (items[i].key > hi)
			hi = items[i].key;
	}
	if ((uint64_t)hi - (uint64_t)lo < SHORT_SPAN) {
		rank_by_count(items, n, lo, (size_t)((uint64_t)hi -
		    (uint64_t)lo) + 1);
		return;
	}
	sort_keyed(items, n);
	previous = items[0].key;
	for (i = 0; i < n; i++) {
		if (items[i].key != previous) {
			rank = (int64_t)i;
			previous = items[i].key;
		}
		items[i].key = rank;
	}
}
