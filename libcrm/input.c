/* input.c: reading rows, rejecting the unusable ones. */
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

struct input {
	struct reader *reader;
	struct writer *rejects;		/* NULL: strict */
	const char *rejects_path;
	bool quiet;
	unsigned long long rejected;
};

struct input *
input_open(const struct common_options *opt, char **files, size_t nfiles)
{
	struct input *in = xcalloc(1, sizeof(*in));
	const struct record *header;
	struct out_options plain = { ',', false, false, -1 };

	in->reader = reader_open(files, nfiles, &opt->in);
	in->quiet = opt->quiet;
	if (opt->rejects != NULL) {
		in->rejects_path = opt->rejects;
		in->rejects = writer_open(opt->rejects, &plain);
		header = reader_header(in->reader);
		writer_fields(in->rejects, header);
		writer_string(in->rejects, "reason");
		writer_end(in->rejects);
	}
	return in;
}

const struct record *
input_header(const struct input *in)
{
	return reader_header(in->reader);
}

const struct record *
input_next(struct input *in)
{
	const struct record *rec;
	size_t width = reader_header(in->reader)->nfields;

	while ((rec = reader_next(in->reader)) != NULL) {
		if (rec->nfields == width || width == 0)
			return rec;
		input_reject(in, rec, "ragged row: %zu fields, the header has "
		    "%zu", rec->nfields, width);
	}
	return NULL;
}

static void
vrecord_message(const struct record *rec, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (rec->recno > 0)
		fprintf(stderr, "%s: %s:%llu: ", argv0, rec->file, rec->recno);
	else
		fprintf(stderr, "%s: %s: ", argv0, rec->file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
record_warn(const struct record *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord_message(rec, fmt, ap);
	va_end(ap);
}

void
record_die(const struct record *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord_message(rec, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
input_reject(struct input *in, const struct record *rec, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	if (in->rejects == NULL) {
		vrecord_message(rec, fmt, ap);
		va_end(ap);
		exit(EXIT_DATA);
	}
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	writer_fields(in->rejects, rec);
	writer_string(in->rejects, reason);
	writer_end(in->rejects);
	in->rejected++;
}

unsigned long long
input_rows(const struct input *in)
{
	return reader_rows(in->reader);
}

unsigned long long
input_rejected(const struct input *in)
{
	return in->rejected;
}

void
input_close(struct input *in)
{
	if (in->rejects != NULL) {
		writer_close(in->rejects);
		if (!in->quiet || in->rejected > 0)
			warnmsg("%llu of %llu rows rejected, see %s",
			    in->rejected, reader_rows(in->reader),
			    in->rejects_path);
	}
	reader_close(in->reader);
	free(in);
}
