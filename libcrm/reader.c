/*
 * reader.c: streaming CSV input.
 *
 * Bytes are read in large chunks (converted to UTF-8 by iconv when an
 * --encoding is given) and parsed into a batch of records. reader_next()
 * hands the batch out one record at a time and refills it when it runs
 * dry.
 *
 * Most lines of an export hold no quote: such a line is split where it
 * lies, its delimiters and line end overwritten with NULs, so its fields
 * cost no copy (the fast path). A line with a quote, or a CR that does not
 * end it, goes to libcsv, the reference parser, which copies its fields
 * into an arena; libcsv keeps every line until the record it began ends
 * on a line boundary (a quoted field may hold newlines). A line cut by the
 * end of a chunk waits at the start of the next one.
 *
 * There are READER_BUFFERS buffers (chunk, batch and records), used in
 * turn, so that the records of the batches handed out last stay valid
 * while the next chunk is parsed: a thread can read ahead while others
 * work on the batches before. An error found while reading ahead is
 * kept until the caller asks for that batch, so errors are still reported
 * in input order.
 */
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#include "reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "text.h"
#include "util.h"

/* Larger than a chunk, so that a pipe's writer is not woken for each. */
enum { PIPE_SIZE = 1 << 20 };
/*
 * libcsv grows the buffer of the field it collects by a fixed block (128
 * bytes unless set): a 1 MiB field took 8,192 reallocs, each a copy under
 * ASan and valgrind (27 s for one tool on a 100 MB line). The block starts
 * at this and is raised to the buffer's size after each chunk, so the
 * growth is geometric.
 */
enum { LIBCSV_BLOCK = 64 << 10 };


struct batch {
	struct field *fields;	/* the fields of every record below */
	size_t nfields, fields_cap;
	size_t *starts;		/* record i is fields[starts[i]..starts[i+1]) */
	size_t nrecords, starts_cap;
	size_t next;		/* next record to hand out */
	unsigned long long first_recno;
	struct arena text;
	size_t max_field;
	unsigned long long too_large_at;	/* record of a field too large */
	bool checked;		/* its text is valid UTF-8: no check by field */
};

struct progress {
	bool enabled, shown;
	unsigned long long bytes;
	struct timespec start, last;
};

struct reader {
	struct csv_options opt;
	char *const *paths;
	size_t npaths, path_index;
	const char *name;		/* current file, for messages */
	int fd;				/* -1 between files */
	bool at_file_start;
	unsigned long long recno;	/* records completed in this file */
	struct csv_parser parser;
	iconv_t conv;			/* (iconv_t)-1: input is UTF-8 */
	char *raw;			/* unconverted input */
	size_t raw_len;
	unsigned long long raw_offset;	/* raw bytes converted so far */
	bool cut_character;		/* the file ends inside a character */
	bool bad_byte;			/* the input is not valid there: */
	unsigned long long bad_byte_at;	/* its offset in the file */
	struct buffer {
		char *chunk;		/* READER_CHUNK bytes and a NUL */
		struct batch batch;
		struct record *records;	/* reader_next_batch() */
		size_t records_cap;
	} buf[READER_BUFFERS];
	int parsing;			/* the buffer of the latest chunk */
	int handed;			/* the buffer handed out, or -1 */
	struct arena spare;		/* for fields carried between batches */
	size_t filled;			/* bytes of the file in the chunk */
	size_t parsed;			/* of which parsed; the rest waits */
	bool in_libcsv;			/* libcsv is inside a record */
	struct record header;
	struct arena header_text;
	const char *first_name;		/* file the header came from */
	struct record current;
	unsigned long long rows;
	struct progress progress;
	/* reader_read_ahead() */
	bool reading_ahead, ahead;
	jmp_buf on_failure;
	char failure[PATH_MAX + 512];
	const struct record *ahead_records;
	size_t ahead_count;
};

static bool next_batch(struct reader *r);
static void check_parsed(struct reader *r, unsigned long long before);
static void check_header_names(struct reader *r, const struct record *h);
static bool later_header(struct reader *r, const struct record *rec);

static struct batch *
parsing_batch(struct reader *r)
{
	return &r->buf[r->parsing].batch;
}

/* libcsv callbacks */

static void
push_field(struct batch *b, const char *s, size_t len)
{
	struct field *f;

	if (b->nfields == b->fields_cap) {
		b->fields_cap = grow_capacity(b->fields_cap, b->nfields + 1);
		b->fields = xreallocarray(b->fields, b->fields_cap,
		    sizeof(*b->fields));
	}
	f = &b->fields[b->nfields++];
	f->s = arena_strndup(&b->text, s, len);
	f->len = len;
}

