@testable import Templating
import Testing

/// How an object with many keys finds one (`PositionIndex`): ASCII keys by a table of their own,
/// other keys as `String`'s `==` finds them, which counts canonically equivalent text as the same
/// key, as the `Dictionary` that stood there did.
@Suite struct TemplateObjectKeyTests {
    static func object(_ keys: [String]) -> TemplateObject {
        TemplateObject(keys.enumerated().map { ($1, .int($0)) })
    }

    /// Keys of the same length and the same first and last eight bytes (which shared the cheap
    /// hash the table had before its digest of every byte), short keys and the empty key: each
    /// is found at its place, and keys that are not there are not.
    @Test(arguments: [13, 40, 200, 250, 300, 5000])
    func everyKeyIsFoundAtItsPlace(count: Int) {
        let colliding = (0 ..< 20).map { "aaaaaaaa\($0 + 10)bbbbbbbb" }
        let keys = Array((colliding + (0 ..< count).map { "key\($0)" }).prefix(count)) + ["a", "ab", "abcdefgh", "abcdefghi", "x_y.z-1", ""]
        let object = Self.object(keys)
        for (index, key) in keys.enumerated() { #expect(object[key] == .int(index), "\(key)") }
        for missing in ["key", "key\(count)", "abcdefg", "abcdefghij", "A", "key1 ", "aaaaaaaa99bbbbbbbb"] { #expect(object[missing] == nil, "\(missing)") }
    }

    @Test func keysAddedLaterAndDuplicatesKeepTheirPlaces() {
        var object = Self.object((0 ..< 20).map { "k\($0)" })
        for index in 20 ..< 300 { object["k\(index)"] = .int(index) }
        object["k5"] = .string("again")
        object["k7"] = nil
        #expect(object.count == 299)
        #expect(object["k5"] == .string("again"))
        #expect(object["k7"] == nil)
        #expect(object["k8"] == .int(8))
        #expect(object["k199"] == .int(199))
        #expect(object["k299"] == .int(299))
        #expect(object.keys.firstIndex(of: "k8") == 7)
        let repeated = TemplateObject((0 ..< 30).map { ("r\($0 % 15)", .int($0)) })
        #expect(repeated.count == 15)
        #expect(repeated["r3"] == .int(18))
    }

    /// `String`'s `==` counts the Kelvin sign as K and a decomposed é as é: an object finds
    /// such a key by the other spelling, whether its own keys are ASCII or not.
    @Test func canonicallyEquivalentKeysAreTheSameKey() {
        let ascii = Self.object((0 ..< 20).map { "k\($0)" } + ["K"])
        #expect(ascii["\u{212A}"] == .int(20))
        let accented = Self.object((0 ..< 20).map { "k\($0)" } + ["caf\u{E9}", "\u{212A}elvin"])
        #expect(accented["cafe\u{301}"] == .int(20))
        #expect(accented["Kelvin"] == .int(21))
        #expect(accented["k3"] == .int(3))
        var growing = Self.object((0 ..< 20).map { "k\($0)" })
        growing["e\u{301}t\u{E9}"] = .int(99)
        #expect(growing["\u{E9}te\u{301}"] == .int(99))
        #expect(growing["k19"] == .int(19))
    }

    /// ASCII keys, however many, go in a table (`PositionIndex`); a set with a key that is not
    /// ASCII, made so or grown so, goes in a `Dictionary`.
    @Test func aTableHoldsASCIIKeys() {
        let keys = (0 ..< 5000).map { "k\($0)" }
        for count in [13, 257, 5000] {
            #expect(PositionIndex(uniqueKeys: Array(keys.prefix(count))).isTable)
        }
        #expect(!PositionIndex(uniqueKeys: Array(keys.prefix(20)) + ["caf\u{E9}"]).isTable)
        var grown = PositionIndex(uniqueKeys: Array(keys.prefix(20)))
        let withAccent = Array(keys.prefix(20)) + ["caf\u{E9}"]
        #expect(grown.insert(at: 20, of: withAccent) == nil)
        #expect(!grown.isTable)
        #expect(grown.position(of: "cafe\u{301}", in: withAccent) == 20)
        #expect(grown.position(of: "k19", in: withAccent) == 19)
    }
}
