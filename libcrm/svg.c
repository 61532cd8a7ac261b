/* svg.c: bar, column, line and heat-map charts as inline SVG. */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { FONT = 12, SMALL = 11, DEFAULT_WIDTH = 600 };

static const char *const palette[] = { "#3b6ea8", "#e8833a", "#5aa469",
	"#c8504b", "#8c6bb1", "#7f7f7f" };

static const char *
series_color(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

double
svg_text_width(const char *s, double font_size)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	for (; *p; p++) {
		if (*p < 0x80)
			w += (*p >= 'A' && *p <= 'Z') || *p == 'm' || *p == 'w' ?
			    0.68 : 0.56;
		else if (*p >= 0xe0)
			w += 1.0;	/* a 3- or 4-byte form: CJK */
		else if (*p >= 0xc0)
			w += 0.6;
	}
	return w * font_size;
}

void
svg_ticks(double lo, double hi, int n, double *first, double *step,
    int *count)
{
	static const double steps[] = { 1, 2, 2.5, 5, 10 };
	double raw, mag;
	size_t i;

	if (!(hi > lo))
		hi = lo + 1;
	raw = (hi - lo) / (n > 1 ? n - 1 : 1);
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < 4 && steps[i] * mag < raw * 0.999; i++)
		;
	*step = steps[i] * mag;
	*first = floor(lo / *step + 1e-9) * *step;
	*count = (int)ceil((hi - *first) / *step - 1e-9) + 1;
}

void
svg_shade(double t, char color[8])
{
	static const unsigned char stops[][3] = { { 0xf4, 0xf8, 0xfc },
		{ 0xc6, 0xdb, 0xef }, { 0x6b, 0xae, 0xd6 },
		{ 0x21, 0x71, 0xb5 }, { 0x08, 0x30, 0x6b } };
	double x, f;
	int i, k, c[3];

	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	x = t * 4;
	i = x >= 4 ? 3 : (int)x;
	f = x - i;
	for (k = 0; k < 3; k++)
		c[k] = (int)lround(stops[i][k] + f * (stops[i + 1][k] -
		    stops[i][k]));
	snprintf(color, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

struct svg_series
svg_series_of(const char *name, const double *values)
{
	struct svg_series s;

	memset(&s, 0, sizeof(s));
	s.name = name;
	s.values = values;
	return s;
}

struct svg_chart
svg_chart_of(const char *title, const char *x_label, const char *y_label,
    const char *const *categories, size_t n)
{
	struct svg_chart c;

	memset(&c, 0, sizeof(c));
	c.title = title;
	c.x_label = x_label;
	c.y_label = y_label;
	c.categories = categories;
	c.ncategories = n;
	return c;
}

struct svg_heat
svg_heat_of(const char *title, const char *x_label, const char *y_label,
    const char *const *rows, size_t nrows, const char *const *cols,
    size_t ncols, const double *values)
{
	struct svg_heat m;

	memset(&m, 0, sizeof(m));
	m.title = title;
	m.x_label = x_label;
	m.y_label = y_label;
	m.rows = rows;
	m.nrows = nrows;
	m.cols = cols;
	m.ncols = ncols;
	m.values = values;
	return m;
}

/* Formatting */

static size_t
format_value(double v, int decimals, bool percent, char *buf, size_t size)
{
	if (percent)
		return html_format_percent(v, decimals < 0 ? 1 : decimals, buf,
		    size);
	return html_format_number(v, decimals, true, buf, size);
}

/* A tick label: as many decimals as the step needs, 12k, 3.4M. */
static void
tick_label(double v, double step, bool percent, char *buf, size_t size)
{
	double scale = percent ? 100 : 1, a = fabs(step * scale);
	int decimals = a >= 1 ? 0 : (int)ceil(-log10(a) - 1e-9);
	const char *suffix = "";
	size_t len;

	v *= scale;
	if (fabs(v) < a * 1e-9) {
		snprintf(buf, size, "0%s", percent ? "%" : "");
		return;
	}
	if (!percent && fabs(step) >= 1e6) {
		v /= 1e6, a /= 1e6, suffix = "M";
		decimals = a >= 1 ? 0 : 1;
	} else if (!percent && fabs(step) >= 1e3) {
		v /= 1e3, a /= 1e3, suffix = "k";
		decimals = a >= 1 ? 0 : 1;
	}
	len = html_format_number(v, decimals, true, buf, size);
	snprintf(buf + len, size - len, "%s%s", suffix, percent ? "%" : "");
}

static void
text_at(struct html *h, double x, double y, const char *anchor, int size,
    const char *text)
{
	html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "font-size=\"%d\" fill=\"#1f2933\">", x, y, anchor, size);
	html_textz(h, text);
	html_raw(h, "</text>");
}

static void
open_svg(struct html *h, const char *title, int width, double height)
{
	html_printf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" viewBox=\"0 0 %d %.0f\" width=\"%d\" "
	    "height=\"%.0f\" role=\"img\" aria-label=\"", width, height, width,
	    height);
	html_textz(h, title);
	html_raw(h, "\"><title>");
	html_textz(h, title);
	html_raw(h, "</title>");
}

