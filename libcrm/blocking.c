/* blocking.c: blocking rules, keys, blocks and the pairs they give. */
#include "blocking.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "model/rng.h"
#include "sort.h"
#include "table.h"
#include "util.h"

/* "[:n]" or "[-n:]" at s: the count into *take; false if malformed. */
static bool
parse_cut(const char *s, long *take)
{
	char *end;
	long n;

	if (strncmp(s, "[:", 2) == 0) {
		n = strtol(s + 2, &end, 10);
		*take = n;
		return n > 0 && strcmp(end, "]") == 0 && s[2] != '-';
	}
	if (strncmp(s, "[-", 2) == 0) {
		n = strtol(s + 2, &end, 10);
		*take = -n;
		return n > 0 && strcmp(end, ":]") == 0;
	}
	return false;
}

bool
block_rule_parse(const char *spec, struct block_rule *rule, char *err,
    size_t errsize)
{
	char *copy = xstrdup(spec), *save = NULL, *tok, *cut;
	bool ok = true;

	memset(rule, 0, sizeof(*rule));
	rule->spec = xstrdup(spec);
	for (tok = strtok_r(copy, ",", &save); tok && ok;
	    tok = strtok_r(NULL, ",", &save)) {
		struct block_part *p = &rule->part[rule->nparts];

		if (rule->nparts == BLOCK_MAX_PARTS) {
			snprintf(err, errsize, "'%s' has more than %d keys",
			    spec, BLOCK_MAX_PARTS);
			ok = false;
			break;
		}
		p->source = -1;
		if ((cut = strchr(tok, '[')) != NULL &&
		    !parse_cut(cut, &p->take)) {
			snprintf(err, errsize, "'%s': '%s' is not [:n] or "
			    "[-n:]", spec, cut);
			ok = false;
		}
		if (cut)
			*cut = '\0';
		p->name = xstrdup(tok);
		rule->nparts++;
		if (ok && *tok == '\0') {
			snprintf(err, errsize, "'%s' has an empty key", spec);
			ok = false;
		}
	}
	if (ok && rule->nparts == 0) {
		snprintf(err, errsize, "'%s' names no key", spec);
		ok = false;
	}
	free(copy);
	return ok;
}

void
block_rule_free(struct block_rule *rule)
{
	size_t i;

	for (i = 0; i < rule->nparts; i++)
		free(rule->part[i].name);
	free(rule->spec);
	memset(rule, 0, sizeof(*rule));
}

uint64_t
block_key(const struct block_rule *rule, const struct field *values)
{
	uint64_t h = 0x243f6a8885a308d3ull;
	size_t i, len, skip;
	const char *s;

	for (i = 0; i < rule->nparts; i++) {
		const struct block_part *p = &rule->part[i];

		s = values[p->source].s;
		len = values[p->source].len;
		if (len == 0)
			return 0;
		if (p->take > 0)
			len = utf8_prefix(s, len, (size_t)p->take);
		else if (p->take < 0 && utf8_count(s, len) > (size_t)-p->take) {
			skip = utf8_prefix(s, len, utf8_count(s, len) -
			    (size_t)-p->take);
			s += skip;
			len -= skip;
		}
		h = crm_rng_mix(h ^ hash_bytes(s, len)) + i;
	}
	return h ? h : 1;
}

struct blocks {
	uint64_t *keys;		/* n * nrules; 0: in no block */
	size_t n, nrules;
	uint32_t *order[BLOCK_MAX_RULES];	/* records grouped by key */
	uint32_t *pos[BLOCK_MAX_RULES];		/* of each record in order */
	size_t count[BLOCK_MAX_RULES];		/* records in order */
};

/* Group the records of rule r; blocks over the cap lose their keys. */
static void
group_rule(struct blocks *b, size_t r, size_t max_block,
    block_capped_fn *capped, void *ctx)
{
	struct keyed *items = xreallocarray(NULL, b->n ? b->n : 1,
	    sizeof(*items));
	size_t n = 0, i, start, end;
	uint64_t key;

	for (i = 0; i < b->n; i++)
		if ((key = b->keys[i * b->nrules + r]) != 0) {
			items[n].key = (int64_t)key;
			items[n++].index = i;
		}
	sort_keyed(items, n);
	b->order[r] = xreallocarray(NULL, n ? n : 1, sizeof(uint32_t));
	b->pos[r] = xreallocarray(NULL, b->n ? b->n : 1, sizeof(uint32_t));
	memset(b->pos[r], 0xff, b->n * sizeof(uint32_t));
	for (start = 0; start < n; start = end) {
		for (end = start + 1; end < n && items[end].key ==
		    items[start].key; end++)
			continue;
		if (end - start > max_block) {
			capped(ctx, r, items[start].index, end - start);
			for (i = start; i < end; i++)
				b->keys[items[i].index * b->nrules + r] = 0;
			continue;
		}
		for (i = start; i < end; i++) {
			b->pos[r][items[i].index] = (uint32_t)b->count[r];
			b->order[r][b->count[r]++] = (uint32_t)items[i].index;
		}
	}
	free(items);
}

struct blocks *
blocks_build(uint64_t *keys, size_t n, size_t nrules, size_t max_block,
    block_capped_fn *capped, void *ctx)
{
	struct blocks *b = xcalloc(1, sizeof(*b));
	size_t r;

	if (nrules > BLOCK_MAX_RULES || n > UINT32_MAX - 1)
		die("too many blocking rules or records");
	b->keys = keys;
	b->n = n;
	b->nrules = nrules;
	for (r = 0; r < nrules; r++)
		group_rule(b, r, max_block, capped, ctx);
	return b;
}

void
blocks_free(struct blocks *b)
{
	size_t r;

	if (b == NULL)
		return;
	for (r = 0; r < b->nrules; r++) {
		free(b->order[r]);
		free(b->pos[r]);
	}
	free(b->keys);
	free(b);
}

uint64_t
blocks_pair_bound(const struct blocks *b)
{
	uint64_t pairs = 0, key;
	size_t r, start, end;

	for (r = 0; r < b->nrules; r++)
		for (start = 0; start < b->count[r]; start = end) {
			key = b->keys[(size_t)b->order[r][start] * b->nrules + r];
			for (end = start + 1; end < b->count[r] &&
			    b->keys[(size_t)b->order[r][end] * b->nrules + r] ==
			    key; end++)
				continue;
			pairs += (uint64_t)(end - start) * (end - start - 1) / 2;
		}
	return pairs;
}

unsigned
blocks_shared(const struct blocks *b, uint32_t i, uint32_t j)
{
	const uint64_t *ki = b->keys + (size_t)i * b->nrules;
	const uint64_t *kj = b->keys + (size_t)j * b->nrules;
	unsigned mask = 0;
	size_t r;

	for (r = 0; r < b->nrules; r++)
		if (ki[r] != 0 && ki[r] == kj[r])
			mask |= 1u << r;
	return mask;
}

void
blocks_pairs_of(const struct blocks *b, uint32_t i, block_pair_fn *fn,
    void *ctx)
{
	size_t r, q;
	uint64_t key;
	uint32_t j;
	unsigned shared;

	for (r = 0; r < b->nrules; r++) {
		key = b->keys[(size_t)i * b->nrules + r];
		if (key == 0)
			continue;
		for (q = (size_t)b->pos[r][i] + 1; q < b->count[r]; q++) {
			j = b->order[r][q];
			if (b->keys[(size_t)j * b->nrules + r] != key)
				break;
			shared = blocks_shared(b, i, j);
			if ((shared & ((1u << r) - 1)) == 0)
				fn(ctx, i, j, (int)r, shared);
		}
	}
}
