/*
 * summary.h: figures of some columns over groups of rows, one CSV row a
 * group: the group's label, count and share of the rows, then for each
 * column NAME_sum, NAME_mean and NAME_median. crm-segment --summary gives
 * one row per segment this way; any tool that reports by group can too.
 *
 * Rows are added as they are read, and which group each belongs to is
 * given at the end, when it may first be known (a tier needs every row).
 * Empty cells are left out of a column's figures; a group with none has
 * sum 0 and no mean or median. A column whose every value read is an
 * exact amount (at most four decimals, num.h) is summed in money, so its
 * sums never drift (0.1 + 0.2 is 0.3); in a group where such a sum or
 * median is out of money's range, and in other columns, the figures are
 * doubles.
 */
#ifndef CRM_SUMMARY_H
#define CRM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "writer.h"

struct summary;

struct summary *summary_open(void);
/* Column col of header, named as there; a column added twice is one. */
void summary_add_column(struct summary *s, const struct record *header,
    long col);
size_t summary_columns(const struct summary *s);

/*
 * The columns' values of rec as the next row; false, with rec rejected
 * through in, when a cell is neither empty nor a number.
 */
bool summary_add_row(struct summary *s, struct input *in,
    const struct record *rec, char decimal);
size_t summary_rows(const struct summary *s);

/*
 * The header (name, count, share, figures), then one row for each group
 * 0..ngroups-1 in order, labelled label[g]; row i is in group[i].
 */
void summary_write(const struct summary *s, struct writer *w,
    const char *name, char *const *label, size_t ngroups,
    const unsigned *group);

void summary_close(struct summary *s);

#endif
