import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepServer

@Suite("Listening policy")
struct PolicyTests {
    static let paths = HiveKeepPaths(configDirectory: "/c", dataDirectory: "/d", stateDirectory: "/s")

    @Test(
        "loopback names and addresses are recognized; others are not",
        arguments: [
            ("127.0.0.1", true), ("127.10.0.3", true), ("localhost", true), ("LocalHost", true), ("::1", true),
            ("[::1]", true), ("app.localhost", true), ("0.0.0.0", false), ("192.168.1.4", false), ("::", false),
            ("example.com", false), ("127.0.0.1.evil.com", false), ("127.0.0.256", false),
        ])
    func loopbackRecognition(host: String, expected: Bool) {
        #expect(LoopbackHost.isLoopback(host) == expected)
    }

    @Test("a non-loopback listen address needs TLS and an auth mode other than none; the refusal says why")
    func nonLoopbackNeedsTLSAndAuth() {
        let tls = ServerConfiguration.TLSFiles(certificateChain: "/c.pem", privateKey: "/k.pem")
        for host in ["0.0.0.0", "10.1.2.3", "example.com"] {
            let plain = ServerConfiguration(listen: .tcp(host: host, port: 8080), paths: Self.paths)
            let error = #expect(throws: HiveKeepError.self) { try plain.validate() }
            #expect(error?.message.contains("without TLS") == true)
            let open = ServerConfiguration(
                listen: .tcp(host: host, port: 8080), paths: Self.paths, authMode: .none, tls: tls)
            let openError = #expect(throws: HiveKeepError.self) { try open.validate() }
            #expect(openError?.message.contains("--auth none") == true)
            #expect(throws: Never.self) {
                try ServerConfiguration(listen: .tcp(host: host, port: 8080), paths: Self.paths, tls: tls).validate()
            }
        }
        #expect(throws: Never.self) {
            try ServerConfiguration(listen: .tcp(host: "localhost", port: 8080), paths: Self.paths, authMode: .none)
                .validate()
        }
    }

    @Test("bound to a wildcard address, the Host check accepts this machine's addresses and --allowed-host names")
    func wildcardHosts() throws {
        let configuration = ServerConfiguration(
            listen: .tcp(host: "0.0.0.0", port: 8443), paths: Self.paths,
            tls: .init(certificateChain: "/c.pem", privateKey: "/k.pem"), allowedHosts: ["hive.example.org"])
        let policy = OriginPolicy(configuration: configuration, machineAddresses: ["192.0.2.7", "fe80::1"])
        for host in ["192.0.2.7:8443", "[fe80::1]:8443", "hive.example.org", "HIVE.example.org:8443", "localhost"] {
            #expect(throws: Never.self, "\(host)") {
                try policy.check(authority: host, origin: nil, isUnixSocket: false)
            }
        }
        for host in ["192.0.2.8", "evil.example", "0.0.0.0"] {
            #expect(throws: HiveKeepError.self, "\(host)") {
                try policy.check(authority: host, origin: nil, isUnixSocket: false)
            }
        }
        #expect(throws: Never.self) {
            try policy.check(
                authority: "hive.example.org", origin: "https://hive.example.org:8443", isUnixSocket: false)
        }
    }

    @Test("a malformed allowed origin is refused at start")
    func malformedOriginIsRefused() {
        let configuration = ServerConfiguration(allowedOrigins: ["localhost:3000"], paths: Self.paths)
        #expect(throws: HiveKeepError.self) { try configuration.validate() }
    }

    @Test("Host must be loopback or the configured host; the Unix socket skips the Host check")
    func hostIsChecked() throws {
        let policy = OriginPolicy(
            configuration: ServerConfiguration(listen: .tcp(host: "hivekeep.localhost", port: 8080), paths: Self.paths)
        )
        for good in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "hivekeep.localhost:8080", "localhost"] {
            #expect(throws: Never.self) { try policy.check(authority: good, origin: nil, isUnixSocket: false) }
        }
        for bad in ["evil.example:8080", "attacker.com", "192.168.0.2:8080"] {
            #expect(throws: HiveKeepError.self) { try policy.check(authority: bad, origin: nil, isUnixSocket: false) }
            #expect(throws: Never.self) { try policy.check(authority: bad, origin: nil, isUnixSocket: true) }
        }
        #expect(throws: Never.self) {
            try policy.check(authority: "localhost:8080", origin: "http://localhost:8080", isUnixSocket: false)
        }
        #expect(throws: HiveKeepError.self) {
            try policy.check(authority: "localhost:8080", origin: "http://localhost:9999", isUnixSocket: false)
        }
    }

    @Test("decoding errors name the field and the problem, never the value")
    func decodingErrorsNameTheField() throws {
        struct Body: Decodable {
            struct Inner: Decodable { var count: Int }
            var name: String
            var inner: Inner
        }
        let cases: [(String, String)] = [
            (#"{"inner": {"count": 1}}"#, "field 'name' is required"),
            (
                #"{"name": "s3cr3t-value", "inner": {"count": "s3cr3t-value"}}"#,
                "field 'inner.count' must be an integer"
            ),
            (#"{"name": 12, "inner": {"count": 1}}"#, "field 'name' must be a string"),
            (#"{"name": "s3cr3t-value""#, "request body is not valid JSON"),
        ]
        for (json, expected) in cases {
            do {
                _ = try JSONDecoder().decode(Body.self, from: Data(json.utf8))
                Issue.record("decoding \(json) should fail")
            } catch let error as DecodingError {
                let message = JSONBody.describe(error)
                #expect(message == expected)
                #expect(!message.contains("s3cr3t"))
            }
        }
    }

    @Test("a stale socket is removed, but a live socket or a regular file is left alone")
    func socketPathPreparation() throws {
        let directory = try TemporaryDirectory(prefix: "hk-sock")
        defer { directory.remove() }
        let file = directory.child("file.sock")
        _ = FileManager.default.createFile(atPath: file, contents: Data("keep me".utf8))
        #expect(throws: HiveKeepError.self) { try UnixSocket.prepare(file) }
        #expect(FileManager.default.contents(atPath: file) == Data("keep me".utf8))

        let stale = directory.child("stale.sock")
        let fd = try bindUnixSocket(stale)
        close(fd)  // bound but closed: nobody answers
        try UnixSocket.prepare(stale)
        #expect(!FileManager.default.fileExists(atPath: stale))

        let live = directory.child("live.sock")
        let listener = try bindUnixSocket(live)
        defer { close(listener) }
        #expect(listen(listener, 1) == 0)
        let error = #expect(throws: HiveKeepError.self) { try UnixSocket.prepare(live) }
        #expect(error?.code == .conflict)
        #expect(FileManager.default.fileExists(atPath: live))

        let long = "/tmp/" + String(repeating: "x", count: 120)
        #expect(throws: HiveKeepError.self) { try UnixSocket.prepare(long) }
    }

    private func bindUnixSocket(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw TestSupportError("bind failed") }
        return fd
    }
}
