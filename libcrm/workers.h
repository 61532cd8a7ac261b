/*
 * workers.h: a few threads that run the same function on each batch of
 * work, each on its own share (the caller decides what "share" means, e.g.
 * the customers whose hash is i modulo n).
 *
 * The caller publishes batches 0, 1, 2, ... Each worker takes the next one
 * as soon as it is published and the worker is done with the last, so the
 * caller can prepare batch k + 1 while batch k is worked on, and a worker
 * held up (by the caller's own thread, on a busy machine) catches up later
 * instead of keeping the others waiting at a barrier. The caller waits for
 * batch k before it reuses what batch k was given.
 *
 * A worker never ends the program: its die() (util.h) comes back to the
 * pool, and the thread that waits for that batch (or stops the pool)
 * reports the first such error in input order, batch then index, and
 * exits with it.
 */
#ifndef CRM_WORKERS_H
#define CRM_WORKERS_H

#include <stdbool.h>

typedef void worker_fn(void *ctx, int index, unsigned long batch);
/* Make the next batch, numbered batch, ready; false if there is none. */
typedef bool feed_fn(void *ctx, unsigned long batch);

struct workers;

/* n worker threads running fn(ctx, i, batch) for i = 0 .. n-1. */
struct workers *workers_start(int n, worker_fn *fn, void *ctx);
/* Publish the next batch; returns its number. */
unsigned long workers_publish(struct workers *w);
/* Wait until every worker is done with batch k. */
void workers_wait(struct workers *w, unsigned long k);
/* Publish a batch and wait for it. */
void workers_run(struct workers *w);
/* After the last batch: let the workers finish it and end. */
void workers_stop(struct workers *w);

/*
 * A pool that feeds itself: the workers make the batches too, one at a
 * time, by feed(ctx, k) for k = 0, 1, 2, ..., so that no thread of its
 * own does (with as many workers as cores, a thread more shares a core
 * with one of them, which falls behind while the other waits). The worker
 * furthest ahead feeds, a few batches before anyone needs them. Batch k
 * is fed only once the caller is done with batch k - ring, whose room it
 * may reuse. A die() in feed stops the feeding; the caller meets it when
 * it waits for that batch.
 */
struct workers *workers_start_fed(int n, worker_fn *fn, feed_fn *feed,
    void *ctx, unsigned long ring);
/*
 * Of a pool that feeds itself: the caller is done with the batches before
 * k; wait until every worker is done with batch k. False when the feed
 * ended before batch k.
 */
bool workers_finish(struct workers *w, unsigned long k);

/* Processors this process may run on (nproc), at least 1, at most max. */
int workers_cpus(int max);

#endif
