/*
 * sections.c: the report's sections drawn from the small tables other
 * tools write: crm-cohort's retention, crm-churn --evaluate's calibration
 * and holdout means, crm-schedule's follow-up list.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "svg.h"
#include "table.h"
#include "util.h"

enum { MAX_COHORTS = 24, MAX_PERIODS = 24, MAX_DAYS = 14, MAX_OWNERS = 40 };

static const char *
field(const struct record *rec, long col)
{
	return rec->fields[col].s;
}

/* Retention: the cohorts as rows (the last MAX_COHORTS), periods across. */

struct cohort_row {
	const char *label;
	size_t first;		/* its first row in the table */
	double customers, repeat_rate, median_days;
};

static size_t
list_cohorts(const struct csv_table *t, const long *cols, long repeat,
    long median, struct cohort_row *out)
{
	size_t i, n = 0, skip;

	for (i = 0; i < t->nrows; i++) {
		if (n > 0 && strcmp(out[(n - 1) % MAX_COHORTS].label,
		    field(&t->rows[i], cols[0])) == 0)
			continue;
		/* a ring of the last MAX_COHORTS cohorts */
		out[n % MAX_COHORTS].label = field(&t->rows[i], cols[0]);
		out[n % MAX_COHORTS].first = i;
		out[n % MAX_COHORTS].customers = report_number(
		    &t->rows[i].fields[cols[2]]);
		out[n % MAX_COHORTS].repeat_rate = repeat < 0 ? NAN :
		    report_number(&t->rows[i].fields[repeat]);
		out[n % MAX_COHORTS].median_days = median < 0 ? NAN :
		    report_number(&t->rows[i].fields[median]);
		n++;
	}
	if (n <= MAX_COHORTS)
		return n;
	skip = n % MAX_COHORTS;		/* rotate the ring into order */
	{
		struct cohort_row tmp[MAX_COHORTS];

		for (i = 0; i < MAX_COHORTS; i++)
			tmp[i] = out[(skip + i) % MAX_COHORTS];
		memcpy(out, tmp, sizeof(tmp));
	}
	return MAX_COHORTS;
}

static void
cohort_table(struct report *r, const struct cohort_row *c, size_t n)
{
	char buf[32];
	size_t i;

	html_printf(r->h, "<details><summary>%s</summary><table><tr><th>%s"
	    "</th><th>%s</th><th>%s</th><th>%s</th></tr>", report_label(r,
	    L_NUMBERS), report_label(r, L_COHORT), report_label(r, L_COUNT),
	    report_label(r, L_REPEAT_RATE), report_label(r, L_MEDIAN_DAYS));
	for (i = 0; i < n; i++) {
		html_raw(r->h, "<tr><td>");
		html_textz(r->h, c[i].label);
		html_raw(r->h, "</td><td>");
		html_number(r->h, c[i].customers, 0);
		html_format_percent(c[i].repeat_rate, 1, buf, sizeof(buf));
		html_printf(r->h, "</td><td>%s</td><td>", buf);
		html_number(r->h, c[i].median_days, -1);
		html_raw(r->h, "</td></tr>");
	}
	html_raw(r->h, "</table></details>");
}

static void
retention_cells(const struct csv_table *t,
    const long *cols, const struct cohort_row *c, size_t n, size_t nperiods,
    double *cells, char **notes)
{
	const struct record *rec;
	size_t i, j, row;
	double period, v;
	char share[32];

	for (i = 0; i < n * nperiods; i++)
		cells[i] = NAN;
	for (i = 0; i < n; i++)
		for (row = c[i].first, j = 0; row < t->nrows && strcmp(field(
		    &t->rows[row], cols[0]), c[i].label) == 0; row++, j++) {
			rec = &t->rows[row];
			period = report_number(&rec->fields[cols[1]]);
			v = report_number(&rec->fields[cols[4]]);
			if (j >= nperiods)
				break;
			cells[i * nperiods + j] = v;
			html_format_percent(v, 1, share, sizeof(share));
			notes[i * nperiods + j] = html_format("%s, +%.0f: %s "
			    "(%s / %s)", c[i].label, period, share, field(rec,
			    cols[3]), field(rec, cols[2]));
		}
}

/*
 * The scale's top: the highest retention after period 0, which is 100%
 * by definition and would wash out every later cell.
 */
