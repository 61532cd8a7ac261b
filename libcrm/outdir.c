/* outdir.c: a directory of files replaced all at once; safe file names. */
#define _GNU_SOURCE	/* renameat2, nftw */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "table.h"
#include "util.h"

struct outdir {
	char *target;		/* the directory replaced (links resolved) */
	char *parent;		/* where the new one is made */
	char *tmp;		/* the new one, until the commit */
	size_t name_max;	/* the longest file name there */
};

/* What escaping never writes: it marks a name cut to fit. */
static const char cut_mark[] = "%~";

enum { HASH_DIGITS = 16 };

static bool
unsafe(unsigned char c, size_t at)
{
	return c == '/' || c == '\\' || c == '%' || c < 32 || c == 127 ||
	    (at == 0 && (c == '.' || c == '_'));
}

/*
 * The length of text's longest escaped prefix of at most room bytes that
 * ends at a character boundary: never inside %XX or a UTF-8 sequence.
 */
static size_t
fitting_prefix(const char *text, size_t len, size_t room, size_t *used)
{
	size_t i = 0, n = 0, step, width;

	while (i < len) {
		width = unsafe((unsigned char)text[i], i) ? 3 : 1;
		step = 1;
		while (width == 1 && i + step < len &&
		    ((unsigned char)text[i + step] & 0xc0) == 0x80)
			step++;		/* the rest of a UTF-8 character */
		if (n + width * step > room)
			break;
		n += width * step;
		i += step;
	}
	*used = n;
	return i;
}

static size_t
put_escaped(char *out, const char *text, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (unsafe((unsigned char)text[i], i))
			n += (size_t)sprintf(out + n, "%%%02X",
			    (unsigned char)text[i]);
		else
			out[n++] = text[i];
	return n;
}

char *
outdir_escape(const char *text, size_t len, const char *ext, size_t max)
{
	size_t elen = strlen(ext), room, used, n;
	char *name = xmalloc(3 * len + elen + HASH_DIGITS + 8);

	if (fitting_prefix(text, len, SIZE_MAX, &used) == len &&
	    used + elen <= max) {
		n = put_escaped(name, text, len);
	} else {
		room = max - elen - (sizeof(cut_mark) - 1) - HASH_DIGITS;
		if (room > max)
			room = 0;	/* too small for any name: open says so */
		n = put_escaped(name, text, fitting_prefix(text, len, room,
		    &used));
		n += (size_t)sprintf(name + n, "%s%016llx", cut_mark,
		    (unsigned long long)hash_bytes(text, len));
	}
	memcpy(name + n, ext, elen + 1);
	return name;
}

/* Removing a tree */

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

static bool
remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

/*
 * ".BASE.new-PID" or ".BASE.old-PID" of a run that is no longer running
 * (or of an earlier process that had this one's pid).
 */
static bool
stale(const char *entry, const char *base)
{
	size_t blen = strlen(base), plen = blen + 6;
	char *end;
	long pid;

	if (entry[0] != '.' || strncmp(entry + 1, base, blen) != 0 ||
	    (strncmp(entry + 1 + blen, ".new-", 5) != 0 &&
	    strncmp(entry + 1 + blen, ".old-", 5) != 0))
		return false;
	pid = strtol(entry + plen, &end, 10);
	return end != entry + plen && *end == '\0' && pid > 0 &&
	    (pid == (long)getpid() || (kill((pid_t)pid, 0) == -1 &&
	    errno == ESRCH));
}

/* Left behind by runs that stopped before the end of their commit. */
static void
remove_stale(const struct outdir *d, const char *base)
{
	DIR *dir = opendir(d->parent);
	struct dirent *e;
	char *path;

	while (dir != NULL && (e = readdir(dir)) != NULL) {
		if (!stale(e->d_name, base))
			continue;
		path = xmalloc(strlen(d->parent) + strlen(e->d_name) + 2);
		sprintf(path, "%s/%s", d->parent, e->d_name);
		remove_tree(path);
		free(path);
	}
	if (dir != NULL)
		closedir(dir);
}

static char *
sibling(const struct outdir *d, const char *base, const char *what)
{
	size_t size = strlen(d->parent) + strlen(base) + strlen(what) + 32;
	char *path = xmalloc(size);

	snprintf(path, size, "%s/.%s.%s-%ld", d->parent, base, what,
	    (long)getpid());
	return path;
}

