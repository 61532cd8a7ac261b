/*
 * test-input.c: rows in, unusable rows out to --rejects or a stop.
 *
 * A small "tool" runs in a child: it reads id,amount rows, rejects the
 * ragged ones (input_next) and those whose amount is not a number
 * (input_reject), then reports its counts on stderr. We check its exit
 * status, its stderr and the rejects file.
 */
#define _GNU_SOURCE	/* mkdtemp, fork, pipe */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "input.h"
#include "num.h"
#include "run_child.h"
#include "temp_files.h"
#include "util.h"

static char dir[1024];		/* temporary files live here */
static char data_path[1100], rejects_path[1100];

/* A temporary directory for the data and the rejects. */
static void
make_paths(void)
{
	make_temp_dir(dir, sizeof(dir), "test-input");
	snprintf(data_path, sizeof(data_path), "%s/orders.csv", dir);
	snprintf(rejects_path, sizeof(rejects_path), "%s/rejects.csv", dir);
}

static void
write_data(const char *content)
{
	int fd = open(data_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1 || write(fd, content, strlen(content)) !=
	    (ssize_t)strlen(content) || close(fd) == -1) {
		printf("Bail out! cannot write %s\n", data_path);
		exit(1);
	}
}

/* The rejects file, or "(none)"; then it is removed. free() the result. */
static char *
read_rejects(void)
{
	char *buf = slurp(rejects_path, NULL);

	if (buf == NULL)
		return xstrdup("(none)");
	unlink(rejects_path);
	return buf;
}

/* The tool */

struct run {
	bool rejects;		/* --rejects rejects_path */
	bool quiet;
};

static void
run_tool(const void *arg)
{
	const struct run *run = arg;
	struct common_options opt;
	char *files[] = { data_path };
	struct input *in;
	const struct record *rec;
	unsigned long long used = 0;
	money_t amount;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.out.delimiter = ',';
	opt.out.precision = -1;
	opt.decimal = '.';
	opt.rejects = run->rejects ? rejects_path : NULL;
	opt.quiet = run->quiet;
	in = input_open(&opt, files, 1);
	while ((rec = input_next(in)) != NULL) {
		if (money_parse(rec->fields[1].s, rec->fields[1].len, '.',
		    &amount) != NUM_OK)
			input_reject(in, rec, "amount is not a number (%s)",
			    rec->fields[1].s);
		else
			used++;
	}
	fprintf(stderr, "used %llu, rows %llu, rejected %llu\n", used,
	    input_rows(in), input_rejected(in));
	input_close(in);
}

/* The tool's exit status, stderr and rejects file are as wanted. */
static void
check_run(const char *what, const struct run *run, int status,
    const char *err_format, const char *rejects)
{
	struct child res = run_child(run_tool, run, false);
	char want_err[4096];
	char *got_rejects = read_rejects();

	snprintf(want_err, sizeof(want_err), err_format, data_path,
	    rejects_path);
	CHECK_CHILD(res, status, want_err, "%s: exit %d and stderr", what,
	    status);
	CHECK_STR(got_rejects, rejects, "%s: the rejects file", what);
	free(got_rejects);
}

static const struct run strict = { false, false };
static const struct run with_rejects = { true, false };
static const struct run quiet_rejects = { true, true };

static void
test_clean_input(void)
{
	write_data("id,amount\n1,5\n2,7.5\n");
	check_run("clean input, strict", &strict, 0,
	    "used 2, rows 2, rejected 0\n", "(none)");
	check_run("clean input with --rejects", &with_rejects, 0,
	    "used 2, rows 2, rejected 0\n"
	    "test-input: 0 of 2 rows rejected, see %2$s\n",
	    "id,amount,reason\n");
	check_run("clean input with --rejects and -q", &quiet_rejects, 0,
	    "used 2, rows 2, rejected 0\n", "id,amount,reason\n");
}

static void
test_strict(void)
{
	write_data("id,amount\n1,5\n2\n3,x\n");
	check_run("a ragged row stops a strict run", &strict, 1,
	    "test-input: %1$s:3: ragged row: 1 fields, the header has 2\n",
	    "(none)");
	write_data("id,amount\n1,5\n\"3\",\"x\ny\"\n4,1\n");
	check_run("a row the tool rejects stops a strict run", &strict, 1,
	    "test-input: %1$s:3: amount is not a number (x\ny)\n", "(none)");
}

static void
test_rejects(void)
{
	write_data("id,amount\n1,5\n3,x\n4,\"1,5\"\n6,8\n");
	check_run("--rejects: bad rows go there with a reason, the rest is "
	    "used", &with_rejects, 0, "used 2, rows 4, rejected 2\n"
	    "test-input: 2 of 4 rows rejected, see %2$s\n",
	    "id,amount,reason\n3,x,amount is not a number (x)\n"
	    "4,\"1,5\",\"amount is not a number (1,5)\"\n");
	check_run("--rejects -q still reports rejected rows", &quiet_rejects,
	    0, "used 2, rows 4, rejected 2\n"
	    "test-input: 2 of 4 rows rejected, see %2$s\n",
	    "id,amount,reason\n3,x,amount is not a number (x)\n"
	    "4,\"1,5\",\"amount is not a number (1,5)\"\n");
}

/* The reason must land in the reason column, even for a short row. */
static void
test_rejects_ragged(void)
{
	write_data("id,amount\n1,5\n2\n6,8\n");
	check_run("--rejects: a short row is padded so that the reason is in "
	    "the reason column", &with_rejects, 0,
	    "used 2, rows 3, rejected 1\n"
	    "test-input: 1 of 3 rows rejected, see %2$s\n",
	    "id,amount,reason\n2,,\"ragged row: 1 fields, the header has 2\"\n");
}

static void
test_rejects_long_row(void)
{
	struct child res;
	char *got;

	write_data("id,amount\n1,5\n5,1,2\n");
	res = run_child(run_tool, &with_rejects, false);
	got = read_rejects();
	CHECK(res.status == 0 && strcmp(got, "id,amount,reason\n5,1,2,\"ragged "
	    "row: 3 fields, the header has 2\"\n") == 0, "--rejects: a long "
	    "row keeps all its fields, the reason last");
	if (res.status != 0 || strncmp(got, "id,amount,reason\n5,1,2,", 23))
		printf("#   got status %d, rejects '%s'\n", res.status, got);
	free(got);
}

/* record_warn and record_die */

static void
warn_and_die(const void *unused)
{
	struct field fields[1] = { { "x", 1 } };
	struct record rec = { fields, 1, 4, "orders.csv" };
	struct record header = { fields, 1, 0, "stdin" };

	(void)unused;
	record_warn(&rec, "note about %s", "x");
	record_warn(&header, "no record number with -N headers");
	record_die(&rec, "stop (%d)", 7);
}

static void
test_record_messages(void)
{
	struct child res = run_child(warn_and_die, NULL, false);

	CHECK(res.status == 1 && strcmp(res.output, "test-input: orders.csv:4: "
	    "note about x\ntest-input: stdin: no record number with -N "
	    "headers\ntest-input: orders.csv:4: stop (7)\n") == 0,
	    "record_warn goes on, record_die exits 1; both say FILE:RECORD");
	if (res.status != 1)
		printf("#   got status %d, '%s'\n", res.status, res.output);
}

int
main(void)
{
	setprogname("test-input");
	make_paths();
	test_clean_input();
	test_strict();
	test_rejects();
	test_rejects_ragged();
	test_rejects_long_row();
	test_record_messages();
	unlink(data_path);
	unlink(rejects_path);
	rmdir(dir);
	return check_done();
}
