/* linkage.c: records, training and scoring of candidate pairs. */
#include "linkage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/rng.h"
#include "params.h"
#include "sort.h"
#include "table.h"
#include "util.h"
#include "workers.h"

/* Records per piece of work, and pieces per batch between merges. */
enum { SUB = 256, BATCH = 64 };
/*
 * Candidate pairs EM learns from, about: with more, the pairs of a
 * sample of the records (1 in stride, by a hash of the record), their
 * counts scaled back. m and u are shares and lambda a rate, which a
 * sample of a few million pairs estimates as well as all of them, at a
 * fraction of a comparison pass over tens of millions.
 */
#define TRAIN_PAIRS 4000000
#define NO_PAIR UINT64_MAX

void
linkage_init(struct linkage *lk, size_t nfields, const enum field_kind *kind,
    size_t nrules, const unsigned *rule_fields)
{
	memset(lk, 0, sizeof(*lk));
	if (nfields == 0 || nfields > FS_MAX_FIELDS || nrules > BLOCK_MAX_RULES)
		die("between 1 and %d fields and at most %d blocking rules",
		    FS_MAX_FIELDS, BLOCK_MAX_RULES);
	lk->nfields = nfields;
	lk->nrules = nrules;
	memcpy(lk->kind, kind, nfields * sizeof(*kind));
	memcpy(lk->rule_fields, rule_fields, nrules * sizeof(*rule_fields));
	arena_init(&lk->text, 1 << 20);
	lk->tf = true;
}

void
linkage_free(struct linkage *lk)
{
	size_t k;

	blocks_free(lk->blocks);
	free(lk->keys);
	free(lk->rows);
	arena_free(&lk->text);
	for (k = 0; k < lk->nfields; k++)
		free(lk->tf_count[k]);
	if (lk->uf.parent)
		uf_free(&lk->uf);
	free(lk->best);
}

size_t
linkage_add(struct linkage *lk, const struct field *values,
    const uint64_t *keys)
{
	size_t size = lk->nfields * sizeof(uint32_t), at = 0, k;
	uint32_t *row;
	char *text;

	if (lk->n == lk->cap) {
		lk->cap = grow_capacity(lk->cap, lk->n + 1);
		lk->rows = xreallocarray(lk->rows, lk->cap, sizeof(*lk->rows));
		lk->keys = xreallocarray(lk->keys, lk->cap * (lk->nrules ?
		    lk->nrules : 1), sizeof(*lk->keys));
	}
	for (k = 0; k < lk->nfields; k++)
		size += values[k].len + 1;
	row = arena_alloc(&lk->text, size);
	text = (char *)(row + lk->nfields);
	for (k = 0; k < lk->nfields; k++) {
		memcpy(text + at, values[k].s, values[k].len);
		at += values[k].len;
		row[k] = (uint32_t)at;
		text[at++] = '\0';
	}
	lk->rows[lk->n] = row;
	if (lk->nrules)
		memcpy(lk->keys + lk->n * lk->nrules, keys, lk->nrules *
		    sizeof(*keys));
	return lk->n++;
}

const char *
linkage_value(const struct linkage *lk, size_t i, size_t k, size_t *len)
{
	const uint32_t *ends = lk->rows[i];
	const char *text = (const char *)(ends + lk->nfields);
	size_t start = k ? ends[k - 1] + 1 : 0;

	*len = ends[k] - start;
	return text + start;
}

void
linkage_block(struct linkage *lk, size_t max_block, block_capped_fn *capped,
    void *ctx)
{
	lk->blocks = blocks_build(lk->keys, lk->n, lk->nrules, max_block,
	    capped, ctx);
	lk->keys = NULL;	/* the blocks own them now */
}

/* The model as a file */

