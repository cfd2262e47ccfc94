import Foundation
@testable import NewsroomKit
import Testing

/// Work spread over threads comes back in input order, whatever the thread count, the size of a
/// run, or where the inputs end within a run; and a folder is listed by `FolderNames` in full.
@Suite struct ParallelMapTests {
    @Test(arguments: [1, 2, 3, 8])
    func runsKeepTheInputOrder(threads: Int) {
        for count in [0, 1, 511, 512, 513, 1024, 1500] {
            let inputs = Array(0 ..< count)
            let doubled = ParallelMap.map(inputs, threads: threads, run: 512) { $0 * 2 }
            #expect(doubled == inputs.map { $0 * 2 }, "\(count) inputs on \(threads) threads")
        }
    }

    @Test func bothSidesReturnTheirResults() {
        for threads in [1, 2] {
            let (side, main) = ParallelMap.alongside(threads: threads, { (0 ..< 1000).reduce(0, +) }) { "main" }
            #expect(side == 499_500)
            #expect(main == "main")
        }
    }

    /// A side no thread has started by the time the main work is done runs on this thread,
    /// once, instead of being waited for (the pool's threads all busy, one with the side of an
    /// `alongside` this one runs within); a side started in time runs on its thread, once.
    @Test func aSideNoThreadStartedRunsHereOnce() throws {
        let runs = Counter()
        let held = HeldStart()
        let finished = DispatchSemaphore(value: 0)
        let caller = Thread {
            let (side, main) = ParallelMap.alongside(threads: 2, start: held.keep, { runs.add(); return 7 }) { "main" }
            #expect(side == 7 && main == "main")
            finished.signal()
        }
        caller.start()
        // Waited for by a build, the side would never end: the thread that would start it is held.
        try #require(finished.wait(timeout: .now() + 60) == .success, "alongside waited for a side no thread started")
        #expect(runs.value == 1)
        held.release()
        #expect(runs.value == 1, "the side, started late, ran a second time")

        let started = Counter()
        let (side, _) = ParallelMap.alongside(threads: 2, start: { work in
            let thread = Thread { started.add(); work() }
            thread.start()
        }, { runs.add(); return 8 }) { Thread.sleep(forTimeInterval: 0.2) }
        #expect(side == 8 && runs.value == 2 && started.value == 1)
    }

    /// Shared runs are each done once, in order, by however many threads help, or by none
    /// before the results are read.
    @Test(arguments: [0, 1, 2, 3])
    func sharedRunsAreEachDoneOnceInOrder(helpers: Int) {
        for count in [0, 1, 7, 64, 65, 1000] {
            let calls = Counter()
            let runs = SharedRuns(count: count, run: 8) { range -> [Int] in
                calls.add()
                return range.map { $0 * 3 }
            }
            DispatchQueue.concurrentPerform(iterations: helpers) { _ in runs.help() }
            #expect(runs.results.flatMap { $0 } == (0 ..< count).map { $0 * 3 }, "\(count) on \(helpers) helpers")
            #expect(calls.value == (count + 7) / 8)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test func foldersFoundInRunsAreTheFoldersFoundInOne() {
        let paths = (0 ..< 5000).map { "releases/\(2000 + $0 % 23)/release-\($0 / 3)/" + ($0 % 5 == 0 ? "media/photo.jpg" : "index.html") }
            + ["index.html", "feed.xml", "tags/a/page/2/index.html"]
        let one = Route.folders(holding: paths)
        #expect(one.contains("releases/2000/release-0/media") && one.contains("releases/2000/release-0"))
        #expect(one.contains("tags/a/page/2") && one.contains("tags") && !one.contains(""))
        for threads in [1, 2, 3] {
            #expect(Route.folders(holding: paths, threads: threads) == one)
        }
    }

    @Test func fileStatusesKeepWhatIsAskedForInOrder() throws {
        let folder = Fixtures.temporaryDirectory("statuses")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (0 ..< 700).map { String(format: "file-%04d", $0) }
        for (index, name) in names.enumerated() {
            try Data(repeating: 0x61, count: index % 7).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let asked = names + ["missing"]
        let root = open(folder, O_RDONLY | O_DIRECTORY)
        defer { close(root) }
        let sizes = FileStatuses.of(asked, in: root, flags: AT_SYMLINK_NOFOLLOW, threads: 2) { $0.status.map { Int($0.st_size) } }
        #expect(sizes == names.indices.map { $0 % 7 } + [nil])
        let listed = try #require(opendir(folder))
        defer { closedir(listed) }
        #expect(FolderNames.of(listed).sorted() == names)
    }
}

/// Keeps the work `alongside` hands to `start` until `release`, then runs it.
private final class HeldStart: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [@Sendable () -> Void] = []

    func keep(_ work: @escaping @Sendable () -> Void) { lock.withLock { kept.append(work) } }

    func release() {
        for work in lock.withLock({ kept }) { work() }
    }
}