/* A <title> for hover: the note, or "category, series: value". */
static void
hover(struct html *h, const struct svg_chart *c, size_t s, size_t i)
{
	const struct svg_series *se = &c->series[s];
	char value[64];

	html_raw(h, "<title>");
	if (se->notes && se->notes[i])
		html_textz(h, se->notes[i]);
	else {
		format_value(se->values[i], c->decimals, c->percent, value,
		    sizeof(value));
		html_textz(h, c->categories[i]);
		if (c->nseries > 1 && se->name) {
			html_raw(h, ", ");
			html_textz(h, se->name);
		}
		html_raw(h, ": ");
		html_textz(h, value);
	}
	html_raw(h, "</title>");
}

static void
legend(struct html *h, const struct svg_chart *c, double x, double y)
{
	size_t s;

	if (c->nseries < 2)
		return;
	for (s = 0; s < c->nseries; s++) {
		html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/>", x, y - 10,
		    series_color(s));
		text_at(h, x + 16, y, "start", SMALL, c->series[s].name);
		x += 28 + svg_text_width(c->series[s].name, SMALL);
	}
}

/* The range of every value (and band) of the chart. */
static void
value_range(const struct svg_chart *c, double *lo, double *hi)
{
	size_t s, i;
	double v;

	*lo = 0;
	*hi = 0;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->ncategories; i++) {
			v = c->series[s].values[i];
			if (c->series[s].lo && isfinite(c->series[s].lo[i]) &&
			    c->series[s].lo[i] < *lo)
				*lo = c->series[s].lo[i];
			if (c->series[s].hi && isfinite(c->series[s].hi[i]) &&
			    c->series[s].hi[i] > *hi)
				*hi = c->series[s].hi[i];
			if (!isfinite(v))
				continue;
			if (v < *lo)
				*lo = v;
			if (v > *hi)
				*hi = v;
		}
}

static double
widest(const char *const *labels, size_t n, double size)
{
	double w = 0, t;
	size_t i;

	for (i = 0; i < n; i++)
		if ((t = svg_text_width(labels[i], size)) > w)
			w = t;
	return w;
}

/* Horizontal bars */

struct axis {
	double lo, hi;		/* values at the ends */
	double from, to;	/* pixels of the ends */
	double first, step;
	int count;
};

static void
make_axis(struct axis *a, double lo, double hi, double from, double to,
    int ticks)
{
	svg_ticks(lo, hi, ticks, &a->first, &a->step, &a->count);
	a->lo = a->first;
	a->hi = a->first + a->step * (a->count - 1);
	a->from = from;
	a->to = to;
}

static double
scale(const struct axis *a, double v)
{
	return a->from + (v - a->lo) / (a->hi - a->lo) * (a->to - a->from);
}

