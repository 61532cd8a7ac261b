/* tempfile.c: unnamed temporary files, or hidden named ones cleaned up. */
#define _GNU_SOURCE	/* O_TMPFILE */
#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

enum { NAME_TRIES = 100 };

/*
 * The named temporary files of this process, and whether the functions
 * that remove them are installed. With argv0 these are the only mutable
 * globals of libcrm: a signal handler and an atexit function can reach
 * nothing else.
 */
static struct temp_file *volatile listed;
static bool cleanup_installed;

/* Signals that end a program by default and can be caught. */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
	SIGXCPU, SIGXFSZ
};
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

bool
temp_named_forced(void)
{
	const char *how = getenv("CRM_TMPFILE");

	return how != NULL && strcmp(how, "named") == 0;
}

/* Only async-signal-safe calls: this runs in the signal handler too. */
static void
remove_listed(void)
{
	struct temp_file *t;
	pid_t self = getpid();

	for (t = listed; t != NULL; t = t->next)
		if (t->name != NULL && t->owner == self)
			unlink(t->name);
}

/*
 * Remove the names, then die of the signal as if it had not been caught:
 * it is blocked while the handler runs, and delivered with the default
 * action as soon as the handler returns.
 */
static void
on_fatal_signal(int sig)
{
	int saved = errno;

	remove_listed();
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

static void
fatal_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < NFATAL; i++)
		sigaddset(set, fatal_signals[i]);
}

/* A signal the program was started with ignored (nohup) stays ignored. */
static void
install_cleanup(void)
{
	struct sigaction sa, old;
	size_t i;

	if (cleanup_installed)
		return;
	cleanup_installed = true;
	atexit(remove_listed);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	fatal_set(&sa.sa_mask);
	for (i = 0; i < NFATAL; i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(fatal_signals[i], &sa, NULL);
}

/* The list changes with the signals whose handler reads it blocked. */
static void
block_fatal(sigset_t *old)
{
	sigset_t set;

	fatal_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void
unblock_fatal(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void
list_add(struct temp_file *t)
{
	t->owner = getpid();
	t->next = listed;
	listed = t;
}

static void
list_remove(struct temp_file *t)
{
	struct temp_file *volatile *at;

	for (at = &listed; *at != NULL; at = &(*at)->next)
		if (*at == t) {
			*at = t->next;
			break;
		}
}

/* Where the names start: different in each process and each call. */
static uint64_t
name_seed(const void *t)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return ((uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec) ^
	    ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)t;
}

/*
 * dir/.base.RANDOM, RANDOM six letters or digits drawn from *seed (a
 * 64-bit linear congruential step, Knuth's MMIX constants). base is cut
 * so that the name fits in NAME_MAX.
 */
static char *
hidden_name(const char *dir, const char *base, uint64_t *seed)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char suffix[7];
	size_t i, size, base_len = strlen(base);
	uint64_t x;
	char *name;

	if (base_len > NAME_MAX - 8)
		base_len = NAME_MAX - 8;
	*seed = *seed * 6364136223846793005u + 1442695040888963407u;
	x = *seed >> 16;
	for (i = 0; i < 6; i++, x /= 62)
		suffix[i] = alphabet[x % 62];
	suffix[6] = '\0';
	size = strlen(dir) + base_len + 10;
	name = xmalloc(size);
	snprintf(name, size, "%s/.%.*s.%s", dir, (int)base_len, base, suffix);
	return name;
}

/* 0, or the errno value of the failure. */
static int
open_unnamed(struct temp_file *t, const char *dir, mode_t mode)
{
	char proc[64];
	struct stat st;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);

	if (fd == -1)
		return errno;
	/* Without /proc it could not be linked in later: use a name. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (stat(proc, &st) == -1) {
		close(fd);
		return EOPNOTSUPP;
	}
	t->fd = fd;
	return 0;
}

/* Makes the file name for t: 0, or an errno value (EEXIST: try another). */
typedef int make_fn(struct temp_file *t, const char *name, mode_t mode);

static int
create_at(struct temp_file *t, const char *name, mode_t mode)
{
	t->fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	return t->fd == -1 ? errno : 0;
}

/* An unnamed file gets a name through its /proc link. */
static int
link_at(struct temp_file *t, const char *name, mode_t mode)
{
	char proc[64];

	(void)mode;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", t->fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) ==
	    -1 ? errno : 0;
}

/*
 * Make t's hidden name in dir with make, listed for removal from the
 * instant it exists: no signal comes between the two.
 */
static int
make_named(struct temp_file *t, const char *dir, const char *base,
    make_fn *make, mode_t mode)
{
	uint64_t seed = name_seed(t);
	int tries, err = EEXIST;
	sigset_t old;
	char *name;

	install_cleanup();
	for (tries = 0; tries < NAME_TRIES && err == EEXIST; tries++) {
		name = hidden_name(dir, base, &seed);
		block_fatal(&old);
		if ((err = make(t, name, mode)) == 0) {
			t->name = name;
			list_add(t);
		}
		unblock_fatal(&old);
		if (err != 0)
			free(name);
	}
	return err;
}

/* The errors of a file system that has no O_TMPFILE. */
static bool
unnamed_unsupported(int err)
{
	return err == EOPNOTSUPP || err == EISDIR || err == EINVAL;
}

int
temp_create(struct temp_file *t, const char *dir, const char *base,
    mode_t mode)
{
	int err;

	t->fd = -1;
	t->name = NULL;
	t->next = NULL;
	if (!temp_named_forced()) {
		err = open_unnamed(t, dir, mode);
		if (!unnamed_unsupported(err))
			return err;
	}
	return make_named(t, dir, base, create_at, mode);
}

int
temp_give_name(struct temp_file *t, const char *dir, const char *base)
{
	if (t->name != NULL)
		return 0;
	return make_named(t, dir, base, link_at, 0);
}

void
temp_forget_name(struct temp_file *t)
{
	sigset_t old;

	if (t->name == NULL)
		return;
	block_fatal(&old);
	list_remove(t);
	unblock_fatal(&old);
	free(t->name);
	t->name = NULL;
}

int
temp_unlink(struct temp_file *t)
{
	if (t->name != NULL && unlink(t->name) == -1)
		return errno;
	temp_forget_name(t);
	return 0;
}

int
temp_close(struct temp_file *t)
{
	int err = 0;

	if (t->fd != -1 && close(t->fd) == -1)
		err = errno;
	t->fd = -1;
	if (t->name != NULL && unlink(t->name) == -1 && err == 0)
		err = errno;
	temp_forget_name(t);
	return err;
}
