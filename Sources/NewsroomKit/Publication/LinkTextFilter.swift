import Foundation

/// Tells, from a link's text alone, the links that cannot resolve to a path with one of a few
/// names as a part, so that most links need not be resolved: the leak scan resolves only the
/// links that may lead to a held URL (a held key's last part), the media check only those that
/// may lead into `media/`. Resolving every link of every page was half the cost of the leak
/// scan in a build that holds a release back.
///
/// A resolved path's parts are parts of the link as written or of the page's folder (for a
/// relative link): `LinkChecker.resolve` cuts at `#` and `?`, trims white space at the ends,
/// drops `.` and `..` and joins parts with `/`, none of which makes a text that was not there.
/// What can is always let through: a link with `%` (decoded), a tab or a line break inside
/// (taken out), a backslash (made a slash), or any byte past ASCII (paths are compared as Swift
/// strings, by canonical equivalence: `\u{212A}` is `K`). A caller checks the page's folder the
/// same way, and resolves every link of a page whose folder may hold a name.
struct LinkTextFilter: Sendable {
    /// The names; nil when every link is let through (a name empty or not ASCII).
    private let names: PatternMatcher?

    init(names: [[UInt8]]) {
        let plain = names.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 < 0x80 } }
        self.names = plain ? PatternMatcher(names) : nil
    }

    /// The filter for the last part of each of `paths` (`releases/2026/x` gives `x`).
    init(lastPartsOf paths: some Collection<String>) {
        self.init(names: paths.map { path in
            Array(path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? [])
        })
    }

    /// False only when `text` cannot resolve to a path with a name as a part: nothing in it is
    /// changed by resolving, and it holds no name.
    func mayResolve(_ text: String) -> Bool {
        guard names != nil else { return true }
        var text = text
        return text.withUTF8 { mayResolve(UnsafeRawBufferPointer($0)) }
    }

    /// `mayResolve` of a text's UTF-8.
    func mayResolve(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let names else { return true }
        for byte in text where byte >= 0x80 || Self.changedByResolving[Int(byte)] { return true }
        var state = 0
        var holds = false
        names.scan(text, range: 0..<text.count, state: &state) { _, _ in
            holds = true
            return false
        }
        return holds
    }

    /// The ASCII bytes that resolving a link changes or takes out: `%`, a backslash, a tab, a line break.
    private static let changedByResolving: [Bool] = (0..<128).map { byte in
        [UInt8(ascii: "%"), UInt8(ascii: "\\"), 0x09, 0x0A, 0x0D].contains(UInt8(byte))
    }
}
