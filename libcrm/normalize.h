/*
 * normalize.h: contact fields in one canonical form, so that records
 * typed differently by two people can be compared.
 *
 * Unicode work (NFKC, which turns full-width forms such as "１３８" and
 * "ＫＥＶＩＮ" into ASCII; case folding; stripping accents, ignorable and
 * control characters; character classes and widths) is utf8proc's, not
 * tables of our own. On top of it each kind of field has its rules:
 * phone numbers (digits, +86 and 0086, extensions), e-mail addresses (case,
 * spaces, domain typos suggested and never applied), person names (word
 * order), company names (legal forms dropped) and addresses (common
 * abbreviations). Every function writes into a textbuf, which grows as
 * needed; the result is valid UTF-8 with single spaces between words.
 */
#ifndef CRM_NORMALIZE_H
#define CRM_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

struct textbuf {
	char *s;		/* NUL-terminated */
	size_t len, cap;
};

void textbuf_free(struct textbuf *b);

/* NFKC, case folded, accents and control characters removed. */
void norm_fold(const char *s, size_t len, struct textbuf *out);

/*
 * Folded, with punctuation and symbols as spaces, runs of spaces as one,
 * no space at either end, and none between two wide (CJK) characters:
 * "Zhang-Wei," -> "zhang wei", "张 伟" -> "张伟".
 */
void norm_words(const char *s, size_t len, struct textbuf *out);

enum validity { VALID_EMPTY, VALID_YES, VALID_NO };

/*
 * A phone number as digits: a mainland mobile as its 11 digits (without
 * +86, 0086 or 86), a landline with its area code and trunk 0 (+86 21 ...
 * is 021 ...), other countries as
 * "+" and digits; an extension (ext, x, #, 转, 分机) follows as "x" and
 * digits. Valid: a mainland mobile (1[3-9] and 9 digits), a mainland
 * landline (0, area code and number: 10 to 12 digits) or an international
 * number given with + or 00 (8 to 15 digits).
 */
enum validity norm_phone(const char *s, size_t len, struct textbuf *out);

/*
 * An e-mail address folded, without spaces or "mailto:". Valid: one @, a
 * local part of RFC 5322 atom characters and dots, a domain of two or
 * more labels ending in letters. When the domain is one edit away from a
 * common mail domain (gmial.com, qq.con), *suggestion gets the address
 * with that domain; else it is left empty. The address is never changed.
 */
enum validity norm_email(const char *s, size_t len, struct textbuf *out,
    struct textbuf *suggestion);

/*
 * A person's name as words, given names first: "Liu, Kevin" and
 * "LIU Kevin" (a family name in capitals among mixed-case words) become
 * "kevin liu"; titles (Mr, Mrs, Ms, Dr ...) are dropped.
 */
void norm_name(const char *s, size_t len, struct textbuf *out);

/*
 * The family name in a normalized name: its first character (or a
 * compound surname such as 欧阳) when it is written in CJK, else its last
 * word. Returns a pointer into name and its length in *flen.
 */
const char *name_surname(const char *name, size_t len, size_t *flen);
/* The rest of the name without the family name (and its space). */
void name_given(const char *name, size_t len, struct textbuf *out);
/* The words of a normalized text in byte order: "liu kevin". */
void words_sorted(const char *s, size_t len, struct textbuf *out);

/*
 * A company name as words without its legal form: "Acme Co., Ltd." ->
 * "acme", "北京星光科技有限公司" -> "北京星光科技".
 */
void norm_company(const char *s, size_t len, struct textbuf *out);

/*
 * An address as words with the usual abbreviations ("Street" -> "st",
 * "Road" -> "rd", "Apartment" -> "apt" ...) and full-width digits made
 * ASCII: "12 Baker Street, Apt. 3" -> "12 baker st apt 3".
 */
void norm_address(const char *s, size_t len, struct textbuf *out);

/* A postcode: folded, without spaces or hyphens. */
void norm_postcode(const char *s, size_t len, struct textbuf *out);

/* A city: words, without a final 市 ("上海市" -> "上海"). */
void norm_city(const char *s, size_t len, struct textbuf *out);

/* Code points in s[0..len) (valid UTF-8). */
size_t utf8_count(const char *s, size_t len);
/* The byte length of the first n code points of s[0..len). */
size_t utf8_prefix(const char *s, size_t len, size_t n);

#endif
