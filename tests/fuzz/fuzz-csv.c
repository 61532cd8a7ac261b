/*
 * fuzz-csv.c: the CSV reader (reader.c), fast path against libcsv.
 *
 * The first byte of the input chooses the options (delimiter, -N, a small
 * field cap, GBK input, the batch interface, reading ahead, and padding
 * that moves the rest of the input across the end of the first 1 MiB
 * chunk); the rest is the file. The file is read twice: as the tools read
 * it (quote-free lines split in place) and with libcsv parsing every byte
 * (CRM_PARSER=libcsv). Both readings must give the same records, or stop
 * with the same error at the same place. How many records were handed out
 * before an error may differ: the two parse different spans of a chunk at
 * once (the fast path keeps a line without its end for the next chunk),
 * and a tool that stops exits 1 whatever it had read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "reader.h"

void *__real_realloc(void *, size_t);
void __real_free(void *);

enum {
	OPT_NO_HEADER = 1 << 2,
	OPT_SMALL_FIELDS = 1 << 3,
	OPT_GBK = 1 << 4,
	OPT_BATCH = 1 << 5,
	OPT_AHEAD = 1 << 6,
	OPT_PAD = 1 << 7,
	CHUNK = 1 << 20
};

/* What a reading gave: its records in one text, and how it ended. */
struct outcome {
	char *text;	/* kept out of the harness's record: it outlives a stop */
	size_t len, cap;
	unsigned long long records;
	bool stopped;
	char message[sizeof(fuzz_message)];
};

struct reading {
	const uint8_t *data;
	size_t size;
	struct csv_options opt;
	unsigned flags;
	struct outcome *out;
};

static void
put(struct outcome *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		while (o->len + n > o->cap)
			o->cap = o->cap ? 2 * o->cap : 1 << 16;
		if ((o->text = __real_realloc(o->text, o->cap)) == NULL)
			abort();
	}
	memcpy(o->text + o->len, p, n);
	o->len += n;
}

static void
put_record(struct outcome *o, const struct record *rec)
{
	char line[64];
	size_t i;

	put(o, line, (size_t)snprintf(line, sizeof(line), "%llu %zu:",
	    rec->recno, rec->nfields));
	for (i = 0; i < rec->nfields; i++) {
		if (strlen(rec->fields[i].s) != rec->fields[i].len)
			fuzz_fail("record %llu field %zu: length %zu, but a "
			    "NUL at %zu", rec->recno, i + 1,
			    rec->fields[i].len, strlen(rec->fields[i].s));
		put(o, line, (size_t)snprintf(line, sizeof(line), " %zu=",
		    rec->fields[i].len));
		put(o, rec->fields[i].s, rec->fields[i].len);
	}
	put(o, "\n", 1);
	o->records++;
}

static void
read_all(void *arg)
{
	struct reading *g = arg;
	struct reader *r;
	const struct record *rec;
	size_t n, i;
	char *files[1] = { "-" };

	fuzz_stdin(g->data, g->size);
	r = reader_open(files, 1, &g->opt);
	put_record(g->out, reader_header(r));
	if (g->flags & (OPT_BATCH | OPT_AHEAD)) {
		for (;;) {
			if (g->flags & OPT_AHEAD)
				reader_read_ahead(r);
			if ((rec = reader_next_batch(r, &n)) == NULL)
				break;
			for (i = 0; i < n; i++)
				put_record(g->out, &rec[i]);
		}
	} else
		while ((rec = reader_next(r)) != NULL)
			put_record(g->out, rec);
	reader_close(r);
}

/* Filler lines, then the file, which starts pad bytes before the chunk end. */
static uint8_t *
padded(const uint8_t *data, size_t size, unsigned pad, size_t *newsize)
{
	static uint8_t filler[CHUNK];
	size_t fill = CHUNK - pad, i;
	uint8_t *p = malloc(fill + size);

	/* Long lines, so that the filler costs few records and fields. */
	if (filler[0] == 0)
		for (i = 0; i < CHUNK; i++)
			filler[i] = i % 4096 == 4095 ? '\n' : 'a' + i % 26;
	memcpy(p, filler, fill);
	p[fill - 1] = '\n';
	memcpy(p + fill, data, size);
	*newsize = fill + size;
	return p;
}

static void
run(struct reading *g, bool reference, struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	g->opt.reference_parser = reference;
	g->out = out;
	out->stopped = !fuzz_run(read_all, g);
	if (out->stopped)
		snprintf(out->message, sizeof(out->message), "%s",
		    fuzz_message);
}

static size_t
first_difference(const struct outcome *a, const struct outcome *b)
{
	size_t i, n = a->len < b->len ? a->len : b->len;

	for (i = 0; i < n && a->text[i] == b->text[i]; i++)
		;
	return i;
}

static void
compare(const struct outcome *fast, const struct outcome *lib)
{
	size_t at;

	if (fast->stopped != lib->stopped || strcmp(fast->message,
	    lib->message) != 0)
		fuzz_fail("the fast path %s '%s', libcsv %s '%s'",
		    fast->stopped ? "stops with" : "ends", fast->message,
		    lib->stopped ? "stops with" : "ends", lib->message);
	if (fast->stopped)
		return;
	if (fast->len != lib->len || (fast->len > 0 && memcmp(fast->text,
	    lib->text, fast->len) != 0)) {
		at = first_difference(fast, lib);
		at = at > 40 ? at - 40 : 0;
		fuzz_fail("records differ (%llu against %llu) near byte %zu:\n"
		    "fast:   %.120s\nlibcsv: %.120s", fast->records,
		    lib->records, at, fast->text + at, lib->text + at);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delimiters[] = ",;\t|";
	struct reading g;
	struct outcome fast, lib;
	uint8_t *pad = NULL;
	unsigned flags;

	if (size < 2)
		return 0;
	flags = data[0];
	memset(&g, 0, sizeof(g));
	g.flags = flags;
	g.opt.delimiter = delimiters[flags & 3];
	g.opt.no_header = flags & OPT_NO_HEADER;
	g.opt.max_field = flags & OPT_SMALL_FIELDS ? 8 : 0;
	g.opt.encoding = flags & OPT_GBK ? "gbk" : NULL;
	g.data = data + 2;
	g.size = size - 2;
	/* Padding costs a megabyte: with all three batch bits (an eighth of
	 * the inputs), and fields of any size, else the filler is the error. */
	if ((flags & (OPT_PAD | OPT_AHEAD | OPT_BATCH | OPT_SMALL_FIELDS)) ==
	    (OPT_PAD | OPT_AHEAD | OPT_BATCH))
		g.data = pad = padded(data + 2, size - 2, data[1], &g.size);
	run(&g, false, &fast);
	run(&g, true, &lib);
	compare(&fast, &lib);
	__real_free(fast.text);
	__real_free(lib.text);
	free(pad);
	return 0;
}
