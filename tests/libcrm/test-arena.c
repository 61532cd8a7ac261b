/* test-arena.c: bump allocation in blocks, reset and free. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "check.h"

enum { NALLOC = 200 };

/* Allocations of 1..NALLOC bytes: aligned, and none overlaps another. */
static void
test_alignment_and_separation(void)
{
	struct arena a;
	unsigned char *p[NALLOC];
	size_t i, j, misaligned = 0, clobbered = 0;

	arena_init(&a, 256);
	for (i = 0; i < NALLOC; i++) {
		p[i] = arena_alloc(&a, i + 1);
		if ((uintptr_t)p[i] % 8 != 0)
			misaligned++;
		memset(p[i], (int)(i & 0xff), i + 1);
	}
	for (i = 0; i < NALLOC; i++)
		for (j = 0; j <= i; j++)
			if (p[i][j] != (unsigned char)(i & 0xff))
				clobbered++;
	CHECK(misaligned == 0, "every allocation is 8-byte aligned (%zu not)",
	    misaligned);
	CHECK(clobbered == 0, "allocations of 1..200 bytes do not overlap "
	    "(%zu bytes clobbered)", clobbered);
	CHECK(a.total >= NALLOC * (NALLOC + 1) / 2, "total counts at least the "
	    "bytes handed out (%zu)", a.total);
	arena_free(&a);
	CHECK(a.head == NULL && a.total == 0, "arena_free empties the arena");
}

static void
test_large_allocation(void)
{
	struct arena a;
	unsigned char *small, *big, *after;
	size_t i, wrong = 0;

	arena_init(&a, 64);
	small = arena_alloc(&a, 10);
	memset(small, 's', 10);
	big = arena_alloc(&a, 100000);
	CHECK(big != NULL && (uintptr_t)big % 8 == 0,
	    "100000 bytes from an arena of 64-byte blocks, aligned");
	memset(big, 'b', 100000);
	after = arena_alloc(&a, 24);
	memset(after, 'a', 24);
	for (i = 0; i < 100000; i++)
		wrong += big[i] != 'b';
	for (i = 0; i < 10; i++)
		wrong += small[i] != 's';
	CHECK(wrong == 0, "the large block and its neighbours keep their "
	    "bytes");
	CHECK(a.total >= 100000 + 64, "total counts the large block (%zu)",
	    a.total);
	arena_free(&a);
}

static void
test_strndup(void)
{
	struct arena a;
	char *copy, *empty;

	arena_init(&a, 32);
	copy = arena_strndup(&a, "customer_id,amount", 11);
	empty = arena_strndup(&a, "", 0);
	CHECK_STR(copy, "customer_id", "arena_strndup copies 11 bytes and "
	    "ends them with NUL");
	CHECK_STR(empty, "", "arena_strndup of nothing is an empty string");
	copy = arena_strndup(&a, "a\0b", 3);
	CHECK(memcmp(copy, "a\0b\0", 4) == 0, "arena_strndup copies a NUL "
	    "inside the length");
	arena_free(&a);
}

static void
test_reset(void)
{
	struct arena a;
	char *big, *again, *s;
	size_t i;
	bool ok = true;

	arena_init(&a, 128);
	arena_alloc(&a, 16);
	for (i = 0; i < 100; i++)
		arena_alloc(&a, 50);
	big = arena_alloc(&a, 5000);	/* a block of its own, the largest */
	arena_reset(&a);
	CHECK(a.head != NULL && a.total == 5000, "arena_reset keeps only the "
	    "largest block (total %zu)", a.total);
	again = arena_alloc(&a, 16);
	CHECK(again == big, "the first allocation after reset starts the kept "
	    "block");
	for (i = 0; i < 1000; i++) {
		s = arena_strndup(&a, "0123456789", 10);
		ok = ok && strcmp(s, "0123456789") == 0 &&
		    (uintptr_t)s % 8 == 0;
	}
	CHECK(ok, "1000 copies after reset are whole and aligned");
	arena_reset(&a);
	arena_reset(&a);
	CHECK(a.total == 5000 && arena_alloc(&a, 8) != NULL,
	    "resetting twice keeps working");
	arena_free(&a);
	CHECK(a.head == NULL && a.total == 0, "arena_free after reset");
	arena_alloc(&a, 8);
	CHECK(a.total == 128, "an arena can be used again after arena_free "
	    "(total %zu)", a.total);
	arena_free(&a);
}

int
main(void)
{
	test_alignment_and_separation();
	test_large_allocation();
	test_strndup();
	test_reset();
	return check_done();
}
