/*
 * customers.c: the report's per-customer sections: segments and tiers by
 * size and value, the R x F heat map, churn risk, P(alive) by frequency
 * and recency, and the distribution of lifetime value.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "stats.h"
#include "svg.h"
#include "table.h"
#include "util.h"

enum { MAX_SCORE = 9, X_BUCKETS = 11, TX_BUCKETS = 8, MAX_GROUPS = 40 };

struct group {
	double count, value;
};

/* A column's values counted by label, in order of first appearance. */
struct groups {
	struct table *labels;		/* label -> struct group */
	double total_count, total_value;
};

struct customer_stats {
	bool has_groups, has_rf, has_risk, has_alive, has_clv;
	struct groups segments, tiers, risk;
	double rf_count[MAX_SCORE][MAX_SCORE], rf_value[MAX_SCORE][MAX_SCORE];
	int max_r, max_f;
	float *x, *t_x, *p_alive;	/* per customer, for the matrix */
	double max_T;
	size_t nalive, alive_cap;
	double *clv;
	size_t nclv, clv_cap;
	double customers, revenue, p_alive_sum, expected_sum;
	bool has_revenue, has_expected;
};

static struct customer_stats *
stats(struct report *r)
{
	if (r->stats == NULL) {
		r->stats = xcalloc(1, sizeof(*r->stats));
		r->stats->segments.labels = table_new(sizeof(struct group));
		r->stats->tiers.labels = table_new(sizeof(struct group));
		r->stats->risk.labels = table_new(sizeof(struct group));
	}
	return r->stats;
}

void
report_free(struct report *r)
{
	struct customer_stats *s = r->stats;

	if (s == NULL)
		return;
	table_free(s->segments.labels);
	table_free(s->tiers.labels);
	table_free(s->risk.labels);
	free(s->x);
	free(s->t_x);
	free(s->p_alive);
	free(s->clv);
	free(s);
	r->stats = NULL;
}

/* The columns of one file, COLUMN_NONE where absent. */
struct columns {
	long segment, tier, r, f, monetary, p_alive, risk, x, t_x, T;
	long expected, clv;
};

static long
col(const struct record *h, const char *name)
{
	return column_lookup(h, name);
}

static void
find_columns(const struct record *h, struct columns *c)
{
	c->segment = col(h, "segment");
	c->tier = col(h, "tier");
	c->r = col(h, "r_score");
	c->f = col(h, "f_score");
	c->monetary = col(h, "monetary");
	c->p_alive = col(h, "p_alive");
	c->risk = col(h, "churn_risk");
	c->x = col(h, "x");
	c->t_x = col(h, "t_x");
	c->T = col(h, "T");
	c->expected = col(h, "expected_purchases");
	c->clv = col(h, "clv");
}

static void
require(const struct record *h, const char *file, enum customer_kind kind)
{
	static const char *const rfm[] = { "r_score", "f_score", "segment",
		"monetary", NULL };
	static const char *const churn[] = { "x", "t_x", "p_alive",
		"churn_risk", NULL };
	static const char *const clv[] = { "clv", NULL };
	long cols[8];

	if (kind == FROM_RFM)
		report_require(h, file, "crm-rfm output", rfm, cols);
	else if (kind == FROM_CHURN)
		report_require(h, file, "crm-churn output", churn, cols);
	else if (kind == FROM_CLV)
		report_require(h, file, "crm-clv output", clv, cols);
}

/* Reading */

static void
count_group(struct groups *g, const struct field *label, double value)
{
	bool added;
	struct group *e = table_upsert(g->labels, label->s, label->len,
	    &added);

	e->count++;
	g->total_count++;
	if (isfinite(value)) {
		e->value += value;
		g->total_value += value;
	}
}

static void
add_alive(struct customer_stats *s, double x, double t_x, double T,
    double p)
{
	if (s->nalive == s->alive_cap) {
		s->alive_cap = grow_capacity(s->alive_cap, s->nalive + 1);
		s->x = xreallocarray(s->x, s->alive_cap, sizeof(*s->x));
		s->t_x = xreallocarray(s->t_x, s->alive_cap, sizeof(*s->t_x));
		s->p_alive = xreallocarray(s->p_alive, s->alive_cap,
		    sizeof(*s->p_alive));
	}
	s->x[s->nalive] = (float)x;
	s->t_x[s->nalive] = (float)t_x;
	s->p_alive[s->nalive++] = (float)p;
	if (isfinite(T) && T > s->max_T)
		s->max_T = T;
	else if (t_x > s->max_T)
		s->max_T = t_x;
}

