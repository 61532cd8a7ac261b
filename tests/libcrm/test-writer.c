/*
 * test-writer.c: CSV output, checked byte for byte in files written
 * through writer_open(path), which must appear only at writer_close().
 */
#define _GNU_SOURCE	/* mkdtemp, fork, pipe */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "num.h"
#include "run_child.h"
#include "temp_files.h"
#include "util.h"
#include "writer.h"

static char dir[1024];		/* a temporary directory for the outputs */

static const struct out_options plain = { ',', false, false, -1 };

/* dir/name in a static buffer. */
static const char *
out_path(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Show CR, LF and quotes in a message: a copy in a static buffer. */
static const char *
visible(const char *s)
{
	static char buf[2][512];
	static int which;
	char *out = buf[which ^= 1];
	size_t n = 0;

	for (; *s && n + 3 < sizeof(buf[0]); s++) {
		if (*s == '\n' || *s == '\r') {
			out[n++] = '\\';
			out[n++] = *s == '\n' ? 'n' : 'r';
		} else if (*s == '\t') {
			out[n++] = '\\';
			out[n++] = 't';
		} else
			out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

/* The file at name holds exactly want; then it is removed. */
static void
check_file(const char *name, const char *want, const char *what)
{
	const char *path = out_path(name);
	size_t len;
	char *got = slurp(path, &len);

	CHECK(got && len == strlen(want) && memcmp(got, want, len) == 0,
	    "%s", what);
	if (!got || len != strlen(want) || memcmp(got, want, len) != 0)
		printf("#   got  '%s'\n#   want '%s'\n",
		    got ? visible(got) : "(no file)", visible(want));
	free(got);
	unlink(path);
}

/* One field written as text on a line of its own, checked. */
static void
check_cell(const struct out_options *opt, const char *cell, const char *want)
{
	struct writer *w = writer_open(out_path("cell.csv"), opt);
	char what[256];

	writer_string(w, cell);
	writer_end(w);
	writer_close(w);
	snprintf(what, sizeof(what), "'%s' is written as '%s'", visible(cell),
	    visible(want));
	check_file("cell.csv", want, what);
}

static void
test_minimal_quoting(void)
{
	check_cell(&plain, "plain", "plain\n");
	check_cell(&plain, "in side", "in side\n");
	check_cell(&plain, "客户", "客户\n");
	check_cell(&plain, "a;b", "a;b\n");
	check_cell(&plain, "\tx", "\tx\n");
	check_cell(&plain, "00042", "00042\n");
	check_cell(&plain, "a,b", "\"a,b\"\n");
	check_cell(&plain, "say \"hi\"", "\"say \"\"hi\"\"\"\n");
	check_cell(&plain, "\"", "\"\"\"\"\n");
	check_cell(&plain, "line\nbreak", "\"line\nbreak\"\n");
	check_cell(&plain, "cr\rx", "\"cr\rx\"\n");
	check_cell(&plain, "dos\r\n", "\"dos\r\n\"\n");
	check_cell(&plain, " lead", "\" lead\"\n");
	check_cell(&plain, "trail ", "\"trail \"\n");
	check_cell(&plain, " ", "\" \"\n");
	check_cell(&plain, "", "\"\"\n");
}

/* The field as the quoting rules of conventions.md write it. */
static size_t
reference_cell(char delimiter, const char *s, size_t len, char *out)
{
	bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		quote |= s[i] == delimiter || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r';
	if (quote)
		out[n++] = '"';
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			out[n++] = '"';
		out[n++] = s[i];
	}
	if (quote)
		out[n++] = '"';
	return n;
}

/*
 * The writer checks fields a word at a time: a special byte at any
 * place of a field of any length up to three words is found, and the
 * cells around it are written plainly.
 */
static void
test_quoting_every_place(char delimiter)
{
	static const char specials[] = { ',', '\t', '"', '\n', '\r', ' ', 'x',
		'\xe5' };
	struct out_options opt = plain;
	struct writer *w;
	char cell[32], *want = xmalloc(1 << 20), *got;
	size_t n = 0, len, at, k, got_len;

	opt.delimiter = delimiter;
	w = writer_open(out_path("places.csv"), &opt);
	for (len = 1; len <= 24; len++)
		for (at = 0; at < len; at++)
			for (k = 0; k < sizeof(specials); k++) {
				memset(cell, 'a' + (int)(len % 26), len);
				cell[at] = specials[k];
				writer_text(w, cell, len);
				writer_text(w, "ok", 2);
				writer_end(w);
				n += reference_cell(delimiter, cell, len,
				    want + n);
				want[n++] = delimiter;
				memcpy(want + n, "ok\n", 3);
				n += 3;
			}
	writer_close(w);
	got = slurp(out_path("places.csv"), &got_len);
	CHECK(got && got_len == n && memcmp(got, want, n) == 0, "a special "
	    "byte at every place of fields of 1 to 24 bytes is quoted, "
	    "delimiter '%s'", delimiter == '\t' ? "\\t" : ",");
	free(got);
	free(want);
	unlink(out_path("places.csv"));
}

static void
test_records(void)
{
	struct writer *w = writer_open(out_path("rec.csv"), &plain);
	struct field fields[3] = { { "1", 1 }, { "a,b", 3 }, { "", 0 } };
	struct record rec = { fields, 3, 2, "in.csv" };

	writer_string(w, "id");
	writer_string(w, "note");
	writer_string(w, "extra");
	writer_end(w);
	writer_fields(w, &rec);
	writer_end(w);
	writer_empty(w);
	writer_end(w);
	writer_empty(w);
	writer_empty(w);
	writer_end(w);
	writer_text(w, "abc", 2);
	writer_empty(w);
	writer_end(w);
	writer_close(w);
	check_file("rec.csv", "id,note,extra\n1,\"a,b\",\n\"\"\n,\nab,\n",
	    "records: delimiters, a lone empty field as \"\", two empty "
	    "fields as ',', writer_text takes a length");
}

static void
test_typed_fields(void)
{
	struct out_options opt = plain;
	struct writer *w = writer_open(out_path("typed.csv"), &opt);

	writer_int(w, -42);
	writer_int(w, INT64_MIN);
	writer_number(w, 0.1);
	writer_number(w, 1e21);
	writer_number(w, -0.0);
	writer_money(w, 125000);
	writer_money(w, -1);
	writer_date(w, 19787);
	writer_date(w, 0);
	writer_end(w);
	writer_close(w);
	check_file("typed.csv", "-42,-9223372036854775808,0.1,1e21,0,12.5,"
	    "-0.0001,2024-03-05,1970-01-01\n", "int, number, money and date "
	    "in their shortest forms");
	opt.precision = 2;
	w = writer_open(out_path("typed.csv"), &opt);
	writer_int(w, 7);
	writer_number(w, 3.14159);
	writer_number(w, -0.001);
	writer_number(w, 2);
	writer_money(w, 125000);
	writer_money(w, -1);
	writer_money(w, 223450);
	writer_end(w);
	writer_close(w);
	check_file("typed.csv", "7,3.14,0.00,2.00,12.50,0.00,22.35\n",
	    "with precision 2: numbers and money fixed, no -0.00, ints as "
	    "they are");
	opt.precision = 0;
	w = writer_open(out_path("typed.csv"), &opt);
	writer_number(w, 2.7);
	writer_money(w, 125000);
	writer_end(w);
	writer_close(w);
	check_file("typed.csv", "3,13\n", "with precision 0");
}

/*
 * A writer keeps the text of numbers it wrote lately: written again, and
 * after others took their place, each is still the text number_format
 * gives it (k / 7 for k < 10,000 twice over fills the cache's 4,096
 * places twice; -0 and 0 differ in their bits; a long text is not kept).
 */
static void
test_repeated_numbers(void)
{
	static const double odd[] = { -0.0, 0.0, -0.0, -1.2345678901234567e-100,
		-1.2345678901234567e-100, 0.1, 0.1 };
	struct out_options opt = plain;
	size_t len, i, k;
	char *want = xmalloc(1 << 20);
	struct writer *w;
	int pass, precision;

	for (precision = -1; precision <= 3; precision += 4) {
		opt.precision = precision;
		w = writer_open(out_path("numbers.csv"), &opt);
		len = 0;
		for (pass = 0; pass < 2; pass++)
			for (k = 0; k < 10000; k++) {
				writer_number(w, k / 7.0);
				writer_end(w);
				len += number_format(k / 7.0, precision,
				    want + len);
				want[len++] = '\n';
			}
		for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			writer_number(w, odd[i]);
			writer_end(w);
			len += number_format(odd[i], precision, want + len);
			want[len++] = '\n';
		}
		want[len] = '\0';
		writer_close(w);
		check_file("numbers.csv", want, precision < 0 ? "numbers "
		    "written again come out as number_format gives them" :
		    "... and with precision 3");
	}
	free(want);
}

static void
test_excel_safe(void)
{
	struct out_options opt = plain;
	struct writer *w;

	opt.excel_safe = true;
	check_cell(&opt, "=SUM(A1)", "'=SUM(A1)\n");
	check_cell(&opt, "+x", "'+x\n");
	check_cell(&opt, "@x", "'@x\n");
	check_cell(&opt, "-x", "'-x\n");
	check_cell(&opt, "-", "'-\n");
	check_cell(&opt, "=1+2", "'=1+2\n");
	check_cell(&opt, "-5", "-5\n");
	check_cell(&opt, "-1.5e3", "-1.5e3\n");
	check_cell(&opt, "+1", "+1\n");
	check_cell(&opt, "plain", "plain\n");
	check_cell(&opt, "a=b", "a=b\n");
	check_cell(&opt, "=a,b", "\"'=a,b\"\n");
	check_cell(&opt, "=\"x\"", "\"'=\"\"x\"\"\"\n");
	check_cell(&plain, "=SUM(A1)", "=SUM(A1)\n");
	w = writer_open(out_path("typed.csv"), &opt);
	writer_int(w, -5);
	writer_number(w, -2.5);
	writer_money(w, -10000);
	writer_end(w);
	writer_close(w);
	check_file("typed.csv", "-5,-2.5,-1\n", "--excel-safe leaves numbers "
	    "written as numbers alone");
}

static void
test_bom_and_delimiters(void)
{
	struct out_options opt = plain;
	struct writer *w;

	opt.bom = true;
	w = writer_open(out_path("bom.csv"), &opt);
	writer_string(w, "id");
	writer_end(w);
	writer_close(w);
	check_file("bom.csv", "\xef\xbb\xbfid\n", "--bom starts the file with "
	    "EF BB BF");
	opt = plain;
	opt.delimiter = ';';
	w = writer_open(out_path("semi.csv"), &opt);
	writer_string(w, "a;b");
	writer_string(w, "a,b");
	writer_money(w, 15000);
	writer_end(w);
	writer_close(w);
	check_file("semi.csv", "\"a;b\";a,b;1.5\n", "';' delimiter: ';' is "
	    "quoted, ',' is not");
	opt.delimiter = '\t';
	w = writer_open(out_path("tab.csv"), &opt);
	writer_string(w, "x\ty");
	writer_string(w, "a,b");
	writer_string(w, "c");
	writer_end(w);
	writer_close(w);
	check_file("tab.csv", "\"x\ty\"\ta,b\tc\n", "tab delimiter: a tab is "
	    "quoted, ',' is not");
	opt.delimiter = '.';
	w = writer_open(out_path("dot.csv"), &opt);
	writer_int(w, 7);
	writer_number(w, 0.5);
	writer_money(w, 15000);
	writer_date(w, 0);
	writer_end(w);
	writer_close(w);
	check_file("dot.csv", "7.\"0.5\".\"1.5\".1970-01-01\n", "'.' "
	    "delimiter: numbers with a decimal point are quoted");
	opt.delimiter = '-';
	w = writer_open(out_path("dash.csv"), &opt);
	writer_int(w, -7);
	writer_date(w, 0);
	writer_money(w, 15000);
	writer_end(w);
	writer_close(w);
	check_file("dash.csv", "\"-7\"-\"1970-01-01\"-1.5\n", "'-' "
	    "delimiter: negative numbers and dates are quoted");
}

static void
test_raw(void)
{
	struct writer *w = writer_open(out_path("raw.ics"), &plain);

	writer_raw(w, "BEGIN:VCALENDAR\r\n", 17);
	writer_raw(w, "a,\"b\"\r\n", 7);
	writer_close(w);
	check_file("raw.ics", "BEGIN:VCALENDAR\r\na,\"b\"\r\n",
	    "writer_raw writes bytes unchanged");
}

/* Atomic output */

/* Lines "i,row-i" for i < n. */
static void
write_rows(struct writer *w, int n)
{
	char buf[32];
	int i;

	for (i = 0; i < n; i++) {
		writer_int(w, i);
		snprintf(buf, sizeof(buf), "row-%d", i);
		writer_string(w, buf);
		writer_end(w);
	}
}

static bool
rows_ok(const char *text, int n)
{
	char buf[32];
	int i;

	for (i = 0; i < n; i++) {
		int len = snprintf(buf, sizeof(buf), "%d,row-%d\n", i, i);

		if (strncmp(text, buf, (size_t)len) != 0)
			return false;
		text += len;
	}
	return *text == '\0';
}

static void
test_atomic_new_file(void)
{
	const char *path = out_path("new.csv");
	struct writer *w = writer_open(path, &plain);
	struct stat st;
	char *got;
	mode_t mask = umask(022);

	write_rows(w, 100000);	/* well past the writer's buffer */
	CHECK(access(path, F_OK) == -1, "the target does not exist before "
	    "writer_close");
	CHECK(count_dir_entries(dir) == 0, "no visible temporary file in the "
	    "directory while writing");
	writer_close(w);
	got = slurp(path, NULL);
	CHECK(got && rows_ok(got, 100000), "after writer_close the file has "
	    "all 100000 rows");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0644,
	    "a new file has mode 0666 & ~umask (0644; got %o)",
	    (unsigned)(st.st_mode & 07777));
	CHECK(count_dir_entries(dir) == 1, "only the target is left in the "
	    "directory");
	free(got);
	unlink(path);
	umask(mask);
}

