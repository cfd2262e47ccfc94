#ifndef NEWSROOM_CSYSTEM_H
#define NEWSROOM_CSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL or ENOSYS where the
/// file system or kernel cannot exchange).
int newsroom_exchange_paths(const char *first, const char *second);

#endif
