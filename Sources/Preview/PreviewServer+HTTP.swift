import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
public import NewsroomKit

/// The HTTP side, on SwiftNIO: each request is answered by `PreviewSite.respond`, and the reload
/// channel's events are streamed to the pages that listen.
extension PreviewServer {
    /// Serves until the process is told to stop (SIGINT, SIGTERM), watching and rebuilding meanwhile.
    /// `watch` was begun before the first build. `onReady` is called once the socket is bound;
    /// `onNote` hears why the watcher turns to looking at the files, if it must. On a signal the
    /// reload channels are closed first, so that no page waits on a server that is going.
    public func run(host: String, port: Int, watch: Watch, onReady: @escaping @Sendable () -> Void,
                    onNote: @escaping @Sendable (String) -> Void = { _ in },
                    onBuild: @escaping @Sendable (Result<BuildReport, BuildFailure>) -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let watcher = Task { await self.watch(watch, onNote: onNote, onBuild: onBuild) }
        defer {
            watcher.cancel()
            close()
        }
        do {
            let listening = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(PreviewHTTPHandler(server: self))
                    }
                }
                .bind(host: host, port: port).get()
            onReady()
            await Self.stopSignal()
            close()
            try? await listening.close()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try? await group.shutdownGracefully()
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
}

/// One connection: a request's body is ignored (only GET and HEAD are served); each request is
/// answered in turn, and a reload channel holds the connection until the page or the server goes.
final class PreviewHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: PreviewServer
    private var request: HTTPRequestHead?
    private var events: Task<Void, Never>?

    init(server: PreviewServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    /// A request that is not HTTP, or too large, has had its 400 from NIO's error handler; any
    /// error ends the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        events?.cancel()
        context.fireChannelInactive()
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let preview = server.site.respond(to: PreviewRequest(
            method: head.method.rawValue, target: head.uri, ifNoneMatch: head.headers.first(name: "If-None-Match")))
        var headers = HTTPHeaders(preview.headers.map { ($0.name, $0.value) })
        let status = HTTPResponseStatus(statusCode: preview.status)
        let channel = context.channel
        switch preview.body {
        case .data(let data):
            if !headers.contains(name: "Content-Length"), status != .notModified {
                headers.add(name: "Content-Length", value: String(data.count))
            }
            let keepAlive = head.isKeepAlive
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if !data.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(channel.allocator.buffer(bytes: data)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        case .events(let since):
            // A stream has no length: HTTP/1.1 sends it in chunks, HTTP/1.0 until the connection closes.
            if head.version.major == 1, head.version.minor == 0 { headers.replaceOrAdd(name: "Connection", value: "close") }
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            let stream = server.events(since: since)
            events = Task {
                for await event in stream {
                    do {
                        try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: event))))
                    } catch {
                        break
                    }
                }
                try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                try? await channel.close()
            }
        }
    }
}