static void
test_atomic_replace(void)
{
	const char *path = out_path("old.csv");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	struct writer *w;
	struct stat st;
	char *got;

	if (fd != -1) {
		(void)!write(fd, "old content\n", 12);
		fchmod(fd, 0640);
		close(fd);
	}
	w = writer_open(path, &plain);
	write_rows(w, 20000);
	got = slurp(path, NULL);
	CHECK_STR(got, "old content\n", "the old file is intact until "
	    "writer_close");
	free(got);
	writer_close(w);
	got = slurp(path, NULL);
	CHECK(got && rows_ok(got, 20000), "writer_close replaces the old "
	    "file with the whole new content");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "the replaced file keeps its mode 0640 (got %o)",
	    (unsigned)(st.st_mode & 07777));
	CHECK(count_dir_entries(dir) == 1, "no temporary file is left behind");
	free(got);
	unlink(path);
}

/* Children: standard output, errors, a run that fails half-way */

/* The functions the children run take a path. */
static void
write_two_rows(const void *path)
{
	struct writer *w = writer_open(path, &plain);

	write_rows(w, 2);
	writer_close(w);
}

static void
write_to_full(const void *path)
{
	int fd = open("/dev/full", O_WRONLY);

	dup2(fd, STDOUT_FILENO);
	write_two_rows(path);
}

