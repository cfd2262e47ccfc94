public import Foundation

/// One file of the output, as a value: where it goes and what it holds.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the output folder, '/'-separated: `releases/2015/x/index.html`.
    public var path: String
    public var content: OutputContent

    public init(path: String, content: OutputContent) {
        self.path = path
        self.content = content
    }
}

/// What the build knows of an output file as a page, for the writer and the manifest; nothing
/// for a copied file.
struct PageRecord: Sendable {
    /// The input fingerprint the page was rendered (or kept) by, for the next build; nil without a cache.
    var fingerprint: Fingerprint?
    /// The digest of the bytes rendered; nil when the page was kept without rendering.
    var digest: Fingerprint?
    /// What the file system said of the page written into its place in the staging tree, as it
    /// was written: the manifest's entry, without looking the page up again.
    var created: OutputStatus?
}

extension [PageRecord] {
    /// The record of the file at `index` of the files these are for, or none when there are no
    /// records (a build without pages) or the file is past them (the output marker).
    func record(_ index: Int) -> PageRecord { index < count ? self[index] : PageRecord() }
}

public enum OutputContent: Sendable, Equatable {
    case bytes(Data)
    /// A file copied as it is (media, bundle files, theme assets): an absolute source path.
    case file(String)
}

extension OutputFile {
    /// The same file with a copied file's bytes read in, so later stages see every byte.
    func materialized() throws(Diagnostic) -> OutputFile {
        guard case .file(let source) = content else { return self }
        return OutputFile(path: path, content: .bytes(try FileBytes.read(source)))
    }
}

extension OutputFile {
    /// The bytes of a file made in memory; nil for a copied file.
    var bytes: Data? {
        if case .bytes(let data) = content { return data }
        return nil
    }
}

extension OutputContent {
    /// The size in bytes; nil for a copied file that cannot be read.
    var size: Int? {
        switch self {
        case .bytes(let data): return data.count
        case .file(let source): return FileBytes.size(source)
        }
    }

    /// Whether this is exactly `bytes`, without reading a copied file unless its size matches.
    func holds(_ bytes: Data) -> Bool {
        switch self {
        case .bytes(let data): return data == bytes
        case .file(let source): return FileBytes.same(source, bytes)
        }
    }
}
