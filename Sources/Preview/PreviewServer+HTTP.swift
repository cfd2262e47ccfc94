import Foundation
import HTTPTypes
import Hummingbird
import Logging
public import NewsroomKit

/// The HTTP side: Hummingbird answers each request with `PreviewSite.respond`, and streams the
/// reload channel's events.
extension PreviewServer {
    /// Serves until the process is told to stop (SIGINT, SIGTERM), watching and rebuilding meanwhile.
    /// `watch` was begun before the first build. `onReady` is called once the socket is bound;
    /// `onNote` hears why the watcher turns to looking at the files, if it must. On a signal the
    /// reload channels are closed first: a graceful shutdown would otherwise wait for them forever.
    public func run(host: String, port: Int, watch: Watch, onReady: @escaping @Sendable () -> Void,
                    onNote: @escaping @Sendable (String) -> Void = { _ in },
                    onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async throws {
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in
            self.response(to: request)
        }
        var logger = Logger(label: "newsroom-serve")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { _ in onReady() },
            logger: logger)
        let watcher = Task { await self.watch(watch, onNote: onNote, onBuild: onBuild) }
        defer {
            watcher.cancel()
            close()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { await Self.stopSignal() }
            try await group.next()
            close()
            group.cancelAll()
        }
    }

    /// Returns when SIGINT or SIGTERM arrives.
    private static func stopSignal() async {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
        for source in sources { source.cancel() }
    }

    func response(to request: Request) -> Response {
        let preview = site.respond(to: PreviewRequest(
            method: request.method.rawValue, target: request.uri.string, ifNoneMatch: request.headers[.ifNoneMatch]))
        var fields = HTTPFields()
        for (name, value) in preview.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let status = HTTPResponse.Status(code: preview.status)
        switch preview.body {
        case .data(let data):
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        case .events(let since):
            let stream = events(since: since)
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                for await event in stream {
                    try await writer.write(ByteBuffer(string: event))
                }
                try await writer.finish(nil)
            })
        }
    }
}