static double
later_max(const double *cells, size_t n, size_t nperiods)
{
	double hi = 0;
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 1; k < nperiods; k++)
			if (cells[i * nperiods + k] > hi)
				hi = cells[i * nperiods + k];
	return hi > 0 ? hi : 1;
}

void
report_retention(struct report *r, const char *file)
{
	static const char *const need[] = { "cohort", "period", "customers",
		"active", "retention", NULL };
	struct cohort_row c[MAX_COHORTS];
	char names[MAX_PERIODS][24];
	const char *rows[MAX_COHORTS], *cols_names[MAX_PERIODS];
	double cells[MAX_COHORTS * MAX_PERIODS];
	char *notes[MAX_COHORTS * MAX_PERIODS];
	struct csv_table t;
	struct svg_heat m;
	long cols[5];
	size_t n, i, nperiods = 0, k;

	csv_table_read(&t, r->common, file);
	report_require(&t.header, file, "crm-cohort output (the long form)",
	    need, cols);
	n = list_cohorts(&t, cols, csv_table_column(&t, "repeat_rate"),
	    csv_table_column(&t, "median_days_to_second"), c);
	for (i = 0; i < n; i++) {
		rows[i] = c[i].label;
		for (k = c[i].first; k < t.nrows && strcmp(field(&t.rows[k],
		    cols[0]), c[i].label) == 0; k++)
			;
		if (k - c[i].first > nperiods)
			nperiods = k - c[i].first;
	}
	nperiods = nperiods > MAX_PERIODS ? MAX_PERIODS : nperiods;
	for (k = 0; k < nperiods; k++) {
		snprintf(names[k], sizeof(names[k]), "%zu", k);
		cols_names[k] = names[k];
	}
	memset(notes, 0, sizeof(notes));
	retention_cells(&t, cols, c, n, nperiods, cells, notes);
	m = svg_heat_of(report_label(r, L_RETENTION),
	    report_label(r, L_PERIODS_SINCE),
	    report_label(r, L_COHORT), rows, n, cols_names,
	    nperiods, cells);
	m.notes = (const char *const *)notes;
	m.lo = 0;
	m.hi = later_max(cells, n, nperiods);
	m.decimals = 0;
	m.percent = true;
	if (n > 0) {		/* header only: nothing to show */
		report_card_begin(r, L_RETENTION, L_RETENTION_NOTE);
		svg_heatmap(r->h, &m);
		cohort_table(r, c, n);
		report_card_end(r);
	}
	for (i = 0; i < n * nperiods; i++)
		free(notes[i]);
	csv_table_free(&t);
}

/* Calibration: mean holdout purchases by calibration x, both ways. */

static void
calibration_totals(struct report *r, const struct csv_table *t,
    const struct record *all)
{
	static const char *const names[] = { "customers", "actual_total",
		"predicted_total", "mae", "auc_p_alive" };
	const enum label words[] = { L_COUNT, L_ACTUAL, L_PREDICTED, L_MAE,
		L_AUC };
	long c;
	size_t i;

	html_raw(r->h, "<table><tr>");
	for (i = 0; i < 5; i++)
		html_printf(r->h, "<th>%s</th>", report_label(r, words[i]));
	html_raw(r->h, "</tr><tr>");
	for (i = 0; i < 5; i++) {
		c = csv_table_column(t, names[i]);
		html_raw(r->h, "<td>");
		html_number(r->h, c < 0 ? NAN : report_number(
		    &all->fields[c]), i == 0 ? 0 : i < 3 ? 1 : 3);
		html_raw(r->h, "</td>");
	}
	html_raw(r->h, "</tr></table>");
}

