/* normalize.c: canonical forms of names, phones, e-mails and addresses. */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "strsim.h"
#include "text.h"
#include "util.h"

/* NFKC (compose + compatibility), case folding, no accents or controls. */
#define FOLD_OPTIONS (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
	UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | \
	UTF8PROC_STRIPCC)

void
textbuf_free(struct textbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static void
reserve(struct textbuf *b, size_t more)
{
	if (b->len + more + 1 > b->cap) {
		b->cap = grow_capacity(b->cap, b->len + more + 1);
		b->s = xrealloc(b->s, b->cap);
	}
}

static void
append(struct textbuf *b, const char *s, size_t len)
{
	reserve(b, len);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

static void
clear(struct textbuf *b)
{
	reserve(b, 0);
	b->len = 0;
	b->s[0] = '\0';
}

static void
append_cp(struct textbuf *b, int32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);

	append(b, (const char *)enc, (size_t)n);
}

void
norm_fold(const char *s, size_t len, struct textbuf *out)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	size_t i;

	clear(out);
	if (ascii_text(s, len)) {
		reserve(out, len);
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\t' || c == '\n' || c == '\r')
				c = ' ';
			else if (c < 0x20 || c == 0x7f)
				continue;
			out->s[out->len++] = (char)(c >= 'A' && c <= 'Z' ?
			    c + ('a' - 'A') : c);
		}
		out->s[out->len] = '\0';
		return;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &mapped, FOLD_OPTIONS);
	if (n < 0)
		append(out, s, len);	/* not UTF-8: leave it as it is */
	else
		append(out, (const char *)mapped, (size_t)n);
	free(mapped);
}

static bool
is_wide(int32_t cp)
{
	return cp >= 0x1100 && utf8proc_charwidth(cp) == 2;
}

/* Separators between words: spaces, punctuation and symbols. */
static bool
is_separator(int32_t cp)
{
	if (cp < 0x80)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'));
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
	case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
		return true;
	default:
		return false;
	}
}

/* Words of already folded text f into out (see norm_words). */
static void
words_of_folded(const char *f, size_t len, struct textbuf *out)
{
	int32_t cp, last = 0;
	bool pending = false;
	size_t i = 0;

	clear(out);
	while (i < len) {
		cp = utf8_next(f, len, &i);
		if (cp == '\'' || cp == 0x2019)
			continue;	/* O'Brien, O’Brien: obrien */
		if (is_separator(cp)) {
			pending = out->len > 0;
			continue;
		}
		if (pending && !(is_wide(last) && is_wide(cp)))
			append(out, " ", 1);
		pending = false;
		append_cp(out, cp);
		last = cp;
	}
}

void
norm_words(const char *s, size_t len, struct textbuf *out)
{
	struct textbuf folded = { 0 };

	norm_fold(s, len, &folded);
	words_of_folded(folded.s, folded.len, out);
	textbuf_free(&folded);
}

/* Phone numbers */

static bool
mainland_mobile(const char *d, size_t n)
{
	return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* Does an extension start at f[i] ("ext", "x", "#", 转, 分机)? */
static bool
extension_marker(const char *f, size_t len, size_t i)
{
	static const char *const markers[] = { "ext", "x", "#", "转", "分机",
	    NULL };
	size_t k, n;

	for (k = 0; markers[k]; k++) {
		n = strlen(markers[k]);
		if (len - i >= n && memcmp(f + i, markers[k], n) == 0)
			return true;
	}
	return false;
}

/* The digits of f into main and, after a marker, into ext. */
static bool
split_phone(const char *f, size_t len, struct textbuf *main_digits,
    struct textbuf *ext)
{
	bool plus = false, in_ext = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = f[i];

		if (c >= '0' && c <= '9')
			append(in_ext ? ext : main_digits, &c, 1);
		else if (c == '+' && main_digits->len == 0)
			plus = true;
		else if (!in_ext && main_digits->len >= 7 &&
		    extension_marker(f, len, i))
			in_ext = true;
	}
	return plus;
}

