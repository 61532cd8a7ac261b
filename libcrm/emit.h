/*
 * emit.h: writing many rows with every core. Rows are formatted a block
 * at a time by worker threads, each into a writer of its own in memory,
 * and written out in their order, so the output is the same bytes as a
 * plain loop would write.
 */
#ifndef CRM_EMIT_H
#define CRM_EMIT_H

#include <stddef.h>

#include "writer.h"

/* Write row i (fields and writer_end) to w; called from several threads. */
typedef void emit_fn(struct writer *w, size_t i, void *ctx);

void emit_rows(struct writer *out, size_t nrows, emit_fn *fn, void *ctx);

/*
 * The same, telling fn which formatting thread calls it (0 ..
 * EMIT_THREADS - 1), so that it can keep scratch space per thread.
 */
enum { EMIT_THREADS = 4 };
typedef void emit_thread_fn(struct writer *w, size_t i, int thread,
    void *ctx);

void emit_rows_threaded(struct writer *out, size_t nrows, emit_thread_fn *fn,
    void *ctx);

#endif
