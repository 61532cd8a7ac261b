/*
 * txn.h: transactions in, one summary per customer out.
 *
 * Reads order exports (customer id, order date, amount, optional order id,
 * or quantity x price) and keeps per-customer state in memory that grows
 * with customers and their distinct purchase days, never with rows. The
 * summary is the RFM and BTYD one that crm-rfm prints and crm-churn and
 * crm-clv fit their models to:
 *
 *  - A purchase is a row with amount >= 0; a negative amount is a return,
 *    which reduces monetary and is not a purchase occasion.
 *  - Purchases of one customer on one day are one purchase occasion
 *    (BTYD convention): x = distinct purchase days - 1 in the calibration
 *    window, t_x = last - first purchase day, T = as-of - first purchase
 *    day, both in the chosen unit.
 *  - The calibration window ends on the as-of day, inclusive; an optional
 *    holdout window runs from the day after to holdout_end, inclusive.
 */
#ifndef CRM_TXN_H
#define CRM_TXN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "date.h"
#include "input.h"
#include "num.h"

enum frequency_mode { FREQUENCY_AUTO, FREQUENCY_ORDERS, FREQUENCY_DAYS,
	FREQUENCY_ROWS };
enum returns_mode { RETURNS_NET, RETURNS_IGNORE, RETURNS_REJECT };

#define NO_HOLDOUT INT32_MIN

struct txn_options {
	const char *id_column, *date_column, *amount_column, *order_column;
	const char *quantity_column, *price_column;
	int32_t holdout_end;		/* NO_HOLDOUT: none */
	enum frequency_mode frequency;
	enum returns_mode returns;
	double unit_days;		/* days in one unit of t_x and T */
	bool unit_given;		/* by --unit, not the default weeks */
	bool no_amount;			/* --amount none: a log of dates */
	int32_t period_days;		/* > 0: purchase-rhythm statistics */
};

/*
 * A customer's summary, compact (a million customers are 64 MB); the
 * values derived from it are the functions below.
 */
struct customer_summary {
	const char *id;
	uint32_t id_len;
	int32_t first_day, last_day;	/* first and last purchase */
	uint32_t frequency;		/* orders, days or rows */
	uint32_t x;			/* repeat purchase days */
	uint32_t x_holdout;		/* purchase days in the holdout */
	money_t monetary;		/* net of returns */
	money_t repeat_avg;		/* mean value of a repeat day, 0 if x=0 */
	money_t value_holdout;		/* net value in the holdout */
	/* With period_days: the customer's purchase rhythm. */
	float median_gap_days;		/* between purchase days; 0 if x=0 */
	uint16_t recent_days;		/* purchase days in the last period */
	uint16_t previous_days;		/* ... in the period before it */
};

struct writer;

struct txn_summary {
	struct customer_summary *customers;	/* first-appearance order */
	size_t count;
	int32_t as_of;
	double unit_days;
	bool has_amount;		/* else the money columns are left out */
	bool has_holdout;
	double duration_holdout;	/* holdout length in units */
	enum frequency_mode frequency;	/* as resolved */
	struct table *tables[4];	/* own the id strings */
	int ntables;
};

/*
 * The options of every tool that reads transactions, parsed in one place:
 * put TXN_LONGOPTS in the tool's option table and TXN_USAGE in its usage
 * text, start from txn_options_init(), and offer each option to
 * txn_option() before the tool's own.
 */
enum {
	TXN_OPT_ID = 0x800, TXN_OPT_DATE, TXN_OPT_AMOUNT, TXN_OPT_ORDER,
	TXN_OPT_QUANTITY, TXN_OPT_PRICE, TXN_OPT_HOLDOUT_END,
	TXN_OPT_FREQUENCY, TXN_OPT_UNIT, TXN_OPT_RETURNS
};

#define TXN_LONGOPTS \
	{ "id", required_argument, NULL, TXN_OPT_ID }, \
	{ "date", required_argument, NULL, TXN_OPT_DATE }, \
	{ "amount", required_argument, NULL, TXN_OPT_AMOUNT }, \
	{ "order", required_argument, NULL, TXN_OPT_ORDER }, \
	{ "quantity", required_argument, NULL, TXN_OPT_QUANTITY }, \
	{ "price", required_argument, NULL, TXN_OPT_PRICE }, \
	{ "holdout-end", required_argument, NULL, TXN_OPT_HOLDOUT_END }, \
	{ "frequency", required_argument, NULL, TXN_OPT_FREQUENCY }, \
	{ "unit", required_argument, NULL, TXN_OPT_UNIT }, \
	{ "returns", required_argument, NULL, TXN_OPT_RETURNS }

#define TXN_USAGE \
	"      --id COL             customer id column (default: customer_id" \
	" or alias)\n" \
	"      --date COL           order date column (default: order_date)\n" \
	"      --amount COL         amount column (default: amount); none:" \
	" the input is\n" \
	"                           a log of customers and dates, without" \
	" money\n" \
	"      --order COL          order id column (default: order_id, if" \
	" present)\n" \
	"      --quantity COL       with --price: amount is quantity x price\n" \
	"      --price COL          unit price column\n" \
	"      --holdout-end DATE   add x_holdout, value_holdout and" \
	" duration_holdout\n" \
	"                           for the days after --as-of up to DATE\n" \
	"      --frequency WHAT     frequency counts orders, days or rows" \
	" (default:\n" \
	"                           orders with an order id column, else" \
	" days)\n" \
	"      --unit UNIT          unit of t_x and T: days, weeks or months" \
	" (weeks)\n" \
	"      --returns HOW        negative amounts: net, ignore or reject" \
	" (net)\n"