/* "name phone email": the fields' names as the model file lists them. */
static void
field_list(const struct linkage *lk, char *const *names, char *buf,
    size_t size)
{
	size_t k, at = 0;

	buf[0] = '\0';
	for (k = 0; k < lk->nfields && at < size; k++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s", k ? " " : "",
		    names[k]);
}

/* The names of m and u of field k at level l: "m.name.exact" ... */
static void
level_names(const struct linkage *lk, char *const *names, size_t k, int l,
    char m[256], char u[256])
{
	const char *label = kind_info(lk->kind[k])->labels[l];

	snprintf(m, 256, "m.%s.%s", names[k], label);
	snprintf(u, 256, "u.%s.%s", names[k], label);
}

void
linkage_save_model(const struct linkage *lk, char *const *names,
    const char *path)
{
	const struct fs_model *m = &lk->model;
	struct params *p = params_new();
	char mname[256], uname[256], fields[1024];
	size_t k;
	int l;

	field_list(lk, names, fields, sizeof(fields));
	params_set_text(p, "model", "fellegi-sunter");
	params_set_text(p, "fields", fields);
	params_set_number(p, "lambda", m->lambda);
	for (k = 0; k < lk->nfields; k++)
		for (l = 1; l < m->nlevels[k]; l++) {
			level_names(lk, names, k, l, mname, uname);
			params_set_number(p, mname, m->m[k][l]);
			params_set_number(p, uname, m->u[k][l]);
		}
	params_save(p, path);
	params_free(p);
}

/*
 * A model file's m may be 0 (a level matches never show, as for names
 * that differ), else a probability; u must be above 0.
 */
void
linkage_load_model(struct linkage *lk, char *const *names,
    const char *path)
{
	struct fs_model *m = &lk->model;
	struct params *p = params_load(path);
	char mname[256], uname[256], fields[1024];
	size_t k;
	int l;

	field_list(lk, names, fields, sizeof(fields));
	if (strcmp(params_text(p, "model"), "fellegi-sunter") != 0)
		die("%s: not a crm-dedupe model (model is '%s')", path,
		    params_text(p, "model"));
	if (strcmp(params_text(p, "fields"), fields) != 0)
		die("%s: the model compares '%s', this run '%s' (see "
		    "--fields)", path, params_text(p, "fields"), fields);
	memset(m, 0, sizeof(*m));
	m->nfields = (int)lk->nfields;
	m->lambda = params_number(p, "lambda", true);
	for (k = 0; k < lk->nfields; k++) {
		m->nlevels[k] = kind_info(lk->kind[k])->nlevels;
		m->group[k] = (uint8_t)kind_info(lk->kind[k])->group;
		for (l = 1; l < m->nlevels[k]; l++) {
			level_names(lk, names, k, l, mname, uname);
			m->m[k][l] = params_number(p, mname, false);
			if (m->m[k][l] < 0 || m->m[k][l] > 1)
				die("%s: %s must be from 0 to 1, not %g", path,
				    mname, m->m[k][l]);
			if (m->m[k][l] == 0)
				m->never[k] = (uint8_t)l;
			m->u[k][l] = params_number(p, uname, true);
		}
	}
	params_free(p);
}

/* Passes over pairs, on worker threads */

enum pass_kind { PASS_RANDOM, PASS_CANDIDATES, PASS_SCORE };

struct worker {
	struct compared left[FS_MAX_FIELDS], right[FS_MAX_FIELDS];
	struct table *cells;	/* pattern and rules -> pairs */
	uint64_t pairs;
};

/* What one piece of a batch found, merged in order after the batch. */
struct slot {
	uint32_t *matched;	/* pairs i, j */
	size_t n, cap;
	struct writer *mem;
};

