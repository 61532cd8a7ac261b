/*
 * partition.h: which of n parts a key belongs to, the same on every
 * machine and in every version: the 64-bit FNV-1a hash of the key's
 * bytes (Fowler, Noll and Vo; offset basis 14695981039346656037, prime
 * 1099511628211), modulo n. crm-split uses it; any other program can
 * compute the same parts.
 */
#ifndef CRM_PARTITION_H
#define CRM_PARTITION_H

#include <stddef.h>
#include <stdint.h>

uint64_t fnv1a64(const void *key, size_t len);
/* fnv1a64(key) % n, n > 0. */
size_t partition_of(const void *key, size_t len, size_t n);

#endif
