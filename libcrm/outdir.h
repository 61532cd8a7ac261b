/*
 * outdir.h: a directory of output files (one per owner, say), written all
 * or nothing.
 *
 * The files are written into a new directory beside DIR, and
 * outdir_commit() puts it in DIR's place with one rename: a reader sees
 * the old files or the new ones, never a mix, and a run that stops before
 * the commit leaves DIR as it was (its temporary directory is removed by
 * the next run). The old DIR is kept until the new one is in, and put
 * back if the rename fails. DIR must exist; a symbolic link to a directory
 * keeps pointing to it, now with the new files.
 *
 * File names come from any text (an owner's name) by outdir_name(): the
 * bytes unsafe in a file name, /, \, %, control bytes and a leading . or
 * _, are written as %XX (hexadecimal), so every text has a name of its own
 * and names that start with _ are free for the caller's own files. A name
 * longer than the file system allows (NAME_MAX, 255 bytes on most, less
 * OUTDIR_NAME_RESERVE for the temporary name a file is written under) is
 * cut at a character boundary and ends in "%~" and the 16 hexadecimal
 * digits of a 64-bit hash of the whole text: still unique, the same from
 * run to run, and never the name of another text, since escaping writes
 * no "%~".
 */
#ifndef CRM_OUTDIR_H
#define CRM_OUTDIR_H

#include <stddef.h>

#define OUTDIR_NAME_RESERVE 16

struct outdir;

/* Start replacing dir; an error if it is not a directory. */
struct outdir *outdir_open(const char *dir);

/*
 * The path of the file for text[0..len) with extension ext (".csv") in
 * the new directory; the caller frees it.
 */
char *outdir_name(const struct outdir *d, const char *text, size_t len,
    const char *ext);
/* The path of a file named as given (the caller's own, such as _pool). */
char *outdir_file(const struct outdir *d, const char *name);

/* Put the new directory in the old one's place. Frees d. */
void outdir_commit(struct outdir *d);

/*
 * The path of the file for text[0..len) in dir, a directory outdir_commit()
 * filled (or any other on that file system), named as outdir_name() named
 * the file of that text with extension like, but with extension ext: a
 * page OWNER.html beside each OWNER.csv, even when the name was cut. ext
 * may be up to 3 bytes longer than like (the temporary name's reserve
 * holds them). The caller frees it.
 */
char *outdir_name_beside(const char *dir, const char *text, size_t len,
    const char *like, const char *ext);

/* The file name (no directory) for text in at most max bytes; freed by
 * the caller. Exposed for tests. */
char *outdir_escape(const char *text, size_t len, const char *ext,
    size_t max);

#endif
