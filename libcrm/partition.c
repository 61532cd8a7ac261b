/* partition.c: stable parts of keys by FNV-1a. */
#include "partition.h"

uint64_t
fnv1a64(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

size_t
partition_of(const void *key, size_t len, size_t n)
{
	return (size_t)(fnv1a64(key, len) % n);
}
