/*
 * clusters.h: the clusters of a union-find, each with the record that
 * survives a merge, and its members in input order.
 */
#ifndef CRM_CLUSTERS_H
#define CRM_CLUSTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "unionfind.h"

/* Is record a a better survivor than record b? */
typedef bool survivor_fn(void *ctx, uint32_t a, uint32_t b);

struct clusters {
	uint32_t *keep;		/* the survivor of each record's cluster */
	uint32_t *first;	/* by survivor: its cluster's first member */
	uint32_t *next;		/* the next member of the cluster, or ~0 */
	uint32_t *size;		/* by survivor: its cluster's size */
};

/* For records 0 .. uf->n - 1; the survivor is the best by better. */
void clusters_make(struct clusters *c, struct unionfind *uf,
    survivor_fn *better, void *ctx);
void clusters_free(struct clusters *c);

#endif
