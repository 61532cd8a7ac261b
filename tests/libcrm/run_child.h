/*
 * run_child.h: run a function in a child process and keep what it wrote,
 * for the tests of code that exits (usage errors, die(), write errors).
 * The functions are static inline so that a test that does not use one
 * gets no warning.
 */
#ifndef CRM_RUN_CHILD_H
#define CRM_RUN_CHILD_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
	int status;		/* exit status, or -1 when it did not exit */
	char output[8192];	/* its stderr, with its stdout when asked */
};

/* Everything the child writes on fd, up to the size of output. */
static inline void
child_collect(struct child *res, int fd)
{
	size_t used = 0;
	ssize_t n;

	while ((n = read(fd, res->output + used, sizeof(res->output) - 1 -
	    used)) > 0)
		used += (size_t)n;
	res->output[used] = '\0';
}

/*
 * Run fn(arg) in a child; it exits 0 if fn returns.  Its stderr, and its
 * stdout too when with_stdout (else it shares ours, the TAP stream), come
 * back in output.
 */
static inline struct child
run_child(void (*fn)(const void *), const void *arg, bool with_stdout)
{
	struct child res = { -1, "" };
	int fds[2], status;
	pid_t pid;

	fflush(stdout);	/* or the child repeats what is buffered */
	if (pipe(fds) == -1 || (pid = fork()) == -1)
		return res;
	if (pid == 0) {
		close(fds[0]);
		if (with_stdout)
			dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		fn(arg);
		if (with_stdout)	/* _exit does not flush */
			fflush(stdout);
		fflush(stderr);
		_exit(0);
	}
	close(fds[1]);
	child_collect(&res, fds[0]);
	close(fds[0]);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		res.status = WEXITSTATUS(status);
	return res;
}

/* The child exited with status and wrote exactly want. */
#define CHECK_CHILD(res, want_status, want, ...) do {			\
	const struct child *c_ = &(res);				\
	const char *cw_ = (want);					\
	int same_ = c_->status == (want_status) &&			\
	    strcmp(c_->output, cw_) == 0;				\
	CHECK(same_, __VA_ARGS__);					\
	if (!same_)							\
		printf("#   got status %d, '%s'\n#   want '%s'\n",	\
		    c_->status, c_->output, cw_);			\
} while (0)

#endif
