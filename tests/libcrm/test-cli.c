/*
 * test-cli.c: the shared command line. Usage errors exit with status 2,
 * so they run in a child whose output is checked.
 */
#define _GNU_SOURCE	/* fork, pipe */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "date.h"
#include "run_child.h"
#include "util.h"

enum { OPT_TOP = 't', OPT_FLAG = 'x', OPT_TIERS = 256 };

static const struct option tool_longopts[] = {
	{ "top", required_argument, NULL, OPT_TOP },
	{ "flag", no_argument, NULL, OPT_FLAG },
	{ "tiers", required_argument, NULL, OPT_TIERS },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-x [options] [file ...]",
	"A tool for the tests.",
	"  -t, --top N              the top N\n",
	"t:x",
	tool_longopts,
	CLI_ALL
};

/* A tool that takes none of the optional groups but CSV output. */
static const struct tool_spec plain_spec = {
	"crm-y [options] file",
	"A tool with fewer common options.",
	"  -t, --top N              the top N\n",
	"t:",
	tool_longopts,
	CLI_CSV_OUT
};

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])) - 1)

static void
test_defaults(void)
{
	char *argv[] = { "crm-x", NULL };
	struct cli cli;
	const struct common_options *c = &cli.common;

	cli_begin(&cli, ARGC(argv), argv, &spec);
	CHECK(cli_next(&cli) == -1, "no options: cli_next ends at once");
	CHECK(c->in.delimiter == ',' && c->out.delimiter == ',',
	    "default delimiters are ','");
	CHECK(!c->in.no_header && c->output == NULL && c->rejects == NULL &&
	    c->date_format == NULL && c->in.encoding == NULL,
	    "default: header, stdout, strict, built-in dates, UTF-8");
	CHECK(c->decimal == '.' && c->out.precision == -1 && !c->out.bom &&
	    !c->out.excel_safe, "default: decimal point, shortest numbers, "
	    "no BOM, not excel-safe");
	CHECK(c->in.max_field == CSV_DEFAULT_MAX_FIELD, "default max field "
	    "size is 1 MiB");
	CHECK(!c->as_of_given && c->as_of == date_today(), "default as-of is "
	    "today");
	CHECK(cli.nfiles == 0, "no files");
	CHECK_STR(argv0, "crm-x", "cli_begin sets the program name");
	cli_end(&cli);
}

static void
test_common_options(void)
{
	char *argv[] = { "/usr/bin/crm-x", "-d", "tab", "-D", ";", "-N",
		"-o", "out.csv", "--as-of", "2024-03-05", "--rejects",
		"rej.csv", "--date-format", "%d/%m/%Y", "--decimal-comma",
		"--encoding", "gbk", "--max-field-size", "4M", "--precision",
		"2", "--bom", "--excel-safe", "-q", "--progress", "a.csv",
		"b.csv", NULL };
	struct cli cli;
	const struct common_options *c = &cli.common;

	cli_begin(&cli, ARGC(argv), argv, &spec);
	CHECK(cli_next(&cli) == -1, "common options are handled by cli_next");
	CHECK(c->in.delimiter == '\t' && c->out.delimiter == ';',
	    "-d tab and -D ';'");
	CHECK(c->in.no_header, "-N");
	CHECK_STR(c->output, "out.csv", "-o");
	CHECK(c->as_of_given && c->as_of == 19787, "--as-of 2024-03-05");
	CHECK_STR(c->rejects, "rej.csv", "--rejects");
	CHECK_STR(c->date_format, "%d/%m/%Y", "--date-format");
	CHECK(c->decimal == ',', "--decimal-comma");
	CHECK_STR(c->in.encoding, "gbk", "--encoding");
	CHECK(c->in.max_field == 4u << 20, "--max-field-size 4M (got %zu)",
	    c->in.max_field);
	CHECK(c->out.precision == 2, "--precision 2");
	CHECK(c->out.bom && c->out.excel_safe, "--bom and --excel-safe");
	CHECK(c->quiet && !c->in.progress, "-q wins over --progress");
	CHECK(cli.nfiles == 2 && strcmp(cli.files[0], "a.csv") == 0 &&
	    strcmp(cli.files[1], "b.csv") == 0, "two files");
	CHECK_STR(argv0, "crm-x", "the program name is the base name");
	cli_end(&cli);
}