/* A field of the fast path: it stays where it is, NUL-terminated. */
static void
push_field_in_place(struct batch *b, char *s, size_t len)
{
	struct field *f;

	if (b->nfields == b->fields_cap) {
		b->fields_cap = grow_capacity(b->fields_cap, b->nfields + 1);
		b->fields = xreallocarray(b->fields, b->fields_cap,
		    sizeof(*b->fields));
	}
	s[len] = '\0';
	f = &b->fields[b->nfields++];
	f->s = s;
	f->len = len;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct batch *b = data;

	if (len > b->max_field) {
		if (b->too_large_at == 0)
			b->too_large_at = b->first_recno + b->nrecords;
		len = 0;
	}
	push_field(b, len ? s : "", len);
}

static void
on_record(int terminator, void *data)
{
	struct batch *b = data;

	(void)terminator;
	if (b->nrecords + 2 > b->starts_cap) {
		b->starts_cap = grow_capacity(b->starts_cap, b->nrecords + 2);
		b->starts = xreallocarray(b->starts, b->starts_cap,
		    sizeof(*b->starts));
	}
	b->starts[++b->nrecords] = b->nfields;
}

/*
 * Start batch to, keeping the fields of the record that batch from has
 * begun and not finished (to may be from). The fields are copied to the
 * spare arena, which then becomes the text of batch to.
 */
static void
batch_reset(struct arena *spare, struct batch *to, const struct batch *from,
    unsigned long long first_recno)
{
	size_t pending = from->starts[from->nrecords];
	size_t n = from->nfields - pending, i;
	struct arena swap;

	arena_reset(spare);
	if (to->fields_cap < n) {
		to->fields_cap = grow_capacity(to->fields_cap, n);
		to->fields = xreallocarray(to->fields, to->fields_cap,
		    sizeof(*to->fields));
	}
	for (i = 0; i < n; i++) {
		to->fields[i].len = from->fields[pending + i].len;
		to->fields[i].s = arena_strndup(spare,
		    from->fields[pending + i].s, to->fields[i].len);
	}
	swap = to->text;
	to->text = *spare;
	*spare = swap;
	to->nfields = n;
	to->nrecords = 0;
	to->starts[0] = 0;
	to->next = 0;
	to->first_recno = first_recno;
}

/* Errors */

/* Stop with a message, or keep it for later when reading ahead. */
static _Noreturn void __attribute__((format(printf, 2, 3)))
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->failure, sizeof(r->failure), fmt, ap);
	va_end(ap);
	if (r->reading_ahead)
		longjmp(r->on_failure, 1);
	die("%s", r->failure);
}

static _Noreturn void
die_at(struct reader *r, unsigned long long recno, const char *what)
{
	fail(r, "%s:%llu: %s", r->name, recno, what);
}

/*
 * A structural error found while parsing. The records parsed before it
 * in this batch are checked first: the first bad record is the one to
 * report, whichever of them the parser had already passed.
 */
static _Noreturn void
die_parsing(struct reader *r, unsigned long long recno, const char *what)
{
	check_parsed(r, recno);
	die_at(r, recno, what);
}

static _Noreturn void
die_too_large(struct reader *r, unsigned long long recno)
{
	check_parsed(r, recno);
	fail(r, "%s:%llu: field too large (more than %zu bytes; unterminated "
	    "quote? --max-field-size raises the limit)", r->name, recno,
	    r->opt.max_field);
}

/* Progress on stderr */

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
show_progress(struct reader *r, bool final)
{
	struct progress *p = &r->progress;
	struct timespec now;
	double elapsed;

	if (!p->enabled)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!final && seconds_between(&p->last, &now) < 1.0)
		return;
	if (final && !p->shown)
		return;
	p->last = now;
	p->shown = true;
	elapsed = seconds_between(&p->start, &now);
	fprintf(stderr, "\r%s: %llu rows, %.1f MB, %.1f MB/s%s", argv0,
	    r->rows, p->bytes / 1e6,
	    elapsed > 0 ? p->bytes / 1e6 / elapsed : 0.0, final ? "\n" : "");
}

/* Files */

/* libcsv trims blanks around unquoted fields unless told none are. */
static int
no_blanks(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * A pipe holds 64 KiB unless told otherwise, so 1 MiB of input took
 * sixteen reads, each a switch to the writing process and back; at 1 MiB,
 * `cat orders.csv | crm-rfm` spends a quarter less system time. Best
 * effort: a pipe that may not grow is read as it is.
 */
static void
widen_pipe(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE);
}

