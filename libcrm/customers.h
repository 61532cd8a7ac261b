/*
 * customers.h: the customers a model is fitted to and scored on.
 *
 * crm-churn and crm-clv read either a per-customer summary (crm-rfm's
 * output, or any CSV with x, t_x and T) or raw transactions, which are
 * summarized through txn.h exactly as crm-rfm does. The columns the models
 * need are kept as arrays; the rows themselves are set aside (spooled to
 * a temporary file) and written back out with the tool's own columns
 * appended, so the tools are filters that keep every input column.
 */
#ifndef CRM_CUSTOMERS_H
#define CRM_CUSTOMERS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "txn.h"
#include "writer.h"

struct customers_options {
	struct txn_options txn;		/* how transactions are summarized */
	const char *x_column, *t_x_column, *T_column;
	bool need_repeat_avg;		/* crm-clv: the spend model input */
	bool need_transactions;		/* rules that need purchase days */
};

struct customers {
	size_t n;
	double unit_days;		/* of t_x and T (units.h) */
	double *x, *t_x, *T;
	double *x_holdout;		/* NULL without holdout columns */
	double *duration_holdout;	/* NULL when unknown */
	double *repeat_avg;		/* NULL unless needed */
	struct txn_summary *txn;	/* set when read from transactions */
	struct replay *replay;		/* summary rows set aside */
};

/*
 * An input opened and recognized: a summary, whose time unit its columns
 * name (t_x, T: weeks; t_x_days ...: units.h) or --unit gives, or
 * transactions, summarized in --unit. Read it whole or stream it.
 */
struct customers_input;

struct customers_input *customers_open(const struct common_options *common,
    const struct customers_options *opt, char **files, size_t nfiles);
/* Days in one unit of the input's t_x and T. */
double customers_unit_days(const struct customers_input *ci);
/* Stop unless a model saved in path in that unit fits the input. */
void customers_check_unit(const struct customers_input *ci, const char *path,
    double model_unit_days);
/* Read the customers (unusable rows rejected as usual); closes ci. */
struct customers *customers_read(struct customers_input *ci);
void customers_free(struct customers *c);

/*
 * The input columns, for the tool to append its own: the header, then the
 * rows in order (customers_write_row(c, w, 0), (c, w, 1), ...). The caller
 * ends each with writer_end().
 */
void customers_write_header(struct customers *c, struct writer *w);
void customers_write_row(struct customers *c, struct writer *w, size_t i);

/* Writes the tool's own fields for customer i of c, after its input's. */
typedef void customers_row_fn(void *ctx, struct writer *w,
    const struct customers *c, size_t i);

/*
 * The header (the input's columns, then columns, NULL-ended) and every
 * customer: its input columns, then row()'s fields.
 */
void customers_write_all(struct customers *c, struct writer *w,
    const char *const *columns, customers_row_fn *row, void *ctx);

/*
 * The same without keeping the customers, for scoring with a saved model:
 * a summary is read, scored (on all cores) and written to the -o output a
 * batch of rows at a time (memory for one batch, and a pipe flows);
 * transactions are summarized first.
 */
void customers_stream(struct customers_input *ci,
    const char *const *columns, customers_row_fn *row, void *ctx);

#endif
