/*
 * sort.h: sorting many (key, index) pairs by key, and scoring many keys by
 * rank, in linear time.
 *
 * A least-significant-digit radix sort on the 64-bit key, a byte at a
 * time, skipping the bytes in which all keys agree (most keys are small
 * counts, days or cents): usually two to four passes over the array
 * instead of the n log n calls of qsort. Stable: equal keys keep their
 * order. Scores need no sort: a count of each key when they span few
 * values, else the keys at the bins' boundaries, found by selection.
 */
#ifndef CRM_SORT_H
#define CRM_SORT_H

#include <stddef.h>
#include <stdint.h>

struct keyed {
	int64_t key;
	size_t index;
};

void sort_keyed(struct keyed *items, size_t n);
enum { SCORE_BINS_MAX = 16 };

/*
 * The score 1..bins (bins <= SCORE_BINS_MAX) of each of n keys by its
 * rank: 1 + floor(bins * below / n), below counting the keys smaller
 * than it, so that equal keys score alike and the smallest scores 1.
 */
void score_by_rank(const int64_t *keys, size_t n, int bins,
    unsigned char *out);

#endif
