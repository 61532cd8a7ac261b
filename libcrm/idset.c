/* idset.c: sorted integer sets in a shared, block-recycling pool. */
#define _GNU_SOURCE	/* mremap, MAP_ANONYMOUS */
#include "idset.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

void
idpool_init(struct idpool *pool, size_t width)
{
	memset(pool, 0, sizeof(*pool));
	pool->width = width;
}

void
idpool_free(struct idpool *pool)
{
	if (pool->mem != NULL)
		munmap(pool->mem, pool->capacity * pool->width);
	pool->mem = NULL;
}

/*
 * Room for need elements. The pool is a mapping of its own, grown by
 * mremap, not a realloc'd buffer: below glibc's mmap threshold (which
 * rises to 32 MB once a large block is freed) realloc copies the pool
 * inside a thread's arena at every doubling and the old copies stay
 * resident. With sets of days as bitmaps the pool of 1M customers ends
 * at 16 MB a worker, and crm-rfm on 10M rows peaked at 302 MiB with
 * realloc against 250 to 279 MiB with the mapping.
 *
 * ThreadSanitizer reports a race here that is none: its library (GCC 12)
 * intercepts munmap but not mremap, so it keeps the history of a range
 * one worker's pool moved away from, and when the other worker's pool
 * later grows into that range it takes the new writes for a race with
 * the old ones. No two pools ever hold the same range at once.
 */