void
svg_bars(struct html *h, const struct svg_chart *c)
{
	int W = c->width ? c->width : DEFAULT_WIDTH;
	double label_w = fmin(W * 0.38, widest(c->categories, c->ncategories,
	    FONT) + 12), x0 = 24 + label_w, x1 = W - 64;
	double top = c->nseries > 1 ? 34 : 12, bar = c->nseries > 1 ? 13 : 18;
	double row = bar * c->nseries + 10, bottom = top + row *
	    c->ncategories, H = bottom + 46, lo, hi, x, y;
	char label[64];
	struct axis a;
	size_t i, s;
	int t;

	value_range(c, &lo, &hi);
	make_axis(&a, 0, hi, x0, x1, 5);
	open_svg(h, c->title, W, H);
	legend(h, c, x0, 16);
	for (t = 0; t < a.count; t++) {
		x = scale(&a, a.first + t * a.step);
		html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" class=\"grid\"/>", x, top - 4, x, bottom);
		tick_label(a.first + t * a.step, a.step, c->percent, label,
		    sizeof(label));
		text_at(h, x, bottom + 15, "middle", SMALL, label);
	}
	for (i = 0; i < c->ncategories; i++) {
		y = top + row * i + 5;
		text_at(h, x0 - 8, y + bar * c->nseries / 2 + 4, "end", FONT,
		    c->categories[i]);
		for (s = 0; s < c->nseries; s++, y += bar) {
			double v = c->series[s].values[i];
			double w = isfinite(v) && v > 0 ? scale(&a, v) - x0 : 0;

			html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x0,
			    y, w, bar - 2, series_color(s));
			hover(h, c, s, i);
			html_raw(h, "</rect>");
			format_value(v, c->decimals, c->percent, label,
			    sizeof(label));
			text_at(h, x0 + w + 4, y + bar - 4, "start", SMALL,
			    label);
		}
	}
	html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "class=\"axis\"/>", x0, top - 4, x0, bottom);
	text_at(h, (x0 + x1) / 2, bottom + 36, "middle", FONT, c->x_label);
	html_printf(h, "<text transform=\"translate(12 %.1f) rotate(-90)\" "
	    "text-anchor=\"middle\" font-size=\"%d\">", (top + bottom) / 2,
	    FONT);
	html_textz(h, c->y_label);
	html_raw(h, "</text></svg>");
}

/* Columns and lines share a frame: categories along x, values up. */

struct frame {
	int W;
	double H, x0, x1, top, bottom, slot;
	struct axis y;
	size_t every;		/* label every n-th category */
};

static void
open_frame(struct html *h, const struct svg_chart *c, struct frame *f)
{
	double lo, hi, x, y, label_w;
	char label[64];
	size_t i;
	int t;

	f->W = c->width ? c->width : DEFAULT_WIDTH;
	f->x0 = 70;
	f->x1 = f->W - 16;
	f->top = c->nseries > 1 ? 34 : 14;
	f->bottom = f->top + 220;
	f->H = f->bottom + 48;
	f->slot = (f->x1 - f->x0) / (c->ncategories ? c->ncategories : 1);
	label_w = widest(c->categories, c->ncategories, SMALL) + 8;
	f->every = label_w > f->slot ? (size_t)ceil(label_w / f->slot) : 1;
	value_range(c, &lo, &hi);
	make_axis(&f->y, lo, hi, f->bottom, f->top, 5);
	open_svg(h, c->title, f->W, f->H);
	legend(h, c, f->x0, 16);
	for (t = 0; t < f->y.count; t++) {
		y = scale(&f->y, f->y.first + t * f->y.step);
		html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" class=\"grid\"/>", f->x0, y, f->x1, y);
		tick_label(f->y.first + t * f->y.step, f->y.step, c->percent,
		    label, sizeof(label));
		text_at(h, f->x0 - 6, y + 4, "end", SMALL, label);
	}
	for (i = 0; i < c->ncategories; i += f->every) {
		x = f->x0 + f->slot * (i + 0.5);
		text_at(h, x, f->bottom + 15, "middle", SMALL,
		    c->categories[i]);
	}
	html_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "class=\"axis\"/>", f->x0, f->bottom, f->x1, f->bottom);
	text_at(h, (f->x0 + f->x1) / 2, f->bottom + 38, "middle", FONT,
	    c->x_label);
	html_printf(h, "<text transform=\"translate(14 %.1f) rotate(-90)\" "
	    "text-anchor=\"middle\" font-size=\"%d\">", (f->top + f->bottom) /
	    2, FONT);
	html_textz(h, c->y_label);
	html_raw(h, "</text>");
}

