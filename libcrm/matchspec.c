/* matchspec.c: fields and blocking rules of a duplicate search. */
#include "matchspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "util.h"

static void
add_field(struct matchspec *ms, enum field_kind kind, long col,
    const char *name)
{
	size_t k;

	if (ms->nfields == FS_MAX_FIELDS)
		die_usage("--fields: at most %d fields", FS_MAX_FIELDS);
	for (k = 0; k < ms->nfields; k++)
		if (strcmp(ms->fname[k], name) == 0)
			die_usage("--fields: '%s' is named twice", name);
	ms->kind[ms->nfields] = kind;
	ms->col[ms->nfields] = col;
	ms->fname[ms->nfields] = xstrdup(name);
	if (kind == KIND_PHONE && ms->phone < 0)
		ms->phone = (long)ms->nfields;
	if (kind == KIND_EMAIL && ms->email < 0)
		ms->email = (long)ms->nfields;
	ms->nfields++;
}

/* One item of --fields: KIND, KIND=COL, or a column compared as text. */
static void
parse_field(struct matchspec *ms, char *item)
{
	char *eq = strchr(item, '=');
	int kind;

	if (eq != NULL) {
		*eq = '\0';
		if ((kind = kind_lookup(item)) < 0 || kind == KIND_TEXT)
			die_usage("--fields: '%s' is not a kind of field (name, "
			    "phone, email, company, address, postcode, city, "
			    "birthday)", item);
		add_field(ms, (enum field_kind)kind, column_require(ms->header,
		    eq + 1), item);
	} else if ((kind = kind_lookup(item)) >= 0 && kind != KIND_TEXT)
		add_field(ms, (enum field_kind)kind, column_find(ms->header,
		    item, NULL, true), item);
	else
		add_field(ms, KIND_TEXT, column_require(ms->header, item), item);
}

static void
choose_fields(struct matchspec *ms, const char *list)
{
	char *copy, *item, *save = NULL;
	long col;
	int k;

	ms->phone = ms->email = -1;
	if (list != NULL) {
		copy = xstrdup(list);
		for (item = strtok_r(copy, ",", &save); item;
		    item = strtok_r(NULL, ",", &save))
			parse_field(ms, item);
		free(copy);
	} else
		for (k = 0; k < KIND_TEXT; k++)
			if ((col = column_find(ms->header, kind_info(
			    (enum field_kind)k)->name, NULL, false)) !=
			    COLUMN_NONE)
				add_field(ms, (enum field_kind)k, col,
				    kind_info((enum field_kind)k)->name);
	if (ms->nfields == 0) {
		char list_buf[1024];

		die("no field to compare: name --fields (the header has: %s)",
		    column_list(ms->header, list_buf, sizeof(list_buf)));
	}
}

static long
field_named(const struct matchspec *ms, const char *name)
{
	size_t k;

	for (k = 0; k < ms->nfields; k++)
		if (strcmp(ms->fname[k], name) == 0)
			return (long)k;
	return -1;
}

/* The field a derived key needs ("surname" needs a name), or -1. */
static long
needed_field(const struct matchspec *ms, const char *key,
    enum field_kind kind)
{
	long k = -1;
	size_t i;

	for (i = 0; i < ms->nfields && k < 0; i++)
		if (ms->kind[i] == kind)
			k = (long)i;
	if (k < 0)
		die_usage("--block: key '%s' needs a %s field", key,
		    kind_info(kind)->name);
	return k;
}

/* The source of a key, shared between rules; its field in *field. */
static size_t
resolve_source(struct matchspec *ms, const char *key, long *field)
{
	struct source s = { SRC_FIELD, 0, { 0 } };
	long k;
	size_t i;

	if (strcmp(key, "surname") == 0 || strcmp(key, "given") == 0) {
		s.kind = key[0] == 's' ? SRC_SURNAME : SRC_GIVEN;
		k = needed_field(ms, key, KIND_NAME);
	} else if (strcmp(key, "email_user") == 0) {
		s.kind = SRC_EMAIL_USER;
		k = needed_field(ms, key, KIND_EMAIL);
	} else if ((k = field_named(ms, key)) >= 0) {
		s.kind = ms->kind[k] == KIND_NAME ? SRC_SORTED : SRC_FIELD;
	} else {
		s.kind = SRC_COLUMN;
		s.field = (size_t)column_require(ms->header, key);
		for (i = 0; i < ms->nfields; i++)
			if (ms->col[i] == (long)s.field)
				k = (long)i;
	}
	if (s.kind != SRC_COLUMN)
		s.field = (size_t)k;
	*field = k;
	for (i = 0; i < ms->nsrc; i++)
		if (ms->src[i].kind == s.kind && ms->src[i].field == s.field)
			return i;
	ms->src[ms->nsrc] = s;
	return ms->nsrc++;
}

/*
 * Rules when none is given, those the fields allow: the same phone, mail
 * box, address, or name (in any word order) in a city; and, so that a
 * typo in a name or a new phone does not hide a duplicate, the family
 * name or the given name with the birthday or the postcode, the family
 * name within a company, the birthday within a city. Blocks of common
 * values would be too large at a million records: a city or a family
 * name alone, or a name alone (张伟 is hundreds of people, and half the
 * pairs of all these rules together).
 */