struct pass {
	struct linkage *lk;
	enum pass_kind kind;
	const uint32_t *random;	/* PASS_RANDOM: pairs i, j */
	size_t items;		/* random pairs, or records */
	uint64_t stride;	/* PASS_CANDIDATES: 1 record in stride */
	size_t first_sub, end_sub;
	atomic_size_t next;
	struct worker *workers;
	struct slot slots[BATCH];
	double threshold;
	pair_format_fn *format;
	void *ctx;
	double weight[FS_MAX_FIELDS][FS_MAX_LEVELS];
	double log2_m[FS_MAX_FIELDS][FS_MAX_LEVELS];
	int tf_level[FS_MAX_FIELDS];
};

struct pair_job {
	struct pass *ps;
	struct worker *w;
	struct slot *slot;
};

static void
set_left(const struct linkage *lk, struct worker *w, size_t i)
{
	const char *s;
	size_t k, len;

	for (k = 0; k < lk->nfields; k++) {
		s = linkage_value(lk, i, k, &len);
		compared_set(&w->left[k], s, len);
	}
}

static void
pair_levels(const struct linkage *lk, struct worker *w, size_t j,
    uint8_t *level)
{
	const char *s;
	size_t k, len;

	for (k = 0; k < lk->nfields; k++) {
		level[k] = 0;
		if (w->left[k].len == 0)
			continue;
		s = linkage_value(lk, j, k, &len);
		if (len == 0)
			continue;
		compared_set(&w->right[k], s, len);
		level[k] = (uint8_t)compare_level(lk->kind[k], &w->left[k],
		    &w->right[k]);
	}
}

/* A cell's key: the levels, then the rules' mask in two bytes. */
static void
count_pattern(struct table *cells, const uint8_t *level, size_t nfields,
    unsigned mask)
{
	uint8_t key[FS_MAX_FIELDS + 2];
	bool added;

	memcpy(key, level, nfields);
	key[nfields] = (uint8_t)(mask & 0xff);
	key[nfields + 1] = (uint8_t)(mask >> 8);
	*(double *)table_upsert(cells, (const char *)key, nfields + 2,
	    &added) += 1;
}

static void
note_best(_Atomic uint64_t *best, double p)
{
	uint64_t bits, cur = atomic_load_explicit(best, memory_order_relaxed);

	memcpy(&bits, &p, sizeof(bits));
	while ((cur == NO_PAIR || cur < bits) &&
	    !atomic_compare_exchange_weak(best, &cur, bits))
		continue;
}

/*
 * Field k's weight at level, term-frequency adjusted when exact (or
 * from the kind's tf_level): u is the share of the other records with
 * the value (fs_tf_weight).
 */
static double
field_weight(const struct pass *ps, size_t k, int level, size_t i)
{
	const struct linkage *lk = ps->lk;

	if (lk->tf && level >= ps->tf_level[k] && lk->nonempty[k] > 0)
		return fs_tf_weight(ps->log2_m[k][level], lk->tf_count[k][i],
		    lk->nonempty[k]);
	return ps->weight[k][level];
}

static void
score_pair(struct pair_job *job, uint32_t i, uint32_t j, int rule)
{
	struct pass *ps = job->ps;
	struct linkage *lk = ps->lk;
	struct slot *slot = job->slot;
	struct pair_score p;
	size_t k;

	p.i = i, p.j = j, p.rule = rule;
	pair_levels(lk, job->w, j, p.level);
	p.prior = fs_prior_weight(lk->model.lambda);
	for (k = 0; k < lk->nfields; k++)
		p.weight[k] = field_weight(ps, k, p.level[k], i);
	p.match_weight = p.prior + fs_sum_weights(&lk->model, p.weight, NULL);
	p.probability = fs_probability(p.match_weight);
	note_best(&lk->best[i], p.probability);
	note_best(&lk->best[j], p.probability);
	if (p.probability >= ps->threshold) {
		if (slot->n + 2 > slot->cap) {
			slot->cap = grow_capacity(slot->cap, slot->n + 2);
			slot->matched = xreallocarray(slot->matched, slot->cap,
			    sizeof(uint32_t));
		}
		slot->matched[slot->n++] = i;
		slot->matched[slot->n++] = j;
	}
	if (ps->format)
		ps->format(ps->ctx, slot->mem, &p);
}

