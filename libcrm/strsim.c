/* strsim.c: Jaro-Winkler, edit distance and word overlap. */
#include "strsim.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "table.h"

/*
 * A well-formed sequence of three bytes at u (of at least 3), the form
 * of Chinese characters, as its code point; else -1 (overlong, a
 * surrogate, or not three bytes), left to utf8proc_iterate.
 */
static int32_t
three_bytes(const unsigned char *u)
{
	uint32_t cp;

	if ((u[0] & 0xf0) != 0xe0 || (u[1] & 0xc0) != 0x80 ||
	    (u[2] & 0xc0) != 0x80)
		return -1;
	cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 |
	    (uint32_t)(u[2] & 0x3f);
	return cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ? -1 :
	    (int32_t)cp;
}

/*
 * ASCII and three-byte characters (nearly every name and address) are
 * decoded here, the rest by utf8proc: decoding was a quarter of the
 * comparisons' instructions through utf8proc_iterate alone.
 */
int32_t
utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	utf8proc_int32_t cp;
	utf8proc_ssize_t step;

	if (u[0] < 0x80) {
		*i += 1;
		return u[0];
	}
	if (len - *i >= 3 && (cp = three_bytes(u)) >= 0) {
		*i += 3;
		return cp;
	}
	step = utf8proc_iterate(u, (utf8proc_ssize_t)(len - *i), &cp);
	if (step <= 0) {	/* not UTF-8: the byte as it is */
		cp = u[0];
		step = 1;
	}
	*i += (size_t)step;
	return cp;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *out, size_t cap)
{
	size_t i = 0, n = 0;

	while (i < len && n < cap)
		out[n++] = (uint32_t)utf8_next(s, len, &i);
	return n;
}

enum { MAX_JW = 256 };	/* longer strings are compared on this prefix */

/* Jaro (1989): matches within a window, and half their transpositions. */
static double
jaro(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	bool used_a[MAX_JW], used_b[MAX_JW];
	size_t window, i, j, lo, hi, m = 0, t = 0, k = 0;

	memset(used_a, 0, na);		/* only what is used: names are short */
	memset(used_b, 0, nb);
	window = (na > nb ? na : nb) / 2;
	window = window > 0 ? window - 1 : 0;
	for (i = 0; i < na; i++) {
		lo = i > window ? i - window : 0;
		hi = i + window + 1 < nb ? i + window + 1 : nb;
		for (j = lo; j < hi; j++)
			if (!used_b[j] && a[i] == b[j]) {
				used_a[i] = used_b[j] = true;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0;
	for (i = 0; i < na; i++) {
		if (!used_a[i])
			continue;
		while (!used_b[k])
			k++;
		t += a[i] != b[k++];
	}
	return ((double)m / (double)na + (double)m / (double)nb +
	    ((double)m - (double)t / 2) / (double)m) / 3;
}

double
jaro_winkler(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	double sim;
	size_t prefix = 0;

	if (na == 0 && nb == 0)
		return 1;
	if (na == 0 || nb == 0)
		return 0;
	na = na < MAX_JW ? na : MAX_JW;
	nb = nb < MAX_JW ? nb : MAX_JW;
	sim = jaro(a, na, b, nb);
	while (prefix < 4 && prefix < na && prefix < nb &&
	    a[prefix] == b[prefix])
		prefix++;
	return sim + (double)prefix * 0.1 * (1 - sim);
}

int
osa_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
    int max)
{
	int rows[3][MAX_JW + 1], *prev2 = rows[0], *prev = rows[1],
	    *cur = rows[2], *swap, best, cost, v;
	size_t i, j;

	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	if (na > MAX_JW || nb > MAX_JW)
		return na == nb && memcmp(a, b, na * sizeof(*a)) == 0 ? 0 :
		    max + 1;
	for (j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= na; i++) {
		cur[0] = (int)i;
		best = cur[0];
		for (j = 1; j <= nb; j++) {
			cost = a[i - 1] != b[j - 1];
			v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		swap = prev2, prev2 = prev, prev = cur, cur = swap;
	}
	return prev[nb] > max ? max + 1 : prev[nb];
}


/* The common CJK ideographs are wide; utf8proc knows the rest. */
static bool
wide(uint32_t cp)
{
	if (cp < 0x1100)
		return false;
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return true;
	return utf8proc_charwidth((utf8proc_int32_t)cp) == 2;
}

size_t
token_hashes(const uint32_t *cp, size_t n, uint64_t *h)
{
	size_t i = 0, start, k = 0, out, t;

	while (i < n && k < TOKENS_MAX) {
		start = i;
		if (wide(cp[i])) {
			while (i < n && wide(cp[i]))
				i++;
			if (i - start == 1)
				h[k++] = hash_bytes(&cp[start], 4);
			for (t = start; t + 1 < i && k < TOKENS_MAX; t++)
				h[k++] = hash_bytes(&cp[t], 8);
		} else if (cp[i] != ' ') {
			while (i < n && cp[i] != ' ' && !wide(cp[i]))
				i++;
			h[k++] = hash_bytes(&cp[start], (i - start) * 4);
		}
		while (i < n && cp[i] == ' ')
			i++;
	}
	for (i = 1; i < k; i++) {	/* insertion sort: few tokens */
		uint64_t v = h[i];

		for (t = i; t > 0 && h[t - 1] > v; t--)
			h[t] = h[t - 1];
		h[t] = v;
	}
	for (out = 0, i = 0; i < k; i++)
		if (out == 0 || h[out - 1] != h[i])
			h[out++] = h[i];
	return out;
}

double
token_overlap(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[512], cb[512];
	size_t ka = utf8_decode(a, na, ca, 512), kb = utf8_decode(b, nb, cb,
	    512);

	return token_overlap_cp(ca, ka, cb, kb);
}

double
token_overlap_cp(const uint32_t *a, size_t na, const uint32_t *b,
    size_t nb)
{
	uint64_t ha[TOKENS_MAX], hb[TOKENS_MAX];
	size_t ka = token_hashes(a, na, ha), kb = token_hashes(b, nb, hb);

	return token_overlap_hashes(ha, ka, hb, kb);
}

double
token_overlap_hashes(const uint64_t *ha, size_t ka, const uint64_t *hb,
    size_t kb)
{
	size_t i = 0, j = 0, common = 0;

	if (ka == 0 && kb == 0)
		return 1;
	while (i < ka && j < kb) {
		if (ha[i] == hb[j])
			common++, i++, j++;
		else if (ha[i] < hb[j])
			i++;
		else
			j++;
	}
	return (double)common / (double)(ka + kb - common);
}
