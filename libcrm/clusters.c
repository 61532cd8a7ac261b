/* clusters.c: survivors and members of the clusters of a union-find. */
#include "clusters.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
clusters_make(struct clusters *c, struct unionfind *uf, survivor_fn *better,
    void *ctx)
{
	size_t n = uf->n, i;
	uint32_t *best = xreallocarray(NULL, n + 1, sizeof(uint32_t)), r, m;
	uint32_t *last = xreallocarray(NULL, n + 1, sizeof(uint32_t));

	c->keep = xreallocarray(NULL, n + 1, sizeof(uint32_t));
	c->first = xreallocarray(NULL, n + 1, sizeof(uint32_t));
	c->next = xreallocarray(NULL, n + 1, sizeof(uint32_t));
	c->size = xcalloc(n + 1, sizeof(uint32_t));
	memset(c->first, 0xff, (n + 1) * sizeof(uint32_t));
	memset(c->next, 0xff, (n + 1) * sizeof(uint32_t));
	for (i = 0; i < n; i++) {	/* the best record of each root */
		r = uf_find(uf, (uint32_t)i);
		c->keep[i] = r;
		if (c->first[r] == UINT32_MAX || better(ctx, (uint32_t)i,
		    best[r]))
			best[r] = (uint32_t)i;
		c->first[r] = 0;
	}
	memset(c->first, 0xff, (n + 1) * sizeof(uint32_t));
	for (i = 0; i < n; i++) {	/* members listed under the survivor */
		c->keep[i] = m = best[c->keep[i]];
		if (c->first[m] == UINT32_MAX)
			c->first[m] = (uint32_t)i;
		else
			c->next[last[m]] = (uint32_t)i;
		last[m] = (uint32_t)i;
		c->size[m]++;
	}
	free(best);
	free(last);
}

void
clusters_free(struct clusters *c)
{
	free(c->keep);
	free(c->first);
	free(c->next);
	free(c->size);
}
