/*
 * fuzz-params.c: the saved-model reader (params.c) on any file.
 *
 * The input is the file read by --params. It is loaded and the values the
 * models ask for are read as text and as numbers; a file that is not a
 * parameter table, and a value that is not a number, stop with a message.
 */
#include <string.h>

#include "harness.h"
#include "params.h"

static const char *const names[] = {
	"model", "unit", "r", "alpha", "a", "b", "s", "beta", "p", "q",
	"gamma", NULL
};

struct query {
	struct params *p;
	const char *name;
	bool positive;
};

static void
load(void *arg)
{
	struct query *q = arg;

	q->p = params_load("-");
}

static void
ask(void *arg)
{
	struct query *q = arg;

	(void)params_text(q->p, q->name);
	(void)params_number(q->p, q->name, q->positive);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query q;
	size_t i;

	memset(&q, 0, sizeof(q));
	fuzz_stdin(data, size);
	if (!fuzz_run(load, &q))
		return 0;
	for (i = 0; names[i]; i++) {
		q.name = names[i];
		q.positive = i % 2;
		fuzz_run(ask, &q);
	}
	params_free(q.p);
	return 0;
}