static void
pool_reserve(struct idpool *pool, size_t need)
{
	size_t capacity = grow_capacity(pool->capacity, need);
	void *mem;

	if (pool->mem == NULL)
		mem = mmap(NULL, capacity * pool->width, PROT_READ |
		    PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		mem = mremap(pool->mem, pool->capacity * pool->width,
		    capacity * pool->width, MREMAP_MAYMOVE);
	if (mem == MAP_FAILED)
		die("out of memory (%zu x %zu bytes requested)", capacity,
		    pool->width);
	pool->mem = mem;
	pool->capacity = capacity;
	advise_huge_pages(mem, capacity * pool->width);
}

static uint64_t
load(const struct idpool *pool, size_t at)
{
	if (pool->width == 4) {
		uint32_t v;

		memcpy(&v, pool->mem + at * 4, 4);
		return v;
	} else {
		uint64_t v;

		memcpy(&v, pool->mem + at * 8, 8);
		return v;
	}
}

static void
store(struct idpool *pool, size_t at, uint64_t v)
{
	if (pool->width == 4) {
		uint32_t narrow = (uint32_t)v;

		memcpy(pool->mem + at * 4, &narrow, 4);
	} else {
		memcpy(pool->mem + at * 8, &v, 8);
	}
}

/* A freed block's first word links on. */
uint32_t
idpool_alloc(struct idpool *pool, unsigned log2cap)
{
	size_t size = (size_t)1 << log2cap, at;

	if (pool->free_head[log2cap] != 0) {
		at = pool->free_head[log2cap] - 1;
		pool->free_head[log2cap] = (uint32_t)load(pool, at);
		return (uint32_t)at;
	}
	if (pool->used + size > UINT32_MAX)
		die("out of memory (too many set elements)");
	if (pool->used + size > pool->capacity)
		pool_reserve(pool, pool->used + size);
	at = pool->used;
	pool->used += size;
	return (uint32_t)at;
}

void
idpool_release(struct idpool *pool, uint32_t at, unsigned log2cap)
{
	store(pool, at, pool->free_head[log2cap]);
	pool->free_head[log2cap] = at + 1;
}

void *
idpool_at(const struct idpool *pool, size_t at)
{
	return pool->mem + at * pool->width;
}

/* The block's size as a power of 2, whatever the set's form. */
static unsigned
block_log2(const struct idset *set)
{
	return set->log2cap & ~IDSET_BITMAP;
}

static bool
is_bitmap(const struct idset *set)
{
	return (set->log2cap & IDSET_BITMAP) != 0;
}

static unsigned
word_bits(const struct idpool *pool)
{
	return (unsigned)pool->width * 8;
}

/* The smallest k >= 1 with 2^k >= n: the block that holds n words. */
static unsigned
log2_fitting(uint64_t n)
{
	unsigned k = 1;

	while (k < 64 && ((uint64_t)1 << k) < n)
		k++;
	return k;
}

/* Elements base + bit are in a bitmap of 2^log2cap words (one the base). */
static uint64_t
bitmap_span(const struct idpool *pool, unsigned log2cap)
{
	return (((uint64_t)1 << log2cap) - 1) * word_bits(pool);
}

/* The block of a bitmap holding lo..hi; no overflow for any lo <= hi. */
static unsigned
bitmap_log2(const struct idpool *pool, uint64_t lo, uint64_t hi)
{
	return log2_fitting(2 + (hi - lo) / word_bits(pool));
}

/* Index of the first element >= v, in a list. */
static size_t
lower_bound(const struct idpool *pool, const struct idset *set, uint64_t v)
{
	size_t lo = 0, hi = set->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (load(pool, set->block + mid) < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The largest element of a non-empty bitmap: its highest bit set. */
static uint64_t
bitmap_max(const struct idpool *pool, const struct idset *set)
{
	size_t at = ((size_t)1 << block_log2(set)) - 1;
	uint64_t bits;

	while ((bits = load(pool, set->block + at)) == 0)
		at--;
	return load(pool, set->block) + (at - 1) * word_bits(pool) +
	    (63 - (unsigned)__builtin_clzll(bits));
}

/* The smallest and largest of the set and v together. */
static void
bounds_with(const struct idpool *pool, const struct idset *set, uint64_t v,
    uint64_t *lo, uint64_t *hi)
{
	uint64_t first, last;

	*lo = *hi = v;
	if (set->count == 0)
		return;
	first = load(pool, set->block);	/* a list's first, a bitmap's base */
	last = is_bitmap(set) ? bitmap_max(pool, set) : load(pool,
	    set->block + set->count - 1);
	if (first < *lo)
		*lo = first;
	if (last > *hi)
		*hi = last;
}

/* Set bit off of the bitmap in block; false when it was set. */
static bool
bitmap_set(struct idpool *pool, uint32_t block, uint64_t off)
{
	size_t at = block + 1 + (size_t)(off / word_bits(pool));
	uint64_t bit = (uint64_t)1 << (off % word_bits(pool));
	uint64_t word = load(pool, at);

	if (word & bit)
		return false;
	store(pool, at, word | bit);
	return true;
}

/* old's elements and v, into a new bitmap of 2^log2cap words from lo. */
static uint32_t
fill_bitmap(struct idpool *pool, const struct idset *old, uint64_t v,
    unsigned log2cap, uint64_t lo)
{
	uint32_t block = idpool_alloc(pool, log2cap);
	struct idset_iter it;
	uint64_t e;

	memset(pool->mem + (size_t)block * pool->width, 0,
	    ((size_t)1 << log2cap) * pool->width);
	store(pool, block, lo);
	for (idset_iter_init(&it, pool, old); idset_next(&it, &e); )
		bitmap_set(pool, block, e - lo);
	bitmap_set(pool, block, v - lo);
	return block;
}

/* old's elements and v (absent from it), into a new list, in order. */
static uint32_t
fill_list(struct idpool *pool, const struct idset *old, uint64_t v,
    unsigned log2cap)
{
	uint32_t block = idpool_alloc(pool, log2cap);
	size_t n = 0, at;
	struct idset_iter it;
	uint64_t e;
	bool placed = false;

	if (!is_bitmap(old)) {	/* the list grows: two copies */
		at = lower_bound(pool, old, v);
		memcpy(pool->mem + (size_t)block * pool->width,
		    pool->mem + (size_t)old->block * pool->width,
		    at * pool->width);
		store(pool, block + at, v);
		memcpy(pool->mem + ((size_t)block + at + 1) * pool->width,
		    pool->mem + ((size_t)old->block + at) * pool->width,
		    (old->count - at) * pool->width);
		return block;
	}
	for (idset_iter_init(&it, pool, old); idset_next(&it, &e); ) {
		if (!placed && v < e) {
			store(pool, block + n++, v);
			placed = true;
		}
		store(pool, block + n++, e);
	}
	if (!placed)
		store(pool, block + n, v);
	return block;
}

/*
 * Add v, absent from the set, which has no room for it in its block (a
 * full list, or v outside the bitmap): move the set to a new block, a
 * bitmap when that is smaller than the list, else a list.
 */
static void
regrow(struct idpool *pool, struct idset *set, uint64_t v)
{
	struct idset old = *set;
	unsigned list_log2 = log2_fitting((uint64_t)set->count + 1);
	unsigned map_log2;
	uint64_t lo, hi;

	bounds_with(pool, set, v, &lo, &hi);
	map_log2 = bitmap_log2(pool, lo, hi);
	if (map_log2 < list_log2) {
		set->block = fill_bitmap(pool, &old, v, map_log2, lo);
		set->log2cap = (uint8_t)(map_log2 | IDSET_BITMAP);
	} else {
		set->block = fill_list(pool, &old, v, list_log2);
		set->log2cap = (uint8_t)list_log2;
	}
	if (old.log2cap != 0)
		idpool_release(pool, old.block, block_log2(&old));
	set->count++;
}

/* Add v to a bitmap; true when it was not in the set. */
static bool
bitmap_add(struct idpool *pool, struct idset *set, uint64_t v)
{
	uint64_t base = load(pool, set->block);

	if (v < base || v - base >= bitmap_span(pool, block_log2(set))) {
		regrow(pool, set, v);	/* outside: absent */
		return true;
	}
	if (!bitmap_set(pool, set->block, v - base))
		return false;
	set->count++;
	return true;
}

static bool
list_full(const struct idset *set)
{
	return set->log2cap == 0 || set->count == (1u << set->log2cap);
}

bool
idset_add(struct idpool *pool, struct idset *set, uint64_t v)
{
	size_t at;
	unsigned char *base;

	if (is_bitmap(set))
		return bitmap_add(pool, set, v);
	if (set->count > 0 && load(pool, set->block + set->count - 1) < v)
		at = set->count;		/* the common, sorted case */
	else {
		at = lower_bound(pool, set, v);
		if (at < set->count && load(pool, set->block + at) == v)
			return false;
	}
	if (list_full(set)) {
		regrow(pool, set, v);
		return true;
	}
	base = pool->mem + (size_t)set->block * pool->width;
	memmove(base + (at + 1) * pool->width, base + at * pool->width,
	    (set->count - at) * pool->width);
	store(pool, set->block + at, v);
	set->count++;
	return true;
}

void
idset_append(struct idpool *pool, struct idset *set, uint64_t v)
{
	if (is_bitmap(set))
		bitmap_add(pool, set, v);
	else if (list_full(set))
		regrow(pool, set, v);
	else
		store(pool, set->block + set->count++, v);
}

void
idset_prefetch_end(const struct idpool *pool, const struct idset *set)
{
	const unsigned char *block;

	if (set->log2cap == 0)
		return;
	block = pool->mem + (size_t)set->block * pool->width;
	if (is_bitmap(set)) {	/* the base, and the top where days go */
		__builtin_prefetch(block, 1);
		__builtin_prefetch(block + (((size_t)1 << block_log2(set)) -
		    1) * pool->width, 1);
	} else
		__builtin_prefetch(block + set->count * pool->width, 1);
}

/* The bits of a bitmap's elements base..base + off: popcounts. */
static size_t
bitmap_count_upto(const struct idpool *pool, const struct idset *set,
    uint64_t off)
{
	size_t last = 1 + (size_t)(off / word_bits(pool)), at, n = 0;
	unsigned top = (unsigned)(off % word_bits(pool));
	uint64_t keep = top == 63 ? UINT64_MAX : ((uint64_t)1 << (top + 1)) -
	    1;

	for (at = 1; at < last; at++)
		n += (size_t)__builtin_popcountll(load(pool, set->block + at));
	return n + (size_t)__builtin_popcountll(load(pool, set->block + last) &
	    keep);
}

size_t
idset_count_upto(const struct idpool *pool, const struct idset *set,
    uint64_t bound)
{
	uint64_t base;

	if (bound == UINT64_MAX)
		return set->count;
	if (!is_bitmap(set))
		return lower_bound(pool, set, bound + 1);
	base = load(pool, set->block);
	if (bound < base)
		return 0;
	if (bound - base >= bitmap_span(pool, block_log2(set)))
		return set->count;
	return bitmap_count_upto(pool, set, bound - base);
}

uint64_t
idset_get(const struct idpool *pool, const struct idset *set, size_t i)
{
	struct idset_iter it;
	uint64_t v = 0;

	if (!is_bitmap(set))
		return load(pool, set->block + i);
	idset_iter_init(&it, pool, set);
	do
		idset_next(&it, &v);
	while (i-- > 0);
	return v;
}

void
idset_iter_init(struct idset_iter *it, const struct idpool *pool,
    const struct idset *set)
{
	memset(it, 0, sizeof(*it));
	it->pool = pool;
	it->block = set->block;
	it->bitmap = is_bitmap(set);
	it->left = set->count;
	if (it->bitmap && set->count > 0)
		it->word_base = load(pool, set->block) - word_bits(pool);
}

bool
idset_next(struct idset_iter *it, uint64_t *v)
{
	if (it->left == 0)
		return false;
	it->left--;
	if (!it->bitmap) {
		*v = load(it->pool, it->block + it->at++);
		return true;
	}
	while (it->bits == 0) {	/* a next element exists: no overrun */
		it->bits = load(it->pool, it->block + ++it->at);
		it->word_base += word_bits(it->pool);
	}
	*v = it->word_base + (unsigned)__builtin_ctzll(it->bits);
	it->bits &= it->bits - 1;
	return true;
}

/* Hashed sets */

/* The slot where v's probe starts in a block of 2^log2cap. */
static size_t
home_slot(uint64_t v, unsigned log2cap)
{
	return (size_t)((v * 0x9e3779b97f4a7c15ull) >> (64 - log2cap));
}

/* Put v, known to be absent, into the block; returns nothing. */
static void
hash_put(struct idpool *pool, uint32_t block, unsigned log2cap, uint64_t v)
{
	size_t mask = ((size_t)1 << log2cap) - 1, at = home_slot(v, log2cap);

	while (load(pool, block + at) != 0)
		at = (at + 1) & mask;
	store(pool, block + at, v);
}

/* Twice the slots, every element moved over; at most half full after. */
static void
hash_grow(struct idpool *pool, struct idset *set)
{
	unsigned log2cap = set->log2cap ? set->log2cap + 1u : 3u;
	uint32_t block = idpool_alloc(pool, log2cap);
	size_t i, old = set->log2cap ? (size_t)1 << set->log2cap : 0;
	uint64_t v;

	memset(pool->mem + (size_t)block * pool->width, 0,
	    ((size_t)1 << log2cap) * pool->width);
	for (i = 0; i < old; i++)
		if ((v = load(pool, set->block + i)) != 0)
			hash_put(pool, block, log2cap, v);
	if (old > 0)
		idpool_release(pool, set->block, set->log2cap);
	set->block = block;
	set->log2cap = (uint8_t)log2cap;
}

bool
idhash_add(struct idpool *pool, struct idset *set, uint64_t v)
{
	size_t mask, at;
	uint64_t here;

	if (v == 0)
		v = 1;		/* 0 marks an empty slot */
	if (set->log2cap > 0) {
		mask = ((size_t)1 << set->log2cap) - 1;
		for (at = home_slot(v, set->log2cap); (here = load(pool,
		    set->block + at)) != 0; at = (at + 1) & mask)
			if (here == v)
				return false;
	}
	if (set->log2cap == 0 || 2 * ((size_t)set->count + 1) >
	    (size_t)1 << set->log2cap)
		hash_grow(pool, set);
	hash_put(pool, set->block, set->log2cap, v);
	set->count++;
	return true;
}

size_t
idhash_elements(const struct idpool *pool, const struct idset *set,
    uint64_t *out)
{
	size_t slots = set->log2cap ? (size_t)1 << set->log2cap : 0, i, n = 0;
	uint64_t v;

	for (i = 0; i < slots; i++)
		if ((v = load(pool, set->block + i)) != 0)
			out[n++] = v;
	return n;
}
