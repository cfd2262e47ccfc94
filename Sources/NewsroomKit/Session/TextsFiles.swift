import Foundation

/// The texts files of the build cache: a build that stores its releases' long texts in a file
/// (`BodyStore`) gives that file a name in the cache folder when it saves the cache, and the
/// shards refer to each text where it is (file, place, size, digest) instead of copying it
/// after their payload: at 100,000 releases that copy was 1.4 GB, a tenth of a clean build.
///
/// A texts file has no header: every text in it is vouched for by the digest its shard keeps,
/// checked as it is read back. A shard that names a file missing, not a plain file, or not
/// holding what the shard says (checked in full unless the file is still the one the cache
/// wrote or checked) is ignored, and its releases are parsed again. A file no shard refers to
/// goes when the cache is next saved; one that holds less than half live texts has them copied
/// into their shards first (`ContentCache.save`).
enum TextsFiles {
    static let prefix = "texts-"
    static let suffix = ".cache"

    /// A new name: the prefix, 16 random lowercase hexadecimal digits, the suffix.
    static func newName() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16)
        return prefix + String(repeating: "0", count: 16 - digits.count) + digits + suffix
    }

    /// Whether `name` is one `newName` makes: a name read from a shard must be nothing else
    /// (no folder, no `..`), as it is opened in the cache folder.
    static func isName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == prefix.utf8.count + 16 + suffix.utf8.count,
              name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        return bytes[prefix.utf8.count ..< prefix.utf8.count + 16].allSatisfy { (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }
    }

    /// The texts files of a loading cache, each opened once however many shards name it, and
    /// whether it can be trusted without checking its texts.
    final class Opened: @unchecked Sendable {
        private let directory: String
        private let trusted: [String: ContentCache.Signature]
        private let damage: BodyStore.Damage
        private let lock = NSLock()
        private var files: [String: Result<(store: BodyStore, signature: ContentCache.Signature), CacheFormatError>] = [:]
        /// Files some of whose texts did not match their digests.
        private var refused: Set<String> = []

        init(directory: String, trusted: [String: ContentCache.Signature], damage: BodyStore.Damage) {
            self.directory = directory
            self.trusted = trusted
            self.damage = damage
        }

        /// The store of the file `name`, and whether its texts must be checked.
        func store(named name: String) throws(CacheFormatError) -> (store: BodyStore, mustCheck: Bool) {
            guard TextsFiles.isName(name) else { throw CacheFormatError(reason: "it names a texts file that is not one") }
            let result = lock.withLock {
                if let known = files[name] { return known }
                let opened = open(name)
                files[name] = opened
                return opened
            }
            switch result {
            case .success(let file): return (file.store, file.signature != trusted[name])
            case .failure(let error): throw error
            }
        }

        /// Notes that a text of `name` did not match its digest: the file is not trusted after this load.
        func refuse(_ name: String) {
            _ = lock.withLock { refused.insert(name) }
        }

        /// The signatures of the files opened whose texts were trusted or all checked.
        var checked: [String: ContentCache.Signature] {
            lock.withLock {
                var checked: [String: ContentCache.Signature] = [:]
                for (name, result) in files where !refused.contains(name) {
                    if case .success(let file) = result { checked[name] = file.signature }
                }
                return checked
            }
        }

        private func open(_ name: String) -> Result<(store: BodyStore, signature: ContentCache.Signature), CacheFormatError> {
            // Not following a link, not blocking on a pipe put there: a texts file is a plain file or nothing.
            let descriptor = Glibc.open(directory + "/" + name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard descriptor >= 0 else {
                return .failure(CacheFormatError(reason: errno == ELOOP ? "a texts file it names is not a plain file" : "a texts file it names is missing"))
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                close(descriptor)
                return .failure(CacheFormatError(reason: "a texts file it names is not a plain file"))
            }
            let store = BodyStore(readingTextsFile: descriptor, name: name, count: Int(status.st_size), damage: damage)
            return .success((store, ContentCache.Signature(status)))
        }
    }

    /// Removes the texts files among `names` (a listing of `directory`) that are not in `inUse`.
    static func removeUnused(named names: [String], in directory: String, keeping inUse: Set<String>) {
        for name in names where isName(name) && !inUse.contains(name) { unlink(directory + "/" + name) }
    }
}
