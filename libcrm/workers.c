/* workers.c: worker threads taking published batches in turn. */
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
	pthread_mutex_t lock;
	pthread_cond_t published_more, finished_one;
	unsigned long published;	/* batches published */
	bool stopping;
	struct helper {
		struct workers *w;
		int index;
		unsigned long done;	/* batches finished */
		pthread_t thread;
	} *helpers;
};

/* The next batch of h, or false when the workers are stopping. */
static bool
wait_for_batch(struct helper *h)
{
	struct workers *w = h->w;
	bool ready;

	pthread_mutex_lock(&w->lock);
	while (w->published == h->done && !w->stopping)
		pthread_cond_wait(&w->published_more, &w->lock);
	ready = w->published > h->done;
	pthread_mutex_unlock(&w->lock);
	return ready;
}

static void *
helper_main(void *arg)
{
	struct helper *h = arg;
	struct workers *w = h->w;

	while (wait_for_batch(h)) {
		w->fn(w->ctx, h->index, h->done);
		pthread_mutex_lock(&w->lock);
		h->done++;
		pthread_cond_broadcast(&w->finished_one);
		pthread_mutex_unlock(&w->lock);
	}
	return NULL;
}

struct workers *
workers_start(int n, worker_fn *fn, void *ctx)
{
	struct workers *w = xcalloc(1, sizeof(*w));
	int i;

	w->n = n;
	w->fn = fn;
	w->ctx = ctx;
	if (pthread_mutex_init(&w->lock, NULL) != 0 ||
	    pthread_cond_init(&w->published_more, NULL) != 0 ||
	    pthread_cond_init(&w->finished_one, NULL) != 0)
		die("cannot set up worker threads");
	w->helpers = xcalloc((size_t)n, sizeof(*w->helpers));
	for (i = 0; i < n; i++) {
		w->helpers[i].w = w;
		w->helpers[i].index = i;
		if (pthread_create(&w->helpers[i].thread, NULL, helper_main,
		    &w->helpers[i]) != 0)
			die("cannot start a worker thread");
	}
	return w;
}

unsigned long
workers_publish(struct workers *w)
{
	unsigned long k;

	pthread_mutex_lock(&w->lock);
	k = w->published++;
	pthread_cond_broadcast(&w->published_more);
	pthread_mutex_unlock(&w->lock);
	return k;
}

static bool
all_done_with(const struct workers *w, unsigned long k)
{
	int i;

	for (i = 0; i < w->n; i++)
		if (w->helpers[i].done <= k)
			return false;
	return true;
}

void
workers_wait(struct workers *w, unsigned long k)
{
	pthread_mutex_lock(&w->lock);
	while (!all_done_with(w, k))
		pthread_cond_wait(&w->finished_one, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

void
workers_run(struct workers *w)
{
	workers_wait(w, workers_publish(w));
}

void
workers_stop(struct workers *w)
{
	int i;

	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->published_more);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->n; i++)
		pthread_join(w->helpers[i].thread, NULL);
	pthread_cond_destroy(&w->published_more);
	pthread_cond_destroy(&w->finished_one);
	pthread_mutex_destroy(&w->lock);
	free(w->helpers);
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
