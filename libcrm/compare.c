/* compare.c: normalization and agreement levels by kind of field. */
#include "compare.h"

#include <string.h>

#include "date.h"
#include "strsim.h"

static const struct kind_info kinds[NKINDS] = {
	[KIND_NAME] = { .name = "name", .nlevels = 6, .labels = { "null",
	    "different", "similar", "close", "reordered", "exact" },
	    .never = 1, .tf_level = 4 },
	[KIND_PHONE] = { .name = "phone", .nlevels = 4, .labels = { "null",
	    "different", "typo", "exact" } },
	[KIND_EMAIL] = { .name = "email", .nlevels = 4, .labels = { "null",
	    "different", "close", "exact" } },
	[KIND_COMPANY] = { .name = "company", .nlevels = 4, .labels = {
	    "null", "different", "similar", "exact" }, .group = KIND_PLACE },
	[KIND_ADDRESS] = { .name = "address", .nlevels = 5, .labels = {
	    "null", "different", "overlap", "close", "exact" },
	    .group = KIND_PLACE },
	[KIND_POSTCODE] = { .name = "postcode", .nlevels = 4, .labels = {
	    "null", "different", "typo", "exact" }, .group = KIND_PLACE },
	[KIND_CITY] = { .name = "city", .nlevels = 3, .labels = { "null",
	    "different", "exact" }, .group = KIND_PLACE },
	[KIND_DATE] = { .name = "birthday", .nlevels = 5, .labels = { "null",
	    "different", "year", "typo", "exact" } },
	[KIND_TEXT] = { .name = "text", .nlevels = 4, .labels = { "null",
	    "different", "close", "exact" } },
};

const struct kind_info *
kind_info(enum field_kind kind)
{
	return &kinds[kind];
}

int
kind_tf_level(enum field_kind kind)
{
	return kinds[kind].tf_level ? kinds[kind].tf_level :
	    kinds[kind].nlevels - 1;
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
	c->decoded = c->split = false;
}

static const struct compared *
decoded(struct compared *c)
{
	if (!c->decoded) {
		c->ncp = utf8_decode(c->s, c->len, c->cp, COMPARED_MAX);
		c->decoded = true;
	}
	return c;
}

