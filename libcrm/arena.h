/*
 * arena.h: bump allocation in large blocks, freed all at once.
 * Used for field text in a batch of CSV records and for hash-table keys,
 * so that neither costs a malloc per string.
 */
#ifndef CRM_ARENA_H
#define CRM_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* block being filled */
	size_t block_size;		/* default size of a new block */
	size_t total;			/* bytes held in all blocks */
};

void arena_init(struct arena *a, size_t block_size);
/* size bytes, aligned to 8; valid until arena_reset or arena_free. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* Forget every allocation but keep the largest block for reuse. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
