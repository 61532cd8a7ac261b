/* workers.c: worker threads meeting at a barrier for each batch. */
#include "workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

struct workers {
	int n;
	worker_fn *fn;
	void *ctx;
	bool stopping;
	pthread_barrier_t start, done;
	pthread_t *threads;
	struct helper {
		struct workers *w;
		int index;
	} *helpers;
};

static void *
helper_main(void *arg)
{
	struct helper *h = arg;
	struct workers *w = h->w;

	for (;;) {
		pthread_barrier_wait(&w->start);
		if (w->stopping)
			return NULL;
		w->fn(w->ctx, h->index);
		pthread_barrier_wait(&w->done);
	}
}

struct workers *
workers_start(int n, worker_fn *fn, void *ctx)
{
	struct workers *w = xcalloc(1, sizeof(*w));
	int i;

	w->n = n;
	w->fn = fn;
	w->ctx = ctx;
	if (n == 1)
		return w;
	if (pthread_barrier_init(&w->start, NULL, (unsigned)n) != 0 ||
	    pthread_barrier_init(&w->done, NULL, (unsigned)n) != 0)
		die("cannot set up worker threads");
	w->threads = xcalloc((size_t)n, sizeof(*w->threads));
	w->helpers = xcalloc((size_t)n, sizeof(*w->helpers));
	for (i = 1; i < n; i++) {
		w->helpers[i].w = w;
		w->helpers[i].index = i;
		if (pthread_create(&w->threads[i], NULL, helper_main,
		    &w->helpers[i]) != 0)
			die("cannot start a worker thread");
	}
	return w;
}

void
workers_run(struct workers *w)
{
	if (w->n == 1) {
		w->fn(w->ctx, 0);
		return;
	}
	pthread_barrier_wait(&w->start);
	w->fn(w->ctx, 0);
	pthread_barrier_wait(&w->done);
}

void
workers_stop(struct workers *w)
{
	int i;

	if (w->n > 1) {
		w->stopping = true;
		pthread_barrier_wait(&w->start);
		for (i = 1; i < w->n; i++)
			pthread_join(w->threads[i], NULL);
		pthread_barrier_destroy(&w->start);
		pthread_barrier_destroy(&w->done);
		free(w->threads);
		free(w->helpers);
	}
	free(w);
}

int
workers_cpus(int max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n < max ? (int)n : max;
}
