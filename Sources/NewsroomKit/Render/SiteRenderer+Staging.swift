import Foundation

extension SiteRenderer.Staging {
    /// One rendered page: searched for held content, then kept as the old file when it is the
    /// same, or written to the pending folder. Its bytes are not kept.
    func stage(_ bytes: Data, path: String, index: Int) -> Result<SiteRenderer.PageResult, Diagnostic> {
        let leaks = scanner.map { $0.diagnostics($0.findings(in: path, bytes: bytes), in: path) } ?? []
        let digest = Fingerprint.of(bytes)
        if let kept = keptOld(path: path, digest: digest, size: bytes.count, isSame: { FileBytes.same($0, bytes) }) {
            return .success(SiteRenderer.PageResult(file: kept, record: PageRecord(digest: digest), leaks: leaks))
        }
        let waiting = waitingPath(path, index: index)
        // Mode 0666 as the umask allows, as any new file.
        guard let status = FileBytes.create(waiting, holding: [bytes], mode: 0o666) else { return .failure(writeFailure()) }
        return .success(written(path: path, at: waiting, digest: digest, status: status, leaks: leaks))
    }

    /// Whether a page is written as it renders (`PageStream`) rather than held whole: a page
    /// that lists the whole site (the search index is 125 MB at 100,000 releases), unless a
    /// release is held back and the leak scan reads the page's links, which it does whole.
    func streams(_ page: PlannedPage) -> Bool {
        page.kind.listsWholeSite && (scanner?.searchesInParts(page.outputPath) ?? true)
    }

    /// The file a page is written to as it renders, searched for held content part by part
    /// when a release is held back; or the failure to make it.
    func openStream(path: String, index: Int) -> Result<PageStream, Diagnostic> {
        let waiting = waitingPath(path, index: index)
        guard let descriptor = FileBytes.createOpen(waiting, mode: 0o666) else { return .failure(writeFailure()) }
        return .success(PageStream(path: waiting, descriptor: descriptor, search: scanner.map { LeakScanner.PartSearch($0, path: path) }))
    }

    /// The bytes a page written as it renders hands to its file at a time.
    static let streamedPartSize = 1 << 20

    /// A page written as it rendered, once its render is done: kept as the old file when it is
    /// the same (its new file removed), else staged as written; with what it shows of held
    /// releases, as `stage` finds it.
    func finish(_ stream: PageStream, path: String) -> Result<SiteRenderer.PageResult, Diagnostic> {
        guard let status = stream.close() else {
            let failure = errno
            unlink(stream.path)
            errno = failure
            return .failure(writeFailure())
        }
        let digest = stream.digest
        let leaks = scanner.map { $0.diagnostics(stream.search?.finish(size: stream.size, digest: digest) ?? [], in: path) } ?? []
        if let kept = keptOld(path: path, digest: digest, size: stream.size, isSame: { FileBytes.same($0, stream.path) }) {
            unlink(stream.path)
            return .success(SiteRenderer.PageResult(file: kept, record: PageRecord(digest: digest), leaks: leaks))
        }
        return .success(written(path: path, at: stream.path, digest: digest, status: status, leaks: leaks))
    }

    /// Removes what a page whose render failed wrote.
    func abandon(_ stream: PageStream) {
        _ = stream.close()
        unlink(stream.path)
    }

    /// The old output's file, when the page is the same: by its manifest entry, or by its
    /// bytes when there is no manifest.
    private func keptOld(path: String, digest: Fingerprint, size: Int, isSame: (String) -> Bool) -> OutputFile? {
        let old = writer.output + "/" + path
        if let entry = entries[path], entry.digest == digest, entry.size == size { return OutputFile(path: path, content: .file(old)) }
        if entries[path] == nil, compareOld, isSame(old) { return OutputFile(path: path, content: .file(old)) }
        return nil
    }

    /// Where a page is written: in its place in the staged tree, or in the pending folder.
    private func waitingPath(_ path: String, index: Int) -> String {
        inPlace ? writer.stagingPath + "/" + path : writer.pendingPath(of: index)
    }

    /// A page written to `waiting`. One in the pending folder is moved later, which changes its
    /// status; one in its place is not.
    private func written(path: String, at waiting: String, digest: Fingerprint, status: stat,
                         leaks: [Diagnostic]) -> SiteRenderer.PageResult {
        SiteRenderer.PageResult(file: OutputFile(path: path, content: .file(waiting)),
                                record: PageRecord(digest: digest, created: inPlace ? OutputStatus(status) : nil), leaks: leaks)
    }

    private func writeFailure() -> Diagnostic {
        .error("cannot write the output: \(String(cString: strerror(errno)))", at: SourceLocation(path: writer.output))
    }
}

/// A page written to its file as it renders, a part at a time, with the digest of all of it
/// (the one `Fingerprint.of` gives its bytes whole), and searched for held content as it goes
/// when a release is held back.
final class PageStream: @unchecked Sendable {  // used by the one thread that renders its page
    let path: String
    let search: LeakScanner.PartSearch?
    private let descriptor: Int32
    private var parts = FingerprintHasher.Parts()
    /// The first write's failure (`errno`); what follows it is not written.
    private var failure: Int32?
    private var closed = false

    init(path: String, descriptor: Int32, search: LeakScanner.PartSearch? = nil) {
        self.path = path
        self.descriptor = descriptor
        self.search = search
    }

    deinit { if !closed { _ = Glibc.close(descriptor) } }

    var size: Int { parts.length }
    var digest: Fingerprint { parts.finalize() }

    /// Appends a part of the page.
    func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            parts.append(bytes)
            search?.append(bytes)
            if failure == nil, !FileBytes.writeAll(bytes, to: descriptor) { failure = errno }
        }
    }

    /// Closes the file: its status once all was written; nil, with `errno` set to what stopped
    /// it, when not (or when it was closed already: its descriptor may belong to another file by then).
    func close() -> stat? {
        guard !closed else {
            errno = EBADF
            return nil
        }
        closed = true
        if let failure { errno = failure }
        return FileBytes.closeCreated(descriptor, written: failure == nil)
    }
}