static void
on_pair(void *ctx, uint32_t i, uint32_t j, int rule, unsigned shared)
{
	struct pair_job *job = ctx;
	uint8_t level[FS_MAX_FIELDS];

	job->w->pairs++;
	if (job->ps->kind == PASS_SCORE) {
		score_pair(job, i, j, rule);
		return;
	}
	pair_levels(job->ps->lk, job->w, j, level);
	count_pattern(job->w->cells, level, job->ps->lk->nfields, shared);
}

static void
run_piece(struct pass *ps, struct worker *w, size_t sub, struct slot *slot)
{
	struct pair_job job = { ps, w, slot };
	size_t first = sub * SUB, end = first + SUB, i;
	uint8_t level[FS_MAX_FIELDS];

	if (end > ps->items)
		end = ps->items;
	for (i = first; i < end; i++) {
		if (ps->kind == PASS_RANDOM) {
			set_left(ps->lk, w, ps->random[2 * i]);
			pair_levels(ps->lk, w, ps->random[2 * i + 1], level);
			count_pattern(w->cells, level, ps->lk->nfields, 0);
			continue;
		}
		if (ps->stride > 1 && crm_rng_mix(i) % ps->stride != 0)
			continue;
		set_left(ps->lk, w, i);
		blocks_pairs_of(ps->lk->blocks, (uint32_t)i, on_pair, &job);
	}
}

static void
pass_worker(void *ctx, int index, unsigned long batch)
{
	struct pass *ps = ctx;
	size_t sub;

	(void)batch;
	while ((sub = atomic_fetch_add(&ps->next, 1)) < ps->end_sub)
		run_piece(ps, &ps->workers[index], sub,
		    &ps->slots[sub - ps->first_sub]);
}

/* After a scoring batch: join the matched pairs, write the pieces. */
static void
merge_batch(struct pass *ps, struct writer *out)
{
	struct linkage *lk = ps->lk;
	const char *bytes;
	size_t s, k, len;

	for (s = 0; s < ps->end_sub - ps->first_sub; s++) {
		struct slot *slot = &ps->slots[s];

		for (k = 0; k < slot->n; k += 2)
			uf_union(&lk->uf, slot->matched[k],
			    slot->matched[k + 1]);
		lk->matched += slot->n / 2;
		slot->n = 0;
		if (out) {
			bytes = writer_contents(slot->mem, &len);
			writer_raw(out, bytes, len);
		}
	}
}

static void
run_pass(struct pass *ps, int nthreads, struct writer *out)
{
	size_t nsubs = (ps->items + SUB - 1) / SUB, first;
	struct workers *pool = workers_start(nthreads, pass_worker, ps);

	for (first = 0; first < nsubs; first += BATCH) {
		ps->first_sub = first;
		ps->end_sub = first + BATCH < nsubs ? first + BATCH : nsubs;
		atomic_store(&ps->next, first);
		workers_run(pool);
		if (ps->kind == PASS_SCORE)
			merge_batch(ps, out);
	}
	workers_stop(pool);
}

static void
pass_begin(struct pass *ps, struct linkage *lk, enum pass_kind kind,
    size_t items, int nthreads)
{
	int t;

	memset(ps, 0, sizeof(*ps));
	ps->lk = lk;
	ps->kind = kind;
	ps->items = items;
	ps->workers = xcalloc((size_t)nthreads, sizeof(*ps->workers));
	for (t = 0; t < nthreads; t++)
		ps->workers[t].cells = table_new(sizeof(double));
}

static void
pass_end(struct pass *ps, int nthreads)
{
	size_t s;
	int t;

	for (t = 0; t < nthreads; t++)
		table_free(ps->workers[t].cells);
	for (s = 0; s < BATCH; s++) {
		free(ps->slots[s].matched);
		if (ps->slots[s].mem)
			writer_close(ps->slots[s].mem);
	}
	free(ps->workers);
}

