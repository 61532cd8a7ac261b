/* workers.c: worker threads taking published batches in turn. */
#define _GNU_SOURCE	/* sched_getaffinity, CPU_COUNT */
#include "workers.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
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
	feed_fn *feed;			/* NULL: the caller publishes */
	void *ctx;
	pthread_mutex_t lock;
	pthread_cond_t published_more, finished_one;
	unsigned long published;	/* batches published */
	bool stopping;
	/* The caller is woken once the batches up to wake_at are done. */
	bool caller_waits;
	unsigned long wake_at;
	/* Of a pool that feeds itself */
	unsigned long released;		/* the caller is done with those before */
	unsigned long ring;		/* batches fed beyond released, at most */
	bool feeding, fed_all;
	/*
	 * The first error in input order: batch, then index (the feed's
	 * before the workers', as -1).
	 */
	bool failed;
	unsigned long failed_batch;
	int failed_index;
	char message[sizeof(((struct die_escape *)0)->message)];
	struct helper {
		struct workers *w;
		int index;
		unsigned long done;	/* batches finished */
		struct die_escape *escape;
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
/*
 * Batches a worker of a pool that feeds itself keeps published, from the
 * one it takes next: one in hand and one ahead, so that the other worker
 * need never wait for a batch while it is being fed.
 */
enum { FEED_AHEAD = 2 };

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

/* Keep an error unless one earlier in input order is kept. */
static void
keep_error(struct workers *w, unsigned long batch, int index,
    const char *message)
{
	if (w->failed && (w->failed_batch < batch || (w->failed_batch ==
	    batch && w->failed_index < index)))
		return;
	w->failed = true;
	w->failed_batch = batch;
	w->failed_index = index;
	snprintf(w->message, sizeof(w->message), "%s", message);
}

/*
 * Whether h is to feed the next batch: it is the worker furthest ahead
 * (its next batches are not yet all there), no one else feeds, and the
 * caller has released the room. Called with the lock held.
 */
static bool
may_feed(const struct workers *w, const struct helper *h)
{
	return w->feed != NULL && !w->feeding && !w->fed_all &&
	    !w->stopping && w->published < h->done + FEED_AHEAD &&
	    w->published < w->released + w->ring;
}

/*
 * Feed the next batch, outside the lock (the others work meanwhile); the
 * feeding flag keeps it to one worker at a time. A die() in feed is kept
 * as the error of that batch, before any worker's, and ends the feed.
 * Called and returns with the lock held.
 */
static void
feed_one(struct workers *w, struct helper *h)
{
	unsigned long k = w->published;
	volatile bool more = false, failed = false;

	w->feeding = true;
	pthread_mutex_unlock(&w->lock);
	if (setjmp(h->escape->jump) == 0)
		more = w->feed(w->ctx, k);
	else
		failed = true;
	pthread_mutex_lock(&w->lock);
	w->feeding = false;
	if (failed)
		keep_error(w, k, -1, h->escape->message);
	if (more)
		bump(&w->published);
	else {
		w->fed_all = true;
		pthread_cond_broadcast(&w->finished_one);
	}
	pthread_cond_broadcast(&w->published_more);
}

/* The next batch of h, or false when there are no more. */
static bool
wait_for_batch(struct helper *h)
{
	struct workers *w = h->w;
	bool ready;
	int looks = 0;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (may_feed(w, h))
			feed_one(w, h);
		else if (w->published > h->done || w->stopping || w->fed_all)
			break;
		else if (looks++ < LOOKS) {
			pthread_mutex_unlock(&w->lock);
			sched_yield();
			pthread_mutex_lock(&w->lock);
		} else
			pthread_cond_wait(&w->published_more, &w->lock);
	}
	ready = w->published > h->done;
	pthread_mutex_unlock(&w->lock);
	return ready;
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

/*
 * Wake the caller if it waits and the batches it waits for are done (of
 * those published). Called with the lock held.
 */
static void
wake_caller(struct workers *w)
{
	unsigned long last = w->published - 1;

	if (w->caller_waits && all_done_with(w, w->wake_at < last ?
	    w->wake_at : last))
		pthread_cond_broadcast(&w->finished_one);
}

/* h is done with its batch, with the message of its die() or NULL. */
static void
finish_batch(struct workers *w, struct helper *h, const char *error)
{
	pthread_mutex_lock(&w->lock);
	if (error != NULL)
		keep_error(w, h->done, h->index, error);
	bump(&h->done);
	wake_caller(w);
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

	h->escape = &escape;
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

static struct workers *
start_pool(int n, worker_fn *fn, feed_fn *feed, void *ctx, unsigned long ring)
{
	struct workers *w = xcalloc(1, sizeof(*w));
	int i;

	w->n = n;
	w->fn = fn;
	w->feed = feed;
	w->ctx = ctx;
	w->ring = ring;
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

struct workers *
workers_start(int n, worker_fn *fn, void *ctx)
{
	return start_pool(n, fn, NULL, ctx, 0);
}

struct workers *
workers_start_fed(int n, worker_fn *fn, feed_fn *feed, void *ctx,
    unsigned long ring)
{
	return start_pool(n, fn, feed, ctx, ring);
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

/*
 * Called with the lock held, on the main thread: an error of a worker or
 * of the feed in batch k or before ends it.
 */
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

/*
 * Called with the lock held, on the main thread: sleep until every worker
 * is done with batch k (or a pool's feed ended before it), woken once the
 * batches up to wake_at are done; then report an error of k or before.
 */
static void
sleep_until_done(struct workers *w, unsigned long k, unsigned long wake_at)
{
	w->caller_waits = true;
	w->wake_at = wake_at;
	while (!all_done_with(w, k) && !(w->fed_all && w->published <= k))
		pthread_cond_wait(&w->finished_one, &w->lock);
	w->caller_waits = false;
	report_error(w, k);
}

void
workers_wait(struct workers *w, unsigned long k)
{
	int i;

	for (i = 0; i < LOOKS && !all_done_with(w, k); i++)
		sched_yield();
	pthread_mutex_lock(&w->lock);
	sleep_until_done(w, k, k);
	pthread_mutex_unlock(&w->lock);
}

/*
 * The caller sleeps until half the ring beyond batch k is done, not just
 * batch k: it then finishes those batches without waiting, and the
 * workers, which have both cores, are not interrupted to wake it for each.
 */
bool
workers_finish(struct workers *w, unsigned long k)
{
	bool more;

	pthread_mutex_lock(&w->lock);
	if (w->published >= w->released + w->ring)
		pthread_cond_broadcast(&w->published_more);	/* room */
	w->released = k;
	sleep_until_done(w, k, k + w->ring / 2);
	more = w->published > k;
	pthread_mutex_unlock(&w->lock);
	return more;
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

/*
 * The processors this process may run on, as nproc counts them: not the
 * machine's when taskset or a container's cpuset allows fewer, where a
 * thread more than processors only waits for one.
 */
int
workers_cpus(int max)
{
	cpu_set_t allowed;
	long n;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		n = CPU_COUNT(&allowed);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n < max ? (int)n : max;
}
