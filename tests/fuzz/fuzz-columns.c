/*
 * fuzz-columns.c: column resolution (columns.c).
 *
 * Input lines: a column option (a name or a position); a header, its
 * names separated by commas. The option is looked up, each canonical name
 * is found by alias (with and without the option), and the header is
 * listed into buffers of several sizes. A column found lies in the
 * header; an ambiguous or missing one stops with a message that lists it.
 */
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "harness.h"
#include "reader.h"

static const char *const canonicals[] = {
	"customer_id", "order_date", "amount", "order_id", "owner", "T",
	"x", "contact_date", "no_such_name", NULL
};

struct lookup {
	const struct record *header;
	const char *canonical, *spec;
	bool required;
	long found;
};

static void
find(void *arg)
{
	struct lookup *l = arg;

	l->found = l->canonical ? column_find(l->header, l->canonical,
	    l->spec, l->required) : column_require(l->header, l->spec);
}

static void
check(const struct lookup *l)
{
	if (l->found != COLUMN_NONE && (l->found < 0 ||
	    (size_t)l->found >= l->header->nfields))
		fuzz_fail("column %ld of a header of %zu", l->found,
		    l->header->nfields);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lookup l;
	struct record *header;
	const uint8_t *rest;
	char *spec, *names, list[64], big[4096];
	size_t restlen, i;

	fuzz_split(data, size, '\n', &spec, &rest, &restlen);
	fuzz_split(rest, restlen, '\n', &names, &rest, &restlen);
	header = fuzz_record(names, ',', "fuzz", 1);
	memset(&l, 0, sizeof(l));
	l.header = header;
	l.spec = spec;
	l.found = column_lookup(header, spec);
	check(&l);
	if (fuzz_run(find, &l))
		check(&l);
	for (i = 0; canonicals[i]; i++) {
		l.canonical = canonicals[i];
		for (l.required = false; ; l.required = true) {
			l.spec = NULL;
			if (fuzz_run(find, &l))
				check(&l);
			l.spec = spec;
			if (fuzz_run(find, &l))
				check(&l);
			if (l.required)
				break;
		}
	}
	if (strlen(column_list(header, list, sizeof(list))) >= sizeof(list) ||
	    strlen(column_list(header, big, sizeof(big))) >= sizeof(big))
		fuzz_fail("column_list overflows its buffer");
	(void)column_list(header, list, 1);
	(void)column_aliases(canonicals[0]);
	fuzz_record_free(header);
	free(names);
	free(spec);
	return 0;
}
