/* plan.c: working days of a plan, and tasks placed within capacity. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "input.h"
#include "table.h"
#include "text.h"
#include "util.h"

const char plan_capacity_zero[] = "would leave tasks no day to go to "
    "(nothing is dropped); give 1 or more, or leave it out for no limit";

/* Working days: day_at[k] is the k-th from the first. */
struct plan {
	const struct calendar *cal;
	int32_t today;
	int32_t *day_at;
	size_t count, capacity;
	size_t horizon;		/* the days asked for */
	bool at_end;		/* no working day left before 9999-12-31 */
};

/* Each owner's load: tasks per plan day and week, and free days. */
struct load {
	uint32_t *per_day, *per_week, *next_free;
	size_t ndays, nweeks;
	struct plan_limits limits;
};

/* At least count days, or as many as there are before 9999-12-31. */
static size_t
extend(struct plan *p, size_t count)
{
	int32_t day;

	while (p->count < count && !p->at_end) {
		day = p->count == 0 ? p->today : p->day_at[p->count - 1] + 1;
		day = calendar_next_working(p->cal, day);
		if (day > DATE_MAX) {
			p->at_end = true;
			break;
		}
		if (p->count == p->capacity) {
			p->capacity = grow_capacity(p->capacity, p->count + 1);
			p->day_at = xreallocarray(p->day_at, p->capacity,
			    sizeof(*p->day_at));
		}
		p->day_at[p->count++] = day;
	}
	return p->count;
}

struct plan *
plan_new(const struct calendar *cal, int32_t today, long days)
{
	struct plan *p = xcalloc(1, sizeof(*p));

	p->cal = cal;
	p->today = today;
	p->horizon = (size_t)days;
	if (extend(p, p->horizon) < p->horizon) {
		plan_free(p);
		return NULL;
	}
	return p;
}

void
plan_free(struct plan *p)
{
	free(p->day_at);
	free(p);
}

int32_t
plan_first_day(const struct plan *p)
{
	return p->day_at[0];
}

int32_t
plan_last_day(const struct plan *p)
{
	return p->day_at[p->horizon - 1];
}

