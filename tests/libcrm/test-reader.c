/*
 * test-reader.c: the streaming CSV reader, on temporary files.
 *
 * Records are dumped as "RECNO[field][field]...\n" (the header first, CR
 * and LF inside fields shown as \r and \n) and compared with the text we
 * expect. Every format test runs twice: with the reader's own parser and
 * with reference_parser (libcsv for every byte). Errors exit the process,
 * so they run in a child whose exit status and stderr are checked.
 */
#define _GNU_SOURCE	/* mkstemp, fork, pipe */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "check.h"
#include "reader.h"
#include "run_child.h"
#include "util.h"

enum { MIB = 1 << 20, CHUNK = READER_CHUNK };

/* Temporary files, removed at the end */

static char *temp_paths[64];
static size_t ntemp;

static char *
write_temp(const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(4096);
	int fd;

	snprintf(path, 4096, "%s/test-reader-XXXXXX", dir && *dir ? dir :
	    "/tmp");
	if ((fd = mkstemp(path)) == -1 || write(fd, data, len) != (ssize_t)len
	    || close(fd) == -1) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	if (ntemp < sizeof(temp_paths) / sizeof(temp_paths[0]))
		temp_paths[ntemp++] = path;
	return path;
}

static char *
write_temp_string(const char *s)
{
	return write_temp(s, strlen(s));
}

static void
remove_temps(void)
{
	while (ntemp > 0) {
		unlink(temp_paths[--ntemp]);
		free(temp_paths[ntemp]);
	}
}

/* A growing string */

