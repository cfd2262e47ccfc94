import Foundation

extension String {
    /// These bytes as a string when they are valid UTF-8; nil otherwise.
    ///
    /// `String(validating:as:)` says the same, but it is generic and not specialized for a
    /// buffer of bytes: each call looks its types up in the runtime's tables, which took 2% of
    /// a one-release edit's CPU (every string read back from the manifest and the content
    /// cache). Decoding repairs each bad sequence with U+FFFD, so the decoded bytes equal the
    /// given ones exactly when those were valid.
    public init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard decoded.spells(bytes) else { return nil }
        self = decoded
    }

    /// Whether this string's UTF-8 is exactly `bytes`: for a string decoded from them, whether
    /// they were valid UTF-8.
    public func spells(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = self
        return string.withUTF8 { own in
            own.count == bytes.count && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
        }
    }
}