/* The index of the first plan day on or after day (day <= last day). */
static size_t
plan_index(const struct plan *p, int32_t day)
{
	size_t lo = 0, hi = p->horizon, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->day_at[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ISO weeks (Monday first) since the week of 1970-01-01, a Thursday. */
static int32_t
week_of(int32_t day)
{
	int32_t d = day + 3;

	return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

static size_t
week_index(const struct plan *p, size_t k)
{
	return (size_t)(week_of(p->day_at[k]) - week_of(p->day_at[0]));
}

static bool
week_full(const struct load *l, size_t week)
{
	return l->limits.weekly && week < l->nweeks && l->per_week[week] >=
	    (uint32_t)l->limits.weekly;
}

/*
 * Room for plan days [0, need) at least; a day of a full week is full.
 * False when the plan has fewer days before 9999-12-31.
 */
static bool
load_grow(struct plan *p, struct load *l, size_t need)
{
	size_t want, ndays, i, weeks;

	if (need <= l->ndays)
		return true;
	want = grow_capacity(l->ndays, need);
	if ((ndays = extend(p, want)) > want)
		ndays = want;	/* another owner's tasks went further */
	if (ndays < need)
		return false;
	l->per_day = xreallocarray(l->per_day, ndays, sizeof(*l->per_day));
	l->next_free = xreallocarray(l->next_free, ndays,
	    sizeof(*l->next_free));
	weeks = week_index(p, ndays - 1) + 1;
	l->per_week = xreallocarray(l->per_week, weeks, sizeof(*l->per_week));
	memset(l->per_week + l->nweeks, 0, (weeks - l->nweeks) *
	    sizeof(*l->per_week));
	for (i = l->ndays; i < ndays; i++) {
		l->per_day[i] = 0;
		l->next_free[i] = (uint32_t)(week_full(l, week_index(p, i)) ?
		    i + 1 : i);
	}
	l->ndays = ndays;
	l->nweeks = weeks;
	return true;
}

/*
 * The first plan day from k on with room (union-find with path halving);
 * false when there is none before 9999-12-31.
 */
static bool
find_free(struct plan *p, struct load *l, size_t k, size_t *found)
{
	size_t next;

	for (;;) {
		if (!load_grow(p, l, k + 1))
			return false;
		if (l->next_free[k] == k) {
			*found = k;
			return true;
		}
		next = l->next_free[k];
		if (!load_grow(p, l, next + 1))
			return false;
		l->next_free[k] = l->next_free[next];
		k = next;
	}
}

static void
mark_week_full(const struct plan *p, struct load *l, size_t k, size_t week)
{
	size_t j;

	for (j = k; j > 0 && week_index(p, j - 1) == week; j--)
		l->next_free[j - 1] = (uint32_t)j;
	for (j = k; j < l->ndays && week_index(p, j) == week; j++)
		l->next_free[j] = (uint32_t)(j + 1);
}

static void
take_day(const struct plan *p, struct load *l, size_t k)
{
	size_t week = week_index(p, k);

	l->per_day[k]++;
	l->per_week[week]++;
	if (l->limits.daily && l->per_day[k] >= (uint32_t)l->limits.daily)
		l->next_free[k] = (uint32_t)(k + 1);
	if (week_full(l, week))
		mark_week_full(p, l, k, week);
}

static void
free_load(struct load *l)
{
	free(l->per_day);
	free(l->per_week);
	free(l->next_free);
	memset(l, 0, sizeof(*l));
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_ids(const struct field *x, const struct field *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c ? c : CMP(x->len, y->len);
}

/* Placement order: per owner, most urgent first, then oldest. */
static int
compare_placement(const void *a, const void *b)
{
	const struct plan_task *x = a, *y = b;
	int c;

	if ((c = CMP(x->owner, y->owner)) || (c = CMP(x->priority,
	    y->priority)) || (c = CMP(x->strength, y->strength)) ||
	    (c = CMP(x->target, y->target)) || (c = compare_ids(&x->id,
	    &y->id)))
		return c;
	return CMP(x->index, y->index);
}

/*
 * Each owner's tasks in order of urgency take the first working day,
 * from the day they fall due, with room in that day and its week; the
 * plan runs past its last day as far as needed.
 */
bool
plan_place(struct plan *p, struct plan_task *tasks, size_t n,
    const struct plan_limits *limits, unsigned long long *moved,
    const struct plan_task **failed)
{
	struct load l;
	size_t i, k;

	memset(&l, 0, sizeof(l));
	*moved = 0;
	qsort(tasks, n, sizeof(*tasks), compare_placement);
	for (i = 0; i < n; i++) {
		if (i == 0 || tasks[i].owner != tasks[i - 1].owner) {
			free_load(&l);
			l.limits = limits[tasks[i].owner];
		}
		if (l.limits.daily == 0 && l.limits.weekly == 0)
			continue;
		if (!find_free(p, &l, plan_index(p, tasks[i].day), &k)) {
			free_load(&l);
			*failed = &tasks[i];
			return false;
		}
		take_day(p, &l, k);
		if (p->day_at[k] != tasks[i].day)
			(*moved)++;
		tasks[i].day = p->day_at[k];
	}
	free_load(&l);
	return true;
}

/* Capacity file */

struct capacity {
	struct table *by_owner;		/* owner -> struct plan_limits */
};

/* A limit cell: -1 when empty (the default applies). */
static long
limit_field(const struct record *rec, long col, const char *what)
{
	const struct field *f;
	char *end;
	long v;

	if (col == COLUMN_NONE || (f = &rec->fields[col])->len == 0)
		return -1;
	v = strtol(f->s, &end, 10);
	if (!all_digits(f->s, f->len) || *end != '\0' || v > 1000000)
		record_die(rec, "%s must be a whole number ('%.60s')", what,
		    f->s);
	if (v == 0)
		record_die(rec, "%s 0 %s", what, plan_capacity_zero);
	return v;
}

struct capacity *
capacity_load(const char *path, const struct common_options *common)
{
	struct capacity *cap = xcalloc(1, sizeof(*cap));
	const struct record *rec;
	struct plan_limits *lim;
	struct input *in;
	long owner, daily, weekly;
	bool added;

	cap->by_owner = table_new(sizeof(struct plan_limits));
	if (path == NULL)
		return cap;
	in = input_open_side(common, path);
	owner = column_find(input_header(in), "owner", NULL, true);
	daily = column_require(input_header(in), "capacity");
	weekly = column_lookup(input_header(in), "weekly");
	while ((rec = input_next(in)) != NULL) {
		lim = table_upsert(cap->by_owner, rec->fields[owner].s,
		    rec->fields[owner].len, &added);
		if (!added)
			record_die(rec, "owner '%.60s' is listed twice",
			    rec->fields[owner].s);
		lim->daily = limit_field(rec, daily, "capacity");
		lim->weekly = limit_field(rec, weekly, "weekly");
	}
	input_close(in);
	return cap;
}

void
capacity_free(struct capacity *cap)
{
	table_free(cap->by_owner);
	free(cap);
}

struct plan_limits
capacity_of(const struct capacity *cap, const char *owner, size_t len,
    struct plan_limits dflt)
{
	const struct plan_limits *row = table_find(cap->by_owner, owner, len);
	struct plan_limits l = dflt;

	if (len == 0)
		return (struct plan_limits){ 0, 0 };	/* the pool's list */
	if (row != NULL && row->daily > 0)
		l.daily = row->daily;
	if (row != NULL && row->weekly > 0)
		l.weekly = row->weekly;
	return l;
}
