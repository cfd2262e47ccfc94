@testable import NewsroomKit
import Testing

/// The allocator's settings (`HeapGrowth`), which the command makes before it runs. What they
/// gain is measured by `make bench`; here, that glibc takes the padding, and when the command
/// asks for huge pages. That a running command has them is `HugePagesTests`.
@Suite struct HeapGrowthTests {
    @Test func glibcTakesThePadding() {
        #if canImport(Glibc)
        #expect(HeapGrowth.pad())
        #endif
    }

    @Test func hugePagesAreAddedToWhatTheTunablesSay() {
        #expect(HeapGrowth.tunables(adding: nil) == "glibc.malloc.hugetlb=1")
        #expect(HeapGrowth.tunables(adding: "") == "glibc.malloc.hugetlb=1")
        #expect(HeapGrowth.tunables(adding: "glibc.malloc.arena_max=2") == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
    }

    /// Said either way by someone else, the setting is left as it is, and the command not started again.
    @Test(arguments: ["glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=1", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0",
                      "glibc.malloc.hugetlb=2:glibc.malloc.arena_max=2"])
    func aSettingAlreadyMadeIsKept(tunables: String) {
        #expect(HeapGrowth.tunables(adding: tunables) == nil)
    }

    /// A setting whose name only ends like it is another setting; the name without a value;
    /// empty settings between colons: none says whether to ask, and each is kept as it was.
    @Test(arguments: ["x.glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb", "::", "glibc.malloc.hugetlbx=0"])
    func aSimilarNameIsNotTheSetting(tunables: String) {
        #expect(HeapGrowth.tunables(adding: tunables) == tunables + ":glibc.malloc.hugetlb=1")
    }

    @Test(arguments: [("always [madvise] never\n", true), ("[always] madvise never\n", false),
                      ("always madvise [never]\n", false), ("", false), ("madvise\n", false)])
    func onlyAKernelThatGivesHugePagesOnRequestIsAsked(setting: String, asks: Bool) {
        #expect(HeapGrowth.kernelGivesHugePagesOnRequest(setting) == asks)
    }
}
