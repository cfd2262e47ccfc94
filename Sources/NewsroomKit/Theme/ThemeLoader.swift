import Foundation
import Templating

/// Puts together the theme: built-in templates and assets, overridden by the site's `Templates/`.
enum ThemeLoader {
    static func load(files: SiteFiles, diagnostics: inout Diagnostics) -> Theme {
        var builtinTemplates: [String: String] = [:]
        var assets: [String: OutputContent] = [:]
        for (path, bytes) in BuiltinTheme.decodedFiles {
            if path.hasPrefix("assets/") {
                assets[String(path.dropFirst("assets/".count))] = .bytes(bytes)
            } else {
                builtinTemplates[path] = String(decoding: bytes, as: UTF8.self)
            }
        }
        var sources: [any TemplateSource] = []
        var siteNames: Set<String> = []
        if files.isDirectory("Templates") {
            for path in files.files(under: "Templates", diagnostics: &diagnostics) {
                let relative = String(path.dropFirst("Templates/".count))
                if relative.hasPrefix("assets/") {
                    assets[String(relative.dropFirst("assets/".count))] = .file(files.absolute(path))
                } else {
                    siteNames.insert(relative)
                }
            }
            sources.append(SiteTemplateSource(files: files, names: siteNames.sorted()))
        }
        sources.append(MemorySource(builtinTemplates))
        return Theme(
            templates: OverlaySource(sources), siteTemplateNames: siteNames,
            assets: assets.keys.sorted().map { ThemeAsset(path: $0, content: assets[$0] ?? .bytes(Data())) })
    }
}

/// The site's own templates, read through the same strict UTF-8 rules as content.
struct SiteTemplateSource: TemplateSource {
    let files: SiteFiles
    let names: [String]

    func templateNames() throws(TemplateError) -> [String] { names }

    func text(of name: String) throws(TemplateError) -> String? {
        guard names.contains(name) else { return nil }
        do {
            return try files.readText("Templates/" + name)
        } catch {
            throw TemplateError(
                kind: .unreadable,
                location: TemplateLocation(template: name, line: error.location.line, column: error.location.column),
                message: error.message)
        }
    }
}
