/* test-normalize.c: canonical forms of contact fields, checked by hand. */
#include "check.h"
#include "compare.h"
#include "normalize.h"

static struct textbuf out, sug;

static const char *
phone(const char *s, enum validity *v)
{
	*v = norm_phone(s, strlen(s), &out);
	return out.s;
}

static void
test_phone(void)
{
	enum validity v;

	CHECK_STR(phone("138 1234 5678", &v), "13812345678", "spaces go");
	CHECK(v == VALID_YES, "a mainland mobile is valid");
	CHECK_STR(phone("+86 138-1234-5678", &v), "13812345678", "+86 goes");
	CHECK_STR(phone("0086 13812345678", &v), "13812345678", "0086 goes");
	CHECK_STR(phone("8613812345678", &v), "13812345678", "86 without +");
	CHECK_STR(phone("１３８１２３４５６７８", &v), "13812345678",
	    "full-width digits are digits (NFKC)");
	CHECK_STR(phone("010-6512 3456 转 808", &v), "01065123456x808",
	    "a landline with an extension (转)");
	CHECK(v == VALID_YES, "a landline with its area code is valid");
	CHECK_STR(phone("(021) 5555-1234 ext. 12", &v), "02155551234x12",
	    "ext. marks an extension");
	CHECK_STR(phone("+44 20 7946 0958", &v), "+442079460958",
	    "another country keeps its +");
	CHECK(v == VALID_YES, "and is valid");
	CHECK_STR(phone("+86 21 6234 5678", &v), "02162345678",
	    "+86 before a landline: its trunk 0 comes back");
	CHECK(v == VALID_YES, "and it is a valid landline");
	CHECK_STR(phone("0086-512-25943832 ext933", &v), "051225943832x933",
	    "0086, a landline and an extension");
	CHECK_STR(phone("0044 20 7946 0958", &v), "+442079460958",
	    "00 is the international prefix");
	CHECK_STR(phone("12345", &v), "12345", "too short: kept as digits");
	CHECK(v == VALID_NO, "and invalid");
	CHECK_STR(phone("n/a", &v), "", "no digits: empty");
	CHECK(v == VALID_NO, "but something was written: invalid");
	CHECK_STR(phone(" ", &v), "", "blank");
	CHECK(v == VALID_EMPTY, "blank is empty, not invalid");
}

static const char *
email(const char *s, enum validity *v)
{
	*v = norm_email(s, strlen(s), &out, &sug);
	return out.s;
}

static void
test_email(void)
{
	enum validity v;

	CHECK_STR(email(" Wang.Fang@QQ.com ", &v), "wang.fang@qq.com",
	    "case and spaces");
	CHECK(v == VALID_YES && sug.len == 0, "valid, nothing to suggest");
	CHECK_STR(email("ｗａｎｇ＠163.com", &v), "wang@163.com",
	    "full-width letters and @");
	CHECK_STR(email("kevin@gmial.com", &v), "kevin@gmial.com",
	    "a mistyped domain is kept");
	CHECK_STR(sug.s, "kevin@gmail.com", "and the right one suggested");
	CHECK_STR(email("li@qq.con", &v), "li@qq.con", "qq.con kept");
	CHECK_STR(sug.s, "li@qq.com", "qq.com suggested");
	CHECK(v == VALID_YES, "a typo in the domain is still valid syntax");
	email("li@126.com", &v);
	CHECK(sug.len == 0, "126.com is not a typo of 163.com (two edits)");
	email("no-at-sign.com", &v);
	CHECK(v == VALID_NO, "no @: invalid");
	email("a@b@c.com", &v);
	CHECK(v == VALID_NO, "two @: invalid");
	email("a..b@c.com", &v);
	CHECK(v == VALID_NO, "two dots in a row: invalid");
	email("a@localhost", &v);
	CHECK(v == VALID_NO, "one label: invalid");
	CHECK_STR(email("mailto:A@B.cn", &v), "a@b.cn", "mailto: goes");
}