/*
 * Write 300000 rows, then stop as a failed run does. The writer stays
 * reachable so that LeakSanitizer does not count it as a leak at exit.
 */
static struct writer *volatile dying_writer;

static void
die_half_way(const void *path)
{
	dying_writer = writer_open(path, &plain);
	write_rows(dying_writer, 300000);
	die("stopping half-way");
}

static void
write_relative(const void *directory)
{
	if (chdir(directory) == 0)
		write_two_rows("relative.csv");
}

static void
test_stdout(void)
{
	struct child res = run_child(write_two_rows, NULL, true);

	CHECK(res.status == 0 && strcmp(res.output, "0,row-0\n1,row-1\n") == 0,
	    "path NULL writes standard output");
	res = run_child(write_two_rows, "-", true);
	CHECK(res.status == 0 && strcmp(res.output, "0,row-0\n1,row-1\n") == 0,
	    "path '-' writes standard output");
	res = run_child(write_to_full, NULL, true);
	CHECK(res.status == 1 && strcmp(res.output, "test-writer: write error: "
	    "No space left on device\n") == 0, "standard output on /dev/full: "
	    "exit 1 and 'write error' (status %d, '%s')", res.status,
	    visible(res.output));
}

static void
test_failures(void)
{
	struct child res;
	char *got;

	res = run_child(die_half_way, out_path("half.csv"), true);
	CHECK(res.status == 1 && access(out_path("half.csv"), F_OK) == -1 &&
	    count_dir_entries(dir) == 0, "a run that dies after 300000 rows "
	    "leaves no file at all (status %d)", res.status);
	res = run_child(write_two_rows, "/nonexistent/dir/out.csv", true);
	CHECK(res.status == 1 && strcmp(res.output, "test-writer: "
	    "/nonexistent/dir/out.csv: cannot create output in "
	    "/nonexistent/dir: No such file or directory\n") == 0,
	    "a missing directory: exit 1 and the message ('%s')",
	    visible(res.output));
	res = run_child(write_relative, dir, true);
	got = slurp(out_path("relative.csv"), NULL);
	CHECK(res.status == 0 && got && strcmp(got, "0,row-0\n1,row-1\n") == 0,
	    "a path without a directory is written in the current one");
	free(got);
	unlink(out_path("relative.csv"));
	CHECK(count_dir_entries(dir) == 0, "nothing else was left behind");
}

