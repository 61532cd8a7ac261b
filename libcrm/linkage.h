/*
 * linkage.h: duplicate records found among many, on every core.
 *
 * The records' normalized fields (compare.h) are kept in memory with
 * their blocking keys; blocking (blocking.h) gives the candidate pairs,
 * which are never stored: each pass over them compares the pairs of a
 * range of records on a worker thread. Training estimates the
 * Fellegi-Sunter model (model/fellegi_sunter.h) as Splink does: u from
 * random pairs, m by EM on the candidate pairs of each blocking rule with
 * that rule's own fields left out (they agree by construction there),
 * and the fields of their group (which agree far more often there), the
 * prior from the expected number of matches among the candidates; past a
 * few million candidates, on those of a sample of the records. Names that
 * differ have m fixed at 0, and the fields that say where someone is
 * found count once, their agreements and their disagreements
 * (model/fellegi_sunter.h: never, group). Scoring
 * adds term-frequency adjustment (a pair agreeing on a rare name weighs
 * more than one agreeing on a common one) and joins the pairs whose match
 * probability reaches the threshold into clusters, the connected
 * components of a union-find.
 */
#ifndef CRM_LINKAGE_H
#define CRM_LINKAGE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "blocking.h"
#include "compare.h"
#include "model/fellegi_sunter.h"
#include "unionfind.h"
#include "writer.h"

struct linkage_options {
	uint64_t seed;		/* of the random pairs behind u */
	size_t u_pairs;		/* how many (all pairs when fewer) */
	int nthreads;
};

/* What training did, for the notes on standard error. */
struct linkage_report {
	uint64_t trained;	/* candidate pairs EM learnt from */
	uint64_t stride;	/* of records whose pairs those are: 1 in ... */
	size_t u_pairs;		/* random pairs compared */
	int sessions;		/* EM runs (one per rule, and a last one) */
	int iterations;		/* EM iterations in all */
	bool converged;
	unsigned pooled;	/* fields whose m no rule could estimate */
};

/* A scored candidate pair, for --pairs. */
struct pair_score {
	uint32_t i, j;		/* records, i < j */
	int rule;		/* the blocking rule that produced it */
	uint8_t level[FS_MAX_FIELDS];
	double weight[FS_MAX_FIELDS];	/* log2 Bayes factor of each field */
	double prior, match_weight, probability;
};

/* Format one pair into w; called from worker threads. */
typedef void pair_format_fn(void *ctx, struct writer *w,
    const struct pair_score *pair);

struct linkage {
	size_t nfields, nrules;
	enum field_kind kind[FS_MAX_FIELDS];
	unsigned rule_fields[BLOCK_MAX_RULES];	/* fields behind each rule */
	size_t n, cap;
	uint32_t **rows;	/* per record: field ends, then the text */
	struct arena text;
	uint64_t *keys;		/* n * nrules, handed to the blocks */
	struct blocks *blocks;
	bool tf;		/* term-frequency adjustment */
	uint32_t *tf_count[FS_MAX_FIELDS];	/* records with the value */
	size_t nonempty[FS_MAX_FIELDS];
	struct fs_model model;
	struct unionfind uf;
	_Atomic uint64_t *best;	/* best probability's bits, or UINT64_MAX */
	uint64_t candidates, matched;
};

/* rule_fields[r]: bit k set when a key of rule r comes from field k. */
void linkage_init(struct linkage *lk, size_t nfields,
    const enum field_kind *kind, size_t nrules, const unsigned *rule_fields);
void linkage_free(struct linkage *lk);

/* Add a record: its nfields normalized values and nrules keys. */
size_t linkage_add(struct linkage *lk, const struct field *values,
    const uint64_t *keys);
/* Field k of record i. */
const char *linkage_value(const struct linkage *lk, size_t i, size_t k,
    size_t *len);

/* Group the records into blocks (see blocks_build). */
void linkage_block(struct linkage *lk, size_t max_block,
    block_capped_fn *capped, void *ctx);

/*
 * Estimate the model from the data. Returns CRM_MODEL_OK, or the status
 * of an EM run that failed (CRM_MODEL_ENOCONV leaves usable values).
 */
int linkage_train(struct linkage *lk, const struct linkage_options *opt,
    struct linkage_report *report);

/*
 * The model as a params table (params.h): model fellegi-sunter, the
 * fields' names, lambda, and m.FIELD.LEVEL and u.FIELD.LEVEL for each
 * level; names[k] is field k's name. A file for other fields is an error.
 */
void linkage_save_model(const struct linkage *lk, char *const *names,
    const char *path);
void linkage_load_model(struct linkage *lk, char *const *names,
    const char *path);

/*
 * Score every candidate pair with lk->model, cluster those with a match
 * probability >= threshold, and (with out) write each pair through
 * format, in the order of blocks_pairs_of for records 0, 1, ...
 */
void linkage_score(struct linkage *lk, double threshold, int nthreads,
    struct writer *out, pair_format_fn *format, void *ctx);

/* The best match probability of record i among its pairs, if any. */
bool linkage_best(const struct linkage *lk, size_t i, double *p);

#endif
