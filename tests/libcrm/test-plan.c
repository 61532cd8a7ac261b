/*
 * test-plan.c: the plan's working days, and tasks placed within daily and
 * weekly capacity, case by case. The calendar is the 2026 National Day
 * (10-01 to 10-07 off, Saturday 10-10 worked) with Saturday and Sunday
 * off; 2026-11-23 is a Monday. A case lists each task as owner, priority,
 * strength of its reason (0 strongest), due day and id, and the day it
 * must be placed on; the tasks are given in the order they were found.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "check.h"
#include "date.h"
#include "plan.h"
#include "run_child.h"
#include "side_files.h"
#include "util.h"

static int32_t
day_of(const char *s)
{
	int32_t day;

	if (date_parse(s, strlen(s), NULL, &day) != DATE_OK) {
		printf("Bail out! bad date %s in a case\n", s);
		exit(1);
	}
	return day;
}

static struct calendar *
national_day(void)
{
	struct calendar *cal = calendar_new(WEEKEND_SAT_SUN);
	unsigned long long first;
	int day;

	for (day = 1; day <= 7; day++)
		calendar_add(cal, days_from_civil(2026, 10, day), DAY_HOLIDAY,
		    "国庆节", (unsigned long long)day, &first);
	calendar_add(cal, day_of("2026-10-10"), DAY_WORKDAY, "国庆节调休", 8,
	    &first);
	return cal;
}

/* The plan's days, "first .. last" listed in full, or "none". */
static void
plan_days(const struct calendar *cal, const char *today, long days,
    char *buf, size_t size)
{
	struct plan *p = plan_new(cal, day_of(today), days);
	char day[DATE_BUFSIZE];
	size_t n = 0;
	int32_t d;

	if (p == NULL) {
		snprintf(buf, size, "none");
		return;
	}
	buf[0] = '\0';
	for (d = plan_first_day(p); d <= plan_last_day(p); d++)
		if (calendar_is_working(cal, d)) {
			date_format(d, day);
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n ? " " : "", day);
		}
	plan_free(p);
}

static void
test_plan_days(const struct calendar *cal)
{
	static const struct {
		const char *what, *today;
		long days;
		const char *want;
	} cases[] = {
		{ "five days from a Monday", "2026-11-23", 5,
		    "2026-11-23 2026-11-24 2026-11-25 2026-11-26 2026-11-27" },
		{ "from a Saturday: Monday and Tuesday", "2026-11-28", 2,
		    "2026-11-30 2026-12-01" },
		{ "over National Day, to the 调休 Saturday", "2026-09-30", 4,
		    "2026-09-30 2026-10-08 2026-10-09 2026-10-10" },
		{ "from the holiday itself", "2026-10-03", 1, "2026-10-08" },
		{ "9999-12-31, a Friday, is the last day there is",
		    "9999-12-31", 1, "9999-12-31" },
		{ "a second day after it is not", "9999-12-31", 2, "none" },
		{ "the last week: five days from Saturday 9999-12-25",
		    "9999-12-25", 5, "9999-12-27 9999-12-28 9999-12-29 "
		    "9999-12-30 9999-12-31" },
		{ "six days from it are not", "9999-12-25", 6, "none" },
	};
	char got[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		plan_days(cal, cases[i].today, cases[i].days, got,
		    sizeof(got));
		CHECK_STR(got, cases[i].want, "plan: %s", cases[i].what);
	}
}

struct task_case {
	uint32_t owner;
	long priority;
	int strength;
	const char *due, *id;
	const char *want;	/* the day placed */
};

struct place_case {
	const char *what, *today;
	long days;
	struct plan_limits limits[2];	/* of owners 0 and 1 */
	struct task_case tasks[8];	/* up to the first without an id */
	unsigned long long moved;
	const char *fails;		/* the task past 9999-12-31, or NULL */
};

#define P(due, id, want) { 0, 1, 7, due, id, want }	/* a plain task */

