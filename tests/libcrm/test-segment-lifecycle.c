/*
 * test-segment-lifecycle.c: stages as of 2024-06-30 with the defaults
 * (new: first purchase fewer than 30 days ago; silent: none for 90 days;
 * lost: none for 180 days, or p_alive below 0.2), each at its boundary.
 * 2024-04-01 is 90 days before, 2024-01-02 180 days (2024 is a leap year).
 */
#include "check.h"
#include "segment_check.h"

struct stage_case {
	const char *what;
	const char *csv;	/* first,last[,p_alive] */
	const char *want;
	unsigned long long rejected;
};

static const struct stage_case date_cases[] = {
	{ "no purchase yet: potential",
	  "first_date,last_date\n,\n2024-01-01,\n",
	  "potential,potential", 0 },
	{ "first purchase today: new",
	  "first_date,last_date\n2024-06-30,2024-06-30\n", "new", 0 },
	{ "first purchase 29 days ago: new; 30: active",
	  "first_date,last_date\n2024-06-01,2024-06-20\n"
	  "2024-05-31,2024-06-20\n", "new,active", 0 },
	{ "last purchase 89 days ago: active; 90: silent",
	  "first_date,last_date\n2023-01-01,2024-04-02\n"
	  "2023-01-01,2024-04-01\n", "active,silent", 0 },
	{ "last purchase 179 days ago: silent; 180: lost",
	  "first_date,last_date\n2023-01-01,2024-01-03\n"
	  "2023-01-01,2024-01-02\n", "silent,lost", 0 },
	{ "silent or lost before new: a first purchase long silent",
	  "first_date,last_date\n2024-06-25,2024-03-01\n", "silent", 0 },
	{ "p_alive below 0.2 is lost; 0.2 and an empty cell are not",
	  "first_date,last_date,p_alive\n2023-01-01,2024-06-01,0.1\n"
	  "2023-01-01,2024-06-01,0.2\n2023-01-01,2024-06-01,\n",
	  "lost,active,active", 0 },
	{ "blanks around a date are an empty cell too",
	  "first_date,last_date\n2023-01-01,\" \"\n", "potential", 0 },
	{ "a date after the as-of day, a bad date, a bad p_alive: rejected",
	  "first_date,last_date,p_alive\n2023-01-01,2024-07-01,0.5\n"
	  "2023-01-01,yesterday,0.5\n2023-01-01,2024-06-01,n/a\n"
	  "2023-01-01,2024-06-01,0.5\n", "active", 3 },
	{ "no rows: no labels", "first_date,last_date\n", "", 0 },
};

static const struct stage_case days_cases[] = {
	{ "tenure_days and recency_days when there are no dates",
	  "tenure_days,recency_days\n10,5\n400,5\n400,90\n400,180\n,\n",
	  "new,active,silent,lost,potential", 0 },
	{ "a negative number of days is rejected",
	  "tenure_days,recency_days\n10,-1\n10,5\n", "new", 1 },
};

static void
run_cases(struct segment_check *c, const struct stage_case *cases,
    size_t n)
{
	struct segment_options o;
	size_t i;

	for (i = 0; i < n; i++) {
		segment_options_init(&o);
		check_labels(c, &segment_lifecycle, &o, cases[i].csv,
		    cases[i].want, cases[i].rejected, cases[i].what);
		segment_options_free(&o);
	}
}

/* The thresholds and the columns are options; the labels have a language. */
static void
test_options(struct segment_check *c)
{
	const char *csv = "a,b\n2024-06-20,2024-06-20\n2024-01-01,2024-06-01\n"
	    "2024-01-01,2024-05-01\n";
	struct segment_options o;

	segment_options_init(&o);
	o.lifecycle.first_date = "a";
	o.lifecycle.last_date = "b";
	check_labels(c, &segment_lifecycle, &o, csv, "new,active,active", 0,
	    "--first-date and --last-date name the columns");
	o.lifecycle.new_days = 5;
	o.lifecycle.silent_days = 20;
	o.lifecycle.lost_days = 50;
	check_labels(c, &segment_lifecycle, &o, csv, "active,silent,lost", 0,
	    "--new-days 5 --silent-days 20 --lost-days 50");
	o.lang = SEGMENT_ZH;
	check_labels(c, &segment_lifecycle, &o, csv, "活跃,沉默,流失", 0,
	    "--lang zh");
	segment_options_free(&o);
}

int
main(void)
{
	struct segment_check c;

	segment_check_begin(&c, "test-segment-lifecycle");
	run_cases(&c, date_cases, sizeof(date_cases) / sizeof(date_cases[0]));
	run_cases(&c, days_cases, sizeof(days_cases) / sizeof(days_cases[0]));
	test_options(&c);
	segment_check_end(&c);
	return check_done();
}
