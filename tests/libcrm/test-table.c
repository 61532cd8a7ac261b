/* test-table.c: the string-keyed hash table for per-customer state. */
#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "table.h"

struct customer {
	uint64_t orders;
	double spent;
	char tag[8];
};

enum { MANY = 200000 };

/* The i-th generated id: "C" and i in 7 digits ("C0000042"). */
static size_t
make_id(char *buf, size_t i)
{
	return (size_t)sprintf(buf, "C%07zu", i);
}

static bool
all_zero(const void *p, size_t size)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < size; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* Add MANY ids; every one is new and starts zeroed. */
static void
insert_many(struct table *t)
{
	char id[16];
	size_t i, len, not_added = 0, not_zero = 0;
	struct customer *c;
	bool added;

	for (i = 0; i < MANY; i++) {
		len = make_id(id, i);
		c = table_upsert(t, id, len, &added);
		if (!added)
			not_added++;
		if (!all_zero(c, sizeof(*c)))
			not_zero++;
		c->orders = i + 1;
		c->spent = (double)i / 2;
		memcpy(c->tag, "visited", 8);
	}
	CHECK(not_added == 0, "200000 distinct ids are all added (%zu not)",
	    not_added);
	CHECK(not_zero == 0, "every new value starts zeroed (%zu did not)",
	    not_zero);
	CHECK(table_count(t) == MANY, "table_count is 200000 (got %zu)",
	    table_count(t));
}

/* Entry i is the i-th id added, with the value written for it. */
static void
check_insertion_order(const struct table *t)
{
	char id[16];
	size_t i, len, got_len, bad_key = 0, bad_value = 0;
	const char *key;
	const struct customer *c;

	for (i = 0; i < MANY; i++) {
		len = make_id(id, i);
		key = table_key(t, i, &got_len);
		if (got_len != len || memcmp(key, id, len) != 0 ||
		    key[len] != '\0')
			bad_key++;
		c = table_value(t, i);
		if (c->orders != i + 1 || c->spent != (double)i / 2 ||
		    strcmp(c->tag, "visited") != 0)
			bad_value++;
	}
	CHECK(bad_key == 0, "entry i holds the i-th key, NUL-terminated "
	    "(%zu wrong)", bad_key);
	CHECK(bad_value == 0, "entry i holds the i-th value (%zu wrong)",
	    bad_value);
}

/* find, lookup and upsert agree on every key, and on absent ones. */
static void
check_lookups(struct table *t)
{
	char id[16];
	size_t i, len, bad_lookup = 0, bad_find = 0, bad_upsert = 0;
	size_t found_absent = 0;
	bool added;

	for (i = 0; i < MANY; i++) {
		len = make_id(id, i);
		if (table_lookup(t, id, len) != (long)i)
			bad_lookup++;
		if (table_find(t, id, len) != table_value(t, i))
			bad_find++;
		if (table_upsert(t, id, len, &added) != table_value(t, i) ||
		    added)
			bad_upsert++;
	}
	for (i = MANY; i < 2 * MANY; i++) {
		len = make_id(id, i);
		if (table_lookup(t, id, len) != -1 ||
		    table_find(t, id, len) != NULL)
			found_absent++;
	}
	CHECK(bad_lookup == 0, "table_lookup gives each key's entry (%zu "
	    "wrong)", bad_lookup);
	CHECK(bad_find == 0, "table_find gives each key's value (%zu wrong)",
	    bad_find);
	CHECK(bad_upsert == 0, "table_upsert of a present key adds nothing "
	    "and gives its value (%zu wrong)", bad_upsert);
	CHECK(found_absent == 0, "200000 absent keys are not found (%zu were)",
	    found_absent);
	CHECK(table_count(t) == MANY, "lookups add nothing (count %zu)",
	    table_count(t));
}

