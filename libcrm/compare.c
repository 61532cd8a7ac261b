/* compare.c: normalization and agreement levels by kind of field. */
#include "compare.h"

#include <string.h>

#include "date.h"
#include "strsim.h"

static const struct kind_info kinds[NKINDS] = {
	[KIND_NAME] = { "name", 6, { "null", "different", "similar", "close",
	    "reordered", "exact" } },
	[KIND_PHONE] = { "phone", 4, { "null", "different", "typo",
	    "exact" } },
	[KIND_EMAIL] = { "email", 4, { "null", "different", "close",
	    "exact" } },
	[KIND_COMPANY] = { "company", 4, { "null", "different", "similar",
	    "exact" } },
	[KIND_ADDRESS] = { "address", 5, { "null", "different", "overlap",
	    "close", "exact" } },
	[KIND_POSTCODE] = { "postcode", 4, { "null", "different", "typo",
	    "exact" } },
	[KIND_CITY] = { "city", 3, { "null", "different", "exact" } },
	[KIND_DATE] = { "birthday", 5, { "null", "different", "year",
	    "typo", "exact" } },
	[KIND_TEXT] = { "text", 4, { "null", "different", "close",
	    "exact" } },
};

const struct kind_info *
kind_info(enum field_kind kind)
{
	return &kinds[kind];
}

int
kind_lookup(const char *name)
{
	int k;

	for (k = 0; k < NKINDS; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

/* A date as YYYY-MM-DD when it is one, else its folded text. */
static void
norm_date(const char *s, size_t len, struct textbuf *out)
{
	char iso[DATE_BUFSIZE];
	int32_t day;

	norm_fold(s, len, out);
	if (date_parse(out->s, out->len, NULL, &day) == DATE_OK)
		norm_fold(iso, date_format(day, iso), out);
}

enum validity
normalize_value(enum field_kind kind, const char *s, size_t len,
    struct textbuf *out, struct textbuf *suggestion)
{
	if (kind != KIND_EMAIL)
		norm_fold("", 0, suggestion);	/* no suggestion */
	switch (kind) {
	case KIND_PHONE: return norm_phone(s, len, out);
	case KIND_EMAIL: return norm_email(s, len, out, suggestion);
	case KIND_NAME: norm_name(s, len, out); break;
	case KIND_COMPANY: norm_company(s, len, out); break;
	case KIND_ADDRESS: norm_address(s, len, out); break;
	case KIND_POSTCODE: norm_postcode(s, len, out); break;
	case KIND_CITY: norm_city(s, len, out); break;
	case KIND_DATE: norm_date(s, len, out); break;
	default: norm_words(s, len, out); break;
	}
	return out->len > 0 ? VALID_YES : VALID_EMPTY;
}

void
compared_set(struct compared *c, const char *s, size_t len)
{
	c->s = s;
	c->len = len;
	c->ncp = utf8_decode(s, len, c->cp, COMPARED_MAX);
}

static bool
equal(const struct compared *a, const struct compared *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static double
jw(const struct compared *a, const struct compared *b)
{
	return jaro_winkler(a->cp, a->ncp, b->cp, b->ncp);
}

static int
osa(const struct compared *a, const struct compared *b, int max)
{
	return osa_distance(a->cp, a->ncp, b->cp, b->ncp, max);
}

static double
overlap(const struct compared *a, const struct compared *b)
{
	return token_overlap(a->s, a->len, b->s, b->len);
}

static int
name_level(const struct compared *a, const struct compared *b)
{
	if (equal(a, b))
		return 5;
	if (overlap(a, b) == 1)
		return 4;	/* the same words in another order */
	if (jw(a, b) >= 0.92 || (a->ncp >= 2 && b->ncp >= 2 &&
	    osa(a, b, 1) <= 1))
		return 3;
	return jw(a, b) >= 0.8 ? 2 : 1;
}

static int
email_level(const struct compared *a, const struct compared *b)
{
	const char *at_a = memchr(a->s, '@', a->len);
	const char *at_b = memchr(b->s, '@', b->len);

	if (equal(a, b))
		return 3;
	if (at_a && at_b && at_a - a->s == at_b - b->s && at_a > a->s &&
	    memcmp(a->s, b->s, (size_t)(at_a - a->s)) == 0)
		return 2;	/* the same mailbox name at another domain */
	return osa(a, b, 2) <= 2 || jw(a, b) >= 0.95 ? 2 : 1;
}

/* Dates: equal; one slip (a digit, or day and month swapped); a year. */
static int
date_level(const struct compared *a, const struct compared *b)
{
	int32_t da, db;
	bool dates;

	if (equal(a, b))
		return 4;
	dates = date_parse(a->s, a->len, NULL, &da) == DATE_OK &&
	    date_parse(b->s, b->len, NULL, &db) == DATE_OK;
	if (osa(a, b, 1) <= 1 || (dates && a->len == 10 && b->len == 10 &&
	    memcmp(a->s, b->s, 5) == 0 && memcmp(a->s + 5, b->s + 8, 2) == 0 &&
	    memcmp(a->s + 8, b->s + 5, 2) == 0))
		return 3;
	return dates && (da - db <= 366 && db - da <= 366) ? 2 : 1;
}

int
compare_level(enum field_kind kind, const struct compared *a,
    const struct compared *b)
{
	switch (kind) {
	case KIND_NAME:
		return name_level(a, b);
	case KIND_PHONE:
	case KIND_POSTCODE:
		return equal(a, b) ? 3 : osa(a, b, 1) <= 1 ? 2 : 1;
	case KIND_EMAIL:
		return email_level(a, b);
	case KIND_COMPANY:
		if (equal(a, b))
			return 3;
		return overlap(a, b) >= 0.5 || jw(a, b) >= 0.9 ? 2 : 1;
	case KIND_ADDRESS:
		if (equal(a, b))
			return 4;
		if (overlap(a, b) >= 0.6 || jw(a, b) >= 0.95)
			return 3;
		return overlap(a, b) >= 0.3 ? 2 : 1;
	case KIND_CITY:
		return equal(a, b) ? 2 : 1;
	case KIND_DATE:
		return date_level(a, b);
	default:
		if (equal(a, b))
			return 3;
		return jw(a, b) >= 0.9 ? 2 : 1;
	}
}
