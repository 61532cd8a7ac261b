/* table.c: open-addressing hash table with arena-stored keys. */
#include "table.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "util.h"

/*
 * A slot holds the top 32 bits of the key's hash (the tag, which alone
 * places the slot: Fibonacci hashing, so growing never rehashes a key),
 * the entry number, and the first 8 bytes of the key with its length, so
 * that keys of up to 8 bytes are found without touching their entry.
 */
struct slot {
	uint32_t tag;
	uint32_t meta;		/* entry + 1, and length code << 28; 0: empty */
	uint64_t prefix;	/* key bytes 0..7, zero-padded */
};

#define ENTRY_BITS	28
#define ENTRY_MASK	((1u << ENTRY_BITS) - 1)
#define LONG_KEY	15u	/* length code of keys longer than 8 bytes */

/* A key in the arena: its length, then its bytes. */
struct key {
	uint32_t len;
	char bytes[];
};

struct table {
	struct slot *slots;
	size_t mask;		/* number of slots - 1 (a power of two) */
	unsigned shift;		/* 32 - log2(number of slots) */
	struct key **keys;	/* by entry */
	char *values;		/* by entry, value_size each */
	char *values_block;	/* the allocation values lie in */
	size_t count, capacity, value_size;
	uint64_t seed;		/* of its hash: table_hash() */
	struct arena key_text;
};

/*
 * A multiply-and-fold hash over 8-byte words, strong enough for ids and
 * fast for the short keys customers have. The seed enters the first
 * state, so keys crafted to collide under one seed do not under another;
 * seed 0 is hash_bytes(), the stable hash.
 */
uint64_t
hash_seeded(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t h = (len ^ seed) * k, w;
	__uint128_t m;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		m = (__uint128_t)(h ^ w) * k;
		h = (uint64_t)m ^ (uint64_t)(m >> 64);
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		m = (__uint128_t)(h ^ w ^ (len << 59)) * k;
		h = (uint64_t)m ^ (uint64_t)(m >> 64);
	}
	m = (__uint128_t)(h ^ seed) * 0xbf58476d1ce4e5b9ull;
	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

uint64_t
hash_bytes(const void *data, size_t len)
{
	return hash_seeded(data, len, 0);
}

/*
 * The seed of this run: chosen once (pthread_once), before the first
 * table, and constant after. CRM_HASH_SEED sets it (tests); otherwise it
 * comes from getrandom(), so nobody can craft ids that collide.
 */
static pthread_once_t run_seed_once = PTHREAD_ONCE_INIT;
static uint64_t run_seed;

static void
choose_run_seed(void)
{
	const char *env = getenv("CRM_HASH_SEED");
	struct timespec now;

	if (env != NULL && *env != '\0') {
		run_seed = strtoull(env, NULL, 0);
		return;
	}
	if (getrandom(&run_seed, sizeof(run_seed), GRND_NONBLOCK) ==
	    (ssize_t)sizeof(run_seed))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	run_seed = hash_bytes(&now, sizeof(now)) ^ (uint64_t)getpid();
}

uint64_t
hash_run_seed(void)
{
	pthread_once(&run_seed_once, choose_run_seed);
	return run_seed;
}

uint64_t
hash_key(const void *data, size_t len)
{
	return hash_seeded(data, len, hash_run_seed());
}

uint64_t
table_hash(const struct table *t, const void *key, size_t len)
{
	return hash_seeded(key, len, t->seed);
}

struct table *
table_new(size_t value_size)
{
	return table_new_seeded(value_size, hash_run_seed());
}

struct table *
table_new_seeded(size_t value_size, uint64_t seed)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->seed = seed;
	t->mask = 1023;
	t->shift = 32 - 10;
	t->slots = xcalloc(t->mask + 1, sizeof(*t->slots));
	t->value_size = value_size;
	arena_init(&t->key_text, 1 << 16);
	return t;
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	arena_free(&t->key_text);
	free(t->slots);
	free(t->keys);
	free(t->values_block);
	free(t);
}

