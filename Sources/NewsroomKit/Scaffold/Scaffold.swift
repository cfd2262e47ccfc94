import Foundation

/// `newsroom new` and `newsroom init` at the file system's edge: they find the site, make the
/// files with `ReleaseScaffold` and `SiteScaffold`, and create them. A file is only ever
/// created, never replaced (each with `O_EXCL`), so a run that races another, or finds its file
/// made since it looked, stops instead of overwriting it.
public enum Scaffold {
    /// Writes a new release into the site and returns its path relative to the site.
    ///
    /// Refused, with nothing written: a folder that is not a site (the build's own messages), a
    /// settings file with errors, and a release whose slug is taken in its year folder: a file or
    /// bundle folder whose name gives that slug (`<date>-<slug>.md`, `<slug>.md`, `<slug>/`),
    /// whatever its date.
    public static func newRelease(
        _ request: ReleaseScaffold.Request, siteDirectory: String, clock: Clock
    ) throws(ScaffoldError) -> String {
        let files = SiteFiles(root: siteDirectory)
        var diagnostics = Diagnostics()
        let loaded = ConfigLoader.load(files: files, baseURLOverride: nil, diagnostics: &diagnostics)
        guard let config = loaded?.config, !diagnostics.hasErrors else {
            throw .site(diagnostics.sorted.filter { $0.severity == .error })
        }
        let (file, slug) = try ReleaseScaffold.make(request, config: config, now: clock.now)
        let folder = Route.parentFolder(of: request.bundle ? Route.parentFolder(of: file.path) : file.path)
        for relative in ["Content/releases", folder] where files.exists(relative) {
            if let problem = files.requireFolderIfPresent(relative, holding: "release files")
                ?? files.outsideProblem(relative, resolved: files.resolvedPath(relative)) {
                throw .site([problem])
            }
        }
        if let taken = (try? FileManager.default.contentsOfDirectory(atPath: files.absolute(folder)))?.sorted()
            .first(where: { !$0.hasPrefix(".") && (MarkdownFileName.isMarkdown($0) || files.isDirectory(folder + "/" + $0)) && Slug.ofFileName($0) == slug }) {
            throw .site([takenError(folder + "/" + taken, slug: slug)])
        }
        do throws(Diagnostic) {
            try create(file, in: files.root, ifTaken: takenError(file.path, slug: slug))
        } catch {
            throw .site([error])
        }
        return file.path
    }

    /// Writes a new site into `directory`, which must be empty or not exist yet (it is then
    /// made, with its parents), and returns the paths written, relative to it.
    /// - Parameters:
    ///   - timeZone: an IANA name, for the settings.
    ///   - ci: the CI files to write besides the site: a GitHub Actions workflow, a GitLab
    ///     pipeline, both or none.
    public static func newSite(at directory: String, timeZone: String, ci: CIChoice = .both,
                               clock: Clock) throws(ScaffoldError) -> [String] {
        let scaffold = try SiteScaffold.files(timeZone: timeZone, now: clock.now, ci: ci)
        let here = SourceLocation(path: directory)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw .site([.error("is a file; newsroom init makes a site in an empty or new folder", at: here)])
            }
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            if !entries.isEmpty {
                let shown = entries.prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
                throw .site([.error("is not empty (it holds \(shown)); newsroom init writes only into an empty or new folder, so that it replaces nothing",
                                    at: here)])
            }
        }
        let root: String
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            root = SiteFiles(root: directory).root
            for file in scaffold {
                try create(file, in: root, ifTaken: .error("was made while newsroom init ran; it replaces nothing", at: SourceLocation(path: file.path)))
            }
        } catch let error as Diagnostic {
            throw .site([Diagnostic(.error, at: SourceLocation(path: directory + "/" + error.location.path), error.message)])
        } catch {
            throw .site([.error("cannot make the folder: \(SiteFiles.reason(error))", at: here)])
        }
        return scaffold.map(\.path)
    }

    private static func takenError(_ path: String, slug: String) -> Diagnostic {
        .error("a release with the slug '\(slug)' is already here; newsroom new never overwrites: edit this one, or choose another title or --slug",
               at: SourceLocation(path: path))
    }

    /// Creates `file` under `root` with its parent folders.
    /// - Parameter taken: the error when a file or folder is already at its path.
    private static func create(_ file: ScaffoldFile, in root: String, ifTaken taken: Diagnostic) throws(Diagnostic) {
        let location = SourceLocation(path: file.path)
        let parent = Route.parentFolder(of: file.path)
        do {
            try FileManager.default.createDirectory(atPath: root + "/" + parent, withIntermediateDirectories: true)
        } catch {
            throw .error("cannot make the folder \(parent): \(SiteFiles.reason(error))", at: location)
        }
        let descriptor = open(root + "/" + file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw code == EEXIST ? taken : .error("cannot create: \(String(cString: strerror(code)))", at: location)
        }
        defer { close(descriptor) }
        guard Array(file.text.utf8).withUnsafeBytes({ FileBytes.writeAll($0, to: descriptor) }) else {
            throw .error("cannot write: \(String(cString: strerror(errno)))", at: location)
        }
    }
}
