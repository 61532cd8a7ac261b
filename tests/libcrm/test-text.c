/* test-text.c: UTF-8 validation and the small string helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text.h"

/* utf8_invalid_at over a string literal that may hold NUL bytes. */
#define INVALID_AT(lit) utf8_invalid_at((lit), sizeof(lit) - 1)

static void
test_utf8_valid(void)
{
	CHECK(INVALID_AT("") == 0, "empty string is valid");
	CHECK(INVALID_AT("customer_id,amount") == 18, "ASCII is valid");
	CHECK(INVALID_AT("a long ASCII line, longer than eight bytes") == 42,
	    "ASCII longer than a word is valid");
	CHECK(INVALID_AT("caf\xc3\xa9") == 5, "2-byte sequence (U+00E9)");
	CHECK(INVALID_AT("\xc2\x80") == 2, "smallest 2-byte sequence U+0080");
	CHECK(INVALID_AT("\xdf\xbf") == 2, "largest 2-byte sequence U+07FF");
	CHECK(INVALID_AT("\xe5\xae\xa2\xe6\x88\xb7") == 6,
	    "3-byte sequences (客户)");
	CHECK(INVALID_AT("\xe0\xa0\x80") == 3, "smallest 3-byte U+0800");
	CHECK(INVALID_AT("\xed\x9f\xbf") == 3, "U+D7FF, just below surrogates");
	CHECK(INVALID_AT("\xee\x80\x80") == 3, "U+E000, just past surrogates");
	CHECK(INVALID_AT("\xef\xbb\xbf") == 3, "U+FEFF (BOM) is valid text");
	CHECK(INVALID_AT("\xf0\x9f\x98\x80") == 4, "4-byte sequence U+1F600");
	CHECK(INVALID_AT("\xf0\x90\x80\x80") == 4, "smallest 4-byte U+10000");
	CHECK(INVALID_AT("\xf4\x8f\xbf\xbf") == 4, "U+10FFFF is valid");
	CHECK(INVALID_AT("id=\xe5\xae\xa2 and more ASCII after it") == 30,
	    "mixed ASCII and 3-byte sequences");
}

static void
test_utf8_invalid(void)
{
	CHECK(INVALID_AT("\xc0\x80") == 0, "overlong NUL C0 80");
	CHECK(INVALID_AT("\xc1\xbf") == 0, "overlong C1 BF");
	CHECK(INVALID_AT("ab\xe0\x80\x80") == 2, "overlong E0 80 80 at 2");
	CHECK(INVALID_AT("\xe0\x9f\xbf") == 0, "overlong E0 9F BF");
	CHECK(INVALID_AT("\xf0\x8f\xbf\xbf") == 0, "overlong F0 8F BF BF");
	CHECK(INVALID_AT("x\xed\xa0\x80") == 1, "surrogate ED A0 80 at 1");
	CHECK(INVALID_AT("\xed\xbf\xbf") == 0, "surrogate ED BF BF");
	CHECK(INVALID_AT("\xf4\x90\x80\x80") == 0, "U+110000 F4 90 80 80");
	CHECK(INVALID_AT("\xf5\x80\x80\x80") == 0, "lead byte F5");
	CHECK(INVALID_AT("\xff") == 0, "byte FF");
	CHECK(INVALID_AT("abc\x80") == 3, "lone continuation byte at 3");
	CHECK(INVALID_AT("\xc3(") == 0, "2-byte lead then ASCII");
	CHECK(INVALID_AT("\xe5\xae(") == 0, "3-byte sequence cut by ASCII");
	CHECK(INVALID_AT("\xf0\x9f\x98(") == 0, "4-byte sequence cut by ASCII");
	CHECK(INVALID_AT("ok\xc3") == 2, "2-byte sequence truncated at end");
	CHECK(INVALID_AT("ok\xe5\xae") == 2, "3-byte sequence truncated at end");
	CHECK(INVALID_AT("ok\xf0\x9f\x98") == 2,
	    "4-byte sequence truncated at end");
	CHECK(utf8_invalid_at("\xe5\xae\xa2", 2) == 0,
	    "length cuts a valid sequence: invalid at 0");
	CHECK(INVALID_AT("a\0b") == 1, "NUL inside is invalid at 1");
	CHECK(INVALID_AT("abcdefghij\0klmnop") == 10,
	    "NUL inside an 8-byte word is found at 10");
	CHECK(INVALID_AT("\0") == 0, "a lone NUL is invalid at 0");
	CHECK(INVALID_AT("\xe5\xae\xa2\0") == 3, "NUL after a 3-byte sequence");
}

/* trim_blanks on s, compared with want. */
static void
check_trim(const char *s, const char *want)
{
	const char *p = s;
	size_t len = strlen(s);

	trim_blanks(&p, &len);
	CHECK(len == strlen(want) && memcmp(p, want, len) == 0,
	    "trim_blanks('%s') = '%s' (got '%.*s')", s, want, (int)len, p);
}

static void
test_trim_blanks(void)
{
	check_trim("abc", "abc");
	check_trim("  abc", "abc");
	check_trim("abc  ", "abc");
	check_trim(" \t a b \t ", "a b");
	check_trim("", "");
	check_trim("   ", "");
	check_trim("\t", "");
}

static void
test_trim_keeps_line_ends(void)
{
	const char *p = "\rx\n";
	size_t len = 3;

	trim_blanks(&p, &len);
	CHECK(len == 3 && p[0] == '\r', "trim_blanks leaves CR and LF alone");
}

