import Dispatch
import Synchronization
import Templating
import Testing

/// A deferred value is made each time a template reads it, wherever it is read from, and is
/// not kept unless it is made `keeping`; objects compare its stand-in without making it.
struct DeferredValueTests {
    final class Counter: Sendable {
        let made = Mutex(0)
    }

    static func body(_ counter: Counter, _ text: String = "<p>Body</p>") -> DeferredValue {
        DeferredValue(standIn: "body:" + text) {
            counter.made.withLock { $0 += 1 }
            return .safe(text)
        }
    }

    @Test func aTemplateReadsTheMadeValue() throws {
        let counter = Counter()
        var release = TemplateObject([("title", "T"), ("body", .null), ("url", "/t/")])
        release.setDeferred("body", Self.body(counter))
        #expect(counter.made.withLock { $0 } == 0)
        let template = "{{ release.title }}|{{ release.body }}|{% for key, value in release %}{{ key }}={{ value }};{% endfor %}"
        let environment = try TemplateEnvironment(source: MemorySource(["main.html": template]))
        let html = try environment.render("main.html", context: TemplateObject([("release", .object(release))]))
        #expect(html == "T|<p>Body</p>|title=T;body=<p>Body</p>;url=/t/;")
        #expect(counter.made.withLock { $0 } == 2)
        #expect(release["body"] == .safe("<p>Body</p>"))
        #expect(release.pairs.map(\.value) == [.string("T"), .safe("<p>Body</p>"), .string("/t/")])
    }

    @Test func objectsCompareStandInsAndStandInsCanBeListed() {
        let counter = Counter()
        var a = TemplateObject([("body", .null)]), b = a, c = a
        a.setDeferred("body", Self.body(counter))
        b.setDeferred("body", Self.body(counter))
        c.setDeferred("body", Self.body(counter, "<p>Other</p>"))
        #expect(a == b)
        #expect(a != c)
        #expect(a != TemplateObject([("body", .safe("<p>Body</p>"))]))
        var listed: [TemplateValue] = []
        a.forEachPairStandingIn { _, value in listed.append(value) }
        #expect(listed == [.safe("body:<p>Body</p>")])
        #expect(counter.made.withLock { $0 } == 0)
    }

    @Test func settingOrRemovingAKeyKeepsTheOthersDeferred() {
        let counter = Counter()
        var object = TemplateObject([("a", 1), ("body", .null), ("c", 3)])
        object.setDeferred("body", Self.body(counter))
        object["a"] = nil
        #expect(object.keys == ["body", "c"])
        #expect(object["body"] == .safe("<p>Body</p>"))
        #expect(object["c"] == .int(3))
        object["body"] = "plain"
        #expect(object["body"] == .string("plain"))
        #expect(counter.made.withLock { $0 } == 1)
    }

    /// A value made `keeping` is made by the first read, on whichever thread, and shared by the
    /// reads after it, in every page that shows the object: a release's body in the feeds.
    @Test func aKeptValueIsMadeOnceForEveryRead() throws {
        let counter = Counter()
        var release = TemplateObject([("title", "T"), ("body", .null)])
        release.setDeferred("body", DeferredValue(standIn: { "body" }, keeping: true) {
            counter.made.withLock { $0 += 1 }
            return .string("<p>Body & more</p>")
        })
        let environment = try TemplateEnvironment(source: MemorySource(["feed.xml": "{{ r.body }}|{{ r.body }}"]))
        let context = TemplateObject([("r", .object(release))])
        let rendered = try (0 ..< 8).map { _ in try environment.render("feed.xml", context: context) }
        #expect(Set(rendered) == ["&lt;p&gt;Body &amp; more&lt;/p&gt;|&lt;p&gt;Body &amp; more&lt;/p&gt;"])
        #expect(counter.made.withLock { $0 } == 1)
        let shared = DeferredValue(standIn: { "shared" }, keeping: true) {
            counter.made.withLock { $0 += 1 }
            return .int(7)
        }
        DispatchQueue.concurrentPerform(iterations: 64) { _ in _ = shared.value }
        #expect(shared.value == .int(7))
        #expect(counter.made.withLock { $0 } == 2, "made once however many threads read it at once")
        // A page that reads a kept value reads the body it holds: noted on every read, made or
        // kept, so a feed is rendered again when a release's body changes.
        let noted = DeferredValue(standIn: { "noted" }, noted: true, keeping: true) { .string("<p>Body</p>") }
        #expect(DeferredReads.tracking { noted.value }.read)
        #expect(DeferredReads.tracking { noted.value }.read, "noted when read from what was kept")
        #expect(release == TemplateObject([("title", "T"), ("body", .null)]).withDeferredBody(standIn: "body"),
                "compared by its stand-in, kept or not")
    }

    /// A page that reads a value several times settles its object first: the value is made once.
    @Test func aSettledObjectMakesEachValueOnce() throws {
        let counter = Counter()
        var release = TemplateObject([("title", "T"), ("body", .null)])
        release.setDeferred("body", Self.body(counter))
        let settled = release.settlingDeferred()
        #expect(counter.made.withLock { $0 } == 1)
        let environment = try TemplateEnvironment(source: MemorySource(["main.html": "{{ r.body }}{{ r.body }}{{ r.title }}"]))
        #expect(try environment.render("main.html", context: TemplateObject([("r", .object(settled))])) == "<p>Body</p><p>Body</p>T")
        #expect(counter.made.withLock { $0 } == 1)
        #expect(settled.keys == release.keys)
        #expect(release["body"] == .safe("<p>Body</p>"))
        #expect(counter.made.withLock { $0 } == 2, "the object it came from still makes its value when read")
    }
}

extension DeferredValueTests {
    /// Objects made with the same keys share one layout (`TemplateObject.SharedKeys`, and a
    /// loop's `loop` objects): a value deferred, a key added or removed, or a key past the
    /// twelve that make a table of positions, changes that object alone.
    @Test(arguments: [3, 20])
    func objectsSharingALayoutChangeApart(keyCount: Int) {
        let counter = Counter()
        let shared = TemplateObject.SharedKeys()
        let pairs = (0 ..< keyCount).map { ("k\($0)", TemplateValue.int($0)) } + [("body", .null)]
        var first = TemplateObject(pairs, sharing: shared)
        let second = TemplateObject(pairs, sharing: shared)
        var third = TemplateObject(pairs, sharing: shared)
        first.setDeferred("body", Self.body(counter))
        third["k1"] = nil
        third["added"] = "new"
        #expect(first["body"] == .safe("<p>Body</p>"))
        #expect(second["body"] == .null)
        #expect(second.keys == pairs.map(\.0))
        #expect(second["k1"] == .int(1) && second["added"] == nil)
        #expect(third.keys == pairs.map(\.0).filter { $0 != "k1" } + ["added"])
        #expect(third["body"] == .null && third["added"] == .string("new") && third["k2"] == .int(2))
        #expect(TemplateObject(pairs, sharing: shared) == second)
        #expect(first != second)
    }
}

private extension TemplateObject {
    /// The object with `body` deferred to a value never made, standing in as `standIn`.
    func withDeferredBody(standIn: String) -> TemplateObject {
        var object = self
        object.setDeferred("body", DeferredValue(standIn: { standIn }) { preconditionFailure("compared without being made") })
        return object
    }
}
