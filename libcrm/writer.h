/*
 * writer.h: buffered CSV output.
 *
 * Comma (or --output-delimiter), LF, quotes only where a field needs them
 * (delimiter, quote, CR, LF, leading or trailing space). Every write is
 * checked; an error stops the program. With a path, output is published
 * as publish.h says: a regular file (or the file a symbolic link leads to)
 * is replaced only when writer_close() succeeds, so a failed run never
 * leaves a half-written FILE; a FIFO or a device is written directly.
 */
#ifndef CRM_WRITER_H
#define CRM_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "num.h"
#include "reader.h"

struct out_options {
	char delimiter;
	bool bom;		/* start with a UTF-8 byte-order mark */
	bool excel_safe;	/* ' before text cells starting = + - @ */
	int precision;		/* decimals, or -1: shortest round trip */
};

struct writer;

/* path NULL or "-": standard output; path must last until writer_close. */
struct writer *writer_open(const char *path, const struct out_options *opt);
/* Flush, and for a file: publish_commit (fsync, rename). Frees w. */
void writer_close(struct writer *w);

/*
 * A writer that keeps what it is given in memory, to format rows on
 * several threads and write them out in order (emit.h).
 */
struct writer *writer_open_memory(const struct out_options *opt);
/* The options w was opened with. */
const struct out_options *writer_options(const struct writer *w);
/* Everything written since the last call; valid until the next write. */
const char *writer_contents(struct writer *w, size_t *len);

void writer_text(struct writer *w, const char *s, size_t len);
void writer_string(struct writer *w, const char *s);
void writer_empty(struct writer *w);
void writer_int(struct writer *w, long long v);
/* A finite double (a non-finite one is a program error). */
void writer_number(struct writer *w, double v);
void writer_money(struct writer *w, money_t v);
void writer_date(struct writer *w, int32_t days);
/* Every field of rec, as text. */
void writer_fields(struct writer *w, const struct record *rec);
void writer_end(struct writer *w);

/* Raw bytes, for formats other than CSV (iCalendar). */
void writer_raw(struct writer *w, const char *s, size_t len);

#endif
