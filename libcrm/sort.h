/*
 * sort.h: sorting many (key, index) pairs by key, in linear time.
 *
 * A least-significant-digit radix sort on the 64-bit key, a byte at a
 * time, skipping the bytes in which all keys agree (most keys are small
 * counts, days or cents): usually two to four passes over the array
 * instead of the n log n calls of qsort. Stable: equal keys keep their
 * order.
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
/*
 * Replace each key by its rank: how many of the n keys are smaller, so
 * that equal keys share one. The items may come back in another order.
 */
void rank_keyed(struct keyed *items, size_t n);

#endif
