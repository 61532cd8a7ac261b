/*
 * test-segment-rules.c: ordered rules, the first that holds names the
 * segment, else the default; the conditions themselves are expr.c's and
 * tested in test-expr.c.
 */
#include "check.h"
#include "segment_check.h"

#define MAX_RULES 4

struct rules_case {
	const char *what;
	const char *rule[MAX_RULES];	/* NULL-ended */
	const char *default_label;
	enum segment_lang lang;
	const char *csv;
	const char *want;
	unsigned long long rejected;
};

static const struct rules_case cases[] = {
	{ "in order: the first rule that holds wins, else other",
	  { "gold: m >= 100 && f >= 5", "silver: m >= 100", "active: f > 0",
	    NULL }, NULL, SEGMENT_EN,
	  "m,f\n150,5\n150,4\n10,1\n10,0\n100,5\n",
	  "gold,silver,active,other,gold", 0 },
	{ "rules sharing a label are one segment",
	  { "vip: m >= 1000", "vip: f >= 10", NULL }, NULL, SEGMENT_EN,
	  "m,f\n1000,1\n1,10\n1,1\n", "vip,vip,other", 0 },
	{ "--default names the rest", { "big: m > 5", NULL }, "small",
	  SEGMENT_EN, "m\n6\n5\n", "big,small", 0 },
	{ "the rest is 其他 in Chinese", { "大: m > 5", NULL }, NULL,
	  SEGMENT_ZH, "m\n6\n5\n", "大,其他", 0 },
	{ "blanks around the label are not part of it",
	  { "  gold tier  : m > 5", NULL }, NULL, SEGMENT_EN, "m\n6\n",
	  "gold tier", 0 },
	{ "text, dates and today (2024-06-30)",
	  { "north: city in ('北京', '天津')",
	    "recent: last_date >= today - 30", NULL }, NULL, SEGMENT_EN,
	  "city,last_date\n天津,2020-01-01\n上海,2024-06-01\n上海,2024-05-30\n",
	  "north,recent,other", 0 },
	{ "a value that is not a number is rejected, by the rule that needs it",
	  { "a: m > 5", NULL }, NULL, SEGMENT_EN, "m\n6\nn/a\n1\n",
	  "a,other", 1 },
	{ "&& looks no further once false: an empty m is never read",
	  { "a: m != '' && m > 5", NULL }, NULL, SEGMENT_EN, "m,n\n,1\n9,1\n",
	  "other,a", 0 },
	{ "no rows: no labels", { "a: m > 5", NULL }, NULL, SEGMENT_EN, "m\n",
	  "", 0 },
};

static void
test_cases(struct segment_check *c)
{
	struct segment_options o;
	size_t i, r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		segment_options_init(&o);
		for (r = 0; r < MAX_RULES && cases[i].rule[r]; r++)
			segment_add_rule(&o, cases[i].rule[r], NULL, 0);
		o.rules.default_label = cases[i].default_label;
		o.lang = cases[i].lang;
		check_labels(c, &segment_rules, &o, cases[i].csv,
		    cases[i].want, cases[i].rejected, cases[i].what);
		segment_options_free(&o);
	}
}

/* Rules from a file: one a line, comments and blank lines skipped. */
static void
test_rules_file(struct segment_check *c)
{
	char path[1200];
	struct segment_options o;

	snprintf(path, sizeof(path), "%s/rules.txt", c->dir);
	write_text(path, "# value first\ngold: m >= 100\n\n   \n"
	    "  # then activity\r\nactive: f > 0\r\n");
	segment_options_init(&o);
	segment_read_rules(&o, path);
	CHECK(o.rules.n == 2, "two rules in the file");
	CHECK(o.rules.n == 2 && o.rules.rule[0].number == 2 &&
	    o.rules.rule[1].number == 6, "numbered by their lines, 2 and 6");
	CHECK(o.rules.n == 2 && strcmp(o.rules.rule[1].text, "active: f > 0")
	    == 0, "CR LF line ends are not part of the rule");
	check_labels(c, &segment_rules, &o, "m,f\n100,0\n1,1\n1,0\n",
	    "gold,active,other", 0, "the file's rules in order");
	segment_options_free(&o);
	unlink(path);
}

int
main(void)
{
	struct segment_check c;

	segment_check_begin(&c, "test-segment-rules");
	test_cases(&c);
	test_rules_file(&c);
	segment_check_end(&c);
	return check_done();
}
