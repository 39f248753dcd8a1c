/* tmpdir_fixture.h: a private temporary directory for a test group, and
 * files written into it. Included by one test file each (every test is its
 * own program), hence the static definitions; the including file defines
 * TMPDIR_FIXTURE_NAME (e.g. "test_reader"), which names the directory. */
#ifndef TMPDIR_FIXTURE_H
#define TMPDIR_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

static char tmp_dir[256];

/* tmp_dir/name; each result stays valid for the next 15 calls. */
static char *tpath(const char *name)
{
    static char paths[16][512];
    static unsigned k;
    char *p = paths[k++ % 16];
    snprintf(p, 512, "%s/%s", tmp_dir, name);
    return p;
}

/* Writes data to tmp_dir/name and returns that path. */
static const char *put(const char *name, const void *data, size_t len)
{
    const char *p = tpath(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

static int group_setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/nm_%s.XXXXXX", t && *t ? t : "/tmp",
             TMPDIR_FIXTURE_NAME);
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
