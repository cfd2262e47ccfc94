import Foundation

/// Templates read from a folder on disk, recursively. Names are paths relative to the folder with
/// '/' separators. This is the only file of the engine that touches the file system.
public struct DirectorySource: TemplateSource {
    private let directory: String
    private let fileExtensions: Set<String>

    public init(directory: String, fileExtensions: Set<String> = ["html", "xml", "txt", "json"]) {
        self.directory = directory
        self.fileExtensions = fileExtensions
    }

    /// Walks the folder in sorted order, skipping hidden files and folders and files whose
    /// extension is not listed.
    public func templateNames() throws(TemplateError) -> [String] {
        var names: [String] = []
        var pending: [String] = [""]
        // Real paths of folders already walked, so a symbolic link back up the tree cannot loop.
        var visited = Set<String>()
        let fileManager = FileManager.default
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? directory : directory + "/" + relative
            guard visited.insert(URL(fileURLWithPath: path).resolvingSymlinksInPath().path).inserted else { continue }
            let entries: [String]
            do {
                entries = try fileManager.contentsOfDirectory(atPath: path)
            } catch {
                throw TemplateError(
                    kind: .unreadable,
                    location: TemplateLocation(template: relative.isEmpty ? directory : relative, line: 1, column: 1),
                    message: "cannot list template folder '\(path)'"
                )
            }
            var folders: [String] = []
            for entry in entries where !entry.hasPrefix(".") {
                let name = relative.isEmpty ? entry : relative + "/" + entry
                var isDirectory: ObjCBool = false
                guard fileManager.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    folders.append(name)
                } else if let dot = entry.lastIndex(of: "."), fileExtensions.contains(String(entry[entry.index(after: dot)...])) {
                    names.append(name)
                }
            }
            pending.append(contentsOf: folders.sorted().reversed())
        }
        return names.sorted()
    }

    /// Reads one template. Names that try to leave the folder (`..`, absolute paths) are not found.
    public func text(of name: String) throws(TemplateError) -> String? {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !components.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }) else {
            return nil
        }
        let path = directory + "/" + name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(
                kind: .unreadable,
                location: TemplateLocation(template: name, line: 1, column: 1),
                message: "cannot read template file"
            )
        }
        return try Self.decode(Array(data), name: name)
    }

    /// Decodes UTF-8, dropping a leading byte-order mark; invalid bytes are an error at the line
    /// and column (in Unicode scalars) of the first bad byte.
    static func decode(_ bytes: [UInt8], name: String) throws(TemplateError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
        }
        var line = 1
        var column = 1
        var index = body.startIndex
        while index < body.endIndex {
            let length = validSequenceLength(body, at: index)
            guard length > 0 else {
                throw TemplateError(
                    kind: .unreadable,
                    location: TemplateLocation(template: name, line: line, column: column),
                    message: "invalid UTF-8 byte 0x" + (body[index] < 0x10 ? "0" : "") + String(body[index], radix: 16, uppercase: true)
                )
            }
            if body[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 when it is not one
    /// (overlong forms, surrogates and values above U+10FFFF are rejected, as Unicode requires).
    private static func validSequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let first = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.endIndex && range.contains(bytes[index + offset])
        }
        switch first {
        case 0x00...0x7F:
            return 1
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
