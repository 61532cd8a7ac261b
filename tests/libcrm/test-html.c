/* test-html.c: escaping and number formats of the HTML builder. */
#include <stdlib.h>

#include "check.h"
#include "html.h"

static void
test_escaping(void)
{
	struct html h;

	html_init(&h);
	html_textz(&h, "<a href=\"x\">Tom & Jerry's</a>");
	CHECK_STR(h.s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s"
	    "&lt;/a&gt;", "markup characters in text are escaped");
	html_free(&h);
	html_text(&h, "a\001b\tc\nd", 7);
	CHECK_STR(h.s, "ab\tc\nd", "control bytes that XML forbids are "
	    "dropped, tab and newline kept");
	html_free(&h);
	html_textz(&h, "张伟");
	html_raw(&h, "<br/>");
	html_element(&h, "b", "1 < 2");
	CHECK_STR(h.s, "张伟<br/><b>1 &lt; 2</b>", "UTF-8 passes, markup is "
	    "kept, elements wrap escaped text");
	html_free(&h);
}

static void
test_numbers(void)
{
	char buf[64];
	char *s;

	html_format_number(1234567.891, 2, true, buf, sizeof(buf));
	CHECK_STR(buf, "1,234,567.89", "thousands grouped, two decimals");
	html_format_number(-1234, 0, true, buf, sizeof(buf));
	CHECK_STR(buf, "-1,234", "a negative number grouped after its sign");
	html_format_number(0.5, -1, false, buf, sizeof(buf));
	CHECK_STR(buf, "0.5", "no trailing zeros with decimals < 0");
	html_format_number(-0.0000001, 2, false, buf, sizeof(buf));
	CHECK_STR(buf, "0.00", "no -0.00");
	html_format_number(0.0 / 0.0, 2, false, buf, sizeof(buf));
	CHECK_STR(buf, "-", "NaN is shown as -");
	html_format_percent(0.125, 1, buf, sizeof(buf));
	CHECK_STR(buf, "12.5%", "a share as a percentage");
	html_format_number(999, 0, true, buf, sizeof(buf));
	CHECK_STR(buf, "999", "no comma under a thousand");
	s = html_format("%s-%d", "x", 42);
	CHECK_STR(s, "x-42", "a formatted string, allocated to fit");
	free(s);
}

int
main(void)
{
	test_escaping();
	test_numbers();
	return check_done();
}
