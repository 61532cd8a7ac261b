/*
 * quadrant.c: four segments from two measures (--quadrant X,Y), each
 * high (strictly above its split) or low; the splits are the medians, the
 * means, or given (--at). Frequency against an amount gets the labels a
 * CRM team uses (高频高额 ...), other pairs generic ones, X first.
 */
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "stats.h"
#include "util.h"

struct quadrant {
	double split[2];	/* where high begins on X and Y, if given */
	bool split_given;
	double *values;		/* X and Y of each kept row */
	size_t cap;
};

static const char *const quadrant_names[2][2][4] = {
	{	/* any two measures: X first */
		{ "high-high", "high-low", "low-high", "low-low" },
		{ "高-高", "高-低", "低-高", "低-低" },
	}, {	/* frequency x amount */
		{ "high frequency-high amount", "high frequency-low amount",
		  "low frequency-high amount", "low frequency-low amount" },
		{ "高频高额", "高频低额", "低频高额", "低频低额" },
	}
};

static void
parse_split(struct quadrant *q, const char *at)
{
	char *comma;
	double *v = q->split;

	if (at == NULL || strcmp(at, "median") == 0 || strcmp(at, "mean") == 0)
		return;
	comma = strchr(at, ',');
	if (comma == NULL || number_parse(at, (size_t)(comma - at), '.',
	    &v[0]) != NUM_OK || number_parse(comma + 1, strlen(comma + 1),
	    '.', &v[1]) != NUM_OK)
		die_usage("--at: '%s' is not median, mean or two numbers such "
		    "as 5,1000", at);
	q->split_given = true;
}

static void
define_quadrant(struct segment *s)
{
	const char *axes = s->opt->quadrant.axes, *comma = strchr(axes, ',');
	struct quadrant *q = s->state = xcalloc(1, sizeof(*q));

	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		die_usage("--quadrant takes two columns, X,Y");
	parse_split(q, s->opt->quadrant.at);
}

/* Is name canonical, one of its aliases, or the same in other spelling? */
static bool
named_like(const char *name, const char *canonical)
{
	struct field f = { name, strlen(name) };
	struct record one = { &f, 1, 0, "" };

	return column_find(&one, canonical, NULL, false) != COLUMN_NONE;
}

static bool
frequency_and_amount(const struct segment *s)
{
	const char *x = s->header->fields[s->cols[0]].s;
	const char *y = s->header->fields[s->cols[1]].s;

	return named_like(x, "x") && (named_like(y, "amount") ||
	    named_like(y, "monetary") || named_like(y, "avg_value") ||
	    named_like(y, "repeat_avg"));
}

/* The labels depend on what the columns are: defined here, not before. */
static void
bind_quadrant(struct segment *s)
{
	segment_require_columns(s, s->opt->quadrant.axes);
	segment_define_classes(s, quadrant_names[frequency_and_amount(s)]
	    [s->opt->lang], 4);
}

static bool
quadrant_row(struct segment *s, const struct record *rec, size_t row,
    unsigned *class)
{
	struct quadrant *q = s->state;
	size_t axis;

	(void)class;
	q->values = segment_grow(q->values, &q->cap, row, 2 * sizeof(double));
	for (axis = 0; axis < 2; axis++)
		if (!input_number(s->in, rec, s->cols[axis],
		    s->common->decimal, &q->values[2 * row + axis]))
			return false;
	return true;
}

static double
split_point(const struct segment *s, size_t axis, size_t n)
{
	const struct quadrant *q = s->state;
	double *column, point;
	size_t i;

	if (q->split_given)
		return q->split[axis];
	if (s->opt->quadrant.at && strcmp(s->opt->quadrant.at, "mean") == 0)
		return mean_strided(q->values + axis, n, 2);
	column = xreallocarray(NULL, n, sizeof(*column));
	for (i = 0; i < n; i++)
		column[i] = q->values[2 * i + axis];
	point = median(column, n);
	free(column);
	return point;
}

/* Class 0..3: HH, HL, LH, LL, high being strictly above the split. */
static void
quadrant_decide(struct segment *s, unsigned *class, size_t n)
{
	const double *v = ((struct quadrant *)s->state)->values;
	double x, y;
	size_t i;

	if (n == 0)
		return;
	x = split_point(s, 0, n);
	y = split_point(s, 1, n);
	for (i = 0; i < n; i++)
		class[i] = (v[2 * i] > x ? 0 : 2) + (v[2 * i + 1] > y ? 0 : 1);
}

static void
free_quadrant(struct segment *s)
{
	struct quadrant *q = s->state;

	free(q->values);
	free(q);
}

const struct segment_method segment_quadrant = {
	"--quadrant", true, define_quadrant, bind_quadrant, quadrant_row,
	quadrant_decide, NULL, free_quadrant
};
