/*
 * rejects.h: unusable rows found out of input order, by threads that
 * each take some of a chunk's rows, kept with their place in the chunk
 * and rejected in input order once the chunk is done, so that the first
 * bad row of the input is the first reported (and, in strict mode, the
 * one that stops the run) however the rows were shared out.
 */
#ifndef CRM_REJECTS_H
#define CRM_REJECTS_H

#include <stddef.h>

#include "input.h"

struct reject {
	size_t record;		/* index in the chunk */
	char *reason;
};

struct rejects {
	struct reject *list;
	size_t count, capacity;
};

void rejects_add(struct rejects *r, size_t record, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append the entries of from to to, emptying from. */
void rejects_move(struct rejects *to, struct rejects *from);
/*
 * Reject records[i] of every entry of all through input_reject(), in
 * the order of i (the first may stop the program); all is emptied.
 */
void rejects_report(struct rejects *all, struct input *in,
    const struct record *records);
void rejects_free(struct rejects *r);

#endif
