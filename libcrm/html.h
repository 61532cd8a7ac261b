/*
 * html.h: an HTML document built in memory, text escaped on the way in.
 *
 * Markup goes in as is (html_raw, html_printf with numbers only); text
 * from the data goes through html_text, which escapes & < > " ' and drops
 * control characters that neither HTML nor XML allows, so a customer name
 * can never become markup. The result is also well-formed XML when the
 * markup is (void elements closed, attributes quoted), so an XML parser
 * can check a page.
 */
#ifndef CRM_HTML_H
#define CRM_HTML_H

#include <stdbool.h>
#include <stddef.h>

struct html {
	char *s;
	size_t len, cap;
};

void html_init(struct html *h);
void html_free(struct html *h);

/* Markup, as is. */
void html_raw(struct html *h, const char *markup);
void html_rawn(struct html *h, const char *markup, size_t len);
/* Markup from a format; the arguments must not be text from the data. */
void html_printf(struct html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text or an attribute's value, escaped. */
void html_text(struct html *h, const char *s, size_t len);
void html_textz(struct html *h, const char *s);
/* A string from a format, allocated to fit (hover notes); free it. */
char *html_format(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* <tag>text</tag> with the text escaped. */
void html_element(struct html *h, const char *tag, const char *text);

/*
 * A number for people: decimals fixed (>= 0) or, when decimals < 0, up to
 * two and no trailing zeros; thousands grouped with commas when group.
 * Never "nan" or "inf": a non-finite value is "-". Returns the length.
 */
size_t html_format_number(double v, int decimals, bool group, char *buf,
    size_t size);
/* v as a share, "12.5%" (decimals as above). */
size_t html_format_percent(double v, int decimals, char *buf, size_t size);
void html_number(struct html *h, double v, int decimals);

#endif
