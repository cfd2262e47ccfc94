#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#include "CExchange.h"

int newsroom_exchange_paths(const char *first, const char *second) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int newsroom_contains_bytes(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    if (needle_length == 0) return 1;
    return memmem(haystack, haystack_length, needle, needle_length) != NULL;
}

int newsroom_tune_allocator(enum newsroom_allocator_setting setting, size_t value) {
#ifdef __GLIBC__
    switch (setting) {
    case newsroom_heap_padding: return mallopt(M_TOP_PAD, (int)value);
    case newsroom_mapped_from: return mallopt(M_MMAP_THRESHOLD, (int)value);
    case newsroom_given_back_from: return mallopt(M_TRIM_THRESHOLD, (int)value);
    }
    return 0;
#else
    (void)setting;
    (void)value;
    return 0;
#endif
}

int newsroom_open_unnamed(const char *directory) {
#ifdef O_TMPFILE
    return open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
#else
    (void)directory;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int newsroom_name_file(int descriptor, const char *path) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", descriptor);
    return linkat(AT_FDCWD, link, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

int newsroom_open_folder_beneath(int folder, const char *path) {
#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
    struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC, .mode = 0, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
    long opened = syscall(SYS_openat2, folder, path, &how, sizeof how);
    if (opened >= 0 || !newsroom_openat2_unavailable(errno)) return (int)opened;
#endif
    return newsroom_open_folder_by_names(folder, path);
}

int newsroom_openat2_unavailable(int error) {
    return error == ENOSYS || error == EPERM;
}

int newsroom_open_folder_by_names(int folder, const char *path) {
    char name[4096];
    size_t length = strlen(path);
    if (length == 0 || length >= sizeof name) { errno = EINVAL; return -1; }
    int current = -1;
    const char *start = path;
    while (*start) {
        const char *end = strchr(start, '/');
        size_t count = end ? (size_t)(end - start) : strlen(start);
        memcpy(name, start, count);
        name[count] = 0;
        if (count == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            if (current >= 0) close(current);
            errno = EINVAL;
            return -1;
        }
        int next = openat(current >= 0 ? current : folder, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        if (current >= 0) close(current);
        if (next < 0) { errno = saved; return -1; }
        current = next;
        start = end ? end + 1 : start + count;
    }
    return current;
}
