/*
 * svg.h: charts drawn as inline SVG into an HTML document (html.h), so a
 * report needs no script, font or image from anywhere else.
 *
 * Every chart has axis labels, ticks at round numbers and a <title> on
 * each bar, point and cell, which browsers show on hover, with its
 * category and value. Text from the data is escaped. Sizes are in CSS
 * pixels; the SVG scales to its container (viewBox). Output depends only
 * on the input: same numbers, same bytes.
 */
#ifndef CRM_SVG_H
#define CRM_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "html.h"

/* One series of a chart: a value per category (NAN: none). */
struct svg_series {
	const char *name;
	const double *values;
	const double *lo, *hi;		/* a band (lines), or NULL */
	const char *const *notes;	/* hover text per category, or NULL */
};

struct svg_chart {
	const char *title;		/* for screen readers, <title> */
	const char *x_label, *y_label;
	const char *const *categories;
	size_t ncategories;
	const struct svg_series *series;
	size_t nseries;
	int decimals;			/* values: see html_format_number */
	bool percent;			/* values are shares, shown as % */
	int width;			/* 0: 600 */
};

/* A series, and a chart or heat map with its titles; the rest zero. */
struct svg_series svg_series_of(const char *name, const double *values);
struct svg_chart svg_chart_of(const char *title, const char *x_label,
    const char *y_label, const char *const *categories, size_t n);

/* Horizontal bars, one group per category (labels on the left). */
void svg_bars(struct html *h, const struct svg_chart *c);
/* Vertical columns, one group per category (a histogram, a count). */
void svg_columns(struct html *h, const struct svg_chart *c);
/* Lines with a point per category, and the series' bands. */
void svg_lines(struct html *h, const struct svg_chart *c);

struct svg_heat {
	const char *title;
	const char *x_label, *y_label;
	const char *const *rows;	/* top to bottom */
	size_t nrows;
	const char *const *cols;	/* left to right */
	size_t ncols;
	const double *values;		/* nrows x ncols; NAN: empty cell */
	const char *const *notes;	/* hover text per cell, or NULL */
	double lo, hi;			/* the colour scale's ends */
	int decimals;
	bool percent;
	int width;			/* 0: 600 */
};

struct svg_heat svg_heat_of(const char *title, const char *x_label,
    const char *y_label, const char *const *rows, size_t nrows,
    const char *const *cols, size_t ncols, const double *values);
/* A grid of cells shaded by value, with the scale beside it. */
void svg_heatmap(struct html *h, const struct svg_heat *m);

/*
 * Round tick steps covering [lo, hi] with about n ticks (1, 2, 2.5 or 5
 * times a power of ten); *first and *step give ticks first + i step.
 */
void svg_ticks(double lo, double hi, int n, double *first, double *step,
    int *count);
/* The fill colour of t in [0, 1] on the sequential scale: "#rrggbb". */
void svg_shade(double t, char color[8]);
/* An estimate of the width of text at a font size (CJK is wider). */
double svg_text_width(const char *s, double font_size);

#endif
