/*
 * rules.c: segments by ordered rules (--rule 'gold: monetary >= 10000',
 * --rules FILE): the first rule whose condition holds names the row's
 * segment, else the default. Conditions are parsed and bound before any
 * row is read, so a mistake in a rule stops the run before it starts,
 * with a caret under the place.
 */
#include "segment.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "expr.h"
#include "text.h"
#include "util.h"

struct rules {
	struct expr **cond;
	size_t *offset;		/* where each rule's condition starts */
};

void
segment_add_rule(struct segment_options *o, const char *text,
    const char *file, unsigned long line)
{
	struct segment_rule *r;

	o->rules.rule = xreallocarray(o->rules.rule, o->rules.n + 1,
	    sizeof(*o->rules.rule));
	r = &o->rules.rule[o->rules.n++];
	r->text = text;
	r->owned = file ? (char *)text : NULL;
	r->file = file;
	r->number = file ? line : o->rules.n;
}

static bool
blank_or_comment(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

void
segment_read_rules(struct segment_options *o, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t size = 0, before = o->rules.n;
	ssize_t len;
	unsigned long number = 0;

	if (fp == NULL)
		die("%s: %s", path, strerror(errno));
	while ((len = getline(&line, &size, fp)) != -1) {
		number++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!blank_or_comment(line))
			segment_add_rule(o, xstrdup(line), path, number);
	}
	if (ferror(fp))
		die("%s: %s", path, strerror(errno));
	fclose(fp);
	free(line);
	if (o->rules.n == before)
		die_usage("--rules %s: no rules in the file", path);
}

/* "rule 2" or "rules.txt:3", for messages. */
static const char *
rule_where(const struct segment_rule *r, char *buf, size_t size)
{
	if (r->file)
		snprintf(buf, size, "%s:%lu", r->file, r->number);
	else
		snprintf(buf, size, "rule %lu", r->number);
	return buf;
}

/* A message that points into the rule: "rule 2, column 17: ..." + caret. */
static void
rule_message(const struct segment_rule *r, size_t offset, const char *what,
    char *buf, size_t size)
{
	char where[512], caret[1024];
	size_t column = expr_column(r->text, offset);

	rule_where(r, where, sizeof(where));
	expr_caret(r->text, offset, caret, sizeof(caret));
	if (r->file)
		snprintf(buf, size, "%s:%zu: %s\n  %s\n  %s", where, column,
		    what, r->text, caret);
	else
		snprintf(buf, size, "%s, column %zu: %s\n  %s\n  %s", where,
		    column, what, r->text, caret);
}

/*
 * The label before the first ':', blanks trimmed, as *label[0..*len);
 * returns where the condition starts.
 */
static size_t
rule_label(const struct segment_rule *r, const char **label, size_t *len)
{
	const char *colon = strchr(r->text, ':');
	char msg[2048];

	if (colon == NULL) {
		rule_message(r, 0, "expected LABEL: CONDITION, as in "
		    "gold: monetary >= 10000", msg, sizeof(msg));
		die_usage("%s", msg);
	}
	*label = r->text;
	*len = (size_t)(colon - r->text);
	trim_blanks(label, len);
	if (*len == 0) {
		rule_message(r, (size_t)(colon - r->text), "no label before "
		    "':'", msg, sizeof(msg));
		die_usage("%s", msg);
	}
	return (size_t)(colon + 1 - r->text);
}

/*
 * Parse every rule before any input is read: syntax errors exit 2.
 * Nothing of a rule is allocated before it parses, so that an error
 * leaves nothing behind.
 */
static void
define_rules(struct segment *s)
{
	const struct segment_rule *rule = s->opt->rules.rule;
	size_t i, n = s->opt->rules.n, len;
	struct rules *r = s->state = xcalloc(1, sizeof(*r));
	struct expr_error err;
	const char *label;
	char *copy, msg[2048];

	r->cond = xcalloc(n + 1, sizeof(*r->cond));
	r->offset = xcalloc(n + 1, sizeof(*r->offset));
	for (i = 0; i < n; i++) {
		r->offset[i] = rule_label(&rule[i], &label, &len);
		r->cond[i] = expr_parse(rule[i].text + r->offset[i], &err);
		if (r->cond[i] == NULL) {
			rule_message(&rule[i], r->offset[i] + err.offset,
			    err.message, msg, sizeof(msg));
			die_usage("%s", msg);
		}
		copy = xstrndup(label, len);
		segment_add_class(&s->classes, copy);
		free(copy);
	}
	segment_add_class(&s->classes, s->opt->rules.default_label ?
	    s->opt->rules.default_label : s->opt->lang == SEGMENT_ZH ? "其他" :
	    "other");
}

/* A rule that names a column the input lacks: before any row is read. */
static void
bind_rules(struct segment *s)
{
	const struct rules *r = s->state;
	struct expr_error err;
	char msg[2048], what[1536], list[1024];
	size_t i;

	for (i = 0; i < s->opt->rules.n; i++) {
		if (expr_bind(r->cond[i], s->header, &err))
			continue;
		snprintf(what, sizeof(what), "%s; the header has: %s",
		    err.message, column_list(s->header, list, sizeof(list)));
		rule_message(&s->opt->rules.rule[i], r->offset[i] +
		    err.offset, what, msg, sizeof(msg));
		die("%s", msg);
	}
}

/* The first rule that holds, else the default (the last class). */
static bool
rules_row(struct segment *s, const struct record *rec, size_t row,
    unsigned *class)
{
	const struct rules *r = s->state;
	struct expr_env env = { s->common->as_of, s->common->date_format,
		s->common->decimal };
	char why[256], where[512];
	size_t i;

	(void)row;
	for (i = 0; i < s->opt->rules.n; i++)
		switch (expr_eval(r->cond[i], rec, &env, why, sizeof(why))) {
		case EXPR_TRUE:
			*class = (unsigned)i;
			return true;
		case EXPR_FAILED:
			input_reject(s->in, rec, "%s: %s", rule_where(
			    &s->opt->rules.rule[i], where, sizeof(where)), why);
			return false;
		case EXPR_FALSE:
			break;
		}
	*class = (unsigned)s->opt->rules.n;
	return true;
}

static void
free_rules(struct segment *s)
{
	struct rules *r = s->state;
	size_t i;

	for (i = 0; i < s->opt->rules.n; i++)
		expr_free(r->cond[i]);
	free(r->cond);
	free(r->offset);
	free(r);
}

const struct segment_method segment_rules = {
	"--rule", false, define_rules, bind_rules, rules_row, NULL, NULL,
	free_rules
};