/* Training */

/* Distinct patterns with their counts and rule masks, sorted by key. */
struct cells {
	size_t n, nfields;
	uint8_t *levels;
	double *count;
	unsigned *mask;
};

struct cell_ref {
	const uint8_t *key;
	size_t len;
	double count;
};

static int
compare_cell_refs(const void *a, const void *b)
{
	const struct cell_ref *x = a, *y = b;

	return memcmp(x->key, y->key, x->len);
}

/* The workers' tables merged, in key order so that sums do not depend
 * on which thread took which pairs. */
static void
gather_cells(const struct pass *ps, int nthreads, struct cells *c)
{
	struct table *all = table_new(sizeof(double));
	struct cell_ref *refs;
	size_t e, len, nf = ps->lk->nfields;
	const char *key;
	bool added;
	int t;

	for (t = 0; t < nthreads; t++)
		for (e = 0; e < table_count(ps->workers[t].cells); e++) {
			key = table_key(ps->workers[t].cells, e, &len);
			*(double *)table_upsert(all, key, len, &added) +=
			    *(double *)table_value(ps->workers[t].cells, e);
		}
	c->n = table_count(all);
	c->nfields = nf;
	refs = xreallocarray(NULL, c->n ? c->n : 1, sizeof(*refs));
	for (e = 0; e < c->n; e++) {
		refs[e].key = (const uint8_t *)table_key(all, e, &refs[e].len);
		refs[e].count = *(double *)table_value(all, e);
	}
	qsort(refs, c->n, sizeof(*refs), compare_cell_refs);
	c->levels = xreallocarray(NULL, c->n * nf + 1, 1);
	c->count = xreallocarray(NULL, c->n + 1, sizeof(double));
	c->mask = xreallocarray(NULL, c->n + 1, sizeof(unsigned));
	for (e = 0; e < c->n; e++) {
		memcpy(c->levels + e * nf, refs[e].key, nf);
		c->count[e] = refs[e].count;
		c->mask[e] = refs[e].key[nf] | (unsigned)refs[e].key[nf + 1] << 8;
	}
	free(refs);
	table_free(all);
}

static void
cells_free(struct cells *c)
{
	free(c->levels);
	free(c->count);
	free(c->mask);
}

/* Compare the random pairs (or all pairs, when there are fewer). */
static void
random_cells(struct linkage *lk, const struct linkage_options *opt,
    struct cells *c, size_t *npairs)
{
	double all = (double)lk->n * (double)(lk->n - 1) / 2;
	size_t n = all <= (double)opt->u_pairs ? (size_t)all : opt->u_pairs;
	uint32_t *pairs = xreallocarray(NULL, 2 * n + 2, sizeof(uint32_t));
	struct crm_rng rng;
	struct pass ps;
	size_t p = 0, i, j;

	crm_rng_seed(&rng, opt->seed);
	if ((double)n == all) {
		for (i = 0; i < lk->n; i++)
			for (j = i + 1; j < lk->n; j++, p++) {
				pairs[2 * p] = (uint32_t)i;
				pairs[2 * p + 1] = (uint32_t)j;
			}
	} else {
		for (p = 0; p < n; p++) {
			i = crm_rng_index(&rng, lk->n);
			j = crm_rng_index(&rng, lk->n - 1);
			pairs[2 * p] = (uint32_t)i;
			pairs[2 * p + 1] = (uint32_t)(j >= i ? j + 1 : j);
		}
	}
	pass_begin(&ps, lk, PASS_RANDOM, n, opt->nthreads);
	ps.random = pairs;
	run_pass(&ps, opt->nthreads, NULL);
	gather_cells(&ps, opt->nthreads, c);
	pass_end(&ps, opt->nthreads);
	free(pairs);
	*npairs = n;
}

