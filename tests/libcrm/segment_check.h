/*
 * segment_check.h: run one segmentation method (libcrm/segment) over a
 * small CSV as crm-segment does, without its output: define, bind, each
 * row, decide. The labels of the kept rows come back joined by commas, so
 * that a table of cases reads as input and expected labels side by side.
 * Unusable rows go to a rejects file (not stopping the test) and are
 * counted. Include after check.h; the functions are static inline so that
 * a test that does not use one gets no warning.
 */
#ifndef CRM_SEGMENT_CHECK_H
#define CRM_SEGMENT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "input.h"
#include "segment/segment.h"
#include "temp_files.h"
#include "util.h"

struct segment_check {
	char dir[1024];
	char data[1100], rejects[1100];
	struct common_options common;
};

/* A temporary directory, and the options every case shares. */
static inline void
segment_check_begin(struct segment_check *c, const char *name)
{
	make_temp_dir(c->dir, sizeof(c->dir), name);
	snprintf(c->data, sizeof(c->data), "%s/in.csv", c->dir);
	snprintf(c->rejects, sizeof(c->rejects), "%s/rejects.csv", c->dir);
	memset(&c->common, 0, sizeof(c->common));
	c->common.in.delimiter = ',';
	c->common.in.max_field = CSV_DEFAULT_MAX_FIELD;
	c->common.out.delimiter = ',';
	c->common.out.precision = -1;
	c->common.decimal = '.';
	c->common.as_of = days_from_civil(2024, 6, 30);
	c->common.as_of_given = true;
	c->common.rejects = c->rejects;
	c->common.quiet = true;
}

static inline void
segment_check_end(struct segment_check *c)
{
	rmdir(c->dir);
}

static inline void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) == EOF) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* label[i] joined by commas into buf[size]. */
static inline void
join_labels(const struct segment *s, const unsigned *class, size_t n,
    char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i ? "," : "", segment_class_label(&s->classes, class[i]));
}

/*
 * Method m with options o over csv: the kept rows' labels into
 * labels[size]; returns the number of rows rejected.
 */
static inline unsigned long long
segment_labels(struct segment_check *c, const struct segment_method *m,
    const struct segment_options *o, const char *csv, char *labels,
    size_t size)
{
	char *files[] = { c->data };
	struct segment s;
	struct input *in;
	const struct record *rec;
	unsigned *class = NULL;
	size_t n = 0, cap = 0;
	unsigned long long rejected;

	write_text(c->data, csv);
	segment_begin(&s, m, o, &c->common);
	in = input_open(&c->common, files, 1);
	segment_bind(&s, in);
	while ((rec = input_next(in)) != NULL) {
		class = segment_grow(class, &cap, n, sizeof(*class));
		if (m->row(&s, rec, n, &class[n]))
			n++;
	}
	segment_decide(&s, class, n);
	join_labels(&s, class, n, labels, size);
	rejected = input_rejected(in);
	segment_end(&s);
	input_close(in);
	free(class);
	unlink(c->data);
	unlink(c->rejects);
	return rejected;
}

/* Method m over csv labels the kept rows want and rejects `rejected`. */
static inline void
check_labels(struct segment_check *c, const struct segment_method *m,
    const struct segment_options *o, const char *csv, const char *want,
    unsigned long long rejected, const char *what)
{
	char got[1024];
	unsigned long long n = segment_labels(c, m, o, csv, got, sizeof(got));

	CHECK_STR(got, want, "%s: %s", m->option, what);
	CHECK(n == rejected, "%s: %s: %llu rejected", m->option, what,
	    rejected);
}

#endif