struct text {
	char *s;
	size_t len, cap;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = grow_capacity(t->cap, t->len + n + 1);
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
text_addf(struct text *t, const char *fmt, unsigned long long v)
{
	char buf[32];

	text_add(t, buf, (size_t)snprintf(buf, sizeof(buf), fmt, v));
}

static void
dump_record(struct text *t, const struct record *rec)
{
	size_t i, j;

	text_addf(t, "%llu", rec->recno);
	for (i = 0; i < rec->nfields; i++) {
		const struct field *f = &rec->fields[i];

		text_add(t, "[", 1);
		for (j = 0; j < f->len; j++)
			if (f->s[j] == '\n')
				text_add(t, "\\n", 2);
			else if (f->s[j] == '\r')
				text_add(t, "\\r", 2);
			else
				text_add(t, f->s + j, 1);
		text_add(t, "]", 1);
		if (f->s[f->len] != '\0')
			text_add(t, "<not NUL-terminated>", 20);
	}
	text_add(t, "\n", 1);
}

/* Header and records of files, dumped; free() the result. */
static char *
read_dump(char *const *files, size_t nfiles, const struct csv_options *opt)
{
	struct reader *r = reader_open(files, nfiles, opt);
	const struct record *rec;
	struct text t = { NULL, 0, 0 };

	text_add(&t, "", 0);
	dump_record(&t, reader_header(r));
	while ((rec = reader_next(r)) != NULL)
		dump_record(&t, rec);
	reader_close(r);
	return t.s;
}

static const char *
parser_name(const struct csv_options *opt)
{
	return opt->reference_parser ? "libcsv" : "reader";
}

/* content, read with opt, dumps as want. */
static void
check_read(const char *what, const char *content, size_t len,
    const struct csv_options *opt, const char *want)
{
	char *path = write_temp(content, len);
	char *got = read_dump(&path, 1, opt);

	CHECK(strcmp(got, want) == 0, "%s (%s)", what, parser_name(opt));
	if (strcmp(got, want) != 0)
		printf("#   got:\n%s#   want:\n%s", got, want);
	free(got);
}

#define CHECK_READ(what, lit, opt, want) \
	check_read(what, lit, sizeof(lit) - 1, opt, want)

static void
test_line_ends(const struct csv_options *opt)
{
	const char *want = "1[id][amount]\n2[1][2.5]\n3[2][-1]\n";

	CHECK_READ("LF", "id,amount\n1,2.5\n2,-1\n", opt, want);
	CHECK_READ("CRLF", "id,amount\r\n1,2.5\r\n2,-1\r\n", opt, want);
	CHECK_READ("bare CR", "id,amount\r1,2.5\r2,-1\r", opt, want);
	CHECK_READ("no final newline", "id,amount\n1,2.5\n2,-1", opt, want);
	CHECK_READ("mixed line ends", "id,amount\r\n1,2.5\n2,-1\r", opt,
	    want);
	CHECK_READ("blank lines are not records",
	    "\nid,amount\n\n1,2.5\r\n\r\n\n2,-1\n\n", opt, want);
	CHECK_READ("header only", "id,amount\n", opt, "1[id][amount]\n");
}

static void
test_quoting(const struct csv_options *opt)
{
	CHECK_READ("quoted fields: delimiter, quotes, LF, CRLF",
	    "id,note\n"
	    "1,\"a,b\"\n"
	    "2,\"say \"\"hi\"\"\"\n"
	    "3,\"line1\nline2\"\n"
	    "4,\"dos\r\nline\"\r\n"
	    "5,\"\"\n"
	    "6,x\n", opt,
	    "1[id][note]\n2[1][a,b]\n3[2][say \"hi\"]\n"
	    "4[3][line1\\nline2]\n5[4][dos\\r\\nline]\n6[5][]\n7[6][x]\n");
	CHECK_READ("a quoted field spanning lines is one record",
	    "id,note\n1,\"a\n\nb\n\"\n2,c\n", opt,
	    "1[id][note]\n2[1][a\\n\\nb\\n]\n3[2][c]\n");
	CHECK_READ("empty fields", "a,b,c\n,,\n\"\",,\"\"\n", opt,
	    "1[a][b][c]\n2[][][]\n3[][][]\n");
	CHECK_READ("ragged rows are passed on as they are",
	    "a,b\n1\n1,2,3\n", opt, "1[a][b]\n2[1]\n3[1][2][3]\n");
	CHECK_READ("identifiers stay text", "id\n00042\n1.2E+10\n", opt,
	    "1[id]\n2[00042]\n3[1.2E+10]\n");
	CHECK_READ("UTF-8 text passes through", "客户编号,金额\nC1,¥12\n", opt,
	    "1[客户编号][金额]\n2[C1][¥12]\n");
}

/* conventions.md: libcsv is used with no trimming. */
static void
test_no_trimming(const struct csv_options *opt)
{
	CHECK_READ("blanks around unquoted fields are kept",
	    "id,name\n1, Ann \n2,\tBob\t\n", opt,
	    "1[id][name]\n2[1][ Ann ]\n3[2][\tBob\t]\n");
	CHECK_READ("blanks inside quoted fields are kept",
	    "id,name\n1,\" Ann \"\n", opt, "1[id][name]\n2[1][ Ann ]\n");
}

static void
test_bom(const struct csv_options *opt)
{
	CHECK_READ("a UTF-8 BOM is stripped", "\xef\xbb\xbfid,amount\n1,2\n",
	    opt, "1[id][amount]\n2[1][2]\n");
	CHECK_READ("a BOM before a quoted header",
	    "\xef\xbb\xbf\"id\",amount\n1,2\n", opt, "1[id][amount]\n2[1][2]\n");
	CHECK_READ("a BOM later in the file is text",
	    "id\n\xef\xbb\xbfx\n", opt, "1[id]\n2[\xef\xbb\xbfx]\n");
}

static void
test_delimiters(const struct csv_options *base)
{
	struct csv_options opt = *base;

	opt.delimiter = '\t';
	CHECK_READ("tab delimiter", "id\tnote\n1\ta,b\n2\t\"x\ty\"\n", &opt,
	    "1[id][note]\n2[1][a,b]\n3[2][x\ty]\n");
	opt.delimiter = ';';
	CHECK_READ("';' delimiter", "id;amount\n1;2,5\n2;\"a;b\"\n", &opt,
	    "1[id][amount]\n2[1][2,5]\n3[2][a;b]\n");
	opt.delimiter = '|';
	CHECK_READ("'|' delimiter", "a|b\n1|2\n", &opt, "1[a][b]\n2[1][2]\n");
}

static void
test_no_header(const struct csv_options *base)
{
	struct csv_options opt = *base;

	opt.no_header = true;
	CHECK_READ("-N: columns are named 1..n, every line is data",
	    "7,x,y\n8,z,w\n", &opt, "0[1][2][3]\n1[7][x][y]\n2[8][z][w]\n");
	CHECK_READ("-N on empty input: no columns, no records", "", &opt,
	    "0\n");
	CHECK_READ("-N with a BOM", "\xef\xbb\xbf" "1,2\n", &opt,
	    "0[1][2]\n1[1][2]\n");
}

/* Several files with one header each are one stream. */
static void
test_several_files(const struct csv_options *base)
{
	char *files[3];
	const char *names[8];
	struct reader *r;
	const struct record *rec;
	struct text t = { NULL, 0, 0 };
	size_t n = 0;
	bool named = true;

	files[0] = write_temp_string("id,v\n1,a\n2,b\n");
	files[1] = write_temp_string("\xef\xbb\xbfid,v\r\n3,c\r\n");
	files[2] = write_temp_string("id,v\n");
	r = reader_open(files, 3, base);
	text_add(&t, "", 0);
	while ((rec = reader_next(r)) != NULL) {
		dump_record(&t, rec);
		if (n < 8)
			names[n++] = rec->file;
	}
	CHECK_STR(t.s, "2[1][a]\n3[2][b]\n2[3][c]\n", "three files read as one "
	    "stream; record numbers restart per file (%s)", parser_name(base));
	named = n == 3 && strcmp(names[0], files[0]) == 0 &&
	    strcmp(names[1], files[0]) == 0 && strcmp(names[2], files[1]) == 0;
	CHECK(named, "each record names its own file (%s)", parser_name(base));
	CHECK(reader_rows(r) == 3, "reader_rows counts 3 data records (%s)",
	    parser_name(base));
	CHECK(strcmp(reader_header(r)->file, files[0]) == 0 &&
	    reader_header(r)->recno == 1, "the header is record 1 of the "
	    "first file (%s)", parser_name(base));
	reader_close(r);
	free(t.s);
}

static void
test_several_files_no_header(const struct csv_options *base)
{
	struct csv_options opt = *base;
	char *files[2];
	char *got;

	opt.no_header = true;
	files[0] = write_temp_string("1,a\n2,b\n");
	files[1] = write_temp_string("3,c\n");
	got = read_dump(files, 2, &opt);
	CHECK_STR(got, "0[1][2]\n1[1][a]\n2[2][b]\n1[3][c]\n", "-N with two "
	    "files: every line of both is data (%s)", parser_name(base));
	free(got);
}

static void
test_max_field(const struct csv_options *base)
{
	struct csv_options opt = *base;

	opt.max_field = 16;
	CHECK_READ("fields of exactly max_field bytes are read",
	    "id,note\n1,0123456789abcdef\n2,\"0123456789abcde\"\"\"\n", &opt,
	    "1[id][note]\n2[1][0123456789abcdef]\n"
	    "3[2][0123456789abcde\"]\n");
}

/*
 * Fields of 5.4 MB, quoted and not, over several chunks: libcsv collects
 * them in a buffer whose growth block grows with it (LIBCSV_BLOCK); the
 * text comes out whole.
 */
static void
test_long_fields(const struct csv_options *base)
{
	static const char quoted[] = "x,y\n\"\"z", unquoted[] = "0123456789";
	static const char as_read[] = "x,y\n\"z";	/* quoted, as read */
	struct csv_options opt = *base;
	size_t reps = 900000, n = 6 * reps, i;
	struct text t = { NULL, 0, 0 };
	const struct record *rec;
	struct reader *r;
	char *path;
	bool whole = true;

	opt.max_field = 8u << 20;
	text_add(&t, "a,b\n\"", 5);
	for (i = 0; i < reps; i++)
		text_add(&t, quoted, 7);
	text_add(&t, "\",", 2);
	for (i = 0; i < n; i++)
		text_add(&t, &unquoted[i % 10], 1);
	text_add(&t, "\n", 1);
	path = write_temp(t.s, t.len);
	r = reader_open(&path, 1, &opt);
	rec = reader_next(r);
	for (i = 0; rec != NULL && rec->nfields == 2 && i < n; i++)
		whole = whole && rec->fields[0].s[i] == as_read[i % 6] &&
		    rec->fields[1].s[i] == unquoted[i % 10];
	CHECK(rec != NULL && rec->nfields == 2 && rec->fields[0].len == n &&
	    rec->fields[1].len == n && whole && reader_next(r) == NULL,
	    "two fields of 5.4 MB, quoted and not, are read whole (%s)",
	    parser_name(base));
	reader_close(r);
	free(t.s);
}

/* The big file: three chunks and more, their ends at chosen places */

/* Record i: its padding lengthens the quoted note. Returns its length. */
static size_t
big_record(char *out, size_t i, size_t pad)
{
	int n = sprintf(out, "%zu,cust-%zu,\"note %zu, \"\"q\"\" \n", i, i, i);

	memset(out + n, 'x', pad);
	n += (int)pad;
	n += sprintf(out + n, "\",tail-%zu\r\n", i);
	return (size_t)n;
}

struct big_file {
	struct text data;
	size_t *pads;		/* padding of each record */
	size_t nrecords;
};

static void
big_append(struct big_file *big, size_t pad)
{
	char buf[2048];
	size_t i = big->nrecords++;

	big->pads = xreallocarray(big->pads, big->nrecords,
	    sizeof(*big->pads));
	big->pads[i] = pad;
	text_add(&big->data, buf, big_record(buf, i, pad));
}

/*
 * Offsets in a record where a chunk boundary is put: between the two
 * quotes of the doubled quote, inside "cust-", between CR and LF.
 */
static size_t
boundary_offset(size_t i, int where)
{
	char buf[2048];
	size_t len = big_record(buf, i, 7);

	if (where == 0)
		return (size_t)(strstr(buf, "\"\"") - buf) + 1;
	if (where == 1)
		return (size_t)(strchr(buf, ',') - buf) + 3;
	return len - 1;
}

/* Records of varied length, with a filler before each boundary. */
static void
make_big_file(struct big_file *big)
{
	char buf[2048];
	size_t boundary = CHUNK, target, base;
	int where = 0;

	memset(big, 0, sizeof(*big));
	text_add(&big->data, "id,name,note,tail\r\n", 19);
	while (big->data.len < 3 * CHUNK + 200000) {
		if (where < 3 && boundary - big->data.len < 1200) {
			/* filler i so that record i + 1 meets the boundary */
			target = boundary - boundary_offset(big->nrecords + 1,
			    where);
			base = big_record(buf, big->nrecords, 0);
			big_append(big, target - big->data.len - base);
			big_append(big, 7);
			boundary += CHUNK;
			where++;
			continue;
		}
		big_append(big, (big->nrecords * 37) % 300);
	}
}

static bool
big_field_ok(const struct field *f, const char *want, size_t len)
{
	return f->len == len && memcmp(f->s, want, len) == 0 &&
	    f->s[len] == '\0';
}

/* Record i of the big file as read. */
static bool
big_record_ok(const struct big_file *big, const struct record *rec, size_t i)
{
	char want[2048];
	size_t n;

	if (rec->nfields != 4 || rec->recno != i + 2)
		return false;
	n = (size_t)sprintf(want, "%zu", i);
	if (!big_field_ok(&rec->fields[0], want, n))
		return false;
	n = (size_t)sprintf(want, "cust-%zu", i);
	if (!big_field_ok(&rec->fields[1], want, n))
		return false;
	n = (size_t)sprintf(want, "note %zu, \"q\" \n", i);
	memset(want + n, 'x', big->pads[i]);
	if (!big_field_ok(&rec->fields[2], want, n + big->pads[i]))
		return false;
	n = (size_t)sprintf(want, "tail-%zu", i);
	return big_field_ok(&rec->fields[3], want, n);
}

static void
check_boundaries(const struct big_file *big)
{
	const char *d = big->data.s;

	CHECK(d[CHUNK - 1] == '"' && d[CHUNK] == '"' && d[CHUNK + 1] == 'q',
	    "big file: the first chunk ends between the quotes of a doubled "
	    "quote");
	CHECK(memcmp(d + 2 * CHUNK - 2, "cu", 2) == 0 &&
	    memcmp(d + 2 * CHUNK, "st-", 3) == 0,
	    "big file: the second chunk ends inside an unquoted field");
	CHECK(d[3 * CHUNK - 1] == '\r' && d[3 * CHUNK] == '\n',
	    "big file: the third chunk ends between CR and LF");
}

static void
test_big_file(const struct csv_options *opt)
{
	struct big_file big;
	char *path;
	struct reader *r;
	const struct record *rec;
	size_t i = 0, bad = 0;

	make_big_file(&big);
	if (!opt->reference_parser)
		check_boundaries(&big);
	path = write_temp(big.data.s, big.data.len);
	r = reader_open(&path, 1, opt);
	while ((rec = reader_next(r)) != NULL) {
		if (i >= big.nrecords || !big_record_ok(&big, rec, i)) {
			if (bad++ < 3)
				printf("# big file: record %zu (recno %llu) "
				    "differs\n", i, rec->recno);
		}
		i++;
	}
	CHECK(i == big.nrecords && bad == 0, "big file: %zu records over 3 "
	    "chunk boundaries read back exactly (%zu read, %zu wrong) (%s)",
	    big.nrecords, i, bad, parser_name(opt));
	CHECK(reader_rows(r) == big.nrecords, "big file: reader_rows (%s)",
	    parser_name(opt));
	reader_close(r);
	free(big.data.s);
	free(big.pads);
}

/* GBK input converted with iconv */

static void
test_gbk(const struct csv_options *base)
{
	struct csv_options opt = *base;

	opt.encoding = "gbk";
	/* 客户编号,金额 / C1,张三 in GBK */
	CHECK_READ("--encoding gbk converts to UTF-8",
	    "\xbf\xcd\xbb\xa7\xb1\xe0\xba\xc5,\xbd\xf0\xb6\xee\r\n"
	    "C1,\xd5\xc5\xc8\xfd\r\n", &opt,
	    "1[\xe5\xae\xa2\xe6\x88\xb7\xe7\xbc\x96\xe5\x8f\xb7]"
	    "[\xe9\x87\x91\xe9\xa2\x9d]\n"
	    "2[C1][\xe5\xbc\xa0\xe4\xb8\x89]\n");
	opt.encoding = "GB18030";
	CHECK_READ("--encoding GB18030", "\xbf\xcd\xbb\xa7\n1\n", &opt,
	    "1[\xe5\xae\xa2\xe6\x88\xb7]\n2[1]\n");
	CHECK_READ("--encoding GB18030 strips its byte-order mark (84 31 95 "
	    "33, U+FEFF)", "\x84\x31\x95\x33id\n1\n", &opt, "1[id]\n2[1]\n");
	opt.encoding = "UTF-8";
	CHECK_READ("--encoding UTF-8 reads UTF-8 and strips the BOM",
	    "\xef\xbb\xbf\xe5\xae\xa2\n1\n", &opt, "1[\xe5\xae\xa2]\n2[1]\n");
}

/*
 * A GBK file longer than the reader's raw buffer (half a chunk), with a
 * two-byte character cut by the end of the first read. Each record is
 * "N,张三张三张三张三张三"; the dump lists the record numbers whose name
 * came back as that UTF-8 text.
 */
static const char zhang_san_gbk[] = "\xd5\xc5\xc8\xfd\xd5\xc5\xc8\xfd"
    "\xd5\xc5\xc8\xfd\xd5\xc5\xc8\xfd\xd5\xc5\xc8\xfd";
static const char zhang_san_utf8[] = "张三张三张三张三张三";

/*
 * How many x to put before a record whose names would start at names,
 * so that cut falls on the lead byte of one of its characters, not on a
 * trail byte, its line end or the number of the record after it.
 */
static size_t
pad_to_lead(size_t cut, size_t names, size_t next_number)
{
	const size_t len = sizeof(zhang_san_gbk) - 1, off = cut - names;

	if (cut < names)
		return 0;
	if (off < len)
		return off % 2;
	/* on its line end or the next number: back to its last lead byte */
	return off < len + 1 + next_number ? off - (len - 2) : 0;
}

static void
make_gbk_file(struct text *gbk, struct text *want)
{
	const size_t cut = CHUNK / 2 - 1;	/* last byte of the first read */
	unsigned long long i;
	size_t names, pad;

	text_add(gbk, "id,name\n", 8);
	for (i = 0; gbk->len < 700000; i++) {
		names = gbk->len + (size_t)snprintf(NULL, 0, "%llu,", i);
		pad = pad_to_lead(cut, names,
		    (size_t)snprintf(NULL, 0, "%llu,", i + 1));
		while (pad-- > 0)
			text_add(gbk, "x", 1);
		text_addf(gbk, "%llu,", i);
		text_add(gbk, zhang_san_gbk, sizeof(zhang_san_gbk) - 1);
		text_add(gbk, "\n", 1);
		text_addf(want, "%llu\n", i + 2);
	}
}

static void
test_gbk_across_reads(const struct csv_options *base)
{
	struct csv_options opt = *base;
	struct text gbk = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	struct text got = { NULL, 0, 0 };
	char *path;
	struct reader *r;
	const struct record *rec;

	opt.encoding = "gbk";
	make_gbk_file(&gbk, &want);
	CHECK((gbk.s[CHUNK / 2 - 1] == '\xd5' && gbk.s[CHUNK / 2] == '\xc5') ||
	    (gbk.s[CHUNK / 2 - 1] == '\xc8' && gbk.s[CHUNK / 2] == '\xfd'),
	    "GBK file: the end of the first read falls inside a two-byte "
	    "character");
	path = write_temp(gbk.s, gbk.len);
	r = reader_open(&path, 1, &opt);
	text_add(&got, "", 0);
	while ((rec = reader_next(r)) != NULL)
		if (rec->nfields == 2 && strcmp(rec->fields[1].s,
		    zhang_san_utf8) == 0)
			text_addf(&got, "%llu\n", rec->recno);
	reader_close(r);
	CHECK(strcmp(got.s, want.s) == 0, "GBK file of %zu bytes across the "
	    "end of the first read converts every record (%s)", gbk.len,
	    parser_name(base));
	free(gbk.s);
	free(want.s);
	free(got.s);
}

/* Errors, in a child process */

struct read_call {
	char **files;
	size_t nfiles;
	const struct csv_options *opt;
	int stdin_fd;		/* -1: leave stdin alone */
};

/* Read every record of a struct read_call, then dump them on stderr. */
static void
read_in_child(const void *arg)
{
	const struct read_call *c = arg;
	char *dump;

	if (c->stdin_fd != -1)
		dup2(c->stdin_fd, STDIN_FILENO);
	dump = read_dump(c->files, c->nfiles, c->opt);
	fputs(dump, stderr);
	free(dump);
}

/* Records of a batch wrong against the big file, read twice over. */
static size_t
big_batch_wrong(const struct big_file *big, const struct record *recs,
    size_t n, size_t first)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += !big_record_ok(big, &recs[i], (first + i) %
		    big->nrecords);
	return bad;
}

