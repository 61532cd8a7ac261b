/*
 * input.h: the rows a tool reads, and what happens to those it cannot use.
 *
 * Strict by default: the first unusable row stops the program with
 * "FILE:RECORD: reason". With --rejects FILE every unusable row is written
 * to FILE unchanged with a reason column, the run goes on, and a summary
 * line says how many of how many rows were rejected, so rows in always add
 * up to rows used plus rows rejected. Rows of the wrong width are rejected
 * here; tools reject the rest with input_reject().
 */
#ifndef CRM_INPUT_H
#define CRM_INPUT_H

#include "cli.h"
#include "date.h"
#include "reader.h"

struct input;

struct input *input_open(const struct common_options *opt, char **files,
    size_t nfiles);
/*
 * A side file (a policy, a calendar, a category list): read with the
 * common CSV options but always with a header, strictly (no --rejects)
 * and without progress.
 */
struct input *input_open_side(const struct common_options *opt,
    const char *path);
const struct record *input_header(const struct input *in);
/* The header's name of column col, for messages. */
const char *input_column_name(const struct input *in, long col);
/* The next row as wide as the header; NULL at the end. */
const struct record *input_next(struct input *in);
/*
 * The rows of the next chunk of input, all valid until the next call;
 * *n = 0 at the end. Rows of the wrong width are among them: the caller
 * rejects them (input_ragged) in order with its own rejects.
 */
const struct record *input_next_batch(struct input *in, size_t *n);
/* Read the next chunk now, while the last one is worked on (reader.h). */
bool input_read_ahead(struct input *in);
/* The reason why rec is unusable for its width, or NULL. */
const char *input_ragged(const struct input *in, const struct record *rec,
    char *buf, size_t size);
/* The same, or why it has no customer id in column col, or NULL. */
const char *input_no_id(const struct input *in, const struct record *rec,
    long col, char *buf, size_t size);
/* Reject rec (the row just read) for a reason; stops without --rejects. */
void input_reject(struct input *in, const struct record *rec,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Rows read and rows rejected so far. */
unsigned long long input_rows(const struct input *in);
unsigned long long input_rejected(const struct input *in);
/* Commit the rejects file and report on it. */
void input_close(struct input *in);

/*
 * Field col of rec as a number, an amount (exact, see num.h) or a date
 * (format NULL: the usual forms); else false after rejecting the row with
 * "not a number (COLUMN, 'VALUE')", "not a date (...)" and the like.
 */
bool input_number(struct input *in, const struct record *rec, long col,
    char decimal, double *out);
bool input_money(struct input *in, const struct record *rec, long col,
    char decimal, money_t *out);
bool input_date(struct input *in, const struct record *rec, long col,
    const char *format, int32_t *day);
/*
 * Why field f of the named column is not a date (date_parse gave status),
 * or not a number (number_parse or money_parse did), in buf: for threads
 * that collect their rejects (rejects.h) instead of rejecting at once as
 * input_date and input_number do.
 */
const char *input_date_reason(const char *column, const struct field *f,
    const char *format, enum date_status status, char *buf, size_t size);
const char *input_number_reason(const char *column, const struct field *f,
    enum num_status status, char *buf, size_t size);

/* A message about rec without stopping: "FILE:RECORD: ..." on stderr. */
void record_warn(const struct record *rec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Stop with "FILE:RECORD: ..." (for errors no --rejects can skip). */
_Noreturn void record_die(const struct record *rec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
