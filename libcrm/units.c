/* units.c: the time unit of t_x, T and duration_holdout, and its names. */
#include "units.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

const double unit_all[3] = { UNIT_WEEKS, 1, 365.25 / 12 };

double
unit_parse(const char *option, const char *name)
{
	static const char *const names[] = { "days", "weeks", "months", NULL };
	static const double days[] = { 1, UNIT_WEEKS, 365.25 / 12 };

	return days[cli_choice(option, name, names)];
}

const char *
unit_name(double unit_days)
{
	return unit_days == 1 ? "days" : unit_days == UNIT_WEEKS ? "weeks" :
	    "months";
}

const char *
unit_column(const char *base, double unit_days, char buf[UNIT_COLUMN_SIZE])
{
	if (unit_days == UNIT_WEEKS)
		snprintf(buf, UNIT_COLUMN_SIZE, "%s", base);
	else
		snprintf(buf, UNIT_COLUMN_SIZE, "%s_%s", base,
		    unit_name(unit_days));
	return buf;
}