/*
 * Batches read ahead: after reader_read_ahead() the batch handed out last
 * still reads back exactly, in both buffers and across every boundary of
 * the big file, read twice as one stream.
 */
static void
test_read_ahead(const struct csv_options *opt)
{
	struct big_file big;
	char *paths[2];
	struct reader *r;
	const struct record *recs, *next;
	size_t n, next_n, first = 0, bad = 0, batches = 0;
	bool ok = true;

	make_big_file(&big);
	paths[0] = paths[1] = write_temp(big.data.s, big.data.len);
	r = reader_open(paths, 2, opt);
	recs = reader_next_batch(r, &n);
	while (recs != NULL) {
		ok = ok && reader_read_ahead(r);
		bad += big_batch_wrong(&big, recs, n, first);
		next = reader_next_batch(r, &next_n);
		first += n;
		recs = next;
		n = next_n;
		batches++;
	}
	CHECK(ok && bad == 0 && first == 2 * big.nrecords && batches > 3,
	    "read ahead: %zu batches, %zu records, each intact after the next "
	    "was read (%zu wrong) (%s)", batches, first, bad,
	    parser_name(opt));
	CHECK(reader_read_ahead(r) && reader_next_batch(r, &n) == NULL &&
	    n == 0, "read ahead at the end: no batch, no error (%s)",
	    parser_name(opt));
	reader_close(r);
	free(big.data.s);
	free(big.pads);
}

