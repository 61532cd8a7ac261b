/* writer.c: buffered, checked CSV output, published atomically. */
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "publish.h"
#include "util.h"

enum { BUFFER_SIZE = 1 << 16, WORD = 8, DATE_CACHE = 16, NUMBER_BITS = 12 };
#define ONES	0x0101010101010101ull	/* a byte of 1 in each byte */
#define HIGHS	0x8080808080808080ull	/* the high bit of each byte */

struct writer {
	struct out_options opt;
	int fd;				/* -1: in memory */
	char *memory;			/* what a memory writer holds */
	size_t memory_used, memory_capacity;
	const char *path;	/* NULL: standard output */
	struct publish *file;	/* where path's bytes go until published */
	char buf[BUFFER_SIZE];
	size_t used;
	size_t fields;		/* fields written in this record */
	bool last_empty;
	bool plain_numbers;	/* no number can hold the delimiter */
	uint64_t delimiters;	/* the delimiter in each byte */
	/*
	 * Dates written lately, by day modulo DATE_CACHE: a column of dates
	 * in order (first purchases, customers by first appearance) repeats
	 * each day for many rows, and another date column of the same rows
	 * mostly falls in another place.
	 */
	struct date_text {
		int32_t day;
		uint8_t len;		/* 0: empty */
		char text[DATE_BUFSIZE];
	} dates[DATE_CACHE];
	/*
	 * Numbers written lately, by a hash of their bits (made on the
	 * first number): t_x and T are whole days over a unit, so a million
	 * rows of them hold a few thousand values, and the shortest digits
	 * that read back, the dearest field to format, are found once each.
	 */
	struct number_text {
		uint64_t bits;		/* of the double */
		uint8_t len;		/* 0: empty */
		char text[23];
	} *numbers;
};

static void
die_write(const struct writer *w)
{
	if (w->path)
		die("%s: write error: %s", w->path, strerror(errno));
	die("write error: %s", strerror(errno));
}

/* A memory writer keeps its buffer's contents. */
static void
flush_to_memory(struct writer *w)
{
	if (w->memory_used + w->used > w->memory_capacity) {
		w->memory_capacity = grow_capacity(w->memory_capacity,
		    w->memory_used + w->used);
		w->memory = xrealloc(w->memory, w->memory_capacity);
	}
	memcpy(w->memory + w->memory_used, w->buf, w->used);
	w->memory_used += w->used;
	w->used = 0;
}

/*
 * In pieces of at most BUFFER_SIZE, big blocks too: on this project's
 * machine (Linux 6.18, ext4, a virtual machine) writing 115 MB into a new
 * file took 0.28 to 0.35 s of system time in writes of 128 KiB or more
 * against 0.03 to 0.05 s in writes of 64 KiB or less (dd, bs from 32K to
 * 16M), presumably the larger page-cache folios the kernel gives larger
 * writes, first touches of memory being slow there. Elsewhere the pieces
 * cost a system call each, 1,800 for such a file.
 */
static void
write_all(struct writer *w, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(w->fd, s, len < BUFFER_SIZE ? len : BUFFER_SIZE);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die_write(w);
		s += n;
		len -= (size_t)n;
	}
}

static void
flush(struct writer *w)
{
	if (w->fd == -1) {
		flush_to_memory(w);
		return;
	}
	write_all(w, w->buf, w->used);
	w->used = 0;
}

void
writer_raw(struct writer *w, const char *s, size_t len)
{
	size_t n;

	/* Big blocks (rows formatted on other threads) go out uncopied. */
	if (len >= BUFFER_SIZE && w->fd != -1) {
		flush(w);
		write_all(w, s, len);
		return;
	}
	while (len > 0) {
		if (w->used == BUFFER_SIZE)
			flush(w);
		n = BUFFER_SIZE - w->used;
		if (n > len)
			n = len;
		memcpy(w->buf + w->used, s, n);
		w->used += n;
		s += n;
		len -= n;
	}
}

