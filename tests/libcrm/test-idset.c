/*
 * test-idset.c: sorted integer sets in a shared pool of 32- or 64-bit words,
 * as lists and as bitmaps, checked against a plain sorted array.
 */
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

/*
 * The elements of set are exactly want[0..n), in increasing order, through
 * the iterator and through idset_get (at some indices: O(i) on a bitmap).
 */
static bool
set_equals(const struct idpool *pool, const struct idset *set,
    const uint64_t *want, size_t n)
{
	struct idset_iter it;
	uint64_t v;
	size_t i, step = n > 300 ? 97 : 1;

	if (set->count != n)
		return false;
	idset_iter_init(&it, pool, set);
	for (i = 0; i < n; i++)
		if (!idset_next(&it, &v) || v != want[i])
			return false;
	if (idset_next(&it, &v))
		return false;
	for (i = 0; i < n; i += step)
		if (idset_get(pool, set, i) != want[i])
			return false;
	return n == 0 || idset_get(pool, set, n - 1) == want[n - 1];
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
 * grown to 512 takes exactly those, so the pool does not grow. Elements
 * 1000 apart: a bitmap over them would be larger, both stay lists.
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
		idset_add(&pool, &first, 1000 * i);
	used = pool.used;
	CHECK(used == 2046, "blocks of 2, 4, ..., 1024 elements use 2046 "
	    "(got %zu)", used);
	for (i = 512; i > 0; i--)
		idset_add(&pool, &second, 10000 * i);
	CHECK(pool.used == used, "a second set of 512 reuses the freed blocks "
	    "(pool used %zu, was %zu)", pool.used, used);
	for (i = 0; i < 512; i++)
		want[i] = 10000 * (i + 1);
	CHECK(set_equals(&pool, &second, want, 512), "the second set holds "
	    "10000, 20000, ..., 5120000");
	for (i = 0; i < 1024 && idset_get(&pool, &first, i) == 1000 * i; i++)
		;
	CHECK(i == 1024 && first.count == 1024 && !(first.log2cap &
	    IDSET_BITMAP) && !(second.log2cap & IDSET_BITMAP), "the first set "
	    "still holds 0, 1000, ..., 1023000; both are lists");
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

/* A reference set: distinct values in a sorted array. */
struct reference {
	uint64_t v[4096];
	size_t n;
};

/* Add x to the reference; true when it was not there. */
static bool
reference_add(struct reference *r, uint64_t x)
{
	size_t at = r->n;

	while (at > 0 && r->v[at - 1] > x)
		at--;
	if (at > 0 && r->v[at - 1] == x)
		return false;
	memmove(r->v + at + 1, r->v + at, (r->n - at) * sizeof(*r->v));
	r->v[at] = x;
	r->n++;
	return true;
}

static size_t
reference_count_upto(const struct reference *r, uint64_t bound)
{
	size_t n = 0;

	while (n < r->n && r->v[n] <= bound)
		n++;
	return n;
}

/* count_upto agrees with the reference at bound. */
static bool
count_agrees(const struct idpool *pool, const struct idset *set,
    const struct reference *r, uint64_t bound)
{
	return idset_count_upto(pool, set, bound) ==
	    reference_count_upto(r, bound);
}

/*
 * The set holds the reference's elements, and counts as many <= each
 * element, one below it and one above it, at 0 and UINT64_MAX; with
 * every_bound, at every bound from below the smallest to past the
 * largest (the edges of a bitmap's words among them).
 */
static bool
agrees(const struct idpool *pool, const struct idset *set,
    const struct reference *r, bool every_bound)
{
	size_t i;
	uint64_t b;

	if (!set_equals(pool, set, r->v, r->n) || !count_agrees(pool, set, r,
	    0) || !count_agrees(pool, set, r, UINT64_MAX))
		return false;
	for (i = 0; i < r->n; i++)
		if (!count_agrees(pool, set, r, r->v[i]) ||
		    !count_agrees(pool, set, r, r->v[i] - 1) ||
		    !count_agrees(pool, set, r, r->v[i] + 1))
			return false;
	if (!every_bound || r->n == 0 || r->v[r->n - 1] - r->v[0] > 20000)
		return true;
	for (b = r->v[0] - 3; b != r->v[r->n - 1] + 3; b++)
		if (!count_agrees(pool, set, r, b))
			return false;
	return true;
}

static uint64_t
random_below(uint64_t *state, uint64_t n)
{
	return next_random(state) % n;
}

enum { RSETS = 8, ROPS = 400 };

/* Where the sets of a trial lie: at the bottom, the middle, the top. */
static uint64_t
trial_origin(size_t width, int trial)
{
	uint64_t top = width == 4 ? UINT32_MAX : UINT64_MAX;

	switch (trial % 3) {
	case 0:
		return 0;
	case 1:
		return width == 4 ? (uint64_t)INT32_MAX + 19000 :
		    (uint64_t)1 << 40;
	default:
		return top - 6000;
	}
}

/* One random element for a set whose largest is max (origin if empty). */
static uint64_t
random_element(uint64_t *rng, uint64_t origin, uint64_t top, uint64_t max,
    uint64_t gap, bool *append)
{
	uint64_t kind = random_below(rng, 100), room = top - origin;

	*append = false;
	if (kind < 50 && top - max > gap + 1) {
		*append = true;
		return max + 1 + random_below(rng, gap);
	}
	if (kind < 95 || room < 8000)	/* near or among the elements */
		return origin + random_below(rng, room < 3000 ? room : 3000);
	/* far away: a bitmap over it would be larger than the list */
	return origin + 3000 + random_below(rng, room - 3000 < 1u << 22 ?
	    room - 3000 : 1u << 22);
}

/*
 * Sets of one pool grown by interleaved appends and out-of-order adds,
 * dense and sparse, against the reference after every few steps; counts
 * the moves between list and bitmap.
 */
static void
check_random_sets(size_t width, uint64_t seed)
{
	static struct reference ref[RSETS];
	struct idpool pool;
	struct idset sets[RSETS];
	uint64_t rng = seed, origin, top = width == 4 ? UINT32_MAX :
	    UINT64_MAX, v, gap[RSETS];
	size_t s, op, wrong = 0, to_bitmap = 0, to_list = 0, bitmaps = 0;
	int trial;
	bool append, was, added;

	for (trial = 0; trial < 60; trial++) {
		origin = trial_origin(width, trial);
		idpool_init(&pool, width);
		memset(sets, 0, sizeof(sets));
		for (s = 0; s < RSETS; s++) {
			ref[s].n = 0;
			gap[s] = 1 + random_below(&rng, s % 2 ? 40 : 4);
		}
		for (op = 0; op < ROPS * RSETS; op++) {
			s = (size_t)random_below(&rng, RSETS);
			if (ref[s].n == sizeof(ref[s].v) / sizeof(ref[s].v[0]))
				continue;
			v = random_element(&rng, origin, top, ref[s].n ?
			    ref[s].v[ref[s].n - 1] : origin, gap[s], &append);
			if (append && ref[s].n == 0)
				append = false;
			was = sets[s].log2cap & IDSET_BITMAP;
			if (append) {
				idset_append(&pool, &sets[s], v);
				added = true;
			} else
				added = idset_add(&pool, &sets[s], v);
			if (added != reference_add(&ref[s], v))
				wrong++;
			to_bitmap += !was && (sets[s].log2cap & IDSET_BITMAP);
			to_list += was && !(sets[s].log2cap & IDSET_BITMAP);
			if (op % 37 == 0 && !agrees(&pool, &sets[s], &ref[s],
			    false))
				wrong++;
		}
		for (s = 0; s < RSETS; s++) {
			if (!agrees(&pool, &sets[s], &ref[s], true))
				wrong++;
			bitmaps += (sets[s].log2cap & IDSET_BITMAP) != 0;
		}
		idpool_free(&pool);
	}
	CHECK(wrong == 0, "%zu-bit pool: random sets agree with a sorted "
	    "array after appends and adds in any order (%zu disagreements)",
	    width * 8, wrong);
	CHECK(to_bitmap > 100 && to_list > 10 && bitmaps > 10, "%zu-bit pool: "
	    "the sets moved list to bitmap %zu times, back %zu times; %zu end "
	    "as bitmaps", width * 8, to_bitmap, to_list, bitmaps);
}

/*
 * 93 purchase days over two years, appended: a list would take 128 words,
 * the bitmap over 730 days takes 32.
 */
static void
test_dense_days(void)
{
	struct idpool pool;
	struct idset set = { 0 };
	static struct reference ref;
	uint64_t day;
	size_t i;

	idpool_init(&pool, 4);
	ref.n = 0;
	for (i = 0; i < 93; i++) {
		day = (uint64_t)INT32_MAX + 19000 + i * 729 / 92;
		idset_append(&pool, &set, day);
		reference_add(&ref, day);
	}
	CHECK(set.log2cap == (IDSET_BITMAP | 5), "93 days over 730: a bitmap "
	    "of 32 words (log2cap %#x)", (unsigned)set.log2cap);
	CHECK(agrees(&pool, &set, &ref, true), "it holds the 93 days, counted "
	    "at every bound");
	idpool_free(&pool);
}

/* A bitmap filled to the last bit of its block, then past either edge. */
static void
test_span_edges(void)
{
	struct idpool pool;
	struct idset set = { 0 };
	static struct reference ref;
	const uint64_t days[] = { 1000, 1001, 1002, 1031, 1032, 999, 1010,
		1020, 1094, 1095, 1000000 };
	const unsigned log2cap[] = { 1, 1, IDSET_BITMAP | 1, IDSET_BITMAP | 1,
		IDSET_BITMAP | 2, IDSET_BITMAP | 2, IDSET_BITMAP | 2,
		IDSET_BITMAP | 2, IDSET_BITMAP | 2, IDSET_BITMAP | 3, 4 };
	size_t i, wrong = 0;

	idpool_init(&pool, 4);
	ref.n = 0;
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		idset_add(&pool, &set, days[i]);
		reference_add(&ref, days[i]);
		if (set.log2cap != log2cap[i] || !agrees(&pool, &set, &ref,
		    true))
			wrong++;
	}
	CHECK(wrong == 0, "a bitmap of 2 words holds 1000..1031; 1032 grows "
	    "it to 4, 999 moves its base, 1094 is its last bit, 1095 grows it "
	    "to 8, 1000000 makes it a list of 16 (%zu steps wrong)", wrong);
	CHECK(!idset_add(&pool, &set, 1031) && !idset_add(&pool, &set, 999),
	    "elements at the edges are found again");
	idpool_free(&pool);
}

