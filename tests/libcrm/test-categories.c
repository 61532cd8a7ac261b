/* test-categories.c: keyword classification, Chinese and English. */
#include <stdlib.h>

#include "categories.h"
#include "check.h"

static const char *
classify(struct categories *c, const char *text, const char **keyword)
{
	const char *category;

	categories_compile(c);
	if (!categories_match(c, text, strlen(text), &category, keyword))
		return "uncategorized";
	return category;
}

static void
test_defaults(void)
{
	struct categories *c = categories_new();
	const char *kw;

	categories_add_defaults(c);
	CHECK_STR(classify(c, "快递三天未更新物流", &kw), "delivery",
	    "快递 ... 物流 is delivery");
	CHECK_STR(kw, "快递", "explained by the first delivery keyword found");
	CHECK_STR(classify(c, "重复扣款，需要退还一笔", &kw), "billing",
	    "重复扣款 is billing");
	CHECK_STR(classify(c, "耳机左声道没有声音", &kw), "product",
	    "没有声音 is product");
	CHECK_STR(classify(c, "客服回复太慢，等了两天", &kw), "service",
	    "客服 is service");
	CHECK_STR(classify(c, "小程序无法登录", &kw), "technical",
	    "无法登录 is technical");
	CHECK_STR(kw, "无法登录", "keyword 无法登录");
	CHECK_STR(classify(c, "The parcel never arrived", &kw), "delivery",
	    "English: parcel");
	CHECK_STR(classify(c, "I was CHARGED TWICE for one order", &kw),
	    "billing", "ASCII case is ignored");
	CHECK_STR(kw, "charged twice", "the keyword as written in the set");
	CHECK_STR(classify(c, "Blender stopped working after a week", &kw),
	    "product", "English: stopped working");
	CHECK_STR(classify(c, "谢谢，一切都好", &kw), "uncategorized",
	    "no keyword: uncategorized");
	CHECK(categories_count(c) == 6, "six default categories");
	categories_free(c);
}

static void
test_order_and_errors(void)
{
	struct categories *c = categories_new();
	char err[256];
	const char *kw;

	CHECK(categories_add(c, "a", "退款|refund", err, sizeof(err)) == NULL,
	    "category a");
	CHECK(categories_add(c, "b", "快递 | 到账", err, sizeof(err)) == NULL,
	    "category b, blanks around keywords trimmed");
	CHECK(categories_add(c, "a", "发票", err, sizeof(err)) == NULL,
	    "a second row of a adds to it");
	/* both match: the first category in order wins, whatever the
	 * position in the text */
	CHECK_STR(classify(c, "快递送来的发票", &kw), "a",
	    "the first category wins");
	CHECK_STR(kw, "发票", "with its matching keyword");
	CHECK_STR(classify(c, "钱没到账", &kw), "b", "trimmed keyword matches");
	/* a keyword is a run of code points: 到 alone is not 到账 */
	CHECK_STR(classify(c, "到了", &kw), "uncategorized",
	    "part of a keyword does not match");
	/* overlapping keywords: "ab" inside "xaby", "b" of a later category */
	CHECK(categories_add(c, "e", "b|xab", err, sizeof(err)) == NULL,
	    "category e");
	CHECK_STR(classify(c, "xaby", &kw), "e", "the automaton finds a "
	    "keyword inside another's path");
	CHECK_STR(kw, "b", "the first keyword of e, not the longer xab");
	CHECK_STR(classify(c, "XAB 发票", &kw), "a", "a later match of an "
	    "earlier category wins");
	CHECK_STR(categories_add(c, "c", "x||y", err, sizeof(err)),
	    "an empty keyword in category 'c' (keywords are separated by |)",
	    "an empty keyword is an error");
	CHECK_STR(categories_add(c, "d", "REFUND", err, sizeof(err)),
	    "keyword 'refund' is already in category 'a'",
	    "a keyword in two categories is an error");
	CHECK_STR(categories_add(c, " ", "z", err, sizeof(err)),
	    "an empty category", "an empty category is an error");
	categories_free(c);
}

int
main(void)
{
	test_defaults();
	test_order_and_errors();
	return check_done();
}
