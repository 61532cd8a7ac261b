/* test-workers.c: batches published, taken by every worker, waited for. */
#define _GNU_SOURCE	/* sched_setaffinity, CPU_SET */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "check.h"
#include "run_child.h"
#include "util.h"
#include "workers.h"

enum { NWORKERS = 3, NBATCHES = 200 };

struct log {
	atomic_int runs[NBATCHES][NWORKERS];
	atomic_ulong max_batch_seen;
	atomic_bool out_of_order;
	unsigned long last[NWORKERS];	/* each touched by one worker */
};

static void
record(void *ctx, int index, unsigned long batch)
{
	struct log *log = ctx;

	if (batch >= NBATCHES)
		return;
	if (log->last[index] != 0 && batch != log->last[index])
		atomic_store(&log->out_of_order, true);
	log->last[index] = batch + 1;
	atomic_fetch_add(&log->runs[batch][index], 1);
	if (batch > atomic_load(&log->max_batch_seen))
		atomic_store(&log->max_batch_seen, batch);
}

static int
runs_not_once(struct log *log, unsigned long upto)
{
	unsigned long k;
	int i, bad = 0;

	for (k = 0; k < upto; k++)
		for (i = 0; i < NWORKERS; i++)
			bad += atomic_load(&log->runs[k][i]) != 1;
	return bad;
}

/* workers_run: every worker runs every batch once, in order. */
static void
test_run(void)
{
	static struct log log;
	struct workers *w = workers_start(NWORKERS, record, &log);
	int k;

	for (k = 0; k < NBATCHES; k++)
		workers_run(w);
	CHECK(runs_not_once(&log, NBATCHES) == 0, "workers_run: each of %d "
	    "workers runs each of %d batches exactly once", NWORKERS,
	    NBATCHES);
	CHECK(!atomic_load(&log.out_of_order), "each worker takes the "
	    "batches in order");
	workers_stop(w);
}

/*
 * Publish one batch ahead, wait for the one before: the pattern of txn.c
 * and emit.c. Batch k is done by every worker when the wait returns.
 */
static void
test_publish_ahead(void)
{
	static struct log log;
	struct workers *w = workers_start(NWORKERS, record, &log);
	unsigned long k, first;
	int missing = 0;

	first = workers_publish(w);
	for (k = 0; k < NBATCHES; k++) {
		if (k + 1 < NBATCHES)
			workers_publish(w);
		workers_wait(w, k);
		missing += runs_not_once(&log, k + 1);
	}
	CHECK(first == 0, "the first batch published is batch 0");
	CHECK(missing == 0, "after workers_wait(k), every worker has run "
	    "every batch up to k once");
	CHECK(atomic_load(&log.max_batch_seen) == NBATCHES - 1, "no batch "
	    "beyond those published is run");
	workers_stop(w);
}

/* Stopping with nothing published, and with one worker. */
static void
test_stop(void)
{
	static struct log log;
	struct workers *w = workers_start(NWORKERS, record, &log);

	workers_stop(w);
	CHECK(runs_not_once(&log, 1) == NWORKERS, "stopping before any "
	    "batch runs nothing");
	w = workers_start(1, record, &log);
	workers_run(w);
	workers_stop(w);
	CHECK(atomic_load(&log.runs[0][0]) == 1, "one worker runs a batch");
	CHECK(workers_cpus(1) == 1 && workers_cpus(64) >= 1, "workers_cpus "
	    "is at least 1 and at most its limit");
}

/* Workers that die in batches 2 and 3: worker 2 first in time, then 1. */
static void
die_late(void *ctx, int index, unsigned long batch)
{
	(void)ctx;
	if (batch == 3 && index == 0)
		die("batch 3, worker 0");
	if (batch == 2 && index == 2)
		die("batch 2, worker 2");
	if (batch == 2 && index == 1) {
		nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
		die("batch 2, worker 1");
	}
}

/* The main thread publishes batches 0..3 and waits for each in turn. */
static void
wait_for_dying(const void *arg)
{
	struct workers *w = workers_start(NWORKERS, die_late, NULL);
	unsigned long k;

	(void)arg;
	setprogname("test-workers");
	for (k = 0; k < 4; k++)
		workers_publish(w);
	for (k = 0; k < 4; k++) {
		workers_wait(w, k);
		printf("waited for %lu\n", k);
	}
	workers_stop(w);
}

