/*
 * strsim.h: how alike two strings are, for matching records.
 *
 * Strings are compared as code points, so that a Chinese character counts
 * as one, not three bytes: decode them with utf8_decode first.
 */
#ifndef CRM_STRSIM_H
#define CRM_STRSIM_H

#include <stddef.h>
#include <stdint.h>

/*
 * The code point at s[*i] (*i < len), *i moved past it; a byte that does
 * not begin valid UTF-8 is taken as it is.
 */
int32_t utf8_next(const char *s, size_t len, size_t *i);
/* The code points of UTF-8 s[0..len), at most cap of them; their count. */
size_t utf8_decode(const char *s, size_t len, uint32_t *out, size_t cap);

/*
 * The Jaro-Winkler similarity, 0 (nothing in common) to 1 (equal):
 * Jaro's (M. A. Jaro, "Advances in record-linkage methodology as applied
 * to matching the 1985 census of Tampa, Florida", JASA 84, 1989) with
 * Winkler's bonus of 0.1 per common leading character, up to 4 (W. E.
 * Winkler, "String comparator metrics and enhanced decision rules in the
 * Fellegi-Sunter model of record linkage", 1990). Two empty strings are 1.
 */
double jaro_winkler(const uint32_t *a, size_t na, const uint32_t *b,
    size_t nb);

/*
 * The optimal string alignment distance (Levenshtein's insertions,
 * deletions and substitutions, and transpositions of neighbours), or
 * max + 1 when it is more than max.
 */
int osa_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
    int max);

/*
 * The Jaccard overlap of the words of two normalized texts (normalize.h),
 * 0 to 1: words are separated by spaces, and a run of wide (CJK)
 * characters counts as its overlapping pairs of characters, since Chinese
 * is written without spaces ("北京市朝阳区" has 北京, 京市, 市朝 ...).
 * Two empty texts are 1.
 */
double token_overlap(const char *a, size_t na, const char *b, size_t nb);
/* The same on texts already decoded into code points. */
double token_overlap_cp(const uint32_t *a, size_t na, const uint32_t *b,
    size_t nb);

enum { TOKENS_MAX = 128 };	/* tokens of a text counted, at most */

/*
 * The tokens of cp[0..n) (as token_overlap takes them) as hashes in h,
 * sorted and without repeats; their number. With those of two texts,
 * token_overlap_hashes is their overlap: a text compared with many
 * others is split once.
 */
size_t token_hashes(const uint32_t *cp, size_t n, uint64_t *h);
double token_overlap_hashes(const uint64_t *ha, size_t ka,
    const uint64_t *hb, size_t kb);

#endif
