#ifndef NEWSROOM_CEXCHANGE_H
#define NEWSROOM_CEXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where the
/// file system or kernel cannot exchange).
int newsroom_exchange_paths(const char *first, const char *second);

#include <stddef.h>

/// Whether `needle` occurs in `haystack` (glibc memmem, which Swift's Glibc module does not expose).
int newsroom_contains_bytes(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Asks glibc's allocator to grow each heap by at least `pad` bytes at a time (mallopt
/// M_TOP_PAD) and to serve blocks below `mmap_threshold` bytes from its heaps (M_MMAP_THRESHOLD),
/// which Swift's Glibc module does not expose. Returns 1 when both are taken, 0 otherwise
/// (where the C library is not glibc).
int newsroom_tune_allocator(size_t pad, size_t mmap_threshold);

/// Opens a file with no name in `directory` for reading and writing (Linux O_TMPFILE), which
/// goes when closed unless `newsroom_name_file` names it first. Returns the descriptor, or -1
/// with errno set where the kernel or the file system cannot.
int newsroom_open_unnamed(const char *directory);

/// Gives the file with no name open at `descriptor` the name `path`, on the same file system
/// (linkat through /proc/self/fd). Returns 0, or -1 with errno set (EEXIST when the name is taken).
int newsroom_name_file(int descriptor, const char *path);

#endif
