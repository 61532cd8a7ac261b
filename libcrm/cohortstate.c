/*
 * cohortstate.c: cohort tables written as states, read and added up.
 *
 * A row per cohort: its label (under the tag), first (the period of its
 * first cell: a period number with --calendar, else 0), customers,
 * eligible, repeat_within, cells ("active:retained:purchases:repeat:
 * revenue" per period, separated by spaces) and second_gap (customers by
 * days to their second purchase, from 0 days, separated by spaces).
 */
#include "cohortstate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "input.h"
#include "statefile.h"
#include "table.h"
#include "util.h"
#include "writer.h"

static const char *const kinds[] = { "week", "month", "quarter", "year",
	"all", NULL };
static const char *const columns[] = { "first", "customers", "eligible",
	"repeat_within", "cells", "second_gap", NULL };
static const char *const same_keys[] = { "as-of", "period", "cohorts",
	"week-origin", "calendar", "origin", "repeat-days", NULL };

/* Writing */

static void
write_tag(struct writer *w, const struct cohort_table *t,
    const struct cohort_options *opt)
{
	char as_of[DATE_BUFSIZE], week[DATE_BUFSIZE], origin[DATE_BUFSIZE],
	    repeat[16], late[32], returns[32];
	struct state_setting set[9] = {
		{ "as-of", as_of }, { "period", kinds[opt->period.kind] },
		{ "cohorts", opt->by_value ? "value" :
		    kinds[opt->cohort.kind] },
		{ "week-origin", week },
		{ "calendar", opt->calendar ? "yes" : "no" },
		{ "origin", origin }, { "repeat-days", repeat },
		{ "late-rows", late }, { "returns-only", returns }
	};

	date_format(opt->as_of, as_of);
	date_format(opt->period.origin, week);
	if (opt->calendar && opt->origin_given)
		date_format(opt->origin, origin);
	else
		strcpy(origin, "none");
	snprintf(repeat, sizeof(repeat), "%" PRId32, opt->repeat_days);
	snprintf(late, sizeof(late), "%llu", t->late_rows);
	snprintf(returns, sizeof(returns), "%llu", t->returns_only);
	statefile_write_tag(w, COHORTSTATE_KIND, COHORTSTATE_VERSION, set, 9);
}

static void
write_cells(struct writer *w, const struct cohort *c)
{
	char *text = xmalloc(c->ncells * (4 * 21 + NUMBER_BUFSIZE + 6) + 1);
	size_t k, len = 0;
	const struct cohort_cell *cell;

	for (k = 0; k < c->ncells; k++) {
		cell = &c->cells[k];
		len += (size_t)sprintf(text + len, "%s%" PRIu64 ":%" PRIu64
		    ":%" PRIu64 ":%" PRIu64 ":", k ? " " : "", cell->active,
		    cell->retained, cell->purchases, cell->repeat_purchases);
		len += money_format(cell->revenue, -1, text + len);
	}
	writer_text(w, text, len);
	free(text);
}

static void
write_gaps(struct writer *w, const struct cohort *c)
{
	char *text = xmalloc(c->ngaps * 22 + 1);
	size_t g, len = 0;

	for (g = 0; g < c->ngaps; g++)
		len += (size_t)sprintf(text + len, "%s%" PRIu64, g ? " " : "",
		    c->second_gap[g]);
	writer_text(w, text, len);
	free(text);
}

void
cohortstate_write(const struct cohort_table *t,
    const struct cohort_options *opt, const char *path)
{
	struct writer *w = statefile_create(path);
	const struct cohort *c;
	size_t i;

	write_tag(w, t, opt);
	for (i = 0; columns[i]; i++)
		writer_string(w, columns[i]);
	writer_end(w);
	for (i = 0; i < t->count; i++) {
		c = &t->cohorts[i];
		writer_string(w, c->label);
		writer_int(w, c->first);
		writer_int(w, (long long)c->customers);
		writer_int(w, (long long)c->eligible);
		writer_int(w, (long long)c->repeat_within);
		write_cells(w, c);
		write_gaps(w, c);
		writer_end(w);
	}
	writer_close(w);
}

/* Reading the settings */

static int
kind_of(const struct state_tag *tag, const char *key, bool value_too)
{
	if (value_too && strcmp(statefile_get(tag, key), "value") == 0)
		return -1;
	return statefile_choice(tag, key, kinds);
}