void txn_options_init(struct txn_options *opt);
/* Handle opt (a TXN_OPT_* id) with its argument; false if not one. */
bool txn_option(struct txn_options *opt, int id, const char *arg);

/*
 * The columns of a transactions file: id, date, and amount or quantity and
 * price (COLUMN_NONE when not used), and order id when present. A tool
 * that reads transactions in its own way finds them here, and parses a
 * row's day and amount with the functions below, so that every tool
 * accepts the same rows and rejects the others for the same reasons.
 */
struct txn_columns {
	long id, date, amount, order, quantity, price;
};

/* Find the columns in header; a missing one is an error. */
void txn_find_columns(const struct record *header,
    const struct txn_options *opt, struct txn_columns *col);
/*
 * The row's amount (quantity x price without an amount column; 0 with
 * --amount none, which finds no amount columns) and its day (format NULL:
 * the usual forms; memo: the calling thread's last date); false with the
 * reason for rejecting the row in reason[0..size).
 */
bool txn_parse_amount(const struct txn_columns *col,
    const struct record *header, const struct record *rec, char decimal,
    money_t *amount, char *reason, size_t size);
bool txn_parse_day(const struct txn_columns *col, const struct record *header,
    const struct record *rec, const char *format, struct date_memo *memo,
    int32_t *day, char *reason, size_t size);

/* Days from the last purchase, and from the first, to the as-of day. */
int32_t txn_recency_days(const struct txn_summary *s,
    const struct customer_summary *c);
int32_t txn_tenure_days(const struct txn_summary *s,
    const struct customer_summary *c);
/* monetary / frequency, to 1/10,000. */
money_t txn_avg_value(const struct customer_summary *c);
/* The BTYD t_x and T in units. */
double txn_t_x(const struct txn_summary *s, const struct customer_summary *c);
double txn_T(const struct txn_summary *s, const struct customer_summary *c);

/* Read files (or stdin) and summarize per customer as of opt->as_of. */
struct txn_summary *txn_summarize(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles);
/* The same from an input already open (the caller closes it). */
struct txn_summary *txn_summarize_input(const struct common_options *common,
    const struct txn_options *opt, struct input *in);
void txn_summary_free(struct txn_summary *s);

/*
 * What a customer's summary is computed from, wherever it was kept: the
 * state txn.c builds while reading, or states merged (txnstate.h).
 */
struct txn_facts {
	int32_t first_day, last_day;	/* calibration purchases */
	uint32_t days, days_holdout;	/* distinct purchase days, by window */
	uint32_t orders;		/* distinct order ids (hashed) */
	uint32_t purchase_rows;
	money_t monetary;		/* net, calibration */
	money_t gross;			/* purchases, calibration */
	money_t first_day_gross;	/* purchases on first_day */
	money_t value_holdout;
	const int32_t *calibration_days;	/* sorted; with period_days */
};

/* Every field of out but the id, from f (frequency as resolved). */
void txn_summarize_facts(const struct txn_facts *f,
    enum frequency_mode frequency, int32_t as_of, int32_t period_days,
    struct customer_summary *out);

/*
 * A customer's mergeable state: everything its rows add to the summary,
 * kept so that two customers' states of disjoint days add up exactly.
 */
struct txn_export {
	const char *id;
	size_t id_len;
	int32_t rows_from, rows_to;	/* days of its first and last row used */
	uint32_t purchase_rows;		/* calibration */
	money_t monetary, gross, first_day_gross, value_holdout;
	const int32_t *days;		/* purchase days, both windows, sorted */
	size_t ndays;
	const uint64_t *orders;		/* order id hashes, sorted */
	size_t norders;			/* (with --frequency orders) */
};

struct txn_exported {
	enum frequency_mode frequency;	/* as resolved */
	unsigned long long late_rows;	/* after the window, not used */
};

/*
 * Called with c NULL first, to write the header on out; then once per
 * customer, on the writer of one of several threads formatting at once
 * (emit.h): it writes only to the writer it is given.
 */
typedef void txn_export_fn(void *ctx, struct writer *w,
    const struct txn_exported *info, const struct txn_export *c);

/*
 * Read files as txn_summarize() does, and hand each customer with a row
 * used to fn, in order of first appearance: those with only returns or
 * only holdout purchases too, since another state may complete them.
 * What fn writes reaches out in that order.
 */
void txn_export(const struct common_options *common,
    const struct txn_options *opt, char **files, size_t nfiles,
    struct writer *out, txn_export_fn *fn, void *ctx);

/*
 * The summary columns, as crm-rfm prints them and crm-churn and crm-clv
 * read them: customer_id ... repeat_avg, then x_holdout, value_holdout
 * and duration_holdout when there is a holdout window; t_x, T and
 * duration_holdout named for their unit (units.h).
 */
void txn_write_header(struct writer *w, const struct txn_summary *s);
void txn_write_customer(struct writer *w, const struct txn_summary *s,
    const struct customer_summary *c);


#endif