/* What -o does with links, FIFOs, streams, and without O_TMPFILE */

static void
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd != -1) {
		(void)!write(fd, text, strlen(text));
		close(fd);
	}
}

static void
test_symlinks(void)
{
	char link_path[PATH_MAX], target[PATH_MAX], got_link[PATH_MAX];
	struct writer *w;
	struct stat st;
	char *got;
	ssize_t n;

	snprintf(link_path, sizeof(link_path), "%s", out_path("link.csv"));
	snprintf(target, sizeof(target), "%s", out_path("target.csv"));
	write_file(target, "old\n");
	CHECK(symlink("target.csv", link_path) == 0, "symlink");
	w = writer_open(link_path, &plain);
	write_rows(w, 3);
	writer_close(w);
	n = readlink(link_path, got_link, sizeof(got_link) - 1);
	got_link[n > 0 ? n : 0] = '\0';
	CHECK(lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    strcmp(got_link, "target.csv") == 0, "a link written through "
	    "stays the same link");
	got = slurp(target, NULL);
	CHECK(got && rows_ok(got, 3), "and its target holds the output");
	free(got);
	unlink(target);
	w = writer_open(link_path, &plain);
	write_rows(w, 2);
	writer_close(w);
	got = slurp(target, NULL);
	CHECK(got && rows_ok(got, 2) && lstat(link_path, &st) == 0 &&
	    S_ISLNK(st.st_mode), "a dangling link's target is created, the "
	    "link kept");
	free(got);
	unlink(target);
	unlink(link_path);
	CHECK(count_dir_entries(dir) == 0, "nothing else is left");
}

