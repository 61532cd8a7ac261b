/*
 * plan.h: the days of a follow-up plan and what fits in them. The plan's
 * days are the working days from today (calendar.h); each owner's tasks
 * are placed on them most urgent first, each on the first working day
 * from its own with room under the owner's daily and weekly capacity
 * (ISO weeks, Monday to Sunday, counting this plan's tasks only). A task
 * that does not fit moves to the next working day, past the plan's last
 * day if need be: nothing is dropped. Days never run past 9999-12-31.
 */
#ifndef CRM_PLAN_H
#define CRM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "cli.h"
#include "reader.h"

/* Why a capacity of 0 is refused, for the option and the file. */
extern const char plan_capacity_zero[];

struct plan;

/*
 * The first days working days on or after today (days >= 1); NULL when
 * they would run past 9999-12-31. The calendar must outlive the plan.
 */
struct plan *plan_new(const struct calendar *cal, int32_t today, long days);
void plan_free(struct plan *p);

int32_t plan_first_day(const struct plan *p);
/* The last of the plan's days (capacity may place tasks later). */
int32_t plan_last_day(const struct plan *p);

/* An owner's capacity; 0 is no limit. */
struct plan_limits {
	long daily, weekly;
};

struct plan_task {
	uint32_t owner;		/* tasks of one owner share its limits */
	int32_t day;		/* in: its day in the plan; out: the day placed */
	/* the order of placement within an owner: */
	long priority;		/* the most urgent (lowest) first, */
	int strength;		/* then the stronger reason (lower), */
	int32_t target;		/* then the earliest due day, */
	struct field id;	/* then the customer id in byte order, */
	size_t index;		/* then the caller's order */
};

/*
 * Place tasks[0..n) (sorted into placement order on the way) within
 * limits[owner]; *moved counts those placed on a later day. False when a
 * task would go past 9999-12-31: *failed is then that task.
 */
bool plan_place(struct plan *p, struct plan_task *tasks, size_t n,
    const struct plan_limits *limits, unsigned long long *moved,
    const struct plan_task **failed);

/* Capacity per owner: the rows of a capacity file. */
struct capacity;

/*
 * The file at path: owner, capacity and optionally weekly per owner (an
 * empty cell: the default); an empty capacity when path is NULL.
 */
struct capacity *capacity_load(const char *path,
    const struct common_options *common);
void capacity_free(struct capacity *cap);
/* An owner's limits: its row, else dflt; the pool (no owner) has none. */
struct plan_limits capacity_of(const struct capacity *cap, const char *owner,
    size_t len, struct plan_limits dflt);

#endif