static void
open_file(struct reader *r, const char *path)
{
	if (strcmp(path, "-") == 0) {
		r->name = "stdin";
		r->fd = STDIN_FILENO;
	} else {
		r->name = path;
		if ((r->fd = open(path, O_RDONLY)) == -1)
			fail(r, "%s: %s", path, strerror(errno));
	}
	widen_pipe(r->fd);
	r->at_file_start = true;
	r->recno = 0;
	r->raw_len = 0;
	r->raw_offset = 0;
	r->cut_character = false;
	r->bad_byte = false;
	r->filled = r->parsed = 0;
	r->in_libcsv = false;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		fail(r, "out of memory (csv parser)");
	csv_set_delim(&r->parser, (unsigned char)r->opt.delimiter);
	csv_set_space_func(&r->parser, no_blanks);
	csv_set_blk_size(&r->parser, LIBCSV_BLOCK);
}

static bool
open_next_file(struct reader *r)
{
	if (r->path_index == r->npaths)
		return false;
	open_file(r, r->paths[r->path_index++]);
	return true;
}

static size_t
read_some(struct reader *r, char *buf, size_t cap)
{
	ssize_t n;

	do
		n = read(r->fd, buf, cap);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		fail(r, "%s: read error: %s", r->name, strerror(errno));
	return (size_t)n;
}

/* At least want bytes at buf (fewer only at the end of the file). */
static size_t
read_at_least(struct reader *r, char *buf, size_t cap, size_t want)
{
	size_t got = 0, n;

	do {
		n = read_some(r, buf + got, cap - got);
		got += n;
	} while (n > 0 && got < want);
	return got;
}

static bool
has_prefix(const char *buf, size_t len, const char *prefix, size_t plen)
{
	return len >= plen && memcmp(buf, prefix, plen) == 0;
}

/* Refuse UTF-16/32 by byte-order mark; strip a UTF-8 one. Returns skip. */
static size_t
check_byte_order_mark(struct reader *r, const char *buf, size_t len)
{
	if (has_prefix(buf, len, "\0\0\xfe\xff", 4) ||
	    has_prefix(buf, len, "\xff\xfe", 2) ||
	    has_prefix(buf, len, "\xfe\xff", 2))
		fail(r, "%s: input is UTF-16 or UTF-32 (byte-order mark); "
		    "convert it first, e.g. iconv -f UTF-16 -t UTF-8 %s", r->name,
		    r->fd == STDIN_FILENO ? "FILE" : r->name);
	if (r->conv == (iconv_t)-1 && has_prefix(buf, len, "\xef\xbb\xbf", 3))
		return 3;
	return 0;
}

/* Convert r->raw into buf; keep an incomplete sequence for next time. */
static size_t
convert_raw(struct reader *r, char *buf, size_t cap, bool at_eof)
{
	char *in = r->raw, *out = buf;
	size_t inleft = r->raw_len, outleft = cap;

	if (iconv(r->conv, &in, &inleft, &out, &outleft) == (size_t)-1) {
		/* Both reported once the text before them is read. */
		if (errno == EILSEQ && !r->bad_byte) {
			r->bad_byte = true;
			r->bad_byte_at = r->raw_offset +
			    (unsigned long long)(in - r->raw);
		}
		if (errno == EINVAL && at_eof)
			r->cut_character = true;
	}
	r->raw_offset += (unsigned long long)(in - r->raw);
	memmove(r->raw, in, inleft);
	r->raw_len = inleft;
	return cap - outleft;
}

/*
 * Make buffer to the one parsed next: its batch keeps the record begun in
 * the last, its chunk starts with the unparsed end of the last chunk.
 */
static void
start_batch(struct reader *r, int to)
{
	struct buffer *from = &r->buf[r->parsing];
	size_t carry = r->filled - r->parsed;

	batch_reset(&r->spare, &r->buf[to].batch, &from->batch, r->recno + 1);
	/* A record libcsv has begun brings text of the last chunk along. */
	r->buf[to].batch.checked = from->batch.checked || !r->in_libcsv;
	memmove(r->buf[to].chunk, from->chunk + r->parsed, carry);
	r->filled = carry;
	r->parsed = 0;
	r->parsing = to;
}

static void feed_libcsv(struct reader *r, const char *buf, size_t len);
static void check_chunk_text(struct reader *r, bool at_eof);

/*
 * Stop at a byte that is not valid in the encoding, after the text before
 * it: the line the fast path kept for the next chunk goes to libcsv (as
 * it would have without the fast path), and the records parsed are
 * checked, so an error there is reported first.
 */
static _Noreturn void
fail_conversion(struct reader *r)
{
	check_chunk_text(r, true);	/* else its records' text goes unchecked */
	if (r->filled > r->parsed)
		feed_libcsv(r, r->buf[r->parsing].chunk + r->parsed,
		    r->filled - r->parsed);
	check_parsed(r, ULLONG_MAX);
	fail(r, "%s: byte %llu: not valid %s", r->name, r->bad_byte_at,
	    r->opt.encoding);
}

