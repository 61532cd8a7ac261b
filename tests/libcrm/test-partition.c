/* test-partition.c: FNV-1a 64 against the published vectors, and parts. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "partition.h"

static void
test_vectors(void)
{
	/* the FNV authors' test vectors for FNV-1a, 64 bits */
	CHECK(fnv1a64("", 0) == 0xcbf29ce484222325ull, "FNV-1a 64 of ''");
	CHECK(fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull, "FNV-1a 64 of 'a'");
	CHECK(fnv1a64("foobar", 6) == 0x85944171f73967e8ull,
	    "FNV-1a 64 of 'foobar'");
}

static void
test_parts(void)
{
	size_t counts[7] = { 0 }, i, k;
	char key[16];
	int spread = 1;

	CHECK(partition_of("foobar", 6, 1) == 0, "one part: always 0");
	CHECK(partition_of("foobar", 6, 7) == 0x85944171f73967e8ull % 7,
	    "the part is the hash modulo n");
	for (i = 0; i < 7000; i++) {
		k = (size_t)snprintf(key, sizeof(key), "K%06zu", i);
		counts[partition_of(key, k, 7)]++;
	}
	for (k = 0; k < 7; k++)
		spread &= counts[k] > 800 && counts[k] < 1200;
	CHECK(spread, "7000 ids fall about evenly into 7 parts");
}

int
main(void)
{
	test_vectors();
	test_parts();
	return check_done();
}