/* The patterns of the candidate pairs, or of a sample (TRAIN_PAIRS). */
static void
candidate_cells(struct linkage *lk, int nthreads, struct cells *c,
    struct linkage_report *rep)
{
	uint64_t bound = blocks_pair_bound(lk->blocks);
	struct pass ps;
	size_t e;
	int t;

	pass_begin(&ps, lk, PASS_CANDIDATES, lk->n, nthreads);
	ps.stride = bound > TRAIN_PAIRS ? (bound + TRAIN_PAIRS - 1) /
	    TRAIN_PAIRS : 1;
	run_pass(&ps, nthreads, NULL);
	gather_cells(&ps, nthreads, c);
	for (e = 0; e < c->n; e++)
		c->count[e] *= (double)ps.stride;
	rep->trained = 0;
	for (t = 0; t < nthreads; t++)
		rep->trained += ps.workers[t].pairs;
	rep->stride = ps.stride;
	pass_end(&ps, nthreads);
}

/* One EM session: the cells of rule (all with rule < 0), its fields out. */
struct session {
	bool ran;
	int status, iterations;
	bool ignore[FS_MAX_FIELDS];
	struct fs_model model;
};

/*
 * Whether rule r's pairs say nothing about the m of field k: k is one
 * of its keys, or in a group with one (model/fellegi_sunter.h). Pairs
 * that share a city also share postcodes and streets far more often
 * than random pairs do, whose u the session holds fixed: non-matches
 * agreeing there would look like matches to EM, which at a million
 * records then counts namesakes of one city as matches and learns
 * from them that matches often differ in birthday and company.
 */
static bool
blocked_by(const struct linkage *lk, int r, size_t k)
{
	size_t f;
	int g = kind_info(lk->kind[k])->group;

	if (lk->rule_fields[r] >> k & 1)
		return true;
	for (f = 0; g != 0 && f < lk->nfields; f++)
		if ((lk->rule_fields[r] >> f & 1) &&
		    kind_info(lk->kind[f])->group == g)
			return true;
	return false;
}

static void
run_session(const struct linkage *lk, const struct cells *c, int rule,
    const struct fs_model *start, struct session *s)
{
	struct fs_em_options opt = { false, s->ignore, 1000, 1e-6 };
	struct fs_patterns p;
	uint8_t *levels = xreallocarray(NULL, c->n * c->nfields + 1, 1);
	double *count = xreallocarray(NULL, c->n + 1, sizeof(double));
	size_t e, n = 0, k, used = 0;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < lk->nfields; k++) {
		s->ignore[k] = rule >= 0 && blocked_by(lk, rule, k);
		used += !s->ignore[k];
	}
	for (e = 0; e < c->n; e++)
		if (rule < 0 || (c->mask[e] >> rule & 1)) {
			memcpy(levels + n * c->nfields, c->levels + e *
			    c->nfields, c->nfields);
			count[n++] = c->count[e];
		}
	if (used > 0 && n > 0) {
		p.levels = levels, p.count = count, p.n = n;
		s->model = *start;
		s->status = fs_em(&s->model, &p, &opt, &s->iterations);
		s->ran = s->status == CRM_MODEL_OK ||
		    s->status == CRM_MODEL_ENOCONV;
	}
	free(levels);
	free(count);
}

/* P(match | cell) under the session of the cell's first rule. */
static double
cell_posterior(const struct cells *c, size_t e, const struct session *s)
{
	return fs_probability(fs_match_weight(&s->model, c->levels + e *
	    c->nfields, s->ignore));
}

/*
 * lambda as EM sets it with m and u held (the E and M steps of Winkler
 * 1988 for lambda alone): the expected matches among the candidates,
 * each cell's posterior under the whole model, over all pairs, until it
 * no longer moves. The sessions' posteriors, each under its own rule's
 * lambda, overstate it when a rule's blocks hold many look-alikes.
 */