/*
 * An error in the batch read ahead waits until that batch is asked for:
 * batches are read ahead until one fails; the batch before it must still
 * read back, and asking for the failed one stops the program.
 */
static void
read_until_error(const void *arg)
{
	const struct read_call *call = arg;
	struct reader *r = reader_open(call->files, call->nfiles, call->opt);
	const struct record *recs;
	size_t n, batches = 0;
	char want[32];

	while ((recs = reader_next_batch(r, &n)) != NULL) {
		batches++;
		if (!reader_read_ahead(r))
			break;
	}
	if (recs == NULL) {
		fprintf(stderr, "no error ahead\n");
		return;
	}
	/* The file's record k holds k - 2 in its first field. */
	snprintf(want, sizeof(want), "%llu", recs[n - 1].recno - 2);
	fprintf(stderr, "batch %zu %s\n", batches,
	    strcmp(recs[n - 1].fields[0].s, want) == 0 && batches > 1 ?
	    "intact" : "clobbered");
	reader_next_batch(r, &n);
	fprintf(stderr, "not reached\n");
}

static void
test_read_ahead_error(const struct csv_options *opt)
{
	struct text t = { NULL, 0, 0 };
	struct read_call call = { NULL, 1, opt, -1 };
	struct child out;
	char want[200], *path;
	unsigned long long i;

	text_add(&t, "id,v\n", 5);
	for (i = 0; t.len < 5 * MIB; i++)
		text_addf(&t, "%llu,x\n", i);
	text_add(&t, "bad,\"v\"x\n", 9);
	path = write_temp(t.s, t.len);
	call.files = &path;
	out = run_child(read_until_error, &call, false);
	snprintf(want, sizeof(want), "test-reader: %s:%llu: malformed quotes",
	    path, i + 2);
	CHECK(out.status == EXIT_DATA && strstr(out.output, " intact\n") !=
	    NULL && strstr(out.output, want) != NULL &&
	    strstr(out.output, "not reached") == NULL, "read ahead: an error "
	    "in the next batch is kept, the last batch stays readable, and the "
	    "error stops the program when the batch is asked for (%s)",
	    parser_name(opt));
	if (strstr(out.output, want) == NULL || strstr(out.output, " intact\n")
	    == NULL)
		printf("#   got: %s", out.output);
	free(t.s);
}