static void
test_many_keys(void)
{
	struct table *t = table_new(sizeof(struct customer));

	CHECK(table_count(t) == 0, "a new table is empty");
	CHECK(table_lookup(t, "C0000000", 8) == -1 &&
	    table_find(t, "C0000000", 8) == NULL, "nothing is found in it");
	insert_many(t);
	check_insertion_order(t);
	check_lookups(t);
	table_free(t);
}

/* Keys are byte strings with a length: prefixes and NULs are keys too. */
static void
test_key_bytes(void)
{
	static const struct { const char *s; size_t len; } keys[] = {
		{ "ab", 2 }, { "abc", 3 }, { "a", 1 }, { "", 0 },
		{ "a\0b", 3 }, { "a\0c", 3 }, { "a\0", 2 },
		{ "abcdefgh", 8 }, { "abcdefghi", 9 }, { "abcdefgH", 8 },
		{ "客户", 6 },
	};
	size_t n = sizeof(keys) / sizeof(keys[0]), i, len;
	struct table *t = table_new(sizeof(int));
	bool added, all_added = true;
	int *v;

	for (i = 0; i < n; i++) {
		v = table_upsert(t, keys[i].s, keys[i].len, &added);
		all_added = all_added && added && *v == 0;
		*v = (int)i + 100;
	}
	CHECK(all_added, "11 keys differing in length, NULs or one byte are "
	    "11 new keys");
	CHECK(table_count(t) == n, "table_count is 11 (got %zu)",
	    table_count(t));
	for (i = 0; i < n; i++) {
		v = table_find(t, keys[i].s, keys[i].len);
		CHECK(v != NULL && *v == (int)i + 100 &&
		    table_lookup(t, keys[i].s, keys[i].len) == (long)i,
		    "key %zu (length %zu) finds its own value", i, keys[i].len);
	}
	CHECK(table_find(t, "abcd", 4) == NULL, "'abcd' is absent");
	CHECK(table_find(t, "ab", 1) != NULL && *(int *)table_find(t, "ab", 1)
	    == 102, "'ab' with length 1 is the key 'a'");
	table_key(t, 4, &len);
	CHECK(len == 3 && memcmp(table_key(t, 4, NULL), "a\0b", 3) == 0,
	    "table_key keeps the NUL inside 'a\\0b'");
	table_free(t);
}

/*
 * table_upsert_prefixed, the hash and the prefix given, finds and adds
 * what table_upsert_hashed does, and reads a key's bytes only to add it
 * or to compare a key longer than 8 bytes: a short key already there is
 * found with no bytes at all (NULL), as crm-rfm's workers find theirs.
 */
static void
test_upsert_prefixed(void)
{
	static const struct { const char *s; size_t len; } keys[] = {
		{ "ab", 2 }, { "", 0 }, { "a\0b", 3 }, { "abcdefgh", 8 },
		{ "abcdefghi", 9 }, { "abcdefghj", 9 }, { "客户", 6 },
	};
	size_t n = sizeof(keys) / sizeof(keys[0]), i, entry;
	struct table *t = table_new(sizeof(int));
	bool added, all_added = true;
	uint64_t hash[sizeof(keys) / sizeof(keys[0])];

	for (i = 0; i < n; i++) {
		hash[i] = table_hash(t, keys[i].s, keys[i].len);
		entry = table_upsert_prefixed(t, keys[i].s, keys[i].len,
		    hash[i], table_key_prefix(keys[i].s, keys[i].len), &added);
		all_added = all_added && added && entry == i;
	}
	CHECK(all_added, "7 keys, two of 9 bytes alike in their first 8, are "
	    "7 new entries in order");
	for (i = 0; i < n; i++) {
		entry = table_upsert_hashed(t, keys[i].s, keys[i].len, hash[i],
		    &added);
		CHECK(!added && entry == i, "table_upsert_hashed finds key %zu "
		    "as entry %zu (got %zu)", i, i, entry);
		if (keys[i].len > 8)
			continue;
		entry = table_upsert_prefixed(t, NULL, keys[i].len, hash[i],
		    table_key_prefix(keys[i].s, keys[i].len), &added);
		CHECK(!added && entry == i, "short key %zu is found by its hash "
		    "and prefix alone", i);
	}
	entry = table_upsert_prefixed(t, "abcdefghk", 9, table_hash(t,
	    "abcdefghk", 9), table_key_prefix("abcdefghk", 9), &added);
	CHECK(added && entry == n, "a third 9-byte key alike in its first 8 "
	    "is new");
	table_free(t);
}

