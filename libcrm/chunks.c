/* chunks.c: the input read a chunk at a time by the workers that use it. */
#include "chunks.h"

#include <stdlib.h>

#include "util.h"

struct chunk *
chunks_at(struct chunks *c, unsigned long k)
{
	return &c->ring[k % NCHUNKS];
}

void
chunk_grow_rows(struct chunk *chunk, int w, size_t row_size)
{
	chunk->capacity[w] = grow_capacity(chunk->capacity[w],
	    chunk->nrows[w] + 1);
	chunk->rows[w] = xreallocarray(chunk->rows[w], chunk->capacity[w],
	    row_size);
}

/* Take the batch read as chunk k and share it out; false at the end. */
static bool
take_chunk(struct chunks *c, unsigned long k)
{
	struct chunk *chunk = chunks_at(c, k);
	int w;

	chunk->records = input_next_batch(c->in, &chunk->nrecords);
	if (chunk->records == NULL)
		return false;
	chunk->first_row = c->rows_read;
	c->rows_read += chunk->nrecords;
	for (w = 0; w < c->nworkers; w++)
		chunk->nrows[w] = 0;
	c->share(c->ctx, chunk);
	return true;
}

/* The workers' feed (workers.h): read batch k and share it out. */
static bool
feed_chunk(void *ctx, unsigned long k)
{
	struct chunks *c = ctx;

	if (!input_read_ahead(c->in)) {
		c->read_failed = true;
		return false;
	}
	return take_chunk(c, k);
}

/* Every reject of chunk k, in input order (the first one may stop). */
static void
reject_in_order(struct chunks *c, unsigned long k)
{
	struct chunk *chunk = chunks_at(c, k);
	int w;

	rejects_move(&c->in_order, &chunk->rejects);
	for (w = 0; w < c->nworkers; w++)
		rejects_move(&c->in_order, &chunk->found[w]);
	rejects_report(&c->in_order, c->in, chunk->records);
}

/*
 * The workers read the chunks themselves, the one ahead of the other, up
 * to NCHUNKS ahead of the oldest chunk this thread has not finished.
 */
void
chunks_read(struct chunks *c, worker_fn *work)
{
	struct workers *pool = workers_start_fed(c->nworkers, work,
	    feed_chunk, c, NCHUNKS);
	unsigned long k;

	for (k = 0; workers_finish(pool, k); k++)
		reject_in_order(c, k);
	if (c->read_failed)
		take_chunk(c, k);	/* stops with its error */
	workers_stop(pool);
}

void
chunks_free(struct chunks *c)
{
	int k, w;

	for (k = 0; k < NCHUNKS; k++) {
		rejects_free(&c->ring[k].rejects);
		for (w = 0; w < CHUNK_WORKERS; w++) {
			free(c->ring[k].rows[w]);
			rejects_free(&c->ring[k].found[w]);
		}
	}
	rejects_free(&c->in_order);
}
