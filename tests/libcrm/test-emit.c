/*
 * test-emit.c: rows formatted on several threads come out as one loop
 * would write them, and each call knows its thread (for scratch space).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "emit.h"
#include "util.h"
#include "writer.h"

enum { ROWS = 20000 };

struct seen {
	int bad_thread;
	unsigned char thread_used[EMIT_THREADS];
};

static void
row_threaded(struct writer *w, size_t i, int thread, void *ctx)
{
	struct seen *s = ctx;

	if (thread < 0 || thread >= EMIT_THREADS)
		s->bad_thread = 1;
	else
		s->thread_used[thread] = 1;	/* a byte each: no race */
	writer_int(w, (long long)i);
	writer_int(w, (long long)(i * i % 97));
	writer_end(w);
}

static void
row_plain(struct writer *w, size_t i, void *ctx)
{
	(void)ctx;
	writer_int(w, (long long)i);
	writer_int(w, (long long)(i * i % 97));
	writer_end(w);
}

static char *
contents(struct writer *w)
{
	size_t len;
	const char *bytes = writer_contents(w, &len);

	return xstrndup(bytes, len);
}

int
main(void)
{
	struct out_options opt = { ',', false, false, -1 };
	struct writer *loop = writer_open_memory(&opt);
	struct writer *threaded = writer_open_memory(&opt);
	struct writer *plain = writer_open_memory(&opt);
	struct seen seen;
	char *want, *got, *got_plain;
	size_t i;

	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < ROWS; i++)
		row_plain(loop, i, NULL);
	emit_rows_threaded(threaded, ROWS, row_threaded, &seen);
	emit_rows(plain, ROWS, row_plain, NULL);
	want = contents(loop);
	got = contents(threaded);
	got_plain = contents(plain);
	CHECK(strcmp(want, got) == 0, "emit_rows_threaded: the bytes of a "
	    "plain loop");
	CHECK(strcmp(want, got_plain) == 0, "emit_rows: the same");
	CHECK(!seen.bad_thread && seen.thread_used[0], "thread numbers from "
	    "0 to EMIT_THREADS - 1");
	free(want);
	free(got);
	free(got_plain);
	writer_close(loop);
	writer_close(threaded);
	writer_close(plain);
	return check_done();
}
