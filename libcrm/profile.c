/* profile.c: reading a customer-master row for the follow-up rules. */
#include "profile.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "offers.h"
#include "table.h"
#include "text.h"
#include "util.h"

const char *const profile_column_names[NPROFILE_COLUMNS + 1] = {
	"customer_id", "owner", "level", "first_date", "p_alive", "churn_risk",
	"birthday", "claim_date", "won", "locked", "name", "phone", "email",
	"nps_class", "survey_date", "offer", NULL
};

const enum profile_column profile_contact_columns[PROFILE_NCONTACT] = {
	PROFILE_NAME, PROFILE_PHONE, PROFILE_EMAIL, PROFILE_OFFER
};

struct profile_reader {
	struct input *in;
	const char *date_format;
	char decimal;
	long column[NPROFILE_COLUMNS];
	long segment_column;
	struct table *seen;	/* customer ids read, -> record number */
	const struct offers *offers;	/* NULL: only an offer column */
	struct field offer;	/* the row's offer from them */
};

struct profile_reader *
profile_reader_new(struct input *in, const char *const spec[NPROFILE_COLUMNS],
    const char *segment_column, const struct common_options *common)
{
	struct profile_reader *pr = xcalloc(1, sizeof(*pr));
	const struct record *h = input_header(in);
	int c;

	pr->in = in;
	pr->date_format = common->date_format;
	pr->decimal = common->decimal;
	pr->seen = table_new(sizeof(unsigned long long));
	for (c = 0; c < NPROFILE_COLUMNS; c++)
		pr->column[c] = c == PROFILE_SURVEY_DATE && pr->column[
		    PROFILE_NPS_CLASS] == COLUMN_NONE ? COLUMN_NONE :
		    column_find(h, profile_column_names[c], spec[c],
		    c == PROFILE_ID);
	/* crm-rfm's own segment names RFM classes; tier is crm-segment's */
	if (segment_column != NULL)
		pr->segment_column = column_require(h, segment_column);
	else if ((pr->segment_column = column_find(h, "tier", NULL, false)) ==
	    COLUMN_NONE)
		pr->segment_column = column_find(h, "segment", NULL, false);
	return pr;
}

void
profile_reader_free(struct profile_reader *pr)
{
	table_free(pr->seen);
	free(pr);
}

void
profile_column_option(const char *spec[NPROFILE_COLUMNS], char *arg)
{
	char *eq = strchr(arg, '=');
	int name;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		die_usage("--column: '%s' is not NAME=COL", arg);
	*eq = '\0';	/* argv is ours to split */
	name = cli_choice("--column", arg, profile_column_names);
	spec[name] = eq + 1;
}

long
profile_column(const struct profile_reader *pr, enum profile_column c)
{
	return pr->column[c];
}

void
profile_reader_offers(struct profile_reader *pr, const struct offers *o)
{
	pr->offers = o;
}

bool
profile_has_contact(const struct profile_reader *pr, int i)
{
	return pr->column[profile_contact_columns[i]] != COLUMN_NONE ||
	    (i == PROFILE_CONTACT_OFFER && pr->offers != NULL);
}

/* The customer's offer from the offers, when its row has none. */
static const struct field *
offer_of(struct profile_reader *pr, const struct field *id,
    const struct field *own)
{
	const char *text;

	if ((own != NULL && own->len > 0) || pr->offers == NULL ||
	    (text = offers_of(pr->offers, id->s, id->len)) == NULL)
		return own;
	pr->offer.s = text;
	pr->offer.len = strlen(text);
	return &pr->offer;
}

bool
profile_has_owner(const struct profile *c)
{
	return c->owner != NULL && c->owner->len > 0;
}

static const struct field *
field_at(const struct record *rec, long col)
{
	return col == COLUMN_NONE ? NULL : &rec->fields[col];
}

