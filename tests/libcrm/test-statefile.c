/* test-statefile.c: state files written, their tags read back and compared. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "run_child.h"
#include "statefile.h"
#include "temp_files.h"

static char dir[256], path_a[300], path_b[300];

static void
write_state(const char *path, const char *unit)
{
	struct state_setting set[2] = { { "as-of", "2026-11-23" },
		{ "unit", unit } };
	struct writer *w = statefile_create(path);

	statefile_write_tag(w, "crm-test-state", 3, set, 2);
	writer_string(w, "count");
	writer_end(w);
	writer_string(w, "K1");
	writer_int(w, 7);
	writer_end(w);
	writer_close(w);
}

static void
common_defaults(struct common_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->in.delimiter = ';';	/* a state ignores -d */
	opt->in.max_field = 16;		/* ... and the field cap */
	opt->decimal = '.';
}

static void
test_round_trip(void)
{
	struct common_options opt;
	struct state_tag tag;
	const struct record *rec;
	struct input *in;

	common_defaults(&opt);
	write_state(path_a, "weeks");
	in = statefile_open(&opt, path_a, "crm-test-state", 3, &tag);
	CHECK(tag.n == 2, "two settings read back");
	CHECK_STR(statefile_get(&tag, "as-of"), "2026-11-23", "as-of");
	CHECK_STR(statefile_get(&tag, "unit"), "weeks", "unit");
	CHECK_STR(input_header(in)->fields[1].s, "count", "the columns follow");
	rec = input_next(in);
	CHECK(rec != NULL && strcmp(rec->fields[0].s, "K1") == 0 &&
	    strcmp(rec->fields[1].s, "7") == 0, "the rows as written");
	input_close(in);
	statefile_tag_free(&tag);
}

static void
open_as(const void *arg)
{
	struct common_options opt;
	struct state_tag tag;

	common_defaults(&opt);
	input_close(statefile_open(&opt, path_a, arg, 3, &tag));
}

static void
compare_units(const void *arg)
{
	static const char *const keys[] = { "as-of", "unit", NULL };
	struct common_options opt;
	struct state_tag a, b;

	(void)arg;
	common_defaults(&opt);
	input_close(statefile_open(&opt, path_a, "crm-test-state", 3, &a));
	input_close(statefile_open(&opt, path_b, "crm-test-state", 3, &b));
	statefile_check_same(&a, &b, keys);
}

static void
test_refusals(void)
{
	struct child c;

	setprogname("crm-test");
	c = run_child(open_as, "crm-other-state", false);
	CHECK(c.status == 1 && strstr(c.output, "not a crm-other-state") !=
	    NULL, "another kind of state is refused");
	write_state(path_b, "days");
	c = run_child(compare_units, NULL, false);
	CHECK(c.status == 1 && strstr(c.output, "made with unit=days, and ") !=
	    NULL && strstr(c.output, "with unit=weeks: states merge only") !=
	    NULL, "other settings are refused, both named");
	write_state(path_b, "weeks");
	c = run_child(compare_units, NULL, false);
	CHECK(c.status == 0, "the same settings agree");
}

int
main(void)
{
	make_temp_dir(dir, sizeof(dir), "test-statefile");
	snprintf(path_a, sizeof(path_a), "%s/a.state", dir);
	snprintf(path_b, sizeof(path_b), "%s/b.state", dir);
	test_round_trip();
	test_refusals();
	unlink(path_a);
	unlink(path_b);
	rmdir(dir);
	return check_done();
}