static void
add_clv(struct customer_stats *s, double v)
{
	if (s->nclv == s->clv_cap) {
		s->clv_cap = grow_capacity(s->clv_cap, s->nclv + 1);
		s->clv = xreallocarray(s->clv, s->clv_cap, sizeof(*s->clv));
	}
	s->clv[s->nclv++] = v;
}

/* Which parts this file gives: those no earlier file gave. */
struct parts {
	bool groups, rf, risk, alive, clv, figures;
};

static double
number_at(const struct record *rec, long c)
{
	return c == COLUMN_NONE ? NAN : report_number(&rec->fields[c]);
}

static void
add_rf(struct customer_stats *s, const struct record *rec,
    const struct columns *c, double monetary)
{
	double r = number_at(rec, c->r), f = number_at(rec, c->f);

	if (!(r >= 1 && r <= MAX_SCORE && f >= 1 && f <= MAX_SCORE))
		return;
	s->rf_count[(int)r - 1][(int)f - 1]++;
	if (isfinite(monetary))
		s->rf_value[(int)r - 1][(int)f - 1] += monetary;
	if ((int)r > s->max_r)
		s->max_r = (int)r;
	if ((int)f > s->max_f)
		s->max_f = (int)f;
}

static void
add_row(struct customer_stats *s, const struct record *rec,
    const struct columns *c, const struct parts *p)
{
	double monetary = number_at(rec, c->monetary);
	double alive = number_at(rec, c->p_alive);

	if (p->groups && c->segment != COLUMN_NONE)
		count_group(&s->segments, &rec->fields[c->segment], monetary);
	if (p->groups && c->tier != COLUMN_NONE)
		count_group(&s->tiers, &rec->fields[c->tier], monetary);
	if (p->rf)
		add_rf(s, rec, c, monetary);
	if (p->risk)
		count_group(&s->risk, &rec->fields[c->risk], NAN);
	if (p->alive && isfinite(alive))
		add_alive(s, number_at(rec, c->x), number_at(rec, c->t_x),
		    number_at(rec, c->T), alive);
	if (p->clv && isfinite(number_at(rec, c->clv)))
		add_clv(s, number_at(rec, c->clv));
	if (!p->figures)
		return;
	s->customers++;
	if (isfinite(monetary))
		s->revenue += monetary;
	if (isfinite(alive))
		s->p_alive_sum += alive;
	if (isfinite(number_at(rec, c->expected)))
		s->expected_sum += number_at(rec, c->expected);
}

static void
choose_parts(struct customer_stats *s, const struct columns *c,
    struct parts *p)
{
	p->figures = !s->has_groups && !s->has_rf && !s->has_risk &&
	    !s->has_alive && !s->has_clv;
	p->groups = !s->has_groups && (c->segment != COLUMN_NONE ||
	    c->tier != COLUMN_NONE);
	p->rf = !s->has_rf && c->r != COLUMN_NONE && c->f != COLUMN_NONE;
	p->risk = !s->has_risk && c->risk != COLUMN_NONE;
	p->alive = !s->has_alive && c->p_alive != COLUMN_NONE &&
	    c->x != COLUMN_NONE && c->t_x != COLUMN_NONE;
	p->clv = !s->has_clv && c->clv != COLUMN_NONE;
	s->has_groups |= p->groups;
	s->has_rf |= p->rf;
	s->has_risk |= p->risk;
	s->has_alive |= p->alive;
	s->has_clv |= p->clv;
	s->has_revenue |= p->figures && c->monetary != COLUMN_NONE;
	s->has_expected |= p->figures && c->expected != COLUMN_NONE;
}

void
report_read_customers(struct report *r, const char *file,
    enum customer_kind kind)
{
	static const char *const any[] = { "segment or tier", "r_score",
		"p_alive", "clv", NULL };
	char *files[1] = { (char *)file };
	struct input *in = input_open(r->common, files, 1);
	const struct record *h = input_header(in), *rec;
	struct customer_stats *s = stats(r);
	struct columns c;
	struct parts p;
	long cols[4];