/* Read more after the unparsed bytes. Returns them, 0 at the end. */
static size_t
fill_chunk(struct reader *r)
{
	size_t carry = r->filled, n, skip = 0;
	size_t want = r->at_file_start ? 4 : 1, room = READER_CHUNK - carry;
	char *at = r->buf[r->parsing].chunk + carry;

	if (r->conv == (iconv_t)-1) {
		n = read_at_least(r, at, room, want);
		if (r->at_file_start)
			skip = check_byte_order_mark(r, at, n);
	} else {
		size_t raw_room = READER_CHUNK / 2 - r->raw_len;

		if (r->bad_byte)
			fail_conversion(r);
		n = read_at_least(r, r->raw + r->raw_len, raw_room, want);
		if (r->at_file_start)
			check_byte_order_mark(r, r->raw, n);
		r->raw_len += n;
		n = convert_raw(r, at, room, n == 0);
		if (n == 0 && r->bad_byte)
			fail_conversion(r);
		if (n == 0 && r->raw_len > 0 && !r->cut_character)
			fail(r, "%s: cannot convert from %s", r->name,
			    r->opt.encoding);
		/* GB18030 and UTF-16 have byte-order marks of their own. */
		if (r->at_file_start && has_prefix(at, n, "\xef\xbb\xbf", 3))
			skip = 3;
	}
	r->at_file_start = false;
	r->progress.bytes += n;
	r->filled += n;
	r->parsed += skip;
	return n;
}

/*
 * libcsv has no call for where it stands, so these two read its parser
 * struct: pstate is 0 (ROW_NOT_BEGUN in libcsv.c) between records, and
 * entry_pos is the length of the field it is collecting. They are the only
 * places that do; tests/libcrm/test-reader.c checks both against libcsv
 * itself, so a libcsv that changes them fails the tests, not the reader.
 */
bool
libcsv_mid_record(const struct csv_parser *p)
{
	return p->pstate != 0;
}

size_t
libcsv_field_bytes(const struct csv_parser *p)
{
	return p->entry_pos;
}

static void
feed_libcsv(struct reader *r, const char *buf, size_t len)
{
	struct batch *b = parsing_batch(r);
	size_t done;

	done = csv_parse(&r->parser, buf, len, on_field, on_record, b);
	if (csv_get_buffer_size(&r->parser) > LIBCSV_BLOCK)
		csv_set_blk_size(&r->parser,
		    csv_get_buffer_size(&r->parser));
	r->recno = b->first_recno - 1 + b->nrecords;
	if (b->too_large_at != 0)
		die_too_large(r, b->too_large_at);
	if (libcsv_field_bytes(&r->parser) > r->opt.max_field)
		die_too_large(r, r->recno + 1);
	if (done < len)
		die_parsing(r, r->recno + 1, csv_error(&r->parser) ==
		    CSV_EPARSE ? "malformed quotes (a quote inside an "
		    "unquoted field, or text after a closing quote)" :
		    csv_strerror(csv_error(&r->parser)));
	r->in_libcsv = libcsv_mid_record(&r->parser);
}

/* The fast path */

typedef unsigned char bytes16 __attribute__((vector_size(16)));

/*
 * Bit i is set when p[i] is the delimiter, a quote, a CR or a newline:
 * where the fast path stops, found 16 bytes at a time. The compiler's
 * vectors compare the 16 bytes at once on any machine that has vectors.
 * Each byte that matched is weighted by its bit in the mask, and each
 * half's 8 weights are added by one multiplication: no two weights share
 * a bit, so nothing carries.
 */
static unsigned
stops16(const char *p, char delimiter)
{
	static const bytes16 weight = { 1, 2, 4, 8, 16, 32, 64, 128,
	    1, 2, 4, 8, 16, 32, 64, 128 };
	const uint64_t add_bytes = 0x0101010101010101ull;
	bytes16 v, hit;
	uint64_t half[2];

	memcpy(&v, p, sizeof(v));
	hit = (bytes16)((v == (unsigned char)delimiter) | (v == '"') |
	    (v == '\r') | (v == '\n')) & weight;
	memcpy(half, &hit, sizeof(half));
	return (unsigned)((half[0] * add_bytes) >> 56 |
	    (half[1] * add_bytes) >> 56 << 8);
}

/* The stops of [p, end), at most 16 bytes; no byte past end is read. */
static unsigned
stops_before(const char *p, const char *end, char delimiter)
{
	char tail[16] = { 0 };
	size_t n = (size_t)(end - p);

	if (n >= 16)
		return stops16(p, delimiter);
	memcpy(tail, p, n);
	return stops16(tail, delimiter) & ((1u << n) - 1);
}

