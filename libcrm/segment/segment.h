/*
 * segment.h: the segmentation methods of crm-segment, behind one interface.
 *
 * A method sorts each row of a per-customer CSV into a class: a tier, a
 * quadrant, a stage, the rule that matched, a cluster. Classes with the
 * same label are one segment (--labels may give two classes one label).
 * Every method is four steps, which the tool runs in this order:
 *
 *	define	what the command line alone says: the classes, and usage
 *		errors (exit 2) before any input is read;
 *	bind	the method's columns in the header;
 *	row	one row: its class at once (one-pass methods), or what the
 *		method needs of it kept as row number `row` (two-pass
 *		methods); false when the row was rejected (input.h);
 *	decide	two-pass methods only: the class of every kept row, once
 *		all are read (a quantile, a median, clusters).
 *
 * The modules of libcrm/segment/, one job each:
 *
 *	segment.c	the classes and their labels, the steps shared by all
 *	tiers.c		value tiers by share of customers or of value,
 *			and ABC classes by cumulative share of value
 *	quadrant.c	two measures, each high or low against a split
 *	lifecycle.c	potential, new, active, silent or lost from dates
 *	rules.c		ordered rules in expr.h's condition language
 *	kmeans.c	k-means clusters of z-scores (model/kmeans.c), and
 *			the centroids file
 *
 * The per-segment figures of --summary are libcrm/summary.c, which does
 * not depend on any of these.
 */
#ifndef CRM_SEGMENT_H
#define CRM_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "input.h"

enum segment_lang { SEGMENT_EN, SEGMENT_ZH };

/* A rule as written: on the command line, or a line of a file. */
struct segment_rule {
	const char *text;
	char *owned;		/* text read from a file, to free */
	const char *file;	/* NULL: --rule */
	unsigned long number;	/* the line in file, or the rule's place */
};

#define SEGMENT_AUTO_K 0	/* --kmeans auto */

/* The command line of every method; each reads its own part. */
struct segment_options {
	const char *name;	/* the column added */
	const char *labels;	/* --labels L1,L2,..., or NULL */
	enum segment_lang lang;
	struct {		/* --tiers COL=SPEC, --abc COL=CUTS */
		char *column;
		const char *spec;
		bool by_value;
	} tiers;
	struct {		/* --quadrant X,Y */
		const char *axes, *at;
	} quadrant;
	struct {		/* --lifecycle */
		long new_days, silent_days, lost_days;
		double lost_p_alive;
		const char *first_date, *last_date;
	} lifecycle;
	struct {		/* --rule, --rules */
		struct segment_rule *rule;
		size_t n;
		const char *default_label;
	} rules;
	struct {		/* --kmeans K */
		int k;		/* SEGMENT_AUTO_K: --kmeans auto */
		const char *cols, *centroids;
		bool log;
		unsigned long seed;
		int restarts;
	} kmeans;
};

/* Rule text, from file at line, or from --rule (file NULL). */
void segment_add_rule(struct segment_options *o, const char *text,
    const char *file, unsigned long line);
/* The rules of a file, one a line; blank lines and # comments skipped. */
void segment_read_rules(struct segment_options *o, const char *path);

/* The defaults of the options above (name "segment"). */
void segment_options_init(struct segment_options *o);
void segment_options_free(struct segment_options *o);

struct segment_classes {
	char **label;		/* each segment's label, in order */
	size_t count;		/* segments */
	unsigned *of_class;	/* the segment of each class */
	size_t nclasses;
};

struct segment_method;

/* One method at work on one input. */
struct segment {
	const struct segment_method *method;
	const struct segment_options *opt;
	const struct common_options *common;
	struct input *in;
	const struct record *header;
	struct segment_classes classes;
	long *cols;		/* the method's columns, for --summary */
	size_t ncols;
	void *state;		/* the method's own */
};

struct segment_method {
	const char *option;	/* "--tiers": for messages */
	bool two_pass;
	void (*define)(struct segment *s);
	void (*bind)(struct segment *s);
	bool (*row)(struct segment *s, const struct record *rec, size_t row,
	    unsigned *class);
	void (*decide)(struct segment *s, unsigned *class, size_t nrows);
	/* After the output: files of the method's own (may be NULL). */
	void (*finish)(struct segment *s);
	void (*free)(struct segment *s);
};

extern const struct segment_method segment_tiers, segment_abc,
    segment_quadrant, segment_lifecycle, segment_rules, segment_kmeans;

/* Define method m: its classes, or a usage error. */
void segment_begin(struct segment *s, const struct segment_method *m,
    const struct segment_options *o, const struct common_options *common);
/* Bind it to the header of in. */
void segment_bind(struct segment *s, struct input *in);
/* Label the kept rows of a two-pass method (nothing for the others). */
void segment_decide(struct segment *s, unsigned *class, size_t nrows);
/* The method's own files, then free everything but the input. */
void segment_end(struct segment *s);

/*
 * Classes for names[0..n), or for the labels of --labels instead, which
 * must then be n non-empty ones.
 */
void segment_define_classes(struct segment *s, const char *const *names,
    size_t n);
/* A class labelled label: a new segment unless one has that label. */
unsigned segment_add_class(struct segment_classes *c, const char *label);
const char *segment_class_label(const struct segment_classes *c,
    unsigned class);

/* The method's columns: those of a comma-separated list, or one. */
void segment_require_columns(struct segment *s, const char *list);
void segment_require_column(struct segment *s, const char *spec);
/*
 * Reject rec for a negative value in col, which option does not take;
 * false, to return.
 */
bool segment_reject_negative(struct segment *s, const struct record *rec,
    long col, const char *option);
/*
 * rows (*cap rows of row_size bytes each) with room for row number row:
 * the same array, or a larger one and a larger *cap.
 */
void *segment_grow(void *rows, size_t *cap, size_t row, size_t row_size);

#endif