	require(h, file, kind);
	find_columns(h, &c);
	if (c.segment == COLUMN_NONE && c.tier == COLUMN_NONE && c.r ==
	    COLUMN_NONE && c.p_alive == COLUMN_NONE && c.clv == COLUMN_NONE)
		report_require(h, file, "a per-customer file of the crm "
		    "tools", any, cols);
	choose_parts(s, &c, &p);
	while ((rec = input_next(in)) != NULL)
		add_row(s, rec, &c, &p);
	input_close(in);
}

/* Drawing */

static void
figure_number(struct report *r, enum label name, double v, int decimals)
{
	char buf[64];

	html_format_number(v, decimals, true, buf, sizeof(buf));
	report_figure(r, name, buf);
}

void
report_overview(struct report *r)
{
	struct customer_stats *s = r->stats;
	double total = 0;
	size_t i;

	html_raw(r->h, "<div class=\"figures\">");
	if (s && s->customers > 0) {
		figure_number(r, L_CUSTOMERS, s->customers, 0);
		if (s->has_revenue)
			figure_number(r, L_REVENUE, s->revenue, 0);
		if (s->has_alive)
			figure_number(r, L_MEAN_P_ALIVE, s->p_alive_sum /
			    s->customers, 2);
		if (s->has_expected)
			figure_number(r, L_EXPECTED, s->expected_sum, 0);
	}
	if (s && s->nclv > 0) {
		for (i = 0; i < s->nclv; i++)
			total += s->clv[i];
		figure_number(r, L_TOTAL_CLV, total, 0);
	}
	if (r->followups_today >= 0)
		figure_number(r, L_FOLLOWUPS_TODAY,
		    (double)r->followups_today, 0);
	html_raw(r->h, "</div>\n");
}

struct ranked {
	const char *label;
	const struct group *g;
};

static int
by_value(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	double vx = x->g->value / x->g->count, vy = y->g->value / y->g->count;

	if (vx != vy)
		return vx < vy ? 1 : -1;
	return strcmp(x->label, y->label);
}

/* Shares of customers and of value per group, best mean value first. */
static void
groups_section(struct report *r, const struct groups *g, enum label title,
    enum label axis)
{
	size_t n = table_count(g->labels), i, len;
	struct ranked *rank = xcalloc(n ? n : 1, sizeof(*rank));
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	double *counts = xcalloc(n ? n : 1, sizeof(double));
	double *values = xcalloc(n ? n : 1, sizeof(double));
	struct svg_series series[2];
	struct svg_chart chart;

	for (i = 0; i < n; i++) {
		rank[i].label = table_key(g->labels, i, &len);
		rank[i].g = table_value(g->labels, i);
	}
	qsort(rank, n, sizeof(*rank), by_value);
	for (i = 0; i < n; i++) {
		names[i] = rank[i].label[0] ? rank[i].label : "-";
		counts[i] = rank[i].g->count / g->total_count;
		values[i] = g->total_value > 0 ? rank[i].g->value /
		    g->total_value : NAN;
	}
	series[0] = svg_series_of(report_label(r, L_SHARE_CUSTOMERS), counts);
	series[1] = svg_series_of(report_label(r, L_SHARE_VALUE), values);
	chart = svg_chart_of(report_label(r, title),
	    report_label(r, L_SHARE),
	    report_label(r, axis), names, n > MAX_GROUPS ? MAX_GROUPS : n);
	chart.series = series;
	chart.nseries = g->total_value > 0 ? 2 : 1;
	chart.percent = true;
	report_card_begin(r, title, L_SEGMENTS_NOTE);
	svg_bars(r->h, &chart);
	html_printf(r->h, "<details><summary>%s</summary><table><tr><th>",
	    report_label(r, L_NUMBERS));
	html_textz(r->h, report_label(r, axis));
	html_printf(r->h, "</th><th>%s</th><th>%s</th><th>%s</th></tr>",
	    report_label(r, L_COUNT), report_label(r, L_VALUE),
	    report_label(r, L_MEAN));
	for (i = 0; i < n; i++) {
		html_raw(r->h, "<tr><td>");
		html_textz(r->h, names[i]);
		html_raw(r->h, "</td><td>");
		html_number(r->h, rank[i].g->count, 0);
		html_raw(r->h, "</td><td>");
		html_number(r->h, rank[i].g->value, 0);
		html_raw(r->h, "</td><td>");
		html_number(r->h, rank[i].g->value / rank[i].g->count, 2);
		html_raw(r->h, "</td></tr>");
	}
	html_raw(r->h, "</table></details>");
	report_card_end(r);
	free(rank);
	free(names);
	free(counts);
	free(values);
}

