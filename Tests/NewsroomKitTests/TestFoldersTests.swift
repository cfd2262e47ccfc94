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

    /// A folder that cannot be made (its parent is a file) stops the test process with why,
    /// instead of handing a test a folder that is not there.
    @Test func aFolderThatCannotBeMadeStopsTheRun() async {
        await #expect(processExitsWith: .failure) {
            _ = TestFolders.make("blocked", under: "/dev/null")
        }
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
        // A dead run's name on a link to a folder elsewhere: the link goes, the folder stays.
        let elsewhere = TestFolders.make("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere + "/inside", withIntermediateDirectories: true)
        let link = scratch + "/newsroom-tests-2147483645"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere)
        TestFolders.removeFoldersOfEndedRuns(in: scratch)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
        for kept in [alive, other, unrelated, elsewhere] { #expect(FileManager.default.fileExists(atPath: kept + "/inside")) }
    }
}
