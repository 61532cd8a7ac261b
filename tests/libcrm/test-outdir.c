/*
 * test-outdir.c: file names from any text (escaping, and the names cut
 * to fit with their hash), and a directory of files replaced all at once:
 * the old files go, nothing is left beside the directory, a link keeps
 * pointing at it, and what an earlier run left behind is removed.
 */
#define _XOPEN_SOURCE 700	/* realpath, symlink */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "outdir.h"
#include "run_child.h"
#include "side_files.h"
#include "util.h"
#include "writer.h"

static char *
repeat(const char *unit, int n)
{
	size_t len = strlen(unit);
	char *s = xmalloc(len * (size_t)n + 1);
	int i;

	for (i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, unit, len);
	s[len * (size_t)n] = '\0';
	return s;
}

static void
check_name(const char *text, size_t max, const char *want, const char *what)
{
	char *got = outdir_escape(text, strlen(text), ".csv", max);

	CHECK_STR(got, want, "%s", what);
	free(got);
}

static void
test_escaping(void)
{
	check_name("王磊", 239, "王磊.csv", "a name as it is");
	check_name("a/b\\c", 239, "a%2Fb%5Cc.csv", "slashes");
	check_name("100%", 239, "100%25.csv", "a percent sign");
	check_name(".hidden", 239, "%2Ehidden.csv", "a leading dot");
	check_name("_pool", 239, "%5Fpool.csv", "a leading underscore");
	check_name("a.b_c", 239, "a.b_c.csv", "dots and underscores inside");
	check_name("tab\there\x7f", 239, "tab%09here%7F.csv",
	    "control bytes");
	check_name("", 239, ".csv", "the empty text (the caller names it)");
}

/* Names past the room: cut at a character, then %~ and the hash. */
static void
test_cutting(void)
{
	char *fits = repeat("x", 20), *over = repeat("x", 21);
	char *han = repeat("甲", 10), *name;

	/* max 24: "xxxx...x.csv" of 20 + 4 fits exactly */
	check_name(fits, 24, "xxxxxxxxxxxxxxxxxxxx.csv", "a name that fits "
	    "exactly is kept");
	name = outdir_escape(over, 21, ".csv", 24);
	CHECK(strlen(name) == 24 && strncmp(name, "xx%~", 4) == 0 &&
	    strcmp(name + 20, ".csv") == 0, "one byte over: 2 x, %%~, 16 hex "
	    "digits, .csv (%s)", name);
	free(name);
	/* room for the prefix: 30 - 4 - 18 = 8 bytes */
	name = outdir_escape(han, strlen(han), ".csv", 30);
	CHECK(strncmp(name, "甲甲%~", 8) == 0 && strlen(name) == 28,
	    "UTF-8 is cut between characters: 6 of 8 bytes (%s)", name);
	free(name);
	name = outdir_escape("abcdefg/hijklmnopqrstuvwxyz", 26, ".csv", 30);
	CHECK(strncmp(name, "abcdefg%~", 9) == 0,
	    "a %%XX is not cut: 7 + 3 bytes would not fit in 8 (%s)", name);
	free(name);
	name = outdir_escape(over, 21, ".csv", 24);
	CHECK_STR(name, "xx%~358bb8b8187f8a69.csv",
	    "the hash is the same in every run and version");
	free(name);
	free(fits);
	free(over);
	free(han);
}

static void
test_unique(void)
{
	char *a = repeat("甲", 100), *b = repeat("甲", 101);
	char *na = outdir_escape(a, strlen(a), ".csv", 239);
	char *nb = outdir_escape(b, strlen(b), ".csv", 239);

	CHECK(strcmp(na, nb) != 0 && strncmp(na, nb, 216) == 0,
	    "two long names with one prefix differ by their hash");
	CHECK(strlen(na) <= 239 && strlen(nb) <= 239, "both fit");
	free(a);
	free(b);
	free(na);
	free(nb);
}

static void
write_file(const char *path, const char *text)
{
	char buf[PATH_MAX];

	side_file(buf, sizeof(buf), NULL, path, text);
}

static char *
read_file(const char *path)
{
	char *s = slurp(path, NULL);

	return s ? s : xstrdup("(none)");
}

/* A run: the new directory gets a.csv and _pool.csv, then the commit. */
static void
replace(const char *dir)
{
	struct outdir *d = outdir_open(dir);
	char *a = outdir_name(d, "a", 1, ".csv"), *pool = outdir_file(d,
	    "_pool.csv");

	write_file(a, "new a\n");
	write_file(pool, "new pool\n");
	free(a);
	free(pool);
	outdir_commit(d);
}

