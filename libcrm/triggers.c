/* triggers.c: the reasons to contact a customer, and when. */
#include "triggers.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

/* A greeting day of the calendar whose greeting falls due in the plan. */
struct occasion {
	int32_t day, due;
};

struct triggers {
	const struct policy *policy;
	const struct calendar *cal;
	struct trigger_options opt;
	struct trigger_days days;
	struct occasion *occasions;
	size_t noccasions;
	struct trigger_row *rows;	/* room for one customer's rows */
};

/* The reasons found so far, each with the day it falls due. */
struct dues {
	unsigned mask;
	int32_t due[NREASONS];
	long idle_days;
	bool by_deal;
};

void
trigger_defaults(struct trigger_options *opt)
{
	opt->welcome_days = 14;
	opt->feedback_days = 1;
	opt->detractor_window = 14;
	opt->winback_days = 30;
	opt->greeting_window = 3;
	opt->winback_below = 0.3;	/* crm-churn's high risk */
}

/* A greeting is due on the last working day on or before its occasion. */
static int32_t
greeting_due(const struct triggers *t, int32_t occasion)
{
	return calendar_prev_working(t->cal, occasion);
}

/* The calendar's greeting days whose greeting falls due in the plan. */
static void
find_occasions(struct triggers *t)
{
	/* a greeting is due at most a long holiday before its day */
	int32_t from = t->days.today, to = t->days.last + 60, day;
	const char *name;
	size_t i, n = 0;

	while (calendar_greeting(t->cal, from, to, n, &day, &name))
		n++;
	t->occasions = xcalloc(n + 1, sizeof(*t->occasions));
	for (i = 0; calendar_greeting(t->cal, from, to, i, &day, &name); i++) {
		if (greeting_due(t, day) > t->days.last)
			break;
		t->occasions[t->noccasions].day = day;
		t->occasions[t->noccasions++].due = greeting_due(t, day);
	}
	/* a contact row, a birthday and the occasions */
	t->rows = xcalloc(t->noccasions + 2, sizeof(*t->rows));
}

struct triggers *
triggers_new(const struct policy *policy, const struct calendar *cal,
    const struct trigger_options *opt, struct trigger_days days)
{
	struct triggers *t = xcalloc(1, sizeof(*t));

	t->policy = policy;
	t->cal = cal;
	t->opt = *opt;
	t->days = days;
	find_occasions(t);
	return t;
}

void
triggers_free(struct triggers *t)
{
	free(t->occasions);
	free(t->rows);
	free(t);
}

/* Reason r falls due on the first working day from due, if in the plan. */
static void
add_due(const struct triggers *t, struct dues *d, enum reason r, int32_t due)
{
	due = calendar_next_working(t->cal, due);
	if (due > t->days.last)
		return;
	if ((d->mask & REASON_BIT(r)) == 0 || due < d->due[r])
		d->due[r] = due;
	d->mask |= REASON_BIT(r);
}

/* Reclaim past the limit; warn from limit - warn to limit, inclusive. */
static void
pool_limit(const struct triggers *t, struct dues *d, int32_t since,
    long limit, long warn, bool by_deal)
{
	long days = (long)t->days.today - since;

	if (days > limit) {
		if ((d->mask & REASON_BIT(REASON_POOL_RECLAIM)) == 0 ||
		    days > d->idle_days) {
			d->idle_days = days;
			d->by_deal = by_deal;
		}
		d->mask |= REASON_BIT(REASON_POOL_RECLAIM);
		d->due[REASON_POOL_RECLAIM] = t->days.today;
	} else {
		add_due(t, d, REASON_POOL_WARNING,
		    since + (int32_t)(limit - warn));
	}
}

/*
 * WukongCRM's public-pool rules: an owned, unlocked customer goes back
 * to the pool when the days since the later of its last contact and its
 * claim exceed the follow-up limit (won customers exempt if the rule
 * says so), or the days since the claim exceed the deal limit and it has
 * not been won.
 */
static void
pool_triggers(const struct triggers *t, const struct profile *c,
    const struct history *h, struct dues *d)
{
	const struct pool_rule *rule = policy_pool(t->policy,
	    c->level ? c->level->s : NULL, c->level ? c->level->len : 0);
	bool contacted = h != NULL && h->contacted;
	int32_t since;

	if (!profile_has_owner(c) || c->locked)
		return;
	if (rule->followup_days && !(c->won && rule->won_exempt) &&
	    (contacted || c->has_claim)) {
		since = contacted ? h->last_contact : c->claim;
		if (c->has_claim && c->claim > since)
			since = c->claim;
		pool_limit(t, d, since, rule->followup_days, rule->warn_days,
		    false);
	}
	if (rule->deal_days && !c->won && c->has_claim)
		pool_limit(t, d, c->claim, rule->deal_days, rule->warn_days,
		    true);
	if (d->mask & REASON_BIT(REASON_POOL_RECLAIM))
		d->mask &= ~REASON_BIT(REASON_POOL_WARNING);
}

static bool
at_risk(const struct triggers *t, const struct profile *c)
{
	return c->high_risk || (c->has_p_alive &&
	    c->p_alive < t->opt.winback_below);
}

/*
 * An interval after the last contact, else the claim, else the first
 * purchase; a customer with none of them has waited long enough.
 */