/* R x F: rows R from best (top) down, columns F from 1 up. */
static void
rf_section(struct report *r, const struct customer_stats *s)
{
	char rows[MAX_SCORE][12], cols[MAX_SCORE][12];
	const char *row_names[MAX_SCORE], *col_names[MAX_SCORE];
	double cells[MAX_SCORE * MAX_SCORE], hi = 0, n;
	char *notes[MAX_SCORE * MAX_SCORE], avg[64];
	struct svg_heat m;
	int i, k, nr = s->max_r, nf = s->max_f;

	for (i = 0; i < nr; i++) {
		snprintf(rows[i], sizeof(rows[i]), "%d", nr - i);
		row_names[i] = rows[i];
		for (k = 0; k < nf; k++) {
			n = s->rf_count[nr - 1 - i][k];
			cells[i * nf + k] = n > 0 ? n : NAN;
			hi = n > hi ? n : hi;
			html_format_number(n > 0 ? s->rf_value[nr - 1 - i][k] /
			    n : 0, 2, true, avg, sizeof(avg));
			notes[i * nf + k] = html_format("R %d, F %d: %.0f %s, "
			    "%s %s", nr - i, k + 1, n, report_label(r, L_COUNT),
			    report_label(r, L_MEAN), avg);
		}
	}
	for (k = 0; k < nf; k++) {
		snprintf(cols[k], sizeof(cols[k]), "%d", k + 1);
		col_names[k] = cols[k];
	}
	m = svg_heat_of(report_label(r, L_RF),
	    report_label(r, L_F_SCORE),
	    report_label(r, L_R_SCORE), row_names, (size_t)nr, col_names,
	    (size_t)nf, cells);
	m.notes = (const char *const *)notes;
	m.lo = 0;
	m.hi = hi;
	m.decimals = 0;
	report_card_begin(r, L_RF, L_RF_NOTE);
	svg_heatmap(r->h, &m);
	report_card_end(r);
	for (i = 0; i < nr * nf; i++)
		free(notes[i]);
}

/* Risk words in the order of urgency, then any others as they came. */
static int
risk_rank(const char *label)
{
	static const char *const order[] = { "high", "medium", "low", NULL };
	int i;

	for (i = 0; order[i]; i++)
		if (strcmp(label, order[i]) == 0)
			return i;
	return 3;
}

static void
risk_section(struct report *r, const struct customer_stats *s)
{
	size_t n = table_count(s->risk.labels), i, k, len, at = 0;
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	double *counts = xcalloc(n ? n : 1, sizeof(double));
	struct svg_series series;
	struct svg_chart chart;
	int rank;

	for (rank = 0; rank <= 3; rank++)
		for (i = 0; i < n; i++) {
			const char *label = table_key(s->risk.labels, i, &len);

			if (risk_rank(label) != rank)
				continue;
			names[at] = report_word(r, label);
			counts[at++] = ((const struct group *)table_value(
			    s->risk.labels, i))->count;
		}
	series = svg_series_of(report_label(r, L_COUNT), counts);
	chart = svg_chart_of(report_label(r, L_RISK),
	    report_label(r, L_CHURN_RISK),
	    report_label(r, L_COUNT), names, n);
	chart.series = &series;
	chart.nseries = 1;
	chart.decimals = 0;
	report_card_begin(r, L_RISK, L_RISK_NOTE);
	svg_columns(r->h, &chart);
	html_printf(r->h, "<details><summary>%s</summary><table>",
	    report_label(r, L_NUMBERS));
	for (k = 0; k < n; k++) {
		html_raw(r->h, "<tr><td>");
		html_textz(r->h, names[k]);
		html_raw(r->h, "</td><td>");
		html_number(r->h, counts[k], 0);
		html_raw(r->h, "</td><td>");
		html_printf(r->h, "%.1f%%", 100 * counts[k] /
		    s->risk.total_count);
		html_raw(r->h, "</td></tr>");
	}
	html_raw(r->h, "</table></details>");
	report_card_end(r);
	free(names);
	free(counts);
}

