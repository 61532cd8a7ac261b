/*
 * fuzz-categories.c: the keyword categories of crm-feedback (categories.c).
 *
 * Input: a category file (CSV with columns category and keywords, the
 * keywords separated by |), a NUL byte, then ticket texts one a line. The
 * file is loaded as --categories reads it (a bad one stops with a
 * message), the matcher built, and each text classified: a match names a
 * category of the set and a keyword the text contains (ignoring ASCII
 * case, as documented).
 */
#include <stdlib.h>
#include <string.h>

#include "categories.h"
#include "harness.h"
#include "text.h"

struct loading {
	struct categories *c;
	const uint8_t *file;
	size_t size;
};

static void
load(void *arg)
{
	struct loading *l = arg;
	struct common_options opt;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.quiet = true;
	l->c = categories_new();	/* freed by the harness if the load stops */
	fuzz_stdin(l->file, l->size);
	categories_load(l->c, &opt, "-");
	categories_compile(l->c);
}

/* Does text[0..len) contain word, ignoring ASCII case? */
static bool
contains(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; n <= len && i <= len - n; i++)
		if (ascii_iequal(text + i, n, word, n))
			return true;
	return n == 0;
}

static void
classify(const struct categories *c, char *texts)
{
	const char *category, *keyword;
	char *line, *next;
	size_t i;
	bool known;

	for (line = texts; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!categories_match(c, line, strlen(line), &category,
		    &keyword))
			continue;
		for (known = false, i = 0; i < categories_count(c); i++)
			known = known || strcmp(categories_name(c, i),
			    category) == 0;
		if (!known || !contains(line, strlen(line), keyword))
			fuzz_fail("'%s' matched category '%s' by '%s'", line,
			    category, keyword);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	struct loading l;
	char *texts;
	size_t n;

	l.file = data;
	l.size = nul ? (size_t)(nul - data) : size;
	if (fuzz_run(load, &l)) {
		n = nul ? size - l.size - 1 : 0;
		texts = malloc(n + 1);
		memcpy(texts, nul ? nul + 1 : data, n);
		texts[n] = '\0';
		classify(l.c, texts);
		free(texts);
		categories_free(l.c);
	}
	return 0;
}