static void
settle_lambda(struct linkage *lk, const struct cells *c)
{
	struct fs_model *m = &lk->model;
	double all = (double)lk->n * (double)(lk->n - 1) / 2, matches, next;
	size_t e;
	int it;

	for (it = 0; it < 200; it++) {
		matches = 0;
		for (e = 0; e < c->n; e++)
			matches += c->count[e] * fs_probability(
			    fs_match_weight(m, c->levels + e * c->nfields,
			    NULL));
		next = fmin(fmax(matches / all, 1e-15), 0.5);
		if (fabs(next - m->lambda) <= 1e-6 * m->lambda) {
			m->lambda = next;
			return;
		}
		m->lambda = next;
	}
}

/*
 * m: the mean over the sessions that could estimate it (Splink's way);
 * a field every rule uses is estimated on all candidates together.
 */
static int
combine_sessions(struct linkage *lk, const struct cells *c,
    const struct session *rules, const struct session *all,
    struct linkage_report *rep)
{
	double sum[FS_MAX_FIELDS][FS_MAX_LEVELS] = { { 0 } }, matches = 0;
	int used[FS_MAX_FIELDS] = { 0 }, l;
	size_t r, k, e;
	const struct session *s;

	for (r = 0; r < lk->nrules; r++)
		for (k = 0; rules[r].ran && k < lk->nfields; k++)
			if (!rules[r].ignore[k]) {
				for (l = 1; l < lk->model.nlevels[k]; l++)
					sum[k][l] += rules[r].model.m[k][l];
				used[k]++;
			}
	for (k = 0; k < lk->nfields; k++) {
		if (used[k] == 0 && !all->ran)
			return all->status ? all->status :
			    CRM_MODEL_EDEGENERATE;
		for (l = 1; l < lk->model.nlevels[k]; l++)
			lk->model.m[k][l] = used[k] ? sum[k][l] / used[k] :
			    all->model.m[k][l];
		if (used[k] == 0)
			rep->pooled |= 1u << k;
	}
	for (e = 0; e < c->n; e++) {
		r = (size_t)__builtin_ctz(c->mask[e]);
		s = rules[r].ran ? &rules[r] : all;
		matches += c->count[e] * cell_posterior(c, e, s);
	}
	lk->model.lambda = matches / ((double)lk->n * (double)(lk->n - 1) /
	    2);
	lk->model.lambda = fmin(fmax(lk->model.lambda, 1e-15), 0.5);
	settle_lambda(lk, c);
	return CRM_MODEL_OK;
}

static void
set_u(struct linkage *lk, const struct cells *random)
{
	struct fs_patterns p = { random->levels, random->count, random->n };
	int nlevels[FS_MAX_FIELDS];
	size_t k;

	for (k = 0; k < lk->nfields; k++)
		nlevels[k] = kind_info(lk->kind[k])->nlevels;
	fs_model_init(&lk->model, (int)lk->nfields, nlevels);
	for (k = 0; k < lk->nfields; k++) {
		fs_level_shares(&p, (int)lk->nfields, (int)k, nlevels[k],
		    lk->model.u[k]);
		lk->model.never[k] = (uint8_t)kind_info(lk->kind[k])->never;
		lk->model.group[k] = (uint8_t)kind_info(lk->kind[k])->group;
		lk->model.m[k][lk->model.never[k]] = 0;
	}
}

int
linkage_train(struct linkage *lk, const struct linkage_options *opt,
    struct linkage_report *rep)
{
	struct cells random = { 0 }, cand = { 0 };
	struct session rules[BLOCK_MAX_RULES], all = { 0 };
	int status = CRM_MODEL_OK;
	size_t r;

