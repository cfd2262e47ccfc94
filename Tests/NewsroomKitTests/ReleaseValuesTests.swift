import Foundation
@testable import NewsroomKit
import Templating
import Testing

/// The releases' values, made once and shared, or read once and let go (`ReleaseValues`).
@Suite struct ReleaseValuesTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func made(_ index: Int) { lock.withLock { counts[index, default: 0] += 1 } }
        subscript(index: Int) -> Int { lock.withLock { counts[index] ?? 0 } }
    }

    /// The plan of the basic fixture site, at the fingerprint tests' clock.
    static func basicPlan() throws -> SitePlan {
        let directory = Fixtures.site("basic")
        let clock = PageFingerprintTests.clock
        let site = try #require(SiteLoader.load(siteDirectory: directory, baseURLOverride: nil).site)
        let publication = BuildOptions(siteDirectory: directory, clock: clock).policy.apply(to: site)
        return try #require(SitePlanner.plan(publication, clock: clock).plan)
    }

    @Test func aValueReadWithoutKeepingIsMadeAtMostTwice() {
        let counter = Counter()
        let values = ReleaseValues(count: 200) { index in
            counter.made(index)
            return .int(index)
        }
        #expect(values.value(3, keeping: false) == .int(3))
        #expect(values.value(3, keeping: false) == .int(3), "read twice in a row: made once")
        #expect(counter[3] == 1)
        #expect(values.keptCount == 0 && values.madeCount == 1)
        // Another value of the same stripe takes its place among the recent ones.
        #expect(values.value(3 + 64, keeping: false) == .int(67))
        #expect(values.value(3, keeping: false) == .int(3))
        #expect(counter[3] == 2, "let go: made again")
        // Made a second time, it is kept: a page that reads every release over and over (a
        // template that sorts the search entries) makes each at most twice.
        #expect(values.keptCount == 1)
        #expect(values.value(3 + 64, keeping: false) == .int(67) && values.value(3, keeping: false) == .int(3))
        #expect(counter[3] == 2)
        // Kept once a page keeps it, and then shared with reads that do not keep.
        #expect(values[5] == .int(5) && values.value(5, keeping: false) == .int(5))
        #expect(counter[5] == 1)
        #expect(values.keptCount == 2 && values.madeCount == 3 && values.remadeCount == 1)
    }

    /// Feeds show their releases with absolute URLs: each such value is made once, for every
    /// feed that lists the release (the site's and its tags', Atom and JSON), and let go with the others.
    @Test func aFeedReleaseValueIsMadeOnceForEveryFeed() throws {
        let plan = try Self.basicPlan()
        let entries = plan.pages.compactMap { page -> [Int]? in
            guard case .feed(let feed) = page.kind else { return nil }
            return feed.releases
        }
        let listed = Set(entries.joined())
        #expect(entries.count >= 4 && entries.joined().count > listed.count, "a release in several feeds")
        let renderer = try #require(SiteRenderer.make(plan: plan, clock: PageFingerprintTests.clock, isPreview: false).renderer)
        _ = renderer.render(threads: 2)
        #expect(renderer.context.absoluteReleases.madeCount == listed.count)
        #expect(renderer.context.absoluteReleases.remadeCount == 0 && renderer.context.absoluteReleases.keptCount == 0)
    }

    @Test func valuesReadFromManyThreadsAreTheirOwn() {
        let values = ReleaseValues(count: 1000) { .int($0 * 2) }
        let found = ParallelMap.map(Array(0 ..< 1000), threads: 4) { values.value($0, keeping: $0 % 2 == 0) }
        #expect(found == (0 ..< 1000).map { .int($0 * 2) })
        #expect(values.keptCount == 500 && values.madeCount == 1000)
    }

    /// A value is made outside its stripe's lock: a thread making one (while the kernel backs
    /// new pages of the heap, say) holds up no thread that wants another value of its stripe.
    @Test func aValueBeingMadeHoldsUpNoOtherOfItsStripe() {
        let started = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let values = ReleaseValues(count: 128) { index in
            if index == 0 {
                started.signal()
                finish.wait()
            }
            return .int(index)
        }
        DispatchQueue.global().async { _ = values[0] }
        started.wait()
        // 64 shares 0's stripe (`index & 63`).
        DispatchQueue.global().async {
            _ = values[64]
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 30) == .success, "held up by the value being made")
        finish.signal()
        #expect(values[0] == .int(0) && values.madeCount == 2 && values.remadeCount == 0)
    }

    /// Threads that want a value another is making wait for it: it is made once.
    @Test func threadsWantingAValueBeingMadeWaitForIt() {
        let counter = Counter()
        let values = ReleaseValues(count: 16) { index in
            counter.made(index)
            Thread.sleep(forTimeInterval: 0.05)
            return .int(index * 3)
        }
        let found = ParallelMap.map(Array(repeating: 5, count: 8), threads: 8) { values[$0] }
        #expect(found == Array(repeating: .int(15), count: 8))
        #expect(counter[5] == 1 && values.madeCount == 1 && values.keptCount == 1)
    }

    /// Once every page is rendered, no page reads a value: a build lets go of them before it
    /// writes the files and saves the cache (270 MB at 100,000 releases).
    @Test func aBuildLetsGoOfTheValuesOnceItsPagesAreRendered() throws {
        let plan = try Self.basicPlan()
        let renderer = try #require(SiteRenderer.make(plan: plan, clock: PageFingerprintTests.clock, isPreview: false).renderer)
        let rendered = renderer.render(threads: 2)
        #expect(rendered.releaseValuesKept == plan.releases.count && rendered.releaseValuesKept > 0)
        #expect(renderer.context.releases.keptCount == 0)
        #expect(renderer.context.releases.madeCount == plan.releases.count)
    }
}