static const struct place_case place_cases[] = {
	{ "capacity 2: Friday's five tasks go Friday, Monday, Tuesday",
	  "2026-11-23", 5, { { 2, 0 } }, {
	    P("2026-11-27", "K1", "2026-11-27"),
	    P("2026-11-27", "K2", "2026-11-27"),
	    P("2026-11-27", "K3", "2026-11-30"),
	    P("2026-11-27", "K4", "2026-11-30"),
	    P("2026-11-27", "K5", "2026-12-01") }, 3, NULL },
	{ "the most urgent first: priority, reason, due day, id",
	  "2026-11-23", 1, { { 1, 0 } }, {
	    { 0, 1, 7, "2026-11-20", "K5", "2026-11-26" },
	    { 0, 1, 4, "2026-11-23", "K4", "2026-11-23" },
	    { 0, 1, 7, "2026-11-10", "K3", "2026-11-25" },
	    { 0, 1, 7, "2026-11-10", "K2", "2026-11-24" },
	    { 0, 2, 0, "2026-11-01", "K1", "2026-11-27" } }, 4, NULL },
	{ "weekly 3: the fourth of the week goes to next Monday",
	  "2026-11-23", 1, { { 0, 3 } }, {
	    P("2026-11-23", "K1", "2026-11-23"),
	    P("2026-11-23", "K2", "2026-11-23"),
	    P("2026-11-23", "K3", "2026-11-23"),
	    P("2026-11-23", "K4", "2026-11-30"),
	    P("2026-11-23", "K5", "2026-11-30") }, 2, NULL },
	{ "daily 2 and weekly 3 from a Wednesday",
	  "2026-11-25", 1, { { 2, 3 } }, {
	    P("2026-11-25", "K1", "2026-11-25"),
	    P("2026-11-25", "K2", "2026-11-25"),
	    P("2026-11-25", "K3", "2026-11-26"),
	    P("2026-11-25", "K4", "2026-11-30"),
	    P("2026-11-25", "K5", "2026-11-30") }, 3, NULL },
	{ "no limits (the pool's list): every task stays",
	  "2026-11-23", 1, { { 0, 0 } }, {
	    P("2026-11-23", "K1", "2026-11-23"),
	    P("2026-11-23", "K2", "2026-11-23"),
	    P("2026-11-23", "K3", "2026-11-23") }, 0, NULL },
	{ "each owner has limits of its own",
	  "2026-11-23", 1, { { 1, 0 }, { 2, 0 } }, {
	    { 0, 1, 7, "2026-11-23", "K1", "2026-11-23" },
	    { 1, 1, 7, "2026-11-23", "K3", "2026-11-23" },
	    { 0, 1, 7, "2026-11-23", "K2", "2026-11-24" },
	    { 1, 1, 7, "2026-11-23", "K4", "2026-11-23" },
	    { 1, 1, 7, "2026-11-23", "K5", "2026-11-24" } }, 2, NULL },
	{ "a task due later keeps its day only while there is room",
	  "2026-11-23", 5, { { 1, 0 } }, {
	    P("2026-11-24", "K1", "2026-11-25"),
	    P("2026-11-23", "K2", "2026-11-23"),
	    P("2026-11-23", "K3", "2026-11-24") }, 2, NULL },
	{ "over National Day to the 调休 Saturday",
	  "2026-09-30", 1, { { 1, 0 } }, {
	    P("2026-09-30", "K1", "2026-09-30"),
	    P("2026-09-30", "K2", "2026-10-08"),
	    P("2026-09-30", "K3", "2026-10-09"),
	    P("2026-09-30", "K4", "2026-10-10") }, 3, NULL },
	{ "past 9999-12-31 there is no day: the task that would go there",
	  "9999-12-30", 1, { { 1, 0 } }, {
	    P("9999-12-30", "K1", "9999-12-30"),
	    P("9999-12-30", "K2", "9999-12-31"),
	    P("9999-12-30", "K3", "") }, 1, "K3" },
};

static size_t
task_count(const struct place_case *pc)
{
	size_t n = 0;

	while (n < 8 && pc->tasks[n].id != NULL)
		n++;
	return n;
}

/* "K1 DAY, K2 DAY, ..." in the case's order, as wanted or as placed. */
static void
describe(const struct place_case *pc, const struct plan_task *placed,
    size_t n, char *buf, size_t size)
{
	char day[DATE_BUFSIZE];
	size_t used = 0, i, j;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		day[0] = '\0';
		for (j = 0; placed != NULL && j < n; j++)
			if (placed[j].index == i)
				date_format(placed[j].day, day);
		if (placed == NULL)
			snprintf(day, sizeof(day), "%s", pc->tasks[i].want);
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s",
		    i ? ", " : "", pc->tasks[i].id, day);
	}
}

