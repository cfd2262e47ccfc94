import Foundation
import NewsroomKit
import Templating

/// The live-reload script, added by the server to every HTML page it sends (never written into
/// any build output), and the events it listens for. It opens the reload channel with the
/// generation the page came from: the server answers `reload` at once if a newer build exists,
/// or `failed` with the problems of a failed build, shown over the page until the next good
/// save reloads it. The overlay is built with `textContent`, so no message can become markup.
enum ReloadScript {
    static func script(generation: Int) -> String {
        """
        <script>
        (function () {
          var source = new EventSource("\(PreviewSite.eventsPath)?since=\(generation)");
          source.addEventListener("reload", function () { source.close(); location.reload(); });
          source.addEventListener("failed", function (event) {
            var problems = JSON.parse(event.data);
            var old = document.getElementById("newsroom_preview_overlay");
            if (old) { old.remove(); }
            var box = document.createElement("div");
            box.id = "newsroom_preview_overlay";
            box.setAttribute("role", "alert");
            box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
              "background:rgba(24,24,27,.95);color:#fafafa;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace";
            var title = document.createElement("p");
            title.style.cssText = "margin:0 0 1rem;font-weight:700;color:#fca5a5";
            title.textContent = "newsroom: the last save did not build. This is the last good version; fix these and save again.";
            var list = document.createElement("pre");
            list.style.cssText = "margin:0;white-space:pre-wrap";
            list.textContent = problems.map(function (p) {
              return p.path + ":" + p.line + ":" + p.column + ": " + p.severity + ": " + p.message;
            }).join("\\n");
            box.appendChild(title);
            box.appendChild(list);
            (document.body || document.documentElement).appendChild(box);
          });
        })();
        </script>

        """
    }

    /// The page with the script before its last `</body>`, or at its end when it has none.
    static func inject(into page: Data, generation: Int) -> Data {
        let script = Data(script(generation: generation).utf8)
        let bytes = [UInt8](page)
        let closing = Array("</body".utf8)
        var index = bytes.count - closing.count
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "<"),
               zip(bytes[index ..< index + closing.count], closing).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return Data(bytes[..<index]) + script + Data(bytes[index...])
            }
            index -= 1
        }
        return page + script
    }

    /// One server-sent event.
    static func event(_ name: String, data: String) -> String {
        "event: \(name)\ndata: \(data)\n\n"
    }

    /// The problems as the overlay reads them: one line of JSON.
    static func problems(_ diagnostics: [Diagnostic]) -> String {
        let objects: [[String: Any]] = diagnostics.map {
            ["path": $0.location.path, "line": $0.location.line, "column": $0.location.column,
             "severity": $0.severity.rawValue, "message": $0.message]
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Shown before any build has succeeded.
    static func failurePage(_ diagnostics: [Diagnostic]) -> String {
        let lines = diagnostics.map { TemplateEscaping.html($0.description) }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Build failed — newsroom preview</title></head>
            <body>
            <h1>The site does not build yet</h1>
            <p>Fix these problems and save; this page reloads by itself.</p>
            <pre>\(lines)</pre>
            </body>
            </html>

            """
    }
}
