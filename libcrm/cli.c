/* cli.c: getopt_long over the tool's options and the common ones. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "num.h"
#include "util.h"

enum {
	OPT_AS_OF = 0x1000, OPT_REJECTS, OPT_DATE_FORMAT, OPT_DECIMAL_COMMA,
	OPT_ENCODING, OPT_MAX_FIELD, OPT_PRECISION, OPT_BOM, OPT_EXCEL_SAFE,
	OPT_PROGRESS, OPT_VERSION
};

/*
 * The common options of conventions.md. Those with a group flag are
 * offered only by the tools that name the group in their tool_spec, so
 * that a tool takes, and --help lists, only the options that do
 * something in it.
 */
static const struct common_option {
	struct option option;
	unsigned group;		/* 0: every tool */
	const char *help;
} common[] = {
	{ { "delimiter", required_argument, NULL, 'd' }, 0,
	"  -d, --delimiter C        input delimiter: a character, tab or \\t"
	" (default ,)\n" },
	{ { "output-delimiter", required_argument, NULL, 'D' }, CLI_CSV_OUT,
	"  -D, --output-delimiter C output delimiter (default ,)\n" },
	{ { "no-header", no_argument, NULL, 'N' }, 0,
	"  -N, --no-header          input has no header; columns are 1, 2,"
	" ...\n" },
	{ { "output", required_argument, NULL, 'o' }, 0,
	"  -o, --output FILE        write FILE atomically instead of stdout\n" },
	{ { "as-of", required_argument, NULL, OPT_AS_OF }, CLI_AS_OF,
	"      --as-of DATE         the day taken as today (default: today)\n" },
	{ { "rejects", required_argument, NULL, OPT_REJECTS }, CLI_REJECTS,
	"      --rejects FILE       write unusable rows to FILE with a reason\n"
	"                           column and go on (default: stop at the"
	" first)\n" },
	{ { "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	    CLI_DATE_FORMAT,
	"      --date-format FMT    strptime format of input dates, e.g."
	" %d/%m/%Y\n" },
	{ { "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA },
	    CLI_DECIMAL_COMMA,
	"      --decimal-comma      input numbers use a decimal comma\n" },
	{ { "encoding", required_argument, NULL, OPT_ENCODING }, 0,
	"      --encoding NAME      input encoding, e.g. gbk or gb18030"
	" (default utf-8)\n" },
	{ { "max-field-size", required_argument, NULL, OPT_MAX_FIELD }, 0,
	"      --max-field-size N   largest field in bytes, K/M/G suffix"
	" (default 1M)\n" },
	{ { "precision", required_argument, NULL, OPT_PRECISION },
	    CLI_PRECISION,
	"      --precision N        print decimals with N digits (default:"
	" shortest)\n" },
	{ { "bom", no_argument, NULL, OPT_BOM }, CLI_CSV_OUT,
	"      --bom                start the output with a UTF-8 byte-order"
	" mark\n" },
	{ { "excel-safe", no_argument, NULL, OPT_EXCEL_SAFE }, CLI_CSV_OUT,
	"      --excel-safe         prefix ' to text cells starting = + - @\n" },
	{ { "progress", no_argument, NULL, OPT_PROGRESS }, 0,
	"      --progress           show progress on stderr (default: on a"
	" terminal)\n" },
	{ { "quiet", no_argument, NULL, 'q' }, 0,
	"  -q, --quiet              no notes on stderr, only errors\n" },
	{ { "help", no_argument, NULL, 'h' }, 0,
	"  -h, --help               show this help and exit\n" },
	{ { "version", no_argument, NULL, OPT_VERSION }, 0,
	"      --version            show the version and exit\n" },
};

enum { NCOMMON = sizeof(common) / sizeof(common[0]) };

static bool
offered(const struct common_option *c, const struct tool_spec *spec)
{
	return c->group == 0 || (spec->common & c->group) != 0;
}

static void
usage(const struct tool_spec *spec)
{
	size_t i;

	/* Options whose text opens with a heading of its own need no other. */
	printf("Usage: %s\n%s\n\n%s%s\nCommon options:\n", spec->synopsis,
	    spec->summary, spec->options[0] == ' ' ? "Options:\n" : "",
	    spec->options);
	for (i = 0; i < NCOMMON; i++)
		if (offered(&common[i], spec))
			fputs(common[i].help, stdout);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write error");
	exit(0);
}

static void
version(void)
{
	printf("%s (crm-tools) %s\n", argv0, CRM_VERSION);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write error");
	exit(0);
}

static char
parse_delimiter(const char *option, const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		return '\t';
	if (strlen(arg) != 1 || strchr("\"\r\n", arg[0]))
		die_usage("%s: '%s' is not a delimiter (one character, or tab)",
		    option, arg);
	return arg[0];
}

static size_t
parse_size(const char *option, const char *arg)
{
	char *end;
	unsigned long long n = strtoull(arg, &end, 10);
	int shift = 0;

	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (end == arg || *end != '\0' || arg[0] == '-' || n == 0 ||
	    n > (SIZE_MAX >> 31))
		die_usage("%s: '%s' is not a size (e.g. 1048576 or 4M)",
		    option, arg);
	return (size_t)(n << shift);
}

static void
set_defaults(struct common_options *c)
{
	const char *parser = getenv("CRM_PARSER");

	memset(c, 0, sizeof(*c));
	c->in.delimiter = ',';
	c->in.max_field = CSV_DEFAULT_MAX_FIELD;
	c->in.progress = isatty(STDERR_FILENO);
	c->in.reference_parser = parser && strcmp(parser, "libcsv") == 0;
	c->out.delimiter = ',';
	c->out.precision = -1;
	c->decimal = '.';
}

static void
handle_common(struct cli *cli, int opt)
{
	struct common_options *c = &cli->common;
	const char *arg = optarg;

	switch (opt) {
	case 'd': c->in.delimiter = parse_delimiter("-d", arg); break;
	case 'D': c->out.delimiter = parse_delimiter("-D", arg); break;
	case 'N': c->in.no_header = true; break;
	case 'o': c->output = arg; break;
	case 'q': c->quiet = true; break;
	case 'h': usage(cli->spec); break;
	case OPT_VERSION: version(); break;
	case OPT_AS_OF:
		c->as_of = cli_date("--as-of", arg);
		c->as_of_given = true;
		break;
	case OPT_REJECTS: c->rejects = arg; break;
	case OPT_DATE_FORMAT: c->date_format = arg; break;
	case OPT_DECIMAL_COMMA: c->decimal = ','; break;
	case OPT_ENCODING: c->in.encoding = arg; break;
	case OPT_MAX_FIELD: c->in.max_field = parse_size("--max-field-size",
	    arg); break;
	case OPT_PRECISION: c->out.precision = (int)cli_long("--precision",
	    arg, 0, 17); break;
	case OPT_BOM: c->out.bom = true; break;
	case OPT_EXCEL_SAFE: c->out.excel_safe = true; break;
	case OPT_PROGRESS: c->in.progress = true; break;
	default:
		die_usage("invalid option");
	}
}

static size_t
count_options(const struct option *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

void
cli_begin(struct cli *cli, int argc, char **argv, const struct tool_spec *spec)
{
	size_t ntool = count_options(spec->longopts), nlong, nshort, i;

	setprogname(argv[0]);
	argv[0] = (char *)argv0;	/* getopt's messages name the tool */
	memset(cli, 0, sizeof(*cli));
	cli->spec = spec;
	cli->argc = argc;
	cli->argv = argv;
	cli->longopts = xreallocarray(NULL, ntool + NCOMMON + 1,
	    sizeof(struct option));
	if (ntool)
		memcpy(cli->longopts, spec->longopts, ntool *
		    sizeof(struct option));
	nshort = strlen(spec->shortopts ? spec->shortopts : "");
	cli->shortopts = xmalloc(nshort + 2 * NCOMMON + 1);
	memcpy(cli->shortopts, spec->shortopts ? spec->shortopts : "", nshort);
	nlong = ntool;
	for (i = 0; i < NCOMMON; i++) {
		const struct option *o = &common[i].option;

		if (!offered(&common[i], spec))
			continue;
		cli->longopts[nlong++] = *o;
		if (o->val < 128) {
			cli->shortopts[nshort++] = (char)o->val;
			if (o->has_arg == required_argument)
				cli->shortopts[nshort++] = ':';
		}
	}
	memset(&cli->longopts[nlong], 0, sizeof(struct option));
	cli->shortopts[nshort] = '\0';
	set_defaults(&cli->common);
	optind = 1;
}

static bool
is_common(int opt)
{
	size_t i;

	for (i = 0; i < NCOMMON; i++)
		if (common[i].option.val == opt)
			return true;
	return false;
}

int
cli_next(struct cli *cli)
{
	int opt;

	for (;;) {
		opt = getopt_long(cli->argc, cli->argv, cli->shortopts,
		    cli->longopts, NULL);
		if (opt == -1)
			break;
		if (opt == '?')
			die_usage("invalid command line");
		if (is_common(opt)) {
			handle_common(cli, opt);
			continue;
		}
		cli->arg = optarg;
		return opt;
	}
	if (!cli->common.as_of_given)
		cli->common.as_of = date_today();
	if (cli->common.quiet)
		cli->common.in.progress = false;
	cli->files = cli->argv + optind;
	cli->nfiles = (size_t)(cli->argc - optind);
	return -1;
}

void
cli_end(struct cli *cli)
{
	free(cli->longopts);
	free(cli->shortopts);
}

long
cli_long(const char *option, const char *arg, long min, long max)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end != '\0' || v < min || v > max)
		die_usage("%s: '%s' is not a whole number from %ld to %ld",
		    option, arg, min, max);
	return v;
}

double
cli_double(const char *option, const char *arg, double min, double max)
{
	double v;

	if (number_parse(arg, strlen(arg), '.', &v) != NUM_OK || v < min ||
	    v > max)
		die_usage("%s: '%s' is not a number from %g to %g", option,
		    arg, min, max);
	return v;
}

int32_t
cli_date(const char *option, const char *arg)
{
	int32_t days;

	if (date_parse(arg, strlen(arg), NULL, &days) != DATE_OK)
		die_usage("%s: '%s' is not a date (YYYY-MM-DD)", option, arg);
	return days;
}

int
cli_choice(const char *option, const char *arg, const char *const *words)
{
	char list[256];
	size_t n = 0;
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	list[0] = '\0';
	for (i = 0; words[i] && n < sizeof(list) - 32; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
		    i ? ", " : "", words[i]);
	die_usage("%s: '%s' is not one of %s", option, arg, list);
}