/* A worker's die() ends nothing itself: the waiting thread reports it. */
static void
test_worker_errors(void)
{
	struct child res = run_child(wait_for_dying, NULL, true);

	CHECK_CHILD(res, 1, "waited for 0\nwaited for 1\n"
	    "test-workers: batch 2, worker 1\n", "the first error in input "
	    "order (batch 2, worker 1), once, from the thread waiting for "
	    "batch 2, after what batches 0 and 1 wrote");
}

/* Worker 0 dies in batch 0; says so should it run again. */
static void
die_once_then_tell(void *ctx, int index, unsigned long batch)
{
	(void)ctx;
	if (index != 0)
		return;
	if (batch == 0)
		die("batch 0, worker 0");
	fprintf(stderr, "worker 0 ran batch %lu\n", batch);
}

static void
wait_after_dying(const void *arg)
{
	struct workers *w = workers_start(2, die_once_then_tell, NULL);

	(void)arg;
	setprogname("test-workers");
	workers_publish(w);
	workers_publish(w);
	workers_publish(w);
	workers_wait(w, 2);
	workers_stop(w);
}

/*
 * A worker that died is not run again: what it was doing is half done
 * (found as a crash under ulimit -v, a capacity grown before its array).
 */
static void
test_no_run_after_error(void)
{
	struct child res = run_child(wait_after_dying, NULL, true);

	CHECK_CHILD(res, 1, "test-workers: batch 0, worker 0\n", "a worker "
	    "that died is not run on the later batches");
}

/* A pool that feeds itself */

enum { RING = 3 };

struct feed_log {
	struct log log;
	atomic_ulong fed;		/* calls of the feed */
	atomic_ulong released;		/* the main thread is done before it */
	atomic_bool in_feed, overlapped, out_of_ring, out_of_turn;
	atomic_bool fed_on_main;
	pthread_t main_thread;
};

static bool
feed_counting(void *ctx, unsigned long batch)
{
	struct feed_log *f = ctx;

	if (atomic_exchange(&f->in_feed, true))
		atomic_store(&f->overlapped, true);
	if (batch != atomic_load(&f->fed))
		atomic_store(&f->out_of_turn, true);
	if (batch >= atomic_load(&f->released) + RING)
		atomic_store(&f->out_of_ring, true);
	if (pthread_equal(pthread_self(), f->main_thread))
		atomic_store(&f->fed_on_main, true);
	atomic_fetch_add(&f->fed, 1);
	atomic_store(&f->in_feed, false);
	return batch < NBATCHES;
}

static void
record_fed(void *ctx, int index, unsigned long batch)
{
	record(&((struct feed_log *)ctx)->log, index, batch);
}

/*
 * The workers feed batches 0 .. NBATCHES - 1 in turn, one feed at a time,
 * never more than RING beyond what the main thread has finished (which
 * dawdles now and then, so that the ring fills up), and each is run once
 * by every worker before workers_finish() returns it.
 */
static void
test_fed(void)
{
	static struct feed_log f;
	struct workers *w;
	unsigned long k;
	int missing = 0;

	f.main_thread = pthread_self();
	w = workers_start_fed(NWORKERS, record_fed, feed_counting, &f, RING);
	for (k = 0; workers_finish(w, k); k++) {
		missing += runs_not_once(&f.log, k + 1);
		if (k % 7 == 0)
			nanosleep(&(struct timespec){ 0, 200000 }, NULL);
		atomic_store(&f.released, k + 1);
	}
	workers_stop(w);
	CHECK(k == NBATCHES, "workers_finish is true for each of the %d "
	    "batches fed and false after them (%lu)", NBATCHES, k);
	CHECK(missing == 0 && runs_not_once(&f.log, NBATCHES) == 0,
	    "after workers_finish(k), every worker has run every batch up "
	    "to k once");
	CHECK(!atomic_load(&f.log.out_of_order), "each worker takes the fed "
	    "batches in order");
	CHECK(atomic_load(&f.fed) == NBATCHES + 1, "the feed is asked for "
	    "each batch once and for one more, which ends it (%lu calls)",
	    atomic_load(&f.fed));
	CHECK(!atomic_load(&f.out_of_turn) && !atomic_load(&f.overlapped),
	    "batches are fed in turn, one feed at a time");
	CHECK(!atomic_load(&f.out_of_ring), "no batch is fed %d or more "
	    "beyond the last one the main thread finished", RING);
	CHECK(!atomic_load(&f.fed_on_main), "the workers feed, not the "
	    "main thread");
}

