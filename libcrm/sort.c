/* sort.c: LSD radix sort of (key, index) pairs. */
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
