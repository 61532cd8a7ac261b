/*
 * test-triggers.c: the reasons to contact a customer and the rows they
 * make, case by case. Each case gives the customer, its history, today
 * and the days planned; the policy and the calendar (the 2026 National
 * Day and Mid-Autumn holidays, 调休 on 09-20 and 10-10, greetings on
 * 09-25, 10-01 and 11-26) are the same for all. A case's want lists the
 * rows as "DAY REASONS due TARGET", then whether the customer goes back
 * to the pool. 2026-11-23 is a Monday.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "check.h"
#include "date.h"
#include "history.h"
#include "policy.h"
#include "side_files.h"
#include "triggers.h"
#include "util.h"

static const char policy_text[] =
    "rule,match,interval_days,channel,priority,greetings,followup_days,"
    "deal_days,warn_days,won_exempt\n"
    "contact,gold,14,visit,1,yes,,,,\n"
    "contact,silver,30,phone,2,yes,,,,\n"
    "contact,plain,,email,3,no,,,,\n"
    "contact,*,60,email,3,no,,,,\n"
    "pool,A,,,,,31,,2,no\n"		/* key customers: won not exempt */
    "pool,C,,,,,31,60,2,yes\n"		/* with a deal limit */
    "pool,*,,,,,,,,\n";			/* no pool rule for the others */

static const char calendar_text[] =
    "date,type,name\n"
    "2026-09-20,workday,国庆节调休\n"
    "2026-09-25,holiday,中秋节\n"
    "2026-09-25,greeting,中秋节\n"
    "2026-10-01,holiday,国庆节\n"
    "2026-10-01,greeting,国庆节\n"
    "2026-10-02,holiday,国庆节\n"
    "2026-10-03,holiday,国庆节\n"
    "2026-10-04,holiday,国庆节\n"
    "2026-10-05,holiday,国庆节\n"
    "2026-10-06,holiday,国庆节\n"
    "2026-10-07,holiday,国庆节\n"
    "2026-10-10,workday,国庆节调休\n"
    "2026-11-26,greeting,感恩节\n";

/* Dates are YYYY-MM-DD; NULL is "none" (or "no such column"). */
struct trigger_case {
	const char *what;
	const char *today;
	long days;			/* working days planned */
	const char *owner, *segment, *level;
	const char *first, *birthday, *claim, *p_alive;
	bool high_risk, won, locked;
	const char *last_contact, *resolved;	/* the history */
	const char *detractor;		/* the day of a detractor's answer */
	const struct trigger_options *opt;	/* NULL: the defaults */
	const char *want;
};

/* --welcome-days 30 --feedback-days 3 --winback-days 5
 * --greeting-window 10 --winback-below 0.5, detractors within 14 days */
static const struct trigger_options other = { 30, 3, 5, 10, 0.5, 14 };