/* Reading files stops with status and "test-reader: " + message. */
static void
check_fails(const char *what, char **files, size_t nfiles,
    const struct csv_options *opt, int status, const char *message)
{
	struct read_call call = { files, nfiles, opt, -1 };
	struct child out = run_child(read_in_child, &call, false);
	char want[4096];

	snprintf(want, sizeof(want), "test-reader: %s\n", message);
	CHECK_CHILD(out, status, want, "%s: exit %d and the message (%s)",
	    what, status, parser_name(opt));
}

/* A file with content fails with "FILE" + message_after_file. */
static void
check_file_fails(const char *what, const char *content, size_t len,
    const struct csv_options *opt, const char *message_after_file)
{
	char *path = write_temp(content, len);
	char message[2048];

	snprintf(message, sizeof(message), "%s%s", path, message_after_file);
	check_fails(what, &path, 1, opt, 1, message);
}

#define CHECK_FILE_FAILS(what, lit, opt, message) \
	check_file_fails(what, lit, sizeof(lit) - 1, opt, message)

/*
 * A quoted field that begins with a bad byte in the first chunk
 * and ends in the next, all ASCII: the bad byte is still found, though
 * the second chunk needs no check of its own.
 */
static void
test_bad_byte_across_chunks(const struct csv_options *opt)
{
	struct text t = { NULL, 0, 0 };
	unsigned long long i;
	char message[200];

	text_add(&t, "id,v\n", 5);
	for (i = 0; t.len < CHUNK - 100; i++)
		text_addf(&t, "%llu,x\n", i);
	while (t.len < CHUNK - 6)
		text_add(&t, "y", 1);	/* a filler record, number i + 2 */
	text_add(&t, "\n1,\"\xff\n", 6);	/* its line ends the chunk */
	text_add(&t, "z\"\n2,x\n", 7);
	snprintf(message, sizeof(message), ":%llu: invalid UTF-8 in field 2 "
	    "(byte 1); if the file is Latin-1 or Windows-1252, use --encoding "
	    "latin1 or cp1252 (GBK: --encoding gbk)", i + 3);
	check_file_fails("a bad byte in a quoted field across chunks", t.s,
	    t.len, opt, message);
	free(t.s);
}

