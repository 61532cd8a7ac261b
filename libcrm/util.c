/* util.c: messages and checked allocation. */
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *argv0 = "crm";

void
setprogname(const char *path)
{
	const char *slash = strrchr(path, '/');

	argv0 = slash ? slash + 1 : path;
}

static void
vmessage(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", argv0);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
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