void
report_calibration(struct report *r, const char *file)
{
	static const char *const need[] = { "x", "customers", "actual_mean",
		"predicted_mean", NULL };
	struct csv_table t;
	const struct record *all = NULL;
	const char **names;
	double *actual, *predicted;
	struct svg_series series[2];
	struct svg_chart chart;
	long cols[4];
	size_t i, n = 0;

	csv_table_read(&t, r->common, file);
	report_require(&t.header, file, "crm-churn --evaluate output", need,
	    cols);
	names = xcalloc(t.nrows + 1, sizeof(*names));
	actual = xcalloc(t.nrows + 1, sizeof(double));
	predicted = xcalloc(t.nrows + 1, sizeof(double));
	for (i = 0; i < t.nrows; i++) {
		if (strcmp(field(&t.rows[i], cols[0]), "all") == 0) {
			all = &t.rows[i];
			continue;
		}
		names[n] = field(&t.rows[i], cols[0]);
		actual[n] = report_number(&t.rows[i].fields[cols[2]]);
		predicted[n++] = report_number(&t.rows[i].fields[cols[3]]);
	}
	series[0] = svg_series_of(report_label(r, L_ACTUAL), actual);
	series[1] = svg_series_of(report_label(r, L_PREDICTED), predicted);
	chart = svg_chart_of(report_label(r, L_CALIBRATION),
	    report_label(r, L_X_CALIBRATION),
	    report_label(r, L_HOLDOUT_MEAN), names, n);
	chart.series = series;
	chart.nseries = 2;
	chart.decimals = 2;
	if (n > 0) {
		report_card_begin(r, L_CALIBRATION, L_CALIBRATION_NOTE);
		svg_lines(r->h, &chart);
		if (all)
			calibration_totals(r, &t, all);
		report_card_end(r);
	}
	free(names);
	free(actual);
	free(predicted);
	csv_table_free(&t);
}

/* Follow-up load: tasks per owner and day. */

static const char *const followup_columns[] = { "customer_id", "owner",
	"due_date", "reason", NULL };

static int32_t
first_day(const struct report *r, const struct csv_table *t, long due)
{
	int32_t day, first = INT32_MAX;
	size_t i;

	if (r->common->as_of_given)
		return r->common->as_of;
	for (i = 0; i < t->nrows; i++)
		if (date_parse(t->rows[i].fields[due].s,
		    t->rows[i].fields[due].len, NULL, &day) == DATE_OK &&
		    day < first)
			first = day;
	return first;
}

void
report_check_followups(struct report *r, const struct csv_table *t)
{
	long cols[4];
	int32_t today, day;
	size_t i;

	report_require(&t->header, t->file, "a crm-schedule follow-up list",
	    followup_columns, cols);
	today = first_day(r, t, cols[2]);
	r->followups_today = 0;
	for (i = 0; i < t->nrows; i++)
		if (date_parse(t->rows[i].fields[cols[2]].s,
		    t->rows[i].fields[cols[2]].len, NULL, &day) == DATE_OK &&
		    day == today)
			r->followups_today++;
}

struct counter {
	struct table *keys;		/* key -> double count */
};

