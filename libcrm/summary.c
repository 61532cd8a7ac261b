/*
 * summary.c: count, share, sum, mean and median of columns by group.
 *
 * Every row's values are kept (memory grows with rows, which are
 * customers where this is used) because a median needs them all and the
 * groups are known only at the end.
 */
#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "text.h"
#include "util.h"

struct summary_column {
	long col;
	char *name;
	bool exact;		/* every value an exact amount: money */
};

struct summary {
	struct summary_column *column;
	size_t ncolumns;
	double *values;		/* nrows x ncolumns; NAN if empty */
	money_t *money;		/* nrows x ncolumns, while exact */
	size_t nrows, cap;
};

struct summary *
summary_open(void)
{
	return xcalloc(1, sizeof(struct summary));
}

void
summary_add_column(struct summary *s, const struct record *header, long col)
{
	size_t j;

	for (j = 0; j < s->ncolumns; j++)
		if (s->column[j].col == col)
			return;
	s->column = xreallocarray(s->column, s->ncolumns + 1,
	    sizeof(*s->column));
	s->column[s->ncolumns].col = col;
	s->column[s->ncolumns].name = xstrdup(header->fields[col].s);
	s->column[s->ncolumns++].exact = true;
}

size_t
summary_columns(const struct summary *s)
{
	return s->ncolumns;
}

size_t
summary_rows(const struct summary *s)
{
	return s->nrows;
}

static void
grow_rows(struct summary *s)
{
	if (s->nrows < s->cap || s->ncolumns == 0)
		return;
	s->cap = grow_capacity(s->cap, s->nrows + 1);
	s->values = xreallocarray(s->values, s->cap * s->ncolumns,
	    sizeof(double));
	s->money = xreallocarray(s->money, s->cap * s->ncolumns,
	    sizeof(money_t));
}

/* Is the double v exactly the amount in f (at most four decimals)? */
static bool
exact_amount(const struct field *f, char decimal, double v, money_t *m)
{
	return money_parse(f->s, f->len, decimal, m) == NUM_OK &&
	    money_to_double(*m) == v;
}

/*
 * A column stays exact only while every value read is: a row rejected
 * for a later column has still been read.
 */
bool
summary_add_row(struct summary *s, struct input *in,
    const struct record *rec, char decimal)
{
	struct summary_column *c;
	const struct field *f;
	double *value;
	size_t j;

	grow_rows(s);
	for (j = 0; j < s->ncolumns; j++) {
		c = &s->column[j];
		f = &rec->fields[c->col];
		value = &s->values[s->nrows * s->ncolumns + j];
		if (all_blank(f->s, f->len)) {
			*value = NAN;
			continue;
		}
		if (!input_number(in, rec, c->col, decimal, value))
			return false;
		if (c->exact && !exact_amount(f, decimal, *value,
		    &s->money[s->nrows * s->ncolumns + j]))
			c->exact = false;
	}
	s->nrows++;
	return true;
}

/* Rows by group, in input order: group g is rows[start[g]..start[g+1]). */
static size_t *
rows_by_group(const struct summary *s, size_t ngroups, const unsigned *group,
    size_t *start)
{
	size_t *rows = xreallocarray(NULL, s->nrows ? s->nrows : 1,
	    sizeof(*rows)), g, i;
	size_t *next = xcalloc(ngroups + 1, sizeof(*next));

	for (i = 0; i < s->nrows; i++)
		next[group[i] + 1]++;
	for (g = 0; g < ngroups; g++)
		next[g + 1] += next[g];
	memcpy(start, next, (ngroups + 1) * sizeof(*start));
	for (i = 0; i < s->nrows; i++)
		rows[next[group[i]]++] = i;
	free(next);
	return rows;
}

/* Sum, mean and median of exact amounts; false if one is out of range. */
static bool
money_figures(struct writer *w, money_t *m, size_t n)
{
	__int128 total = 0;
	money_t middle;
	size_t i;

	for (i = 0; i < n; i++)
		total += m[i];
	if (total > INT64_MAX || total < INT64_MIN ||
	    !median_money(m, n, &middle))
		return false;
	writer_money(w, (money_t)total);
	writer_money(w, money_div((money_t)total, n));
	writer_money(w, middle);
	return true;
}

static void
number_figures(struct writer *w, double *v, size_t n, const char *name)
{
	double total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += v[i];
	if (!isfinite(total))
		die("the sum of %s is out of range", name);
	writer_number(w, total);
	writer_number(w, total / (double)n);
	writer_number(w, median(v, n));
}

/* Sum, mean and median of column j over rows[0..n), empty cells left out. */
static void
column_figures(const struct summary *s, struct writer *w, const size_t *rows,
    size_t n, size_t j)
{
	double *v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	money_t *m = xreallocarray(NULL, n ? n : 1, sizeof(*m));
	size_t i, at, count = 0;

	for (i = 0; i < n; i++) {
		at = rows[i] * s->ncolumns + j;
		if (isnan(s->values[at]))
			continue;
		v[count] = s->values[at];
		m[count++] = s->money[at];
	}
	if (count == 0) {
		writer_int(w, 0);
		writer_empty(w);
		writer_empty(w);
	} else if (!s->column[j].exact || !money_figures(w, m, count))
		number_figures(w, v, count, s->column[j].name);
	free(v);
	free(m);
}

static void
write_header(const struct summary *s, struct writer *w, const char *name)
{
	static const char *const figures[] = { "sum", "mean", "median" };
	char figure[1024];
	size_t j, f;

	writer_string(w, name);
	writer_string(w, "count");
	writer_string(w, "share");
	for (j = 0; j < s->ncolumns; j++)
		for (f = 0; f < 3; f++) {
			snprintf(figure, sizeof(figure), "%s_%s",
			    s->column[j].name, figures[f]);
			writer_string(w, figure);
		}
	writer_end(w);
}

void
summary_write(const struct summary *s, struct writer *w, const char *name,
    char *const *label, size_t ngroups, const unsigned *group)
{
	size_t *start = xcalloc(ngroups + 1, sizeof(*start));
	size_t *rows = rows_by_group(s, ngroups, group, start), g, j, n;

	write_header(s, w, name);
	for (g = 0; g < ngroups; g++) {
		n = start[g + 1] - start[g];
		writer_string(w, label[g]);
		writer_int(w, (long long)n);
		writer_number(w, s->nrows ? (double)n / (double)s->nrows : 0);
		for (j = 0; j < s->ncolumns; j++)
			column_figures(s, w, rows + start[g], n, j);
		writer_end(w);
	}
	free(rows);
	free(start);
}

void
summary_close(struct summary *s)
{
	size_t j;

	for (j = 0; j < s->ncolumns; j++)
		free(s->column[j].name);
	free(s->column);
	free(s->values);
	free(s->money);
	free(s);
}
