/*
 * blocking.h: candidate pairs without comparing every pair of records.
 *
 * A blocking rule is a list of keys, "surname[:3],postcode": two records
 * are a candidate pair of the rule when all its keys are equal and none
 * is empty. A key may be cut to its first n characters ("[:n]") or its
 * last n ("[-n:]"), counted in code points. With several rules the
 * candidates are the union of their pairs, each produced once, by the
 * first rule it satisfies (as Splink does), so no pair is scored twice.
 *
 * Keys are kept as 64-bit hashes; records are grouped by sorting them, so
 * memory is a few words per record and rule, whatever the number of
 * pairs. A block larger than a cap would cost a quadratic number of pairs
 * (a placeholder phone, a common surname alone): it is left out, and the
 * caller is told so that it can name it.
 */
#ifndef CRM_BLOCKING_H
#define CRM_BLOCKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reader.h"

#define BLOCK_MAX_PARTS 8
#define BLOCK_MAX_RULES 16

struct block_part {
	char *name;		/* key name as written, without [..] */
	int source;		/* the caller's index of the key's values */
	long take;		/* 0: all; n > 0: first n; n < 0: last -n */
};

struct block_rule {
	char *spec;		/* as given, for messages */
	size_t nparts;
	struct block_part part[BLOCK_MAX_PARTS];
};

/*
 * Parse spec ("phone", "surname[:3],postcode", "phone[-8:]"); sources are
 * left -1 for the caller to resolve. False with a message in err.
 */
bool block_rule_parse(const char *spec, struct block_rule *rule, char *err,
    size_t errsize);
void block_rule_free(struct block_rule *rule);

/* The rule's key for values[part.source] of a record; 0 if one is empty. */
uint64_t block_key(const struct block_rule *rule, const struct field *values);

struct blocks;

/* Told of each block over the cap: a record in it and its size. */
typedef void block_capped_fn(void *ctx, size_t rule, size_t record,
    size_t size);

/*
 * Group n records by keys[i * nrules + r] (0: in no block of rule r);
 * takes keys, which blocks_free frees. Blocks of more than max_block
 * records are left out, each reported to capped.
 */
struct blocks *blocks_build(uint64_t *keys, size_t n, size_t nrules,
    size_t max_block, block_capped_fn *capped, void *ctx);
void blocks_free(struct blocks *b);

/* The pairs of every block of every rule: the candidates, at most. */
uint64_t blocks_pair_bound(const struct blocks *b);

/* The rules whose blocks hold both i and j, as a bit mask. */
unsigned blocks_shared(const struct blocks *b, uint32_t i, uint32_t j);

/* Called with each candidate pair, the rule that produced it, and all
 * the rules it satisfies. */
typedef void block_pair_fn(void *ctx, uint32_t i, uint32_t j, int rule,
    unsigned shared);

/*
 * The candidate pairs (i, j) with j > i, each once: for each rule in
 * turn, the later records of i's block that share no block of an
 * earlier rule with i, in record order.
 */
void blocks_pairs_of(const struct blocks *b, uint32_t i, block_pair_fn *fn,
    void *ctx);

#endif