static size_t
count_key(struct table *keys, const char *s, size_t len)
{
	bool added;
	size_t e = table_upsert_hashed(keys, s, len, hash_bytes(s, len),
	    &added);

	(*(double *)table_value(keys, e))++;
	return e;
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of a counter, sorted; at most max. */
static size_t
sorted_keys(struct table *keys, const char **out, size_t max)
{
	size_t n = table_count(keys), i, len;

	for (i = 0; i < n && i < max; i++)
		out[i] = table_key(keys, i, &len);
	n = i;
	qsort(out, n, sizeof(*out), compare_strings);
	return n;
}

static long
index_of(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (long)i;
	return -1;
}

static void
load_heatmap(struct report *r, const struct csv_table *t, const long *cols)
{
	struct table *owners = table_new(sizeof(double));
	struct table *days = table_new(sizeof(double));
	const char *owner_names[MAX_OWNERS], *day_names[MAX_DAYS];
	const char *shown[MAX_OWNERS], *short_days[MAX_DAYS];
	double cells[MAX_OWNERS * MAX_DAYS], hi = 0;
	size_t i, no, nd;
	long o, d;
	struct svg_heat m;

	for (i = 0; i < t->nrows; i++) {
		count_key(owners, field(&t->rows[i], cols[1]),
		    t->rows[i].fields[cols[1]].len);
		count_key(days, field(&t->rows[i], cols[2]),
		    t->rows[i].fields[cols[2]].len);
	}
	no = sorted_keys(owners, owner_names, MAX_OWNERS);
	nd = sorted_keys(days, day_names, MAX_DAYS);
	for (i = 0; i < no * nd; i++)
		cells[i] = NAN;
	for (i = 0; i < t->nrows; i++) {
		o = index_of(owner_names, no, field(&t->rows[i], cols[1]));
		d = index_of(day_names, nd, field(&t->rows[i], cols[2]));
		if (o < 0 || d < 0)
			continue;
		if (isnan(cells[o * nd + d]))
			cells[o * nd + d] = 0;
		if (++cells[o * nd + d] > hi)
			hi = cells[o * nd + d];
	}
	for (i = 0; i < no; i++)
		shown[i] = owner_names[i][0] ? owner_names[i] :
		    report_label(r, L_NO_OWNER);
	for (i = 0; i < nd; i++)	/* MM-DD of YYYY-MM-DD */
		short_days[i] = strlen(day_names[i]) == 10 ? day_names[i] + 5 :
		    day_names[i];
	m = svg_heat_of(report_label(r, L_LOAD),
	    report_label(r, L_DAY),
	    report_label(r, L_OWNER), shown, no, short_days,
	    nd, cells);
	m.lo = 0;
	m.hi = hi;
	m.decimals = 0;
	m.width = 640;
	svg_heatmap(r->h, &m);
	table_free(owners);
	table_free(days);
}

/* The reasons of the first day's tasks, most frequent first. */
static void
reasons_chart(struct report *r, const struct csv_table *t, const long *cols)
{
	struct table *reasons = table_new(sizeof(double));
	int32_t today = first_day(r, t, cols[2]), day;
	const char *names[MAX_OWNERS];
	double counts[MAX_OWNERS];
	struct svg_series series;
	struct svg_chart chart;
	size_t i, j, n, len;

	for (i = 0; i < t->nrows; i++)
		if (date_parse(t->rows[i].fields[cols[2]].s,
		    t->rows[i].fields[cols[2]].len, NULL, &day) == DATE_OK &&
		    day == today)
			count_key(reasons, field(&t->rows[i], cols[3]),
			    t->rows[i].fields[cols[3]].len);
	n = table_count(reasons) > MAX_OWNERS ? MAX_OWNERS :
	    table_count(reasons);
	for (i = 0; i < n; i++) {	/* insertion sort, most first */
		const char *name = table_key(reasons, i, &len);
		double c = *(double *)table_value(reasons, i);

		for (j = i; j > 0 && (counts[j - 1] < c || (counts[j - 1] ==
		    c && strcmp(names[j - 1], name) > 0)); j--) {
			counts[j] = counts[j - 1];
			names[j] = names[j - 1];
		}
		counts[j] = c;
		names[j] = name;
	}
	for (i = 0; i < n; i++)
		names[i] = report_word(r, names[i]);
	series = svg_series_of(report_label(r, L_TASKS), counts);
	chart = svg_chart_of(report_label(r, L_REASONS),
	    report_label(r, L_TASKS),
	    report_label(r, L_REASON), names, n);
	chart.series = &series;
	chart.nseries = 1;
	chart.decimals = 0;
	if (n > 0) {
		html_printf(r->h, "<h3>%s</h3>", report_label(r, L_REASONS));
		svg_bars(r->h, &chart);
	}
	table_free(reasons);
}

void
report_load(struct report *r, const struct csv_table *t)
{
	long cols[4];

	if (t->nrows == 0)
		return;
	report_require(&t->header, t->file, "a crm-schedule follow-up list",
	    followup_columns, cols);
	report_card_begin(r, L_LOAD, L_LOAD_NOTE);
	load_heatmap(r, t, cols);
	reasons_chart(r, t, cols);
	report_card_end(r);
}

/* NPS over time: crm-survey --by month, its score and interval. */
void
report_nps(struct report *r, const char *file)
{
	static const char *const need[] = { "metric", "responses", "score",
		"ci_low", "ci_high", NULL };
	struct csv_table t;
	const char **names, *axis;
	double *score, *lo, *hi;
	struct svg_series series;
	struct svg_chart chart;
	long cols[5], group;
	size_t i, n = 0;

	csv_table_read(&t, r->common, file);
	report_require(&t.header, file, "crm-survey output (the summary)",
	    need, cols);
	group = cols[0] == 0 ? -1 : 0;	/* --by puts its column first */
	names = xcalloc(t.nrows + 1, sizeof(*names));
	score = xcalloc(t.nrows + 1, sizeof(double));
	lo = xcalloc(t.nrows + 1, sizeof(double));
	hi = xcalloc(t.nrows + 1, sizeof(double));
	for (i = 0; i < t.nrows; i++) {
		if (strcmp(field(&t.rows[i], cols[0]), "nps") != 0)
			continue;
		names[n] = group < 0 ? "all" : field(&t.rows[i], group);
		score[n] = report_number(&t.rows[i].fields[cols[2]]);
		lo[n] = report_number(&t.rows[i].fields[cols[3]]);
		hi[n] = report_number(&t.rows[i].fields[cols[4]]);
		if (!isfinite(lo[n]) || !isfinite(hi[n]))
			lo[n] = hi[n] = score[n];
		n++;
	}
	axis = group < 0 ? "" : report_word(r, t.header.fields[group].s);
	series = svg_series_of("NPS", score);
	series.lo = lo;
	series.hi = hi;
	chart = svg_chart_of(report_label(r, L_NPS), axis, "NPS", names, n);
	chart.series = &series;
	chart.nseries = 1;
	chart.decimals = 1;
	if (n > 0) {
		report_card_begin(r, L_NPS, L_NPS_NOTE);
		svg_lines(r->h, &chart);
		report_card_end(r);
	}
	free(names);
	free(score);
	free(lo);
	free(hi);
	csv_table_free(&t);
}

/* Feedback: crm-feedback --summary, tickets and resolution times. */

struct feedback_columns {
	long group, tickets, open, missed, median, p90;
};

static void
feedback_charts(struct report *r, const struct csv_table *t,
    const struct feedback_columns *c, const char **names, double **v)
{
	struct svg_series series[3];
	struct svg_chart chart;
	const char *name = t->header.fields[c->group].s;
	const char *group = report_word(r, name);
	bool by_month = strcmp(name, "month") == 0;
	size_t n = t->nrows;

	series[0] = svg_series_of(report_label(r, L_TICKETS), v[0]);
	series[1] = svg_series_of(report_label(r, L_OPEN), v[1]);
	series[2] = svg_series_of(report_label(r, L_MISSED), v[2]);
	chart = svg_chart_of(report_label(r, L_FEEDBACK),
	    by_month ? group : report_label(r, L_TICKETS),
	    by_month ? report_label(r, L_TICKETS) : group, names, n);
	chart.series = series;
	chart.nseries = c->missed != COLUMN_NONE ? 3 : 2;
	if (by_month)
		svg_lines(r->h, &chart);
	else
		svg_bars(r->h, &chart);
	series[0] = svg_series_of(report_label(r, L_MEDIAN), v[3]);
	series[1] = svg_series_of(report_label(r, L_P90), v[4]);
	chart = svg_chart_of(report_label(r, L_RESOLVE_TIME),
	    by_month ? group : report_label(r, L_HOURS),
	    by_month ? report_label(r, L_HOURS) : group, names, n);
	chart.series = series;
	chart.nseries = 2;
	chart.decimals = 1;
	html_printf(r->h, "<h3>%s</h3>", report_label(r, L_RESOLVE_TIME));
	if (by_month)
		svg_lines(r->h, &chart);
	else
		svg_bars(r->h, &chart);
}

void
report_feedback(struct report *r, const char *file)
{
	static const char *const need[] = { "tickets", "open",
		"resolve_median_hours", "resolve_p90_hours", NULL };
	struct feedback_columns c;
	struct csv_table t;
	const char **names;
	double *v[5];
	long cols[4], src[5];
	size_t i, k;

	csv_table_read(&t, r->common, file);
	report_require(&t.header, file, "crm-feedback --summary output", need,
	    cols);
	c.group = 0;
	c.tickets = cols[0], c.open = cols[1];
	c.median = cols[2], c.p90 = cols[3];
	c.missed = csv_table_column(&t, "followup_missed");
	src[0] = c.tickets, src[1] = c.open, src[2] = c.missed;
	src[3] = c.median, src[4] = c.p90;
	names = xcalloc(t.nrows + 1, sizeof(*names));
	for (k = 0; k < 5; k++)
		v[k] = xcalloc(t.nrows + 1, sizeof(double));
	for (i = 0; i < t.nrows; i++) {
		names[i] = field(&t.rows[i], c.group);
		for (k = 0; k < 5; k++)
			v[k][i] = src[k] == COLUMN_NONE ? NAN :
			    report_number(&t.rows[i].fields[src[k]]);
	}
	if (t.nrows > 0 && c.group != c.tickets) {
		report_card_begin(r, L_FEEDBACK, L_FEEDBACK_NOTE);
		feedback_charts(r, &t, &c, names, v);
		report_card_end(r);
	}
	free(names);
	for (k = 0; k < 5; k++)
		free(v[k]);
	csv_table_free(&t);
}
