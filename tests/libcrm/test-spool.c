/* test-spool.c: records set aside in a temporary file and read back. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "run_child.h"
#include "spool.h"
#include "temp_files.h"
#include "util.h"

/* A record of the given texts, named file:recno. */
static struct record
make_record(struct field *fields, const char *const *texts, size_t n,
    const char *file, unsigned long long recno)
{
	struct record rec = { fields, n, recno, file };
	size_t i;

	for (i = 0; i < n; i++) {
		fields[i].s = texts[i];
		fields[i].len = strlen(texts[i]);
	}
	return rec;
}

static bool
same_record(const struct record *got, const char *const *texts, size_t n,
    const char *file, unsigned long long recno)
{
	size_t i;

	if (got == NULL || got->nfields != n || got->recno != recno ||
	    strcmp(got->file, file) != 0)
		return false;
	for (i = 0; i < n; i++)
		if (got->fields[i].len != strlen(texts[i]) ||
		    strcmp(got->fields[i].s, texts[i]) != 0)
			return false;
	return true;
}

static void
test_round_trip(void)
{
	static const char *const a[] = { "C1", "", "1,5", "客户 \"甲\"" };
	static const char *const b[] = { "" };
	static const char *const c[] = { "x", "y\nz" };
	struct field fields[4];
	struct spool *s = spool_open();
	struct record rec;

	rec = make_record(fields, a, 4, "a.csv", 2);
	spool_put(s, &rec);
	rec = make_record(fields, b, 1, "a.csv", 7);
	spool_put(s, &rec);
	rec = make_record(fields, c, 2, "stdin", 3);
	spool_put(s, &rec);
	CHECK(spool_count(s) == 3, "three records put");
	spool_rewind(s);
	CHECK(same_record(spool_next(s), a, 4, "a.csv", 2),
	    "fields, empty fields, UTF-8, quotes, file and record number "
	    "come back");
	CHECK(same_record(spool_next(s), b, 1, "a.csv", 7),
	    "a record of one empty field comes back");
	CHECK(same_record(spool_next(s), c, 2, "stdin", 3),
	    "a newline in a field and a second file name come back");
	CHECK(spool_next(s) == NULL, "NULL after the last record");
	CHECK(spool_next(s) == NULL, "and again NULL");
	spool_close(s);
}

static void
test_empty(void)
{
	struct spool *s = spool_open();

	spool_rewind(s);
	CHECK(spool_count(s) == 0 && spool_next(s) == NULL,
	    "an empty spool reads back nothing");
	spool_close(s);
}

/* Many records of growing size: the buffers grow, order is kept. */
static void
test_many_and_large(void)
{
	enum { MANY = 20000 };
	struct spool *s = spool_open();
	char *big = malloc(300001), id[32];
	const char *texts[3] = { id, "", big };
	struct field fields[3];
	struct record rec;
	const struct record *got;
	size_t i, bad = 0;

	memset(big, 'x', 300000);
	big[300000] = '\0';
	for (i = 0; i < MANY; i++) {
		snprintf(id, sizeof(id), "C%zu", i);
		texts[2] = big + 300000 - (i % 7 == 0 ? i * 13 % 300000 : 3);
		rec = make_record(fields, texts, 3, "in.csv", i + 2);
		spool_put(s, &rec);
	}
	spool_rewind(s);
	for (i = 0; i < MANY; i++) {
		snprintf(id, sizeof(id), "C%zu", i);
		texts[2] = big + 300000 - (i % 7 == 0 ? i * 13 % 300000 : 3);
		got = spool_next(s);
		if (!same_record(got, texts, 3, "in.csv", i + 2))
			bad++;
	}
	CHECK(bad == 0 && spool_next(s) == NULL, "20,000 records with fields "
	    "up to 300,000 bytes come back in order (%zu differ)", bad);
	spool_close(s);
	free(big);
}

/* Dies with status 1 when $TMPDIR is gone. */
static void
open_spool(const void *unused)
{
	(void)unused;
	spool_open();
}

