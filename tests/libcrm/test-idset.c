/* test-idset.c: sorted integer sets in a shared pool of 32- or 64-bit words. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "idset.h"

/* xorshift64*: the same "random" order on every run. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

/* Shuffle values[0..n) (Fisher-Yates). */
static void
shuffle(uint64_t *values, size_t n, uint64_t seed)
{
	size_t i, j;
	uint64_t tmp;

	for (i = n; i > 1; i--) {
		j = (size_t)(next_random(&seed) % i);
		tmp = values[i - 1];
		values[i - 1] = values[j];
		values[j] = tmp;
	}
}

/* The elements of set are exactly want[0..n), in increasing order. */
static bool
set_equals(const struct idpool *pool, const struct idset *set,
    const uint64_t *want, size_t n)
{
	size_t i;

	if (set->count != n)
		return false;
	for (i = 0; i < n; i++)
		if (idset_get(pool, set, i) != want[i])
			return false;
	return true;
}

/* n sorted values step apart from first, added in a shuffled order. */
static void
check_random_order(size_t width, uint64_t first, uint64_t step, size_t n)
{
	struct idpool pool;
	struct idset set = { 0 };
	uint64_t *sorted = malloc(n * sizeof(*sorted));
	uint64_t *order = malloc(n * sizeof(*order));
	size_t i, not_new = 0;

	idpool_init(&pool, width);
	for (i = 0; i < n; i++)
		sorted[i] = order[i] = first + i * step;
	shuffle(order, n, 12345 + width);
	for (i = 0; i < n; i++)
		if (!idset_add(&pool, &set, order[i]))
			not_new++;
	CHECK(not_new == 0, "%zu-bit pool: %zu distinct values are all new "
	    "(%zu not)", width * 8, n, not_new);
	CHECK(set_equals(&pool, &set, sorted, n), "%zu-bit pool: %zu values "
	    "added in random order come out sorted", width * 8, n);
	for (i = 0; i < n; i++)
		if (idset_add(&pool, &set, order[i]))
			not_new++;
	CHECK(not_new == 0 && set.count == n, "%zu-bit pool: adding them "
	    "again returns false and keeps %zu elements (count %u)",
	    width * 8, n, (unsigned)set.count);
	idpool_free(&pool);
	free(sorted);
	free(order);
}

static void
test_sorted_and_unique(void)
{
	check_random_order(4, 0, 1, 1000);
	check_random_order(4, 19000, 7, 5000);
	check_random_order(4, UINT32_MAX - 999, 1, 1000);
	check_random_order(8, 1, 1, 1000);
	check_random_order(8, (uint64_t)1 << 40, 0x100000001ull, 5000);
	check_random_order(8, UINT64_MAX - 999, 1, 1000);
}

static void
test_extremes_64(void)
{
	struct idpool pool;
	struct idset set = { 0 };
	const uint64_t want[] = { 0, 1, (uint64_t)1 << 32, UINT64_MAX - 1,
		UINT64_MAX };

	idpool_init(&pool, 8);
	idset_add(&pool, &set, UINT64_MAX);
	idset_add(&pool, &set, (uint64_t)1 << 32);
	idset_add(&pool, &set, 0);
	idset_add(&pool, &set, UINT64_MAX - 1);
	idset_add(&pool, &set, 1);
	CHECK(!idset_add(&pool, &set, UINT64_MAX) && !idset_add(&pool, &set, 0),
	    "0 and UINT64_MAX are found again");
	CHECK(set_equals(&pool, &set, want, 5),
	    "0, 1, 2^32, 2^64-2, 2^64-1 come out sorted");
	idpool_free(&pool);
}

static void
test_count_upto(void)
{
	struct idpool pool;
	struct idset set = { 0 }, empty = { 0 };
	const uint64_t days[] = { 30, 10, 20, 40 };
	size_t i;

	idpool_init(&pool, 4);
	CHECK(idset_count_upto(&pool, &empty, 100) == 0 &&
	    idset_count_upto(&pool, &empty, UINT64_MAX) == 0,
	    "an empty set counts 0");
	for (i = 0; i < 4; i++)
		idset_add(&pool, &set, days[i]);
	CHECK(idset_count_upto(&pool, &set, 0) == 0, "none <= 0");
	CHECK(idset_count_upto(&pool, &set, 9) == 0, "none <= 9");
	CHECK(idset_count_upto(&pool, &set, 10) == 1, "one <= 10 (bound "
	    "included)");
	CHECK(idset_count_upto(&pool, &set, 25) == 2, "two <= 25");
	CHECK(idset_count_upto(&pool, &set, 39) == 3, "three <= 39");
	CHECK(idset_count_upto(&pool, &set, 40) == 4, "four <= 40");
	CHECK(idset_count_upto(&pool, &set, UINT32_MAX) == 4,
	    "four <= 2^32-1");
	CHECK(idset_count_upto(&pool, &set, UINT64_MAX) == 4,
	    "four <= UINT64_MAX");
	idpool_free(&pool);
}

