/*
 * profile.h: a customer as the follow-up rules see it, read from a row of
 * the customer master (the end of the daily pipeline, or any export):
 * id, owner, segment, level, first purchase, p_alive, churn risk,
 * birthday, claim date, won, locked, the contact details, the latest
 * NPS class and its date (crm-survey --per-customer), and what to offer
 * (an offer column, or crm-recommend's lists through offers.h).
 *
 * Columns are found through the alias table (columns.h) or named by the
 * user; all but the id are optional and may be empty, since customers
 * without orders come out of crm-join --left with empty analytics
 * columns. A row that cannot be used (a bad date, p_alive or yes/no
 * value, an empty or repeated id) is rejected through input.h.
 */
#ifndef CRM_PROFILE_H
#define CRM_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "input.h"

enum profile_column {
	PROFILE_ID, PROFILE_OWNER, PROFILE_LEVEL, PROFILE_FIRST,
	PROFILE_P_ALIVE, PROFILE_RISK, PROFILE_BIRTHDAY, PROFILE_CLAIM,
	PROFILE_WON, PROFILE_LOCKED, PROFILE_NAME, PROFILE_PHONE,
	PROFILE_EMAIL, PROFILE_NPS_CLASS, PROFILE_SURVEY_DATE, PROFILE_OFFER,
	NPROFILE_COLUMNS
};

/* The canonical names, for --column NAME=COL; NULL-ended. */
extern const char *const profile_column_names[NPROFILE_COLUMNS + 1];

/* The contact details a follow-up list shows, in this order. */
enum { PROFILE_NCONTACT = 4, PROFILE_CONTACT_OFFER = 3 };
extern const enum profile_column profile_contact_columns[PROFILE_NCONTACT];

/* Fields point into the row just read: valid until the next one. */
struct profile {
	const struct field *id;
	const struct field *owner, *segment, *level;	/* NULL: no column */
	const struct field *contact[PROFILE_NCONTACT];	/* NULL: no column */
	int32_t first, birthday, claim, survey;
	double p_alive;
	bool has_first, has_birthday, has_claim, has_p_alive;
	bool detractor, has_survey;	/* the latest NPS answer, its day */
	bool high_risk, won, locked;
};

struct profile_reader;
struct offers;

/* --column NAME=COL: spec[NAME] = COL (argv is split in place). */
void profile_column_option(const char *spec[NPROFILE_COLUMNS], char *arg);

/*
 * Bind the columns of in's header: spec[c] names column c (NULL: the
 * alias table); segment_column the column the policy's contact rules
 * match (NULL: tier if the input has one, else segment).
 */
struct profile_reader *profile_reader_new(struct input *in,
    const char *const spec[NPROFILE_COLUMNS], const char *segment_column,
    const struct common_options *common);
void profile_reader_free(struct profile_reader *pr);

/* The column of c in the input, or COLUMN_NONE. */
long profile_column(const struct profile_reader *pr, enum profile_column c);

/*
 * Offers for the customers whose row has no offer of its own (o may be
 * NULL); o must outlive the reader's profiles.
 */
void profile_reader_offers(struct profile_reader *pr,
    const struct offers *o);
/* Is contact detail i (profile_contact_columns) there to show? */
bool profile_has_contact(const struct profile_reader *pr, int i);

/* Read rec into *c; false when the row was rejected. */
bool profile_read(struct profile_reader *pr, const struct record *rec,
    struct profile *c);

/* Has an owner (an empty owner is the public pool). */
bool profile_has_owner(const struct profile *c);

#endif
