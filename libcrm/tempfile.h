/*
 * tempfile.h: temporary files that nobody else sees and that do not
 * outlive the run.
 *
 * A temporary file is created without a name (Linux O_TMPFILE) where the
 * file system allows it, so that nothing can be left behind. Where it does
 * not (NFS, CIFS and other file systems answer EOPNOTSUPP, EISDIR or
 * EINVAL), or when the environment says CRM_TMPFILE=named (the tests force
 * the fallback that way), it gets a hidden name DIR/.BASE.RANDOM instead,
 * made with O_EXCL. A named temporary file is removed when the program
 * exits (die() included) and when it is killed by SIGHUP, SIGINT, SIGQUIT,
 * SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU or SIGXFSZ; the
 * signal is then raised again with its default action, so the exit status
 * still shows it. Only SIGKILL (or a crash) can leave one behind.
 *
 * Create, name and remove temporary files from one thread (the main one):
 * the list the signal handler reads is changed with those signals blocked
 * in the calling thread, and workers.c starts its threads with them
 * blocked, so the handler never runs while the list is being changed.
 */
#ifndef CRM_TEMPFILE_H
#define CRM_TEMPFILE_H

#include <stdbool.h>
#include <sys/types.h>

struct temp_file {
	int fd;			/* open read-write; -1 once given away */
	char *name;		/* its path while it has one, else NULL */
	/* Private: the list of names to remove at exit or on a signal. */
	pid_t owner;
	struct temp_file *next;
};

/*
 * A new file in dir, created with mode & ~umask, that no other program
 * opened. base is the name the file is for (a hidden name starts with
 * "." and base). Returns 0, or an errno value and nothing was created.
 */
int temp_create(struct temp_file *t, const char *dir, const char *base,
    mode_t mode);
/* Give an unnamed t a hidden name in dir, as temp_create would; 0 or errno. */
int temp_give_name(struct temp_file *t, const char *dir, const char *base);
/* t's name now belongs to the caller (it was renamed): forget it. */
void temp_forget_name(struct temp_file *t);
/*
 * Remove t's name now, keeping the file open. 0, or an errno value, and
 * the name stays listed for removal at exit.
 */
int temp_unlink(struct temp_file *t);
/* Close t (unless given away) and remove its name; 0 or an errno value. */
int temp_close(struct temp_file *t);

/* True when CRM_TMPFILE=named asks for named files everywhere. */
bool temp_named_forced(void);

#endif
