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
#include "strsim.h"

enum field_kind {
	KIND_NAME, KIND_PHONE, KIND_EMAIL, KIND_COMPANY, KIND_ADDRESS,
	KIND_POSTCODE, KIND_CITY, KIND_DATE, KIND_TEXT, NKINDS
};

#define KIND_MAX_LEVELS 6

struct kind_info {
	const char *name;	/* "name", "phone" ... (the column alias) */
	int nlevels;		/* with level 0 */
	const char *labels[KIND_MAX_LEVELS];	/* "null", "different" ... */
	/*
	 * A level two records of one person never show, or 0: names that
	 * differ entirely. Family members and colleagues share phones, mail
	 * boxes and addresses, correlated evidence that would outweigh the
	 * name; with m fixed at 0 there, no sum of other agreements joins
	 * two people, and EM is not led to take colleagues for matches.
	 */
	int never;
	/*
	 * KIND_PLACE for the kinds that say where someone is found
	 * (company, address, postcode, city): they agree together for
	 * colleagues and families, so their agreements count once, and so
	 * do their disagreements (fs_group_weight).
	 */
	int group;
	/*
	 * The lowest level weighed by the frequency of the value (the
	 * term-frequency adjustment), 0 for the highest alone: names in
	 * another word order are as common as the name.
	 */
	int tf_level;
};

enum { KIND_PLACE = 1 };

const struct kind_info *kind_info(enum field_kind kind);
/* The levels from which kind is weighed by frequency (see tf_level). */
int kind_tf_level(enum field_kind kind);
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

/*
 * A normalized value, its code points decoded when a comparison first
 * needs them (most pairs are told apart, or found equal, on the bytes).
 */
struct compared {
	const char *s;
	size_t len;
	bool decoded, split;
	uint32_t cp[COMPARED_MAX];
	size_t ncp;
	uint64_t tokens[TOKENS_MAX];	/* when split (token_hashes) */
	size_t ntokens;
};

void compared_set(struct compared *c, const char *s, size_t len);

/* The level (1 .. nlevels - 1) at which two non-empty values agree. */
int compare_level(enum field_kind kind, struct compared *a,
    struct compared *b);

#endif
