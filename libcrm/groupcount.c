/* groupcount.c: a total or per-group counts for rates. */
#include "groupcount.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "table.h"
#include "text.h"
#include "util.h"

static void
load_file(struct group_counts *gc, const char *path,
    const struct common_options *opt, const char *group_column,
    const char *count_column)
{
	struct input *in = input_open_side(opt, path);
	const struct record *rec;
	long group, count;
	double *slot, v;
	bool added;

	group = column_require(input_header(in), group_column);
	count = column_require(input_header(in), count_column);
	gc->groups = table_new(sizeof(double));
	while ((rec = input_next(in)) != NULL) {
		input_number(in, rec, count, '.', &v);
		if (v < 0)
			record_die(rec, "a negative count (%s, '%s')",
			    count_column, rec->fields[count].s);
		slot = table_upsert(gc->groups, rec->fields[group].s,
		    rec->fields[group].len, &added);
		if (!added)
			record_die(rec, "group '%.60s' is listed twice",
			    rec->fields[group].s);
		*slot = v;
	}
	input_close(in);
}

void
group_counts_load(struct group_counts *gc, const char *option,
    const char *arg, const struct common_options *opt,
    const char *group_column, const char *count_column, bool shared)
{
	memset(gc, 0, sizeof(*gc));
	gc->option = option;
	gc->total = -1;
	if (arg == NULL)
		return;
	if (all_digits(arg, strlen(arg))) {
		if (group_column != NULL && !shared)
			die_usage("%s: by group, give a file of counts per "
			    "group, not a number", option);
		gc->total = strtod(arg, NULL);
		return;
	}
	if (group_column == NULL)
		die_usage("%s: a file of counts needs groups; for the whole "
		    "input give a number", option);
	load_file(gc, arg, opt, group_column, count_column);
}

void
group_counts_free(struct group_counts *gc)
{
	table_free(gc->groups);
}

double
group_counts_get(const struct group_counts *gc, const char *key, size_t len)
{
	const double *v;

	if (gc->groups == NULL)
		return gc->total;
	v = table_find(gc->groups, key, len);
	return v ? *v : -1;
}

size_t
group_counts_size(const struct group_counts *gc)
{
	return gc->groups ? table_count(gc->groups) : 0;
}

const char *
group_counts_key(const struct group_counts *gc, size_t i, size_t *len)
{
	return table_key(gc->groups, i, len);
}
