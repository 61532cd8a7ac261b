/*
 * cli.h: the command line every tool shares.
 *
 * A tool lists its own options (getopt_long) and usage text; cli_next()
 * merges them with the common set of conventions.md, handles the common
 * ones itself and returns the tool's own, one by one, then -1 with the
 * operands (files) in cli->files.
 */
#ifndef CRM_CLI_H
#define CRM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "reader.h"
#include "writer.h"

struct common_options {
	struct csv_options in;
	struct out_options out;
	const char *output;	/* -o FILE, or NULL */
	const char *rejects;	/* --rejects FILE, or NULL */
	const char *date_format;	/* --date-format, or NULL */
	char decimal;		/* '.' or ',' with --decimal-comma */
	int32_t as_of;		/* --as-of, default today */
	bool as_of_given;
	bool quiet;
};

/*
 * Groups of common options a tool takes beyond those every tool takes
 * (input format, -o, -q, --progress, --help, --version).
 */
enum {
	CLI_AS_OF = 1 << 0,		/* --as-of */
	CLI_REJECTS = 1 << 1,		/* --rejects */
	CLI_DATE_FORMAT = 1 << 2,	/* --date-format */
	CLI_DECIMAL_COMMA = 1 << 3,	/* --decimal-comma */
	CLI_PRECISION = 1 << 4,		/* --precision */
	CLI_CSV_OUT = 1 << 5,		/* -D, --bom, --excel-safe */
	CLI_ALL = (1 << 6) - 1
};

struct tool_spec {
	const char *synopsis;	/* "crm-rfm [options] [file ...]" */
	const char *summary;	/* one line: what the tool does */
	const char *options;	/* the tool's own options, for --help */
	const char *shortopts;	/* getopt letters of its own options */
	const struct option *longopts;	/* its long options, {0}-ended */
	unsigned common;	/* CLI_* groups of common options it takes */
};

struct cli {
	const struct tool_spec *spec;
	int argc;
	char **argv;
	struct option *longopts;	/* tool's and common ones */
	char *shortopts;
	const char *arg;	/* argument of the option just returned */
	struct common_options common;
	char **files;
	size_t nfiles;
};

/* Tool option ids that are not letters must lie in 256..4095. */
void cli_begin(struct cli *cli, int argc, char **argv,
    const struct tool_spec *spec);
/* The next option of the tool's own; -1 at the end of the options. */
int cli_next(struct cli *cli);
void cli_end(struct cli *cli);

/* Argument parsers for tool options; a bad value is a usage error. */
long cli_long(const char *option, const char *arg, long min, long max);
double cli_double(const char *option, const char *arg, double min,
    double max);
int32_t cli_date(const char *option, const char *arg);
/* The index of arg in the NULL-ended list of words. */
int cli_choice(const char *option, const char *arg,
    const char *const *words);

#endif
