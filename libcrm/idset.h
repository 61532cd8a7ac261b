/*
 * idset.h: small sets of integers (a customer's purchase days, sorted; the
 * hashes of its order ids, hashed) kept compactly in one shared pool.
 *
 * A set is 12 bytes in the customer's state; its elements live in a pool of
 * 32- or 64-bit words, in blocks of 2^k elements recycled through free
 * lists, so memory grows with the elements and there is no malloc per set.
 * Elements arriving in increasing order (sorted exports) are appended.
 */
#ifndef CRM_IDSET_H
#define CRM_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idset {
	uint32_t count;
	uint32_t block;		/* offset in the pool, in elements */
	uint8_t log2cap;	/* capacity 2^log2cap; 0 with no block */
};

struct idpool {
	unsigned char *mem;
	size_t width;		/* 4 or 8 bytes per element */
	size_t used, capacity;	/* in elements */
	uint32_t free_head[33];	/* by log2cap; offset + 1, 0 when empty */
};

void idpool_init(struct idpool *pool, size_t width);
void idpool_free(struct idpool *pool);

/* Add v; true when it was not in the set. */
bool idset_add(struct idpool *pool, struct idset *set, uint64_t v);
/* Add v, known to be greater than every element. */
void idset_append(struct idpool *pool, struct idset *set, uint64_t v);
/* Start loading where the next appended element goes. */
void idset_prefetch_end(const struct idpool *pool, const struct idset *set);
/* Elements <= bound. */
size_t idset_count_upto(const struct idpool *pool, const struct idset *set,
    uint64_t bound);
uint64_t idset_get(const struct idpool *pool, const struct idset *set,
    size_t i);

/*
 * The same struct as a hashed set, for elements that come in any order and
 * are only counted (a customer's order ids, hashed): open addressing in a
 * block at most half full, so adding costs the same whether a customer
 * has ten elements or a million. Elements 0 and 1 count as one (0 marks
 * an empty slot). A set is used either sorted or hashed, never both.
 */
bool idhash_add(struct idpool *pool, struct idset *set, uint64_t v);
/* The elements of a hashed set into out[0..count), in slot order. */
size_t idhash_elements(const struct idpool *pool, const struct idset *set,
    uint64_t *out);

#endif
