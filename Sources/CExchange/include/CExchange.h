#ifndef NEWSROOM_CEXCHANGE_H
#define NEWSROOM_CEXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where the
/// file system or kernel cannot exchange).
int newsroom_exchange_paths(const char *first, const char *second);

#include <stddef.h>

/// Whether `needle` occurs in `haystack` (glibc memmem, which Swift's Glibc module does not expose).
int newsroom_contains_bytes(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// The settings of glibc's allocator that `newsroom_tune_allocator` makes (mallopt's, which
/// Swift's Glibc module does not expose).
enum newsroom_allocator_setting {
    /// M_TOP_PAD: each heap grows by at least this many bytes at a time, and keeps as many free
    /// at its top when it gives memory back.
    newsroom_heap_padding,
    /// M_MMAP_THRESHOLD: blocks this large or larger are mapped on their own.
    newsroom_mapped_from,
    /// M_TRIM_THRESHOLD: a heap gives its free top back once it is this large.
    newsroom_given_back_from,
};

/// Makes one setting of glibc's allocator. Returns 1 when it is taken, 0 otherwise (where the
/// C library is not glibc).
int newsroom_tune_allocator(enum newsroom_allocator_setting setting, size_t value);

/// Opens a file with no name in `directory` for reading and writing (Linux O_TMPFILE), which
/// goes when closed unless `newsroom_name_file` names it first. Returns the descriptor, or -1
/// with errno set where the kernel or the file system cannot.
int newsroom_open_unnamed(const char *directory);

/// Gives the file with no name open at `descriptor` the name `path`, on the same file system
/// (linkat through /proc/self/fd). Returns 0, or -1 with errno set (EEXIST when the name is taken).
int newsroom_name_file(int descriptor, const char *path);

/// Opens the folder at `path` below `folder` (O_PATH) without following a symbolic link at any
/// step and without leaving `folder` ("..", an absolute path): Linux openat2 with
/// RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS, or one name at a time with O_NOFOLLOW where
/// openat2 is not offered (`newsroom_openat2_unavailable`). Returns the descriptor, or -1 with
/// errno set (ELOOP or ENOTDIR at a link).
int newsroom_open_folder_beneath(int folder, const char *path);

/// Whether openat2 failing with `error` means it is not offered, so the folder is opened by
/// names instead: ENOSYS from a kernel without it, EPERM from a sandbox's system-call filter
/// that does not know it (container runtimes before openat2 was added to their lists). Opening
/// a folder with O_PATH fails with EPERM for no other reason; a real refusal comes back from
/// the way by names.
int newsroom_openat2_unavailable(int error);

/// `newsroom_open_folder_beneath` without openat2: one name at a time with O_NOFOLLOW, none
/// of them empty, "." or "..".
int newsroom_open_folder_by_names(int folder, const char *path);

#endif