/* Give back the fields of a line that goes to libcsv after all. */
static char *
back_out(struct batch *b, size_t line_fields, char delimiter, char *line)
{
	size_t i;

	for (i = line_fields; i < b->nfields; i++)
		line[b->fields[i].s + b->fields[i].len - line] = delimiter;
	b->nfields = line_fields;
	return line;
}

/* The field [field, q) of the record being split, in place. */
static void
take_field(struct reader *r, char *field, char *q)
{
	if ((size_t)(q - field) > r->opt.max_field)
		die_too_large(r, r->recno + 1);
	push_field_in_place(parsing_batch(r), field, (size_t)(q - field));
}

/* The line's last field ends at q; a blank line is not a record. */
static void
end_line(struct reader *r, size_t line_fields, char *field, char *q)
{
	struct batch *b = parsing_batch(r);

	if (b->nfields == line_fields && q == field)
		return;
	take_field(r, field, q);
	on_record('\n', b);
	r->recno++;
}

/*
 * Split the lines of [p, end) where they lie, their delimiters and line
 * ends overwritten with NULs, up to a line that needs libcsv (a quote, or
 * a CR that does not end it) or the part line at the end; when final,
 * that part line is the file's last line and taken. Returns where it
 * stopped.
 */
static char *
split_lines(struct reader *r, char *p, char *end, bool final)
{
	struct batch *b = parsing_batch(r);
	const char delimiter = r->opt.delimiter;
	char *line = p, *field = p, *block, *q;
	size_t line_fields = b->nfields;
	unsigned stops;

	for (block = p; block < end; block += 16) {
		stops = stops_before(block, end, delimiter);
		for (; stops != 0; stops &= stops - 1) {
			q = block + __builtin_ctz(stops);
			if (q < field)
				continue;	/* the LF of a CRLF taken */
			if (*q == delimiter) {
				take_field(r, field, q);
				field = q + 1;
				continue;
			}
			if (*q == '"' || (*q == '\r' && (q + 1 == end ||
			    q[1] != '\n')))
				return back_out(b, line_fields, delimiter,
				    line);
			end_line(r, line_fields, field, q);
			line = field = q + (*q == '\r' ? 2 : 1);
			line_fields = b->nfields;
		}
	}
	if (!final || line == end)
		return back_out(b, line_fields, delimiter, line);
	end_line(r, line_fields, field, end);
	return end;
}

/*
 * Parse the complete lines of the chunk; at the end of the file the last
 * line too. A part line bigger than half the chunk goes to libcsv now
 * rather than wait for more room.
 */
static void
parse_chunk(struct reader *r, bool at_eof)
{
	char *chunk = r->buf[r->parsing].chunk;
	char *p = chunk + r->parsed, *end = chunk + r->filled, *nl;

	if (r->opt.reference_parser) {
		feed_libcsv(r, p, (size_t)(end - p));
		r->parsed = r->filled;
		return;
	}
	for (;;) {
		if (!r->in_libcsv)
			p = split_lines(r, p, end, at_eof);
		if (p == end || (nl = memchr(p, '\n', (size_t)(end - p))) ==
		    NULL)
			break;
		feed_libcsv(r, p, (size_t)(nl + 1 - p));
		p = nl + 1;
	}
	if (p < end && (at_eof || end - p > READER_CHUNK / 2))
		feed_libcsv(r, p, (size_t)(end - p));
	else
		end = p;
	r->parsed = (size_t)(end - chunk);
}

static void
finish_file(struct reader *r)
{
	struct batch *b = parsing_batch(r);

	if (csv_fini(&r->parser, on_field, on_record, b) != 0)
		die_parsing(r, r->recno + 1, "unterminated quoted field");
	if (b->too_large_at != 0)
		die_too_large(r, b->too_large_at);
	r->recno = b->first_recno - 1 + b->nrecords;
	if (r->cut_character) {
		check_parsed(r, ULLONG_MAX);
		fail(r, "%s: incomplete %s character at the end of the file",
		    r->name, r->opt.encoding);
	}
	csv_free(&r->parser);
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
	if (r->recno == 0 && !r->opt.no_header)
		fail(r, "%s: empty input (no header line; -N reads a file "
		    "without one)", r->name);
}

/*
 * Most exports are valid UTF-8 throughout (ASCII, or Chinese names in
 * UTF-8): one look at the chunk then spares checking its fields one by
 * one (before parsing, which writes NULs). The look must cover the text
 * parsed now: the complete lines. An incomplete character at the end of
 * the chunk is in the part line that waits for the next chunk, and is
 * looked at there; when that part line is parsed now (at the end of the
 * input, or a line longer than half a chunk), each field is checked.
 */