static const char *
name(const char *s)
{
	norm_name(s, strlen(s), &out);
	return out.s;
}

static void
test_names(void)
{
	size_t len;
	const char *family;

	CHECK_STR(name("张 伟"), "张伟", "no space inside a Chinese name");
	CHECK_STR(name("阿卜杜·热合曼"), "阿卜杜热合曼", "the middle dot goes");
	CHECK_STR(name("Ｋｅｖｉｎ　Ｌｉｕ"), "kevin liu",
	    "full-width letters and space");
	CHECK_STR(name("Liu, Kevin"), "kevin liu", "family, given");
	CHECK_STR(name("LIU Kevin"), "kevin liu", "the family name in capitals");
	CHECK_STR(name("KEVIN LIU"), "kevin liu", "all capitals: order kept");
	CHECK_STR(name("Dr. José  O'Brien"), "jose obrien",
	    "title, accent, apostrophe");
	CHECK_STR(name("Jean-Pierre Dupont"), "jean pierre dupont",
	    "a hyphen separates");
	family = name_surname("欧阳娜娜", strlen("欧阳娜娜"), &len);
	CHECK(len == strlen("欧阳") && memcmp(family, "欧阳", len) == 0,
	    "a compound surname");
	family = name_surname("张伟", strlen("张伟"), &len);
	CHECK(len == 3 && memcmp(family, "张", 3) == 0, "the first character");
	family = name_surname("kevin liu", 9, &len);
	CHECK(len == 3 && memcmp(family, "liu", 3) == 0, "the last word");
	name_given("kevin liu", 9, &out);
	CHECK_STR(out.s, "kevin", "given names: the rest");
	name_given("张伟", strlen("张伟"), &out);
	CHECK_STR(out.s, "伟", "given name of a Chinese name");
	words_sorted("liu kevin a", 11, &out);
	CHECK_STR(out.s, "a kevin liu", "words in byte order");
}

static void
test_company_address(void)
{
	const char *s;

	s = "Acme Co., Ltd.";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "acme", "Co., Ltd. go");
	s = "Müller GmbH";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "muller", "GmbH goes, the umlaut too");
	s = "北京星光科技有限公司";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "北京星光科技", "有限公司 goes");
	s = "上海华信股份有限公司";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "上海华信", "股份有限公司 goes");
	s = "济南新锐教育科技集团有限公司";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "济南新锐教育科技", "集团有限公司 goes");
	s = "Inc";
	norm_company(s, strlen(s), &out);
	CHECK_STR(out.s, "inc", "a name that is only a legal form stays");
	s = "12 Baker Street, Apt. 3";
	norm_address(s, strlen(s), &out);
	CHECK_STR(out.s, "12 baker st apt 3", "street, apartment");
	s = "北京市朝阳区 建国路８８号";
	norm_address(s, strlen(s), &out);
	CHECK_STR(out.s, "北京市朝阳区建国路88号", "full-width digits, spaces");
	s = "200 031";
	norm_postcode(s, strlen(s), &out);
	CHECK_STR(out.s, "200031", "a postcode without spaces");
	s = "上海市";
	norm_city(s, strlen(s), &out);
	CHECK_STR(out.s, "上海", "市 goes");
	s = "沙市";
	norm_city(s, strlen(s), &out);
	CHECK_STR(out.s, "沙市", "but not from a two-character name");
}

static int
level(enum field_kind kind, const char *a, const char *b)
{
	static struct compared x, y;

	compared_set(&x, a, strlen(a));
	compared_set(&y, b, strlen(b));
	return compare_level(kind, &x, &y);
}