static void
test_ascii_iequal(void)
{
	CHECK(ascii_iequal("Amount", 6, "amount", 6), "Amount == amount");
	CHECK(ascii_iequal("CUSTOMER_ID", 11, "customer_id", 11),
	    "CUSTOMER_ID == customer_id");
	CHECK(!ascii_iequal("amount", 6, "amounts", 7), "lengths differ");
	CHECK(!ascii_iequal("amount", 6, "amoUnT", 5), "length counts");
	CHECK(!ascii_iequal("a_b", 3, "a-b", 3), "separators are not folded");
	CHECK(ascii_iequal("", 0, "", 0), "two empty strings are equal");
	CHECK(ascii_iequal("\xc3\xa9", 2, "\xc3\xa9", 2), "equal UTF-8 bytes");
	CHECK(!ascii_iequal("\xc3\xa9", 2, "\xc3\x89", 2),
	    "no case folding beyond ASCII (é vs É)");
	CHECK(!ascii_iequal("@", 1, "`", 1), "'@' is not the lower case of '`'");
	CHECK(!ascii_iequal("[", 1, "{", 1), "'[' and '{' differ");
}

static void
test_all_digits(void)
{
	CHECK(all_digits("0", 1), "'0' is all digits");
	CHECK(all_digits("00042", 5), "'00042' is all digits");
	CHECK(!all_digits("", 0), "empty is not all digits");
	CHECK(!all_digits("12a", 3), "'12a' is not");
	CHECK(!all_digits("-1", 2), "'-1' is not");
	CHECK(!all_digits("1.5", 3), "'1.5' is not");
	CHECK(!all_digits(" 1", 2), "' 1' is not");
	CHECK(all_digits("12a", 2), "only len bytes are looked at");
	CHECK(!all_digits("\xef\xbc\x91", 3), "fullwidth digit is not");
}

static void
test_is_digit(void)
{
	const char *s = "/0123456789:a";
	size_t i;

	for (i = 1; i <= 10; i++)
		CHECK(is_digit(s[i]), "'%c' is a digit", s[i]);
	CHECK(!is_digit('/') && !is_digit(':'), "'/' and ':' around them are "
	    "not");
	CHECK(!is_digit('\0') && !is_digit('\xef'), "NUL and a UTF-8 byte "
	    "are not");
}

static void
test_all_blank(void)
{
	CHECK(all_blank("", 0), "empty is blank");
	CHECK(all_blank(" \t ", 3), "spaces and tabs are blank");
	CHECK(!all_blank(" 0 ", 3), "' 0 ' is not");
	CHECK(!all_blank("\n", 1), "a line end is not a blank");
	CHECK(all_blank("  x", 2), "only len bytes are looked at");
}

/* The items of list joined by '|', to compare in one string. */
static const char *
split_joined(const char *list, size_t *n, char *buf, size_t size)
{
	char **item = split_commas(list, n);
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < *n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i ? "|" : "", item[i]);
	free_strings(item, *n);
	return buf;
}

static void
test_split_commas(void)
{
	char buf[256];
	size_t n;

	CHECK_STR(split_joined("a,bc,d", &n, buf, sizeof(buf)), "a|bc|d",
	    "three items");
	CHECK(n == 3, "counted 3");
	CHECK_STR(split_joined("monetary", &n, buf, sizeof(buf)), "monetary",
	    "no comma: one item");
	CHECK(n == 1, "counted 1");
	CHECK_STR(split_joined(",x,,", &n, buf, sizeof(buf)), "|x||",
	    "empty items are kept, first and last too");
	CHECK(n == 4, "counted 4");
	CHECK_STR(split_joined("", &n, buf, sizeof(buf)), "",
	    "an empty list is one empty item");
	CHECK(n == 1, "counted 1");
	CHECK_STR(split_joined("金额, 日期", &n, buf, sizeof(buf)),
	    "金额| 日期", "UTF-8 and blanks as they are");
}

static void
test_words(void)
{
	CHECK(text_is("Holiday", 7, "holiday") && text_is("", 0, ""),
	    "text_is ignores ASCII case");
	CHECK(!text_is("holidays", 8, "holiday") && !text_is("holi", 4,
	    "holiday"), "text_is compares whole words");
}

/* yes/no cells as CRM exports write them; anything else is neither. */
static void
test_yes_no(void)
{
	static const struct {
		const char *cell;
		int want;
	} cases[] = {
		{ "1", 1 }, { "yes", 1 }, { "Y", 1 }, { "TRUE", 1 }, { "t", 1 },
		{ "是", 1 }, { "已成交", 1 }, { "锁定", 1 }, { "已锁定", 1 },
		{ "0", 0 }, { "No", 0 }, { "n", 0 }, { "false", 0 }, { "F", 0 },
		{ "否", 0 }, { "未成交", 0 }, { "未锁定", 0 }, { "", 0 },
		{ "maybe", -1 }, { "2", -1 }, { " yes", -1 }, { "yes ", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK(text_yes_no(cases[i].cell, strlen(cases[i].cell)) ==
		    cases[i].want, "'%s' is %s", cases[i].cell,
		    cases[i].want > 0 ? "yes" : cases[i].want == 0 ? "no" :
		    "neither");
}

int
main(void)
{
	test_utf8_valid();
	test_utf8_invalid();
	test_trim_blanks();
	test_trim_keeps_line_ends();
	test_ascii_iequal();
	test_all_digits();
	test_is_digit();
	test_all_blank();
	test_split_commas();
	test_words();
	test_yes_no();
	return check_done();
}
