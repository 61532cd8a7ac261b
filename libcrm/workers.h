/*
 * workers.h: a few threads that run the same function, once per batch of
 * work, each on its own share (the caller decides what "share" means, e.g.
 * the customers whose hash is i modulo n). The calling thread is worker 0.
 */
#ifndef CRM_WORKERS_H
#define CRM_WORKERS_H

typedef void worker_fn(void *ctx, int index);

struct workers;

/* n workers (1: no thread at all). */
struct workers *workers_start(int n, worker_fn *fn, void *ctx);
/* Run fn(ctx, i) for i = 0 .. n-1 and return when every one is done. */
void workers_run(struct workers *w);
void workers_stop(struct workers *w);

/* Online processors, at least 1 and at most max. */
int workers_cpus(int max);

#endif