static enum validity
phone_validity(const char *d, size_t n, bool international)
{
	if (international)
		return n >= 8 && n <= 15 && d[0] != '0' ? VALID_YES : VALID_NO;
	if (mainland_mobile(d, n))
		return VALID_YES;
	if (n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0')
		return VALID_YES;
	return VALID_NO;
}

enum validity
norm_phone(const char *s, size_t len, struct textbuf *out)
{
	struct textbuf f = { 0 }, digits = { 0 }, ext = { 0 };
	bool intl, trunk = false;
	const char *d;
	size_t n;
	enum validity v;

	norm_fold(s, len, &f);
	clear(&digits);
	clear(&ext);
	intl = split_phone(f.s, f.len, &digits, &ext);
	d = digits.s;
	n = digits.len;
	if (!intl && n > 2 && d[0] == '0' && d[1] == '0') {
		d += 2, n -= 2;		/* 00 is the international prefix */
		intl = true;
	}
	if (intl && n > 2 && d[0] == '8' && d[1] == '6') {
		d += 2, n -= 2, intl = false;	/* +86: a mainland number */
		trunk = d[0] != '0' && d[0] != '1';	/* +86 21 ...: 021 ... */
	} else if (!intl && n == 13 && d[0] == '8' && d[1] == '6' &&
	    mainland_mobile(d + 2, 11))
		d += 2, n -= 2;		/* 86 without + */
	if (!intl && n == 12 && d[0] == '0' && mainland_mobile(d + 1, 11))
		d++, n--;		/* a trunk 0 before a mobile */
	clear(out);
	if (intl && n > 0)
		append(out, "+", 1);
	if (trunk)
		append(out, "0", 1);
	append(out, d, n);
	if (n > 0 && ext.len > 0) {
		append(out, "x", 1);
		append(out, ext.s, ext.len);
	}
	if (n == 0)
		v = f.len > 0 && strspn(f.s, " ") < f.len ? VALID_NO :
		    VALID_EMPTY;
	else
		v = phone_validity(out->s + intl, n + trunk, intl);
	textbuf_free(&f);
	textbuf_free(&digits);
	textbuf_free(&ext);
	return v;
}

/* E-mail addresses */

static bool
atom_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    (c >= 'A' && c <= 'Z') || strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

static bool
valid_local(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : !atom_char(s[i]))
			return false;
	return true;
}

static bool
valid_domain(const char *s, size_t n)
{
	size_t i, label = 0, labels = 1, tld_letters = 0;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0, labels++, tld_letters = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c == '-' && label > 0)))
			return false;
		label++;
		tld_letters += c >= 'a' && c <= 'z';
	}
	return labels >= 2 && label >= 2 && tld_letters == label;
}

/* Mail domains common in Chinese and international CRM data. */
static const char *const common_domains[] = {
	"qq.com", "163.com", "126.com", "sina.com", "sina.cn", "sohu.com",
	"foxmail.com", "yeah.net", "139.com", "189.cn", "aliyun.com",
	"vip.qq.com", "vip.163.com", "gmail.com", "hotmail.com",
	"outlook.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
	"aol.com", "protonmail.com", NULL
};

/* The common domain one edit away from domain, or NULL. */
static const char *
domain_typo(const char *domain, size_t n)
{
	uint32_t a[64], b[64];
	size_t na, nb, k;

	if (n == 0 || n >= 64)
		return NULL;
	na = utf8_decode(domain, n, a, 64);
	for (k = 0; common_domains[k]; k++)
		if (strlen(common_domains[k]) == n &&
		    memcmp(common_domains[k], domain, n) == 0)
			return NULL;
	for (k = 0; common_domains[k]; k++) {
		nb = utf8_decode(common_domains[k], strlen(common_domains[k]),
		    b, 64);
		if (osa_distance(a, na, b, nb, 1) == 1)
			return common_domains[k];
	}
	return NULL;
}

enum validity
norm_email(const char *s, size_t len, struct textbuf *out,
    struct textbuf *suggestion)
{
	struct textbuf f = { 0 };
	const char *at, *typo;
	size_t i, local;
	bool valid;

	norm_fold(s, len, &f);
	clear(out);
	clear(suggestion);
	for (i = 0; i < f.len; i++)
		if (f.s[i] != ' ')
			append(out, &f.s[i], 1);
	textbuf_free(&f);
	if (out->len >= 7 && memcmp(out->s, "mailto:", 7) == 0) {
		memmove(out->s, out->s + 7, out->len - 6);
		out->len -= 7;
	}
	while (out->len > 0 && out->s[out->len - 1] == '.')
		out->s[--out->len] = '\0';
	if (out->len == 0)
		return len > 0 && strspn(s, " ") < len ? VALID_NO : VALID_EMPTY;
	at = memchr(out->s, '@', out->len);
	if (at == NULL || memchr(at + 1, '@', out->len - (size_t)(at -
	    out->s) - 1) != NULL)
		return VALID_NO;
	local = (size_t)(at - out->s);
	valid = valid_local(out->s, local) && valid_domain(at + 1,
	    out->len - local - 1);
	if ((typo = domain_typo(at + 1, out->len - local - 1)) != NULL) {
		append(suggestion, out->s, local + 1);
		append(suggestion, typo, strlen(typo));
	}
	return valid ? VALID_YES : VALID_NO;
}

