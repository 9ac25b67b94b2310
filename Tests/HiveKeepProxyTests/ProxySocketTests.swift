import AsyncHTTPClient
import Foundation
import HiveKeepCore
import HummingbirdCore
import NIOCore
import NIOPosix
import Testing

@testable import HiveKeepProxy

/// The proxy's own sockets: TCP_NODELAY on each, and loopback-only binding.
@Suite("Proxy sockets", .serialized, .timeLimit(.minutes(3)))
struct ProxySocketTests {
    @Test("the proxy's child channel sets TCP_NODELAY itself on an accepted socket that did not inherit it")
    func childChannelSetsNoDelay() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let observed = group.next().makePromise(
            of: (SocketOptionValue, SocketOptionValue, NoDelayHTTP1Channel.Value).self)
        // A listener without TCP_NODELAY: on Linux accepted sockets inherit the listener's, so this isolates what
        // the proxy's child channel does.
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 0)
            .childChannelInitializer { channel in
                channel.getOption(ChannelOptions.tcpOption(.tcp_nodelay)).flatMap { before in
                    ProxySockets.childChannel(responder: { _, _, _ in }, configuration: .init())
                        .setup(channel: channel, logger: ProxyHarness.logger)
                        .flatMap { value in
                            channel.getOption(ChannelOptions.tcpOption(.tcp_nodelay)).map { (value, $0) }
                        }
                        .map { value, after in observed.succeed((before, after, value)) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let client = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        let (before, after, accepted) = try await observed.futureResult.get()
        try await client.close()
        // The child channel's async wrapper must be finished: it closes with the connection.
        try await accepted.executeThenClose { _, _ in }
        #expect(before == 0)
        #expect(after != 0)
        try? await server.close()
    }

    @Test("every socket of a running proxy has TCP_NODELAY: accepted connections and reverse-proxy upstreams")
    func runningProxySockets() async throws {
        try await ProxyHarness.run(child: try StdioChild.echoServer()) { remote, _ in
            let configuration = MCPProxyConfiguration(
                port: 0, serverName: "front", authentication: .disabled,
                upstreamHeaders: ["Authorization": "Bearer \(remote.token)"])
            let front = MCPProxyServer.reverse(
                target: try #require(URL(string: remote.url + "/mcp")), configuration: configuration,
                logger: ProxyHarness.logger)
            let (frontPort, task) = try await ProxyHarness.serve(front)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let http = TestHTTP(client: client, base: "http://127.0.0.1:\(frontPort)")
                let reply = try await http.stateless("server/discover", id: "1")
                #expect(reply.status == 200)
                // The stdio proxy's accepted socket (from the reverse proxy) and the reverse proxy's upstream one.
                let accepted = try await SocketProbe.waitForDescriptors(localPort: remote.port)
                let upstream = try await SocketProbe.waitForDescriptors(remotePort: remote.port)
                let frontAccepted = try await SocketProbe.waitForDescriptors(localPort: frontPort)
                for descriptor in accepted + upstream + frontAccepted {
                    #expect(SocketProbe.noDelay(descriptor) == 1, "descriptor \(descriptor)")
                }
            } catch {
                Issue.record(error)
            }
            try? await client.shutdown()
            task.cancel()
            _ = try? await task.value
        }
    }

    @Test("the proxy refuses to bind anything but loopback")
    func nonLoopbackBindIsRefused() async throws {
        for host in ["0.0.0.0", "::", "192.0.2.10", "example.com"] {
            let server = MCPProxyServer.reverse(
                target: try #require(URL(string: "http://127.0.0.1:9/mcp")),
                configuration: MCPProxyConfiguration(
                    host: host, port: 0, serverName: "exposed", authentication: .disabled),
                logger: ProxyHarness.logger)
            do {
                try await server.run { port in Issue.record("bound \(host) on port \(port)") }
                Issue.record("\(host) was accepted")
            } catch let error as HiveKeepError {
                #expect("\(error)".contains("loopback only"), "\(host): \(error)")
            }
        }
    }
}

/// This process's TCP sockets, found through /proc (the proxy runs in the test process).
enum SocketProbe {
    /// Socket inode → local and remote port, for IPv4 and IPv6 TCP sockets in any state but listening.
    static func connections() -> [String: (local: Int, remote: Int)] {
        var out: [String: (local: Int, remote: Int)] = [:]
        for table in ["/proc/self/net/tcp", "/proc/self/net/tcp6"] {
            // Read to the end: /proc files report a size of 0, which whole-file readers may take literally.
            let data = FileHandle(forReadingAtPath: table).flatMap { try? $0.readToEnd() } ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, fields[3] != "0A",
                    let local = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }),
                    let remote = fields[2].split(separator: ":").last.flatMap({ Int($0, radix: 16) })
                else { continue }
                out[String(fields[9])] = (local, remote)
            }
        }
        return out
    }

    /// Descriptors of this process whose socket matches the given ports.
    static func descriptors(localPort: Int? = nil, remotePort: Int? = nil) -> [Int32] {
        let table = connections()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let descriptor = Int32(entry),
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"),
                target.hasPrefix("socket:["), let ports = table[String(target.dropFirst(8).dropLast())]
            else { return nil }
            if let localPort, ports.local != localPort { return nil }
            if let remotePort, ports.remote != remotePort { return nil }
            return descriptor
        }
    }

    /// Waits until at least one descriptor matches.
    static func waitForDescriptors(localPort: Int? = nil, remotePort: Int? = nil) async throws -> [Int32] {
        for _ in 0..<100 {
            let found = descriptors(localPort: localPort, remotePort: remotePort)
            if !found.isEmpty { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportErrorLocal("no socket with local port \(localPort ?? 0), remote port \(remotePort ?? 0)")
    }

    /// TCP_NODELAY of `descriptor`, read with getsockopt.
    static func noDelay(_ descriptor: Int32) -> Int32 {
        var value: Int32 = -1
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 else { return -1 }
        return value
    }
}