static void
put_char(struct writer *w, char c)
{
	if (w->used == BUFFER_SIZE)
		flush(w);
	w->buf[w->used++] = c;
}

static struct writer *
new_writer(const struct out_options *opt)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->opt = *opt;
	w->plain_numbers = strchr("0123456789+-.eE", opt->delimiter) == NULL;
	w->delimiters = (unsigned char)opt->delimiter * ONES;
	return w;
}

struct writer *
writer_open(const char *path, const struct out_options *opt)
{
	struct writer *w = new_writer(opt);

	if (path == NULL || strcmp(path, "-") == 0) {
		w->fd = STDOUT_FILENO;
	} else {
		w->path = path;
		w->file = publish_open(path);
		w->fd = publish_fd(w->file);
	}
	if (opt->bom)
		writer_raw(w, "\xef\xbb\xbf", 3);
	return w;
}

struct writer *
writer_open_memory(const struct out_options *opt)
{
	struct writer *w = new_writer(opt);

	w->opt.bom = false;	/* a part of the output, not its start */
	w->fd = -1;
	return w;
}

const struct out_options *
writer_options(const struct writer *w)
{
	return &w->opt;
}

const char *
writer_contents(struct writer *w, size_t *len)
{
	flush_to_memory(w);
	*len = w->memory_used;
	w->memory_used = 0;
	return w->memory;
}

void
writer_close(struct writer *w)
{
	free(w->numbers);
	if (w->fd == -1) {
		free(w->memory);
		free(w);
		return;
	}
	flush(w);
	if (w->file)
		publish_commit(w->file);
	free(w);
}

/* Does word hold a byte equal to each byte of c (exactly: no false hit)? */
static uint64_t
has_byte(uint64_t word, uint64_t c)
{
	uint64_t x = word ^ c;

	return (x - ONES) & ~x & HIGHS;
}

/* Does the word of text hold a delimiter, quote, CR or LF? */
static bool
special_in(const struct writer *w, uint64_t word)
{
	return (has_byte(word, w->delimiters) | has_byte(word, '"' * ONES) |
	    has_byte(word, '\n' * ONES) | has_byte(word, '\r' * ONES)) != 0;
}

static bool
special(const struct writer *w, char c)
{
	return c == w->opt.delimiter || c == '"' || c == '\n' || c == '\r';
}

static bool
needs_quotes(const struct writer *w, const char *s, size_t len)
{
	size_t i;

	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		return true;
	for (i = 0; i < len; i++)
		if (special(w, s[i]))
			return true;
	return false;
}

/*
 * Copy a field that needs no quotes into the buffer, checking it on the
 * way a word at a time (the last word may overlap the one before); false,
 * with nothing kept, when it needs quotes. Every field of every output
 * passes here, so it is worth the bit tricks.
 */
static bool
put_unquoted(struct writer *w, const char *s, size_t len)
{
	char *out = w->buf + w->used;
	uint64_t word;
	size_t i;

	if (len > BUFFER_SIZE - w->used) {
		if (needs_quotes(w, s, len))
			return false;
		writer_raw(w, s, len);
		return true;
	}
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		return false;
	if (len < WORD) {
		for (i = 0; i < len; i++) {
			if (special(w, s[i]))
				return false;
			out[i] = s[i];
		}
	} else {
		for (i = 0; i < len; i += WORD) {
			if (i + WORD > len)
				i = len - WORD;
			memcpy(&word, s + i, WORD);
			if (special_in(w, word))
				return false;
			memcpy(out + i, &word, WORD);
		}
	}
	w->used += len;
	return true;
}

/* Would a spreadsheet read this cell as a formula? Numbers are safe. */
static bool
formula_like(const char *s, size_t len)
{
	double v;

	if (len == 0 || !strchr("=+-@", s[0]))
		return false;
	return number_parse(s, len, '.', &v) != NUM_OK;
}

