import Foundation
import HiveKeepTestSupport
import NIOHTTP1
import Synchronization
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct DockerEngineLifecycleTests {
    @Test func versionNamesTheProductAndTheAPIVersionIsNegotiated() async throws {
        let engine = try await EngineFixture.connect()
        let info = try await engine.info()
        #expect(["podman", "docker"].contains(info.product))
        #expect(!info.version.isEmpty && !info.apiVersion.isEmpty)
        #expect(engine.http.prefix == "/v1.41")
        // What connect read (for Podman, from its ping alone) is what the engine's own /version says.
        let reply = try await EngineHTTP(socketPath: engine.endpoint.socketPath, prefix: "").call(.GET, "/version")
        let version = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
        let components = (version["Components"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
        let podman = components.contains { $0.lowercased().contains("podman") }
        #expect(engine.engineInfo.product == (podman ? "podman" : "docker"), "\(components)")
        #expect(engine.engineInfo.version == version["Version"] as? String)
        #expect(engine.engineInfo.apiVersion == version["ApiVersion"] as? String)
        #expect(info == engine.engineInfo)
    }

    @Test func createStartWaitReportsTheExitCodeAndOurLabels() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", "echo started; exit 3"])
        spec.labels = ["purpose": "test"]
        try await EngineFixture.withContainer(engine, spec) { id in
            let created = try #require(try await engine.inspect(id: id))
            #expect(created.status == "created" && !created.running)
            #expect(created.labels[ContainerLabels.managed] == "true")
            #expect(created.labels[ContainerLabels.workload] == spec.workload)
            #expect(created.labels["purpose"] == "test")
            try await engine.start(id: id)
            #expect(try await engine.wait(id: id) == 3)
            let exited = try #require(try await engine.inspect(id: id))
            #expect(exited.exitCode == 3 && !exited.running && exited.status == "exited")
            #expect(try await engine.logs(id: id, tail: 10) == "started\n")
            try await engine.remove(id: id)
            #expect(try await engine.inspect(id: id) == nil)
            try await engine.remove(id: id)  // already gone: not an error
        }
    }

    @Test func logsTailReturnsTheLastLinesOfBothStreams() async throws {
        let engine = try await EngineFixture.connect()
        let spec = EngineFixture.spec(
            TestContainerEngine.busyboxImage, ["sh", "-c", "echo fault >&2; for i in 1 2 3 4; do echo line$i; done"])
        try await EngineFixture.withContainer(engine, spec) { id in
            try await engine.start(id: id)
            _ = try await engine.wait(id: id)
            // Docker copies stdout and stderr into its log apart (their relative order is not kept) and may still be
            // copying when wait returns.
            var all = ""
            for _ in 0..<100 {
                all = try await engine.logs(id: id, tail: 10)
                if all.contains("fault") && all.contains("line4") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(all.split(separator: "\n").sorted() == ["fault", "line1", "line2", "line3", "line4"], "\(all)")
        }
        // Both engines read the two streams apart, so the tail is checked on one stream.
        let onlyStdout = EngineFixture.spec(
            TestContainerEngine.busyboxImage, ["sh", "-c", "for i in 1 2 3 4; do echo line$i; done"])
        try await EngineFixture.withContainer(engine, onlyStdout) { id in
            try await engine.start(id: id)
            _ = try await engine.wait(id: id)
            var tail = ""
            for _ in 0..<100 {
                tail = try await engine.logs(id: id, tail: 2)
                if tail.contains("line4") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(tail == "line3\nline4\n", "\(tail)")
        }
    }

    @Test func stopEndsARunningContainerAndListFindsOnlyOursByWorkload() async throws {
        let engine = try await EngineFixture.connect()
        let first = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sleep", "300"])
        let second = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sleep", "300"])
        try await EngineFixture.withContainer(engine, first) { one in
            try await EngineFixture.withContainer(engine, second) { two in
                try await engine.start(id: one)
                let listed = try await engine.list(workload: first.workload)
                #expect(listed.map(\.id) == [one])
                #expect(listed.first?.running == true && listed.first?.workload == first.workload)
                let all = Set(try await engine.list(workload: nil).map(\.id))
                #expect(all.isSuperset(of: [one, two]))
                try await engine.stop(id: one, grace: .seconds(1))
                #expect(try await engine.inspect(id: one)?.running == false)
                try await engine.remove(id: two)
                #expect(try await engine.list(workload: second.workload).isEmpty)
            }
        }
    }

    @Test func aContainerHiveKeepDidNotCreateIsNeverTouched() async throws {
        let engine = try await EngineFixture.connect()
        let name = "foreign-\(UUID().uuidString.prefix(8).lowercased())"
        let body = #"{"Image": "\#(TestContainerEngine.busyboxImage)", "Cmd": ["sleep", "300"]}"#
        let created = try await engine.http.call(
            .POST, "/containers/create", query: [("name", name)], body: Data(body.utf8))
        let id =
            try #require(try JSONSerialization.jsonObject(with: created.body) as? [String: Any])["Id"] as? String ?? ""
        do {
            try await Self.expectUntouched(engine, id: id, name: name)
        } catch {
            _ = try? await engine.http.call(.DELETE, "/containers/\(id)", query: [("force", "1")])
            throw error
        }
        _ = try await engine.http.call(.DELETE, "/containers/\(id)", query: [("force", "1")])
    }

    static func expectUntouched(_ engine: DockerEngine, id: String, name: String) async throws {
        _ = try await engine.http.call(.POST, "/containers/\(id)/start")
        await #expect(throws: ContainerEngineError.notOurs(id)) { try await engine.stop(id: id, grace: .zero) }
        await #expect(throws: ContainerEngineError.notOurs(id)) { try await engine.remove(id: id) }
        await #expect(throws: ContainerEngineError.notOurs(id)) { try await engine.inspect(id: id) }
        await #expect(throws: ContainerEngineError.notOurs(name)) { try await engine.logs(id: name, tail: 1) }
        #expect(!(try await engine.list(workload: nil)).contains { $0.id == id })
        let still = try await EngineFixture.rawInspect(engine, id)
        #expect((still["State"] as? [String: Any])?["Running"] as? Bool == true)
    }

    @Test func missingImagesAndEngineErrorsAreReportedAsSuch() async throws {
        let engine = try await EngineFixture.connect()
        #expect(try await engine.imageExists(TestContainerEngine.busyboxImage))
        #expect(try await !engine.imageExists("localhost/hivekeep-test/absent:1"))
        let spec = EngineFixture.spec("localhost/hivekeep-test/absent:1")
        await #expect(throws: ContainerEngineError.imageNotFound("localhost/hivekeep-test/absent:1")) {
            try await engine.create(spec)
        }
        let duplicate = EngineFixture.spec()
        try await EngineFixture.withContainer(engine, duplicate) { id in
            let error = await #expect(throws: ContainerEngineError.self) { try await engine.create(duplicate) }
            guard case .engine(let status, let message) = error else {
                Issue.record("expected the engine's error, got \(String(describing: error))")
                return
            }
            // Docker says 409, Podman 4.3 500; both name the container in their message.
            #expect([409, 500].contains(status), "\(status): \(message)")
            #expect(message.contains(duplicate.name))
        }
    }

    @Test func aFailedPullSaysSoAndNeverShowsTheCredentials() async throws {
        let engine = try await EngineFixture.connect()
        let lines = LockedLines()
        let credentials = RegistryCredentials(
            username: "me", password: "s3cret-pull-value", serverAddress: "localhost:9")
        let error = await #expect(throws: ContainerEngineError.self) {
            try await engine.pull("localhost:9/hivekeep/absent:1", credentials: credentials) { lines.add($0) }
        }
        #expect(!String(describing: error).contains("s3cret-pull-value"))
        #expect(!lines.all.joined().contains("s3cret-pull-value"))
    }
}

/// Progress lines collected from a pull.
final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
