/*
 * publish.h: writing a file that appears whole or not at all.
 *
 * What a path names decides how it is written:
 * - a regular file, or a name that does not exist yet: a temporary file
 *   in the same directory (tempfile.h), which publish_commit() fsyncs and
 *   renames over the name, then fsyncs the directory. A file that existed
 *   keeps its permission bits (and, where the process may set them, its
 *   owner and group); a new one gets 0666 less the umask.
 * - a symbolic link: the same, for the file at the end of the chain of
 *   links (relative targets are read from the link's directory; a
 *   dangling link's target is created). The links stay links.
 * - a FIFO or a device, or /dev/stdout, /dev/stderr, /dev/fd/N and
 *   /proc/self/fd/N: written directly, as a shell redirection would; no
 *   temporary file, no rename, no fsync.
 * - a directory or a socket: an error.
 * Errors stop the program with a message naming the path (util.h die).
 */
#ifndef CRM_PUBLISH_H
#define CRM_PUBLISH_H

#include <stdbool.h>

struct publish;

/* Start writing path; the string must last until commit or abort. */
struct publish *publish_open(const char *path);
/* Where to write the bytes. */
int publish_fd(const struct publish *p);
/* True when the bytes go straight to path (FIFO, device, stream). */
bool publish_direct(const struct publish *p);
/* Everything is written: put the file in place. Frees p. */
void publish_commit(struct publish *p);
/* Give up: the temporary file is removed, path is untouched. Frees p. */
void publish_abort(struct publish *p);

#endif
