/*
 * chunks.h: rows read by the workers that use them. A pool that feeds
 * itself (workers.h) reads the input a chunk at a time: the worker ahead
 * reads the next chunk and shares it out, parsing each usable row into
 * an array of rows of the worker of its customer (by hash), while the
 * others work on theirs. A worker then reads only its own array, written
 * in order, and not the chunk's records, fields and text, which lie in
 * the cache of the core that read them: three misses a row, each waiting
 * for the one before, where the two cores are far apart (a cache line
 * takes 100 to 400 ns between this host's two processors; at 400,
 * crm-rfm on 10M rows took 0.9 s where it takes 0.65 s at 100).
 *
 * Unusable rows, found sharing out or by a worker, are kept with their
 * place and rejected in input order once every worker is done with the
 * chunk (rejects.h), so that the first bad row of the input is the one
 * reported, and an error reading a chunk ahead waits until the chunks
 * before it are done.
 */
#ifndef CRM_CHUNKS_H
#define CRM_CHUNKS_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "rejects.h"
#include "workers.h"

enum { CHUNK_WORKERS = 4, NCHUNKS = READER_BUFFERS };

struct chunk {
	const struct record *records;
	size_t nrecords;
	unsigned long long first_row;	/* row number of records[0] */
	void *rows[CHUNK_WORKERS];	/* by worker: the caller's rows */
	size_t nrows[CHUNK_WORKERS], capacity[CHUNK_WORKERS];
	struct rejects rejects;		/* found sharing out */
	struct rejects found[CHUNK_WORKERS];	/* found by each worker */
};

/* Share chunk out (one worker at a time calls it, in chunk order). */
typedef void share_fn(void *ctx, struct chunk *chunk);

struct chunks {
	struct input *in;
	int nworkers;			/* at most CHUNK_WORKERS */
	share_fn *share;
	void *ctx;			/* of share and of the workers */
	struct chunk ring[NCHUNKS];	/* chunk k is ring[k % NCHUNKS] */
	struct rejects in_order;	/* of a chunk, for sorting */
	unsigned long long rows_read;
	bool read_failed;		/* the error waits in the reader */
};

/*
 * Read every chunk, worker i running work(c, i, k) on chunk k once share
 * is done with it (c->ctx is the caller's); return when all are done and
 * their rejects reported, or stop with the first error in input order.
 */
void chunks_read(struct chunks *c, worker_fn *work);
struct chunk *chunks_at(struct chunks *c, unsigned long k);
void chunks_free(struct chunks *c);

/* Room for more rows of worker w: chunk_next_row's slow path. */
void chunk_grow_rows(struct chunk *chunk, int w, size_t row_size);

/*
 * Room for worker w's next row, of row_size bytes, at the end of its
 * array (inline: sharing out calls it for every row); the caller adds 1
 * to nrows[w] once the row is there.
 */
static inline void *
chunk_next_row(struct chunk *chunk, int w, size_t row_size)
{
	if (chunk->nrows[w] == chunk->capacity[w])
		chunk_grow_rows(chunk, w, row_size);
	return (char *)chunk->rows[w] + chunk->nrows[w] * row_size;
}

#endif
