import Foundation
@testable import Templating
import TestFolders
import Testing

/// How a string is found among many (`PositionIndex`: an object's keys, a plan's output paths):
/// ASCII strings by a table of their own, every other as `String`'s `==` finds it, which counts
/// canonically equivalent text as the same key, as the `Dictionary` that stood there did.
@Suite struct PositionIndexTests {
    /// Inserts every key in order; returns the index and, for each key, what insert returned.
    static func indexed(_ keys: [String], _ index: PositionIndex = PositionIndex()) -> (PositionIndex, [Int?]) {
        var index = index
        let found = keys.indices.map { index.insert(at: $0, of: keys) }
        return (index, found)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1000, 40_000])
    func everyPathIsFoundAtItsPlace(count: Int) {
        let keys = (0 ..< count).map { "releases/\(2000 + $0 % 25)/release-number-\($0)/index.html" }
        for capacity in [0, count] {
            let (index, found) = Self.indexed(keys, PositionIndex(capacity: capacity))
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
        let (index, found) = Self.indexed(keys, PositionIndex(everyDigest: 42))
        #expect(!index.isTable)
        #expect(found.allSatisfy { $0 == nil })
        for place in stride(from: 0, to: keys.count, by: 113) { #expect(index.position(of: keys[place], in: keys) == place) }
        #expect(index.position(of: "tags/tag-20000/index.html", in: keys) == nil)

        let few = Array(keys.prefix(PositionIndex.probeLimit))
        let (table, _) = Self.indexed(few, PositionIndex(everyDigest: 42))
        #expect(table.isTable)
        for (place, key) in few.enumerated() { #expect(table.position(of: key, in: few) == place) }
        #expect(table.position(of: "tags/tag-999/index.html", in: few) == nil)
    }

    /// Random keys, some not ASCII, some repeated, inserted and looked up: the index answers as
    /// a `Dictionary` of first places does.
    @Test(arguments: [1, 2, 3])
    func answersAsADictionaryDoes(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let parts = ["a", "b", "index.html", "2024", "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "\u{1F4F0}", "x/y"]
        for round in 0 ..< 40 {
            let count = Int(random.next() % 300)
            let keys = (0 ..< count).map { _ in (0 ..< 1 + Int(random.next() % 4)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined(separator: "/") }
            var model: [String: Int] = [:]
            var index = round % 2 == 0 ? PositionIndex() : PositionIndex(everyDigest: random.next())
            for (place, key) in keys.enumerated() {
                #expect(index.insert(at: place, of: keys) == model[key])
                if model[key] == nil { model[key] = place }
            }
            for probe in keys + parts + ["k", "a/a/a/a/a"] { #expect(index.position(of: probe, in: keys) == model[probe], "\(probe)") }
        }
    }
}