/*
 * The longest name a file there may have: NAME_MAX less room for the name
 * the writer links it under first (".NAME.PID.tmp", writer.h).
 */
static size_t
name_max(const char *dir)
{
	long n = pathconf(dir, _PC_NAME_MAX);

	return (n > 0 && n < NAME_MAX ? (size_t)n : NAME_MAX) -
	    OUTDIR_NAME_RESERVE;
}

struct outdir *
outdir_open(const char *dir)
{
	struct outdir *d = xcalloc(1, sizeof(*d));
	char *slash;
	struct stat st;

	if (stat(dir, &st) == -1)
		die("%s/: cannot write files there: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die("%s/: cannot write files there: not a directory", dir);
	if ((d->target = realpath(dir, NULL)) == NULL)
		die("%s: %s", dir, strerror(errno));
	slash = strrchr(d->target, '/');
	if (slash[1] == '\0')
		die("%s/: the root directory cannot be replaced", dir);
	d->parent = slash == d->target ? xstrdup("/") :
	    xstrndup(d->target, (size_t)(slash - d->target));
	remove_stale(d, slash + 1);
	d->tmp = sibling(d, slash + 1, "new");
	if (mkdir(d->tmp, 0700) == -1 || chmod(d->tmp, st.st_mode & 07777) ==
	    -1)
		die("%s: %s", d->tmp, strerror(errno));
	d->name_max = name_max(d->tmp);
	return d;
}

char *
outdir_file(const struct outdir *d, const char *name)
{
	char *path = xmalloc(strlen(d->tmp) + strlen(name) + 2);

	sprintf(path, "%s/%s", d->tmp, name);
	return path;
}

char *
outdir_name(const struct outdir *d, const char *text, size_t len,
    const char *ext)
{
	char *name = outdir_escape(text, len, ext, d->name_max);
	char *path = outdir_file(d, name);

	free(name);
	return path;
}

char *
outdir_name_beside(const char *dir, const char *text, size_t len,
    const char *like, const char *ext)
{
	size_t llen = strlen(like), elen = strlen(ext);
	char *name = outdir_escape(text, len, like, name_max(dir));
	size_t stem = strlen(name) - llen;
	char *path;

	if (elen > llen + 3)
		die("outdir_name_beside: %s is too long beside %s", ext, like);
	path = xmalloc(strlen(dir) + stem + elen + 2);
	sprintf(path, "%s/%.*s%s", dir, (int)stem, name, ext);
	free(name);
	return path;
}

/* A directory's entries reach the disk (for a rename to mean anything). */
static void
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Without an atomic exchange: the old directory steps aside, the new one
 * takes its name, and the old one comes back if that fails.
 */
static bool
replace_in_two(struct outdir *d, char **old)
{
	const char *base = strrchr(d->target, '/') + 1;
	int saved;

	*old = sibling(d, base, "old");
	if (rename(d->target, *old) == -1)
		return false;
	if (rename(d->tmp, d->target) == -1) {
		saved = errno;
		if (rename(*old, d->target) == -1)
			die("%s: %s, and the old directory is now %s: %s",
			    d->target, strerror(saved), *old,
			    strerror(errno));
		errno = saved;
		return false;
	}
	return true;
}

static void
free_outdir(struct outdir *d)
{
	free(d->target);
	free(d->parent);
	free(d->tmp);
	free(d);
}

void
outdir_commit(struct outdir *d)
{
	char *old = NULL;
	int saved;

	sync_dir(d->tmp);
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->target,
	    RENAME_EXCHANGE) == 0) {
		old = d->tmp;	/* the old files are where the new ones were */
		d->tmp = NULL;
	} else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
		saved = errno;
		remove_tree(d->tmp);
		die("%s: %s", d->target, strerror(saved));
	}
#endif
	if (old == NULL && !replace_in_two(d, &old)) {
		saved = errno;
		remove_tree(d->tmp);
		die("%s: %s", d->target, strerror(saved));
	}
	sync_dir(d->parent);
	if (!remove_tree(old))
		warnmsg("%s: the old files stay there: %s", old,
		    strerror(errno));
	free(old);
	free_outdir(d);
}
