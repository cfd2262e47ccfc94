import Foundation
import Markdown

/// A long text as the cache writes it: its bytes, or the record of the store it waits in.
enum LongTextSource: Sendable {
    case bytes([UInt8])
    case stored(BodyStore.Record)

    var count: Int {
        switch self {
        case .bytes(let raw): raw.count
        case .stored(let record): record.count
        }
    }
}

/// The texts that trail a cache file's payload, in order, each where it is: a shard's are
/// copied from the stores they wait in as the file is written, never gathered in memory
/// (22 MB a shard at 100,000 releases).
struct TrailingTexts: Sendable {
    private(set) var parts: [LongTextSource] = []
    /// Their bytes in all.
    private(set) var count = 0

    mutating func append(_ part: LongTextSource) {
        parts.append(part)
        count += part.count
    }
}

/// Writes the build cache's binary format: little-endian integers, variable-length counts and
/// length-prefixed UTF-8 strings. `BinaryReader` reads it back and checks every length.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []
    /// Where long texts (`write(longText:)`) go when they trail the payload (a shard's release
    /// bodies): only their place, size and digest are written inline. Nil writes them inline.
    var trailing: TrailingTexts?
    /// The texts files (`TextsFiles`) the payload lists, by their stores' identity and their
    /// place in the list: a text waiting in one is written as where it is there, not copied.
    var textsFiles: [ObjectIdentifier: Int] = [:]

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Forgets what was written, keeping the room (a writer handing its bytes on a part at a time).
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Eight bytes, least significant first, appended one at a time: half the time of
    /// appending them as a buffer, which goes through the generic path for a collection (the
    /// output's manifest writes five numbers for each of its 37,000 entries at 10,000 releases).
    mutating func write(_ value: UInt64) {
        var value = value
        for _ in 0 ..< 8 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    /// Bytes another writer made, as they are.
    mutating func write(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// A non-negative count or small number, seven bits a byte.
    mutating func write(count: Int) {
        var value = UInt64(bitPattern: Int64(count))
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }
    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ value: Fingerprint) {
        write(value.high)
        write(value.low)
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            write(count: utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ string: String?) {
        write(string != nil)
        if let string { write(string) }
    }

    mutating func write(_ raw: [UInt8]) {
        write(count: raw.count)
        bytes.append(contentsOf: raw)
    }

    /// A text that may be long: inline as `write(_: [UInt8])` does, or into `trailing` with its
    /// place, size and digest (`Fingerprint.of(raw:)`, as a `BodyStore` record has it).
    mutating func write(longText raw: [UInt8]) {
        write(longText: .bytes(raw))
    }

    /// A long text from memory or from where it waits; one that waits only ever goes to `trailing`
    /// (a shard's texts), copied from its store when the file is saved, its digest as recorded,
    /// unless it waits in one of `textsFiles`: then where it is there is written. The first
    /// count says which: 0 for the trailing texts, n for the nth texts file.
    mutating func write(longText source: LongTextSource) {
        guard let start = trailing?.count else {
            guard case .bytes(let raw) = source else { preconditionFailure("a stored text is only written to trailing texts") }
            return write(raw)
        }
        if case .stored(let record) = source, let file = textsFiles[ObjectIdentifier(record.store)] {
            write(count: file + 1)
            write(record.offset)
            write(count: record.count)
            write(record.digest)
            return
        }
        write(count: 0)
        write(count: start)
        switch source {
        case .bytes(let raw):
            write(count: raw.count)
            write(raw.withUnsafeBytes(Fingerprint.of(raw:)))
        case .stored(let record):
            write(count: record.count)
            write(record.digest)
        }
        trailing?.append(source)
    }

    mutating func write<T>(_ items: [T], _ each: (inout BinaryWriter, T) -> Void) {
        write(count: items.count)
        for item in items { each(&self, item) }
    }
}

/// Why a cache file cannot be used. The build then ignores it and starts afresh.
struct CacheFormatError: Error, Sendable {
    var reason: String
}

/// Reads what `BinaryWriter` wrote. Every read is bounds-checked: a truncated or damaged file
/// throws, it never crashes the build.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    /// The store the trailing texts of the file are read back from, and how many bytes they
    /// take; nil when long texts are inline.
    var trailing: (store: BodyStore, count: Int)?
    /// The texts files the payload lists, in its order.
    var textsFiles: [BodyStore] = []

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws(CacheFormatError) -> Range<Int> {
        guard count >= 0, count <= bytes.count - offset else { throw CacheFormatError(reason: "it ends too early") }
        defer { offset += count }
        return offset ..< offset + count
    }

    /// One word, its bounds checked once by `take`.
    mutating func readUInt64() throws(CacheFormatError) -> UInt64 {
        let start = try take(8).lowerBound
        return UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) })
    }

    mutating func readCount() throws(CacheFormatError) -> Int {
        // Most counts are below 128: one byte, and nothing to add up.
        if offset < bytes.count, bytes[offset] < 0x80 {
            defer { offset += 1 }
            return Int(bytes[offset])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[try take(1).lowerBound]
            guard shift < 63 else { throw CacheFormatError(reason: "a count is too large") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard value <= UInt64(Int32.max) else { throw CacheFormatError(reason: "a count is too large") }
        return Int(value)
    }

    mutating func readInt() throws(CacheFormatError) -> Int { Int(Int64(bitPattern: try readUInt64())) }
    mutating func readDouble() throws(CacheFormatError) -> Double { Double(bitPattern: try readUInt64()) }

    mutating func readBool() throws(CacheFormatError) -> Bool {
        switch bytes[try take(1).lowerBound] {
        case 0: return false
        case 1: return true
        default: throw CacheFormatError(reason: "a flag holds an unknown value")
        }
    }

    mutating func readFingerprint() throws(CacheFormatError) -> Fingerprint {
        Fingerprint(high: try readUInt64(), low: try readUInt64())
    }

    mutating func readString() throws(CacheFormatError) -> String {
        let range = try take(try readCount())
        guard let string = bytes.withUnsafeBufferPointer({ String(validUTF8: UnsafeBufferPointer(rebasing: $0[range])) }) else {
            throw CacheFormatError(reason: "a string is not UTF-8")
        }
        return string
    }

    /// What `write(longText:)` wrote: the text, or where it waits in the trailing texts or in a texts file.
    mutating func readLongText() throws(CacheFormatError) -> LongText {
        guard let trailing else { return .inline(try readString()) }
        let file = try readCount()
        guard file == 0 else {
            guard file <= textsFiles.count else { throw CacheFormatError(reason: "a text lies in a texts file it does not list") }
            let store = textsFiles[file - 1]
            let offset = try readInt()
            let count = try readCount()
            let digest = try readFingerprint()
            let size = store.byteCount
            guard offset >= 0, count <= size, offset <= size - count else {
                throw CacheFormatError(reason: "a text lies past the end of its texts file")
            }
            return .stored(store.record(at: offset, count: count, digest: digest))
        }
        let start = try readCount()
        let count = try readCount()
        let digest = try readFingerprint()
        guard count <= trailing.count, start <= trailing.count - count else {
            throw CacheFormatError(reason: "a text lies past the end of the file")
        }
        return .stored(trailing.store.record(at: start, count: count, digest: digest))
    }

    enum LongText {
        case inline(String)
        case stored(BodyStore.Record)

        var count: Int {
            switch self {
            case .inline(let text): text.utf8.count
            case .stored(let record): record.count
            }
        }

        /// The text, or "" when it waits in the store.
        var text: String {
            if case .inline(let text) = self { return text }
            return ""
        }
    }

    /// What `write(_: [UInt8])` wrote.
    mutating func readBytes() throws(CacheFormatError) -> [UInt8] {
        let range = try take(try readCount())
        return Array(bytes[range])
    }

    mutating func readOptionalString() throws(CacheFormatError) -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readArray<T>(_ each: (inout BinaryReader) throws(CacheFormatError) -> T) throws(CacheFormatError) -> [T] {
        let count = try readCount()
        // Each item takes at least one byte: a count beyond what is left is damage, not a reason to allocate.
        guard count <= bytes.count - offset else { throw CacheFormatError(reason: "a list is longer than the file") }
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0 ..< count { items.append(try each(&self)) }
        return items
    }
}
