/* html.c: an HTML document in memory, with escaping. */
#include "html.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
html_init(struct html *h)
{
	h->s = NULL;
	h->len = h->cap = 0;
}

void
html_free(struct html *h)
{
	free(h->s);
	html_init(h);
}

static void
reserve(struct html *h, size_t more)
{
	if (h->len + more + 1 <= h->cap)
		return;
	h->cap = grow_capacity(h->cap, h->len + more + 1);
	h->s = xrealloc(h->s, h->cap);
}

void
html_rawn(struct html *h, const char *markup, size_t len)
{
	reserve(h, len);
	memcpy(h->s + h->len, markup, len);
	h->len += len;
	h->s[h->len] = '\0';
}

void
html_raw(struct html *h, const char *markup)
{
	html_rawn(h, markup, strlen(markup));
}

/* A string from a format, allocated to fit. */
static char *
vformat(const char *fmt, va_list ap)
{
	va_list copy;
	char *s;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		die("html: bad format");
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

void
html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	html_raw(h, s);
	free(s);
}

char *
html_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

void
html_text(struct html *h, const char *s, size_t len)
{
	size_t i, start = 0;
	const char *entity;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default:
			/* C0 controls but tab, LF and CR are not XML chars */
			entity = c < 0x20 && c != '\t' && c != '\n' &&
			    c != '\r' ? "" : NULL;
		}
		if (entity == NULL)
			continue;
		html_rawn(h, s + start, i - start);
		html_raw(h, entity);
		start = i + 1;
	}
	html_rawn(h, s + start, len - start);
}

void
html_textz(struct html *h, const char *s)
{
	html_text(h, s, strlen(s));
}

void
html_element(struct html *h, const char *tag, const char *text)
{
	html_printf(h, "<%s>", tag);
	html_textz(h, text);
	html_printf(h, "</%s>", tag);
}

/* Digits of buf (after any sign) with commas every three. */
static size_t
group_digits(char *buf, size_t len, size_t size)
{
	size_t start = buf[0] == '-' ? 1 : 0, end = start, commas, i, j;

	while (end < len && buf[end] >= '0' && buf[end] <= '9')
		end++;
	commas = end - start > 3 ? (end - start - 1) / 3 : 0;
	if (commas == 0 || len + commas >= size)
		return len;
	memmove(buf + end + commas, buf + end, len - end + 1);
	for (i = end, j = end + commas; i > start; ) {
		buf[--j] = buf[--i];
		if ((end - i) % 3 == 0 && i > start)
			buf[--j] = ',';
	}
	return len + commas;
}

size_t
html_format_number(double v, int decimals, bool group, char *buf,
    size_t size)
{
	size_t len;
	char *dot;

	if (!isfinite(v))
		return (size_t)snprintf(buf, size, "-");
	len = (size_t)snprintf(buf, size, "%.*f", decimals < 0 ? 2 : decimals,
	    v);
	if (len >= size)
		len = size - 1;
	if (decimals < 0 && (dot = strchr(buf, '.')) != NULL) {
		while (len > 0 && buf[len - 1] == '0')
			buf[--len] = '\0';
		if (buf[len - 1] == '.')
			buf[--len] = '\0';
	}
	if (buf[0] == '-' && strspn(buf + 1, "0.") == len - 1) {
		memmove(buf, buf + 1, len);	/* "-0.00" is "0.00" */
		len--;
	}
	return group ? group_digits(buf, len, size) : len;
}

size_t
html_format_percent(double v, int decimals, char *buf, size_t size)
{
	size_t len = html_format_number(v * 100, decimals, false, buf, size);

	if (isfinite(v) && len + 1 < size) {
		buf[len++] = '%';
		buf[len] = '\0';
	}
	return len;
}

void
html_number(struct html *h, double v, int decimals)
{
	char buf[64];

	html_rawn(h, buf, html_format_number(v, decimals, true, buf,
	    sizeof(buf)));
}