enum { NAME_RULE = 2 };
static size_t
default_rules(const struct matchspec *ms, char rules[][64])
{
	static const char *const candidates[][3] = {
		{ "phone", "phone", NULL }, { "email", "email", NULL },
		{ "name,city", "name", "city" },
		{ "surname,birthday", "name", "birthday" },
		{ "given,birthday", "name", "birthday" },
		{ "surname,postcode", "name", "postcode" },
		{ "given,postcode", "name", "postcode" },
		{ "address", "address", NULL },
		{ "company,surname", "company", "name" },
		{ "birthday,city", "birthday", "city" },
	};
	size_t n = 0, i;

	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (field_named(ms, candidates[i][1]) >= 0 &&
		    (candidates[i][2] == NULL ||
		    field_named(ms, candidates[i][2]) >= 0))
			strcpy(rules[n++], candidates[i][0]);
		else if (i == NAME_RULE && field_named(ms, "name") >= 0)
			strcpy(rules[n++], "name");	/* no city to add */
	if (n == 0 && field_named(ms, "company") >= 0)
		strcpy(rules[n++], "company");
	if (n == 0)
		strcpy(rules[n++], ms->fname[0]);
	return n;
}

static void
choose_rules(struct matchspec *ms, const char *const *block,
    size_t nblocks)
{
	unsigned *rule_fields = ms->rule_fields;
	char defaults[BLOCK_MAX_RULES][64], err[256];
	const char *specs[BLOCK_MAX_RULES];
	size_t r, p;
	long field;

	if ((ms->nrules = nblocks) > 0)
		memcpy(specs, block, ms->nrules * sizeof(*specs));
	else
		for (ms->nrules = default_rules(ms, defaults), r = 0;
		    r < ms->nrules; r++)
			specs[r] = defaults[r];
	for (r = 0; r < ms->nrules; r++) {
		if (!block_rule_parse(specs[r], &ms->rules[r], err,
		    sizeof(err)))
			die_usage("--block: %s", err);
		rule_fields[r] = 0;
		for (p = 0; p < ms->rules[r].nparts; p++) {
			ms->rules[r].part[p].source = (int)resolve_source(ms,
			    ms->rules[r].part[p].name, &field);
			if (field >= 0)
				rule_fields[r] |= 1u << field;
		}
	}
}

static void
source_value(const struct textbuf *norm, struct source *s,
    const struct record *rec)
{
	const struct textbuf *v = &norm[s->field];
	const char *p;
	size_t len;

	switch (s->kind) {
	case SRC_FIELD:
		norm_fold(v->s, v->len, &s->value);
		break;
	case SRC_SORTED:
		words_sorted(v->s, v->len, &s->value);
		break;
	case SRC_SURNAME:
		p = name_surname(v->s, v->len, &len);
		norm_fold(p, len, &s->value);
		break;
	case SRC_GIVEN:
		name_given(v->s, v->len, &s->value);
		break;
	case SRC_EMAIL_USER:
		p = memchr(v->s, '@', v->len);
		norm_fold(v->s, p ? (size_t)(p - v->s) : 0, &s->value);
		break;
	case SRC_COLUMN:
		norm_words(rec->fields[s->field].s, rec->fields[s->field].len,
		    &s->value);
		break;
	}
}


void
matchspec_init(struct matchspec *ms, const struct record *header,
    const char *list, const char *const *block, size_t nblocks)
{
	memset(ms, 0, sizeof(*ms));
	ms->header = header;
	choose_fields(ms, list);
	choose_rules(ms, block, nblocks);
}

void
matchspec_free(struct matchspec *ms)
{
	size_t k;

	for (k = 0; k < ms->nfields; k++)
		free(ms->fname[k]);
	for (k = 0; k < ms->nrules; k++)
		block_rule_free(&ms->rules[k]);
	for (k = 0; k < ms->nsrc; k++)
		textbuf_free(&ms->src[k].value);
}

void
matchspec_keys(struct matchspec *ms, const struct textbuf *norm,
    const struct record *rec, uint64_t *keys)
{
	struct field parts[BLOCK_MAX_RULES * BLOCK_MAX_PARTS];
	size_t k;

	for (k = 0; k < ms->nsrc; k++) {
		source_value(norm, &ms->src[k], rec);
		parts[k].s = ms->src[k].value.s;
		parts[k].len = ms->src[k].value.len;
	}
	for (k = 0; k < ms->nrules; k++)
		keys[k] = block_key(&ms->rules[k], parts);
}

void
matchspec_describe(struct matchspec *ms, size_t rule,
    const struct textbuf *norm, const char *id, char *buf, size_t size)
{
	const struct block_rule *r = &ms->rules[rule];
	size_t at = 0, p;

	buf[0] = '\0';
	for (p = 0; p < r->nparts && at + 80 < size; p++) {
		struct source *s = &ms->src[r->part[p].source];

		if (s->kind == SRC_COLUMN) {
			at += (size_t)snprintf(buf + at, size - at,
			    "%s%s as in %s", p ? ", " : "", r->part[p].name,
			    id);
			continue;
		}
		source_value(norm, s, NULL);
		at += (size_t)snprintf(buf + at, size - at, "%s%s='%.60s'",
		    p ? ", " : "", r->part[p].name, s->value.s);
	}
}
