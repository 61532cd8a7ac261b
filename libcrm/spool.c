/* spool.c: records in an unnamed temporary file, written and read back. */
#include "spool.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tempfile.h"
#include "util.h"

enum { SPOOL_BUFFER = 1 << 20 };

/* What precedes the field lengths and the text of each record. */
struct spooled {
	uint64_t recno;
	uint64_t text;		/* bytes of text, a NUL after each field */
	uint32_t nfields;
	uint32_t file;		/* index into files[] */
};

struct spool {
	FILE *fp;
	char *dir;		/* where the file is, for messages */
	struct temp_file temp;	/* a name only if it could not be removed */
	char **files;		/* file names of the records, interned */
	size_t nfiles;
	unsigned long long count;
	bool reading;
	/* The record being written or read back, and its storage. */
	struct record rec;
	size_t fields_cap;
	uint64_t *lengths;
	size_t lengths_cap;
	char *text;
	size_t text_cap;
};

static _Noreturn void
die_spool(const struct spool *s, const char *what)
{
	die("temporary file in %s: %s: %s", s->dir, what,
	    errno ? strerror(errno) : "unexpected end of file");
}

struct spool *
spool_open(void)
{
	struct spool *s = xcalloc(1, sizeof(*s));
	const char *tmpdir = getenv("TMPDIR");

	s->dir = xstrdup(tmpdir && *tmpdir ? tmpdir : "/tmp");
	/*
	 * An unnamed file is gone when we exit, whatever happens. A named
	 * one (no O_TMPFILE here) loses its name at once; should that fail,
	 * the name is removed at spool_close, at exit or on a signal.
	 */
	if ((errno = temp_create(&s->temp, s->dir, "crm-spool", 0600)) != 0)
		die_spool(s, "cannot create");
	temp_unlink(&s->temp);
	if ((s->fp = fdopen(s->temp.fd, "w+")) == NULL)
		die_spool(s, "cannot open");
	s->temp.fd = -1;	/* the stream's now */
	setvbuf(s->fp, NULL, _IOFBF, SPOOL_BUFFER);
	return s;
}

static uint32_t
file_index(struct spool *s, const char *name)
{
	if (s->nfiles > 0 && strcmp(s->files[s->nfiles - 1], name) == 0)
		return (uint32_t)(s->nfiles - 1);
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	s->files[s->nfiles] = xstrdup(name);
	return (uint32_t)s->nfiles++;
}

/* Append n bytes to the record being assembled in s->text. */
static char *
append(struct spool *s, size_t *used, const void *p, size_t n)
{
	if (*used + n > s->text_cap) {
		s->text_cap = grow_capacity(s->text_cap, *used + n);
		s->text = xrealloc(s->text, s->text_cap);
	}
	memcpy(s->text + *used, p, n);
	*used += n;
	return s->text;
}

/* The record is assembled in memory and written with one fwrite. */
void
spool_put(struct spool *s, const struct record *rec)
{
	struct spooled head = { rec->recno, 0, (uint32_t)rec->nfields,
		file_index(s, rec->file) };
	uint64_t len;
	size_t i, used = 0;

	if (s->reading || rec->nfields > UINT32_MAX)
		die("internal error: spool_put after spool_rewind");
	for (i = 0; i < rec->nfields; i++)
		head.text += rec->fields[i].len + 1;
	append(s, &used, &head, sizeof(head));
	for (i = 0; i < rec->nfields; i++) {
		len = rec->fields[i].len;
		append(s, &used, &len, sizeof(len));
	}
	for (i = 0; i < rec->nfields; i++)
		append(s, &used, rec->fields[i].s, rec->fields[i].len + 1);
	errno = 0;
	if (fwrite(s->text, 1, used, s->fp) != used)
		die_spool(s, "write error");
	s->count++;
}

unsigned long long
spool_count(const struct spool *s)
{
	return s->count;
}

void
spool_rewind(struct spool *s)
{
	errno = 0;
	if (fflush(s->fp) == EOF || fseeko(s->fp, 0, SEEK_SET) == -1)
		die_spool(s, "write error");
	s->reading = true;
}

static void
get_bytes(struct spool *s, void *p, size_t n)
{
	errno = 0;
	if (n > 0 && fread(p, 1, n, s->fp) != n)
		die_spool(s, "read error");
}

/* Room for the fields, lengths and text of a record of head's size. */
static void
reserve(struct spool *s, const struct spooled *head)
{
	if (head->nfields > s->fields_cap) {
		s->fields_cap = grow_capacity(s->fields_cap, head->nfields);
		s->rec.fields = xreallocarray(s->rec.fields, s->fields_cap,
		    sizeof(*s->rec.fields));
		s->lengths = xreallocarray(s->lengths, s->fields_cap,
		    sizeof(*s->lengths));
	}
	if (head->text > SIZE_MAX)
		die("temporary file in %s: corrupt record", s->dir);
	if (head->text > s->text_cap) {
		s->text_cap = grow_capacity(s->text_cap, (size_t)head->text);
		free(s->text);
		s->text = xmalloc(s->text_cap);
	}
}

const struct record *
spool_next(struct spool *s)
{
	struct spooled head;
	size_t i, at = 0;

	if (!s->reading || s->count == 0 || feof(s->fp))
		return NULL;
	errno = 0;
	if (fread(&head, sizeof(head), 1, s->fp) != 1) {
		if (ferror(s->fp))
			die_spool(s, "read error");
		return NULL;
	}
	reserve(s, &head);
	get_bytes(s, s->lengths, head.nfields * sizeof(*s->lengths));
	get_bytes(s, s->text, (size_t)head.text);
	for (i = 0; i < head.nfields; i++) {
		s->rec.fields[i].s = s->text + at;
		s->rec.fields[i].len = (size_t)s->lengths[i];
		at += (size_t)s->lengths[i] + 1;
	}
	s->rec.nfields = head.nfields;
	s->rec.recno = head.recno;
	s->rec.file = head.file < s->nfiles ? s->files[head.file] : "";
	return &s->rec;
}

void
spool_close(struct spool *s)
{
	size_t i;
	int err;

	fclose(s->fp);
	if (s->temp.name != NULL && (err = temp_unlink(&s->temp)) != 0) {
		warnmsg("temporary file %s: cannot remove: %s", s->temp.name,
		    strerror(err));
		temp_forget_name(&s->temp);
	}
	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	free(s->rec.fields);
	free(s->lengths);
	free(s->text);
	free(s->dir);
	free(s);
}
