/* churnstate.c: the grouped (x, t_x, T) table written, read, added up. */
#include "churnstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "num.h"
#include "statefile.h"
#include "table.h"
#include "units.h"
#include "util.h"
#include "writer.h"

static const char *const columns[] = { "t_x", "T", "customers", NULL };
static const char *const same_keys[] = { "unit", NULL };

/* The groups so far: key (x, t_x, T) -> index; arrays by index. */
struct groups {
	struct table *index;
	double *x, *t_x, *T, *count;
	size_t n, capacity;
};

static void
add_group(struct groups *g, double x, double t_x, double T, double count)
{
	double key[3] = { x, t_x, T };
	bool added;
	size_t *at = table_upsert(g->index, (const char *)key, sizeof(key),
	    &added);

	if (!added) {
		g->count[*at] += count;
		return;
	}
	if (g->n == g->capacity) {
		g->capacity = grow_capacity(g->capacity, g->n + 1);
		g->x = xreallocarray(g->x, g->capacity, sizeof(double));
		g->t_x = xreallocarray(g->t_x, g->capacity, sizeof(double));
		g->T = xreallocarray(g->T, g->capacity, sizeof(double));
		g->count = xreallocarray(g->count, g->capacity,
		    sizeof(double));
	}
	*at = g->n;
	g->x[g->n] = x;
	g->t_x[g->n] = t_x;
	g->T[g->n] = T;
	g->count[g->n++] = count;
}

void
churnstate_write(const struct customers *c, const char *path)
{
	struct groups g = { table_new(sizeof(size_t)), NULL, NULL, NULL, NULL,
		0, 0 };
	struct state_setting unit = { "unit", unit_name(c->unit_days) };
	struct writer *w = statefile_create(path);
	size_t i;

	for (i = 0; i < c->n; i++)
		add_group(&g, c->x[i], c->t_x[i], c->T[i], 1);
	statefile_write_tag(w, CHURNSTATE_KIND, CHURNSTATE_VERSION, &unit, 1);
	for (i = 0; columns[i]; i++)
		writer_string(w, columns[i]);
	writer_end(w);
	for (i = 0; i < g.n; i++) {
		writer_number(w, g.x[i]);
		writer_number(w, g.t_x[i]);
		writer_number(w, g.T[i]);
		writer_number(w, g.count[i]);
		writer_end(w);
	}
	writer_close(w);
	table_free(g.index);
	free(g.x);
	free(g.t_x);
	free(g.T);
	free(g.count);
}

static double
parse_number(const struct record *rec, size_t col, const char *name)
{
	double v;

	if (number_parse(rec->fields[col].s, rec->fields[col].len, '.', &v) !=
	    NUM_OK || !(v >= 0))
		record_die(rec, "not a number >= 0 (%s, '%.40s')", name,
		    rec->fields[col].s);
	return v;
}

static void
read_state(const struct common_options *common, const char *path,
    struct state_tag *first, struct groups *g, double *unit_days)
{
	struct state_tag tag;
	const struct record *rec;
	struct input *in = statefile_open(common, path, CHURNSTATE_KIND,
	    CHURNSTATE_VERSION, &tag);
	statefile_check_columns(in, &tag, columns);
	if (first->file == NULL) {
		*first = tag;
		*unit_days = statefile_unit(first);
	} else
		statefile_check_same(first, &tag, same_keys);
	while ((rec = input_next(in)) != NULL)
		add_group(g, parse_number(rec, 0, "x"),
		    parse_number(rec, 1, "t_x"), parse_number(rec, 2, "T"),
		    parse_number(rec, 3, "customers"));
	input_close(in);
	if (first->text != tag.text)
		statefile_tag_free(&tag);
}

struct customers *
churnstate_merge(const struct common_options *common, char **files,
    size_t nfiles, double **weight)
{
	struct groups g = { table_new(sizeof(size_t)), NULL, NULL, NULL, NULL,
		0, 0 };
	struct customers *c = xcalloc(1, sizeof(*c));
	struct state_tag first;
	char *stdin_only[] = { "-" };
	size_t i;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	memset(&first, 0, sizeof(first));
	for (i = 0; i < nfiles; i++)
		read_state(common, files[i], &first, &g, &c->unit_days);
	statefile_tag_free(&first);
	table_free(g.index);
	c->n = g.n;
	c->x = g.x;
	c->t_x = g.t_x;
	c->T = g.T;
	*weight = g.count;
	return c;
}
