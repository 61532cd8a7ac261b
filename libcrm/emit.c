/* emit.c: rows formatted in parallel, written in order. */
#include "emit.h"

#include <stdlib.h>

#include "util.h"
#include "workers.h"

enum { BLOCK_ROWS = 4096, MAX_THREADS = 4 };

struct emitting {
	emit_fn *fn;
	void *ctx;
	size_t nrows;
	size_t first;			/* first row of this round */
	int nthreads;
	struct writer *part[MAX_THREADS];
};

/* Thread i formats block i of the round. */
static void
format_block(void *arg, int i)
{
	struct emitting *e = arg;
	size_t row = e->first + (size_t)i * BLOCK_ROWS;
	size_t end = row + BLOCK_ROWS < e->nrows ? row + BLOCK_ROWS : e->nrows;

	for (; row < end; row++)
		e->fn(e->part[i], row, e->ctx);
}

void
emit_rows(struct writer *out, size_t nrows, emit_fn *fn, void *ctx)
{
	struct emitting e = { fn, ctx, nrows, 0, 1, { NULL } };
	struct workers *pool;
	const char *bytes;
	size_t len;
	int i;

	if (nrows > 2 * BLOCK_ROWS)
		e.nthreads = workers_cpus(MAX_THREADS);
	if (e.nthreads == 1) {
		for (len = 0; len < nrows; len++)
			fn(out, len, ctx);
		return;
	}
	for (i = 0; i < e.nthreads; i++)
		e.part[i] = writer_open_memory(writer_options(out));
	pool = workers_start(e.nthreads, format_block, &e);
	for (; e.first < nrows; e.first += (size_t)e.nthreads * BLOCK_ROWS) {
		workers_run(pool);
		for (i = 0; i < e.nthreads; i++) {
			bytes = writer_contents(e.part[i], &len);
			writer_raw(out, bytes, len);
		}
	}
	workers_stop(pool);
	for (i = 0; i < e.nthreads; i++)
		writer_close(e.part[i]);
}
