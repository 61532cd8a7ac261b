/*
 * table.h: a string-keyed hash table for per-customer state.
 *
 * Open addressing with linear probing; a slot is 16 bytes (32 bits of the
 * hash, the entry number, and the first 8 bytes of the key, so short ids
 * are matched in the slot), keys live in an arena and values in one dense
 * array, so a key costs no malloc of its own. Entries keep the order in
 * which their keys first appeared; entry i is the i-th key added.
 */
#ifndef CRM_TABLE_H
#define CRM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct table;

/* Values are value_size bytes each, zeroed when their key is added. */
struct table *table_new(size_t value_size);
/* The same with a hash seed of its own (tests). */
struct table *table_new_seeded(size_t value_size, uint64_t seed);
void table_free(struct table *t);
/*
 * Free the slots and the values, keeping the keys: a table whose values
 * have been read out still names its entries (table_count, table_key)
 * for as long as its owner needs the names, without the rest of its
 * memory. Nothing else may be called on it but table_free.
 */
void table_drop_values(struct table *t);
/*
 * Free the slots: no key can be looked up or added after this, but the
 * values and keys stay, by entry. For a table done growing whose values
 * are still read: its memory goes to what comes next.
 */
void table_drop_slots(struct table *t);

/*
 * The value of key, added if absent (*added says which). The pointer is
 * valid until the next table_upsert.
 */
void *table_upsert(struct table *t, const char *key, size_t len,
    bool *added);
/* The entry of key, added if absent, its table_hash() computed already. */
size_t table_upsert_hashed(struct table *t, const char *key, size_t len,
    uint64_t hash, bool *added);
/*
 * A key's first 8 bytes, zero-padded, as the slots hold them: with them
 * and the hash at hand, table_upsert_prefixed() reads the key itself only
 * to add it or when it is longer than 8 bytes (for a thread to which the
 * key's bytes are a cache miss away, in another core's cache).
 */
uint64_t table_key_prefix(const char *key, size_t len);
size_t table_upsert_prefixed(struct table *t, const char *key, size_t len,
    uint64_t hash, uint64_t prefix, bool *added);
/* Start loading the slot where a key with this hash would be. */
void table_prefetch(const struct table *t, uint64_t hash);
/* The value of key, or NULL. */
void *table_find(const struct table *t, const char *key, size_t len);
/* The same, with the key's table_hash() already at hand. */
void *table_find_hashed(const struct table *t, const char *key, size_t len,
    uint64_t hash);
/* The entry number of key, or -1. */
long table_lookup(const struct table *t, const char *key, size_t len);

size_t table_count(const struct table *t);
const char *table_key(const struct table *t, size_t entry, size_t *len);
void *table_value(const struct table *t, size_t entry);

/*
 * The entry numbers in the byte order of their keys (a shorter key
 * before the longer ones it begins), for output sorted by group; the
 * caller frees the array.
 */
size_t *table_sorted_entries(const struct table *t);

/* The hash of key in t: hash_key() for every table of table_new(). */
uint64_t table_hash(const struct table *t, const void *key, size_t len);

/* The stable hash, the same in every run: for what output depends on. */
uint64_t hash_bytes(const void *data, size_t len);
/* The hash under seed (0: hash_bytes). */
uint64_t hash_seeded(const void *data, size_t len, uint64_t seed);
/* The hash under the run's seed: for hash tables and sets of hashes. */
uint64_t hash_key(const void *data, size_t len);
/* CRM_HASH_SEED when set, else random; the same for the whole run. */
uint64_t hash_run_seed(void);

#endif
