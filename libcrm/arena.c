/* arena.c: bump allocator over a list of blocks. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

void
arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size;
	a->total = 0;
}

static struct arena_block *
new_block(struct arena *a, size_t need)
{
	size_t size = need > a->block_size ? need : a->block_size;
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		die("out of memory (arena block of %zu bytes)", size);
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	a->total += size;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t rounded = (size + 7) & ~(size_t)7;
	void *p;

	if (rounded < size)
		die("out of memory (arena allocation of %zu bytes)", size);
	if (b == NULL || b->size - b->used < rounded)
		b = new_block(a, rounded);
	p = (char *)b->data + b->used;
	b->used += rounded;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *copy = arena_alloc(a, len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next, *keep = NULL;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL || b->size > keep->size) {
			free(keep);
			keep = b;
		} else {
			free(b);
		}
	}
	a->head = keep;
	a->total = 0;
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
		a->total = keep->size;
	}
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}