/* A key longer than the arena's block, and keys only the tail tells apart. */
static void
test_long_keys(void)
{
	size_t big = 200000, len;
	char *key = malloc(big);
	struct table *t = table_new(sizeof(long));
	bool added;
	long *v;

	memset(key, 'k', big);
	v = table_upsert(t, key, big, &added);
	*v = 1;
	key[big - 1] = 'K';
	v = table_upsert(t, key, big, &added);
	CHECK(added && *v == 0, "a 200000-byte key differing in its last byte "
	    "is a new key");
	*v = 2;
	CHECK(*(long *)table_find(t, key, big) == 2, "the second long key "
	    "finds its value");
	key[big - 1] = 'k';
	CHECK(*(long *)table_find(t, key, big) == 1, "the first long key "
	    "finds its value");
	CHECK(memcmp(table_key(t, 0, &len), key, big) == 0 && len == big,
	    "table_key gives the long key back");
	table_free(t);
	free(key);
}

/* With its values dropped, a table still names its entries. */
static void
test_drop_values(void)
{
	struct table *t = table_new(64);
	char key[16];
	size_t i, len, wrong = 0;
	bool added;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "C%07zu", i * 7);
		table_upsert(t, key, strlen(key), &added);
	}
	table_drop_values(t);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "C%07zu", i * 7);
		if (strcmp(table_key(t, i, &len), key) != 0 ||
		    len != strlen(key))
			wrong++;
	}
	CHECK(table_count(t) == 5000 && wrong == 0, "after table_drop_values "
	    "every entry keeps its key and number");
	table_free(t);
}

/* A table with no value is a set of keys. */
static void
test_zero_size_values(void)
{
	struct table *t = table_new(0);
	bool added1, added2, added3;

	table_upsert(t, "x", 1, &added1);
	table_upsert(t, "y", 1, &added2);
	table_upsert(t, "x", 1, &added3);
	CHECK(added1 && added2 && !added3 && table_count(t) == 2,
	    "with value size 0 the table is a set of keys");
	CHECK(table_lookup(t, "y", 1) == 1, "and remembers the order");
	table_free(t);
}

static void
test_hash_bytes(void)
{
	char buf[64];
	uint64_t h = hash_bytes("customer-00042", 14);

	memcpy(buf + 3, "customer-00042", 14);	/* unaligned copy */
	CHECK(hash_bytes("customer-00042", 14) == h &&
	    hash_bytes(buf + 3, 14) == h,
	    "hash_bytes is deterministic and ignores alignment");
	CHECK(hash_bytes("customer-00043", 14) != h,
	    "one changed byte changes the hash");
	CHECK(hash_bytes("ab", 2) != hash_bytes("ab\0", 3),
	    "a trailing NUL changes the hash");
	CHECK(hash_bytes("", 0) != hash_bytes("\0", 1),
	    "empty and one NUL hash differently");
	CHECK(hash_bytes("abcdefgh", 8) != hash_bytes("abcdefgh\0", 9),
	    "8 bytes and 8 bytes plus NUL hash differently");
	CHECK((hash_bytes("a", 1) >> 32) != (hash_bytes("b", 1) >> 32),
	    "the top 32 bits (the table's tag) differ for 'a' and 'b'");
}

/*
 * Keys crafted against the unseeded hash (seed 0, the hash of every table
 * before tables were seeded): their home slots all lie in the first
 * 1/1024 of the table whatever its size, so linear probing makes one
 * cluster and adding n keys costs n^2 probes.
 */
