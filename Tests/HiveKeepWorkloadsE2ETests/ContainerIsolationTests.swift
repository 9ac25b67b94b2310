import Foundation
import HiveKeepTestSupport
import Testing

/// `network_isolation` and `volumes` of a container workload, seen from inside the container: the server's command
/// line first probes the host's non-loopback address and the volume, says what it found on stderr, then serves.
@Suite(
    "container workloads: isolation and volumes", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ContainerIsolationTests {
    /// The probe, then mcp-server-time. Every line it writes starts with `probe:`.
    static func program(host: String, port: Int) -> String {
        """
        import socket, sys
        def say(text): print('probe: ' + text, file=sys.stderr, flush=True)
        try:
            socket.create_connection(('\(host)', \(port)), timeout=5).close(); say('host reached')
        except OSError as error: say('host unreachable (%s)' % error)
        say('volume says ' + open('/data/in.txt').read().strip())
        try:
            open('/data/out.txt', 'w').write('x'); say('volume written')
        except OSError as error: say('volume not writable (%s)' % error)
        import runpy; runpy.run_module('mcp_server_time', run_name='__main__')
        """
    }

    @Test("an isolated container cannot reach the host's address, a non-isolated one can; a :ro volume is read-only")
    func isolationAndReadOnlyVolume() async throws {
        let address = try #require(HostAddress.firstNonLoopbackIPv4(), "this machine has no non-loopback IPv4 address")
        let listener = try TCPResponder(body: "reached")
        defer { listener.stop() }
        try ContainerProbe.clear("ciso", "copen")
        try await withHarness(extraEnvironment: ContainerProbe.dockerHost) { harness in
            try await harness.startServer()
            let volume = harness.directory.child("volume")
            try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
            try "from-the-host".write(toFile: volume + "/in.txt", atomically: true, encoding: .utf8)
            let program = Self.program(host: address, port: listener.port)
            for (name, isolated) in [("ciso", true), ("copen", false)] {
                let body = try String(
                    decoding: JSONSerialization.data(withJSONObject: [
                        "name": name, "image": TestContainerEngine.timeImage, "cmd_arguments": ["-c", program],
                        "network_isolation": isolated, "volumes": ["\(volume):/data:ro"],
                    ]), as: UTF8.self)
                let created = try harness.api("POST", "/api/v1beta/workloads", body)
                #expect(created.status == 201, "\(created.body)")
                try await harness.waitFor(name, "running")
            }
            let isolated = try harness.api("GET", "/api/v1beta/workloads/ciso/logs").body
            #expect(isolated.contains("probe: host unreachable"), "\(isolated.suffix(1000))")
            let open = try harness.api("GET", "/api/v1beta/workloads/copen/logs").body
            #expect(open.contains("probe: host reached"), "\(open.suffix(1000))")
            for logs in [isolated, open] {
                #expect(logs.contains("probe: volume says from-the-host"), "\(logs.suffix(1000))")
                #expect(logs.contains("probe: volume not writable"), "\(logs.suffix(1000))")
            }
            #expect(!FileManager.default.fileExists(atPath: volume + "/out.txt"))
            for name in ["ciso", "copen"] {
                #expect(try harness.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
                try await harness.waitUntilDeleted(name)
                #expect(try await ContainerProbe.waitForNoContainer(of: name) == [])
            }
        }
    }
}