/* A pool that feeds itself on one core: its one worker feeds and runs. */
struct alone {
	unsigned long fed, ran;
	bool out_of_turn;
};

static bool
feed_alone(void *ctx, unsigned long batch)
{
	struct alone *a = ctx;

	a->out_of_turn |= batch != a->fed++;
	return batch < NBATCHES;
}

static void
run_alone(void *ctx, int index, unsigned long batch)
{
	struct alone *a = ctx;

	a->out_of_turn |= index != 0 || batch != a->ran++;
}

/*
 * One worker (a machine with one processor) and the smallest rings: it
 * feeds, runs and waits for room in turn, and the main thread, woken
 * half a ring on, is not left waiting (a hang here is a cron job's).
 */
static void
test_fed_alone(void)
{
	static const unsigned long rings[] = { 1, 2, 3 };
	struct alone a;
	struct workers *w;
	unsigned long k;
	size_t i;

	for (i = 0; i < sizeof(rings) / sizeof(rings[0]); i++) {
		a = (struct alone){ 0, 0, false };
		w = workers_start_fed(1, run_alone, feed_alone, &a, rings[i]);
		for (k = 0; workers_finish(w, k); k++)
			continue;
		workers_stop(w);
		CHECK(k == NBATCHES && a.ran == NBATCHES && a.fed == NBATCHES +
		    1 && !a.out_of_turn, "one worker, a ring of %lu: %d "
		    "batches fed and run in turn (%lu finished, %lu run)",
		    rings[i], NBATCHES, k, a.ran);
	}
}

/* A feed that dies at batch 3; worker 1 dies in batch `*ctx` if any. */
static bool
feed_dying(void *ctx, unsigned long batch)
{
	(void)ctx;
	if (batch == 3)
		die("feeding batch 3");
	return true;
}

static void
die_in_batch(void *ctx, int index, unsigned long batch)
{
	const long *when = ctx;

	if (index == 1 && (long)batch == *when)
		die("batch %lu, worker 1", batch);
}

static void
finish_fed_dying(const void *arg)
{
	struct workers *w = workers_start_fed(NWORKERS, die_in_batch,
	    feed_dying, (void *)arg, RING);
	unsigned long k;

	setprogname("test-workers");
	for (k = 0; workers_finish(w, k); k++)
		printf("finished %lu\n", k);
	printf("no batch %lu\n", k);
	workers_stop(w);
}

/*
 * A die() in the feed ends the feed and is reported by the main thread
 * when it comes to that batch, after the batches before it, and after a
 * worker's error in one of them.
 */
static void
test_fed_errors(void)
{
	static const long never = -1, batch2 = 2;
	struct child res = run_child(finish_fed_dying, &never, true);

	CHECK_CHILD(res, 1, "finished 0\nfinished 1\nfinished 2\n"
	    "test-workers: feeding batch 3\n", "a die() in the feed is "
	    "reported once the batches before it are finished");
	res = run_child(finish_fed_dying, &batch2, true);
	CHECK_CHILD(res, 1, "finished 0\nfinished 1\n"
	    "test-workers: batch 2, worker 1\n", "a worker's error in a "
	    "batch before the feed's is the one reported");
}

/*
 * As many workers as processors the process may run on (taskset, a
 * container's cpuset), not as the machine has.
 */
static void
test_cpus(void)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t all, one;
	int first;

	if (sched_getaffinity(0, sizeof(all), &all) != 0) {
		CHECK(workers_cpus(4) >= 1, "no affinity to read: at least 1");
		return;
	}
	CHECK(workers_cpus(4) == (CPU_COUNT(&all) < 4 ? CPU_COUNT(&all) : 4),
	    "all the allowed processors, at most max");
	CHECK(workers_cpus(1) == 1, "at most max");
	for (first = 0; !CPU_ISSET(first, &all); first++)
		;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK(sched_setaffinity(0, sizeof(one), &one) == 0 &&
	    workers_cpus(4) == 1, "one processor allowed of %ld online: 1",
	    online);
	sched_setaffinity(0, sizeof(all), &all);
}

int
main(void)
{
	test_run();
	test_publish_ahead();
	test_stop();
	test_worker_errors();
	test_no_run_after_error();
	test_fed();
	test_fed_alone();
	test_fed_errors();
	test_cpus();
	return check_done();
}
