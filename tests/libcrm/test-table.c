/* test-table.c: the string-keyed hash table for per-customer state. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	test_many_keys();
	test_key_bytes();
	test_long_keys();
	test_zero_size_values();
	test_hash_bytes();
	return check_done();
}
