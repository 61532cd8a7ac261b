/* followups.c: the tasks of the list, placed and in the list's order. */
#include "followups.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
followups_init(struct followups *f, const struct policy *policy)
{
	memset(f, 0, sizeof(*f));
	f->policy = policy;
	f->owners = table_new(sizeof(uint32_t));
	arena_init(&f->text, 1 << 20);
}

void
followups_free(struct followups *f)
{
	table_free(f->owners);
	free(f->tasks);
	free(f->order);
	free(f->people);
	arena_free(&f->text);
	memset(f, 0, sizeof(*f));
}

static struct field
keep_text(struct followups *f, const struct field *text)
{
	struct field kept = { "", 0 };

	if (text != NULL && text->len > 0) {
		kept.s = arena_strndup(&f->text, text->s, text->len);
		kept.len = text->len;
	}
	return kept;
}

static uint32_t
add_person(struct followups *f, const struct profile *c)
{
	struct person *p;
	size_t i;

	if (f->npeople == f->people_cap) {
		f->people_cap = grow_capacity(f->people_cap, f->npeople + 1);
		f->people = xreallocarray(f->people, f->people_cap,
		    sizeof(*f->people));
	}
	p = &f->people[f->npeople];
	p->id = keep_text(f, c->id);
	for (i = 0; i < PROFILE_NCONTACT; i++)
		p->contact[i] = keep_text(f, c->contact[i]);
	return (uint32_t)f->npeople++;
}

static uint32_t
owner_index(struct followups *f, const struct field *owner)
{
	static const struct field pool = { "", 0 };
	uint32_t *index;
	bool added;

	if (owner == NULL)
		owner = &pool;
	index = table_upsert(f->owners, owner->s, owner->len, &added);
	if (added)
		*index = (uint32_t)(table_count(f->owners) - 1);
	return *index;
}

const char *
followups_owner(const struct followups *f, uint32_t i, size_t *len)
{
	return table_key(f->owners, i, len);
}

static struct task *
new_task(struct followups *f)
{
	if (f->ntasks == f->tasks_cap) {
		f->tasks_cap = grow_capacity(f->tasks_cap, f->ntasks + 1);
		f->tasks = xreallocarray(f->tasks, f->tasks_cap,
		    sizeof(*f->tasks));
	}
	return &f->tasks[f->ntasks++];
}

void
followups_add(struct followups *f, const struct profile *c,
    const struct trigger_result *t)
{
	uint32_t person, owner;
	struct task *task;
	size_t i;

	if (t->nrows == 0)
		return;
	person = add_person(f, c);
	/* a reclaimed customer is the manager's: the owner is cleared */
	owner = owner_index(f, t->reclaimed ? NULL : c->owner);
	for (i = 0; i < t->nrows; i++) {
		task = new_task(f);
		task->person = person;
		task->owner = owner;
		task->target = t->rows[i].target;
		task->placed = t->rows[i].day;
		task->reasons = t->rows[i].reasons;
		task->priority = policy_priority(f->policy, t->rule,
		    task->reasons);
		task->strongest = reason_strongest(task->reasons);
		task->channel = policy_channel(f->policy, t->rule,
		    task->strongest);
	}
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_names(const void *a, const void *b)
{
	const struct field *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c ? c : CMP(x->len, y->len);
}

/* The rank of each owner's name in byte order, by owner index. */
static uint32_t *
owner_ranks(const struct followups *f)
{
	size_t n = table_count(f->owners), i;
	struct field *names = xcalloc(n + 1, sizeof(*names));
	uint32_t *rank = xcalloc(n + 1, sizeof(*rank));

	for (i = 0; i < n; i++)
		names[i].s = table_key(f->owners, i, &names[i].len);
	qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++)
		rank[*(uint32_t *)table_find(f->owners, names[i].s,
		    names[i].len)] = (uint32_t)i;
	free(names);
	return rank;
}

/*
 * The tasks as the planner sees them, owners by the rank of their name,
 * so that the placement order is close to the list's and its sort has
 * little left to do.
 */
static struct plan_task *
plan_tasks(const struct followups *f, const uint32_t *rank)
{
	struct plan_task *pt = xcalloc(f->ntasks + 1, sizeof(*pt));
	const struct task *t;
	size_t i;

	for (i = 0; i < f->ntasks; i++) {
		t = &f->tasks[i];
		pt[i].owner = rank[t->owner];
		pt[i].priority = t->priority;
		pt[i].strength = (int)t->strongest;
		pt[i].target = t->target;
		pt[i].id = f->people[t->person].id;
		pt[i].index = i;
		pt[i].day = t->placed;
	}
	return pt;
}

/* Each owner's limits, by the rank of its name. */
static struct plan_limits *
owner_limits(const struct followups *f, const uint32_t *rank,
    const struct capacity *cap, struct plan_limits dflt)
{
	size_t n = table_count(f->owners), i, len;
	struct plan_limits *limits = xcalloc(n + 1, sizeof(*limits));
	const char *name;

	for (i = 0; i < n; i++) {
		name = table_key(f->owners, i, &len);
		limits[rank[i]] = capacity_of(cap, name, len, dflt);
	}
	return limits;
}

/* The list's order: owner, day, priority, customer id. */
static int
compare_list(const void *a, const void *b)
{
	const struct plan_task *x = a, *y = b;
	size_t n = x->id.len < y->id.len ? x->id.len : y->id.len;
	int c;

	if ((c = CMP(x->owner, y->owner)) || (c = CMP(x->day, y->day)) ||
	    (c = CMP(x->priority, y->priority)))
		return c;
	if ((c = memcmp(x->id.s, y->id.s, n)) || (c = CMP(x->id.len,
	    y->id.len)) || (c = CMP(x->strength, y->strength)))
		return c;
	return CMP(x->index, y->index);
}

/*
 * The placed tasks into the list's order; they come in placement order,
 * which is close to it (the same owners in the same order), so the sort
 * has little to do.
 */
static void
sort_list(struct followups *f, struct plan_task *pt)
{
	size_t i;

	qsort(pt, f->ntasks, sizeof(*pt), compare_list);
	f->order = xcalloc(f->ntasks + 1, sizeof(*f->order));
	for (i = 0; i < f->ntasks; i++)
		f->order[i] = pt[i].index;
}

bool
followups_plan(struct followups *f, struct plan *plan,
    const struct capacity *cap, struct plan_limits dflt,
    const struct task **failed)
{
	uint32_t *rank = owner_ranks(f);
	struct plan_task *pt = plan_tasks(f, rank);
	struct plan_limits *limits = owner_limits(f, rank, cap, dflt);
	const struct plan_task *bad;
	bool ok;
	size_t i;

	ok = plan_place(plan, pt, f->ntasks, limits, &f->moved, &bad);
	if (ok) {
		for (i = 0; i < f->ntasks; i++)
			f->tasks[pt[i].index].placed = pt[i].day;
		sort_list(f, pt);
	} else {
		*failed = &f->tasks[bad->index];
	}
	free(pt);
	free(limits);
	free(rank);
	return ok;
}

const struct task *
followups_at(const struct followups *f, size_t i)
{
	return &f->tasks[f->order[i]];
}