/*
 * Lines of Chinese text up to where the next line's second field starts
 * at offset at, so that its first character is cut there; returns the
 * number of that next line's record.
 */
static unsigned long long
chinese_lines_upto(struct text *t, size_t at)
{
	unsigned long long i;
	char prefix[32];
	size_t n;

	text_add(t, "id,city\n", 8);
	for (i = 0; t->len < at - 200; i++)
		text_addf(t, "%llu,上海\n", i);
	n = (size_t)snprintf(prefix, sizeof(prefix), "%llu,", i + 1);
	text_addf(t, "%llu,", i);
	while (t->len < at - n - 1)
		text_add(t, "y", 1);	/* a filler record, number i + 2 */
	text_add(t, "\n", 1);
	text_add(t, prefix, n);
	return i + 3;
}

/*
 * Valid UTF-8 is checked a chunk at a time: a character cut by the
 * chunk's end is no error, and a bad byte in the line cut there, or in
 * the next chunk, is still found in its record.
 */
static void
test_utf8_across_chunks(const struct csv_options *opt)
{
	struct text t = { NULL, 0, 0 };
	const struct record *rec;
	struct reader *r;
	unsigned long long at, n = 0, wrong = 0;
	char *path, message[300];

	at = chinese_lines_upto(&t, CHUNK - 1);
	text_add(&t, "广州\n9,深圳\n", 16);
	path = write_temp(t.s, t.len);
	r = reader_open(&path, 1, opt);
	while ((rec = reader_next(r)) != NULL) {
		n++;
		if (rec->nfields != 2 || (rec->recno == at ? strcmp(
		    rec->fields[1].s, "广州") != 0 : rec->fields[1].len != 6 &&
		    rec->fields[1].s[0] != 'y'))
			wrong++;
	}
	reader_close(r);
	CHECK(t.s[CHUNK - 1] == '\xe5' && n == at && wrong == 0, "a character "
	    "cut by the end of a chunk is read whole (%s)", parser_name(opt));
	free(t.s);

	memset(&t, 0, sizeof(t));
	at = chinese_lines_upto(&t, CHUNK - 2);
	text_add(&t, "\xff广州\n9,深圳\n", 17);
	snprintf(message, sizeof(message), ":%llu: invalid UTF-8 in field 2 "
	    "(byte 1); if the file is Latin-1 or Windows-1252, use "
	    "--encoding latin1 or cp1252 (GBK: --encoding gbk)", at);
	check_file_fails("a bad byte in the line cut by a chunk's end", t.s,
	    t.len, opt, message);
	free(t.s);

	memset(&t, 0, sizeof(t));
	at = chinese_lines_upto(&t, CHUNK + 10);
	text_add(&t, "广\xff州\n9,深圳\n", 17);
	snprintf(message, sizeof(message), ":%llu: invalid UTF-8 in field 2 "
	    "(byte 4); if the file is Latin-1 or Windows-1252, use "
	    "--encoding latin1 or cp1252 (GBK: --encoding gbk)", at);
	check_file_fails("a bad byte in the next chunk after Chinese text",
	    t.s, t.len, opt, message);
	free(t.s);
}