static void
check_chunk_text(struct reader *r, bool at_eof)
{
	struct batch *b = parsing_batch(r);
	const char *text = r->buf[r->parsing].chunk + r->parsed;
	size_t len = r->filled - r->parsed, lines = len, bad;

	if (!b->checked || (bad = utf8_invalid_at(text, len)) == len)
		return;
	while (lines > 0 && text[lines - 1] != '\n')
		lines--;
	b->checked = bad >= lines && !at_eof &&
	    len - lines <= READER_CHUNK / 2 &&
	    !r->opt.reference_parser;
}

/*
 * Parse more input into a fresh batch, in the buffer not handed out.
 * False when every file is done. A batch holds the records of one chunk
 * of one file.
 */
static bool
next_batch(struct reader *r)
{
	int to = r->parsing == r->handed ? (r->parsing + 1) % READER_BUFFERS :
	    r->parsing;
	size_t n;

	for (;;) {
		if (r->fd == -1 && !open_next_file(r))
			return false;
		start_batch(r, to);
		n = fill_chunk(r);
		check_chunk_text(r, n == 0);
		parse_chunk(r, n == 0);
		if (n == 0)
			finish_file(r);
		show_progress(r, false);
		if (parsing_batch(r)->nrecords > 0)
			return true;
	}
}

/* Records */

/*
 * Does s[0..len) (text that is not UTF-8) read as GBK/GB18030 Chinese?
 * Every byte from 0x80 up must start a GBK pair (lead 0x81-0xFE, trail
 * 0x40-0xFE but 0x7F) or a GB18030 four-byte sequence, and at least half
 * of the pairs must lie where hanzi and Chinese punctuation do (both
 * bytes 0xA1 or above): Latin-1 text such as "M\xfcller" forms pairs too,
 * but with a low second byte.
 */
static bool
reads_as_gbk(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, pairs = 0, chinese = 0;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] == 0x80 || s[i] == 0xFF || i + 1 == len)
			return false;
		if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
			if (i + 3 >= len || s[i + 2] < 0x81 || s[i + 2] == 0xFF ||
			    s[i + 3] < 0x30 || s[i + 3] > 0x39)
				return false;
			i += 4;
			continue;
		}
		if (s[i + 1] < 0x40 || s[i + 1] == 0x7F || s[i + 1] == 0xFF)
			return false;
		pairs++;
		chinese += s[i] >= 0xA1 && s[i + 1] >= 0xA1;
		i += 2;
	}
	return pairs > 0 && 2 * chinese >= pairs;
}

static void
check_text(struct reader *r, const struct record *rec)
{
	char msg[160];
	size_t i, bad;

	for (i = 0; i < rec->nfields; i++) {
		const struct field *f = &rec->fields[i];

		if ((bad = utf8_invalid_at(f->s, f->len)) == f->len)
			continue;
		if (f->s[bad] == '\0')
			snprintf(msg, sizeof(msg), "NUL byte in field %zu: is "
			    "the file UTF-16 or UTF-32? convert it with "
			    "iconv -f UTF-16 -t UTF-8", i + 1);
		else if (reads_as_gbk(f->s + bad, f->len - bad))
			snprintf(msg, sizeof(msg), "invalid UTF-8 in field %zu "
			    "(byte %zu), but it reads as GBK Chinese: use "
			    "--encoding gbk (or gb18030)", i + 1, bad + 1);
		else
			snprintf(msg, sizeof(msg), "invalid UTF-8 in field %zu "
			    "(byte %zu); if the file is Latin-1 or Windows-1252, "
			    "use --encoding latin1 or cp1252 (GBK: --encoding "
			    "gbk)", i + 1, bad + 1);
		die_at(r, rec->recno, msg);
	}
}

/* Record i of batch b, of the file being read. */
static void
batch_record(const struct reader *r, const struct batch *b, size_t i,
    struct record *rec)
{
	rec->fields = &b->fields[b->starts[i]];
	rec->nfields = b->starts[i + 1] - b->starts[i];
	rec->recno = b->first_recno + i;
	rec->file = r->name;
}

/* Hand out the next record of batch b into rec, its text checked. */
static void
take_record(struct reader *r, struct batch *b, struct record *rec)
{
	batch_record(r, b, b->next++, rec);
	if (!b->checked)
		check_text(r, rec);
}

/*
 * Check the records parsed and not handed out before record before: their
 * text, and a header's names.
 */
static void
check_parsed(struct reader *r, unsigned long long before)
{
	struct batch *b = parsing_batch(r);
	struct record rec;
	size_t i;

	for (i = b->next; i < b->nrecords && b->first_recno + i < before;
	    i++) {
		batch_record(r, b, i, &rec);
		if (!b->checked)
			check_text(r, &rec);
		if (rec.recno == 1 && !r->opt.no_header) {
			if (r->header.fields == NULL)
				check_header_names(r, &rec);
			else
				later_header(r, &rec);
		}
	}
}