void
svg_columns(struct html *h, const struct svg_chart *c)
{
	struct frame f;
	double group, bar, x, y0, y, v;
	char label[64];
	size_t i, s;
	bool labels = c->ncategories * c->nseries <= 16;

	open_frame(h, c, &f);
	group = f.slot * 0.8;
	bar = group / (c->nseries ? c->nseries : 1);
	y0 = scale(&f.y, 0);
	for (i = 0; i < c->ncategories; i++)
		for (s = 0; s < c->nseries; s++) {
			v = c->series[s].values[i];
			if (!isfinite(v))
				continue;
			x = f.x0 + f.slot * i + (f.slot - group) / 2 + bar * s;
			y = scale(&f.y, v);
			html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x,
			    fmin(y, y0), fmax(bar - 1, 1), fabs(y0 - y),
			    series_color(s));
			hover(h, c, s, i);
			html_raw(h, "</rect>");
			if (!labels)
				continue;
			format_value(v, c->decimals, c->percent, label,
			    sizeof(label));
			text_at(h, x + bar / 2, fmin(y, y0) - 4, "middle",
			    SMALL, label);
		}
	html_raw(h, "</svg>");
}

/* The band between lo and hi, through the points where both are known. */
static void
band(struct html *h, const struct frame *f, const struct svg_series *se,
    size_t n, const char *color)
{
	size_t i;

	html_printf(h, "<polygon fill=\"%s\" fill-opacity=\"0.18\" "
	    "points=\"", color);
	for (i = 0; i < n; i++)
		if (isfinite(se->lo[i]) && isfinite(se->hi[i]))
			html_printf(h, "%.1f,%.1f ", f->x0 + f->slot * (i +
			    0.5), scale(&f->y, se->hi[i]));
	for (i = n; i-- > 0; )
		if (isfinite(se->lo[i]) && isfinite(se->hi[i]))
			html_printf(h, "%.1f,%.1f ", f->x0 + f->slot * (i +
			    0.5), scale(&f->y, se->lo[i]));
	html_raw(h, "\"/>");
}

void
svg_lines(struct html *h, const struct svg_chart *c)
{
	struct frame f;
	double x, y;
	size_t i, s;
	bool pen;

	open_frame(h, c, &f);
	for (s = 0; s < c->nseries; s++) {
		const struct svg_series *se = &c->series[s];

		if (se->lo && se->hi && c->ncategories > 0)
			band(h, &f, se, c->ncategories, series_color(s));
		html_printf(h, "<path fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" d=\"", series_color(s));
		for (i = 0, pen = false; i < c->ncategories; i++) {
			if (!isfinite(se->values[i])) {
				pen = false;
				continue;
			}
			html_printf(h, "%s%.1f %.1f ", pen ? "L" : "M",
			    f.x0 + f.slot * (i + 0.5), scale(&f.y,
			    se->values[i]));
			pen = true;
		}
		html_raw(h, "\"/>");
		for (i = 0; i < c->ncategories; i++) {
			if (!isfinite(se->values[i]))
				continue;
			x = f.x0 + f.slot * (i + 0.5);
			y = scale(&f.y, se->values[i]);
			html_printf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
			    "fill=\"%s\">", x, y, series_color(s));
			hover(h, c, s, i);
			html_raw(h, "</circle>");
		}
	}
	html_raw(h, "</svg>");
}