	memset(rep, 0, sizeof(*rep));
	rep->converged = true;
	random_cells(lk, opt, &random, &rep->u_pairs);
	set_u(lk, &random);
	candidate_cells(lk, opt->nthreads, &cand, rep);
	if (lk->n < 2 || cand.n == 0) {
		lk->model.lambda = 1e-15;
		goto done;
	}
	for (r = 0; r < lk->nrules; r++) {
		run_session(lk, &cand, (int)r, &lk->model, &rules[r]);
		rep->sessions += rules[r].ran;
		rep->iterations += rules[r].iterations;
		rep->converged &= rules[r].status != CRM_MODEL_ENOCONV;
	}
	run_session(lk, &cand, -1, &lk->model, &all);
	rep->sessions += all.ran;
	rep->iterations += all.iterations;
	rep->converged &= all.status != CRM_MODEL_ENOCONV;
	status = combine_sessions(lk, &cand, rules, &all, rep);
done:
	cells_free(&random);
	cells_free(&cand);
	return status;
}

/* Scoring */

/*
 * tf_count[k][i]: how many records have record i's value of field k
 * (for a name, its words in any order).
 */
static void
count_values(struct linkage *lk, size_t k)
{
	struct keyed *items = xreallocarray(NULL, lk->n + 1, sizeof(*items));
	struct textbuf sorted = { 0 };
	size_t n = 0, i, start, end, len;
	const char *s;

	lk->tf_count[k] = xcalloc(lk->n + 1, sizeof(uint32_t));
	for (i = 0; i < lk->n; i++) {
		s = linkage_value(lk, i, k, &len);
		if (len > 0 && lk->kind[k] == KIND_NAME) {
			words_sorted(s, len, &sorted);
			s = sorted.s;
			len = sorted.len;
		}
		if (len > 0) {
			items[n].key = (int64_t)hash_bytes(s, len);
			items[n++].index = i;
		}
	}
	textbuf_free(&sorted);
	sort_keyed(items, n);
	for (start = 0; start < n; start = end) {
		for (end = start + 1; end < n && items[end].key ==
		    items[start].key; end++)
			continue;
		for (i = start; i < end; i++)
			lk->tf_count[k][items[i].index] = (uint32_t)(end -
			    start);
	}
	lk->nonempty[k] = n;
	free(items);
}

void
linkage_score(struct linkage *lk, double threshold, int nthreads,
    struct writer *out, pair_format_fn *format, void *ctx)
{
	struct pass ps;
	size_t i, k, s;
	int l;

	for (k = 0; k < lk->nfields; k++)
		if (lk->tf && lk->tf_count[k] == NULL)
			count_values(lk, k);
	uf_init(&lk->uf, lk->n);
	lk->best = xreallocarray(NULL, lk->n + 1, sizeof(*lk->best));
	for (i = 0; i < lk->n; i++)
		atomic_init(&lk->best[i], NO_PAIR);
	pass_begin(&ps, lk, PASS_SCORE, lk->n, nthreads);
	ps.threshold = threshold;
	ps.format = out ? format : NULL;
	ps.ctx = ctx;
	for (k = 0; k < lk->nfields; k++) {
		for (l = 0; l < lk->model.nlevels[k]; l++) {
			ps.weight[k][l] = fs_field_weight(&lk->model, (int)k, l);
			ps.log2_m[k][l] = log2(lk->model.m[k][l]);
		}
		ps.tf_level[k] = kind_tf_level(lk->kind[k]);
	}
	for (s = 0; out && s < BATCH; s++)
		ps.slots[s].mem = writer_open_memory(writer_options(out));
	run_pass(&ps, nthreads, out);
	lk->candidates = 0;
	for (l = 0; l < nthreads; l++)
		lk->candidates += ps.workers[l].pairs;
	pass_end(&ps, nthreads);
}

bool
linkage_best(const struct linkage *lk, size_t i, double *p)
{
	uint64_t bits = atomic_load(&lk->best[i]);

	if (bits == NO_PAIR)
		return false;
	memcpy(p, &bits, sizeof(*p));
	return true;
}
