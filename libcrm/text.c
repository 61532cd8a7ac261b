/* text.c: UTF-8 validation and small string helpers. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Bytes of s from i on that are ASCII and not NUL, eight at a time. */
static size_t
skip_ascii(const unsigned char *s, size_t i, size_t len)
{
	const uint64_t high = 0x8080808080808080ull;
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t w;

	while (i + 8 <= len) {
		memcpy(&w, s + i, 8);
		/* any byte >= 0x80, or any zero byte */
		if ((w & high) || ((w - ones) & ~w & high))
			break;
		i += 8;
	}
	while (i < len && s[i] != 0 && s[i] < 0x80)
		i++;
	return i;
}

/* Length of the valid sequence starting at s[i], or 0. RFC 3629, table 3-7. */
static size_t
sequence_length(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i], lo = 0x80, hi = 0xbf;
	size_t need, k;

	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if (len - i < need || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (k = 2; k < need; k++)
		if ((s[i + k] & 0xc0) != 0x80)
			return 0;
	return need;
}

size_t
utf8_invalid_at(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;

	for (;;) {
		i = skip_ascii(s, i, len);
		if (i == len || s[i] == 0)
			return i;
		if ((n = sequence_length(s, i, len)) == 0)
			return i;
		i += n;
	}
}

bool
ascii_text(const char *s, size_t len)
{
	return skip_ascii((const unsigned char *)s, 0, len) == len;
}

void
trim_blanks(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

bool
ascii_iequal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

bool
text_is(const char *s, size_t len, const char *word)
{
	return ascii_iequal(s, len, word, strlen(word));
}

int
text_yes_no(const char *s, size_t len)
{
	/* what Fxiaoke, WukongCRM and spreadsheet exports write */
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "是",
		"已成交", "锁定", "已锁定", NULL };
	static const char *const no[] = { "0", "no", "n", "false", "f", "否",
		"未成交", "未锁定", "", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (text_is(s, len, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (text_is(s, len, no[i]))
			return 0;
	return -1;
}

bool
all_digits(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

bool
in_word_list(const char *list, const char *s, size_t len)
{
	const char *end;
	size_t n;

	trim_blanks(&s, &len);
	for (;;) {
		end = strchr(list, ',');
		n = end ? (size_t)(end - list) : strlen(list);
		if (ascii_iequal(list, n, s, len))
			return true;
		if (end == NULL)
			return false;
		list = end + 1;
	}
}

bool
all_blank(const char *s, size_t len)
{
	trim_blanks(&s, &len);
	return len == 0;
}

char **
split_commas(const char *list, size_t *n)
{
	char **item = NULL;
	const char *p = list, *comma;

	*n = 0;
	for (;;) {
		comma = strchr(p, ',');
		item = xreallocarray(item, *n + 1, sizeof(*item));
		item[(*n)++] = comma ? xstrndup(p, (size_t)(comma - p)) :
		    xstrdup(p);
		if (comma == NULL)
			return item;
		p = comma + 1;
	}
}

void
free_strings(char **item, size_t n)
{
	while (n > 0)
		free(item[--n]);
	free(item);
}