/* Person names */

static bool
has_lower(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return true;
	return false;
}

static bool
all_capitals(const char *s, size_t n)
{
	size_t i;

	if (n < 2)
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z') && s[i] != '-')
			return false;
	return true;
}

/*
 * "LIU Kevin" -> "Kevin LIU": the one word in capitals among words in
 * mixed case is the family name, written first in the Chinese manner.
 */
static bool
capitals_last(const char *s, size_t len, struct textbuf *out)
{
	const char *word[16], *caps = NULL;
	size_t wlen[16], n = 0, i = 0, k, ncaps = 0, capslen = 0;
	bool lower = false;

	while (i < len && n < 16) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		word[n] = s + i;
		while (i < len && s[i] != ' ')
			i++;
		wlen[n] = (size_t)(s + i - word[n]);
		if (all_capitals(word[n], wlen[n]))
			caps = word[n], capslen = wlen[n], ncaps++;
		else
			lower |= has_lower(word[n], wlen[n]);
		n++;
	}
	if (n < 2 || n == 16 || ncaps != 1 || !lower)
		return false;
	clear(out);
	for (k = 0; k < n; k++)
		if (word[k] != caps) {
			append(out, word[k], wlen[k]);
			append(out, " ", 1);
		}
	append(out, caps, capslen);
	return true;
}

/* "liu, kevin" -> "kevin liu" (one comma, words on both sides). */
static void
comma_form(struct textbuf *f)
{
	char *comma = memchr(f->s, ',', f->len), *swapped;
	size_t left, right;

	if (comma == NULL || memchr(comma + 1, ',', f->len - (size_t)(comma -
	    f->s) - 1) != NULL)
		return;
	left = (size_t)(comma - f->s);
	right = f->len - left - 1;
	if (strspn(f->s, " ") >= left || strspn(comma + 1, " ") >= right)
		return;
	swapped = xmalloc(f->len + 2);
	memcpy(swapped, comma + 1, right);
	swapped[right] = ' ';
	memcpy(swapped + right + 1, f->s, left);
	memcpy(f->s, swapped, f->len);
	free(swapped);
}

static bool
is_title(const char *w, size_t n)
{
	static const char *const titles[] = { "mr", "mrs", "ms", "miss", "dr",
	    "prof", "sir", "madam", "mx", NULL };
	size_t k;

	for (k = 0; titles[k]; k++)
		if (strlen(titles[k]) == n && memcmp(titles[k], w, n) == 0)
			return true;
	return false;
}

/* Remove title words from words (when a name is left). */
static void
drop_titles(struct textbuf *w)
{
	struct textbuf kept = { 0 };
	size_t i = 0, start, n, words = 0;

	clear(&kept);
	while (i < w->len) {
		start = i;
		while (i < w->len && w->s[i] != ' ')
			i++;
		n = i - start;
		if (!is_title(w->s + start, n)) {
			if (words++)
				append(&kept, " ", 1);
			append(&kept, w->s + start, n);
		}
		i++;
	}
	if (kept.len > 0) {
		clear(w);
		append(w, kept.s, kept.len);
	}
	textbuf_free(&kept);
}

void
norm_name(const char *s, size_t len, struct textbuf *out)
{
	struct textbuf reordered = { 0 }, folded = { 0 };

	if (ascii_text(s, len) && capitals_last(s, len, &reordered))
		s = reordered.s, len = reordered.len;
	norm_fold(s, len, &folded);
	comma_form(&folded);
	words_of_folded(folded.s, folded.len, out);
	drop_titles(out);
	textbuf_free(&reordered);
	textbuf_free(&folded);
}

static bool
starts_wide(const char *s, size_t len)
{
	size_t i = 0;

	return len > 0 && is_wide(utf8_next(s, len, &i));
}

const char *
name_surname(const char *name, size_t len, size_t *flen)
{
	static const char *const compound[] = { "欧阳", "司马", "诸葛", "上官",
	    "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
	    "夏侯", "轩辕", "令狐", "钟离", "端木", "西门", "南宫", NULL };
	const char *space;
	size_t k, n;

	if (starts_wide(name, len)) {
		for (k = 0; compound[k]; k++) {
			n = strlen(compound[k]);
			if (len > n && memcmp(name, compound[k], n) == 0) {
				*flen = n;
				return name;
			}
		}
		*flen = utf8_prefix(name, len, 1);
		return name;
	}
	for (space = name + len; space > name && space[-1] != ' '; space--)
		continue;
	*flen = (size_t)(name + len - space);
	return space;
}

