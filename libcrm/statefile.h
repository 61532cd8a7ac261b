/*
 * statefile.h: the files that --partial writes and --merge reads
 * (crm-rfm, crm-cohort, crm-churn).
 *
 * A state is plain CSV, comma-separated and never rounded, whose first
 * header cell names the kind of state, its version and the settings that
 * shape it, as words "key=value":
 *
 *   crm-rfm-state 1 as-of=2026-11-23 unit=weeks frequency=orders ...
 *
 * so that a state is understood without its command line, and states
 * made with other settings are refused rather than added up.
 */
#ifndef CRM_STATEFILE_H
#define CRM_STATEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "input.h"
#include "writer.h"

struct state_setting {
	const char *key, *value;
};

/* A writer for a state to path (NULL or "-": stdout): plain CSV. */
struct writer *statefile_create(const char *path);
/* The first header cell: kind, version and settings[0..n). */
void statefile_write_tag(struct writer *w, const char *kind, int version,
    const struct state_setting *settings, size_t n);

/* A state's tag, read back. */
struct state_tag {
	char *file;			/* for messages, owned */
	struct state_setting *settings;
	size_t n;
	char *text;			/* the words, owned */
};

/*
 * Open the state in path ("-": stdin) with its own CSV options, and read
 * its tag; stop unless it is a state of this kind and version.
 */
struct input *statefile_open(const struct common_options *common,
    const char *path, const char *kind, int version, struct state_tag *tag);
/* The value of key; a state without it is an error. */
const char *statefile_get(const struct state_tag *tag, const char *key);
/* The value of key as a date, a count, one of names (its index), a unit. */
int32_t statefile_date(const struct state_tag *tag, const char *key);
unsigned long long statefile_count(const struct state_tag *tag,
    const char *key);
int statefile_choice(const struct state_tag *tag, const char *key,
    const char *const *names);
double statefile_unit(const struct state_tag *tag);
/* Stop unless the header names columns (NULL-ended) after the tag. */
void statefile_check_columns(const struct input *in,
    const struct state_tag *tag, const char *const *columns);
/* Stop unless tags a and b agree on every key of keys (NULL-ended). */
void statefile_check_same(const struct state_tag *a,
    const struct state_tag *b, const char *const *keys);
void statefile_tag_free(struct state_tag *tag);

#endif