/* Mean P(alive) by x (0..9, 10+) and t_x (eight bands up to max T). */
static void
alive_section(struct report *r, const struct customer_stats *s)
{
	double sum[TX_BUCKETS][X_BUCKETS], n[TX_BUCKETS][X_BUCKETS];
	double cells[TX_BUCKETS * X_BUCKETS], band;
	char rows[TX_BUCKETS][64], cols[X_BUCKETS][16], a[24], b[24];
	const char *row_names[TX_BUCKETS], *col_names[X_BUCKETS];
	char *notes[TX_BUCKETS * X_BUCKETS];
	struct svg_heat m;
	size_t i;
	int xb, tb, k;

	memset(sum, 0, sizeof(sum));
	memset(n, 0, sizeof(n));
	band = s->max_T > 0 ? s->max_T / TX_BUCKETS : 1;
	for (i = 0; i < s->nalive; i++) {
		xb = !(s->x[i] >= 0) ? 0 : s->x[i] >= X_BUCKETS - 1 ?
		    X_BUCKETS - 1 : (int)s->x[i];
		tb = !(s->t_x[i] >= 0) ? 0 : (int)(s->t_x[i] / band);
		tb = tb >= TX_BUCKETS ? TX_BUCKETS - 1 : tb;
		sum[tb][xb] += s->p_alive[i];
		n[tb][xb]++;
	}
	for (tb = 0; tb < TX_BUCKETS; tb++) {
		k = TX_BUCKETS - 1 - tb;	/* recent on top */
		html_format_number(band * k, 1, false, a, sizeof(a));
		html_format_number(band * (k + 1), 1, false, b, sizeof(b));
		snprintf(rows[tb], sizeof(rows[tb]), "%s-%s", a, b);
		row_names[tb] = rows[tb];
		for (xb = 0; xb < X_BUCKETS; xb++) {
			cells[tb * X_BUCKETS + xb] = n[k][xb] > 0 ?
			    sum[k][xb] / n[k][xb] : NAN;
			notes[tb * X_BUCKETS + xb] = html_format("x %s%d, t_x "
			    "%s: %s %.2f, %.0f %s", xb == X_BUCKETS - 1 ? ">= " :
			    "", xb, rows[tb], report_label(r, L_P_ALIVE),
			    n[k][xb] > 0 ? sum[k][xb] / n[k][xb] : 0, n[k][xb],
			    report_label(r, L_COUNT));
		}
	}
	for (xb = 0; xb < X_BUCKETS; xb++) {
		snprintf(cols[xb], sizeof(cols[xb]), xb == X_BUCKETS - 1 ?
		    "%d+" : "%d", xb);
		col_names[xb] = cols[xb];
	}
	m = svg_heat_of(report_label(r, L_ALIVE),
	    report_label(r, L_FREQUENCY_X),
	    report_label(r, L_RECENCY_TX), row_names, TX_BUCKETS, col_names,
	    X_BUCKETS, cells);
	m.notes = (const char *const *)notes;
	m.lo = 0;
	m.hi = 1;
	m.decimals = 0;
	m.percent = true;
	report_card_begin(r, L_ALIVE, L_ALIVE_NOTE);
	svg_heatmap(r->h, &m);
	report_card_end(r);
	for (k = 0; k < TX_BUCKETS * X_BUCKETS; k++)
		free(notes[k]);
}

enum { MAX_BINS = 24 };

static void
clv_table(struct report *r, const double *v, size_t n)
{
	double total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += v[i];
	html_printf(r->h, "<table><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th></tr><tr><td>", report_label(r, L_COUNT),
	    report_label(r, L_MEAN), report_label(r, L_MEDIAN),
	    report_label(r, L_P90), report_label(r, L_TOTAL));
	html_number(r->h, (double)n, 0);
	html_raw(r->h, "</td><td>");
	html_number(r->h, total / (double)n, 2);
	html_raw(r->h, "</td><td>");
	html_number(r->h, quantile_sorted(v, n, 0.5), 2);
	html_raw(r->h, "</td><td>");
	html_number(r->h, quantile_sorted(v, n, 0.9), 2);
	html_raw(r->h, "</td><td>");
	html_number(r->h, total, 0);
	html_raw(r->h, "</td></tr></table>");
}

/*
 * The edges of CLV bins that grow 1, 2, 5, 10, 20, ... from the power of
 * ten below the 5th percentile to past the maximum: money is skewed, so
 * equal bins would put almost everyone in the first.
 */
static int
clv_edges(const double *sorted, size_t n, double *edges, int max)
{
	static const double steps[] = { 1, 2, 5 };
	double low = quantile_sorted(sorted, n, 0.05), top = sorted[n - 1];
	double mag = pow(10, floor(log10(low > 1 ? low : 1)));
	int k = 0, i = 0;

	edges[k++] = 0;
	while (k < max && edges[k - 1] <= top) {
		edges[k++] = steps[i] * mag;
		if (++i == 3) {
			i = 0;
			mag *= 10;
		}
	}
	return k;
}

