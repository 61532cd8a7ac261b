/*
 * filename.h: a file of its own for each owner (any text), in a
 * directory: the bytes that are unsafe in a file name (/, \, %, control
 * bytes, a leading . or _) are written as %XX, so that two owners never
 * share a file and no owner's file is named like the special _pool (no
 * owner) or a hidden file. crm-schedule --per-owner names its lists so,
 * and crm-report --profiles its pages beside them.
 */
#ifndef CRM_FILENAME_H
#define CRM_FILENAME_H

#include <stddef.h>

/* "DIR/NAME.EXT" (or "DIR/_pool.EXT" for an empty name); free it. */
char *owner_file_name(const char *dir, const char *name, size_t len,
    const char *ext);

#endif