static void
read_options(const struct state_tag *tag, struct cohort_options *opt)
{
	int cohorts = kind_of(tag, "cohorts", true);

	memset(opt, 0, sizeof(*opt));
	opt->as_of = statefile_date(tag, "as-of");
	opt->period.kind = (enum period_kind)kind_of(tag, "period", false);
	opt->period.origin = statefile_date(tag, "week-origin");
	opt->by_value = cohorts < 0;
	opt->cohort.kind = cohorts < 0 ? opt->period.kind :
	    (enum period_kind)cohorts;
	opt->cohort.origin = opt->period.origin;
	opt->calendar = strcmp(statefile_get(tag, "calendar"), "yes") == 0;
	opt->origin_given = strcmp(statefile_get(tag, "origin"), "none") != 0;
	if (opt->origin_given)
		opt->origin = statefile_date(tag, "origin");
	opt->repeat_days = (int32_t)statefile_count(tag, "repeat-days");
}

/* Reading and adding up */

struct merging {
	struct cohort_table *t;
	struct table *by_label;		/* label -> index in t->cohorts */
	size_t capacity;
};

static uint64_t
parse_count(const struct record *rec, int col)
{
	const struct field *f = &rec->fields[col];
	char *end;
	uint64_t n = strtoull(f->s, &end, 10);

	if (f->len == 0 || *end != '\0' || f->s[0] == '-')
		record_die(rec, "not a count (%s, '%.40s')", columns[col - 1],
		    f->s);
	return n;
}

/* "a:r:p:q:revenue ..." into cells[0..*n), allocated. */
static struct cohort_cell *
parse_cells(const struct record *rec, size_t *n)
{
	const char *s = rec->fields[5].s, *rev, *end;
	struct cohort_cell *cells = NULL, *cell;
	unsigned long long v[4];
	int used;

	for (*n = 0; *s != '\0'; s = *end ? end + 1 : end) {
		cells = xreallocarray(cells, *n + 1, sizeof(*cells));
		cell = &cells[(*n)++];
		if (sscanf(s, "%llu:%llu:%llu:%llu:%n", &v[0], &v[1], &v[2],
		    &v[3], &used) != 4)
			record_die(rec, "not a list of cells (cells)");
		rev = s + used;
		end = strchr(rev, ' ');
		if (end == NULL)
			end = rev + strlen(rev);
		if (money_parse(rev, (size_t)(end - rev), '.', &cell->revenue)
		    != NUM_OK)
			record_die(rec, "not a list of cells (cells)");
		cell->active = v[0];
		cell->retained = v[1];
		cell->purchases = v[2];
		cell->repeat_purchases = v[3];
	}
	return cells;
}

static uint64_t *
parse_gaps(const struct record *rec, size_t *n)
{
	const char *s = rec->fields[6].s;
	uint64_t *gaps = NULL;
	char *end;

	for (*n = 0; *s != '\0'; s = *end ? end + 1 : end) {
		gaps = xreallocarray(gaps, *n + 1, sizeof(*gaps));
		gaps[(*n)++] = strtoull(s, &end, 10);
		if (end == s || (*end != ' ' && *end != '\0'))
			record_die(rec, "not a list of counts (second_gap)");
	}
	return gaps;
}

static bool
add_cell(struct cohort_cell *to, const struct cohort_cell *from)
{
	to->active += from->active;
	to->retained += from->retained;
	to->purchases += from->purchases;
	to->repeat_purchases += from->repeat_purchases;
	return money_add(&to->revenue, from->revenue);
}

/* Cells of c from period first on, n of them (calendar: shifted). */
static void
add_cells(struct cohort *c, int32_t first, const struct cohort_cell *cells,
    size_t n, const struct record *rec)
{
	size_t k, shift;
	int32_t lo = first < c->first ? first : c->first;
	size_t top = (size_t)(c->first - lo) + c->ncells;

	if ((size_t)(first - lo) + n > top)
		top = (size_t)(first - lo) + n;
	if (lo < c->first || top > c->ncells) {
		shift = (size_t)(c->first - lo);
		c->cells = xreallocarray(c->cells, top ? top : 1,
		    sizeof(*c->cells));
		memmove(c->cells + shift, c->cells, c->ncells *
		    sizeof(*c->cells));
		memset(c->cells, 0, shift * sizeof(*c->cells));
		memset(c->cells + shift + c->ncells, 0, (top - shift -
		    c->ncells) * sizeof(*c->cells));
		c->first = lo;
		c->ncells = top;
	}
	for (k = 0; k < n; k++)
		if (!add_cell(&c->cells[(size_t)(first - c->first) + k],
		    &cells[k]))
			record_die(rec, "cohort %s: the revenue overflows",
			    c->label);
}

