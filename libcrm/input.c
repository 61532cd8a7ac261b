/* input.c: reading rows, rejecting the unusable ones. */
#include "input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
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

struct input *
input_open_side(const struct common_options *opt, const char *path)
{
	struct common_options strict = *opt;
	char *files[1];

	files[0] = (char *)path;
	strict.rejects = NULL;
	strict.in.no_header = false;
	strict.in.progress = false;
	return input_open(&strict, files, 1);
}

const struct record *
input_header(const struct input *in)
{
	return reader_header(in->reader);
}

const char *
input_ragged(const struct input *in, const struct record *rec, char *buf,
    size_t size)
{
	size_t width = reader_header(in->reader)->nfields;

	if (rec->nfields == width || width == 0)
		return NULL;
	snprintf(buf, size, "ragged row: %zu fields, the header has %zu",
	    rec->nfields, width);
	return buf;
}

const char *
input_no_id(const struct input *in, const struct record *rec, long col,
    char *buf, size_t size)
{
	const char *ragged = input_ragged(in, rec, buf, size);

	if (ragged != NULL)
		return ragged;
	if (rec->fields[col].len != 0)
		return NULL;
	snprintf(buf, size, "empty customer id (%s)", input_column_name(in,
	    col));
	return buf;
}

const struct record *
input_next(struct input *in)
{
	const struct record *rec;
	const char *ragged;
	char reason[80];

	while ((rec = reader_next(in->reader)) != NULL) {
		if ((ragged = input_ragged(in, rec, reason, sizeof(reason))) ==
		    NULL)
			return rec;
		input_reject(in, rec, "%s", ragged);
	}
	return NULL;
}

const struct record *
input_next_batch(struct input *in, size_t *n)
{
	return reader_next_batch(in->reader, n);
}

bool
input_read_ahead(struct input *in)
{
	return reader_read_ahead(in->reader);
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
	size_t i;

	va_start(ap, fmt);
	if (in->rejects == NULL) {
		vrecord_message(rec, fmt, ap);
		va_end(ap);
		exit(EXIT_DATA);
	}
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	writer_fields(in->rejects, rec);
	/* A short row is padded so its reason stands under "reason". */
	for (i = rec->nfields; i < reader_header(in->reader)->nfields; i++)
		writer_empty(in->rejects);
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

const char *
input_column_name(const struct input *in, long col)
{
	return reader_header(in->reader)->fields[col].s;
}

static bool
reject_number(struct input *in, const struct record *rec, long col,
    enum num_status st)
{
	char reason[256];

	input_reject(in, rec, "%s", input_number_reason(input_column_name(in,
	    col), &rec->fields[col], st, reason, sizeof(reason)));
	return false;
}

bool
input_number(struct input *in, const struct record *rec, long col,
    char decimal, double *out)
{
	const struct field *f = &rec->fields[col];
	enum num_status st = number_parse(f->s, f->len, decimal, out);

	return st == NUM_OK || reject_number(in, rec, col, st);
}

bool
input_money(struct input *in, const struct record *rec, long col,
    char decimal, money_t *out)
{
	const struct field *f = &rec->fields[col];
	enum num_status st = money_parse(f->s, f->len, decimal, out);

	return st == NUM_OK || reject_number(in, rec, col, st);
}

const char *
input_number_reason(const char *column, const struct field *f,
    enum num_status status, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s, '%.60s')", status == NUM_RANGE ?
	    "number out of range" : "not a number", column, f->s);
	return buf;
}

const char *
input_date_reason(const char *column, const struct field *f,
    const char *format, enum date_status status, char *buf, size_t size)
{
	if (status == DATE_AMBIGUOUS)
		snprintf(buf, size, "ambiguous date (%s, '%.60s'): day or month "
		    "first? give --date-format, e.g. %%d/%%m/%%Y", column, f->s);
	else
		snprintf(buf, size, "not a date (%s, '%.60s')%s", column, f->s,
		    format ? " for --date-format" : "");
	return buf;
}

bool
input_date(struct input *in, const struct record *rec, long col,
    const char *format, int32_t *day)
{
	const struct field *f = &rec->fields[col];
	enum date_status status = date_parse(f->s, f->len, format, day);
	char reason[256];

	if (status == DATE_OK)
		return true;
	input_reject(in, rec, "%s", input_date_reason(input_column_name(in,
	    col), f, format, status, reason, sizeof(reason)));
	return false;
}
