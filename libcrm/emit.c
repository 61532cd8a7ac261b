/* emit.c: rows formatted in parallel, written in order. */
#include "emit.h"

#include <stdlib.h>

#include "util.h"
#include "workers.h"

enum { BLOCK_ROWS = 4096, MAX_THREADS = EMIT_THREADS };

struct emitting {
	emit_thread_fn *fn;
	void *ctx;
	size_t nrows;
	int nthreads;
	struct writer *part[2][MAX_THREADS];	/* by round, odd or even */
};

/* Thread i formats block i of round k, while round k - 1 is written. */
static void
format_block(void *arg, int i, unsigned long k)
{
	struct emitting *e = arg;
	size_t row = (k * (size_t)e->nthreads + (size_t)i) * BLOCK_ROWS;
	size_t end = row + BLOCK_ROWS < e->nrows ? row + BLOCK_ROWS : e->nrows;

	for (; row < end; row++)
		e->fn(e->part[k % 2][i], row, i, e->ctx);
}

void
emit_rows_threaded(struct writer *out, size_t nrows, emit_thread_fn *fn,
    void *ctx)
{
	struct emitting e = { fn, ctx, nrows, 1, { { NULL } } };
	struct workers *pool;
	const char *bytes;
	size_t len, rounds, k;
	int i;

	if (nrows > 2 * BLOCK_ROWS)
		e.nthreads = workers_cpus(MAX_THREADS);
	if (e.nthreads == 1) {
		for (len = 0; len < nrows; len++)
			fn(out, len, 0, ctx);
		return;
	}
	rounds = (nrows + (size_t)e.nthreads * BLOCK_ROWS - 1) /
	    ((size_t)e.nthreads * BLOCK_ROWS);
	for (i = 0; i < e.nthreads; i++) {
		e.part[0][i] = writer_open_memory(writer_options(out));
		e.part[1][i] = writer_open_memory(writer_options(out));
	}
	pool = workers_start(e.nthreads, format_block, &e);
	workers_publish(pool);
	for (k = 0; k < rounds; k++) {
		if (k + 1 < rounds)
			workers_publish(pool);
		workers_wait(pool, k);
		for (i = 0; i < e.nthreads; i++) {
			bytes = writer_contents(e.part[k % 2][i], &len);
			writer_raw(out, bytes, len);
		}
	}
	workers_stop(pool);
	for (i = 0; i < e.nthreads; i++) {
		writer_close(e.part[0][i]);
		writer_close(e.part[1][i]);
	}
}

/* A plain emit_fn and its context, called through emit_rows_threaded. */
struct plain {
	emit_fn *fn;
	void *ctx;
};

static void
call_plain(struct writer *w, size_t i, int thread, void *ctx)
{
	const struct plain *p = ctx;

	(void)thread;
	p->fn(w, i, p->ctx);
}

void
emit_rows(struct writer *out, size_t nrows, emit_fn *fn, void *ctx)
{
	struct plain p = { fn, ctx };

	emit_rows_threaded(out, nrows, call_plain, &p);
}