static void
test_levels(void)
{
	CHECK(level(KIND_NAME, "kevin liu", "kevin liu") == 5, "name exact");
	CHECK(level(KIND_NAME, "kevin liu", "liu kevin") == 4,
	    "name reordered");
	CHECK(level(KIND_NAME, "张伟明", "张伟民") == 3, "one character off");
	CHECK(level(KIND_NAME, "jonathan smith", "jonathon smith") == 3,
	    "a typo");
	CHECK(level(KIND_NAME, "王芳", "李娜") == 1, "different names");
	CHECK(level(KIND_NAME, "王芳", "王方") == 2,
	    "one character of two off: similar, not close");
	CHECK(level(KIND_NAME, "吴春", "吴娟") == 2,
	    "another given name of one character: similar");
	CHECK(level(KIND_NAME, "kevin liu", "kevin lu") == 3,
	    "one letter of a longer name: close");
	CHECK(level(KIND_NAME, "howard mchael", "michael howard") == 3,
	    "words swapped and a letter missing: close");
	CHECK(level(KIND_NAME, "kizg sarah", "sarah king") == 3,
	    "words swapped and a letter off: close");
	CHECK(level(KIND_NAME, "sarah king", "kizg sarah") == 3,
	    "the same either way round");
	CHECK(level(KIND_NAME, "howard michael", "michael brown") == 1,
	    "words swapped and another word: different");
	CHECK(level(KIND_NAME, "anna lee wong", "lee anna wang") < 3,
	    "three words are not swapped: not close");
	CHECK(level(KIND_NAME, "kevin liu kevin", "kevin liu") == 3,
	    "a word more is not another order");
	CHECK(level(KIND_NAME, "苏州金桥科技有限公司", "苏州金桥服饰有限公司")
	    == 1, "two business lines of one group: different companies");
	CHECK(level(KIND_NAME, "上海明辉餐饮管理有限公司",
	    "上海明辉网络科技有限公司") == 1, "longer business lines too");
	CHECK(level(KIND_NAME, "成都宏图集团", "成都宏图实业集团") > 1,
	    "a line written out is not another line");
	CHECK(level(KIND_NAME, "苏州金桥科技有限公司", "苏州金乔科技有限公司")
	    == 3, "a slip in the trade name stays close");
	CHECK(level(KIND_NAME, "苏州金桥科技有限公司",
	    "苏州金桥网络科技有限公司") > 1, "a line written longer is not "
	    "another line");
	CHECK(level(KIND_NAME, "北京金桥科技有限公司", "北京金桥技术有限公司")
	    > 1, "lines sharing a word are not told apart");
	CHECK(level(KIND_NAME, "苏州金桥科技有限公司", "金桥科技苏州有限公司")
	    > 1, "a different start is not two lines of one group");
	CHECK(level(KIND_PHONE, "13812345678", "13812345679") == 2,
	    "phone one digit off");
	CHECK(level(KIND_EMAIL, "kevin@gmial.com", "kevin@gmail.com") == 2,
	    "the same mailbox at a mistyped domain");
	CHECK(level(KIND_EMAIL, "wang@qq.com", "wang@163.com") == 1,
	    "the same mailbox name at another domain is someone else's");
	CHECK(level(KIND_EMAIL, "zhangwei@qq.com", "zhangwie@qq.com") == 2,
	    "a slip of a letter");
	CHECK(level(KIND_EMAIL, "zhangwei88@qq.com", "zhangwei86@qq.com") == 1,
	    "another number is another box");
	CHECK(level(KIND_DATE, "1990-03-04", "1990-04-03") == 3,
	    "day and month swapped");
	CHECK(level(KIND_DATE, "1990-03-04", "1990-09-30") == 2,
	    "within a year");
	CHECK(level(KIND_ADDRESS, "北京市朝阳区建国路88号",
	    "北京市朝阳区建国路88号院") == 3, "most of an address");
	CHECK(level(KIND_CITY, "上海", "北京") == 1, "cities differ");
}

int
main(void)
{
	test_phone();
	test_email();
	test_names();
	test_company_address();
	test_levels();
	textbuf_free(&out);
	textbuf_free(&sug);
	return check_done();
}