static void
begin_field(struct writer *w)
{
	if (w->fields++ > 0)
		put_char(w, w->opt.delimiter);
}

static void
put_field(struct writer *w, const char *s, size_t len, bool text)
{
	bool safe = text && w->opt.excel_safe && formula_like(s, len);
	size_t i;

	begin_field(w);
	w->last_empty = len == 0;
	if (safe && !needs_quotes(w, s, len))
		put_char(w, '\'');
	if (put_unquoted(w, s, len))
		return;
	put_char(w, '"');
	if (safe)
		put_char(w, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			put_char(w, '"');
		put_char(w, s[i]);
	}
	put_char(w, '"');
}

void
writer_text(struct writer *w, const char *s, size_t len)
{
	put_field(w, s, len, true);
}

void
writer_string(struct writer *w, const char *s)
{
	put_field(w, s, strlen(s), true);
}

void
writer_empty(struct writer *w)
{
	put_field(w, "", 0, false);
}

/*
 * Where a number is formatted: straight into the buffer when it cannot
 * need quotes, else into buf (size bytes, its NUL included) for
 * put_field(), since a delimiter such as '.' can be part of a number.
 * number_done() then writes it.
 */
static char *
number_room(struct writer *w, char *buf, size_t size)
{
	if (!w->plain_numbers)
		return buf;
	begin_field(w);
	w->last_empty = false;
	if (BUFFER_SIZE - w->used < size)
		flush(w);
	return w->buf + w->used;
}

static void
number_done(struct writer *w, const char *at, size_t len)
{
	if (at == w->buf + w->used)
		w->used += len;
	else
		put_field(w, at, len, false);
}

void
writer_int(struct writer *w, long long v)
{
	char buf[24], *at = number_room(w, buf, sizeof(buf));

	number_done(w, at, int_format(v, at));
}

void
writer_number(struct writer *w, double v)
{
	char buf[NUMBER_BUFSIZE], *at;
	struct number_text *c;
	uint64_t bits;
	size_t len;

	if (v != v || v - v != 0)
		die("internal error: a non-finite number reached the output");
	if (w->numbers == NULL)
		w->numbers = xcalloc(1u << NUMBER_BITS, sizeof(*w->numbers));
	memcpy(&bits, &v, sizeof(bits));	/* -0 is not 0 here */
	c = &w->numbers[bits * 0x9e3779b97f4a7c15ull >> (64 - NUMBER_BITS)];
	at = number_room(w, buf, sizeof(buf));
	if (c->len != 0 && c->bits == bits) {
		memcpy(at, c->text, c->len + 1u);
		number_done(w, at, c->len);
		return;
	}
	len = number_format(v, w->opt.precision, at);
	if (len < sizeof(c->text)) {
		c->bits = bits;
		c->len = (uint8_t)len;
		memcpy(c->text, at, len + 1);
	}
	number_done(w, at, len);
}

void
writer_money(struct writer *w, money_t v)
{
	char buf[NUMBER_BUFSIZE], *at = number_room(w, buf, sizeof(buf));

	number_done(w, at, money_format(v, w->opt.precision, at));
}

void
writer_date(struct writer *w, int32_t days)
{
	char buf[DATE_BUFSIZE], *at = number_room(w, buf, sizeof(buf));

	struct date_text *d = &w->dates[(uint32_t)days % DATE_CACHE];

	if (d->len == 0 || d->day != days) {
		d->len = (uint8_t)date_format(days, d->text);
		d->day = days;
	}
	memcpy(at, d->text, d->len + 1u);
	number_done(w, at, d->len);
}

void
writer_fields(struct writer *w, const struct record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		writer_text(w, rec->fields[i].s, rec->fields[i].len);
}

void
writer_end(struct writer *w)
{
	/* A lone empty field would read back as a blank line: quote it. */
	if (w->fields == 1 && w->last_empty)
		writer_raw(w, "\"\"", 2);
	put_char(w, '\n');
	w->fields = 0;
}
