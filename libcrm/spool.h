/*
 * spool.h: records set aside in a temporary file and read back in order.
 *
 * A tool that needs a statistic over every row before it can write the
 * first one (a quantile, a median, clusters) reads its input once, keeps
 * only the few values it computes with in memory, spools the records, and
 * replays them afterwards. The file is created under $TMPDIR (default
 * /tmp) without a name (O_TMPFILE), so nothing is left behind whatever
 * happens; where the file system has no O_TMPFILE, with a name that is
 * removed at once (tempfile.h). Memory stays proportional to the longest
 * record, not the input.
 */
#ifndef CRM_SPOOL_H
#define CRM_SPOOL_H

#include "reader.h"

struct spool;

struct spool *spool_open(void);
/* Append a copy of rec: its fields, file name and record number. */
void spool_put(struct spool *s, const struct record *rec);
/* Records put so far. */
unsigned long long spool_count(const struct spool *s);
/* Read back from the first record; no spool_put after this. */
void spool_rewind(struct spool *s);
/* The next record, valid until the next call; NULL after the last. */
const struct record *spool_next(struct spool *s);
void spool_close(struct spool *s);

#endif