/* The next record of any file, headers included. */
static const struct record *
next_raw(struct reader *r)
{
	struct batch *b = parsing_batch(r);

	if (b->next == b->nrecords) {
		if (!next_batch(r))
			return NULL;
		b = parsing_batch(r);
	}
	take_record(r, b, &r->current);
	return &r->current;
}

struct named_column {
	const char *name;
	size_t index;
};

static int
compare_named_columns(const void *a, const void *b)
{
	const struct named_column *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * No empty and no repeated names: the first column (from the left) that
 * is empty or repeats an earlier name is reported. Sorted, so that a
 * header of 100,000 columns is checked in n log n, not n^2.
 */
static void
check_header_names(struct reader *r, const struct record *h)
{
	struct named_column *cols;
	size_t i, empty = h->nfields, second = h->nfields, first = 0;
	char msg[200];

	for (i = 0; i < h->nfields && empty == h->nfields; i++)
		if (h->fields[i].len == 0)
			empty = i;
	cols = xreallocarray(NULL, h->nfields ? h->nfields : 1,
	    sizeof(*cols));
	for (i = 0; i < h->nfields; i++)
		cols[i] = (struct named_column){ h->fields[i].s, i };
	qsort(cols, h->nfields, sizeof(*cols), compare_named_columns);
	for (i = 1; i < h->nfields; i++)
		if (strcmp(cols[i].name, cols[i - 1].name) == 0 &&
		    (i < 2 || strcmp(cols[i].name, cols[i - 2].name) != 0) &&
		    cols[i].index < second) {
			second = cols[i].index;
			first = cols[i - 1].index;
		}
	free(cols);
	if (empty < second) {
		snprintf(msg, sizeof(msg), "empty column name (column %zu); "
		    "name it, or use -N", empty + 1);
		die_at(r, 1, msg);
	}
	if (second < h->nfields) {
		snprintf(msg, sizeof(msg), "duplicate column name '%.80s' "
		    "(columns %zu and %zu)", h->fields[second].s, first + 1,
		    second + 1);
		die_at(r, 1, msg);
	}
}

void
record_copy(struct record *to, const struct record *from, struct arena *a)
{
	size_t i;

	*to = *from;
	to->fields = arena_alloc(a, (from->nfields ? from->nfields : 1) *
	    sizeof(*to->fields));
	for (i = 0; i < from->nfields; i++) {
		to->fields[i].len = from->fields[i].len;
		to->fields[i].s = arena_strndup(a, from->fields[i].s,
		    from->fields[i].len);
	}
}

static void
keep_header(struct reader *r, const struct record *rec)
{
	record_copy(&r->header, rec, &r->header_text);
	r->header.recno = 1;
	r->header.file = r->first_name = r->name;
}

/* With -N: columns are "1", "2", ... as wide as the first record. */
static void
number_columns(struct reader *r, size_t ncolumns)
{
	char name[24];
	size_t i;

	r->header.nfields = ncolumns;
	r->header.fields = arena_alloc(&r->header_text, (ncolumns ? ncolumns :
	    1) * sizeof(struct field));
	r->header.recno = 0;
	r->header.file = r->first_name = r->name;
	for (i = 0; i < ncolumns; i++) {
		r->header.fields[i].len = (size_t)snprintf(name, sizeof(name),
		    "%zu", i + 1);
		r->header.fields[i].s = arena_strndup(&r->header_text, name,
		    r->header.fields[i].len);
	}
}

static bool
same_header(const struct record *a, const struct record *b)
{
	size_t i;

	if (a->nfields != b->nfields)
		return false;
	for (i = 0; i < a->nfields; i++)
		if (a->fields[i].len != b->fields[i].len ||
		    memcmp(a->fields[i].s, b->fields[i].s, a->fields[i].len))
			return false;
	return true;
}

static void
buffer_init(struct buffer *b, size_t max_field)
{
	b->chunk = xmalloc(READER_CHUNK + 1);
	b->batch.max_field = max_field;
	b->batch.starts = xcalloc(b->batch.starts_cap = 16, sizeof(size_t));
	arena_init(&b->batch.text, READER_CHUNK);
}

static void
buffer_free(struct buffer *b)
{
	arena_free(&b->batch.text);
	free(b->batch.fields);
	free(b->batch.starts);
	free(b->records);
	free(b->chunk);
}

struct reader *
reader_open(char *const *files, size_t nfiles, const struct csv_options *opt)
{
	static char *const standard_input[] = { "-" };
	struct reader *r = xcalloc(1, sizeof(*r));
	const struct record *first;
	int i;

	r->opt = *opt;
	if (r->opt.max_field == 0)
		r->opt.max_field = CSV_DEFAULT_MAX_FIELD;
	r->paths = nfiles ? files : standard_input;
	r->npaths = nfiles ? nfiles : 1;
	r->fd = -1;
	r->conv = (iconv_t)-1;
	if (opt->encoding && !ascii_iequal(opt->encoding, strlen(opt->encoding),
	    "utf-8", 5) && !ascii_iequal(opt->encoding, strlen(opt->encoding),
	    "utf8", 4)) {
		if ((r->conv = iconv_open("UTF-8", opt->encoding)) ==
		    (iconv_t)-1)
			die_usage("unsupported encoding '%s'", opt->encoding);
		r->raw = xmalloc(READER_CHUNK / 2);
	}
	for (i = 0; i < READER_BUFFERS; i++)
		buffer_init(&r->buf[i], r->opt.max_field);
	r->handed = -1;
	arena_init(&r->spare, READER_CHUNK);
	arena_init(&r->header_text, 4096);
	r->progress.enabled = opt->progress;
	clock_gettime(CLOCK_MONOTONIC, &r->progress.start);
	r->progress.last = r->progress.start;

	first = next_raw(r);
	r->handed = r->parsing;
	if (r->opt.no_header) {
		number_columns(r, first ? first->nfields : 0);
		if (first)
			parsing_batch(r)->next--; /* hand it out as data */
	} else {
		keep_header(r, first);
		check_header_names(r, &r->header);
	}
	return r;
}

const struct record *
reader_header(const struct reader *r)
{
	return &r->header;
}

/* Is rec the header of a later file? It must agree with the first. */
static bool
later_header(struct reader *r, const struct record *rec)
{
	if (rec->recno != 1 || r->opt.no_header || r->path_index <= 1)
		return false;
	if (!same_header(rec, &r->header))
		fail(r, "%s:1: header differs from the header of %s",
		    rec->file, r->first_name);
	return true;
}

const struct record *
reader_next(struct reader *r)
{
	const struct record *rec;

	while ((rec = next_raw(r)) != NULL) {
		r->handed = r->parsing;
		if (later_header(r, rec))
			continue;
		r->rows++;
		return rec;
	}
	return NULL;
}

/*
 * The data records of the rest of the batch, or of the next ones: as
 * next_raw() hands them out, written straight into the batch's records.
 */
static const struct record *
collect_batch(struct reader *r, size_t *n)
{
	struct record *rec;
	struct buffer *buf;
	struct batch *b;
	size_t count = 0;

	do {
		b = parsing_batch(r);
		if (b->next == b->nrecords && !next_batch(r))
			return NULL;
		buf = &r->buf[r->parsing];
		b = &buf->batch;
		if (buf->records_cap < b->nrecords) {
			buf->records_cap = grow_capacity(buf->records_cap,
			    b->nrecords);
			buf->records = xreallocarray(buf->records,
			    buf->records_cap, sizeof(*buf->records));
		}
		while (b->next < b->nrecords) {
			rec = &buf->records[count];
			take_record(r, b, rec);
			count += !later_header(r, rec);
		}
	} while (count == 0);
	r->rows += count;
	*n = count;
	return buf->records;
}

const struct record *
reader_next_batch(struct reader *r, size_t *n)
{
	const struct record *records;

	*n = 0;
	if (r->ahead) {
		r->ahead = false;
		if (r->failure[0] != '\0')
			die("%s", r->failure);
		*n = r->ahead_count;
		records = r->ahead_records;
	} else
		records = collect_batch(r, n);
	if (records != NULL)
		r->handed = r->parsing;
	return records;
}

bool
reader_read_ahead(struct reader *r)
{
	if (r->ahead)
		return r->failure[0] == '\0';
	r->ahead = true;
	r->ahead_count = 0;
	r->reading_ahead = true;
	if (setjmp(r->on_failure) == 0)
		r->ahead_records = collect_batch(r, &r->ahead_count);
	r->reading_ahead = false;
	return r->failure[0] == '\0';
}

unsigned long long
reader_rows(const struct reader *r)
{
	return r->rows;
}

void
reader_close(struct reader *r)
{
	int i;

	show_progress(r, true);
	if (r->fd != -1) {
		csv_free(&r->parser);
		if (r->fd != STDIN_FILENO)
			close(r->fd);
	}
	if (r->conv != (iconv_t)-1)
		iconv_close(r->conv);
	for (i = 0; i < READER_BUFFERS; i++)
		buffer_free(&r->buf[i]);
	arena_free(&r->spare);
	arena_free(&r->header_text);
	free(r->raw);
	free(r);
}
