/*
 * idset.h: small sets of integers (a customer's purchase days, sorted; the
 * hashes of its order ids, hashed) kept compactly in one shared pool.
 *
 * A set is 12 bytes in the customer's state; its elements live in a pool of
 * 32- or 64-bit words, in blocks of 2^k words recycled through free lists,
 * so there is no malloc per set. A sorted set has one of two forms:
 *
 * - a list: the elements in increasing order, one word each. Elements
 *   arriving in increasing order (sorted exports) are appended.
 * - a bitmap: word 0 holds the base (the smallest element), bit j of the
 *   words after it stands for base + j. Its size follows the span of the
 *   elements, not their number, so a customer buying on most days of its
 *   span stops growing: at 93 purchase days over two years the list takes
 *   128 words, the bitmap 32.
 *
 * Whenever a set's block is too small for a new element, the set moves to
 * whichever form takes the smaller block (a list on a tie), so a set whose
 * elements lie far apart stays a list and a dense one becomes a bitmap. The
 * elements, their order and count are the same in either form; reading
 * them all goes through an iterator, since reading element i of a bitmap
 * (idset_get) scans the bitmap up to it.
 */
#ifndef CRM_IDSET_H
#define CRM_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idset {
	uint32_t count;
	uint32_t block;		/* offset in the pool, in elements */
	uint8_t log2cap;	/* block of 2^(log2cap & 0x7f) words, 0 with
				   no block; IDSET_BITMAP set: a bitmap */
};

#define IDSET_BITMAP 0x80

struct idpool {
	unsigned char *mem;
	size_t width;		/* 4 or 8 bytes per element */
	size_t used, capacity;	/* in elements */
	uint32_t free_head[33];	/* by log2cap; offset + 1, 0 when empty */
};

void idpool_init(struct idpool *pool, size_t width);
void idpool_free(struct idpool *pool);
/*
 * The pool's blocks, for lists of other kinds that keep their own count:
 * 2^log2cap elements (log2cap <= 32) at the offset idpool_alloc returns,
 * until idpool_release gives them back. idpool_at is the address of
 * element at, valid until the next idpool_alloc (the pool may move).
 */
uint32_t idpool_alloc(struct idpool *pool, unsigned log2cap);
void idpool_release(struct idpool *pool, uint32_t at, unsigned log2cap);
void *idpool_at(const struct idpool *pool, size_t at);

/* Add v; true when it was not in the set. */
bool idset_add(struct idpool *pool, struct idset *set, uint64_t v);
/* Add v, known to be greater than every element. */
void idset_append(struct idpool *pool, struct idset *set, uint64_t v);
/* Start loading where the next appended element goes. */
void idset_prefetch_end(const struct idpool *pool, const struct idset *set);
/* Elements <= bound. */
size_t idset_count_upto(const struct idpool *pool, const struct idset *set,
    uint64_t bound);
/* Element i in increasing order; scans a bitmap (see idset_next). */
uint64_t idset_get(const struct idpool *pool, const struct idset *set,
    size_t i);

/* The elements of a sorted set in increasing order, one by one. */
struct idset_iter {
	const struct idpool *pool;
	uint32_t block;
	bool bitmap;
	size_t left;		/* elements still to come */
	size_t at;		/* list: the next index; bitmap: the word */
	uint64_t bits;		/* bitmap: the word's bits not yet given */
	uint64_t word_base;	/* bitmap: the element of the word's bit 0 */
};

void idset_iter_init(struct idset_iter *it, const struct idpool *pool,
    const struct idset *set);
/* The next element into *v; false after the last. */
bool idset_next(struct idset_iter *it, uint64_t *v);

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
