/* categories.c: keyword classification of ticket texts. */
#define _GNU_SOURCE	/* memmem */
#include "categories.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "text.h"
#include "util.h"

struct keyword {
	char *text;		/* ASCII letters in lower case */
	size_t len;
	char *as_given;		/* for the output */
};

struct category {
	char *name;
	struct keyword *keywords;
	size_t count, capacity;
};

struct categories {
	struct category *at;
	size_t count, capacity;
};

struct categories *
categories_new(void)
{
	return xcalloc(1, sizeof(struct categories));
}

void
categories_free(struct categories *c)
{
	size_t i, k;

	if (c == NULL)
		return;
	for (i = 0; i < c->count; i++) {
		for (k = 0; k < c->at[i].count; k++) {
			free(c->at[i].keywords[k].text);
			free(c->at[i].keywords[k].as_given);
		}
		free(c->at[i].keywords);
		free(c->at[i].name);
	}
	free(c->at);
	free(c);
}

static void
lower_ascii(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + ('a' - 'A'));
}

static struct category *
category_named(struct categories *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->at[i].name, name) == 0)
			return &c->at[i];
	if (c->count == c->capacity) {
		c->capacity = grow_capacity(c->capacity, c->count + 1);
		c->at = xreallocarray(c->at, c->capacity, sizeof(*c->at));
	}
	memset(&c->at[c->count], 0, sizeof(c->at[0]));
	c->at[c->count].name = xstrdup(name);
	return &c->at[c->count++];
}

/* The category that already has this keyword, or NULL. */
static const char *
owner_of(const struct categories *c, const char *lowered, size_t len)
{
	size_t i, k;

	for (i = 0; i < c->count; i++)
		for (k = 0; k < c->at[i].count; k++)
			if (c->at[i].keywords[k].len == len &&
			    memcmp(c->at[i].keywords[k].text, lowered, len) == 0)
				return c->at[i].name;
	return NULL;
}

static const char *
add_keyword(struct categories *c, struct category *cat, const char *word,
    size_t len, char *err, size_t size)
{
	struct keyword *k;
	const char *other;
	char *lowered;

	trim_blanks(&word, &len);
	if (len == 0) {
		snprintf(err, size, "an empty keyword in category '%.60s' "
		    "(keywords are separated by |)", cat->name);
		return err;
	}
	lowered = xstrndup(word, len);
	lower_ascii(lowered, len);
	if ((other = owner_of(c, lowered, len)) != NULL) {
		snprintf(err, size, "keyword '%.60s' is already in category "
		    "'%.60s'", lowered, other);
		free(lowered);
		return err;
	}
	if (cat->count == cat->capacity) {
		cat->capacity = grow_capacity(cat->capacity, cat->count + 1);
		cat->keywords = xreallocarray(cat->keywords, cat->capacity,
		    sizeof(*cat->keywords));
	}
	k = &cat->keywords[cat->count++];
	k->text = lowered;
	k->len = len;
	k->as_given = xstrndup(word, len);
	return NULL;
}

const char *
categories_add(struct categories *c, const char *category,
    const char *keywords, char *err, size_t size)
{
	struct category *cat;
	const char *bar, *why;
	size_t len = strlen(category);

	char *name;

	trim_blanks(&category, &len);
	if (len == 0) {
		snprintf(err, size, "an empty category");
		return err;
	}
	name = xstrndup(category, len);
	cat = category_named(c, name);
	free(name);
	for (;;) {
		bar = strchr(keywords, '|');
		len = bar ? (size_t)(bar - keywords) : strlen(keywords);
		if ((why = add_keyword(c, cat, keywords, len, err, size)))
			return why;
		if (bar == NULL)
			return NULL;
		keywords = bar + 1;
	}
}

void
categories_add_defaults(struct categories *c)
{
	const struct category_row *row;
	char err[256];

	for (row = categories_default; row->category; row++)
		if (categories_add(c, row->category, row->keywords, err,
		    sizeof(err)) != NULL)
			die("internal error in the default categories: %s",
			    err);
}

void
categories_load(struct categories *c, const struct common_options *opt,
    const char *path)
{
	struct input *in = input_open_side(opt, path);
	const struct record *h = input_header(in), *rec;
	long category, keywords;
	char err[256];

	category = column_require(h, "category");
	if ((keywords = column_lookup(h, "keywords")) == COLUMN_NONE)
		keywords = column_require(h, "keyword");
	while ((rec = input_next(in)) != NULL)
		if (categories_add(c, rec->fields[category].s,
		    rec->fields[keywords].s, err, sizeof(err)) != NULL)
			record_die(rec, "%s", err);
	if (c->count == 0)
		die("%s: no categories (rows of category,keywords)", path);
	input_close(in);
}

bool
categories_match(const struct categories *c, const char *text, size_t len,
    const char **category, const char **keyword, char **buf,
    size_t *bufsize)
{
	const struct keyword *k;
	size_t i, j;

	if (*bufsize < len + 1) {
		*bufsize = grow_capacity(*bufsize, len + 1);
		*buf = xrealloc(*buf, *bufsize);
	}
	memcpy(*buf, text, len);
	lower_ascii(*buf, len);
	for (i = 0; i < c->count; i++)
		for (j = 0; j < c->at[i].count; j++) {
			k = &c->at[i].keywords[j];
			if (memmem(*buf, len, k->text, k->len) != NULL) {
				*category = c->at[i].name;
				*keyword = k->as_given;
				return true;
			}
		}
	return false;
}

size_t
categories_count(const struct categories *c)
{
	return c->count;
}

const char *
categories_name(const struct categories *c, size_t i)
{
	return c->at[i].name;
}
