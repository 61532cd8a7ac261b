/*
 * temp_files.h: a temporary directory for a test's files, and reading
 * them back.  The functions are static inline so that a test that does not
 * use one gets no warning.
 */
#ifndef CRM_TEMP_FILES_H
#define CRM_TEMP_FILES_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* A new directory $TMPDIR/NAME-XXXXXX (or under /tmp) into dir[size]. */
static inline void
make_temp_dir(char *dir, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, size, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! cannot create %s\n", dir);
		exit(1);
	}
}

/* Entries of dir other than . and .. (to catch stray temporary files). */
static inline size_t
count_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

/* Remove every entry of dir (files only; dir itself stays). */
static inline void
remove_all(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
}

/* Write content to path, or bail out of the test. */
static inline void
write_text_file(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1 || write(fd, content, strlen(content)) !=
	    (ssize_t)strlen(content) || close(fd) == -1) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* The bytes of path (NUL-terminated; *len without it); NULL if absent. */
static inline char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	char *buf = NULL;
	size_t used = 0, cap = 0;
	ssize_t n;

	if (fd == -1)
		return NULL;
	do {
		if (used + 65536 + 1 > cap) {
			cap = grow_capacity(cap, used + 65536 + 1);
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + used, 65536);
		used += n > 0 ? (size_t)n : 0;
	} while (n > 0);
	close(fd);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}

#endif
