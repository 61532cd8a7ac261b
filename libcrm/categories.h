/*
 * categories.h: classifying feedback tickets by keywords.
 *
 * A category set is an ordered list of categories, each with keywords in
 * any language. A text belongs to the first category (in the order the
 * categories first appear) one of whose keywords it contains; the keyword
 * that matched is the first of that category's, in order, so every
 * classification can be explained. Matching is on substrings of UTF-8
 * text, code point by code point (Chinese has no spaces between words),
 * ignoring ASCII case; keywords are used as written, without trimming
 * inner spaces.
 */
#ifndef CRM_CATEGORIES_H
#define CRM_CATEGORIES_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* One row of a category file: a category and its keywords, "a|b|c". */
struct category_row {
	const char *category;
	const char *keywords;
};

/* The shipped default set, English and Chinese, {NULL, NULL}-ended
 * (generated from share/crm-tools/categories.csv). */
extern const struct category_row categories_default[];

struct categories;

struct categories *categories_new(void);
void categories_free(struct categories *c);

/*
 * Add the keywords (separated by |) of a category; NULL, or a message
 * saying what is wrong (an empty category or keyword, a keyword already
 * given) in err[0..size).
 */
const char *categories_add(struct categories *c, const char *category,
    const char *keywords, char *err, size_t size);

/* The default set; or a file with columns category and keywords. */
void categories_add_defaults(struct categories *c);
void categories_load(struct categories *c, const struct common_options *opt,
    const char *path);

/* Build the matcher, after the last category is added. */
void categories_compile(struct categories *c);

/*
 * The category and keyword that text[0..len) matches: false when none.
 * One pass over the text, whatever the number of keywords.
 */
bool categories_match(const struct categories *c, const char *text,
    size_t len, const char **category, const char **keyword);

/* Categories, in order, for messages and summaries. */
size_t categories_count(const struct categories *c);
const char *categories_name(const struct categories *c, size_t i);

#endif
