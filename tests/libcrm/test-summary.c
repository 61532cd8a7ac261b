/*
 * test-summary.c: the figures of --summary by group: count, share, and
 * each column's sum, mean and median; exact amounts summed in money,
 * other numbers as doubles; empty cells left out.
 */
#include "check.h"
#include "columns.h"
#include "segment_check.h"
#include "summary.h"
#include "text.h"
#include "writer.h"

#define MAX_GROUPS 3

struct summary_case {
	const char *what;
	const char *csv;
	const char *columns;	/* comma-separated, a name may repeat */
	const char *group;	/* each kept row's group, a digit each */
	const char *label[MAX_GROUPS];	/* NULL-ended */
	const char *want;
	unsigned long long rejected;
};

static const struct summary_case cases[] = {
	{ "exact sums: 0.1 + 0.2 + 0.3 is 0.6", "m\n0.1\n0.2\n7\n0.3\n", "m",
	  "0010", { "a", "b", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\n"
	  "a,3,0.75,0.6,0.2,0.2\nb,1,0.25,7,7,7\n", 0 },
	{ "mean and median of money round half away from zero to 1/10000",
	  "m\n0.0001\n0.0002\n", "m", "00", { "a", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\na,2,1,0.0003,0.0002,0.0002\n",
	  0 },
	{ "an odd count's median is the middle value; the mean has 4 decimals",
	  "m\n10\n1\n2\n", "m", "000", { "a", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\na,3,1,13,4.3333,2\n", 0 },
	{ "one value with six decimals makes the column doubles, all groups",
	  "m\n10\n1\n2\n0.000005\n", "m", "0001", { "a", "b", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\n"
	  "a,3,0.75,13,4.333333333333333,2\nb,1,0.25,0.000005,0.000005,"
	  "0.000005\n", 0 },
	{ "empty cells are left out; a group with only empty cells sums to 0",
	  "id,m\n1,\n2,4\n3,\" \"\n4,\n", "m", "0001", { "a", "b", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\na,3,0.75,4,4,4\n"
	  "b,1,0.25,0,,\n", 0 },
	{ "a group without rows is listed, in the groups' order",
	  "m\n1\n3\n", "m", "22", { "gold", "silver", "bronze" },
	  "seg,count,share,m_sum,m_mean,m_median\ngold,0,0,0,,\n"
	  "silver,0,0,0,,\nbronze,2,1,4,2,2\n", 0 },
	{ "no rows: every group, count 0 and share 0", "m\n", "m", "",
	  { "a", "b", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\na,0,0,0,,\nb,0,0,0,,\n", 0 },
	{ "a cell that is not a number: the row is rejected, not counted",
	  "m\n1\nn/a\n3\n", "m", "00", { "a", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\na,2,1,4,2,2\n", 1 },
	{ "a sum out of money's range is summed as doubles",
	  "m\n900000000000000\n900000000000000\n", "m", "00", { "a", NULL },
	  "seg,count,share,m_sum,m_mean,m_median\n"
	  "a,2,1,1800000000000000,900000000000000,900000000000000\n", 0 },
	{ "two columns in order; a column named twice is summed once",
	  "f,m\n1,10.5\n3,0.5\n", "m,f,m", "00", { "a", NULL },
	  "seg,count,share,m_sum,m_mean,m_median,f_sum,f_mean,f_median\n"
	  "a,2,1,11,5.5,5.5,4,2,2\n", 0 },
	{ "no columns: count and share only", "m\n1\n2\n3\n4\n", "", "0100",
	  { "a", "b", NULL }, "seg,count,share\na,3,0.75\nb,1,0.25\n", 0 },
};

/* The summary of c's columns over csv, as CSV text: free() it. */
static char *
summary_of(struct segment_check *c, const struct summary_case *t,
    unsigned long long *rejected)
{
	char *files[] = { c->data }, **name, *text;
	const char *contents;
	struct input *in;
	struct summary *s = summary_open();
	struct writer *w = writer_open_memory(&c->common.out);
	const struct record *rec;
	unsigned group[16];
	size_t n = 0, ncols = 0, ngroups = 0, len, i;

	write_text(c->data, t->csv);
	in = input_open(&c->common, files, 1);
	name = *t->columns ? split_commas(t->columns, &ncols) : NULL;
	for (i = 0; i < ncols; i++)
		summary_add_column(s, input_header(in),
		    column_require(input_header(in), name[i]));
	while ((rec = input_next(in)) != NULL)
		summary_add_row(s, in, rec, '.');
	for (n = 0; t->group[n] && n < 16; n++)
		group[n] = (unsigned)(t->group[n] - '0');
	while (ngroups < MAX_GROUPS && t->label[ngroups])
		ngroups++;
	CHECK(summary_rows(s) == n, "%s: %zu rows kept", t->what, n);
	summary_write(s, w, "seg", (char *const *)t->label, ngroups, group);
	contents = writer_contents(w, &len);
	text = xstrndup(contents, len);
	*rejected = input_rejected(in);
	writer_close(w);
	summary_close(s);
	input_close(in);
	free_strings(name, ncols);
	unlink(c->data);
	unlink(c->rejects);
	return text;
}

int
main(void)
{
	struct segment_check c;
	unsigned long long rejected;
	char *got;
	size_t i;

	segment_check_begin(&c, "test-summary");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = summary_of(&c, &cases[i], &rejected);
		CHECK_STR(got, cases[i].want, "summary: %s", cases[i].what);
		CHECK(rejected == cases[i].rejected, "%s: %llu rejected",
		    cases[i].what, cases[i].rejected);
		free(got);
	}
	segment_check_end(&c);
	return check_done();
}