static void
test_tool_options(void)
{
	char *argv[] = { "crm-x", "a.csv", "--top", "5", "-x", "-d", ";",
		"--tiers", "monetary=gold:0.2,silver", "-t7", "b.csv",
		"--", "-c.csv", NULL };
	struct cli cli;
	int opt;
	bool top5 = false, flag = false, top7 = false, tiers = false;

	cli_begin(&cli, ARGC(argv), argv, &spec);
	while ((opt = cli_next(&cli)) != -1) {
		if (opt == OPT_TOP && strcmp(cli.arg, "5") == 0)
			top5 = true;
		else if (opt == OPT_TOP && strcmp(cli.arg, "7") == 0)
			top7 = true;
		else if (opt == OPT_FLAG)
			flag = true;
		else if (opt == OPT_TIERS)
			tiers = strcmp(cli.arg, "monetary=gold:0.2,silver") ==
			    0;
	}
	CHECK(top5 && top7 && flag, "the tool's own options come back with "
	    "their arguments (--top 5, -t7, -x)");
	CHECK(tiers, "an option's one argument comes back whole");
	CHECK(cli.common.in.delimiter == ';', "common options among the "
	    "tool's are handled");
	CHECK(cli.nfiles == 3 && strcmp(cli.files[0], "a.csv") == 0 &&
	    strcmp(cli.files[1], "b.csv") == 0 &&
	    strcmp(cli.files[2], "-c.csv") == 0, "files in order, wherever "
	    "they stand, and after --");
	cli_end(&cli);
}

static void
test_argument_parsers(void)
{
	static const char *const units[] = { "days", "weeks", "months", NULL };

	CHECK(cli_long("--top", "5", 1, 10) == 5, "cli_long '5'");
	CHECK(cli_long("--top", "-3", -5, 5) == -3, "cli_long '-3'");
	CHECK(cli_long("--top", "10", 1, 10) == 10, "cli_long at max");
	CHECK(cli_double("--p", "0.25", 0, 1) == 0.25, "cli_double '0.25'");
	CHECK(cli_double("--p", "1e-3", 0, 1) == 0.001, "cli_double '1e-3'");
	CHECK(cli_date("--as-of", "2024-03-05") == 19787, "cli_date");
	CHECK(cli_choice("--unit", "weeks", units) == 1, "cli_choice 'weeks'");
	CHECK(cli_choice("--unit", "days", units) == 0, "cli_choice 'days'");
}

/* Usage errors, in a child */

static void
parse_with(const struct tool_spec *tool, char **argv)
{
	struct cli cli;
	int argc = 0;

	while (argv[argc])
		argc++;
	cli_begin(&cli, argc, argv, tool);
	while (cli_next(&cli) != -1)
		;
	cli_end(&cli);
}

/* Parse argv (char *[], NULL-ended) to the end. */
static void
parse_all(const void *arg)
{
	parse_with(&spec, (char **)arg);
}

/* The same for the tool with fewer common options. */
static void
parse_plain(const void *arg)
{
	parse_with(&plain_spec, (char **)arg);
}

static void
check_usage_error(char **argv, const char *want, const char *what)
{
	struct child res = run_child(parse_all, argv, true);

	CHECK_CHILD(res, 2, want, "%s: exit 2 and the message", what);
}

#define HINT "Try 'crm-x --help' for more information.\n"

static void
test_usage_errors(void)
{
	char *delimiter[] = { "crm-x", "-d", "ab", NULL };
	char *quote[] = { "crm-x", "-D", "\"", NULL };
	char *date[] = { "crm-x", "--as-of", "2024-02-30", NULL };
	char *precision[] = { "crm-x", "--precision", "18", NULL };
	char *size[] = { "crm-x", "--max-field-size", "0", NULL };
	char *size_unit[] = { "crm-x", "--max-field-size", "1T", NULL };
	char *unknown[] = { "crm-x", "--nope", NULL };

	check_usage_error(delimiter, "crm-x: -d: 'ab' is not a delimiter (one "
	    "character, or tab)\n" HINT, "-d ab");
	check_usage_error(quote, "crm-x: -D: '\"' is not a delimiter (one "
	    "character, or tab)\n" HINT, "-D with a quote");
	check_usage_error(date, "crm-x: --as-of: '2024-02-30' is not a date "
	    "(YYYY-MM-DD)\n" HINT, "--as-of 2024-02-30");
	check_usage_error(precision, "crm-x: --precision: '18' is not a whole "
	    "number from 0 to 17\n" HINT, "--precision 18");
	check_usage_error(size, "crm-x: --max-field-size: '0' is not a size "
	    "(e.g. 1048576 or 4M)\n" HINT, "--max-field-size 0");
	check_usage_error(size_unit, "crm-x: --max-field-size: '1T' is not a "
	    "size (e.g. 1048576 or 4M)\n" HINT, "--max-field-size 1T");
	check_usage_error(unknown, "crm-x: unrecognized option '--nope'\n"
	    "crm-x: invalid command line\n" HINT, "an unknown option");
}

