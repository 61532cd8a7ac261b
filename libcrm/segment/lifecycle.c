/*
 * lifecycle.c: the lifecycle stage of each customer (--lifecycle):
 * potential (no purchase yet), new, active, silent or lost, from the days
 * since the first and the last purchase (dates, or crm-rfm's tenure_days
 * and recency_days) and p_alive when the input has it. One pass: a row's
 * stage needs nothing but the row.
 */
#include "segment.h"

#include <stdlib.h>

#include "columns.h"
#include "text.h"
#include "util.h"

enum stage { POTENTIAL, NEW, ACTIVE, SILENT, LOST };

static const char *const stage_names[2][5] = {
	{ "potential", "new", "active", "silent", "lost" },
	{ "潜在", "新客", "活跃", "沉默", "流失" },
};

struct lifecycle {
	long first_col, last_col, p_alive_col;
	bool first_is_date, last_is_date;	/* else a number of days */
};

static void
define_lifecycle(struct segment *s)
{
	s->state = xcalloc(1, sizeof(struct lifecycle));
	segment_define_classes(s, stage_names[s->opt->lang], 5);
}

/* The date column of option, else date_name, else the days column. */
static long
stage_column(const struct segment *s, const char *option, const char *spec,
    const char *date_name, const char *days_name, bool *is_date)
{
	char list[1024];
	long col;

	*is_date = true;
	if (spec != NULL)
		return column_require(s->header, spec);
	if ((col = column_find(s->header, date_name, NULL, false)) !=
	    COLUMN_NONE)
		return col;
	*is_date = false;
	if ((col = column_find(s->header, days_name, NULL, false)) !=
	    COLUMN_NONE)
		return col;
	die("--lifecycle needs a %s or %s column (as crm-rfm writes; %s "
	    "names another); the header has: %s", date_name, days_name,
	    option, column_list(s->header, list, sizeof(list)));
}

static void
bind_lifecycle(struct segment *s)
{
	struct lifecycle *l = s->state;

	l->first_col = stage_column(s, "--first-date",
	    s->opt->lifecycle.first_date, "first_date", "tenure_days",
	    &l->first_is_date);
	l->last_col = stage_column(s, "--last-date",
	    s->opt->lifecycle.last_date, "last_date", "recency_days",
	    &l->last_is_date);
	l->p_alive_col = column_find(s->header, "p_alive", NULL, false);
}

static bool
empty_field(const struct record *rec, long col)
{
	return all_blank(rec->fields[col].s, rec->fields[col].len);
}

/* Days from the date in col to the as-of day, or the days in col. */
static bool
days_before(struct segment *s, const struct record *rec, long col,
    bool is_date, double *days)
{
	int32_t day;

	if (is_date) {
		if (!input_date(s->in, rec, col, s->common->date_format, &day))
			return false;
		*days = s->common->as_of - day;
	} else if (!input_number(s->in, rec, col, s->common->decimal, days))
		return false;
	if (*days >= 0)
		return true;
	input_reject(s->in, rec, "%s (%s, '%.60s')", is_date ?
	    "date after --as-of" : "negative number of days",
	    s->header->fields[col].s, rec->fields[col].s);
	return false;
}

/* Tested in this order: potential, lost, silent, new, active. */
static bool
lifecycle_row(struct segment *s, const struct record *rec, size_t row,
    unsigned *class)
{
	const struct lifecycle *l = s->state;
	double recency, tenure, p_alive = 1;
	long p = l->p_alive_col;

	(void)row;
	*class = POTENTIAL;
	if (empty_field(rec, l->last_col) || empty_field(rec, l->first_col))
		return true;
	if (!days_before(s, rec, l->last_col, l->last_is_date, &recency) ||
	    !days_before(s, rec, l->first_col, l->first_is_date, &tenure))
		return false;
	if (p != COLUMN_NONE && !empty_field(rec, p) &&
	    !input_number(s->in, rec, p, s->common->decimal, &p_alive))
		return false;
	if (recency >= s->opt->lifecycle.lost_days ||
	    p_alive < s->opt->lifecycle.lost_p_alive)
		*class = LOST;
	else if (recency >= s->opt->lifecycle.silent_days)
		*class = SILENT;
	else if (tenure < s->opt->lifecycle.new_days)
		*class = NEW;
	else
		*class = ACTIVE;
	return true;
}

static void
free_lifecycle(struct segment *s)
{
	free(s->state);
}

const struct segment_method segment_lifecycle = {
	"--lifecycle", false, define_lifecycle, bind_lifecycle, lifecycle_row,
	NULL, NULL, free_lifecycle
};
