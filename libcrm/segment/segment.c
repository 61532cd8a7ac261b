/*
 * segment.c: what every segmentation method shares: the options' defaults,
 * the steps in order, the classes and their labels, the method's columns.
 */
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "text.h"
#include "util.h"

void
segment_options_init(struct segment_options *o)
{
	memset(o, 0, sizeof(*o));
	o->name = "segment";
	o->lifecycle.new_days = 30;
	o->lifecycle.silent_days = 90;
	o->lifecycle.lost_days = 180;
	o->lifecycle.lost_p_alive = 0.2;
	o->kmeans.k = SEGMENT_AUTO_K;
	o->kmeans.seed = 1;
	o->kmeans.restarts = 4;
}

void
segment_options_free(struct segment_options *o)
{
	size_t i;

	for (i = 0; i < o->rules.n; i++)
		free(o->rules.rule[i].owned);
	free(o->rules.rule);
	free(o->tiers.column);
}

void
segment_begin(struct segment *s, const struct segment_method *m,
    const struct segment_options *o, const struct common_options *common)
{
	memset(s, 0, sizeof(*s));
	s->method = m;
	s->opt = o;
	s->common = common;
	m->define(s);
}

void
segment_bind(struct segment *s, struct input *in)
{
	s->in = in;
	s->header = input_header(in);
	s->method->bind(s);
}

void
segment_decide(struct segment *s, unsigned *class, size_t nrows)
{
	if (s->method->decide)
		s->method->decide(s, class, nrows);
}

void
segment_end(struct segment *s)
{
	struct segment_classes *c = &s->classes;

	if (s->method->finish)
		s->method->finish(s);
	s->method->free(s);
	free_strings(c->label, c->count);
	free(c->of_class);
	free(s->cols);
	memset(s, 0, sizeof(*s));
}

unsigned
segment_add_class(struct segment_classes *c, const char *label)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->label[i], label) == 0)
			break;
	if (i == c->count) {
		c->label = xreallocarray(c->label, c->count + 1,
		    sizeof(*c->label));
		c->label[c->count++] = xstrdup(label);
	}
	c->of_class = xreallocarray(c->of_class, c->nclasses + 1,
	    sizeof(*c->of_class));
	c->of_class[c->nclasses] = (unsigned)i;
	return (unsigned)c->nclasses++;
}

void
segment_define_classes(struct segment *s, const char *const *names,
    size_t n)
{
	char **given;
	size_t count, i;

	if (s->opt->labels == NULL) {
		for (i = 0; i < n; i++)
			segment_add_class(&s->classes, names[i]);
		return;
	}
	given = split_commas(s->opt->labels, &count);
	if (count != n)
		die_usage("--labels: %zu labels for %zu segments", count, n);
	for (i = 0; i < n; i++) {
		if (*given[i] == '\0')
			die_usage("--labels: label %zu is empty", i + 1);
		segment_add_class(&s->classes, given[i]);
	}
	free_strings(given, count);
}

const char *
segment_class_label(const struct segment_classes *c, unsigned class)
{
	return c->label[c->of_class[class]];
}

void
segment_require_columns(struct segment *s, const char *list)
{
	s->cols = column_require_list(s->header, list, &s->ncols);
}

void
segment_require_column(struct segment *s, const char *spec)
{
	s->cols = xmalloc(sizeof(*s->cols));
	s->cols[0] = column_require(s->header, spec);
	s->ncols = 1;
}

bool
segment_reject_negative(struct segment *s, const struct record *rec,
    long col, const char *option)
{
	input_reject(s->in, rec, "negative value (%s, '%.60s'); %s needs "
	    "values of 0 or more", s->header->fields[col].s,
	    rec->fields[col].s, option);
	return false;
}

void *
segment_grow(void *rows, size_t *cap, size_t row, size_t row_size)
{
	if (row < *cap)
		return rows;
	*cap = grow_capacity(*cap, row + 1);
	return xreallocarray(rows, *cap, row_size);
}
