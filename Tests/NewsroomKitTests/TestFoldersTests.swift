import Foundation
import TestFolders
import Testing

/// The tests' own temporary folders: one folder per test process, and the folders of runs that
/// were killed removed by the next.
struct TestFoldersTests {
    @Test func foldersLieUnderOneFolderNamedForTheProcess() {
        let folder = TestFolders.make("layout")
        #expect(TestFolders.root.hasSuffix("/newsroom-tests-\(getpid())"))
        #expect(folder.hasPrefix(TestFolders.root + "/layout-"))
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
    }

    @Test func foldersOfEndedRunsAreRemovedAndOthersKept() throws {
        let scratch = TestFolders.make("ended-runs")
        let dead = scratch + "/newsroom-tests-2147483646"
        let alive = scratch + "/newsroom-tests-\(getpid())"
        let other = scratch + "/newsroom-tests-notapid"
        let unrelated = scratch + "/newsroom-serve-2147483646"
        for folder in [dead, alive, other, unrelated] {
            try FileManager.default.createDirectory(atPath: folder + "/inside", withIntermediateDirectories: true)
        }
        TestFolders.removeFoldersOfEndedRuns(in: scratch)
        #expect(!FileManager.default.fileExists(atPath: dead))
        for kept in [alive, other, unrelated] { #expect(FileManager.default.fileExists(atPath: kept + "/inside")) }
    }
}