/* Dense sets at the ends of the element range become bitmaps and work. */
static void
check_dense_at_ends(size_t width)
{
	struct idpool pool;
	struct idset low = { 0 }, high = { 0 }, apart = { 0 };
	static struct reference ref_low, ref_high, ref_apart;
	uint64_t top = width == 4 ? UINT32_MAX : UINT64_MAX;
	size_t i;

	idpool_init(&pool, width);
	ref_low.n = ref_high.n = ref_apart.n = 0;
	for (i = 0; i <= 100; i++) {
		idset_add(&pool, &low, 100 - i);
		reference_add(&ref_low, 100 - i);
		idset_append(&pool, &high, top - 100 + i);
		reference_add(&ref_high, top - 100 + i);
		idset_add(&pool, &apart, i % 2 ? top - i : i);
		reference_add(&ref_apart, i % 2 ? top - i : i);
	}
	CHECK((low.log2cap & IDSET_BITMAP) && (high.log2cap & IDSET_BITMAP) &&
	    !(apart.log2cap & IDSET_BITMAP), "%zu-bit pool: 0..100 and the top "
	    "101 values are bitmaps, the two ends together a list", width * 8);
	CHECK(agrees(&pool, &low, &ref_low, true) && agrees(&pool, &high,
	    &ref_high, true) && agrees(&pool, &apart, &ref_apart, false),
	    "%zu-bit pool: each holds its elements and counts them", width * 8);
	CHECK(idset_count_upto(&pool, &high, top - 1) == 100 &&
	    idset_get(&pool, &high, 100) == top, "%zu-bit pool: the largest "
	    "value is the last bit", width * 8);
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
	test_dense_days();
	test_span_edges();
	check_dense_at_ends(4);
	check_dense_at_ends(8);
	check_random_sets(4, 7);
	check_random_sets(8, 8);
	return check_done();
}
