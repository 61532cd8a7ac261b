/*
 * fuzz-expr.c: the crm-segment rule language (expr.c).
 *
 * Input lines: a rule; a header (comma-separated names); rows of values.
 * The first byte after the rule's newline, when it is one of "!#", picks
 * the date format and decimal comma. The rule is parsed, bound to the
 * header and evaluated on every row (rows are cut or padded to the
 * header's width, as the reader hands them out). A parse or bind error
 * must point inside the text.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "expr.h"
#include "harness.h"
#include "reader.h"

static void
check_error(const char *rule, const struct expr_error *err)
{
	char caret[256];

	if (err->offset > strlen(rule))
		fuzz_fail("error offset %zu past the rule's %zu bytes",
		    err->offset, strlen(rule));
	if (memchr(err->message, '\0', sizeof(err->message)) == NULL)
		fuzz_fail("error message not NUL-ended");
	(void)expr_column(rule, err->offset);
	expr_caret(rule, err->offset, caret, sizeof(caret));
	expr_caret(rule, err->offset, caret, 3);
}

/* Cut or pad rec to width fields (pads point at an empty string). */
static void
fit(struct record *rec, size_t width, struct field *room)
{
	size_t i;

	for (i = 0; i < width; i++)
		if (i < rec->nfields)
			room[i] = rec->fields[i];
		else
			room[i] = (struct field){ "", 0 };
	rec->fields = room;
	rec->nfields = width;
}

static void
evaluate(const struct expr *e, const struct record *header, char *rows,
    const struct expr_env *env)
{
	struct field *room = malloc(header->nfields * sizeof(*room));
	char why[160], *line, *next;
	unsigned long long recno = 2;

	for (line = rows; line != NULL; line = next, recno++) {
		struct record *rec, saved;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		rec = fuzz_record(line, ',', "fuzz", recno);
		saved = *rec;
		fit(rec, header->nfields, room);
		if (expr_eval(e, rec, env, why, sizeof(why)) == EXPR_FAILED &&
		    memchr(why, '\0', sizeof(why)) == NULL)
			fuzz_fail("reason not NUL-ended");
		*rec = saved;
		fuzz_record_free(rec);
	}
	free(room);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_env env = { 0, NULL, '.' };
	struct expr_error err;
	struct record *header;
	struct expr *e;
	char *rule, *rest, *rows;
	const uint8_t *tail;
	size_t taillen;

	fuzz_split(data, size, '\n', &rule, &tail, &taillen);
	env.today = days_from_civil(2026, 11, 23);
	if (taillen > 0 && (tail[0] == '!' || tail[0] == '#')) {
		env.date_format = tail[0] == '!' ? "%d/%m/%Y" : NULL;
		env.decimal = tail[0] == '#' ? ',' : '.';
		tail++;
		taillen--;
	}
	rest = malloc(taillen + 1);
	memcpy(rest, tail, taillen);
	rest[taillen] = '\0';
	if ((rows = strchr(rest, '\n')) != NULL)
		*rows++ = '\0';
	header = fuzz_record(rest, ',', "fuzz", 1);
	memset(&err, 0, sizeof(err));
	if ((e = expr_parse(rule, &err)) == NULL)
		check_error(rule, &err);
	else if (!expr_bind(e, header, &err))
		check_error(rule, &err);
	else if (rows != NULL)
		evaluate(e, header, rows, &env);
	expr_free(e);
	fuzz_record_free(header);
	free(rest);
	free(rule);
	return 0;
}
