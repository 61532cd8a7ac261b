/*
 * side_files.h: side files (a policy, a calendar, a capacity file) for
 * the tests of the modules that read them: the text written to a file in
 * a temporary directory, and the common options a tool would read it
 * with. The functions are static inline so that a test that does not use
 * one gets no warning.
 */
#ifndef CRM_SIDE_FILES_H
#define CRM_SIDE_FILES_H

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "temp_files.h"

/* Write text to DIR/NAME (dir NULL: NAME); its path into path[size]. */
static inline const char *
side_file(char *path, size_t size, const char *dir, const char *name,
    const char *text)
{
	FILE *f;

	snprintf(path, size, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return path;
}

/* The options of a tool run without any: comma, strict, no --as-of. */
static inline void
plain_common(struct common_options *common)
{
	memset(common, 0, sizeof(*common));
	common->in.delimiter = ',';
	common->in.max_field = CSV_DEFAULT_MAX_FIELD;
	common->out.delimiter = ',';
	common->out.precision = -1;
	common->decimal = '.';
}

#endif
