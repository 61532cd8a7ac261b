/* workers.c: worker threads taking published batches in turn. */
#include "workers.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	/* The first error of a worker in input order: batch, then index. */
	bool failed;
	unsigned long failed_batch;
	int failed_index;
	char message[sizeof(((struct die_escape *)0)->message)];
	struct helper {
		struct workers *w;
		int index;
		unsigned long done;	/* batches finished */
		pthread_t thread;
	} *helpers;
};

/*
 * A thread about to wait looks again a few times first, yielding its core
 * meanwhile to any thread that has work: a batch takes a millisecond or
 * two, and a thread put to sleep costs the one that wakes it a system call
 * and itself tens of microseconds to run again, on a virtual machine more.
 */
enum { LOOKS = 64 };

static unsigned long
load(const unsigned long *counter)
{
	return __atomic_load_n(counter, __ATOMIC_ACQUIRE);
}

/* Counters are written under the lock and read by lookers outside it. */
static void
bump(unsigned long *counter)
{
	__atomic_store_n(counter, *counter + 1, __ATOMIC_RELEASE);
}

/* The next batch of h, or false when the workers are stopping. */
static bool
wait_for_batch(struct helper *h)
{
	struct workers *w = h->w;
	bool ready;
	int i;

	for (i = 0; i < LOOKS && load(&w->published) == h->done; i++)
		sched_yield();
	pthread_mutex_lock(&w->lock);
	while (w->published == h->done && !w->stopping)
		pthread_cond_wait(&w->published_more, &w->lock);
	ready = w->published > h->done;
	pthread_mutex_unlock(&w->lock);
	return ready;
}

/* Keep a worker's error unless one earlier in input order is kept. */
static void
keep_error(struct workers *w, const struct helper *h, const char *message)
{
	if (w->failed && (w->failed_batch < h->done || (w->failed_batch ==
	    h->done && w->failed_index < h->index)))
		return;
	w->failed = true;
	w->failed_batch = h->done;
	w->failed_index = h->index;
	snprintf(w->message, sizeof(w->message), "%s", message);
}

/* h is done with its batch, with the message of its die() or NULL. */
static void
finish_batch(struct workers *w, struct helper *h, const char *error)
{
	pthread_mutex_lock(&w->lock);
	if (error != NULL)
		keep_error(w, h, error);
	bump(&h->done);
	pthread_cond_broadcast(&w->finished_one);
	pthread_mutex_unlock(&w->lock);
}

/*
 * A die() in fn lands back here (util.h): the batch counts as done, and
 * the main thread reports the error when it waits for that batch. The
 * worker runs fn no more: the die() may have left its share half-updated
 * (out of memory between a capacity and its array), and the main thread
 * stops at the failed batch before it could use a later one.
 */
static void *
helper_main(void *arg)
{
	struct helper *h = arg;
	struct workers *w = h->w;
	struct die_escape escape;
	volatile bool failed = false;

	die_escape_set(&escape);
	while (wait_for_batch(h)) {
		if (failed)
			finish_batch(w, h, NULL);
		else if (setjmp(escape.jump) == 0) {
			w->fn(w->ctx, h->index, h->done);
			finish_batch(w, h, NULL);
		} else {
			failed = true;
			finish_batch(w, h, escape.message);
		}
	}
	return NULL;
}

/*
 * A thread for h. It starts with the signals a user or a timer sends
 * blocked, so that they are handled by the main thread (tempfile.c
 * removes its files there); SIGPIPE and SIGXFSZ come to the thread that
 * writes. A thread that cannot be made (no memory for its stack, the
 * limit on processes) is an error said as such.
 */
static void
start_helper(struct helper *h)
{
	static const int async_signals[] = { SIGHUP, SIGINT, SIGQUIT,
		SIGTERM, SIGALRM, SIGUSR1, SIGUSR2 };
	sigset_t block, old;
	size_t i;
	int err;

	sigemptyset(&block);
	for (i = 0; i < sizeof(async_signals) / sizeof(async_signals[0]); i++)
		sigaddset(&block, async_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	err = pthread_create(&h->thread, NULL, helper_main, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0)
		die("cannot start a worker thread: %s", err == EAGAIN ?
		    "out of memory for its stack, or too many processes" :
		    strerror(err));
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
		start_helper(&w->helpers[i]);
	}
	return w;
}

unsigned long
workers_publish(struct workers *w)
{
	unsigned long k;

	pthread_mutex_lock(&w->lock);
	k = w->published;
	bump(&w->published);
	pthread_cond_broadcast(&w->published_more);
	pthread_mutex_unlock(&w->lock);
	return k;
}

static bool
all_done_with(const struct workers *w, unsigned long k)
{
	int i;

	for (i = 0; i < w->n; i++)
		if (load(&w->helpers[i].done) <= k)
			return false;
	return true;
}

/* Called with the lock held, on the main thread: a worker's error ends it. */
static void
report_error(struct workers *w, unsigned long k)
{
	char message[sizeof(w->message)];

	if (!w->failed || w->failed_batch > k)
		return;
	memcpy(message, w->message, sizeof(message));
	pthread_mutex_unlock(&w->lock);
	die("%s", message);
}

void
workers_wait(struct workers *w, unsigned long k)
{
	int i;

	for (i = 0; i < LOOKS && !all_done_with(w, k); i++)
		sched_yield();
	pthread_mutex_lock(&w->lock);
	while (!all_done_with(w, k))
		pthread_cond_wait(&w->finished_one, &w->lock);
	report_error(w, k);
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
	pthread_mutex_lock(&w->lock);
	report_error(w, w->published);
	pthread_mutex_unlock(&w->lock);
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
