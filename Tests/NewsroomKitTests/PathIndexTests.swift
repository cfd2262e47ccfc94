import Foundation
@testable import NewsroomKit
import Testing

/// How the plan finds a claimed output path (`PathIndex`): ASCII paths by a table of their own,
/// every other key as `String`'s `==` finds it, which counts canonically equivalent text as the
/// same key, as the `Dictionary` that stood there did.
@Suite struct PathIndexTests {
    /// Inserts every key in order; returns the index and, for each key, what insert returned.
    static func indexed(_ keys: [String], _ index: PathIndex = PathIndex()) -> (PathIndex, [Int?]) {
        var index = index
        let found = keys.indices.map { index.insert(at: $0, of: keys) }
        return (index, found)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1000, 40_000])
    func everyPathIsFoundAtItsPlace(count: Int) {
        let keys = (0 ..< count).map { "releases/\(2000 + $0 % 25)/release-number-\($0)/index.html" }
        for capacity in [0, count] {
            let (index, found) = Self.indexed(keys, PathIndex(capacity: capacity))
            #expect(index.isTable)
            #expect(found.allSatisfy { $0 == nil })
            for (place, key) in keys.enumerated() where place % 97 == 0 || count < 100 {
                #expect(index.position(of: key, in: keys) == place)
            }
            for missing in ["", "releases/", "releases/2000/release-number-0/", "releases/2000/release-number-\(count)/index.html", "Releases/2000/release-number-0/index.html"] {
                #expect(index.position(of: missing, in: keys) == nil, "\(missing)")
            }
        }
    }

    @Test func aRepeatedPathGivesThePlaceOfItsFirstInsert() {
        let keys = ["a/index.html", "b/index.html", "a/index.html", "c", "b/index.html", "a/index.html"]
        let (index, found) = Self.indexed(keys)
        #expect(found == [nil, nil, 0, nil, 1, 0])
        #expect(index.position(of: "a/index.html", in: keys) == 0)
        #expect(index.position(of: "c", in: keys) == 3)
    }

    /// The Kelvin sign is K and a decomposed é is é to `String`'s `==`: a table of ASCII keys
    /// finds an ASCII key by a spelling that is not ASCII, and a key that is not ASCII turns the
    /// table into a `Dictionary`, which finds it by either spelling.
    @Test func canonicallyEquivalentSpellingsAreOneKey() {
        let ascii = ["tags/K/index.html", "media/photo.jpg", "K"]
        let (table, _) = Self.indexed(ascii)
        #expect(table.isTable)
        #expect(table.position(of: "tags/\u{212A}/index.html", in: ascii) == 0)
        #expect(table.position(of: "\u{212A}", in: ascii) == 2)
        #expect(table.position(of: "media/photo\u{301}.jpg", in: ascii) == nil)

        let accented = ["media/caf\u{E9}.jpg", "media/photo.jpg", "media/cafe\u{301}.jpg", "\u{212A}"]
        let (dictionary, found) = Self.indexed(accented)
        #expect(!dictionary.isTable)
        #expect(found == [nil, nil, 0, nil])
        #expect(dictionary.position(of: "media/cafe\u{301}.jpg", in: accented) == 0)
        #expect(dictionary.position(of: "K", in: accented) == 3)
        #expect(dictionary.position(of: "media/photo.jpg", in: accented) == 1)
    }

    /// Keys made to share a digest (here every key gets the same one) each take one slot more
    /// to place: past `probeLimit` the table gives way to a `Dictionary`, so that 20,000 of them
    /// cost what a `Dictionary` costs, not a probe of every key before them.
    @Test func keysThatCollideEndInADictionary() {
        let keys = (0 ..< 20_000).map { "tags/tag-\($0)/index.html" }
        let (index, found) = Self.indexed(keys, PathIndex(everyDigest: 42))
        #expect(!index.isTable)
        #expect(found.allSatisfy { $0 == nil })
        for place in stride(from: 0, to: keys.count, by: 113) { #expect(index.position(of: keys[place], in: keys) == place) }
        #expect(index.position(of: "tags/tag-20000/index.html", in: keys) == nil)

        let few = Array(keys.prefix(PathIndex.probeLimit))
        let (table, _) = Self.indexed(few, PathIndex(everyDigest: 42))
        #expect(table.isTable)
        for (place, key) in few.enumerated() { #expect(table.position(of: key, in: few) == place) }
        #expect(table.position(of: "tags/tag-999/index.html", in: few) == nil)
    }

    /// Random keys, some not ASCII, some repeated, inserted and looked up: the index answers as
    /// a `Dictionary` of first places does.
    @Test(arguments: [1, 2, 3])
    func answersAsADictionaryDoes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let parts = ["a", "b", "index.html", "2024", "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "\u{1F4F0}", "x/y"]
        for round in 0 ..< 40 {
            let count = Int(random.next() % 300)
            let keys = (0 ..< count).map { _ in (0 ..< 1 + Int(random.next() % 4)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined(separator: "/") }
            var model: [String: Int] = [:]
            var index = round % 2 == 0 ? PathIndex() : PathIndex(everyDigest: random.next())
            for (place, key) in keys.enumerated() {
                #expect(index.insert(at: place, of: keys) == model[key])
                if model[key] == nil { model[key] = place }
            }
            for probe in keys + parts + ["k", "a/a/a/a/a"] { #expect(index.position(of: probe, in: keys) == model[probe], "\(probe)") }
        }
    }

    /// Release inputs by source path: the first of a path given twice stays, a key set again
    /// replaces it, nil forgets it, and a path's canonically equivalent spelling finds it.
    @Test func releaseInputsAreFoundByTheirSourcePath() {
        let key = { (number: UInt64) in Fingerprint(high: number, low: number) }
        var inputs = ReleaseInputs([("Content/releases/a.md", key(1)), ("Content/releases/b.md", key(2)), ("Content/releases/a.md", key(3))])
        #expect(inputs["Content/releases/a.md"] == key(1))
        #expect(inputs["Content/releases/b.md"] == key(2))
        #expect(inputs["Content/releases/c.md"] == nil)
        inputs["Content/releases/b.md"] = key(4)
        inputs["Content/releases/c\u{E9}.md"] = key(5)
        inputs["Content/releases/a.md"] = nil
        #expect(inputs["Content/releases/b.md"] == key(4))
        #expect(inputs["Content/releases/ce\u{301}.md"] == key(5))
        #expect(inputs["Content/releases/a.md"] == nil)
        #expect(!inputs.isEmpty)
        let empty: ReleaseInputs = [:]
        #expect(empty.isEmpty)
        #expect(empty["Content/releases/a.md"] == nil)
    }
}
