/*
 * report.h: the sections of crm-report's HTML report and profile pages.
 *
 * Each section reads the file one crm tool wrote (checking that it has
 * the columns that tool writes, else an error naming them), aggregates
 * what its charts need (memory grows with customers at most) and draws
 * them with svg.h into the page. Labels come in English or Chinese.
 */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "html.h"
#include "reader.h"

/* The words of the page, in each language. */
enum label {
	L_TITLE, L_AS_OF, L_OVERVIEW, L_CUSTOMERS, L_REVENUE, L_MEAN_P_ALIVE,
	L_EXPECTED, L_TOTAL_CLV, L_FOLLOWUPS_TODAY,
	L_SEGMENTS, L_SEGMENTS_NOTE, L_SEGMENT, L_TIERS, L_TIER,
	L_SHARE_CUSTOMERS, L_SHARE_VALUE, L_SHARE,
	L_RF, L_RF_NOTE, L_R_SCORE, L_F_SCORE,
	L_RISK, L_RISK_NOTE, L_CHURN_RISK,
	L_ALIVE, L_ALIVE_NOTE, L_FREQUENCY_X, L_RECENCY_TX, L_P_ALIVE,
	L_CLV, L_CLV_NOTE, L_CLV_AXIS, L_MEAN, L_MEDIAN, L_P90, L_TOTAL,
	L_RETENTION, L_RETENTION_NOTE, L_COHORT, L_PERIODS_SINCE,
	L_REPEAT_RATE, L_MEDIAN_DAYS,
	L_CALIBRATION, L_CALIBRATION_NOTE, L_X_CALIBRATION, L_HOLDOUT_MEAN,
	L_ACTUAL, L_PREDICTED, L_MAE, L_AUC,
	L_LOAD, L_LOAD_NOTE, L_OWNER, L_DAY, L_TASKS, L_REASONS, L_REASON,
	L_NUMBERS, L_COUNT, L_VALUE, L_NO_OWNER,
	L_PROFILES_TITLE, L_WHY, L_CONTACTS, L_LAST_CONTACTS, L_OPEN_TICKETS,
	L_NONE, L_OFFERS, L_SURVEY, L_LIFECYCLE, L_RFM, L_EXPECTED_SHORT,
	L_CHANNEL, L_OVERDUE, L_PRIORITY, L_FOOTER, L_RECENCY_DAYS,
	L_PURCHASES, L_MONETARY, L_NPS, L_NPS_NOTE, L_FEEDBACK,
	L_FEEDBACK_NOTE, L_TICKETS, L_OPEN, L_MISSED, L_RESOLVE_TIME, L_HOURS,
	NLABELS
};

struct customer_stats;

struct report {
	struct html *h;
	const struct common_options *common;
	bool zh;
	struct customer_stats *stats;	/* of the per-customer files */
	long followups_today;		/* -1: no follow-up list */
};

const char *report_label(const struct report *r, enum label id);
/*
 * A code of the tools (winback, high ...) or the name of a grouping
 * column (month) in words, or the code itself.
 */
const char *report_word(const struct report *r, const char *code);

/* The page around the sections. */
void report_begin(struct report *r, const char *title);
void report_end(struct report *r);
/* A section's card: heading and a line saying how to read it. */
void report_card_begin(struct report *r, enum label title, enum label note);
void report_card_end(struct report *r);
/* The overview's figures, one card each. */
void report_figure(struct report *r, enum label name, const char *value);

/*
 * A CSV file read whole (small outputs: summaries, cohorts, a day's
 * list), and its columns by name.
 */
struct csv_table {
	struct record header;
	struct record *rows;
	size_t nrows;
	struct arena *text;
	const char *file;
};

void csv_table_read(struct csv_table *t, const struct common_options *c,
    const char *file);
void csv_table_free(struct csv_table *t);
/* The column named name, or -1. */
long csv_table_column(const struct csv_table *t, const char *name);
/*
 * The columns named in names (NULL-ended) into cols; a missing one is an
 * error: "FILE: not WHAT: expected columns A, B, C (the header is ...)".
 */
void report_require(const struct record *header, const char *file,
    const char *what, const char *const *names, long *cols);
/* A number cell; an empty or bad one is NAN. */
double report_number(const struct field *f);

/*
 * Per-customer files (crm-rfm, crm-churn, crm-clv output, or a pipeline's
 * file with all their columns): read into r->stats, each part from the
 * first file that has it; then the overview figures and their sections.
 */
enum customer_kind { FROM_RFM, FROM_CHURN, FROM_CLV, FROM_PIPELINE };
void report_read_customers(struct report *r, const char *file,
    enum customer_kind kind);
void report_overview(struct report *r);
void report_customer_sections(struct report *r);
void report_free(struct report *r);

/* Sections from the other tools' files, drawn as they are read. */
void report_segment_summary(struct report *r, const char *file);
void report_retention(struct report *r, const char *file);
void report_calibration(struct report *r, const char *file);
void report_nps(struct report *r, const char *file);
void report_feedback(struct report *r, const char *file);
/* The day's list (crm-schedule): checked, counted for the overview. */
void report_check_followups(struct report *r, const struct csv_table *t);
void report_load(struct report *r, const struct csv_table *t);

/* Profile pages: one per owner of the day's list, into dir. */
struct profile_inputs {
	const char *followups, *customers, *contacts, *tickets, *offers;
	const char *survey;
	const char *dir;
};
void report_profiles(const struct report *r,
    const struct profile_inputs *in);

#endif