static void
test_count_upto_64(void)
{
	struct idpool pool;
	struct idset set = { 0 };

	idpool_init(&pool, 8);
	idset_add(&pool, &set, UINT64_MAX);
	idset_add(&pool, &set, UINT64_MAX - 5);
	CHECK(idset_count_upto(&pool, &set, UINT64_MAX - 1) == 1,
	    "one <= 2^64-2");
	CHECK(idset_count_upto(&pool, &set, UINT64_MAX) == 2,
	    "both <= UINT64_MAX");
	idpool_free(&pool);
}

enum { NSETS = 64, PER_SET = 300 };

/* Set s holds s + NSETS * k for k = 0..PER_SET-1: disjoint sets. */
static uint64_t
member(size_t s, size_t k)
{
	return s + (uint64_t)NSETS * k;
}

/*
 * Grow many sets of one pool in interleaved rounds, each round adding to
 * every set in a shuffled order, so that blocks are freed and reused
 * while the pool itself is reallocated.
 */
static void
check_shared_pool(size_t width)
{
	struct idpool pool;
	struct idset sets[NSETS];
	uint64_t order[PER_SET], want[PER_SET];
	size_t s, k, bad = 0;

	memset(sets, 0, sizeof(sets));
	idpool_init(&pool, width);
	for (k = 0; k < PER_SET; k++)
		order[k] = k;
	shuffle(order, PER_SET, 99);
	for (k = 0; k < PER_SET; k++)
		for (s = 0; s < NSETS; s++)
			idset_add(&pool, &sets[(s * 7 + k) % NSETS],
			    member((s * 7 + k) % NSETS, order[k]));
	for (s = 0; s < NSETS; s++) {
		for (k = 0; k < PER_SET; k++)
			want[k] = member(s, k);
		if (!set_equals(&pool, &sets[s], want, PER_SET))
			bad++;
	}
	CHECK(bad == 0, "%zu-bit pool: %d sets grown in interleaved order "
	    "each hold their own %d sorted elements (%zu wrong)", width * 8,
	    NSETS, PER_SET, bad);
	idpool_free(&pool);
}

/*
 * One set grown to 1024 elements frees blocks of 2..512; a second set
 * grown to 512 takes exactly those, so the pool does not grow.
 */
static void
test_block_reuse(void)
{
	struct idpool pool;
	struct idset first = { 0 }, second = { 0 };
	uint64_t want[512];
	size_t i, used;

	idpool_init(&pool, 4);
	for (i = 0; i < 1024; i++)
		idset_add(&pool, &first, i);
	used = pool.used;
	CHECK(used == 2046, "blocks of 2, 4, ..., 1024 elements use 2046 "
	    "(got %zu)", used);
	for (i = 512; i > 0; i--)
		idset_add(&pool, &second, 10 * i);
	CHECK(pool.used == used, "a second set of 512 reuses the freed blocks "
	    "(pool used %zu, was %zu)", pool.used, used);
	for (i = 0; i < 512; i++)
		want[i] = 10 * (i + 1);
	CHECK(set_equals(&pool, &second, want, 512), "the second set holds "
	    "10, 20, ..., 5120");
	for (i = 0; i < 1024 && idset_get(&pool, &first, i) == i; i++)
		;
	CHECK(i == 1024 && first.count == 1024, "the first set still holds "
	    "0..1023");
	idpool_free(&pool);
}

/* A hashed set gives back exactly its elements, 0 standing as 1. */
static void
test_hash_elements(void)
{
	struct idpool pool;
	struct idset set;
	uint64_t out[64], sum = 0;
	size_t n, i;

	idpool_init(&pool, 8);
	memset(&set, 0, sizeof(set));
	for (i = 0; i < 40; i++)
		idhash_add(&pool, &set, i * 1000003u);
	idhash_add(&pool, &set, 5 * 1000003u);
	n = idhash_elements(&pool, &set, out);
	for (i = 0; i < n; i++)
		sum += out[i];
	CHECK(n == 40, "40 distinct elements out of 41 added");
	CHECK(sum == 1 + 1000003ull * (39 * 40 / 2), "their sum, 0 as 1");
	idpool_free(&pool);
}

int
main(void)
{
	test_hash_elements();
	test_sorted_and_unique();
	test_extremes_64();
	test_count_upto();
	test_count_upto_64();
	check_shared_pool(4);
	check_shared_pool(8);
	test_block_reuse();
	return check_done();
}
