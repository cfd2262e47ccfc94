import Foundation

extension BuildSession {
    /// The prefix and suffix of a manifest's file name in the cache folder (`manifestFile(for:)`).
    static let manifestNames = (prefix: "output-", suffix: ".cache")

    /// Removes the manifests, among `names` in the cache folder, of output folders that are
    /// gone: a preview's private output (which earlier versions saved a manifest of, 5 MB at
    /// 10,000 releases, on every run), a one-off `--output`. No build can use such a file:
    /// a manifest vouches for the files of a folder that is no longer there. Only the cache
    /// file is removed, never anything at the path it names; a file that is not a manifest,
    /// or names a relative path or a folder that cannot be looked at, is left.
    static func removeOrphanManifests(named names: [String], in cacheDirectory: String, keeping kept: String?) {
        for name in names where name.hasPrefix(manifestNames.prefix) && name.hasSuffix(manifestNames.suffix) {
            let path = cacheDirectory + "/" + name
            guard path != kept, let kind = CacheFile.kind(ofFileAt: path), kind.hasPrefix("manifest /") else { continue }
            var status = stat()
            if lstat(String(kind.dropFirst("manifest ".count)), &status) != 0, errno == ENOENT { unlink(path) }
        }
    }
}

extension CacheFile {
    /// The kind a cache file says it holds, whatever its format: the header has begun with the
    /// magic, the format version (`opening`) and the kind since the first format. Nil for
    /// anything else, a link, a pipe or a folder included.
    static func kind(ofFileAt path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let bytes = [UInt8](unsafeUninitializedCapacity: 8192) { buffer, initialized in
            initialized = FileBytes.read(descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: 0)
        }
        guard var reader = try? opening(bytes).reader else { return nil }
        return try? reader.readString()
    }
}
