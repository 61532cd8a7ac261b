/* util.h: messages, exit codes and checked allocation shared by every tool. */
#ifndef CRM_UTIL_H
#define CRM_UTIL_H

#include <setjmp.h>
#include <stddef.h>

/* Exit status, as in conventions.md: 1 data or runtime error, 2 usage. */
enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* The program name used as message prefix; set once by setprogname(). */
extern const char *argv0;

void setprogname(const char *path);

/* "argv0: message\n" on stderr, then exit(EXIT_DATA). */
_Noreturn void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* As die(), followed by a hint to --help, then exit(EXIT_USAGE). */
_Noreturn void die_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* "argv0: message\n" on stderr; the run goes on. */
void warnmsg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * A worker thread must not end the program while the main thread writes.
 * While a thread has an escape set, die() on it keeps the message here and
 * jumps back (setjmp on jump), and the worker pool hands the message to
 * the main thread, which reports the first error in input order and
 * exits once (workers.c).
 */
struct die_escape {
	jmp_buf jump;
	char message[1024];
};

/* Set the calling thread's escape, or with NULL clear it. */
void die_escape_set(struct die_escape *escape);

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* Grow *cap (at least doubling) so that it holds need elements. */
size_t grow_capacity(size_t cap, size_t need);
/* Ask for huge pages under a big table just allocated (only advice). */
void advise_huge_pages(void *p, size_t size);

#endif
