import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepRegistry

@Suite("Registry from an https URL", .serialized, .timeLimit(.minutes(2)))
struct URLSourceTests {
    /// A service that treats 127.0.0.1 (where the test server listens) as public, trusting the test CA.
    func setUp(_ directory: TemporaryDirectory, options: FetchOptions? = nil, trustCA: Bool = true) async throws
        -> (RegistryService, ConfigStore, TestHTTPSServer)
    {
        let server = try await TestHTTPSServer(directory: directory)
        try server.serve(try RegistryFixtures.referenceData(), as: "registry.json")
        let fetch = options ?? FetchOptions(timeout: .seconds(10), alwaysAllowedAddresses: ["127.0.0.1"])
        let (service, config) = try RegistryFixtures.service(directory, fetchOptions: fetch)
        if trustCA {
            let ca = server.caPath
            try await config.update { $0.registry.caCertPath = ca }
        }
        return (service, config, server)
    }

    @Test("a registry served over https with a trusted extra CA is fetched, validated and used")
    func fetchesOverHTTPS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory)
        defer { server.stop() }
        let url = server.url("/registry.json")
        let result = try await service.update(named: "default", RegistryUpdate(url: url))
        #expect(result.type == .url && result.message == "Successfully set registry URL: \(url)")
        #expect(try await config.load().registry.url == url)
        let (summary, document) = try await service.registry(named: "default")
        #expect(summary.type == .url && summary.source == url && summary.serverCount == 79)
        #expect(document.remoteServers.count == 23)
    }

    @Test("without the extra CA the certificate is not trusted and nothing changes")
    func untrustedCertificate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory, trustCA: false)
        defer { server.stop() }
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(url: server.url("/registry.json")))
        }
        #expect(error?.code == .invalidArgument)
        #expect(try await config.load().registry.url == nil)
    }

    @Test("a loopback address is refused unless private addresses are allowed")
    func loopbackRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory, options: FetchOptions(timeout: .seconds(10)))
        defer { server.stop() }
        let url = server.url("/registry.json")
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(url: url))
        }
        #expect(error?.message.contains("private") == true)
        #expect(try await config.load().registry.url == nil)
        _ = try await service.update(named: "default", RegistryUpdate(url: url, allowPrivateIP: true))
        #expect(try await config.load().registry.allowPrivateIP == true)
    }

    @Test("a redirect to a private address is refused before any connection to it")
    func redirectToPrivateRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory)
        defer { server.stop() }
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(url: server.url("/redirect-private")))
        }
        #expect(error?.message.contains("10.0.0.1") == true)
        #expect(error?.message.contains("private") == true)
        #expect(try await config.load().registry.url == nil)
    }

    @Test("a redirect to an allowed address is followed after checking it again")
    func redirectFollowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _, server) = try await setUp(directory)
        defer { server.stop() }
        let result = try await service.update(named: "default", RegistryUpdate(url: server.url("/redirect-relative")))
        #expect(result.type == .url)
        #expect(try await service.list().first?.serverCount == 79)
    }

    @Test("a document over the size cap is refused")
    func sizeCap() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = FetchOptions(timeout: .seconds(10), maxBytes: 4096, alwaysAllowedAddresses: ["127.0.0.1"])
        let (service, _, server) = try await setUp(directory, options: options)
        defer { server.stop() }
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(url: server.url("/registry.json")))
        }
        #expect(error?.message.contains("too large") == true)
    }

    @Test("plain http is refused for a public address")
    func httpRefused() async throws {
        let error = await #expect(throws: HiveKeepError.self) {
            _ = try await FetchTarget.check("http://8.8.8.8/registry.json", policy: AddressPolicy(allowPrivate: false))
        }
        #expect(error?.message.contains("https") == true)
    }
}
