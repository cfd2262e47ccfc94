import Foundation

extension String {
    /// These bytes as a string when they are valid UTF-8; nil otherwise.
    ///
    /// The standard library checks bytes made into a string one at a time as soon as one of
    /// them is not ASCII, and a release's text has a curly quote every line or so: its check
    /// was a tenth of a clean build's instructions (HTML, plain text and wire copy as cmark
    /// writes them, and again as they are read back from the build's store). `UTF8Check` skips
    /// ASCII eight bytes at a time and checks each other sequence by the rules of the Unicode
    /// standard; bytes it passes become a string without a second check (`String(copying:)`).
    /// (`String(validating:as:)` is no better: generic, and not specialized for a buffer of
    /// bytes, each call also looked its types up in the runtime's tables.)
    ///
    /// The string is told whether its bytes are all ASCII, as the standard library's own check
    /// tells it: without that, every comparison and hash of the string took the way for text
    /// that may need normalizing (one-release edits, which hash tens of thousands of paths, took
    /// a third longer).
    public init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        switch UTF8Check.kind(of: bytes) {
        case .invalid: return nil
        case .ascii: self = unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: true))
        case .valid: self = unsafe String(copying: UTF8Span(unchecked: bytes.span))
        }
    }

    /// These bytes as a string, each sequence that is not UTF-8 replaced with U+FFFD, as
    /// `String(decoding:as:)` makes it; valid bytes (nearly always) are checked once, quickly
    /// (`init(validUTF8:)`).
    public init(repairingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        self = String(validUTF8: bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// A string of at most `capacity` bytes that `initializer` writes and counts, as
    /// `String(unsafeUninitializedCapacity:initializingUTF8With:)` makes it (a sequence that is
    /// not UTF-8 becomes U+FFFD), checked by `init(repairingUTF8:)`: the bytes are written to
    /// a buffer of their own and copied once they pass.
    public init(repairingUTF8Capacity capacity: Int, initializingWith initializer: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        self = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(capacity, 1)) { buffer in
            let written = initializer(UnsafeMutableBufferPointer(rebasing: buffer[..<capacity]))
            return String(repairingUTF8: UnsafeBufferPointer(rebasing: buffer[..<written]))
        }
    }
}

/// The check of UTF-8 that `String(validUTF8:)` makes: the well-formed byte sequences of the
/// Unicode standard (chapter 3, table 3-7), no more: no overlong form, no surrogate, nothing
/// past U+10FFFF, no sequence cut short. `ValidUTF8Tests` holds it to the standard library's
/// answer for every sequence of up to three bytes and for random text.
public enum UTF8Check {
    public enum Kind: Equatable, Sendable {
        /// Valid UTF-8, every byte ASCII.
        case ascii
        /// Valid UTF-8 with other characters.
        case valid
        case invalid
    }

    public static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let base = bytes.baseAddress else { return .ascii }
        let count = bytes.count
        var index = 0
        var ascii = true
        while true {
            // ASCII, eight bytes at a time, then a byte at a time up to the next other byte.
            while index + 8 <= count,
                  UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            while index < count, base[index] < 0x80 { index += 1 }
            guard index < count else { return ascii ? .ascii : .valid }
            ascii = false
            let lead = base[index]
            // The second byte's range depends on the lead byte; every later byte is 80–BF.
            let length: Int, low: UInt8, high: UInt8
            switch lead {
            case 0xC2 ... 0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1 ... 0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1 ... 0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return .invalid
            }
            guard index + length <= count else { return .invalid }
            let second = base[index + 1]
            guard second >= low, second <= high else { return .invalid }
            for offset in 2 ..< max(length, 2) where base[index + offset] & 0xC0 != 0x80 { return .invalid }
            index += length
        }
    }
}
