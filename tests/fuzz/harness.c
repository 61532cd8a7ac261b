/*
 * harness.c: catching libcrm's stops inside a fuzz target (harness.h).
 *
 * The fuzz binaries are linked with -Wl,--wrap=NAME for each __wrap_NAME
 * below, so libcrm's (and the static libcsv's) calls land here. While
 * fuzz_run() is running a function, every block allocated, file opened
 * and iconv handle opened is recorded; die() and exit() jump back to
 * fuzz_run(), which releases what was recorded. The record keeps the
 * addresses disguised, so LeakSanitizer does not count them as references
 * and still reports a leak of a run that returned normally. This is test
 * code: its state is global because the wrapped functions have no other
 * way to reach it.
 */
#define _GNU_SOURCE
#include "harness.h"
#include "input.h"
#include "reader.h"

#include <fcntl.h>
#include <iconv.h>
#include <sanitizer/common_interface_defs.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);
int __real_open(const char *, int, ...);
int __real_close(int);
iconv_t __real_iconv_open(const char *, const char *);
int __real_iconv_close(iconv_t);
_Noreturn void __real_exit(int);

char fuzz_message[1024];
int fuzz_status;

static jmp_buf *catcher;	/* set while fuzz_run() runs a function */

/* Live blocks: an open-addressing set of disguised addresses. */
static uintptr_t *blocks;
static size_t blocks_cap, blocks_count;

static uintptr_t
disguise(void *p)
{
	return ~(uintptr_t)p;
}

static size_t
slot_of(uintptr_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15u) >> 17) & (blocks_cap - 1);
}

static void remember(void *p);

static void
grow_blocks(void)
{
	uintptr_t *old = blocks;
	size_t oldcap = blocks_cap, i;

	blocks_cap = oldcap ? oldcap * 2 : 1024;
	blocks = __real_calloc(blocks_cap, sizeof(*blocks));
	if (blocks == NULL)
		abort();
	blocks_count = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i] != 0)
			remember((void *)~old[i]);
	__real_free(old);
}

static void
remember(void *p)
{
	uintptr_t key = disguise(p);
	size_t i;

	if (p == NULL)
		return;
	if (2 * (blocks_count + 1) > blocks_cap)
		grow_blocks();
	for (i = slot_of(key); blocks[i] != 0; i = (i + 1) & (blocks_cap - 1))
		if (blocks[i] == key)
			return;
	blocks[i] = key;
	blocks_count++;
}

/* Remove p, shifting later entries of its run back (no tombstones). */
static void
forget(void *p)
{
	uintptr_t key = disguise(p);
	size_t i, j, home;

	if (p == NULL || blocks_cap == 0)
		return;
	for (i = slot_of(key); blocks[i] != key; i = (i + 1) & (blocks_cap - 1))
		if (blocks[i] == 0)
			return;
	blocks[i] = 0;
	blocks_count--;
	for (j = (i + 1) & (blocks_cap - 1); blocks[j] != 0;
	    j = (j + 1) & (blocks_cap - 1)) {
		home = slot_of(blocks[j]);
		/* Move j to i unless its home lies cyclically in (i, j]. */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			blocks[i] = blocks[j];
			blocks[j] = 0;
			i = j;
		}
	}
}

void *
__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	if (catcher)
		remember(p);
	return p;
}

void *
__wrap_calloc(size_t count, size_t size)
{
	void *p = __real_calloc(count, size);

	if (catcher)
		remember(p);
	return p;
}

void *
__wrap_realloc(void *old, size_t size)
{
	void *p = __real_realloc(old, size);

	if (catcher && (p != NULL || size == 0)) {
		forget(old);
		remember(p);
	}
	return p;
}

void
__wrap_free(void *p)
{
	if (catcher)
		forget(p);
	__real_free(p);
}

/* Files and iconv handles opened during a run (few: a plain list). */
enum { MAX_HANDLES = 64 };
static int fds[MAX_HANDLES];
static size_t nfds;
static iconv_t convs[MAX_HANDLES];
static size_t nconvs;

int
__wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	fd = __real_open(path, flags, mode);
	if (catcher && fd >= 0 && nfds < MAX_HANDLES)
		fds[nfds++] = fd;
	return fd;
}

int
__wrap_close(int fd)
{
	size_t i;

	for (i = 0; i < nfds; i++)
		if (fds[i] == fd) {
			fds[i] = fds[--nfds];
			break;
		}
	return __real_close(fd);
}

iconv_t
__wrap_iconv_open(const char *to, const char *from)
{
	iconv_t cd = __real_iconv_open(to, from);

	if (catcher && cd != (iconv_t)-1 && nconvs < MAX_HANDLES)
		convs[nconvs++] = cd;
	return cd;
}

int
__wrap_iconv_close(iconv_t cd)
{
	size_t i;

	for (i = 0; i < nconvs; i++)
		if (convs[i] == cd) {
			convs[i] = convs[--nconvs];
			break;
		}
	return __real_iconv_close(cd);
}

/* Stops */

static _Noreturn void
stop(int status)
{
	fuzz_status = status;
	if (catcher)
		longjmp(*catcher, 1);
	fprintf(stderr, "%s\n", fuzz_message);
	__real_exit(status);
}

