import Foundation

/// One build at a time per output folder: an exclusive `flock` on a lock file beside the
/// output (`.public.newsroom-lock` for `public/`), released by the kernel if the build dies.
/// Builds of other output folders in the same parent folder go on side by side. The file is
/// removed when the lock is released; one left by a killed build is taken over by the next.
final class OutputLock {
    private let descriptor: Int32
    private let path: String

    /// - Parameter output: the output folder, where a failure to lock is reported.
    init(path: String, output: String) throws(Diagnostic) {
        self.path = path
        // A build releasing the lock removes the file: locking a file that is no longer at the
        // path locks nothing, so open it again until the locked file is the one at the path.
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else {
                throw .error("cannot lock the output folder with \(path): \(String(cString: strerror(errno)))", at: SourceLocation(path: output))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw .error("another newsroom build is writing this output folder; wait for it to finish",
                             at: SourceLocation(path: output))
            }
            var held = stat(), atPath = stat()
            if fstat(descriptor, &held) == 0, lstat(path, &atPath) == 0, held.st_dev == atPath.st_dev, held.st_ino == atPath.st_ino {
                self.descriptor = descriptor
                return
            }
            close(descriptor)
        }
    }

    func release() {
        unlink(path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
