/* publish.c: a file replaced atomically, or a stream written directly. */
#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tempfile.h"
#include "util.h"

/* Links followed before giving up, as Linux does within one path. */
enum { MAX_LINKS = 40 };

struct publish {
	const char *path;	/* as given, for messages */
	char *target;		/* the file written: path, links followed */
	char *dir;		/* the directory of target */
	const char *base;	/* the last part of target */
	int alias;		/* path names our descriptor alias, or -1 */
	bool existed;		/* old describes the file at target */
	struct stat old;
	bool direct;		/* temp.fd is target itself, opened */
	struct temp_file temp;
};

static _Noreturn void
die_output(const struct publish *p, const char *what, int err)
{
	die("%s: %s: %s", p->path, what, strerror(err));
}

/*
 * The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or
 * /proc/self/fd/N stand for, or -1 for any other path. Writing to a dup
 * of it keeps what the shell set up (appending with >>, a terminal).
 */
static int
stream_alias(const char *path)
{
	static const char *const dirs[] = { "/dev/fd/", "/proc/self/fd/" };
	const char *digits = NULL;
	char *end;
	long n;
	size_t i;

	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			digits = path + strlen(dirs[i]);
	if (digits == NULL || *digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	n = strtol(digits, &end, 10);
	return *end == '\0' && errno == 0 && n <= INT_MAX ? (int)n : -1;
}

/* name read from the directory that holds link, as the kernel does. */
static char *
beside(const char *link, const char *name)
{
	const char *slash = strrchr(link, '/');
	size_t dir_len = slash ? (size_t)(slash - link) + 1 : 0;
	size_t name_len = strlen(name);
	char *path = xmalloc(dir_len + name_len + 1);

	memcpy(path, link, dir_len);
	memcpy(path + dir_len, name, name_len + 1);
	return path;
}

/* Follow the links at the end of p->path to the file that is written. */
static void
follow_links(struct publish *p)
{
	char link[PATH_MAX], *next;
	ssize_t n;
	int hops;

	p->target = xstrdup(p->path);
	for (hops = 0;; hops++) {
		if ((p->alias = stream_alias(p->target)) != -1)
			return;
		p->existed = lstat(p->target, &p->old) == 0;
		if (!p->existed || !S_ISLNK(p->old.st_mode))
			return;
		if (hops == MAX_LINKS)
			die_output(p, "cannot follow", ELOOP);
		n = readlink(p->target, link, sizeof(link));
		if (n == -1 || (size_t)n == sizeof(link))
			die_output(p, "cannot read the link",
			    n == -1 ? errno : ENAMETOOLONG);
		link[n] = '\0';
		next = link[0] == '/' ? xstrdup(link) : beside(p->target, link);
		free(p->target);
		p->target = next;
	}
}

static void
open_alias(struct publish *p)
{
	p->direct = true;
	p->temp.fd = fcntl(p->alias, F_DUPFD_CLOEXEC, 0);
	if (p->temp.fd == -1)
		die_output(p, "cannot write", errno);
}

static void
refuse_kind(const struct publish *p)
{
	if (S_ISDIR(p->old.st_mode))
		die("%s: is a directory", p->path);
	if (S_ISSOCK(p->old.st_mode))
		die("%s: is a socket, not a file", p->path);
}

/*
 * A FIFO or a device is opened as it is (a FIFO waits for its reader).
 * Should a regular file have taken its place meanwhile, false: that one
 * is replaced instead.
 */
static bool
open_in_place(struct publish *p)
{
	struct stat now;

	refuse_kind(p);
	p->direct = true;
	p->temp.fd = open(p->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (p->temp.fd == -1)
		die_output(p, "cannot open", errno);
	if (fstat(p->temp.fd, &now) == 0 && S_ISREG(now.st_mode)) {
		close(p->temp.fd);
		p->temp.fd = -1;
		p->direct = false;
		p->old = now;
		return false;
	}
	return true;
}

/* The temporary file, in the directory of the target. */
static void
open_temporary(struct publish *p)
{
	const char *slash = strrchr(p->target, '/');
	int err;

	p->dir = slash == NULL ? xstrdup(".") : xstrndup(p->target,
	    slash == p->target ? 1 : (size_t)(slash - p->target));
	p->base = slash == NULL ? p->target : slash + 1;
	if (*p->base == '\0' || strcmp(p->base, ".") == 0 ||
	    strcmp(p->base, "..") == 0)
		die("%s: is a directory", p->path);
	/* Private while written when it replaces a file, whatever its mode. */
	err = temp_create(&p->temp, p->dir, p->base, p->existed ? 0600 : 0666);
	if (err != 0)
		die("%s: cannot create output in %s: %s", p->path, p->dir,
		    strerror(err));
}

struct publish *
publish_open(const char *path)
{
	struct publish *p = xcalloc(1, sizeof(*p));

	p->path = path;
	p->temp.fd = -1;
	follow_links(p);
	if (p->alias != -1)
		open_alias(p);
	else if (!p->existed || S_ISREG(p->old.st_mode) || !open_in_place(p))
		open_temporary(p);
	return p;
}

int
publish_fd(const struct publish *p)
{
	return p->temp.fd;
}

bool
publish_direct(const struct publish *p)
{
	return p->direct;
}

/*
 * The replaced file's permission bits, and its owner and group where we
 * may give them (root, or a group we are in); chown first, as it clears
 * set-id bits.
 */
static void
keep_old_attributes(const struct publish *p)
{
	int fd = p->temp.fd;

	if (!p->existed)
		return;		/* created with 0666 & ~umask */
	if (p->old.st_uid != geteuid() || p->old.st_gid != getegid()) {
		if (fchown(fd, p->old.st_uid, p->old.st_gid) == -1 &&
		    fchown(fd, (uid_t)-1, p->old.st_gid) == -1) {
			/* Ours, then, as any new file would be. */
		}
	}
	if (fchmod(fd, p->old.st_mode & 07777) == -1)
		die_output(p, "cannot set the mode", errno);
}

/* Durable once the directory entry is: a file system without it says EINVAL. */
static void
sync_directory(const struct publish *p)
{
	int fd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd == -1)
		return;		/* writable and searchable, not readable */
	if (fsync(fd) == -1 && errno != EINVAL) {
		int err = errno;

		close(fd);
		die_output(p, "write error", err);
	}
	close(fd);
}

static void
free_publish(struct publish *p)
{
	free(p->target);
	free(p->dir);
	free(p);
}

void
publish_commit(struct publish *p)
{
	int err;

	if (!p->direct) {
		if (fsync(p->temp.fd) == -1)
			die_output(p, "write error", errno);
		keep_old_attributes(p);
		if ((err = temp_give_name(&p->temp, p->dir, p->base)) != 0)
			die("%s: cannot create output in %s: %s", p->path,
			    p->dir, strerror(err));
		if (rename(p->temp.name, p->target) == -1)
			die_output(p, "cannot replace", errno);
		temp_forget_name(&p->temp);
	}
	if ((err = temp_close(&p->temp)) != 0)
		die_output(p, "write error", err);
	if (!p->direct)
		sync_directory(p);
	free_publish(p);
}

void
publish_abort(struct publish *p)
{
	temp_close(&p->temp);
	free_publish(p);
}
