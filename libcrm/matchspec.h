/*
 * matchspec.h: what a duplicate search compares and how it blocks, from
 * a header and the user's --fields and --block.
 *
 * Fields are kinds (compare.h) found through the alias table ("name",
 * "phone" ...), a kind in a named column ("phone=手机号码"), or any other
 * column compared as text; without a list, every kind whose column is
 * found. Blocking keys are the fields' normalized values ("name" with its
 * words sorted, so that "Kevin Liu" and "Liu Kevin" share a block), the
 * derived keys surname, given and email_user, or any column as words.
 * Without rules: phone; email; name with city (or name alone without a
 * city); surname and given name each with the birthday and with the
 * postcode; address; company with surname; birthday with city;
 * whichever of them the fields allow.
 */
#ifndef CRM_MATCHSPEC_H
#define CRM_MATCHSPEC_H

#include <stddef.h>
#include <stdint.h>

#include "blocking.h"
#include "compare.h"
#include "model/fellegi_sunter.h"
#include "reader.h"

enum source_kind { SRC_FIELD, SRC_SORTED, SRC_SURNAME, SRC_GIVEN,
	SRC_EMAIL_USER, SRC_COLUMN };

/* Where a blocking key's values come from. */
struct source {
	enum source_kind kind;
	size_t field;		/* compared field, or column with SRC_COLUMN */
	struct textbuf value;
};

struct matchspec {
	const struct record *header;
	size_t nfields;
	enum field_kind kind[FS_MAX_FIELDS];
	long col[FS_MAX_FIELDS];
	char *fname[FS_MAX_FIELDS];	/* kind, or column, as named */
	long phone, email;		/* their field numbers, or -1 */
	size_t nrules;
	struct block_rule rules[BLOCK_MAX_RULES];
	unsigned rule_fields[BLOCK_MAX_RULES];	/* fields behind each rule */
	size_t nsrc;
	struct source src[BLOCK_MAX_RULES * BLOCK_MAX_PARTS];
};

/*
 * The fields of list (--fields, or NULL for the defaults) and the rules
 * of block[0..nblocks) (none: the defaults) for this header. A missing
 * column is an error listing the header; a malformed list or rule is a
 * usage error.
 */
void matchspec_init(struct matchspec *ms, const struct record *header,
    const char *list, const char *const *block, size_t nblocks);
void matchspec_free(struct matchspec *ms);

/* The keys of a record for each rule: norm holds its normalized fields. */
void matchspec_keys(struct matchspec *ms, const struct textbuf *norm,
    const struct record *rec, uint64_t *keys);

/*
 * "surname='张', postcode='200001'": the keys of rule for a record with
 * normalized fields norm (column keys are named "as in ID").
 */
void matchspec_describe(struct matchspec *ms, size_t rule,
    const struct textbuf *norm, const char *id, char *buf, size_t size);

#endif