static void
test_fifo(void)
{
	const char *path = out_path("fifo");
	struct writer *w;
	struct stat st;
	char buf[64];
	int fds[2], status;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (mkfifo(path, 0600) == -1 || pipe(fds) == -1) {
		CHECK(0, "mkfifo");
		return;
	}
	fflush(stdout);
	if ((pid = fork()) == 0) {	/* the reader, back to us on a pipe */
		int fd = open(path, O_RDONLY);

		close(fds[0]);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			(void)!write(fds[1], buf, (size_t)n);
		_exit(0);
	}
	close(fds[1]);
	w = writer_open(path, &plain);
	write_rows(w, 2);
	writer_close(w);
	while ((n = read(fds[0], buf + used, sizeof(buf) - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	CHECK(strcmp(buf, "0,row-0\n1,row-1\n") == 0, "a FIFO's reader gets "
	    "the output ('%s')", visible(buf));
	CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    count_dir_entries(dir) == 1, "and the FIFO is still there, alone");
	unlink(path);
}

static void
write_dev_stdout(const void *unused)
{
	(void)unused;
	write_two_rows("/dev/stdout");
}

static void
write_directory(const void *unused)
{
	(void)unused;
	write_two_rows(dir);
}

static void
write_socket(const void *path)
{
	write_two_rows(path);
}

/* A Unix socket bound at dir/sock; the descriptor, or -1. */
static int
bind_socket(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *path = out_path("sock");
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -1;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd != -1 && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void
test_streams_and_directories(void)
{
	struct child res = run_child(write_dev_stdout, NULL, true);
	int sock;

	CHECK_CHILD(res, 0, "0,row-0\n1,row-1\n", "/dev/stdout is standard "
	    "output");
	res = run_child(write_directory, NULL, true);
	CHECK(res.status == 1 && strstr(res.output, ": is a directory\n"),
	    "a directory: exit 1, 'is a directory' ('%s')",
	    visible(res.output));
	if ((sock = bind_socket()) == -1) {
		CHECK(0, "a Unix socket to write to");
		return;
	}
	res = run_child(write_socket, out_path("sock"), true);
	CHECK(res.status == 1 && strstr(res.output, "sock: is a socket, not "
	    "a file\n"), "a socket: exit 1, 'is a socket' ('%s')",
	    visible(res.output));
	close(sock);
	unlink(out_path("sock"));
}

/* Named temporary files (CRM_TMPFILE=named), as without O_TMPFILE */

/* A target of NAME_MAX bytes: the hidden name is cut to fit. */
static void
test_long_name(void)
{
	char name[NAME_MAX + 1];
	struct writer *w;
	char *got;

	memset(name, 'n', NAME_MAX);
	memcpy(name + NAME_MAX - 4, ".csv", 5);
	w = writer_open(out_path(name), &plain);
	write_rows(w, 2);
	CHECK(count_dir_entries(dir) == 1, "a name of NAME_MAX bytes gets a "
	    "shorter hidden temporary name");
	writer_close(w);
	got = slurp(out_path(name), NULL);
	CHECK(got && rows_ok(got, 2) && count_dir_entries(dir) == 1,
	    "and becomes the file");
	free(got);
	unlink(out_path(name));
}

static void
test_named_fallback(void)
{
	const char *path = out_path("named.csv");
	struct writer *w;
	struct child res;
	char *got;

	setenv("CRM_TMPFILE", "named", 1);
	write_file(path, "old\n");
	w = writer_open(path, &plain);
	write_rows(w, 100000);
	CHECK(count_dir_entries(dir) == 2, "while writing: the old file and "
	    "a hidden temporary file");
	got = slurp(path, NULL);
	CHECK_STR(got, "old\n", "the old file is intact until writer_close");
	free(got);
	writer_close(w);
	got = slurp(path, NULL);
	CHECK(got && rows_ok(got, 100000) && count_dir_entries(dir) == 1,
	    "after writer_close: the new file, alone");
	free(got);
	res = run_child(die_half_way, path, true);
	got = slurp(path, NULL);
	CHECK(res.status == 1 && got && rows_ok(got, 100000) &&
	    count_dir_entries(dir) == 1, "a run that dies half-way removes "
	    "its temporary file and leaves the old file (status %d)",
	    res.status);
	free(got);
	unlink(path);
	test_long_name();
	unsetenv("CRM_TMPFILE");
}

/* Writes rows, then is killed by signal sig half-way; *sig in, status out. */
static int
killed_half_way(const char *path, int sig)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		dying_writer = writer_open(path, &plain);
		write_rows(dying_writer, 300000);
		raise(sig);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status))
		return 0;
	return WTERMSIG(status);
}