static void
add_gaps(struct cohort *c, const uint64_t *gaps, size_t n)
{
	size_t g;

	if (n > c->ngaps) {
		c->second_gap = xreallocarray(c->second_gap, n,
		    sizeof(*c->second_gap));
		memset(c->second_gap + c->ngaps, 0, (n - c->ngaps) *
		    sizeof(*c->second_gap));
		c->ngaps = n;
	}
	for (g = 0; g < n; g++)
		c->second_gap[g] += gaps[g];
}

static struct cohort *
cohort_named(struct merging *m, const struct field *label, int32_t first)
{
	bool added;
	size_t *index = table_upsert(m->by_label, label->s, label->len,
	    &added);
	struct cohort *c;

	if (!added)
		return &m->t->cohorts[*index];
	if (m->t->count == m->capacity) {
		m->capacity = grow_capacity(m->capacity, m->t->count + 1);
		m->t->cohorts = xreallocarray(m->t->cohorts, m->capacity,
		    sizeof(*m->t->cohorts));
	}
	*index = m->t->count;
	c = &m->t->cohorts[m->t->count++];
	memset(c, 0, sizeof(*c));
	c->label = xstrndup(label->s, label->len);
	c->first = first;
	return c;
}

static void
add_row(struct merging *m, const struct record *rec)
{
	struct cohort *c;
	struct cohort_cell *cells;
	uint64_t *gaps;
	size_t ncells, ngaps;
	long first;
	char *end;

	first = strtol(rec->fields[1].s, &end, 10);
	if (rec->fields[1].len == 0 || *end != '\0')
		record_die(rec, "not a period (first, '%.40s')",
		    rec->fields[1].s);
	c = cohort_named(m, &rec->fields[0], (int32_t)first);
	c->customers += parse_count(rec, 2);
	c->eligible += parse_count(rec, 3);
	c->repeat_within += parse_count(rec, 4);
	cells = parse_cells(rec, &ncells);
	gaps = parse_gaps(rec, &ngaps);
	add_cells(c, (int32_t)first, cells, ncells, rec);
	add_gaps(c, gaps, ngaps);
	free(cells);
	free(gaps);
}

static int
compare_labels(const void *a, const void *b)
{
	return strcmp(((const struct cohort *)a)->label,
	    ((const struct cohort *)b)->label);
}

/* Period 0 of the calendar, as cohort_tracker_finish() finds it. */
static int32_t
origin_period(const struct cohort_table *t, const struct cohort_options *opt)
{
	int32_t first = period_index(&opt->period, opt->as_of);
	size_t i;

	if (opt->origin_given)
		return period_index(&opt->period, opt->origin);
	for (i = 0; i < t->count; i++)
		if (t->cohorts[i].first < first)
			first = t->cohorts[i].first;
	return first;
}

struct cohort_table *
cohortstate_merge(const struct common_options *common, char **files,
    size_t nfiles, struct cohort_options *opt)
{
	struct merging m = { xcalloc(1, sizeof(struct cohort_table)),
		table_new(sizeof(size_t)), 0 };
	struct state_tag first, tag;
	const struct record *rec;
	char *stdin_only[] = { "-" };
	struct input *in;
	size_t i;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; i < nfiles; i++) {
		in = statefile_open(common, files[i], COHORTSTATE_KIND,
		    COHORTSTATE_VERSION, &tag);
		statefile_check_columns(in, &tag, columns);
		if (i == 0)
			read_options(&tag, opt);
		else
			statefile_check_same(&first, &tag, same_keys);
		m.t->late_rows += statefile_count(&tag, "late-rows");
		m.t->returns_only += statefile_count(&tag, "returns-only");
		while ((rec = input_next(in)) != NULL)
			add_row(&m, rec);
		input_close(in);
		if (i == 0)
			first = tag;
		else
			statefile_tag_free(&tag);
	}
	if (common->as_of_given && common->as_of != opt->as_of)
		die("%s: the states are as of %s: a cohort table merges only "
		    "as of its own day", first.file, statefile_get(&first,
		    "as-of"));
	statefile_tag_free(&first);
	table_free(m.by_label);
	if (m.t->count > 1)
		qsort(m.t->cohorts, m.t->count, sizeof(*m.t->cohorts),
		    compare_labels);
	m.t->origin_period = origin_period(m.t, opt);
	return m.t;
}
