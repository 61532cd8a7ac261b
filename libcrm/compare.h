/*
 * compare.h: the kinds of fields a customer record has, how each is
 * normalized, and at which level two values of a kind agree.
 *
 * Levels run from 1 (the values differ) to the kind's highest (equal);
 * level 0 is kept for "one side is empty". Between them each kind has the
 * partial agreements that tell typing slips from different people: a
 * name in another word order or one letter off, a phone number one digit
 * off, an address sharing most of its words, a date with day and month
 * swapped. These are the comparison levels of the Fellegi-Sunter model
 * (model/fellegi_sunter.h).
 */
#ifndef CRM_COMPARE_H
#define CRM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "normalize.h"

enum field_kind {
	KIND_NAME, KIND_PHONE, KIND_EMAIL, KIND_COMPANY, KIND_ADDRESS,
	KIND_POSTCODE, KIND_CITY, KIND_DATE, KIND_TEXT, NKINDS
};

#define KIND_MAX_LEVELS 6

struct kind_info {
	const char *name;	/* "name", "phone" ... (the column alias) */
	int nlevels;		/* with level 0 */
	const char *labels[KIND_MAX_LEVELS];	/* "null", "different" ... */
};

const struct kind_info *kind_info(enum field_kind kind);
/* The kind called name ("name", "phone" ...), or -1. */
int kind_lookup(const char *name);

/*
 * The normalized value of s[0..len) for its kind; for phone and e-mail
 * its validity (else VALID_EMPTY or VALID_YES) and for e-mail a
 * suggested address when the domain looks mistyped.
 */
enum validity normalize_value(enum field_kind kind, const char *s,
    size_t len, struct textbuf *out, struct textbuf *suggestion);

enum { COMPARED_MAX = 256 };	/* code points compared, at most */

/* A normalized value and its code points, decoded once per record. */
struct compared {
	const char *s;
	size_t len;
	uint32_t cp[COMPARED_MAX];
	size_t ncp;
};

void compared_set(struct compared *c, const char *s, size_t len);

/* The level (1 .. nlevels - 1) at which two non-empty values agree. */
int compare_level(enum field_kind kind, const struct compared *a,
    const struct compared *b);

#endif
