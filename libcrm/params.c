/* params.c: model parameters to and from CSV. */
#include "params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "util.h"

struct entry {
	char *name, *value;
	double std_error, lo, hi;	/* NAN: none */
	unsigned long long recno;	/* where it was read, 0 if set */
};

struct params {
	struct entry *entries;
	size_t count, capacity;
	char *path;			/* the file read, for messages */
};

struct params *
params_new(void)
{
	return xcalloc(1, sizeof(struct params));
}

void
params_free(struct params *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		free(p->entries[i].name);
		free(p->entries[i].value);
	}
	free(p->entries);
	free(p->path);
	free(p);
}

static struct entry *
find(const struct params *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->entries[i].name, name) == 0)
			return &p->entries[i];
	return NULL;
}

static struct entry *
set(struct params *p, const char *name, const char *value)
{
	struct entry *e = find(p, name);

	if (e == NULL) {
		if (p->count == p->capacity) {
			p->capacity = grow_capacity(p->capacity, p->count + 1);
			p->entries = xreallocarray(p->entries, p->capacity,
			    sizeof(*p->entries));
		}
		e = &p->entries[p->count++];
		e->name = xstrdup(name);
	} else
		free(e->value);
	e->value = xstrdup(value);
	e->std_error = e->lo = e->hi = NAN;
	e->recno = 0;
	return e;
}

void
params_set_text(struct params *p, const char *name, const char *value)
{
	set(p, name, value);
}

void
params_set_number(struct params *p, const char *name, double value)
{
	params_set_estimate(p, name, value, NAN, NAN, NAN);
}

void
params_set_estimate(struct params *p, const char *name, double value,
    double std_error, double lo, double hi)
{
	char buf[NUMBER_BUFSIZE];
	struct entry *e;

	if (!isfinite(value))
		die("internal error: parameter %s is not finite", name);
	number_format(value, -1, buf);
	e = set(p, name, buf);
	e->std_error = std_error;
	e->lo = lo;
	e->hi = hi;
}

static void
write_optional(struct writer *w, double v)
{
	if (isfinite(v))
		writer_number(w, v);
	else
		writer_empty(w);
}

void
params_write(const struct params *p, struct writer *w)
{
	static const char *const header[] = { "name", "value", "std_error",
		"lo", "hi", NULL };
	size_t i;
	int k;

	for (k = 0; header[k]; k++)
		writer_string(w, header[k]);
	writer_end(w);
	for (i = 0; i < p->count; i++) {
		writer_string(w, p->entries[i].name);
		writer_string(w, p->entries[i].value);
		write_optional(w, p->entries[i].std_error);
		write_optional(w, p->entries[i].lo);
		write_optional(w, p->entries[i].hi);
		writer_end(w);
	}
}

void
params_save(const struct params *p, const char *path)
{
	struct out_options plain = { ',', false, false, -1 };
	struct writer *w = writer_open(path, &plain);

	params_write(p, w);
	writer_close(w);
}

struct params *
params_load(const char *path)
{
	struct common_options opt;
	struct params *p = params_new();
	const struct record *h, *rec;
	struct input *in;
	char *files[1] = { (char *)path };
	long name, value;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.quiet = true;
	in = input_open(&opt, files, 1);
	h = input_header(in);
	name = column_lookup(h, "name");
	value = column_lookup(h, "value");
	if (name == COLUMN_NONE || value == COLUMN_NONE)
		die("%s: not a parameter file (it needs the columns name and "
		    "value, as --save-params writes them)", path);
	while ((rec = input_next(in)) != NULL)
		set(p, rec->fields[name].s, rec->fields[value].s)->recno =
		    rec->recno;
	input_close(in);
	p->path = xstrdup(path);
	return p;
}

const char *
params_text(const struct params *p, const char *name)
{
	const struct entry *e = find(p, name);

	if (e == NULL)
		die("%s: no '%s' in the parameters", p->path ? p->path :
		    "parameters", name);
	return e->value;
}

const char *
params_where(const struct params *p, const char *name, char *buf,
    size_t size)
{
	const struct entry *e = find(p, name);
	const char *path = p->path ? p->path : "parameters";

	if (e != NULL && e->recno > 0)
		snprintf(buf, size, "%s:%llu", path, e->recno);
	else
		snprintf(buf, size, "%s", path);
	return buf;
}

double
params_number(const struct params *p, const char *name, bool positive)
{
	const char *text = params_text(p, name);
	const struct entry *e = find(p, name);
	double v;

	if (number_parse(text, strlen(text), '.', &v) != NUM_OK ||
	    (positive && !(v > 0)))
		die("%s:%llu: %s must be a %snumber, not '%.40s'", p->path ?
		    p->path : "parameters", e->recno, name, positive ?
		    "positive " : "", text);
	return v;
}
