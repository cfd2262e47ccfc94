import Foundation

/// The temporary folders of a test run. Every folder a test asks for lies under one folder
/// named for the test process, `newsroom-tests-<pid>` in the system's temporary folder, which
/// is removed when the process exits. A run that was killed leaves its folder behind: the next
/// run removes the folders of processes that no longer exist. (Each test used to leave its own
/// folder, and a day of test runs left 27,000 of them, 38 GB.)
public enum TestFolders {
    /// The folder of this process's test folders, made (and left-overs of dead runs removed) on first use.
    public static let root: String = {
        let temporary = FileManager.default.temporaryDirectory.path
        removeFoldersOfEndedRuns(in: temporary)
        let root = temporary + "/" + prefix + String(getpid())
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { TestFolders.removeRoot() }
        return root
    }()

    /// A fresh empty folder, `label` and a UUID in its name.
    public static func make(_ label: String = "test") -> String {
        make(label, under: root)
    }

    /// A fresh empty folder in `parent`. A folder that cannot be made stops the run with why:
    /// tests given a folder that is not there fail with errors about something else.
    public static func make(_ label: String, under parent: String) -> String {
        let path = parent + "/" + label + "-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot make the test folder \(path): \(error.localizedDescription)")
        }
        return path
    }

    static let prefix = "newsroom-tests-"

    private static func removeRoot() {
        if (try? FileManager.default.removeItem(atPath: root)) != nil { return }
        // A test left a folder that cannot be read or entered: opened up, then removed.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", root]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Removes the test folders of processes that have ended (a run killed before it could).
    public static func removeFoldersOfEndedRuns(in temporary: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }
}
