/*
 * triggers.h: why and when to contact a customer. Pure: from a customer's
 * profile and history, the policy, the calendar and today, the reasons it
 * has and the day each falls due, grouped into the rows of the list.
 * No input or output here.
 *
 * A due day that is not a working day moves to the next working day,
 * except for greetings, which move back to the last working day before
 * their occasion; reasons due after the plan's last day wait for a later
 * run. One contact serves every reason but the greetings, since it
 * restarts their clocks, so they share one row on the earliest day any
 * of them is due; a greeting keeps its own day and joins a row only of
 * that day. crm-schedule(1) states each rule for users.
 *
 * A new reason (policy.h) is a function beside pool_triggers and
 * contact_triggers in triggers.c that adds it with its due day, and the
 * options or history it needs.
 */
#ifndef CRM_TRIGGERS_H
#define CRM_TRIGGERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "history.h"
#include "policy.h"
#include "profile.h"

struct trigger_options {
	long welcome_days;	/* welcome a first purchase this recent */
	long feedback_days;	/* call back this long after a resolution */
	long winback_days;	/* contact customers at risk this often */
	long greeting_window;	/* a contact this soon before counts */
	double winback_below;	/* at risk when p_alive is below */
	long detractor_window;	/* call a detractor back within this */
};

/* 14, 1, 14, 30, 3 days and 0.3: crm-schedule's documented defaults. */
void trigger_defaults(struct trigger_options *opt);

/* The days the plan covers: today, and its first and last working day. */
struct trigger_days {
	int32_t today, first, last;
};

/* A row of the list: the reasons one contact on one day serves. */
struct trigger_row {
	int32_t day;		/* the plan day it goes to (before capacity) */
	int32_t target;		/* the earliest day one of its reasons fell due */
	unsigned reasons;	/* REASON_BIT()s */
};

/* A customer's reasons: its rows, and what the pool rule decided. */
struct trigger_result {
	const struct contact_rule *rule;	/* the segment's */
	struct trigger_row *rows;	/* owned by the triggers */
	size_t nrows;
	bool reclaimed;		/* pool_reclaim: back to the public pool */
	bool by_deal;		/* reclaimed by the deal limit */
	long idle_days;		/* the days that went over the limit */
};

struct triggers;

/* The policy and calendar must outlive the triggers. */
struct triggers *triggers_new(const struct policy *policy,
    const struct calendar *cal, const struct trigger_options *opt,
    struct trigger_days days);
void triggers_free(struct triggers *t);

/*
 * The reasons of one customer (history NULL: none on record); the rows
 * are valid until the next call.
 */
void triggers_find(struct triggers *t, const struct profile *c,
    const struct history *h, struct trigger_result *out);

#endif
