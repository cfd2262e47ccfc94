@testable import NewsroomKit
import Testing

/// The allocator's padding (`HeapGrowth`), which the command sets before it runs. What it
/// gains is measured by `make bench`; here, that glibc takes it.
@Suite struct HeapGrowthTests {
    @Test func glibcTakesThePadding() {
        #if canImport(Glibc)
        #expect(HeapGrowth.pad())
        #endif
    }
}
