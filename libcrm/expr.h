/*
 * expr.h: the condition language of segment rules, such as
 *
 *	monetary >= 10000 && frequency >= 5
 *	城市 in ('北京', '上海') || last_date >= today - 30
 *
 * A condition is parsed once into a tree and type-checked, its column
 * names are bound against the header before any row is read, and it is
 * then evaluated against each record. Parse and bind errors carry the byte
 * offset in the text so that the caller can point at the place.
 *
 * Grammar, loosest binding first:
 *	or       = and { "||" and }
 *	and      = not { "&&" not }
 *	not      = "!" not | compare
 *	compare  = sum [ ( "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum
 *	               | "in" "(" sum { "," sum } ")" ]
 *	sum      = product { ( "+" | "-" ) product }
 *	product  = unary { ( "*" | "/" ) unary }
 *	unary    = "-" unary | primary
 *	primary  = number | 'string' | YYYY-MM-DD | today | name | "name"
 *	         | "(" or ")"
 *
 * Values are numbers, strings, dates and conditions. A column's value is
 * its text, read as what it is compared with or computed with: a number
 * next to a number, a date next to a date (also in date arithmetic:
 * today - last_date is a number of days), text next to a string. Two
 * columns compare as numbers when both are numbers, else as dates when both
 * are dates, else as text. A string literal compared with a date must be a
 * date. Anything else (a number with a string, a column alone as a
 * condition) is a type error at parse time.
 */
#ifndef CRM_EXPR_H
#define CRM_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reader.h"

struct expr;

struct expr_error {
	size_t offset;		/* byte of the text where the problem is */
	char message[200];
};

/* What the evaluation needs from the command line. */
struct expr_env {
	int32_t today;			/* the as-of day */
	const char *date_format;	/* strptime format of dates, or NULL */
	char decimal;			/* '.' or ',' */
};

enum expr_result { EXPR_FALSE, EXPR_TRUE, EXPR_FAILED };

/* The condition in text (NUL-ended); NULL with *err on a syntax error. */
struct expr *expr_parse(const char *text, struct expr_error *err);

/*
 * Find every column the condition names in header (by name as
 * column_lookup does); false with *err at the first that is not there
 * ("column 'x' not found").
 */
bool expr_bind(struct expr *e, const struct record *header,
    struct expr_error *err);

/*
 * The condition on rec. EXPR_FAILED when a value cannot be what it must
 * be (a column that is not a number, a division by zero): why then says
 * so, as "not a number (monetary, 'n/a')". && and || evaluate their right
 * side only when needed, so "x = '' || x > 5" never fails on an empty x.
 */
enum expr_result expr_eval(const struct expr *e, const struct record *rec,
    const struct expr_env *env, char *why, size_t whysize);

void expr_free(struct expr *e);

/* The 1-based column, in characters, of byte offset in text. */
size_t expr_column(const char *text, size_t offset);

/*
 * A line that puts '^' under byte offset of text on a terminal: blanks
 * (two for a wide character, tabs kept as tabs) and the caret.
 */
void expr_caret(const char *text, size_t offset, char *buf, size_t size);

#endif