static void
test_encoding_errors(const struct csv_options *opt)
{
	CHECK_FILE_FAILS("UTF-16LE without BOM (NUL bytes)",
	    "i\0d\0,\0v\0\n\0", opt, ":1: NUL byte in field 1: is the file "
	    "UTF-16 or UTF-32? convert it with iconv -f UTF-16 -t UTF-8");
	CHECK_FILE_FAILS("invalid UTF-8 (Latin-1 é) in record 3",
	    "id,name\n1,cafe\n2,caf\xe9\n", opt, ":3: invalid UTF-8 in field "
	    "2 (byte 4); if the file is Latin-1 or Windows-1252, use "
	    "--encoding latin1 or cp1252 (GBK: --encoding gbk)");
	CHECK_FILE_FAILS("GBK read as UTF-8", "id,\xbf\xcd\xbb\xa7\n", opt,
	    ":1: invalid UTF-8 in field 2 (byte 1), but it reads as GBK "
	    "Chinese: use --encoding gbk (or gb18030)");
	test_bad_byte_across_chunks(opt);
	test_utf8_across_chunks(opt);
}

/* A UTF-16 or UTF-32 byte-order mark: the hint names the file. */
static void
check_bom_fails(const char *what, const char *content, size_t len,
    const struct csv_options *opt)
{
	char *path = write_temp(content, len);
	char message[2048];

	snprintf(message, sizeof(message), "%s: input is UTF-16 or UTF-32 "
	    "(byte-order mark); convert it first, e.g. iconv -f UTF-16 -t "
	    "UTF-8 %s", path, path);
	check_fails(what, &path, 1, opt, 1, message);
}

static void
test_byte_order_marks(const struct csv_options *opt)
{
	check_bom_fails("UTF-16LE byte-order mark", "\xff\xfei\0d\0\n\0", 8,
	    opt);
	check_bom_fails("UTF-16BE byte-order mark", "\xfe\xff\0i\0d\0\n", 8,
	    opt);
	check_bom_fails("UTF-32BE byte-order mark", "\0\0\xfe\xff\0\0\0i", 8,
	    opt);
}

static void
test_structure_errors(const struct csv_options *opt)
{
	CHECK_FILE_FAILS("unterminated quote",
	    "id,name\n1,\"abc\n2,x\n", opt, ":2: unterminated quoted field");
	CHECK_FILE_FAILS("a quote inside an unquoted field",
	    "id,name\n1,ok\n2,ab\"c\n", opt, ":3: malformed quotes (a quote "
	    "inside an unquoted field, or text after a closing quote)");
	CHECK_FILE_FAILS("text after a closing quote",
	    "id,name\n1,\"ab\"c\n", opt, ":2: malformed quotes (a quote "
	    "inside an unquoted field, or text after a closing quote)");
	CHECK_FILE_FAILS("empty input", "", opt, ": empty input (no header "
	    "line; -N reads a file without one)");
	CHECK_FILE_FAILS("only blank lines", "\n\r\n\n", opt, ": empty input "
	    "(no header line; -N reads a file without one)");
	CHECK_FILE_FAILS("empty column name", "a,,c\n1,2,3\n", opt, ":1: "
	    "empty column name (column 2); name it, or use -N");
	CHECK_FILE_FAILS("duplicate column name", "a,b,a\n", opt, ":1: "
	    "duplicate column name 'a' (columns 1 and 3)");
}

static void
test_field_too_large(const struct csv_options *base)
{
	struct csv_options opt = *base;

	opt.max_field = 16;
	CHECK_FILE_FAILS("a field of 17 bytes with max_field 16, in record 2",
	    "id,note\n1,0123456789abcdefg\n", &opt, ":2: field too large (more "
	    "than 16 bytes; unterminated quote? --max-field-size raises the "
	    "limit)");
	CHECK_FILE_FAILS("a field too large in record 2, records after it",
	    "id,note\n1,0123456789abcdefg\n2,a\n3,b\n4,c\n", &opt, ":2: field "
	    "too large (more than 16 bytes; unterminated quote? "
	    "--max-field-size raises the limit)");
	CHECK_FILE_FAILS("an unterminated quote runs past max_field",
	    "id,note\n1,ok\n2,\"never closed, and longer than sixteen bytes\n"
	    "3,c\n", &opt, ":3: field too large (more than 16 bytes; "
	    "unterminated quote? --max-field-size raises the limit)");
}

