/* rejects.c: rows rejected in input order, whoever found them. */
#include "rejects.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
rejects_add(struct rejects *r, size_t record, const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (r->count == r->capacity) {
		r->capacity = grow_capacity(r->capacity, r->count + 1);
		r->list = xreallocarray(r->list, r->capacity, sizeof(*r->list));
	}
	r->list[r->count].record = record;
	r->list[r->count++].reason = xstrdup(reason);
}

void
rejects_move(struct rejects *to, struct rejects *from)
{
	if (from->count == 0)
		return;
	if (to->count + from->count > to->capacity) {
		to->capacity = grow_capacity(to->capacity,
		    to->count + from->count);
		to->list = xreallocarray(to->list, to->capacity,
		    sizeof(*to->list));
	}
	memcpy(to->list + to->count, from->list, from->count *
	    sizeof(*from->list));
	to->count += from->count;
	from->count = 0;
}

static int
compare_rejects(const void *a, const void *b)
{
	const struct reject *x = a, *y = b;

	return (x->record > y->record) - (x->record < y->record);
}

void
rejects_report(struct rejects *all, struct input *in,
    const struct record *records)
{
	size_t i;

	if (all->count == 0)
		return;
	qsort(all->list, all->count, sizeof(*all->list), compare_rejects);
	for (i = 0; i < all->count; i++) {
		input_reject(in, &records[all->list[i].record], "%s",
		    all->list[i].reason);
		free(all->list[i].reason);
	}
	all->count = 0;
}

void
rejects_free(struct rejects *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		free(r->list[i].reason);
	free(r->list);
	r->list = NULL;
	r->count = r->capacity = 0;
}