void
table_drop_slots(struct table *t)
{
	free(t->slots);
	t->slots = NULL;
}

void
table_drop_values(struct table *t)
{
	free(t->slots);
	free(t->values_block);
	t->slots = NULL;
	t->values = t->values_block = NULL;
}

static uint64_t
key_prefix(const char *key, size_t len)
{
	uint64_t prefix = 0;

	memcpy(&prefix, key, len < 8 ? len : 8);
	return prefix;
}

static uint32_t
length_code(size_t len)
{
	return len <= 8 ? (uint32_t)len : LONG_KEY;
}

static size_t
home_slot(const struct table *t, uint32_t tag)
{
	return (uint32_t)(tag * 0x9e3779b1u) >> t->shift;
}

static bool
slot_holds(const struct table *t, const struct slot *s, uint32_t tag,
    uint64_t prefix, const char *key, size_t len)
{
	const struct key *k;

	if (s->tag != tag || s->prefix != prefix ||
	    s->meta >> ENTRY_BITS != length_code(len))
		return false;
	if (len <= 8)
		return true;
	k = t->keys[(s->meta & ENTRY_MASK) - 1];
	return k->len == len && memcmp(k->bytes, key, len) == 0;
}

/* The slot holding key, or the empty slot where it belongs. */
static size_t
probe(const struct table *t, uint64_t hash, uint64_t prefix, const char *key,
    size_t len)
{
	uint32_t tag = (uint32_t)(hash >> 32);
	size_t i = home_slot(t, tag);

	while (t->slots[i].meta != 0) {
		if (slot_holds(t, &t->slots[i], tag, prefix, key, len))
			return i;
		i = (i + 1) & t->mask;
	}
	return i;
}

static void
grow_slots(struct table *t)
{
	size_t old_size = t->mask + 1, i, j;
	struct slot *old = t->slots;

	if (t->shift == 0)
		die("too many keys for the hash table");
	t->mask = old_size * 2 - 1;
	t->shift--;
	/*
	 * Not calloc: its fresh pages, read first by the probing below, map
	 * the shared zero page, and the first store to each then costs a
	 * second fault and a TLB flush on every core running the process
	 * (a tenth of crm-rfm's CPU time on 1M customers). Zeroed here, each
	 * page faults once, written.
	 */
	t->slots = xreallocarray(NULL, t->mask + 1, sizeof(*t->slots));
	advise_huge_pages(t->slots, (t->mask + 1) * sizeof(*t->slots));
	memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
	for (i = 0; i < old_size; i++) {
		if (old[i].meta == 0)
			continue;
		j = home_slot(t, old[i].tag);
		while (t->slots[j].meta != 0)
			j = (j + 1) & t->mask;
		t->slots[j] = old[i];
	}
	free(old);
}

/*
 * Values are aligned to a cache line, so a value of 64 bytes costs one
 * line to fetch, not two. The block comes from realloc (which can grow a
 * large block without copying) with a line to spare; when the alignment
 * of the new block differs, the values move to the line boundary.
 */
static void
grow_values(struct table *t)
{
	size_t old_offset = (size_t)(t->values - t->values_block), offset;
	size_t size;

	if (t->value_size > 0 &&
	    t->capacity > (SIZE_MAX - 64) / t->value_size)
		die("out of memory (hash table of %zu entries)", t->capacity);
	size = t->capacity * t->value_size + 64;
	t->values_block = xrealloc(t->values_block, size);
	advise_huge_pages(t->values_block, size);
	offset = (64 - (uintptr_t)t->values_block % 64) % 64;
	if (offset != old_offset)
		memmove(t->values_block + offset, t->values_block +
		    old_offset, t->count * t->value_size);
	t->values = t->values_block + offset;
}

