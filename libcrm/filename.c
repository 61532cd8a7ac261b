/* filename.c: one file name per owner, whatever bytes the name holds. */
#include "filename.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

char *
owner_file_name(const char *dir, const char *name, size_t len,
    const char *ext)
{
	size_t size = strlen(dir) + 3 * len + strlen(ext) + 16, n, i;
	char *path = xmalloc(size);
	unsigned char c;

	n = (size_t)snprintf(path, size, "%s/%s", dir, len ? "" : "_pool");
	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if (c == '/' || c == '\\' || c == '%' || c < 32 || c == 127 ||
		    (i == 0 && (c == '.' || c == '_')))
			n += (size_t)snprintf(path + n, size - n, "%%%02X", c);
		else
			path[n++] = (char)c;
	}
	snprintf(path + n, size - n, ".%s", ext);
	return path;
}
