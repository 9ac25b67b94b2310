import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepWorkloads

/// The sandbox and port rules the workload builder applies before anything is saved.
@Suite("workload builder: sandbox rules and ports")
struct WorkloadBuilderTests {
    func request(_ edit: (inout WorkloadRequest) -> Void = { _ in }) -> WorkloadRequest {
        var request = WorkloadRequest(name: "w", image: "exec:///bin/sh")
        edit(&request)
        return request
    }

    func build(_ request: WorkloadRequest, reserved: Set<Int> = []) throws -> RunConfig {
        try WorkloadBuilder(request: request, name: "w", entry: nil, currentPort: nil, reservedPorts: reserved)
            .build().config
    }

    /// The message of the 400 that building `request` throws, or nil when it builds.
    func refusal(_ request: WorkloadRequest) -> String? {
        do {
            _ = try build(request)
            return nil
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument, "\(error)")
            return error.message
        } catch {
            Issue.record("unexpected error \(error)")
            return "\(error)"
        }
    }

    @Test(
        "a permission profile path the runner could not bind is a 400 naming it",
        arguments: [
            (PermissionProfile(read: ["relative/path"]), "relative/path"),
            (PermissionProfile(write: ["/srv/../etc"]), "/srv/../etc"),
            (PermissionProfile(read: ["/"]), "'/'"),
            (PermissionProfile(read: ["/data/./x"]), "/data/./x"),
            (PermissionProfile(write: ["/a:/b"]), "/a:/b"),
        ])
    func badProfilePath(profile: PermissionProfile, named: String) {
        let message = refusal(request { $0.permissionProfile = profile })
        #expect(message?.contains("permission profile") == true, "\(message ?? "built")")
        #expect(message?.contains(named) == true, "\(message ?? "built")")
    }

    @Test("good profile paths are kept, and the runner's sandbox accepts them")
    func goodProfilePaths() throws {
        let profile = PermissionProfile(read: ["/usr/share", "/opt/data:/opt/data"], write: ["/var/tmp/work"])
        let config = try build(request { $0.permissionProfile = profile })
        #expect(config.permissionProfile?.read == ["/usr/share", "/opt/data:/opt/data"])
        // The runner builds its sandbox from the saved profile with the same function: it accepts it.
        _ = try SandboxProfile.policy(for: config.permissionProfile, isolateNetwork: false)
    }

    @Test("the runner's sandbox refuses a bad path instead of dropping it")
    func runnerPolicyRefuses() {
        #expect(throws: HiveKeepError.self) {
            try SandboxProfile.policy(for: PermissionProfile(read: ["/ok", "not-absolute"]), isolateNetwork: false)
        }
    }

    @Test(
        "outbound host or port rules are a 400 with or without network isolation",
        arguments: [false, true])
    func outboundRules(isolated: Bool) {
        let hosts = PermissionProfile(
            network: NetworkPermissions(outbound: OutboundNetworkPermissions(allowHost: ["api.example.com"])))
        let hostMessage = refusal(
            request {
                $0.permissionProfile = hosts
                $0.networkIsolation = isolated
            })
        #expect(hostMessage?.contains("allow_host api.example.com") == true, "\(hostMessage ?? "built")")
        #expect(hostMessage?.contains("no egress proxy") == true)
        let ports = PermissionProfile(
            network: NetworkPermissions(outbound: OutboundNetworkPermissions(allowPort: [443])))
        #expect(refusal(request { $0.permissionProfile = ports })?.contains("allow_port 443") == true)
    }

    @Test("full outbound access and no rules at all are accepted")
    func openNetwork() throws {
        let open = PermissionProfile(
            network: NetworkPermissions(
                outbound: OutboundNetworkPermissions(insecureAllowAll: true, allowHost: ["ignored.example"])))
        _ = try build(request { $0.permissionProfile = open })
        _ = try build(request { $0.permissionProfile = PermissionProfile(network: NetworkPermissions()) })
        _ = try build(request())
    }

    @Test(
        "network isolation of a local server that listens on a port is a 400; stdio and remote are fine",
        arguments: ["sse", "streamable-http"])
    func isolationOfHTTPServer(transport: String) throws {
        let message = refusal(
            request {
                $0.transport = transport
                $0.networkIsolation = true
            })
        #expect(message?.contains("network_isolation cannot be used with a local \(transport) server") == true)
        let stdio = try build(request { $0.networkIsolation = true })
        #expect(stdio.isolateNetwork == true)
        var remote = WorkloadRequest(name: "w", url: "https://mcp.example.com/mcp")
        remote.networkIsolation = true
        remote.transport = transport
        _ = try build(remote)
    }

    @Test("a port other workloads hold is never chosen, requested or not")
    func reservedPorts() throws {
        let free = try PortAllocator.freePort()
        // Every port of the range but one is held by another workload: that one is the only choice.
        let reserved = Set(PortAllocator.range).subtracting([free])
        #expect(try build(request(), reserved: reserved).port == free)
        do {
            _ = try build(request { $0.proxyPort = free }, reserved: [free])
            Issue.record("a port held by another workload was accepted")
        } catch let error as HiveKeepError {
            #expect(error.message.contains("requested proxy port \(free) is not available"))
        }
    }

    @Test("a port something listens on only at [::1] is not available (a workload may bind there)")
    func portHeldOnIPv6Loopback() throws {
        let listener = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var only6: Int32 = 1
        setsockopt(listener, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &only6, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
        // No ::1 on this machine: then nothing can hold a port there, and the rule has nothing to check.
        guard bound == 0 else { return }
        #expect(listen(listener, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin6_port))
        #expect(!PortAllocator.isAvailable(port))
        #expect(try PortAllocator.freePort(excluding: []) != port)
    }

    @Test("a target port other workloads hold is replaced by a free one")
    func reservedTargetPort() throws {
        let wanted = try PortAllocator.freePort()
        let config = try build(
            request {
                $0.transport = "streamable-http"
                $0.targetPort = wanted
            }, reserved: [wanted])
        #expect(config.targetPort != nil)
        #expect(config.targetPort != wanted)
        let kept = try build(
            request {
                $0.transport = "streamable-http"
                $0.targetPort = wanted
            })
        #expect(kept.targetPort == wanted)
    }

    @Test("the URL carries the proxy's host, IPv6 in brackets")
    func urlHost() throws {
        for (host, expected) in [("127.0.0.1", "127.0.0.1"), ("localhost", "localhost"), ("::1", "[::1]")] {
            let config = try build(request { $0.host = host })
            #expect(WorkloadURL.make(config: config) == "http://\(expected):\(config.port)/mcp")
        }
    }
}