static int32_t
periodic_due(const struct triggers *t, const struct profile *c,
    const struct history *h, long interval)
{
	if (h != NULL && h->contacted)
		return h->last_contact + (int32_t)interval;
	if (c->has_claim)
		return c->claim + (int32_t)interval;
	return c->has_first ? c->first + (int32_t)interval : t->days.today;
}

static void
contact_triggers(const struct triggers *t, const struct profile *c,
    const struct history *h, const struct contact_rule *rule,
    struct dues *d)
{
	long age = (long)t->days.today - c->first;

	if (h != NULL && h->pending)
		add_due(t, d, REASON_FEEDBACK_FOLLOWUP, h->pending_resolved +
		    (int32_t)t->opt.feedback_days);
	/* a detractor's answer is called back the next day, in its window */
	if (c->detractor && c->has_survey && c->survey <= t->days.today &&
	    t->days.today - c->survey <= t->opt.detractor_window &&
	    !history_contacted_since(h, c->survey))
		add_due(t, d, REASON_DETRACTOR, c->survey + 1);
	if (c->has_first && age >= 0 && age <= t->opt.welcome_days &&
	    !history_contacted_since(h, c->first))
		add_due(t, d, REASON_WELCOME, c->first + 1);
	if (at_risk(t, c))
		add_due(t, d, REASON_WINBACK, h != NULL && h->contacted ?
		    h->last_contact + (int32_t)t->opt.winback_days :
		    t->days.today);
	if (rule->interval_days && profile_has_owner(c))
		add_due(t, d, REASON_PERIODIC, periodic_due(t, c, h,
		    rule->interval_days));
}

/* The next birthday on or after today; 29 February is 28 in other years. */
static int32_t
next_birthday(int32_t today, int32_t birthday)
{
	int year, month, day, by, bm, bd, n;
	int32_t next;

	civil_from_days(today, &year, &month, &day);
	civil_from_days(birthday, &by, &bm, &bd);
	for (;; year++) {
		n = days_in_month(year, bm);
		next = days_from_civil(year, bm, bd < n ? bd : n);
		if (next >= today)
			return next;
	}
}

/* A contact in the window before the occasion (or since it fell due). */
static bool
greeted(const struct triggers *t, const struct history *h, int32_t occasion,
    int32_t due)
{
	int32_t from = occasion - (int32_t)t->opt.greeting_window;

	return history_contacted_since(h, due < from ? due : from);
}

/*
 * Reasons whose plan day is the same share a row: an overdue reason goes
 * to the plan's first day, any other to its own (a working day).
 */
static size_t
add_row(struct triggers *t, size_t nrows, int32_t due, unsigned reasons)
{
	int32_t day = due < t->days.first ? t->days.first : due;
	size_t i;

	for (i = 0; i < nrows; i++)
		if (t->rows[i].day == day) {
			t->rows[i].reasons |= reasons;
			if (due < t->rows[i].target)
				t->rows[i].target = due;
			return nrows;
		}
	t->rows[nrows].day = day;
	t->rows[nrows].target = due;
	t->rows[nrows].reasons = reasons;
	return nrows + 1;
}

/* One row for the contact reasons; greetings keep their own days. */
static size_t
build_rows(struct triggers *t, const struct profile *c,
    const struct history *h, const struct contact_rule *rule,
    const struct dues *d)
{
	unsigned contact = d->mask & ~(REASON_BIT(REASON_BIRTHDAY) |
	    REASON_BIT(REASON_HOLIDAY));
	int32_t due = INT32_MAX, occasion;
	size_t nrows = 0, i;
	int r;

	for (r = 0; r < NREASONS; r++)
		if ((contact & REASON_BIT(r)) && d->due[r] < due)
			due = d->due[r];
	if (contact)
		nrows = add_row(t, nrows, due, contact);
	if (!rule->greetings)
		return nrows;
	if (c->has_birthday) {
		occasion = next_birthday(t->days.today, c->birthday);
		due = greeting_due(t, occasion);
		if (due <= t->days.last && !greeted(t, h, occasion, due))
			nrows = add_row(t, nrows, due,
			    REASON_BIT(REASON_BIRTHDAY));
	}
	for (i = 0; i < t->noccasions; i++)
		if (!greeted(t, h, t->occasions[i].day, t->occasions[i].due))
			nrows = add_row(t, nrows, t->occasions[i].due,
			    REASON_BIT(REASON_HOLIDAY));
	return nrows;
}

void
triggers_find(struct triggers *t, const struct profile *c,
    const struct history *h, struct trigger_result *out)
{
	struct dues d;

	memset(&d, 0, sizeof(d));
	memset(out, 0, sizeof(*out));
	out->rule = policy_contact(t->policy, c->segment ? c->segment->s :
	    NULL, c->segment ? c->segment->len : 0);
	pool_triggers(t, c, h, &d);
	contact_triggers(t, c, h, out->rule, &d);
	out->rows = t->rows;
	out->nrows = build_rows(t, c, h, out->rule, &d);
	out->reclaimed = (d.mask & REASON_BIT(REASON_POOL_RECLAIM)) != 0;
	out->by_deal = d.by_deal;
	out->idle_days = d.idle_days;
}