static bool
equal(const struct compared *a, const struct compared *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static double
jw(struct compared *a, struct compared *b)
{
	decoded(a);
	decoded(b);
	return jaro_winkler(a->cp, a->ncp, b->cp, b->ncp);
}

static int
osa(struct compared *a, struct compared *b, int max)
{
	decoded(a);
	decoded(b);
	return osa_distance(a->cp, a->ncp, b->cp, b->ncp, max);
}

static void
split(struct compared *c)
{
	if (!c->split) {
		decoded(c);
		c->ntokens = token_hashes(c->cp, c->ncp, c->tokens);
		c->split = true;
	}
}

static double
overlap(struct compared *a, struct compared *b)
{
	split(a);
	split(b);
	return token_overlap_hashes(a->tokens, a->ntokens, b->tokens,
	    b->ntokens);
}

/*
 * One slip apart: Jaro-Winkler of 0.92 or one edit, in names of 3
 * letters or more: of a name of two (王芳, 王方) one character is a whole
 * given name or family name, which a namesake's family shares as often
 * as a typo makes it (similar).
 */
static bool
one_slip(struct compared *a, struct compared *b, double *sim)
{
	*sim = jw(a, b);
	return *sim >= 0.92 || (a->ncp >= 3 && b->ncp >= 3 &&
	    osa(a, b, 1) <= 1);
}

/*
 * Whether a name of two words, its words swapped, is one slip from b:
 * "howard mchael" and "michael howard", a typo in a name written family
 * name first, which the word sets (reordered) do not see.
 */
static bool
swapped_slip(const struct compared *a, struct compared *b)
{
	const char *space = memchr(a->s, ' ', a->len);
	size_t first, second;
	struct compared swapped;
	char buf[COMPARED_MAX];
	double sim;

	if (space == NULL || memchr(b->s, ' ', b->len) == NULL ||
	    a->len > sizeof(buf))
		return false;
	first = (size_t)(space - a->s);
	second = a->len - first - 1;
	if (memchr(space + 1, ' ', second) != NULL)
		return false;
	memcpy(buf, space + 1, second);
	buf[second] = ' ';
	memcpy(buf + second + 1, a->s, first);
	compared_set(&swapped, buf, a->len);
	return one_slip(&swapped, b, &sim);
}

/* Does the name end in 公司 or 集团, a company's legal form? */
static bool
company_name(const struct compared *c)
{
	const uint32_t *end;

	if (c->ncp <= 2 || c->ncp >= COMPARED_MAX)
		return false;
	end = c->cp + c->ncp - 2;
	return (end[0] == 0x516C && end[1] == 0x53F8) ||
	    (end[0] == 0x96C6 && end[1] == 0x56E2);
}

/*
 * Two companies of one group (苏州金桥科技有限公司, 苏州金桥服饰有限公司):
 * the same start (the city and trade name, two characters at least) and
 * legal form, and between them two business lines of two characters or
 * more that share no character. They are two customers, however close
 * their letters; a slip in the trade name (金桥, 金乔), a line written
 * longer (科技, 网络科技) or one word of it shared (科技, 技术) is not
 * this.
 */
static bool
sister_companies(struct compared *a, struct compared *b)
{
	size_t pre = 0, post = 0, i, j;

	decoded(a);
	decoded(b);
	if (!company_name(a) || !company_name(b))
		return false;
	while (pre < a->ncp && pre < b->ncp && a->cp[pre] == b->cp[pre])
		pre++;
	while (post < a->ncp - pre && post < b->ncp - pre &&
	    a->cp[a->ncp - 1 - post] == b->cp[b->ncp - 1 - post])
		post++;
	if (pre < 2 || a->ncp - pre - post < 2 || b->ncp - pre - post < 2)
		return false;
	for (i = pre; i < a->ncp - post; i++)
		for (j = pre; j < b->ncp - post; j++)
			if (a->cp[i] == b->cp[j])
				return false;
	return true;
}

static int
name_level(struct compared *a, struct compared *b)
{
	double sim;

	if (equal(a, b))
		return 5;
	if (sister_companies(a, b))
		return 1;
	if (a->len == b->len && overlap(a, b) == 1)
		return 4;	/* the same words in another order */
	if (one_slip(a, b, &sim) || swapped_slip(a, b))
		return 3;
	if (a->ncp == 2 && b->ncp == 2 && osa(a, b, 1) <= 1)
		return 2;
	return sim >= 0.8 ? 2 : 1;
}

/* Do two texts hold the same digits in the same order? */
static bool
same_digits(const struct compared *a, const struct compared *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->len && (a->s[i] < '0' || a->s[i] > '9'))
			i++;
		while (j < b->len && (b->s[j] < '0' || b->s[j] > '9'))
			j++;
		if (i == a->len || j == b->len)
			return i == a->len && j == b->len;
		if (a->s[i++] != b->s[j++])
			return false;
	}
}

/* The byte offset of '@' in c, or its length. */
static size_t
at_sign(const struct compared *c)
{
	const char *at = memchr(c->s, '@', c->len);

	return at ? (size_t)(at - c->s) : c->len;
}

/* The domain of an address (after its '@'), as a value of its own. */
static void
domain_of(const struct compared *c, size_t at, struct compared *out)
{
	compared_set(out, c->s + at + 1, c->len - at - 1);
}

/*
 * Close: the same mailbox at a mistyped domain (gmial.com, qq.con: two
 * edits at most), or one slip of a letter. The same mailbox name at
 * another domain is not: name.surname@ at two companies is two
 * namesakes; nor are other numbers (zhangwei88, zhangwei86).
 */
static int
email_level(struct compared *a, struct compared *b)
{
	struct compared da, db;
	size_t ia = at_sign(a), ib = at_sign(b);

	if (equal(a, b))
		return 3;
	if (ia == ib && ia > 0 && ia < a->len && ib < b->len &&
	    memcmp(a->s, b->s, ia) == 0) {
		domain_of(a, ia, &da);
		domain_of(b, ib, &db);
		return osa(&da, &db, 2) <= 2 ? 2 : 1;
	}
	return same_digits(a, b) && osa(a, b, 1) <= 1 ? 2 : 1;
}

/* Dates: equal; one slip (a digit, or day and month swapped); a year. */
static int
date_level(struct compared *a, struct compared *b)
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

static int
address_level(struct compared *a, struct compared *b)
{
	double share;

	if (equal(a, b))
		return 4;
	share = overlap(a, b);
	if (share >= 0.6 || jw(a, b) >= 0.95)
		return 3;
	return share >= 0.3 ? 2 : 1;
}

int
compare_level(enum field_kind kind, struct compared *a, struct compared *b)
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
		return address_level(a, b);
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
