import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepRegistry

@Suite("Registry from an MCP Registry API", .serialized, .timeLimit(.minutes(2)))
struct APISourceTests {
    static let secondCursor = "io.github.example/two-packages:1.0.0"

    /// A test HTTPS server serving the two fixture pages of `/v0.1/servers`, and a service trusting its CA.
    func setUp(_ directory: TemporaryDirectory, options: FetchOptions? = nil) async throws
        -> (RegistryService, ConfigStore, TestHTTPSServer)
    {
        let server = try await TestHTTPSServer(directory: directory)
        let pages = RegistryFixtures.directory.appendingPathComponent("mcp-registry-api")
        try server.serve(try Data(contentsOf: pages.appendingPathComponent("page1.json")), as: "v0.1/servers")
        try server.serve(
            try Data(contentsOf: pages.appendingPathComponent("page2.json")), as: "v0.1/servers",
            cursor: Self.secondCursor)
        let fetch = options ?? FetchOptions(timeout: .seconds(10), alwaysAllowedAddresses: ["127.0.0.1"])
        let (service, config) = try RegistryFixtures.service(directory, fetchOptions: fetch)
        let ca = server.caPath
        try await config.update { $0.registry.caCertPath = ca }
        return (service, config, server)
    }

    @Test("PUT with api_url checks the API, replies type api, stores it and clears the other sources")
    func setAPISource() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory)
        defer { server.stop() }
        _ = try await service.update(named: "default", RegistryUpdate(localPath: RegistryFixtures.referencePath))
        let base = server.url("")
        let result = try await service.update(named: "default", RegistryUpdate(apiURL: base))
        #expect(result.type == .api && result.type.rawValue == "api")
        #expect(result.message == "Successfully set registry API URL: \(base)")
        let settings = try await config.load().registry
        #expect(settings.apiURL == base && settings.localPath == nil && settings.url == nil)
        let summary = try #require(try await service.list().first)
        #expect(summary.type == .api && summary.source == base)
    }

    @Test("both pages are read and only remotes and single OCI packages are converted")
    func convertsBothPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _, server) = try await setUp(directory)
        defer { server.stop() }
        _ = try await service.update(named: "default", RegistryUpdate(apiURL: server.url("/")))
        let (summary, document) = try await service.registry(named: "default")
        #expect(Set(document.servers.keys) == ["io.github.stacklok/fetch", "io.github.example/plain-image"])
        #expect(Set(document.remoteServers.keys) == ["io.github.stacklok/notion-remote"])
        #expect(summary.serverCount == 2)
        let plain = try #require(document.servers["io.github.example/plain-image"])
        #expect(plain.image == "docker.io/example/plain:3.1.0" && plain.transport == "stdio")
        #expect(plain.tier == "Community" && plain.status == "Active" && plain.tools.isEmpty)
    }

    @Test("an OCI package becomes an image server with its port, environment and ToolHive extensions")
    func imageServerFields() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _, server) = try await setUp(directory)
        defer { server.stop() }
        _ = try await service.update(named: "default", RegistryUpdate(apiURL: server.url("")))
        let fetch = try #require(
            try await service.registry(named: "default").document.servers["io.github.stacklok/fetch"])
        #expect(fetch.name == "io.github.stacklok/fetch")
        #expect(fetch.image == "ghcr.io/stackloklabs/gofetch/server:1.0.1")
        #expect(fetch.transport == "streamable-http" && fetch.targetPort == 8080)
        #expect(fetch.tier == "Official" && fetch.tools == ["fetch"] && fetch.tags == ["web", "html"])
        #expect(fetch.metadata?.stars == 17 && fetch.repositoryURL == "https://github.com/stackloklabs/gofetch")
        #expect(fetch.permissions != nil)
        let variables = try #require(fetch.envVars)
        #expect(variables.map(\.name) == ["FETCH_TOKEN", "FETCH_TIMEOUT"])
        #expect(variables[0].required && variables[0].secret == true)
        #expect(!variables[1].required && variables[1].defaultValue == "30")
    }

    @Test("an entry with remotes becomes a remote server from its first remote")
    func remoteServerFields() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _, server) = try await setUp(directory)
        defer { server.stop() }
        _ = try await service.update(named: "default", RegistryUpdate(apiURL: server.url("")))
        let document = try await service.registry(named: "default").document
        let remote = try #require(document.remoteServers["io.github.stacklok/notion-remote"])
        #expect(remote.url == "https://mcp.notion.example/mcp" && remote.transport == "streamable-http")
        #expect(remote.tools == ["search", "fetch_page"] && remote.tags == ["notes"])
        #expect(remote.status == "Deprecated")
        #expect(remote.headers?.first?.name == "X-Workspace" && remote.headers?.first?.required == true)
    }

    @Test("a bare name is looked up as io.github.stacklok/<name>; other bare names are not found")
    func bareNameLookup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _, server) = try await setUp(directory)
        defer { server.stop() }
        _ = try await service.update(named: "default", RegistryUpdate(apiURL: server.url("")))
        let entry = try await service.server(named: "fetch", in: "default")
        #expect(entry.name == "io.github.stacklok/fetch")
        guard case .remote = try await service.server(named: "notion-remote", in: "default") else {
            Issue.record("notion-remote is a remote server")
            return
        }
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.server(named: "plain-image", in: "default")
        }
        #expect(error?.code == .notFound)
    }

    @Test("when the cache is stale and the API is down, the last servers read are still served")
    func staleCacheServed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = FetchOptions(
            timeout: .seconds(3), alwaysAllowedAddresses: ["127.0.0.1"], apiCacheLifetime: .zero)
        let (service, _, server) = try await setUp(directory, options: options)
        _ = try await service.update(named: "default", RegistryUpdate(apiURL: server.url("")))
        #expect(try await service.registry(named: "default").document.servers.count == 2)
        server.stop()
        let (summary, document) = try await service.registry(named: "default")
        #expect(summary.type == .api && document.servers.count == 2 && document.remoteServers.count == 1)
    }

    @Test("without a cached copy an API that is down is a 500 Failed to get registry")
    func downWithoutCache() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = FetchOptions(timeout: .seconds(3), alwaysAllowedAddresses: ["127.0.0.1"])
        let (service, config, server) = try await setUp(directory, options: options)
        let base = server.url("")
        server.stop()
        try await config.update { $0.registry.apiURL = base }
        let error = await #expect(throws: HiveKeepError.self) { try await service.list() }
        #expect(error?.code == .internalError && error?.message == "Failed to get registry")
    }

    @Test("a loopback API is refused unless private addresses are allowed, and nothing changes")
    func privateRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory, options: FetchOptions(timeout: .seconds(10)))
        defer { server.stop() }
        let base = server.url("")
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(apiURL: base))
        }
        #expect(error?.code == .invalidArgument && error?.message.contains("private") == true)
        #expect(try await config.load().registry.apiURL == nil)
        let result = try await service.update(named: "default", RegistryUpdate(apiURL: base, allowPrivateIP: true))
        #expect(result.type == .api)
        #expect(try await config.load().registry.allowPrivateIP == true)
    }

    @Test("a URL that does not answer with a server list is refused at PUT")
    func notAnAPI() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config, server) = try await setUp(directory)
        defer { server.stop() }
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(apiURL: server.url("/missing")))
        }
        #expect(error?.message.contains("404") == true)
        #expect(try await config.load().registry.apiURL == nil)
    }
}