void
name_given(const char *name, size_t len, struct textbuf *out)
{
	size_t flen;
	const char *family = name_surname(name, len, &flen);

	clear(out);
	if (family == name)
		append(out, name + flen, len - flen);
	else
		append(out, name, (size_t)(family - name) - 1);
}

struct word {
	const char *s;
	size_t len;
};

static int
compare_words(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

void
words_sorted(const char *s, size_t len, struct textbuf *out)
{
	struct word w[32];
	size_t n = 0, i = 0, k;

	clear(out);
	while (i < len) {
		if (n == 32) {	/* too many words to matter: as they are */
			append(out, s, len);
			return;
		}
		w[n].s = s + i;
		while (i < len && s[i] != ' ')
			i++;
		w[n].len = (size_t)(s + i - w[n].s);
		n++;
		i++;
	}
	qsort(w, n, sizeof(w[0]), compare_words);
	for (k = 0; k < n; k++) {
		if (k)
			append(out, " ", 1);
		append(out, w[k].s, w[k].len);
	}
}

/* Companies and addresses */

static bool
in_list(const char *const *list, const char *w, size_t n, size_t *index)
{
	size_t k;

	for (k = 0; list[k]; k++)
		if (strlen(list[k]) == n && memcmp(list[k], w, n) == 0) {
			if (index)
				*index = k;
			return true;
		}
	return false;
}

/* Drop the last word if it is a legal form, or a CJK legal suffix. */
static bool
drop_legal_form(struct textbuf *w)
{
	static const char *const latin[] = { "ltd", "limited", "inc",
	    "incorporated", "corp", "corporation", "co", "company", "llc",
	    "llp", "lp", "plc", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl",
	    "spa", "bv", "nv", "kk", "pte", "pty", "oy", "ab", NULL };
	static const char *const cjk[] = { "股份有限公司", "有限责任公司",
	    "有限公司", "股份公司", "公司", "集团", NULL };
	size_t start = w->len, k, n;

	while (start > 0 && w->s[start - 1] != ' ')
		start--;
	if (start > 0 && in_list(latin, w->s + start, w->len - start, NULL)) {
		w->len = start - 1;
		w->s[w->len] = '\0';
		return true;
	}
	for (k = 0; cjk[k]; k++) {
		n = strlen(cjk[k]);
		if (w->len > n && memcmp(w->s + w->len - n, cjk[k], n) == 0) {
			w->len -= n;
			while (w->len > 0 && w->s[w->len - 1] == ' ')
				w->len--;
			w->s[w->len] = '\0';
			return true;
		}
	}
	return false;
}

void
norm_company(const char *s, size_t len, struct textbuf *out)
{
	norm_words(s, len, out);
	while (drop_legal_form(out))
		continue;
}

void
norm_address(const char *s, size_t len, struct textbuf *out)
{
	static const char *const longer[] = { "street", "road", "avenue",
	    "boulevard", "drive", "lane", "court", "place", "square",
	    "highway", "parkway", "terrace", "apartment", "suite", "floor",
	    "building", "room", "north", "south", "east", "west", "number",
	    "mount", NULL };
	static const char *const shorter[] = { "st", "rd", "ave", "blvd",
	    "dr", "ln", "ct", "pl", "sq", "hwy", "pkwy", "ter", "apt", "ste",
	    "fl", "bldg", "rm", "n", "s", "e", "w", "no", "mt", NULL };
	struct textbuf w = { 0 };
	size_t i = 0, start, k, words = 0;

	norm_words(s, len, &w);
	clear(out);
	while (i < w.len) {
		start = i;
		while (i < w.len && w.s[i] != ' ')
			i++;
		if (words++)
			append(out, " ", 1);
		if (in_list(longer, w.s + start, i - start, &k))
			append(out, shorter[k], strlen(shorter[k]));
		else
			append(out, w.s + start, i - start);
		i++;
	}
	textbuf_free(&w);
}

void
norm_postcode(const char *s, size_t len, struct textbuf *out)
{
	struct textbuf f = { 0 };
	size_t i;

	norm_fold(s, len, &f);
	clear(out);
	for (i = 0; i < f.len; i++)
		if (f.s[i] != ' ' && f.s[i] != '-')
			append(out, &f.s[i], 1);
	textbuf_free(&f);
}

void
norm_city(const char *s, size_t len, struct textbuf *out)
{
	static const char shi[] = "市";
	size_t n = sizeof(shi) - 1;

	norm_words(s, len, out);
	if (out->len > n && memcmp(out->s + out->len - n, shi, n) == 0 &&
	    utf8_count(out->s, out->len) > 2) {
		out->len -= n;
		out->s[out->len] = '\0';
	}
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

size_t
utf8_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0;

	while (i < len && n > 0) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}
