/* unionfind.c: disjoint sets with path halving and union by size. */
#include "unionfind.h"

#include <stdlib.h>

#include "util.h"

void
uf_init(struct unionfind *uf, size_t n)
{
	size_t i;

	if (n > UINT32_MAX)
		die("too many records for clustering (%zu)", n);
	uf->n = n;
	uf->parent = xreallocarray(NULL, n ? n : 1, sizeof(uint32_t));
	uf->size = xreallocarray(NULL, n ? n : 1, sizeof(uint32_t));
	for (i = 0; i < n; i++) {
		uf->parent[i] = (uint32_t)i;
		uf->size[i] = 1;
	}
}

void
uf_free(struct unionfind *uf)
{
	free(uf->parent);
	free(uf->size);
}

uint32_t
uf_find(struct unionfind *uf, uint32_t x)
{
	while (uf->parent[x] != x) {
		uf->parent[x] = uf->parent[uf->parent[x]];
		x = uf->parent[x];
	}
	return x;
}

void
uf_union(struct unionfind *uf, uint32_t a, uint32_t b)
{
	uint32_t t;

	a = uf_find(uf, a);
	b = uf_find(uf, b);
	if (a == b)
		return;
	if (uf->size[a] < uf->size[b])
		t = a, a = b, b = t;
	uf->parent[b] = a;
	uf->size[a] += uf->size[b];
}

uint32_t
uf_size(struct unionfind *uf, uint32_t x)
{
	return uf->size[uf_find(uf, x)];
}
