/* text.h: small string helpers shared by the parsers. */
#ifndef CRM_TEXT_H
#define CRM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Offset of the first byte of s[0..len) that is not part of valid UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF are invalid;
 * so is NUL), or len when all of it is valid.
 */
size_t utf8_invalid_at(const char *s, size_t len);
/* Is every byte 1..127 (ASCII, no NUL), so that the text needs no check? */
bool ascii_text(const char *s, size_t len);

/* s[0..len) without leading and trailing ASCII spaces and tabs. */
void trim_blanks(const char **s, size_t *len);

/* ASCII-only case-insensitive equality of two byte strings. */
bool ascii_iequal(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Is s[0..len), without blanks around it, one of the comma-separated
 * words of list (ASCII case ignored)? For options such as "nps,推荐度".
 */
bool in_word_list(const char *list, const char *s, size_t len);

/* s[0..len) is word, ignoring ASCII case (keywords in CSV cells). */
bool text_is(const char *s, size_t len, const char *word);

/*
 * A yes/no cell of a CRM export: 1 for 1, yes, y, true, t, 是, 已成交,
 * 锁定 and 已锁定; 0 for 0, no, n, false, f, 否, 未成交, 未锁定 and the
 * empty cell; -1 for anything else.
 */
int text_yes_no(const char *s, size_t len);

/* s[0..len) holds only the decimal digits 0-9 (and at least one). */
bool all_digits(const char *s, size_t len);

/* s[0..len) is empty or only ASCII spaces and tabs: an empty cell. */
bool all_blank(const char *s, size_t len);

/*
 * The items of a comma-separated list ("a,b,,c" has four, one empty), as
 * new strings; *n of them, at least one. free_strings() frees them.
 */
char **split_commas(const char *list, size_t *n);
void free_strings(char **item, size_t n);

/* An ASCII decimal digit; inline because the number parsers call it on
 * every byte. */
static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#endif