static void
test_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	const char *path = out_path("sig.csv");
	size_t i;
	char *got;

	setenv("CRM_TMPFILE", "named", 1);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		write_file(path, "old\n");
		CHECK(killed_half_way(path, sigs[i]) == sigs[i],
		    "killed by signal %d, the status says so", sigs[i]);
		got = slurp(path, NULL);
		CHECK(got && strcmp(got, "old\n") == 0 &&
		    count_dir_entries(dir) == 1, "and its named temporary "
		    "file is gone, the old file intact");
		free(got);
	}
	CHECK(killed_half_way(path, SIGKILL) == SIGKILL &&
	    count_dir_entries(dir) == 2, "SIGKILL leaves the named temporary "
	    "file: nothing can remove it");
	unsetenv("CRM_TMPFILE");
	CHECK(killed_half_way(out_path("sig2.csv"), SIGKILL) == SIGKILL &&
	    count_dir_entries(dir) == 2, "but an unnamed one leaves nothing");
	remove_all(dir);
}

int
main(void)
{
	setprogname("test-writer");
	make_temp_dir(dir, sizeof(dir), "test-writer");
	test_minimal_quoting();
	test_quoting_every_place(',');
	test_quoting_every_place('\t');
	test_records();
	test_typed_fields();
	test_repeated_numbers();
	test_excel_safe();
	test_bom_and_delimiters();
	test_raw();
	test_atomic_new_file();
	test_atomic_replace();
	test_stdout();
	test_failures();
	test_symlinks();
	test_fifo();
	test_streams_and_directories();
	test_named_fallback();
	test_signals();
	rmdir(dir);
	return check_done();
}
