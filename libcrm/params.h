/*
 * params.h: a fitted model as a small CSV file, one row per quantity:
 *
 *   name,value,std_error,lo,hi
 *   model,bgnbd,,,
 *   r,0.2425945...,0.0125...,,
 *
 * crm-churn and crm-clv write it with --save-params (and print it with
 * --fit-only) and read it back with --params, so a model fitted weekly
 * scores customers every morning. Numbers are written in their shortest
 * exact form, so a model read back is the model that was saved.
 */
#ifndef CRM_PARAMS_H
#define CRM_PARAMS_H

#include "cli.h"
#include "writer.h"

struct params;

struct params *params_new(void);
void params_free(struct params *p);

void params_set_text(struct params *p, const char *name, const char *value);
void params_set_number(struct params *p, const char *name, double value);
/* An estimate with a standard error and interval (NAN where unknown). */
void params_set_estimate(struct params *p, const char *name, double value,
    double std_error, double lo, double hi);

/* The whole table, header included. */
void params_write(const struct params *p, struct writer *w);
/* Save to path atomically with the default output format. */
void params_save(const struct params *p, const char *path);

/* Read path; a file that is not a params table is an error. */
struct params *params_load(const char *path);
/* The value of name; missing is an error naming the file. */
const char *params_text(const struct params *p, const char *name);
/* "FILE:LINE" of name's row, for messages ("FILE" when not read). */
const char *params_where(const struct params *p, const char *name,
    char *buf, size_t size);
/* A finite number (> 0 when positive is set); else an error. */
double params_number(const struct params *p, const char *name,
    bool positive);

#endif