static size_t
add_entry(struct table *t, const char *key, size_t len)
{
	struct key *k;

	if (t->count == ENTRY_MASK - 1 || len > UINT32_MAX)
		die("too many or too long keys for the hash table");
	if (t->count == t->capacity) {
		t->capacity = grow_capacity(t->capacity, t->count + 1);
		t->keys = xreallocarray(t->keys, t->capacity, sizeof(*t->keys));
		grow_values(t);
	}
	k = arena_alloc(&t->key_text, sizeof(*k) + len + 1);
	k->len = (uint32_t)len;
	memcpy(k->bytes, key, len);
	k->bytes[len] = '\0';
	t->keys[t->count] = k;
	memset(t->values + t->count * t->value_size, 0, t->value_size);
	return t->count++;
}

uint64_t
table_key_prefix(const char *key, size_t len)
{
	return key_prefix(key, len);
}

size_t
table_upsert_prefixed(struct table *t, const char *key, size_t len,
    uint64_t hash, uint64_t prefix, bool *added)
{
	size_t i = probe(t, hash, prefix, key, len), entry;
	struct slot *s = &t->slots[i];

	if (s->meta != 0) {
		*added = false;
		return (s->meta & ENTRY_MASK) - 1;
	}
	*added = true;
	entry = add_entry(t, key, len);
	s->tag = (uint32_t)(hash >> 32);
	s->prefix = prefix;
	s->meta = (uint32_t)(entry + 1) | length_code(len) << ENTRY_BITS;
	if (t->count * 4 > (t->mask + 1) * 3)	/* load above 3/4 */
		grow_slots(t);
	return entry;
}

size_t
table_upsert_hashed(struct table *t, const char *key, size_t len,
    uint64_t hash, bool *added)
{
	return table_upsert_prefixed(t, key, len, hash, key_prefix(key, len),
	    added);
}

void *
table_upsert(struct table *t, const char *key, size_t len, bool *added)
{
	return table_value(t, table_upsert_hashed(t, key, len,
	    table_hash(t, key, len), added));
}

void
table_prefetch(const struct table *t, uint64_t hash)
{
	__builtin_prefetch(&t->slots[home_slot(t, (uint32_t)(hash >> 32))]);
}

long
table_lookup(const struct table *t, const char *key, size_t len)
{
	size_t i = probe(t, table_hash(t, key, len), key_prefix(key, len), key,
	    len);

	return t->slots[i].meta ? (long)((t->slots[i].meta & ENTRY_MASK) - 1) :
	    -1;
}

void *
table_find_hashed(const struct table *t, const char *key, size_t len,
    uint64_t hash)
{
	size_t i = probe(t, hash, key_prefix(key, len), key, len);

	return t->slots[i].meta ? t->values + ((t->slots[i].meta &
	    ENTRY_MASK) - 1) * t->value_size : NULL;
}

void *
table_find(const struct table *t, const char *key, size_t len)
{
	return table_find_hashed(t, key, len, table_hash(t, key, len));
}

size_t
table_count(const struct table *t)
{
	return t->count;
}

const char *
table_key(const struct table *t, size_t entry, size_t *len)
{
	if (len != NULL)
		*len = t->keys[entry]->len;
	return t->keys[entry]->bytes;
}

void *
table_value(const struct table *t, size_t entry)
{
	return t->values + entry * t->value_size;
}

/* A key and its entry, to sort entries by key. */
struct sorted_key {
	const char *key;
	size_t len, entry;
};

static int
compare_sorted_keys(const void *a, const void *b)
{
	const struct sorted_key *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

size_t *
table_sorted_entries(const struct table *t)
{
	size_t n = t->count, i, *entries;
	struct sorted_key *keys;

	keys = xreallocarray(NULL, n ? n : 1, sizeof(*keys));
	for (i = 0; i < n; i++) {
		keys[i].key = table_key(t, i, &keys[i].len);
		keys[i].entry = i;
	}
	qsort(keys, n, sizeof(*keys), compare_sorted_keys);
	entries = xreallocarray(NULL, n ? n : 1, sizeof(*entries));
	for (i = 0; i < n; i++)
		entries[i] = keys[i].entry;
	free(keys);
	return entries;
}
