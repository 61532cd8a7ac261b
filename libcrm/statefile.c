/* statefile.c: versioned, self-describing state files for --merge. */
#include "statefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "units.h"
#include "util.h"

/* Fields as large as a walk-in customer's million order hashes. */
#define STATE_MAX_FIELD ((size_t)1 << 34)

struct writer *
statefile_create(const char *path)
{
	static const struct out_options plain = { ',', false, false, -1 };

	return writer_open(path, &plain);
}

void
statefile_write_tag(struct writer *w, const char *kind, int version,
    const struct state_setting *settings, size_t n)
{
	size_t len = strlen(kind) + 16, i;
	char *tag;

	for (i = 0; i < n; i++)
		len += strlen(settings[i].key) + strlen(settings[i].value) + 2;
	tag = xmalloc(len);
	len = (size_t)snprintf(tag, len, "%s %d", kind, version);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(tag + len, " %s=%s", settings[i].key,
		    settings[i].value);
	writer_text(w, tag, len);
	free(tag);
}

/* The words after kind and version, split at spaces and at '='. */
static void
split_settings(struct state_tag *tag, char *words)
{
	char *word, *eq, *next;

	for (word = words; word != NULL && *word != '\0'; word = next) {
		next = strchr(word, ' ');
		if (next != NULL)
			*next++ = '\0';
		if (*word == '\0')
			continue;
		if ((eq = strchr(word, '=')) == NULL)
			die("%s: '%s' in the state's first header cell is not "
			    "key=value", tag->file, word);
		*eq = '\0';
		tag->settings = xreallocarray(tag->settings, tag->n + 1,
		    sizeof(*tag->settings));
		tag->settings[tag->n].key = word;
		tag->settings[tag->n++].value = eq + 1;
	}
}

static void
parse_tag(struct state_tag *tag, const char *cell, const char *kind,
    int version)
{
	size_t klen = strlen(kind);
	char *end;
	long v;

	if (strncmp(cell, kind, klen) != 0 || cell[klen] != ' ')
		die("%s: not a %s (its first header cell is '%.60s'); "
		    "--partial writes them", tag->file, kind, cell);
	v = strtol(cell + klen + 1, &end, 10);
	if (end == cell + klen + 1 || (*end != ' ' && *end != '\0'))
		die("%s: '%.60s' names no version of the state", tag->file,
		    cell);
	if (v != version)
		die("%s: a %s of version %ld; this program reads version %d "
		    "(make the state again with --partial)", tag->file, kind, v,
		    version);
	tag->text = xstrdup(end);
	split_settings(tag, tag->text);
}

struct input *
statefile_open(const struct common_options *common, const char *path,
    const char *kind, int version, struct state_tag *tag)
{
	struct common_options plain = *common;
	struct input *in;

	plain.in.delimiter = ',';
	plain.in.no_header = false;
	plain.in.max_field = STATE_MAX_FIELD;
	plain.in.encoding = NULL;
	in = input_open_side(&plain, path);
	memset(tag, 0, sizeof(*tag));
	tag->file = xstrdup(input_header(in)->file);
	parse_tag(tag, input_header(in)->fields[0].s, kind, version);
	return in;
}

const char *
statefile_get(const struct state_tag *tag, const char *key)
{
	size_t i;

	for (i = 0; i < tag->n; i++)
		if (strcmp(tag->settings[i].key, key) == 0)
			return tag->settings[i].value;
	die("%s: the state does not say its %s", tag->file, key);
}

int32_t
statefile_date(const struct state_tag *tag, const char *key)
{
	const char *value = statefile_get(tag, key);
	int32_t day;

	if (date_parse(value, strlen(value), NULL, &day) != DATE_OK)
		die("%s: '%s' is not a date (%s)", tag->file, value, key);
	return day;
}

unsigned long long
statefile_count(const struct state_tag *tag, const char *key)
{
	const char *value = statefile_get(tag, key);
	unsigned long long n;
	char *end;

	n = strtoull(value, &end, 10);
	if (end == value || *end != '\0' || *value == '-')
		die("%s: '%s' is not a count (%s)", tag->file, value, key);
	return n;
}

int
statefile_choice(const struct state_tag *tag, const char *key,
    const char *const *names)
{
	const char *value = statefile_get(tag, key);
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(names[i], value) == 0)
			return i;
	die("%s: '%s' is not a %s", tag->file, value, key);
}

double
statefile_unit(const struct state_tag *tag)
{
	const char *value = statefile_get(tag, "unit");
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(value, unit_name(unit_all[i])) == 0)
			return unit_all[i];
	die("%s: '%s' is not a unit", tag->file, value);
}

void
statefile_check_columns(const struct input *in, const struct state_tag *tag,
    const char *const *columns)
{
	const struct record *h = input_header(in);
	size_t n = 0, i;

	while (columns[n] != NULL)
		n++;
	for (i = 0; i < n; i++)
		if (h->nfields != n + 1 || strcmp(h->fields[i + 1].s,
		    columns[i]) != 0)
			die("%s: the columns are not those of this kind and "
			    "version of state", tag->file);
}

void
statefile_check_same(const struct state_tag *a, const struct state_tag *b,
    const char *const *keys)
{
	const char *va, *vb;

	for (; *keys != NULL; keys++) {
		va = statefile_get(a, *keys);
		vb = statefile_get(b, *keys);
		if (strcmp(va, vb) != 0)
			die("%s: made with %s=%s, and %s with %s=%s: states "
			    "merge only when made with the same options",
			    b->file, *keys, vb, a->file, *keys, va);
	}
}

void
statefile_tag_free(struct state_tag *tag)
{
	free(tag->settings);
	free(tag->text);
	free(tag->file);
	memset(tag, 0, sizeof(*tag));
}