static const struct trigger_case cases[] = {
	/* periodic */
	{ .what = "periodic: the segment's interval after the last contact",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .last_contact = "2026-11-09",
	  .want = "2026-11-23 periodic due 2026-11-23" },
	{ .what = "periodic due tomorrow waits for tomorrow's run",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .last_contact = "2026-11-10", .want = "none" },
	{ .what = "with two days planned it goes on its own day",
	  .today = "2026-11-23", .days = 2, .owner = "王磊",
	  .segment = "gold", .last_contact = "2026-11-10",
	  .want = "2026-11-24 periodic due 2026-11-24" },
	{ .what = "never contacted: after the claim; Sunday moves to Monday",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .claim = "2026-11-01",
	  .want = "2026-11-23 periodic due 2026-11-16" },
	{ .what = "no contact or claim: after the first purchase",
	  .today = "2026-11-23", .days = 1, .owner = "李娜",
	  .segment = "silver", .first = "2026-10-01",
	  .want = "2026-11-23 periodic due 2026-11-02" },
	{ .what = "no contact, claim or purchase: due today",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .want = "2026-11-23 periodic due 2026-11-23" },
	{ .what = "the pool (no owner) gets no periodic contact",
	  .today = "2026-11-23", .days = 1, .owner = "", .segment = "gold",
	  .want = "none" },
	{ .what = "a segment without an interval gets none",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .want = "none" },
	{ .what = "a segment without a rule takes the default's 60 days",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "platinum", .last_contact = "2026-09-01",
	  .want = "2026-11-23 periodic due 2026-11-02" },
	/* winback */
	{ .what = "winback: p_alive below 0.3, never contacted: today",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .p_alive = "0.1",
	  .want = "2026-11-23 winback due 2026-11-23" },
	{ .what = "winback again 30 days after the last contact",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .p_alive = "0.2",
	  .last_contact = "2026-10-20",
	  .want = "2026-11-23 winback due 2026-11-19" },
	{ .what = "p_alive at the threshold is not at risk",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .p_alive = "0.3", .want = "none" },
	{ .what = "churn_risk high is at risk whatever p_alive",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .p_alive = "0.9", .high_risk = true,
	  .want = "2026-11-23 winback due 2026-11-23" },
	{ .what = "winback and periodic share a row, due the earlier",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .p_alive = "0.1",
	  .last_contact = "2026-10-20",
	  .want = "2026-11-23 winback;periodic due 2026-11-03" },
	/* welcome */
	{ .what = "welcome: a Saturday buyer is due Monday",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .first = "2026-11-21",
	  .want = "2026-11-23 welcome due 2026-11-23" },
	{ .what = "welcome: a contact since the purchase was the welcome",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .first = "2026-11-21",
	  .last_contact = "2026-11-22", .want = "none" },
	{ .what = "welcome: a purchase 14 days old still is",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .first = "2026-11-09",
	  .want = "2026-11-23 welcome due 2026-11-10" },
	{ .what = "welcome: 15 days old no longer",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .first = "2026-11-08", .want = "none" },
	/* tickets */
	{ .what = "feedback: a day after Friday's resolution is Monday",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .resolved = "2026-11-20",
	  .want = "2026-11-23 feedback_followup due 2026-11-23" },
	{ .what = "feedback: resolved today, due tomorrow",
	  .today = "2026-11-23", .days = 2, .owner = "王磊",
	  .segment = "plain", .resolved = "2026-11-23",
	  .want = "2026-11-24 feedback_followup due 2026-11-24" },
	{ .what = "a ticket and a welcome share a row",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .first = "2026-11-20",
	  .resolved = "2026-11-20",
	  .want = "2026-11-23 feedback_followup;welcome due 2026-11-23" },
	/* detractors (crm-survey --per-customer), window 14 days */
	{ .what = "detractor: answered Friday, called back Monday",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-20",
	  .want = "2026-11-23 detractor due 2026-11-23" },
	{ .what = "detractor: 14 days ago is still in the window, overdue",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-09",
	  .want = "2026-11-23 detractor due 2026-11-10" },
	{ .what = "detractor: 15 days ago is past the window: missed, not "
	  "listed", .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-08", .want = "none" },
	{ .what = "detractor: a contact on or after the answer is the call "
	  "back", .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-20",
	  .last_contact = "2026-11-20", .want = "none" },
	{ .what = "detractor: a contact before the answer is not",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-20",
	  .last_contact = "2026-11-19",
	  .want = "2026-11-23 detractor due 2026-11-23" },
	{ .what = "a ticket and a detractor share a row, the ticket first",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .detractor = "2026-11-19",
	  .resolved = "2026-11-20",
	  .want = "2026-11-23 feedback_followup;detractor due 2026-11-20" },
	/* public pool */
	{ .what = "pool: 35 days since the last contact (limit 31): reclaimed",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-19",
	  .want = "2026-11-23 pool_reclaim due 2026-11-23, reclaimed "
	  "no_followup 35" },
	{ .what = "pool: a reclaimed customer's other reasons share its row",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "gold", .level = "A", .last_contact = "2026-10-19",
	  .want = "2026-11-23 pool_reclaim;periodic due 2026-11-02, "
	  "reclaimed no_followup 35" },
	{ .what = "pool: day 29 (limit - warn) warns",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-25",
	  .want = "2026-11-23 pool_warning due 2026-11-23" },
	{ .what = "pool: day 31 still warns (due since Saturday, day 29)",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-23",
	  .want = "2026-11-23 pool_warning due 2026-11-23" },
	{ .what = "pool: day 32 is reclaimed",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-22",
	  .want = "2026-11-23 pool_reclaim due 2026-11-23, reclaimed "
	  "no_followup 32" },
	{ .what = "pool: day 28 warns tomorrow, after the plan",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-26",
	  .want = "none" },
	{ .what = "pool: a locked customer stays",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .locked = true,
	  .last_contact = "2026-10-01", .want = "none" },
	{ .what = "pool: won customers of level A are not exempt",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "A", .won = true,
	  .last_contact = "2026-10-01",
	  .want = "2026-11-23 pool_reclaim due 2026-11-23, reclaimed "
	  "no_followup 53" },
	{ .what = "pool: a won customer stays where the rule exempts it",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "C", .won = true,
	  .last_contact = "2026-10-01", .want = "none" },
	{ .what = "pool: the later of the last contact and the claim counts",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "C", .claim = "2026-11-01",
	  .last_contact = "2026-10-01", .want = "none" },
	{ .what = "pool: 61 days since the claim, not won: the deal limit",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "C", .claim = "2026-09-23",
	  .last_contact = "2026-11-20",
	  .want = "2026-11-23 pool_reclaim due 2026-11-23, reclaimed "
	  "no_deal 61" },
	{ .what = "pool: a reclaim takes the place of a warning",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .level = "C", .claim = "2026-09-26",
	  .want = "2026-11-23 pool_reclaim due 2026-11-23, reclaimed "
	  "no_followup 58" },
	{ .what = "pool: a customer without an owner is in the pool already",
	  .today = "2026-11-23", .days = 1, .owner = "",
	  .segment = "plain", .level = "A", .last_contact = "2026-10-01",
	  .want = "none" },
	/* greetings */
	{ .what = "a Thursday birthday and the day's greeting share a row",
	  .today = "2026-11-23", .days = 5, .owner = "王磊",
	  .segment = "gold", .birthday = "1990-11-26",
	  .last_contact = "2026-11-20",
	  .want = "2026-11-26 birthday;holiday due 2026-11-26" },
	{ .what = "a Saturday birthday is greeted on Friday",
	  .today = "2026-11-23", .days = 5, .owner = "李娜",
	  .segment = "silver", .birthday = "1985-11-28",
	  .last_contact = "2026-11-20",
	  .want = "2026-11-27 birthday due 2026-11-27, 2026-11-26 holiday "
	  "due 2026-11-26" },
	{ .what = "a contact in the 3 days before the occasion greets",
	  .today = "2026-11-23", .days = 5, .owner = "王磊",
	  .segment = "gold", .birthday = "1990-11-26",
	  .last_contact = "2026-11-23", .want = "none" },
	{ .what = "29 February: 28 February in 2027, a Sunday, so Friday",
	  .today = "2027-02-22", .days = 5, .owner = "王磊",
	  .segment = "gold", .birthday = "2000-02-29",
	  .last_contact = "2027-02-20",
	  .want = "2027-02-26 birthday due 2027-02-26" },
	{ .what = "a segment without greetings gets none",
	  .today = "2026-11-23", .days = 5, .owner = "王磊",
	  .segment = "plain", .birthday = "1990-11-26", .want = "none" },
	/* the calendar */
	{ .what = "National Day: periodic after the holiday, greeting before",
	  .today = "2026-09-30", .days = 3, .owner = "王磊",
	  .segment = "gold", .last_contact = "2026-09-19",
	  .want = "2026-10-08 periodic due 2026-10-08, 2026-09-30 holiday "
	  "due 2026-09-30" },
	{ .what = "a 调休 Saturday is a working day",
	  .today = "2026-10-09", .days = 2, .owner = "王磊",
	  .segment = "gold", .last_contact = "2026-09-26",
	  .want = "2026-10-10 periodic due 2026-10-10" },
	/* the options */
	{ .what = "--welcome-days 30 welcomes a purchase 22 days old",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .first = "2026-11-01", .opt = &other,
	  .want = "2026-11-23 welcome due 2026-11-02" },
	{ .what = "--feedback-days 3: Thursday's resolution is due Sunday, "
	  "so Monday", .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .resolved = "2026-11-19", .opt = &other,
	  .want = "2026-11-23 feedback_followup due 2026-11-23" },
	{ .what = "--winback-below 0.5 --winback-days 5",
	  .today = "2026-11-23", .days = 1, .owner = "王磊",
	  .segment = "plain", .p_alive = "0.4", .last_contact = "2026-11-17",
	  .opt = &other, .want = "2026-11-23 winback due 2026-11-23" },
	{ .what = "--greeting-window 10: a contact 10 days before greets",
	  .today = "2026-11-23", .days = 5, .owner = "王磊",
	  .segment = "gold", .birthday = "1990-11-26",
	  .last_contact = "2026-11-16", .opt = &other, .want = "none" },
};

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

/* A field of the case's row, or NULL for a column the input lacks. */
static const struct field *
field_of(struct field *f, const char *s)
{
	if (s == NULL)
		return NULL;
	f->s = s;
	f->len = strlen(s);
	return f;
}

static void
set_date(const char *s, int32_t *day, bool *has)
{
	if ((*has = s != NULL))
		*day = day_of(s);
}

static void
customer_of(const struct trigger_case *tc, struct profile *c,
    struct field f[4])
{
	memset(c, 0, sizeof(*c));
	c->id = field_of(&f[0], "K1");
	c->owner = field_of(&f[1], tc->owner);
	c->segment = field_of(&f[2], tc->segment);
	c->level = field_of(&f[3], tc->level);
	set_date(tc->first, &c->first, &c->has_first);
	set_date(tc->birthday, &c->birthday, &c->has_birthday);
	set_date(tc->claim, &c->claim, &c->has_claim);
	if ((c->has_p_alive = tc->p_alive != NULL))
		c->p_alive = strtod(tc->p_alive, NULL);
	c->high_risk = tc->high_risk;
	c->won = tc->won;
	c->locked = tc->locked;
	set_date(tc->detractor, &c->survey, &c->has_survey);
	c->detractor = c->has_survey;
}

/* The history as the readers would build it: the log, then tickets. */
static const struct history *
history_of(const struct trigger_case *tc, struct history *h)
{
	memset(h, 0, sizeof(*h));
	if (tc->last_contact)
		history_add_contact(h, day_of(tc->last_contact));
	if (tc->resolved)
		history_add_ticket(h, day_of(tc->resolved));
	return tc->last_contact || tc->resolved ? h : NULL;
}

/* "DAY REASONS due TARGET, ...[, reclaimed WHY DAYS]" or "none". */
static void
describe(const struct trigger_result *r, char *buf, size_t size)
{
	char day[DATE_BUFSIZE], target[DATE_BUFSIZE], reasons[128];
	size_t n = 0, i;

	buf[0] = '\0';
	for (i = 0; i < r->nrows; i++) {
		date_format(r->rows[i].day, day);
		date_format(r->rows[i].target, target);
		reason_list(r->rows[i].reasons, reasons, sizeof(reasons));
		n += (size_t)snprintf(buf + n, size - n, "%s%s %s due %s",
		    n ? ", " : "", day, reasons, target);
	}
	if (r->reclaimed)
		snprintf(buf + n, size - n, ", reclaimed %s %ld",
		    r->by_deal ? "no_deal" : "no_followup", r->idle_days);
	if (buf[0] == '\0')
		snprintf(buf, size, "none");
}

static void
run_case(const struct trigger_case *tc, const struct policy *policy,
    const struct calendar *cal)
{
	struct trigger_options opt;
	struct trigger_days days;
	struct trigger_result r;
	struct triggers *t;
	struct profile c;
	struct history h;
	struct field f[4];
	char got[512];

	trigger_defaults(&opt);
	if (tc->opt != NULL)
		opt = *tc->opt;
	days.today = day_of(tc->today);
	days.first = calendar_next_working(cal, days.today);
	days.last = calendar_add_working(cal, days.today, tc->days - 1);
	t = triggers_new(policy, cal, &opt, days);
	customer_of(tc, &c, f);
	triggers_find(t, &c, history_of(tc, &h), &r);
	describe(&r, got, sizeof(got));
	CHECK_STR(got, tc->want, "%s", tc->what);
	triggers_free(t);
}

int
main(void)
{
	struct common_options common;
	struct calendar *cal;
	struct policy *policy;
	char dir[PATH_MAX], path[PATH_MAX + 32];
	size_t i;

	setprogname("test-triggers");
	plain_common(&common);
	make_temp_dir(dir, sizeof(dir), "test-triggers");
	policy = policy_load(side_file(path, sizeof(path), dir, "policy.csv",
	    policy_text), &common);
	unlink(path);
	cal = calendar_load(side_file(path, sizeof(path), dir, "calendar.csv",
	    calendar_text), &common, WEEKEND_SAT_SUN);
	unlink(path);
	rmdir(dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], policy, cal);
	policy_free(policy);
	calendar_free(cal);
	return check_done();
}