/* Heat maps */

static void
heat_scale(struct html *h, const struct svg_heat *m, double x, double top,
    double height)
{
	char color[8], label[64];
	int i, steps = 10;
	double step = height / steps;

	for (i = 0; i < steps; i++) {
		svg_shade(1 - (i + 0.5) / steps, color);
		html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		    "height=\"%.1f\" fill=\"%s\"/>", x, top + i * step,
		    step + 0.5, color);
	}
	format_value(m->hi, m->decimals, m->percent, label, sizeof(label));
	text_at(h, x + 16, top + 9, "start", SMALL, label);
	format_value(m->lo, m->decimals, m->percent, label, sizeof(label));
	text_at(h, x + 16, top + height, "start", SMALL, label);
}

static void
heat_cell(struct html *h, const struct svg_heat *m, size_t r, size_t k,
    double x, double y, double w, double hgt)
{
	double v = m->values[r * m->ncols + k], t;
	char color[8], label[64];

	if (!isfinite(v)) {
		html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" class=\"empty\"/>", x, y, w - 1, hgt - 1);
		return;
	}
	t = m->hi > m->lo ? (v - m->lo) / (m->hi - m->lo) : 0.5;
	svg_shade(t, color);
	html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"%s\"><title>", x, y, w - 1, hgt - 1, color);
	format_value(v, m->decimals, m->percent, label, sizeof(label));
	if (m->notes && m->notes[r * m->ncols + k])
		html_textz(h, m->notes[r * m->ncols + k]);
	else {
		html_textz(h, m->rows[r]);
		html_raw(h, ", ");
		html_textz(h, m->cols[k]);
		html_raw(h, ": ");
		html_textz(h, label);
	}
	html_raw(h, "</title></rect>");
	if (w >= 24 && w >= svg_text_width(label, SMALL) + 6 && hgt >= 14)
		html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
		    "\"middle\" font-size=\"%d\" fill=\"%s\">%s</text>",
		    x + (w - 1) / 2, y + hgt / 2 + 3.5, SMALL, t > 0.55 ?
		    "#ffffff" : "#1a1a1a", label);
}

void
svg_heatmap(struct html *h, const struct svg_heat *m)
{
	int W = m->width ? m->width : DEFAULT_WIDTH;
	double label_w = fmin(W * 0.3, widest(m->rows, m->nrows, SMALL) + 10);
	double x0 = 22 + label_w, x1 = W - 70, top = 46;
	double w = fmin(64, (x1 - x0) / (m->ncols ? m->ncols : 1));
	double hgt = m->nrows > 16 ? 18 : 26, col_w, H;
	size_t r, k, every;

	x1 = x0 + w * m->ncols;
	H = top + hgt * m->nrows + 16;
	col_w = widest(m->cols, m->ncols, SMALL) + 6;
	every = col_w > w ? (size_t)ceil(col_w / w) : 1;
	open_svg(h, m->title, W, H);
	text_at(h, (x0 + x1) / 2, 14, "middle", FONT, m->x_label);
	for (k = 0; k < m->ncols; k += every)
		text_at(h, x0 + w * (k + 0.5), top - 8, "middle", SMALL,
		    m->cols[k]);
	for (r = 0; r < m->nrows; r++) {
		text_at(h, x0 - 6, top + hgt * r + hgt / 2 + 4, "end", SMALL,
		    m->rows[r]);
		for (k = 0; k < m->ncols; k++)
			heat_cell(h, m, r, k, x0 + w * k, top + hgt * r, w,
			    hgt);
	}
	html_printf(h, "<text transform=\"translate(12 %.1f) rotate(-90)\" "
	    "text-anchor=\"middle\" font-size=\"%d\">", top + hgt * m->nrows /
	    2, FONT);
	html_textz(h, m->y_label);
	html_raw(h, "</text>");
	heat_scale(h, m, x1 + 14, top, fmin(160, hgt * m->nrows));
	html_raw(h, "</svg>");
}
