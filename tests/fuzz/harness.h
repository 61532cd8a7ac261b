/*
 * harness.h: what every libFuzzer target shares.
 *
 * libcrm stops on bad input (die() and exit(1), as a command-line tool
 * should). A fuzz target must survive that and go on with the next input,
 * so the fuzz binaries are linked with --wrap for die, die_usage, exit and
 * the allocation, open and iconv functions: fuzz_run() calls a function,
 * catches its stop, keeps the message, and then frees the memory, closes
 * the files and iconv handles the function left behind. Memory a run that
 * returned normally leaves allocated is a leak, reported by LeakSanitizer.
 */
#ifndef CRM_FUZZ_HARNESS_H
#define CRM_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The message and exit status of the last run that stopped. */
extern char fuzz_message[1024];
extern int fuzz_status;

/* Run fn(arg); false when it stopped through die() or exit(). */
bool fuzz_run(void (*fn)(void *), void *arg);

/* Make standard input read data[0..size) from the start ("-" reads it). */
void fuzz_stdin(const uint8_t *data, size_t size);

/* Abort with a message (a property of the target does not hold). */
_Noreturn void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Split data at the first byte sep: head gets a NUL-ended copy (to free),
 * rest and restlen what follows. All is head when sep is absent.
 */
void fuzz_split(const uint8_t *data, size_t size, char sep, char **head,
    const uint8_t **rest, size_t *restlen);

/*
 * A record of the fields of line (NUL-ended) split at sep, as the reader
 * would hand it out: each field NUL-ended. Free with fuzz_record_free().
 */
struct record;
struct record *fuzz_record(const char *line, char sep, const char *file,
    unsigned long long recno);
void fuzz_record_free(struct record *rec);

/*
 * Read data[0..size) again as a side file is read (standard input, a
 * header, ',' between fields) and call row(header, rec, arg) for each
 * record: a loader's own input, to check what it made of each row. False
 * when the reading stops (it does not for a file the loader read).
 */
bool fuzz_rows(const uint8_t *data, size_t size,
    void (*row)(const struct record *header, const struct record *rec,
    void *arg), void *arg);

#endif
