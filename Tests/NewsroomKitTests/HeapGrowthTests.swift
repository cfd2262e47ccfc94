import CExchange
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

    /// Each setting is made, and no heap gives back a free top that a build could reach: the
    /// first thread's heap gave back what it grew past the padding, for the kernel to zero again.
    @Test func heapsKeepTheirFreeTop() {
        let made = Dictionary(uniqueKeysWithValues: HeapGrowth.settings.map { ($0.setting.rawValue, $0.value) })
        #expect(made == [newsroom_heap_padding.rawValue: 64 << 20, newsroom_mapped_from.rawValue: 32 << 20,
                         newsroom_given_back_from.rawValue: Int(Int32.max)])
        #expect(HeapGrowth.settings.count == 3)
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