static void
test_commit(void)
{
	char *s;

	mkdir("owners", 0755);
	write_file("owners/old.csv", "yesterday\n");
	mkdir(".owners.new-999999999", 0700);	/* no such process */
	write_file(".owners.new-999999999/x.csv", "left behind\n");
	replace("owners");
	CHECK(count_dir_entries("owners") == 2, "the old file is gone, the "
	    "new ones are there");
	s = read_file("owners/a.csv");
	CHECK_STR(s, "new a\n", "a.csv");
	free(s);
	CHECK(count_dir_entries(".") == 1, "nothing is left beside the "
	    "directory, not even an earlier run's");
	mkdir("real", 0750);
	symlink("real", "link");
	replace("link");
	CHECK(count_dir_entries("real") == 2, "through a link: its "
	    "directory has the new files");
	s = realpath("link", NULL);
	CHECK(s != NULL && strstr(s, "/real") != NULL, "and the link is a "
	    "link to it");
	free(s);
}

/* As a tool writes its -o: through a temporary name beside the file. */
static void
write_atomically(const char *path, const char *text)
{
	struct out_options opt;
	struct writer *w;

	memset(&opt, 0, sizeof(opt));
	opt.delimiter = ',';
	opt.precision = -1;
	w = writer_open(path, &opt);
	writer_raw(w, text, strlen(text));
	writer_close(w);
}

/* A page beside each list: the list's name, the page's extension. */
static void
test_beside(void)
{
	char *long_name = repeat("甲", 100), *list, *page, *slash;
	struct outdir *d;

	mkdir("beside", 0755);
	d = outdir_open("beside");
	list = outdir_name(d, long_name, strlen(long_name), ".csv");
	write_file(list, "list\n");
	outdir_commit(d);
	page = outdir_name_beside("beside", long_name, strlen(long_name),
	    ".csv", ".html");
	slash = strrchr(list, '/');
	CHECK(strncmp(page, "beside/", 7) == 0 && strstr(page, "%~") &&
	    strlen(page + 7) == strlen(slash + 1) + 1 &&
	    strncmp(page + 7, slash + 1, strlen(slash + 1) - 4) == 0 &&
	    strcmp(page + strlen(page) - 5, ".html") == 0,
	    "a cut name: the list's up to its extension (%s beside %s)",
	    page + 7, slash + 1);
	write_atomically(page, "page\n");
	CHECK(count_dir_entries("beside") == 2, "the page can be written "
	    "there, through its temporary name");
	free(page);
	page = outdir_name_beside("beside", "a/b", 3, ".csv", ".html");
	CHECK_STR(page, "beside/a%2Fb.html", "an escaped name");
	unlink(page);
	free(page);
	page = outdir_name_beside("beside", long_name, strlen(long_name),
	    ".csv", ".html");
	unlink(page);
	free(page);
	slash = xstrdup(strrchr(list, '/') + 1);
	free(list);
	list = xmalloc(strlen(slash) + 8);
	sprintf(list, "beside/%s", slash);
	unlink(list);
	rmdir("beside");
	free(slash);
	free(list);
	free(long_name);
}

static void
open_in_child(const void *dir)
{
	outdir_open(dir);
}

static void
test_errors(void)
{
	struct child res;

	res = run_child(open_in_child, "nowhere", false);
	CHECK_CHILD(res, 1, "test-outdir: nowhere/: cannot write files there: "
	    "No such file or directory\n", "no such directory");
	write_file("plain", "x\n");
	res = run_child(open_in_child, "plain", false);
	CHECK_CHILD(res, 1, "test-outdir: plain/: cannot write files there: "
	    "not a directory\n", "a file is not a directory");
	unlink("plain");
}

int
main(void)
{
	char dir[PATH_MAX];

	setprogname("test-outdir");
	test_escaping();
	test_cutting();
	test_unique();
	make_temp_dir(dir, sizeof(dir), "test-outdir");
	if (chdir(dir) == 0) {
		test_commit();
		test_beside();
		test_errors();
	}
	if (unlink("owners/a.csv") || unlink("owners/_pool.csv") ||
	    rmdir("owners") || unlink("real/a.csv") ||
	    unlink("real/_pool.csv") || rmdir("real") || unlink("link") ||
	    chdir("/") || rmdir(dir))
		printf("# could not remove all of %s\n", dir);
	return check_done();
}
