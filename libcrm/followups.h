/*
 * followups.h: the follow-up list as it is built. Each customer's rows
 * (triggers.h) become tasks with an owner, a priority and a channel
 * (policy.h), keeping the customer's id and contact details; the tasks
 * are then placed within each owner's capacity (plan.h) and put in the
 * list's order: by owner (byte order; the pool, an empty owner, first),
 * day, priority and customer id.
 */
#ifndef CRM_FOLLOWUPS_H
#define CRM_FOLLOWUPS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "plan.h"
#include "policy.h"
#include "profile.h"
#include "table.h"
#include "triggers.h"

/* A customer with tasks: its id and contact details, kept. */
struct person {
	struct field id;
	struct field contact[PROFILE_NCONTACT];	/* "" when absent */
};

/* A row of the list. */
struct task {
	uint32_t person;	/* index in people */
	uint32_t owner;		/* index of the owner (followups_owner) */
	int32_t target;		/* the day the earliest reason fell due */
	int32_t placed;		/* the working day it is planned for */
	long priority;
	unsigned reasons;
	enum reason strongest;
	enum channel channel;
};

struct followups {
	const struct policy *policy;
	struct task *tasks;
	size_t ntasks, tasks_cap;
	size_t *order;		/* after followups_plan: tasks in list order */
	struct person *people;
	size_t npeople, people_cap;
	struct table *owners;	/* owner -> index */
	struct arena text;	/* the people's text */
	unsigned long long moved;	/* placed later by capacity */
};

void followups_init(struct followups *f, const struct policy *policy);
void followups_free(struct followups *f);

/*
 * The rows of one customer; a reclaimed customer's rows go to the
 * manager, the owner cleared.
 */
void followups_add(struct followups *f, const struct profile *c,
    const struct trigger_result *t);

/* The name of owner index i ("" for the pool). */
const char *followups_owner(const struct followups *f, uint32_t i,
    size_t *len);

/*
 * Place the tasks within each owner's limits (capacity_of with dflt) and
 * put them in the list's order (order). False when capacity would move a
 * task past 9999-12-31: *failed is then that task.
 */
bool followups_plan(struct followups *f, struct plan *plan,
    const struct capacity *cap, struct plan_limits dflt,
    const struct task **failed);

/* The i-th task of the list, after followups_plan. */
const struct task *followups_at(const struct followups *f, size_t i);

#endif
