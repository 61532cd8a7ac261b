/* test-strsim.c: Jaro-Winkler, edit distance, word overlap; union-find. */
#include <utf8proc.h>

#include "check.h"
#include "strsim.h"
#include "unionfind.h"

static double
jw(const char *a, const char *b)
{
	uint32_t x[64], y[64];
	size_t nx = utf8_decode(a, strlen(a), x, 64);
	size_t ny = utf8_decode(b, strlen(b), y, 64);

	return jaro_winkler(x, nx, y, ny);
}

static int
osa(const char *a, const char *b, int max)
{
	uint32_t x[64], y[64];
	size_t nx = utf8_decode(a, strlen(a), x, 64);
	size_t ny = utf8_decode(b, strlen(b), y, 64);

	return osa_distance(x, nx, y, ny, max);
}

static void
test_jaro_winkler(void)
{
	/* Winkler (1990), table: the classic pairs */
	CHECK_NEAR(jw("MARTHA", "MARHTA"), 0.961111, 1e-5, "MARTHA/MARHTA: "
	    "m = 6, t = 1, jaro 0.9444, 3 common leading letters");
	CHECK_NEAR(jw("DWAYNE", "DUANE"), 0.84, 1e-5, "DWAYNE/DUANE");
	CHECK_NEAR(jw("DIXON", "DICKSONX"), 0.813333, 1e-5, "DIXON/DICKSONX");
	CHECK(jw("abc", "abc") == 1, "equal strings: 1");
	CHECK(jw("abc", "xyz") == 0, "nothing in common: 0");
	CHECK(jw("", "") == 1 && jw("a", "") == 0, "empty strings");
	/* 张伟明 / 张伟民: m = 2 of 3, no transposition, 2 leading */
	CHECK_NEAR(jw("张伟明", "张伟民"), 0.822222, 1e-5,
	    "characters, not bytes: (2/3 + 2/3 + 1) / 3 + 0.2 (1 - it)");
}

static void
test_osa(void)
{
	CHECK(osa("kitten", "sitting", 5) == 3, "kitten/sitting: 3");
	CHECK(osa("ca", "ac", 2) == 1, "a transposition is one edit");
	CHECK(osa("kitten", "sitting", 2) == 3, "over max: max + 1");
	CHECK(osa("张伟", "张炜", 1) == 1, "one character");
	CHECK(osa("", "abc", 3) == 3, "from empty");
}

static void
test_overlap(void)
{
	const char *a = "12 baker st", *b = "baker st 12 london";

	CHECK_NEAR(token_overlap(a, strlen(a), b, strlen(b)), 0.75, 1e-12,
	    "3 words shared of 4");
	a = "北京朝阳";
	b = "北京海淀";
	/* pairs 北京 京朝 朝阳 / 北京 京海 海淀: 1 shared of 5 */
	CHECK_NEAR(token_overlap(a, strlen(a), b, strlen(b)), 0.2, 1e-12,
	    "CJK text as pairs of characters");
	CHECK(token_overlap("", 0, "", 0) == 1, "two empty texts");
	{
		uint32_t ca[64], cb[64];
		size_t na = utf8_decode(a, strlen(a), ca, 64);
		size_t nb = utf8_decode(b, strlen(b), cb, 64);

		CHECK(token_overlap_cp(ca, na, cb, nb) == token_overlap(a,
		    strlen(a), b, strlen(b)), "the same on code points");
	}
	CHECK(token_overlap("a", 1, "", 0) == 0, "one empty text");
}

static void
test_unionfind(void)
{
	struct unionfind uf;

	uf_init(&uf, 6);
	uf_union(&uf, 0, 1);
	uf_union(&uf, 1, 2);	/* A~B, B~C: one cluster */
	uf_union(&uf, 4, 5);
	CHECK(uf_find(&uf, 0) == uf_find(&uf, 2), "transitive: 0 ~ 2");
	CHECK(uf_size(&uf, 2) == 3, "of three");
	CHECK(uf_find(&uf, 3) == 3 && uf_size(&uf, 3) == 1, "3 alone");
	CHECK(uf_find(&uf, 0) != uf_find(&uf, 4), "two clusters apart");
	uf_free(&uf);
}

/* utf8_decode against utf8proc_iterate, a byte on its own when invalid. */
static bool
decodes_as_utf8proc(const char *s, size_t len)
{
	uint32_t got[64];
	size_t n = utf8_decode(s, len, got, 64), i = 0, k = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t step;

	while (i < len) {
		step = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (step <= 0)
			cp = (unsigned char)s[i], step = 1;
		if (k >= n || got[k++] != (uint32_t)cp)
			return false;
		i += (size_t)step;
	}
	return k == n;
}

static void
test_decode(void)
{
	static const struct {
		const char *s;
		size_t len;
		const char *what;
	} cases[] = {
		{ "kevin liu", 9, "ASCII" },
		{ "张伟 上海市", 16, "three-byte characters and a space" },
		{ "Müller ñ", 10, "two-byte characters" },
		{ "\xf0\x9f\x98\x80 ok", 7, "a four-byte character" },
		{ "\xe0\x80\x80", 3, "an overlong three-byte form" },
		{ "\xed\xa0\x80", 3, "a surrogate" },
		{ "\xe5\xbc", 2, "a character cut short" },
		{ "\xe5\xbcx\xa0", 4, "a bad continuation byte" },
		{ "\xff\xfe", 2, "bytes that are never UTF-8" },
	};
	uint32_t cp[4];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(decodes_as_utf8proc(cases[i].s, cases[i].len), "%s",
		    cases[i].what);
	CHECK(utf8_decode("张伟", 6, cp, 4) == 2 && cp[0] == 0x5f20 &&
	    cp[1] == 0x4f1f, "张伟: U+5F20 U+4F1F");
	CHECK(utf8_decode("abcdef", 6, cp, 4) == 4, "at most cap");
}

int
main(void)
{
	test_decode();
	test_jaro_winkler();
	test_osa();
	test_overlap();
	test_unionfind();
	return check_done();
}