/* An optional date column: *has false when absent or empty. */
static bool
read_date(struct profile_reader *pr, const struct record *rec,
    enum profile_column c, int32_t *day, bool *has)
{
	*has = false;
	if (pr->column[c] == COLUMN_NONE || rec->fields[pr->column[c]].len == 0)
		return true;
	if (!input_date(pr->in, rec, pr->column[c], pr->date_format, day))
		return false;
	*has = true;
	return true;
}

static bool
read_flag(struct profile_reader *pr, const struct record *rec,
    enum profile_column c, bool *out)
{
	const struct field *f = field_at(rec, pr->column[c]);
	int v = f ? text_yes_no(f->s, f->len) : 0;

	if (v < 0) {
		input_reject(pr->in, rec, "not yes or no (%s, '%.60s')",
		    input_header(pr->in)->fields[pr->column[c]].s, f->s);
		return false;
	}
	*out = v == 1;
	return true;
}

static bool
read_p_alive(struct profile_reader *pr, const struct record *rec,
    struct profile *c)
{
	long col = pr->column[PROFILE_P_ALIVE];

	c->has_p_alive = false;
	if (col == COLUMN_NONE || rec->fields[col].len == 0)
		return true;
	if (!input_number(pr->in, rec, col, pr->decimal, &c->p_alive))
		return false;
	c->has_p_alive = true;
	return true;
}

/* crm-churn's word for the highest risk, and the words of CRM exports. */
static bool
high_risk(const struct field *risk)
{
	return risk != NULL && (text_is(risk->s, risk->len, "high") ||
	    text_is(risk->s, risk->len, "高") ||
	    text_is(risk->s, risk->len, "高风险"));
}

/* crm-survey's class of an NPS score 0-6 (贬损者 in Chinese reports). */
static bool
detractor(const struct field *class)
{
	return class != NULL && (text_is(class->s, class->len, "detractor") ||
	    text_is(class->s, class->len, "贬损者"));
}

/* A customer id seen before is an error: it would be planned twice. */
static bool
first_time(struct profile_reader *pr, const struct record *rec)
{
	const struct field *id = &rec->fields[pr->column[PROFILE_ID]];
	unsigned long long *first;
	bool added;

	if (id->len == 0) {
		input_reject(pr->in, rec, "empty customer id");
		return false;
	}
	first = table_upsert(pr->seen, id->s, id->len, &added);
	if (!added) {
		input_reject(pr->in, rec, "customer '%.60s' repeated, first at "
		    "record %llu", id->s, *first);
		return false;
	}
	*first = rec->recno;
	return true;
}

bool
profile_read(struct profile_reader *pr, const struct record *rec,
    struct profile *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	if (!first_time(pr, rec))
		return false;
	c->id = &rec->fields[pr->column[PROFILE_ID]];
	c->owner = field_at(rec, pr->column[PROFILE_OWNER]);
	c->segment = field_at(rec, pr->segment_column);
	c->level = field_at(rec, pr->column[PROFILE_LEVEL]);
	for (i = 0; i < PROFILE_NCONTACT; i++)
		c->contact[i] = field_at(rec,
		    pr->column[profile_contact_columns[i]]);
	c->contact[PROFILE_CONTACT_OFFER] = offer_of(pr, c->id,
	    c->contact[PROFILE_CONTACT_OFFER]);
	c->high_risk = high_risk(field_at(rec, pr->column[PROFILE_RISK]));
	c->detractor = detractor(field_at(rec, pr->column[PROFILE_NPS_CLASS]));
	return read_date(pr, rec, PROFILE_FIRST, &c->first, &c->has_first) &&
	    read_date(pr, rec, PROFILE_BIRTHDAY, &c->birthday,
	    &c->has_birthday) &&
	    read_date(pr, rec, PROFILE_CLAIM, &c->claim, &c->has_claim) &&
	    read_date(pr, rec, PROFILE_SURVEY_DATE, &c->survey,
	    &c->has_survey) &&
	    read_p_alive(pr, rec, c) &&
	    read_flag(pr, rec, PROFILE_WON, &c->won) &&
	    read_flag(pr, rec, PROFILE_LOCKED, &c->locked);
}
