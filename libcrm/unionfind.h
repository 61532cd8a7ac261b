/*
 * unionfind.h: disjoint sets of the numbers 0 .. n-1 (Tarjan's union-find
 * with path halving and union by size), for clusters that are the
 * connected components of matched pairs: A~B and B~C put A, B, C in one.
 */
#ifndef CRM_UNIONFIND_H
#define CRM_UNIONFIND_H

#include <stddef.h>
#include <stdint.h>

struct unionfind {
	uint32_t *parent;
	uint32_t *size;
	size_t n;
};

void uf_init(struct unionfind *uf, size_t n);
void uf_free(struct unionfind *uf);
/* The representative of x's set. */
uint32_t uf_find(struct unionfind *uf, uint32_t x);
/* Join the sets of a and b. */
void uf_union(struct unionfind *uf, uint32_t a, uint32_t b);
/* The number of elements in x's set. */
uint32_t uf_size(struct unionfind *uf, uint32_t x);

#endif