static void
clv_section(struct report *r, struct customer_stats *s)
{
	double edges[MAX_BINS + 1], counts[MAX_BINS];
	char names[MAX_BINS][32], *notes[MAX_BINS], a[24];
	const char *categories[MAX_BINS];
	struct svg_series series;
	struct svg_chart chart;
	int nedges, nbins, b;
	size_t i;

	qsort(s->clv, s->nclv, sizeof(double), compare_doubles);
	nedges = clv_edges(s->clv, s->nclv, edges, MAX_BINS + 1);
	nbins = nedges - 1;
	memset(counts, 0, sizeof(counts));
	for (i = 0, b = 0; i < s->nclv; i++) {
		while (b < nbins - 1 && s->clv[i] >= edges[b + 1])
			b++;
		counts[b]++;
	}
	for (b = 0; b < nbins; b++) {
		html_format_number(edges[b], 0, true, a, sizeof(a));
		snprintf(names[b], sizeof(names[b]), "%s%s", b == 0 ? "< " :
		    "", b == 0 ? "" : a);
		if (b == 0)
			html_format_number(edges[1], 0, true, names[b] + 2,
			    sizeof(names[b]) - 2);
		categories[b] = names[b];
		html_format_number(edges[b + 1], 0, true, a, sizeof(a));
		notes[b] = html_format("%s %s%s%s: %.0f %s", report_label(r,
		    L_CLV_AXIS), b == 0 ? "0" : names[b], " - ", a, counts[b],
		    report_label(r, L_COUNT));
	}
	series = svg_series_of(report_label(r, L_COUNT), counts);
	series.notes = (const char *const *)notes;
	chart = svg_chart_of(report_label(r, L_CLV),
	    report_label(r, L_CLV_AXIS),
	    report_label(r, L_COUNT), categories, (size_t)nbins);
	chart.series = &series;
	chart.nseries = 1;
	chart.decimals = 0;
	report_card_begin(r, L_CLV, L_CLV_NOTE);
	svg_columns(r->h, &chart);
	clv_table(r, s->clv, s->nclv);
	report_card_end(r);
	for (b = 0; b < nbins; b++)
		free(notes[b]);
}

void
report_customer_sections(struct report *r)
{
	struct customer_stats *s = r->stats;

	if (s == NULL)
		return;
	if (table_count(s->segments.labels) > 0)
		groups_section(r, &s->segments, L_SEGMENTS, L_SEGMENT);
	if (table_count(s->tiers.labels) > 0)
		groups_section(r, &s->tiers, L_TIERS, L_TIER);
	if (s->max_r > 0 && s->max_f > 0)
		rf_section(r, s);
	if (table_count(s->risk.labels) > 0)
		risk_section(r, s);
	if (s->nalive > 0)
		alive_section(r, s);
	if (s->nclv > 0)
		clv_section(r, s);
}

/* crm-segment --summary: shares of customers and of the first *_sum. */
void
report_segment_summary(struct report *r, const char *file)
{
	static const char *const need[] = { "count", "share", NULL };
	struct customer_stats *s = stats(r);
	struct csv_table t;
	struct group *g;
	long cols[2], value = COLUMN_NONE;
	size_t i, len;
	bool added;

	csv_table_read(&t, r->common, file);
	report_require(&t.header, file, "crm-segment --summary output", need,
	    cols);
	for (i = 1; i < t.header.nfields && value == COLUMN_NONE; i++) {
		len = t.header.fields[i].len;
		if (len > 4 && strcmp(t.header.fields[i].s + len - 4,
		    "_sum") == 0)
			value = (long)i;
	}
	if (!s->has_groups) {
		s->has_groups = true;
		for (i = 0; i < t.nrows; i++) {
			g = table_upsert(s->segments.labels, t.rows[i].fields[0].s,
			    t.rows[i].fields[0].len, &added);
			g->count += report_number(&t.rows[i].fields[cols[0]]);
			s->segments.total_count += g->count;
			if (value == COLUMN_NONE)
				continue;
			g->value += report_number(&t.rows[i].fields[value]);
			s->segments.total_value += g->value;
		}
	}
	csv_table_free(&t);
}
