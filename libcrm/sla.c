/* sla.c: the service-level file and the rule of a ticket. */
#include "sla.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "num.h"
#include "text.h"
#include "util.h"

struct sla {
	struct sla_rule *rules;
	size_t count, capacity;
};

/* A match value: NULL (any) for an empty cell or *. */
static char *
match_value(const struct record *rec, long col)
{
	const struct field *f;

	if (col == COLUMN_NONE)
		return NULL;
	f = &rec->fields[col];
	if (f->len == 0 || (f->len == 1 && f->s[0] == '*'))
		return NULL;
	return xstrndup(f->s, f->len);
}

static double
hours(const struct record *rec, long col, const char *name)
{
	const struct field *f;
	double v;

	if (col == COLUMN_NONE || (f = &rec->fields[col])->len == 0)
		return -1;
	if (number_parse(f->s, f->len, '.', &v) != NUM_OK)
		record_die(rec, "not a number (%s, '%.60s')", name, f->s);
	if (v < 0)
		record_die(rec, "negative hours (%s, '%.60s')", name, f->s);
	return v;
}

struct sla *
sla_load(const struct common_options *opt, const char *path)
{
	struct input *in = input_open_side(opt, path);
	const struct record *h = input_header(in), *rec;
	struct sla *s = xcalloc(1, sizeof(*s));
	long category, priority, response, resolve;
	struct sla_rule *r;

	category = column_lookup(h, "category");
	priority = column_lookup(h, "priority");
	response = column_lookup(h, "response_hours");
	resolve = column_lookup(h, "resolve_hours");
	if (category == COLUMN_NONE && priority == COLUMN_NONE)
		record_die(h, "an SLA file needs a category or priority column");
	if (response == COLUMN_NONE && resolve == COLUMN_NONE)
		record_die(h, "an SLA file needs a response_hours or "
		    "resolve_hours column");
	while ((rec = input_next(in)) != NULL) {
		if (s->count == s->capacity) {
			s->capacity = grow_capacity(s->capacity, s->count + 1);
			s->rules = xreallocarray(s->rules, s->capacity,
			    sizeof(*s->rules));
		}
		r = &s->rules[s->count++];
		r->category = match_value(rec, category);
		r->priority = match_value(rec, priority);
		r->response_hours = hours(rec, response, "response_hours");
		r->resolve_hours = hours(rec, resolve, "resolve_hours");
	}
	if (s->count == 0)
		die("%s: no service levels (rows of category or priority, "
		    "response_hours, resolve_hours)", path);
	input_close(in);
	return s;
}

void
sla_free(struct sla *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->count; i++) {
		free(s->rules[i].category);
		free(s->rules[i].priority);
	}
	free(s->rules);
	free(s);
}

static bool
matches(const char *want, const char *value, size_t len)
{
	return want == NULL || ascii_iequal(want, strlen(want), value, len);
}

const struct sla_rule *
sla_find(const struct sla *s, const char *category, size_t category_len,
    const char *priority, size_t priority_len)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (matches(s->rules[i].category, category, category_len) &&
		    matches(s->rules[i].priority, priority, priority_len))
			return &s->rules[i];
	return NULL;
}