/* The file goes to $TMPDIR and is unlinked at once. */
static void
test_tmpdir(void)
{
	char dir[] = "/tmp/test-spool.XXXXXX";
	static const char *const a[] = { "x" };
	struct field fields[1];
	struct record rec;
	struct spool *s;
	struct child child;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	setenv("TMPDIR", dir, 1);
	s = spool_open();
	rec = make_record(fields, a, 1, "f", 2);
	spool_put(s, &rec);
	CHECK(count_dir_entries(dir) == 0, "the spool file under $TMPDIR is "
	    "unlinked while in use");
	spool_rewind(s);
	CHECK(same_record(spool_next(s), a, 1, "f", 2), "and still readable");
	spool_close(s);
	rmdir(dir);
	child = run_child(open_spool, NULL, false);
	CHECK(child.status == EXIT_DATA,
	    "a $TMPDIR that does not exist is an error, exit 1");
	unsetenv("TMPDIR");
}

/* One record through a spool under $TMPDIR dir; true if it comes back. */
static bool
spool_one(const char *dir, size_t *entries_while_open)
{
	static const char *const a[] = { "x", "y" };
	struct field fields[2];
	struct record rec;
	struct spool *s;
	bool ok;

	setenv("TMPDIR", dir, 1);
	s = spool_open();
	rec = make_record(fields, a, 2, "f", 2);
	spool_put(s, &rec);
	*entries_while_open = count_dir_entries(dir);
	spool_rewind(s);
	ok = same_record(spool_next(s), a, 2, "f", 2);
	spool_close(s);
	unsetenv("TMPDIR");
	return ok;
}

/* Without O_TMPFILE (forced): a named file, removed as soon as made. */
static void
test_named_fallback(void)
{
	char dir[] = "/tmp/test-spool.XXXXXX";
	size_t entries;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	setenv("CRM_TMPFILE", "named", 1);
	CHECK(spool_one(dir, &entries) && entries == 0, "CRM_TMPFILE=named: "
	    "the named spool file is unlinked while in use (%zu entries)",
	    entries);
	unsetenv("CRM_TMPFILE");
	rmdir(dir);
}

static void
spool_in_append_only(const void *dir)
{
	size_t entries;

	setenv("CRM_TMPFILE", "named", 1);
	if (!spool_one(dir, &entries) || entries != 1)
		printf("spool_one failed (%zu entries)\n", entries);
}

/*
 * A name that cannot be removed (an append-only directory, chattr +a,
 * needs root and ext2/3/4 or a like file system): the spool works, and
 * says at close that it could not remove the file.
 */
static void
test_unlink_fails(void)
{
	char dir[] = "/tmp/test-spool.XXXXXX", cmd[128], msg[512];
	struct child child;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(cmd, sizeof(cmd), "chattr +a %s 2>/dev/null", dir);
	if (system(cmd) != 0) {
		printf("ok %d # skip chattr +a is not available here\n",
		    ++check_count);
		rmdir(dir);
		return;
	}
	child = run_child(spool_in_append_only, dir, true);
	snprintf(cmd, sizeof(cmd), "chattr -a %s", dir);
	(void)!system(cmd);
	snprintf(msg, sizeof(msg), "test-spool: temporary file %s/.crm-spool.",
	    dir);
	CHECK(child.status == 0 && strncmp(child.output, msg,
	    strlen(msg)) == 0 && strstr(child.output, ": cannot remove: "
	    "Operation not permitted\n") != NULL, "a name that cannot be "
	    "removed: the spool works and says so at close");
	if (child.status != 0 || strstr(child.output, "cannot remove") == NULL)
		printf("#   got status %d, '%s'\n", child.status, child.output);
	remove_all(dir);
	rmdir(dir);
}

int
main(void)
{
	setprogname("test-spool");
	test_round_trip();
	test_empty();
	test_many_and_large();
	test_tmpdir();
	test_named_fallback();
	test_unlink_fails();
	return check_done();
}
