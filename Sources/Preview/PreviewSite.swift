public import Foundation
public import NewsroomKit

/// A request as the preview needs it: no socket, so the rules below are tested directly.
public struct PreviewRequest: Sendable {
    public var method: String
    /// The request target as sent: path and optional query, still percent-encoded.
    public var target: String
    public var ifNoneMatch: String?

    public init(method: String, target: String, ifNoneMatch: String? = nil) {
        self.method = method
        self.target = target
        self.ifNoneMatch = ifNoneMatch
    }
}

public struct PreviewResponse: Sendable {
    public enum Body: Sendable, Equatable {
        case data(Data)
        /// The reload channel: server-sent events, opened by the page's script, which says the
        /// generation it was rendered from.
        case events(since: Int)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the preview serves, and how: the last good build of the site under the same base path
/// as the published site, with the reload script added to every HTML response (never to a
/// file). Nothing outside the built folder is ever read: `..` and `.` segments (also
/// percent-encoded), NUL and backslash are refused, and a path that resolves through a
/// symbolic link to outside the folder is not found.
public struct PreviewSite: Sendable {
    /// The path of the reload channel: outside any site (slugs have no `_`).
    public static let eventsPath = "/__newsroom/events"

    /// The built site, nil until a build has succeeded.
    public var root: String?
    /// "/" or "/news/".
    public var basePath: String
    /// Counts the successful builds: a page rendered from an older one reloads.
    public var generation: Int
    /// The problems of the last build, when it failed (the last good site is still served).
    public var failure: [Diagnostic]?

    public init(root: String?, basePath: String, generation: Int, failure: [Diagnostic]?) {
        self.root = root
        self.basePath = basePath
        self.generation = generation
        self.failure = failure
    }

    public func respond(to request: PreviewRequest) -> PreviewResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return PreviewResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")],
                                   body: .data(Data("Only GET and HEAD are served.\n".utf8)))
        }
        let rawPath = String(request.target.prefix { $0 != "?" && $0 != "#" })
        if rawPath == Self.eventsPath {
            let since = Self.queryValue("since", in: request.target).flatMap(Int.init) ?? -1
            return PreviewResponse(status: 200, headers: [
                ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
            ], body: .events(since: since))
        }
        guard let path = Self.decodedPath(rawPath) else {
            return text(400, "That address cannot name a file of the site.\n", head: request.method == "HEAD")
        }
        guard path.hasPrefix(basePath) else {
            // The site lives under its base path, as when published: send the visitor there.
            if basePath.hasPrefix(path) { return PreviewResponse(status: 302, headers: [("Location", basePath)], body: .data(Data())) }
            return notFound(request)
        }
        guard let root else { return failurePage(request) }
        let relative = String(path.dropFirst(basePath.count))
        switch Self.resolve(relative, in: root) {
        case .file(let file):
            return serve(file: file, request: request, status: 200)
        case .folderWithoutSlash:
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
            return PreviewResponse(status: 301, headers: [("Location", rawPath + "/" + query)], body: .data(Data()))
        case .missing:
            return notFound(request)
        }
    }

    private func notFound(_ request: PreviewRequest) -> PreviewResponse {
        if let root, case .file(let file) = Self.resolve("404.html", in: root) {
            return serve(file: file, request: request, status: 404)
        }
        return text(404, "Not found.\n", head: request.method == "HEAD")
    }

    private func serve(file: String, request: PreviewRequest, status: Int) -> PreviewResponse {
        guard var data = FileManager.default.contents(atPath: file) else { return text(404, "Not found.\n", head: request.method == "HEAD") }
        let type = Self.contentType(of: file)
        if type.hasPrefix("text/html") { data = ReloadScript.inject(into: data, generation: generation) }
        let tag = "\"" + Self.digest(data) + "\""
        var headers: [(name: String, value: String)] = [("Content-Type", type), ("ETag", tag), ("Cache-Control", "no-cache")]
        if status == 200, let match = request.ifNoneMatch, match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return PreviewResponse(status: 304, headers: headers, body: .data(Data()))
        }
        headers.append(("Content-Length", String(data.count)))
        return PreviewResponse(status: status, headers: headers, body: .data(request.method == "HEAD" ? Data() : data))
    }

    /// Before any build has succeeded there is no site to show: the problems, and the script
    /// that reloads when they are fixed.
    private func failurePage(_ request: PreviewRequest) -> PreviewResponse {
        let data = ReloadScript.inject(into: Data(ReloadScript.failurePage(failure ?? []).utf8), generation: generation)
        return PreviewResponse(status: 503, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache"),
                                                      ("Content-Length", String(data.count))],
                               body: .data(request.method == "HEAD" ? Data() : data))
    }

    private func text(_ status: Int, _ message: String, head: Bool) -> PreviewResponse {
        PreviewResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(message.utf8.count))],
                        body: .data(head ? Data() : Data(message.utf8)))
    }
}
