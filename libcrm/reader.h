/*
 * reader.h: the streaming CSV reader every tool uses.
 *
 * Input is RFC 4180 parsed by libcsv in strict mode. The reader strips a
 * UTF-8 byte-order mark, accepts LF, CRLF and CR line ends, skips blank
 * lines (they are not records), rejects UTF-16/32 and invalid UTF-8 with a
 * hint to iconv or --encoding, converts GBK/GB18030 input with iconv, caps
 * the size of a field, and numbers records per file (1 = the header).
 * Several files are read as one stream; each has a header and the headers
 * must agree. Structural errors stop the program with FILE:RECORD.
 */
#ifndef CRM_READER_H
#define CRM_READER_H

#include <stdbool.h>
#include <stddef.h>

struct field {
	const char *s;		/* NUL-terminated; may hold no other NUL */
	size_t len;
};

struct record {
	struct field *fields;
	size_t nfields;
	unsigned long long recno;	/* CSV record number in its file */
	const char *file;		/* file name for messages, "stdin" */
};

struct csv_options {
	char delimiter;
	bool no_header;		/* name columns "1", "2", ... */
	size_t max_field;	/* bytes in one field */
	const char *encoding;	/* NULL or "utf-8": no conversion */
	bool progress;		/* rows and MB/s on stderr */
	bool reference_parser;	/* libcsv for every byte (tests) */
};

#define CSV_DEFAULT_MAX_FIELD ((size_t)1 << 20)
/*
 * Bytes of input a batch is parsed from. Few: with its records and fields
 * a batch is about half a MiB, still in the cache when a thread on the
 * other core takes it from the thread that read it, where 1 MiB chunks
 * were read back from memory.
 */
enum { READER_CHUNK = 1 << 17 };

struct arena;

/* *to becomes a copy of from, its fields and text allocated in a. */
void record_copy(struct record *to, const struct record *from,
    struct arena *a);

struct reader;

/* Open files[0..nfiles) ("-" is standard input; none means stdin). */
struct reader *reader_open(char *const *files, size_t nfiles,
    const struct csv_options *opt);
/* The header: the first record, or "1".."n" with no_header. */
const struct record *reader_header(const struct reader *r);
/* The next data record, valid until the next call; NULL at the end. */
const struct record *reader_next(struct reader *r);
/*
 * The data records of the rest of the current batch (a chunk of input),
 * all valid until the next call; NULL and *n = 0 at the end. For tools
 * that work on many records at once; do not mix with reader_next().
 */
const struct record *reader_next_batch(struct reader *r, size_t *n);
/*
 * Parse the batch that reader_next_batch() returns next, now, leaving the
 * records of the last READER_BUFFERS - 1 batches it returned valid (one
 * thread reads while others work on them). An error in the new batch is
 * reported when it is asked for, so the caller can first report what it
 * finds in the earlier ones: false then. With twelve batches in hand the
 * reader can be eleven ahead of the slowest worker, so that a worker held
 * up for a while (another program on its core) holds up no other.
 */
enum { READER_BUFFERS = 12 };
bool reader_read_ahead(struct reader *r);
/* Data records returned so far. */
unsigned long long reader_rows(const struct reader *r);
void reader_close(struct reader *r);

/*
 * Where libcsv's parser stands after csv_parse(): within a record it has
 * begun (a field, or a quoted newline, is pending), and the bytes of the
 * field it is collecting. libcsv's private state, read in these two only.
 */
struct csv_parser;
bool libcsv_mid_record(const struct csv_parser *p);
size_t libcsv_field_bytes(const struct csv_parser *p);

#endif
