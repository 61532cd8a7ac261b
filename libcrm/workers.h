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

typedef void worker_fn(void *ctx, int index, unsigned long batch);

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

/* Online processors, at least 1 and at most max. */
int workers_cpus(int max);

#endif
