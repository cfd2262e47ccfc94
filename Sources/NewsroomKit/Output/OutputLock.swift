import Foundation

/// One build at a time per output folder: an exclusive `flock` on the folder that holds
/// it (so no lock file is left behind), released by the kernel if the build dies.
final class OutputLock {
    private let descriptor: Int32

    init(path: String) throws(Diagnostic) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .error("cannot lock the output's folder: \(String(cString: strerror(errno)))", at: SourceLocation(path: path))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .error("another newsroom build is writing this output folder; wait for it to finish",
                         at: SourceLocation(path: path))
        }
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