enum { COLLIDING = 16384 };

static size_t
crafted_keys(char (*keys)[16])
{
	size_t n = 0, len;
	uint64_t i;
	uint32_t tag;
	char buf[24];

	for (i = 0; n < COLLIDING; i++) {
		len = (size_t)sprintf(buf, "X%lu", (unsigned long)i);
		tag = (uint32_t)(hash_bytes(buf, len) >> 32);
		if ((uint32_t)(tag * 0x9e3779b1u) >> 22 == 0)
			memcpy(keys[n++], buf, len + 1);
	}
	return n;
}

static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds to add keys[0..n) to a table of the given seed. */
static double
time_inserts(char (*keys)[16], size_t n, uint64_t seed)
{
	struct table *t = table_new_seeded(sizeof(int), seed);
	double start = cpu_seconds();
	size_t i;
	bool added;

	for (i = 0; i < n; i++)
		table_upsert(t, keys[i], strlen(keys[i]), &added);
	start = cpu_seconds() - start;
	table_free(t);
	return start;
}

static void
test_colliding_keys(void)
{
	char (*crafted)[16] = malloc(COLLIDING * sizeof(*crafted));
	char (*plain)[16] = malloc(COLLIDING * sizeof(*plain));
	uint64_t seed = 0x5eed5eed12345678ull;
	double before, after, base0, base;
	size_t n = crafted_keys(crafted), i;

	for (i = 0; i < n; i++)
		make_id(plain[i], i);
	/* The better of two runs each, so that a busy machine matters less. */
	base0 = fmin(time_inserts(plain, n, 0), time_inserts(plain, n, 0));
	before = fmin(time_inserts(crafted, n, 0), time_inserts(crafted, n, 0));
	base = fmin(time_inserts(plain, n, seed), time_inserts(plain, n, seed));
	after = fmin(time_inserts(crafted, n, seed),
	    time_inserts(crafted, n, seed));
	printf("# %zu crafted keys: unseeded %.4f s (plain ids %.4f s), "
	    "seeded %.4f s (plain ids %.4f s)\n", n, before, base0, after,
	    base);
	CHECK(before > 8 * base0, "keys crafted against the unseeded hash are "
	    "quadratic there: %.0fx the time of plain ids", before / base0);
	CHECK(after < 4 * base + 0.002, "with a seed they take about the time "
	    "of plain ids: %.1fx", after / base);
	free(crafted);
	free(plain);
}

static void
test_seeds(void)
{
	struct table *a = table_new_seeded(sizeof(int), 1);
	struct table *b = table_new_seeded(sizeof(int), 2);
	char id[16];
	size_t i, len;
	bool added, same = true;

	CHECK(hash_seeded("K000042", 7, 0) == hash_bytes("K000042", 7),
	    "seed 0 is the stable hash");
	CHECK(hash_seeded("K000042", 7, 1) != hash_seeded("K000042", 7, 2),
	    "other seeds give other hashes");
	CHECK(hash_key("K1", 2) == hash_seeded("K1", 2, hash_run_seed()),
	    "hash_key uses the run's seed");
	for (i = 0; i < 5000; i++) {
		len = make_id(id, i * 7919 % 5000);
		table_upsert(a, id, len, &added);
		table_upsert(b, id, len, &added);
	}
	for (i = 0; i < 5000; i++) {
		const char *ka = table_key(a, i, &len);

		same = same && strcmp(ka, table_key(b, i, &len)) == 0 &&
		    table_lookup(b, ka, len) == (long)i;
	}
	CHECK(same, "entries keep their order of first appearance whatever "
	    "the seed");
	table_free(a);
	table_free(b);
}

int
main(void)
{
	test_many_keys();
	test_key_bytes();
	test_upsert_prefixed();
	test_long_keys();
	test_drop_values();
	test_zero_size_values();
	test_hash_bytes();
	test_seeds();
	test_colliding_keys();
	return check_done();
}
