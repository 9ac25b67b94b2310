import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@Suite("Registry service with file sources")
struct RegistryServiceTests {
    @Test("with no custom source the built-in registry is listed as type default with an empty source")
    func builtinByDefault() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _) = try RegistryFixtures.service(directory)
        let registries = try await service.list()
        #expect(registries.count == 1)
        let summary = try #require(registries.first)
        #expect(summary.name == "default" && summary.type == .builtin && summary.source.isEmpty)
        #expect(summary.serverCount == (try RegistryLoader.builtin().servers.count))
    }

    @Test("the reference registry as a local file lists all 79 servers and 23 remote servers")
    func referenceRegistryLoads() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config) = try RegistryFixtures.service(directory)
        let result = try await service.update(
            named: "default", RegistryUpdate(localPath: RegistryFixtures.referencePath))
        #expect(result.type == .file)
        #expect(try await config.load().registry.localPath == RegistryFixtures.referencePath)
        let (summary, document) = try await service.registry(named: "default")
        #expect(summary.serverCount == 79 && summary.type == .file && summary.source == RegistryFixtures.referencePath)
        #expect(document.servers.count == 79 && document.remoteServers.count == 23)
        #expect(summary.lastUpdated == "2026-01-26T00:20:52Z")
        guard case .remote(let remote) = try await service.server(named: "github-remote", in: "default") else {
            Issue.record("github-remote is a remote server")
            return
        }
        #expect(remote.url.hasPrefix("https://"))
    }

    @Test("an invalid registry file is refused with the reason and leaves the current source in place")
    func invalidFileChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config) = try RegistryFixtures.service(directory)
        let good = try RegistryFixtures.write(RegistryFixtures.minimalRegistry(), to: "good.json", in: directory)
        _ = try await service.update(named: "default", RegistryUpdate(localPath: good))
        let broken = RegistryFixtures.minimalRegistry().replacingOccurrences(of: "\"Active\"", with: "\"Retired\"")
        let bad = try RegistryFixtures.write(broken, to: "bad.json", in: directory)
        let error = await #expect(throws: HiveKeepError.self) {
            try await service.update(named: "default", RegistryUpdate(localPath: bad))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("$.servers.demo.status") == true)
        #expect(try await config.load().registry.localPath == good)
        #expect(try await service.list().first?.source == good)
    }

    @Test("missing files, non-.json paths, two sources and an api_url that is not http(s) are each refused")
    func refusedUpdates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config) = try RegistryFixtures.service(directory)
        let updates = [
            RegistryUpdate(localPath: directory.child("missing.json")),
            RegistryUpdate(localPath: try RegistryFixtures.write("{}", to: "registry.txt", in: directory)),
            RegistryUpdate(url: "https://example.com/r.json", localPath: RegistryFixtures.referencePath),
            RegistryUpdate(apiURL: "ftp://registry.example.com"),
        ]
        for update in updates {
            await #expect(throws: HiveKeepError.self, "\(update)") {
                try await service.update(named: "default", update)
            }
        }
        #expect(try await config.load().registry == .init())
    }

    @Test("an empty update resets to the built-in registry")
    func resetToBuiltin() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, config) = try RegistryFixtures.service(directory)
        _ = try await service.update(named: "default", RegistryUpdate(localPath: RegistryFixtures.referencePath))
        let result = try await service.update(named: "default", RegistryUpdate())
        #expect(result.type == .builtin && result.message == "Registry configuration reset to default")
        #expect(try await config.load().registry.localPath == nil)
        #expect(try await service.list().first?.type == .builtin)
    }

    @Test("only the registry named default exists, and it cannot be removed")
    func namesAndRemoval() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (service, _) = try RegistryFixtures.service(directory)
        let missing = await #expect(throws: HiveKeepError.self) { try await service.registry(named: "other") }
        #expect(missing?.code == .notFound)
        let removal = await #expect(throws: HiveKeepError.self) { try await service.remove(named: "default") }
        #expect(removal?.code == .invalidArgument)
        let unknownServer = await #expect(throws: HiveKeepError.self) {
            try await service.server(named: "no-such-server", in: "default")
        }
        #expect(unknownServer?.code == .notFound)
    }
}