_Noreturn void
__wrap_exit(int status)
{
	if (catcher == NULL)
		__real_exit(status);
	snprintf(fuzz_message, sizeof(fuzz_message), "exit(%d)", status);
	stop(status);
}

_Noreturn void
__wrap_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fuzz_message, sizeof(fuzz_message), fmt, ap);
	va_end(ap);
	stop(1);
}

_Noreturn void
__wrap_die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fuzz_message, sizeof(fuzz_message), fmt, ap);
	va_end(ap);
	stop(2);
}

void
__wrap_warnmsg(const char *fmt, ...)
{
	(void)fmt;	/* warnings go on; nothing to check */
}

/* Free, close and release what a stopped run left behind. */
static void
release_all(void)
{
	size_t i;

	for (i = 0; i < blocks_cap; i++)
		if (blocks[i] != 0) {
			__real_free((void *)~blocks[i]);
			blocks[i] = 0;
		}
	blocks_count = 0;
	while (nfds > 0)
		__real_close(fds[--nfds]);
	while (nconvs > 0)
		__real_iconv_close(convs[--nconvs]);
}

bool
fuzz_run(void (*fn)(void *), void *arg)
{
	jmp_buf here;

	fuzz_message[0] = '\0';
	fuzz_status = 0;
	if (setjmp(here) == 0) {
		catcher = &here;
		fn(arg);
		catcher = NULL;
		/* What is left now is a leak: LeakSanitizer's to report. */
		if (blocks_cap)
			memset(blocks, 0, blocks_cap * sizeof(*blocks));
		blocks_count = 0;
		nfds = nconvs = 0;
		return true;
	}
	catcher = NULL;
	release_all();
	return false;
}

void
fuzz_stdin(const uint8_t *data, size_t size)
{
	static int memfd = -1;
	size_t done = 0;
	ssize_t n;

	if (memfd == -1 && (memfd = memfd_create("fuzz-input", 0)) == -1)
		fuzz_fail("memfd_create failed");
	if (ftruncate(memfd, 0) == -1 || lseek(memfd, 0, SEEK_SET) == -1)
		fuzz_fail("cannot reset the input file");
	while (done < size) {
		if ((n = write(memfd, data + done, size - done)) <= 0)
			fuzz_fail("cannot write the input file");
		done += (size_t)n;
	}
	if (lseek(memfd, 0, SEEK_SET) == -1 || dup2(memfd, 0) == -1)
		fuzz_fail("cannot make the input standard input");
}

_Noreturn void
fuzz_fail(const char *fmt, ...)
{
	char message[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	/* Through the sanitizers: libFuzzer may have closed stderr. */
	__sanitizer_report_error_summary(message);
	abort();
}

void
fuzz_split(const uint8_t *data, size_t size, char sep, char **head,
    const uint8_t **rest, size_t *restlen)
{
	const uint8_t *at = memchr(data, sep, size);
	size_t len = at ? (size_t)(at - data) : size;

	*head = __real_malloc(len + 1);
	if (*head == NULL)
		abort();
	memcpy(*head, data, len);
	(*head)[len] = '\0';
	*rest = at ? at + 1 : data + size;
	*restlen = at ? size - len - 1 : 0;
}

struct record *
fuzz_record(const char *line, char sep, const char *file,
    unsigned long long recno)
{
	struct record *rec = __real_calloc(1, sizeof(*rec));
	size_t n = 1, i;
	const char *p;
	char *copy;

	for (p = line; *p; p++)
		n += *p == sep;
	rec->fields = __real_calloc(n, sizeof(*rec->fields));
	copy = __real_malloc(strlen(line) + 1);
	if (rec->fields == NULL || copy == NULL)
		abort();
	strcpy(copy, line);
	for (i = 0; i < n; i++) {
		char *end = strchr(copy, sep);

		if (end == NULL)
			end = copy + strlen(copy);
		rec->fields[i].s = copy;
		rec->fields[i].len = (size_t)(end - copy);
		copy = *end ? end + 1 : end;
		*end = '\0';
	}
	rec->nfields = n;
	rec->recno = recno;
	rec->file = file;
	return rec;
}

void
fuzz_record_free(struct record *rec)
{
	if (rec == NULL)
		return;
	__real_free((void *)rec->fields[0].s);
	__real_free(rec->fields);
	__real_free(rec);
}

struct rows {
	void (*row)(const struct record *, const struct record *, void *);
	void *arg;
};

static void
read_rows(void *arg)
{
	struct rows *rows = arg;
	struct common_options opt;
	const struct record *rec;
	struct input *in;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.quiet = true;
	in = input_open_side(&opt, "-");
	while ((rec = input_next(in)) != NULL)
		rows->row(input_header(in), rec, rows->arg);
	input_close(in);
}

bool
fuzz_rows(const uint8_t *data, size_t size,
    void (*row)(const struct record *, const struct record *, void *),
    void *arg)
{
	struct rows rows = { row, arg };

	fuzz_stdin(data, size);
	return fuzz_run(read_rows, &rows);
}
