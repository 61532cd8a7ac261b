/* util.c: messages and checked allocation. */
#define _GNU_SOURCE	/* madvise, MADV_HUGEPAGE */
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const char *argv0 = "crm";

/* Set on worker threads only (workers.c), each its own. */
static _Thread_local struct die_escape *escape;

void
die_escape_set(struct die_escape *e)
{
	escape = e;
}

void
setprogname(const char *path)
{
	const char *slash = strrchr(path, '/');

	argv0 = slash ? slash + 1 : path;
}

/*
 * One write of the whole line, so that messages of two threads do not
 * mix; only the main thread flushes stdout, which it alone writes.
 */
static void
vmessage(const char *fmt, va_list ap)
{
	char line[2048];
	int n = snprintf(line, sizeof(line), "%s: ", argv0);

	if (n >= 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (escape == NULL)
		fflush(stdout);
	fprintf(stderr, "%s\n", line);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (escape != NULL) {
		vsnprintf(escape->message, sizeof(escape->message), fmt, ap);
		va_end(ap);
		longjmp(escape->jump, 1);
	}
	vmessage(fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", argv0);
	exit(EXIT_USAGE);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

static void *
check_alloc(void *p, size_t size)
{
	if (p == NULL && size != 0)
		die("out of memory (%zu bytes requested)", size);
	return p;
}

void *
xmalloc(size_t size)
{
	return check_alloc(malloc(size), size);
}

void *
xcalloc(size_t count, size_t size)
{
	return check_alloc(calloc(count, size), count * size);
}

void *
xrealloc(void *ptr, size_t size)
{
	return check_alloc(realloc(ptr, size), size);
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes requested)", count, size);
	return xrealloc(ptr, count * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

size_t
grow_capacity(size_t cap, size_t need)
{
	if (cap < 16)
		cap = 16;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			die("out of memory (capacity overflow)");
		cap *= 2;
	}
	return cap;
}

/*
 * A table of many megabytes written all over (hash slots, per-customer
 * states, summaries by place) takes a page fault for each 4 KiB page it
 * touches: 85,000 faults in crm-rfm on 1M customers, and 6% of its
 * time (measured against advice on every such block). Where transparent
 * huge pages are on "madvise" (Debian's default) this asks for them, one
 * fault per 2 MiB. The range is widened to whole pages, so that a block
 * malloc mapped on its own stays one mapping that realloc can still grow
 * in place; the advice changes no byte, so pages shared with a
 * neighbouring block do no harm.
 */
void
advise_huge_pages(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	enum { WORTH_IT = 4 << 20 };
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)p & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + size + page - 1) & ~(page - 1);

	if (size >= WORTH_IT)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}