/* The parsers below take { option, argument } as a char *[]. */
static void
call_long(const void *arg)
{
	char *const *argv = arg;

	cli_long(argv[0], argv[1], 1, 10);
}

static void
call_choice(const void *arg)
{
	static const char *const units[] = { "days", "weeks", "months", NULL };
	char *const *argv = arg;

	cli_choice(argv[0], argv[1], units);
}

static void
call_double(const void *arg)
{
	char *const *argv = arg;

	cli_double(argv[0], argv[1], 0, 1);
}

static void
check_parser_error(void (*fn)(const void *), const char *arg,
    const char *want, const char *what)
{
	char *argv[] = { "--opt", (char *)arg, NULL };
	struct child res = run_child(fn, argv, true);

	CHECK_CHILD(res, 2, want, "%s: exit 2 and the message", what);
}

static void
test_parser_errors(void)
{
	check_parser_error(call_long, "11", "crm-x: --opt: '11' is not a whole "
	    "number from 1 to 10\n" HINT, "cli_long above max");
	check_parser_error(call_long, "5x", "crm-x: --opt: '5x' is not a whole "
	    "number from 1 to 10\n" HINT, "cli_long '5x'");
	check_parser_error(call_long, "", "crm-x: --opt: '' is not a whole "
	    "number from 1 to 10\n" HINT, "cli_long ''");
	check_parser_error(call_double, "nan", "crm-x: --opt: 'nan' is not a "
	    "number from 0 to 1\n" HINT, "cli_double 'nan'");
	check_parser_error(call_double, "1.5", "crm-x: --opt: '1.5' is not a "
	    "number from 0 to 1\n" HINT, "cli_double above max");
	check_parser_error(call_choice, "years", "crm-x: --opt: 'years' is not "
	    "one of days, weeks, months\n" HINT, "cli_choice 'years'");
}

static void
test_help_and_version(void)
{
	char *help[] = { "crm-x", "--help", NULL };
	char *version[] = { "crm-x", "--version", NULL };
	struct child res = run_child(parse_all, help, true);

	CHECK(res.status == 0 && strncmp(res.output, "Usage: crm-x [options] "
	    "[file ...]\nA tool for the tests.\n", 52) == 0 &&
	    strstr(res.output, "  -t, --top N") != NULL &&
	    strstr(res.output, "--excel-safe") != NULL,
	    "--help prints the usage with the tool's and the common options, "
	    "exit 0");
	res = run_child(parse_all, version, true);
	CHECK(res.status == 0 && strncmp(res.output, "crm-x (crm-tools) ",
	    18) == 0 && res.output[strlen(res.output) - 1] == '\n',
	    "--version prints 'crm-x (crm-tools) VERSION', exit 0");
}

/* A tool is offered only the common options that do something in it. */
static void
test_option_groups(void)
{
	char *as_of[] = { "crm-y", "--as-of", "2024-03-05", NULL };
	char *precision[] = { "crm-y", "--precision", "2", NULL };
	char *help[] = { "crm-y", "--help", NULL };
	char *ok[] = { "crm-y", "-t", "3", "-D", ";", "--bom", "-o", "x.csv",
		"-q", "a.csv", NULL };
	struct child res;

	res = run_child(parse_plain, as_of, true);
	CHECK_CHILD(res, 2, "crm-y: unrecognized option '--as-of'\n"
	    "crm-y: invalid command line\n"
	    "Try 'crm-y --help' for more information.\n",
	    "--as-of is refused by a tool without CLI_AS_OF");
	res = run_child(parse_plain, precision, true);
	CHECK(res.status == 2, "--precision is refused by a tool without "
	    "CLI_PRECISION");
	res = run_child(parse_plain, help, true);
	CHECK(res.status == 0 && strstr(res.output, "--bom") != NULL &&
	    strstr(res.output, "--output-delimiter") != NULL &&
	    strstr(res.output, "--as-of") == NULL &&
	    strstr(res.output, "--rejects") == NULL &&
	    strstr(res.output, "--date-format") == NULL &&
	    strstr(res.output, "--decimal-comma") == NULL &&
	    strstr(res.output, "--precision") == NULL,
	    "--help lists exactly the groups the tool takes");
	res = run_child(parse_plain, ok, true);
	CHECK(res.status == 0, "the options of its groups and of every tool "
	    "are taken (exit %d: %s)", res.status, res.output);
}

int
main(void)
{
	test_defaults();
	test_common_options();
	test_tool_options();
	test_argument_parsers();
	test_usage_errors();
	test_parser_errors();
	test_help_and_version();
	test_option_groups();
	return check_done();
}