static void
test_file_errors(const struct csv_options *opt)
{
	char *files[2];
	char message[2048];

	files[0] = write_temp_string("id,v\n1,a\n");
	files[1] = write_temp_string("id,value\n2,b\n");
	snprintf(message, sizeof(message), "%s:1: header differs from the "
	    "header of %s", files[1], files[0]);
	check_fails("a second file with another header", files, 2, opt, 1,
	    message);
	files[1] = "/nonexistent/test-reader.csv";
	check_fails("a missing file", files, 2, opt, 1,
	    "/nonexistent/test-reader.csv: No such file or directory");
}

static void
test_bad_encoding(const struct csv_options *base)
{
	struct csv_options opt = *base;
	char *path = write_temp_string("id\n1\n");
	char message[2048];

	opt.encoding = "no-such-encoding";
	check_fails("an unknown --encoding is a usage error", &path, 1, &opt,
	    2, "unsupported encoding 'no-such-encoding'\nTry 'test-reader "
	    "--help' for more information.");
	opt.encoding = "gbk";
	path = write_temp("id\n1,\xff\xff\n", 7);
	snprintf(message, sizeof(message), "%s: byte 5: not valid gbk", path);
	check_fails("bytes that are not GBK", &path, 1, &opt, 1, message);
}

/* No file, or "-", reads standard input, named "stdin". */
static void
test_stdin(const struct csv_options *opt)
{
	char *path = write_temp_string("id,v\n1,a\n2,\"b\nc\"\n");
	char *dash[] = { "-" };
	struct read_call call = { NULL, 0, opt, -1 };
	struct child out;

	call.stdin_fd = open(path, O_RDONLY);
	out = run_child(read_in_child, &call, false);
	CHECK(out.status == 0 && strcmp(out.output, "1[id][v]\n2[1][a]\n"
	    "3[2][b\\nc]\n") == 0, "no file reads standard input (%s)",
	    parser_name(opt));
	close(call.stdin_fd);
	call.stdin_fd = open(path, O_RDONLY);
	call.files = dash;
	call.nfiles = 1;
	out = run_child(read_in_child, &call, false);
	CHECK(out.status == 0 && strcmp(out.output, "1[id][v]\n2[1][a]\n"
	    "3[2][b\\nc]\n") == 0, "'-' reads standard input (%s)",
	    parser_name(opt));
	close(call.stdin_fd);
}

static void
run_suite(const struct csv_options *opt)
{
	test_line_ends(opt);
	test_quoting(opt);
	test_no_trimming(opt);
	test_bom(opt);
	test_delimiters(opt);
	test_no_header(opt);
	test_several_files(opt);
	test_several_files_no_header(opt);
	test_max_field(opt);
	test_long_fields(opt);
	test_big_file(opt);
	test_read_ahead(opt);
	test_read_ahead_error(opt);
	test_gbk(opt);
	test_gbk_across_reads(opt);
	test_encoding_errors(opt);
	test_byte_order_marks(opt);
	test_structure_errors(opt);
	test_field_too_large(opt);
	test_file_errors(opt);
	test_bad_encoding(opt);
	test_stdin(opt);
	remove_temps();
}

/* Feed text to a fresh libcsv parser; the callbacks count records. */
static void
count_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
}

static void
count_record(int c, void *data)
{
	(void)c;
	(*(int *)data)++;
}

static bool
mid_record_after(const char *text, size_t *field_bytes, int *records)
{
	struct csv_parser p;
	bool mid;

	*records = 0;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_parse(&p, text, strlen(text), count_field, count_record, records);
	mid = libcsv_mid_record(&p);
	*field_bytes = libcsv_field_bytes(&p);
	csv_free(&p);
	return mid;
}

/*
 * The reader reads two things of libcsv's private state (reader.h): if
 * libcsv changes them these fail, before the reader misbehaves.
 */
static void
test_libcsv_state(void)
{
	size_t bytes;
	int records;

	CHECK(!mid_record_after("a,b\n", &bytes, &records) && records == 1,
	    "libcsv: between records after a whole line");
	CHECK(mid_record_after("a,bcd", &bytes, &records) && bytes == 3 &&
	    records == 0, "libcsv: within a record, 3 bytes of the field "
	    "'bcd' collected (%zu)", bytes);
	CHECK(mid_record_after("a,\"x\ny", &bytes, &records) && bytes == 3 &&
	    records == 0, "libcsv: within a quoted field across a newline "
	    "(%zu bytes)", bytes);
	CHECK(mid_record_after("a,b\nc,", &bytes, &records) && bytes == 0 &&
	    records == 1, "libcsv: within a record after a delimiter");
	CHECK(!mid_record_after("a,\"b\nc\"\r\n", &bytes, &records) &&
	    records == 1, "libcsv: between records after a quoted newline "
	    "and CRLF");
}

int
main(void)
{
	struct csv_options opt = { .delimiter = ',' };

	setprogname("test-reader");
	test_libcsv_state();
	run_suite(&opt);
	opt.reference_parser = true;
	run_suite(&opt);
	return check_done();
}