static void
run_place_case(const struct calendar *cal, const struct place_case *pc)
{
	struct plan *p = plan_new(cal, day_of(pc->today), pc->days);
	struct plan_task tasks[8];
	const struct plan_task *failed = NULL;
	const struct task_case *tc;
	unsigned long long moved = 0;
	size_t n = task_count(pc), i;
	char got[512], want[512];
	bool ok;

	for (i = 0; i < n; i++) {
		tc = &pc->tasks[i];
		tasks[i] = (struct plan_task){ .owner = tc->owner,
		    .day = day_of(tc->due), .priority = tc->priority,
		    .strength = tc->strength, .target = day_of(tc->due),
		    .id = { tc->id, strlen(tc->id) }, .index = i };
	}
	ok = plan_place(p, tasks, n, pc->limits, &moved, &failed);
	if (pc->fails != NULL) {
		CHECK(!ok && failed != NULL && strcmp(failed->id.s,
		    pc->fails) == 0, "%s (%s)", pc->what, pc->fails);
	} else {
		describe(pc, tasks, n, got, sizeof(got));
		describe(pc, NULL, n, want, sizeof(want));
		CHECK(ok, "%s: placed", pc->what);
		CHECK_STR(got, want, "%s", pc->what);
		CHECK(moved == pc->moved, "%s: %llu moved (%llu)", pc->what,
		    pc->moved, moved);
	}
	plan_free(p);
}

static const char capacity_text[] =
    "owner,capacity,weekly\n王磊,5,\n李娜,,20\n赵敏,3,12\n";

static void
test_capacity_file(const char *dir)
{
	struct common_options common;
	struct plan_limits dflt = { 25, 100 }, l;
	struct capacity *cap;
	char path[PATH_MAX + 32];

	plain_common(&common);
	cap = capacity_load(side_file(path, sizeof(path), dir, "cap.csv",
	    capacity_text), &common);
	l = capacity_of(cap, "王磊", strlen("王磊"), dflt);
	CHECK(l.daily == 5 && l.weekly == 100, "an owner's capacity, the "
	    "default weekly (%ld, %ld)", l.daily, l.weekly);
	l = capacity_of(cap, "李娜", strlen("李娜"), dflt);
	CHECK(l.daily == 25 && l.weekly == 20, "an owner's weekly, the "
	    "default capacity (%ld, %ld)", l.daily, l.weekly);
	l = capacity_of(cap, "赵敏", strlen("赵敏"), dflt);
	CHECK(l.daily == 3 && l.weekly == 12, "both given");
	l = capacity_of(cap, "张伟", strlen("张伟"), dflt);
	CHECK(l.daily == 25 && l.weekly == 100, "an owner not listed: the "
	    "defaults");
	l = capacity_of(cap, "", 0, dflt);
	CHECK(l.daily == 0 && l.weekly == 0, "the pool has no limit");
	capacity_free(cap);
	cap = capacity_load(NULL, &common);
	l = capacity_of(cap, "王磊", strlen("王磊"), dflt);
	CHECK(l.daily == 25 && l.weekly == 100, "no file: the defaults");
	capacity_free(cap);
	unlink(path);
}

static void
load_capacity_in_child(const void *text)
{
	struct common_options common;
	char path[PATH_MAX];

	plain_common(&common);
	capacity_free(capacity_load(side_file(path, sizeof(path), NULL,
	    "cap.csv", text), &common));
}

static void
test_capacity_errors(void)
{
	static const struct {
		const char *what, *text, *want;
	} cases[] = {
		{ "capacity 0", "owner,capacity\n王磊,0\n",
		    "test-plan: cap.csv:2: capacity 0 would leave tasks no day "
		    "to go to (nothing is dropped); give 1 or more, or leave it "
		    "out for no limit\n" },
		{ "weekly 0", "owner,capacity,weekly\n王磊,5,0\n",
		    "test-plan: cap.csv:2: weekly 0 would leave tasks no day "
		    "to go to (nothing is dropped); give 1 or more, or leave it "
		    "out for no limit\n" },
		{ "not a number", "owner,capacity\n王磊,five\n",
		    "test-plan: cap.csv:2: capacity must be a whole number "
		    "('five')\n" },
		{ "an owner twice", "owner,capacity\n王磊,5\n王磊,6\n",
		    "test-plan: cap.csv:3: owner '王磊' is listed twice\n" },
	};
	struct child res;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		res = run_child(load_capacity_in_child, cases[i].text, false);
		CHECK_CHILD(res, 1, cases[i].want, "capacity file: %s",
		    cases[i].what);
	}
	unlink("cap.csv");
}

int
main(void)
{
	struct calendar *cal = national_day();
	char dir[PATH_MAX];
	size_t i;

	setprogname("test-plan");
	make_temp_dir(dir, sizeof(dir), "test-plan");
	test_plan_days(cal);
	for (i = 0; i < sizeof(place_cases) / sizeof(place_cases[0]); i++)
		run_place_case(cal, &place_cases[i]);
	test_capacity_file(dir);
	if (chdir(dir) == 0)
		test_capacity_errors();
	if (chdir("/") == -1 || rmdir(dir) == -1)
		printf("# could not remove %s\n", dir);
	calendar_free(cal);
	return check_done();
}
