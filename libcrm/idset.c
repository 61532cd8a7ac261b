/* idset.c: sorted integer sets in a shared, block-recycling pool. */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

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
	free(pool->mem);
	pool->mem = NULL;
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

/* A block of 2^log2cap elements; a freed block's first word links on. */
static uint32_t
block_alloc(struct idpool *pool, unsigned log2cap)
{
	size_t size = (size_t)1 << log2cap, at;

	if (pool->free_head[log2cap] != 0) {
		at = pool->free_head[log2cap] - 1;
		pool->free_head[log2cap] = (uint32_t)load(pool, at);
		return (uint32_t)at;
	}
	if (pool->used + size > UINT32_MAX)
		die("out of memory (too many set elements)");
	if (pool->used + size > pool->capacity) {
		pool->capacity = grow_capacity(pool->capacity,
		    pool->used + size);
		pool->mem = xreallocarray(pool->mem, pool->capacity,
		    pool->width);
	}
	at = pool->used;
	pool->used += size;
	return (uint32_t)at;
}

static void
block_release(struct idpool *pool, uint32_t at, unsigned log2cap)
{
	store(pool, at, pool->free_head[log2cap]);
	pool->free_head[log2cap] = at + 1;
}

/* Index of the first element >= v. */
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

static void
make_room(struct idpool *pool, struct idset *set)
{
	unsigned log2cap = set->log2cap ? set->log2cap + 1u : 1u;
	uint32_t block;

	if (set->log2cap > 0 && set->count < (1u << set->log2cap))
		return;
	block = block_alloc(pool, log2cap);
	if (set->count > 0) {
		memcpy(pool->mem + (size_t)block * pool->width,
		    pool->mem + (size_t)set->block * pool->width,
		    set->count * pool->width);
		block_release(pool, set->block, set->log2cap);
	}
	set->block = block;
	set->log2cap = (uint8_t)log2cap;
}

bool
idset_add(struct idpool *pool, struct idset *set, uint64_t v)
{
	size_t at;
	unsigned char *base;

	if (set->count > 0 && load(pool, set->block + set->count - 1) < v)
		at = set->count;		/* the common, sorted case */
	else {
		at = lower_bound(pool, set, v);
		if (at < set->count && load(pool, set->block + at) == v)
			return false;
	}
	make_room(pool, set);
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
	make_room(pool, set);
	store(pool, set->block + set->count++, v);
}

void
idset_prefetch_end(const struct idpool *pool, const struct idset *set)
{
	if (set->log2cap > 0)
		__builtin_prefetch(pool->mem + ((size_t)set->block +
		    set->count) * pool->width, 1);
}

size_t
idset_count_upto(const struct idpool *pool, const struct idset *set,
    uint64_t bound)
{
	if (bound == UINT64_MAX)
		return set->count;
	return lower_bound(pool, set, bound + 1);
}

uint64_t
idset_get(const struct idpool *pool, const struct idset *set, size_t i)
{
	return load(pool, set->block + i);
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
	uint32_t block = block_alloc(pool, log2cap);
	size_t i, old = set->log2cap ? (size_t)1 << set->log2cap : 0;
	uint64_t v;

	memset(pool->mem + (size_t)block * pool->width, 0,
	    ((size_t)1 << log2cap) * pool->width);
	for (i = 0; i < old; i++)
		if ((v = load(pool, set->block + i)) != 0)
			hash_put(pool, block, log2cap, v);
	if (old > 0)
		block_release(pool, set->block, set->log2cap);
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
