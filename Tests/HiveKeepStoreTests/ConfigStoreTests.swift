import Foundation
import HiveKeepCore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepStore

@Suite("config.yaml", .timeLimit(.minutes(3)))
struct ConfigStoreTests {
    @Test("a missing file reads as the defaults")
    func missingFileIsDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try ConfigFile(path: directory.child("config.yaml")).load()
        #expect(config == HiveKeepConfig())
        #expect(config.clients.registeredClients.isEmpty)
    }

    @Test("an update is written as YAML with snake_case keys and mode 0600")
    func updateWritesYAML() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("nested/config.yaml")
        try ConfigFile(path: path).update { $0.secrets.providerType = "encrypted" }
        let text = String(decoding: try #require(try FileSystem.readFile(path)), as: UTF8.self)
        #expect(text.contains("provider_type: encrypted"))
        #expect(try FileSystem.mode(of: path) == 0o600)
        #expect(try ConfigFile(path: path).load().secrets.providerType == "encrypted")
    }

    @Test("a corrupt file is reported and left untouched by a failed update")
    func corruptFileIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("config.yaml")
        let garbage = Array("secrets: [unclosed\n  - : :".utf8)
        try AtomicFile.write(garbage, to: path)
        let error = #expect(throws: HiveKeepError.self) { try ConfigFile(path: path).load() }
        #expect(error?.code == .corruptState)
        #expect(throws: HiveKeepError.self) {
            try ConfigFile(path: path).update { $0.secrets.providerType = "keyring" }
        }
        #expect(try FileSystem.readFile(path) == garbage)
    }

    @Test("a file from a newer HiveKeep is refused rather than rewritten")
    func newerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("config.yaml")
        try AtomicFile.write(Array("schema_version: 99\n".utf8), to: path)
        let error = #expect(throws: HiveKeepError.self) { try ConfigFile(path: path).load() }
        #expect(error?.message.contains("newer") == true)
    }

    @Test("concurrent updates in one process lose nothing")
    func concurrentUpdatesInProcess() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = ConfigStore(path: directory.child("config.yaml"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { try await store.update { $0.clients.registeredClients.append("client-\(index)") } }
            }
            try await group.waitForAll()
        }
        let clients = try await store.load().clients.registeredClients
        #expect(Set(clients) == Set((0..<40).map { "client-\($0)" }))
    }

    @Test("two processes updating config.yaml at once lose no update and keep mode 0600")
    func concurrentUpdatesAcrossProcesses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("config.yaml")
        let helper = try TestProducts.executable("hivekeep-test-helper")
        let count = 150
        let writers = try ["a", "b"].map { prefix in
            try ChildProcess(
                helper,
                ["config-stress", path, prefix, "\(count)"],
                environment: directory.isolatedEnvironment(),
                logDirectory: directory.path,
                name: "writer-\(prefix)"
            )
        }
        for writer in writers {
            let status = try await writer.wait(timeout: .seconds(120))
            #expect(status == 0, "writer failed: \(writer.output) \(writer.errorOutput)")
        }
        let clients = try ConfigFile(path: path).load().clients.registeredClients
        #expect(clients.count == 2 * count)
        #expect(Set(clients) == Set(["a", "b"].flatMap { prefix in (0..<count).map { "\(prefix)-\($0)" } }))
        #expect(try FileSystem.mode(of: path) == 0o600)
    }
}
