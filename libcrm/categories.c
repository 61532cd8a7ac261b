/*
 * categories.c: keyword classification of ticket texts, by an
 * Aho-Corasick automaton over all the keywords (Aho & Corasick 1975,
 * "Efficient string matching", CACM 18(6)): one pass over a text finds
 * every keyword in it, and the automaton keeps, for each state, the
 * best-ranked keyword that ends there, so the winner is known at the end
 * of the text.
 */
#include "categories.h"

#include <stdint.h>
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

/* The keywords' bytes fall in classes; bytes of no keyword are class 0. */
struct automaton {
	uint8_t class_of[256];
	size_t nclasses, nstates;
	uint32_t *next;		/* nstates x nclasses transitions */
	uint32_t *best;		/* best rank + 1 ending at a state, 0: none */
	size_t *category, *keyword;	/* of each rank */
};

struct categories {
	struct category *at;
	size_t count, capacity;
	struct automaton *ac;	/* NULL until categories_compile */
};

struct categories *
categories_new(void)
{
	return xcalloc(1, sizeof(struct categories));
}

static void
free_automaton(struct automaton *ac)
{
	if (ac == NULL)
		return;
	free(ac->next);
	free(ac->best);
	free(ac->category);
	free(ac->keyword);
	free(ac);
}

void
categories_free(struct categories *c)
{
	size_t i, k;

	if (c == NULL)
		return;
	free_automaton(c->ac);
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
	free_automaton(c->ac);
	c->ac = NULL;
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

/* Byte classes: one per byte value in a keyword, case folded. */
static void
byte_classes(const struct categories *c, struct automaton *ac)
{
	const struct keyword *k;
	size_t i, j, b;
	int ch;

	ac->nclasses = 1;
	for (i = 0; i < c->count; i++)
		for (j = 0; j < c->at[i].count; j++)
			for (k = &c->at[i].keywords[j], b = 0; b < k->len; b++)
				if (ac->class_of[(unsigned char)k->text[b]] == 0)
					ac->class_of[(unsigned char)k->text[b]] =
					    (uint8_t)ac->nclasses++;
	for (ch = 'A'; ch <= 'Z'; ch++)
		ac->class_of[ch] = ac->class_of[ch + ('a' - 'A')];
}

static uint32_t *
row(const struct automaton *ac, uint32_t state)
{
	return &ac->next[(size_t)state * ac->nclasses];
}

/* A new trie state, its transitions all 0 (the root) for now. */
static uint32_t
new_state(struct automaton *ac, size_t *capacity)
{
	if (ac->nstates == *capacity) {
		*capacity = grow_capacity(*capacity, ac->nstates + 1);
		ac->next = xreallocarray(ac->next, *capacity * ac->nclasses,
		    sizeof(*ac->next));
		ac->best = xreallocarray(ac->best, *capacity,
		    sizeof(*ac->best));
	}
	memset(row(ac, (uint32_t)ac->nstates), 0, ac->nclasses *
	    sizeof(*ac->next));
	ac->best[ac->nstates] = 0;
	return (uint32_t)ac->nstates++;
}

/* The trie of the keywords, each ending state marked with its rank. */
static void
build_trie(const struct categories *c, struct automaton *ac)
{
	size_t i, j, b, rank = 0, capacity = 0, total = 0;
	const struct keyword *k;
	uint32_t state, added;
	uint8_t cls;

	for (i = 0; i < c->count; i++)
		total += c->at[i].count;
	ac->category = xreallocarray(NULL, total + 1, sizeof(size_t));
	ac->keyword = xreallocarray(NULL, total + 1, sizeof(size_t));
	new_state(ac, &capacity);
	for (i = 0; i < c->count; i++)
		for (j = 0; j < c->at[i].count; j++, rank++) {
			k = &c->at[i].keywords[j];
			for (state = 0, b = 0; b < k->len; b++) {
				cls = ac->class_of[(unsigned char)k->text[b]];
				if (row(ac, state)[cls] == 0) {
					/* new_state may move the table */
					added = new_state(ac, &capacity);
					row(ac, state)[cls] = added;
				}
				state = row(ac, state)[cls];
			}
			if (ac->best[state] == 0)
				ac->best[state] = (uint32_t)rank + 1;
			ac->category[rank] = i;
			ac->keyword[rank] = j;
		}
}

/*
 * Failure links in breadth-first order turn the trie into a complete
 * automaton: a missing transition is the failure state's, and a state's
 * best keyword is its own or its failure state's, whichever ranks first.
 */
static void
complete(struct automaton *ac)
{
	uint32_t *queue = xreallocarray(NULL, ac->nstates, sizeof(*queue));
	uint32_t *fail = xcalloc(ac->nstates, sizeof(*fail));
	size_t head = 0, tail = 0, cls;
	uint32_t s, t;

	for (cls = 1; cls < ac->nclasses; cls++)
		if ((t = row(ac, 0)[cls]) != 0)
			queue[tail++] = t;	/* fail[t] = root */
	while (head < tail) {
		s = queue[head++];
		for (cls = 1; cls < ac->nclasses; cls++) {
			t = row(ac, s)[cls];
			if (t == 0) {
				row(ac, s)[cls] = row(ac, fail[s])[cls];
				continue;
			}
			fail[t] = row(ac, fail[s])[cls];
			if (ac->best[fail[t]] != 0 && (ac->best[t] == 0 ||
			    ac->best[fail[t]] < ac->best[t]))
				ac->best[t] = ac->best[fail[t]];
			queue[tail++] = t;
		}
	}
	free(queue);
	free(fail);
}

void
categories_compile(struct categories *c)
{
	struct automaton *ac;

	if (c->ac != NULL)
		return;
	ac = xcalloc(1, sizeof(*ac));
	byte_classes(c, ac);
	build_trie(c, ac);
	complete(ac);
	c->ac = ac;
}

bool
categories_match(const struct categories *c, const char *text, size_t len,
    const char **category, const char **keyword)
{
	const struct automaton *ac = c->ac;
	uint32_t state = 0, best = 0, here;
	size_t i;

	for (i = 0; i < len; i++) {
		state = row(ac, state)[ac->class_of[(unsigned char)text[i]]];
		here = ac->best[state];
		if (here != 0 && (best == 0 || here < best)) {
			best = here;
			if (best == 1)
				break;	/* the first keyword of all */
		}
	}
	if (best == 0)
		return false;
	*category = c->at[ac->category[best - 1]].name;
	*keyword = c->at[ac->category[best - 1]].keywords[ac->keyword[best -
	    1]].as_given;
	return true;
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
