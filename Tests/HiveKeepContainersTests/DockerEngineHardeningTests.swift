import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepContainers

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct DockerEngineHardeningTests {
    @Test func theHardeningIsWhatTheEngineRecords() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["true"])
        spec.memoryBytes = 96 << 20
        spec.pidsLimit = 64
        try await EngineFixture.withContainer(engine, spec) { id in
            let host = try #require(try await EngineFixture.rawInspect(engine, id)["HostConfig"] as? [String: Any])
            #expect(host["Privileged"] as? Bool == false)
            #expect((host["SecurityOpt"] as? [String])?.contains { $0.hasPrefix("no-new-privileges") } == true)
            #expect(host["ReadonlyRootfs"] as? Bool == true)
            #expect(host["Memory"] as? Int == 96 << 20)
            #expect(host["PidsLimit"] as? Int == 64)
            // Docker records ["ALL"]; Podman's compatible API the capabilities it dropped, without the CAP_ prefix.
            let dropped = Set(
                try #require(host["CapDrop"] as? [String]).map { $0.replacingOccurrences(of: "CAP_", with: "") })
            #expect(
                dropped == ["ALL"] || dropped.isSuperset(of: ["CHOWN", "DAC_OVERRIDE", "NET_RAW", "SETUID"]),
                "\(dropped)")
        }
    }

    @Test func insideTheContainerNoCapabilityNoNewPrivilegesAndOnlyTmpIsWritable() async throws {
        let engine = try await EngineFixture.connect()
        let script =
            "busybox grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; "
            + "touch /data/file 2>/dev/null && echo root-writable || echo root-read-only; "
            + "touch /tmp/file && echo tmp-writable"
        let run = try await EngineFixture.run(
            engine, EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", script]))
        let lines = run.output.split(separator: "\n").map { $0.replacingOccurrences(of: "\t", with: " ") }
        #expect(lines.contains("CapEff: 0000000000000000"), "\(run.output)")
        #expect(lines.contains("NoNewPrivs: 1"), "\(run.output)")
        #expect(lines.contains("root-read-only") && lines.contains("tmp-writable"), "\(run.output)")

        var writable = EngineFixture.spec(
            TestContainerEngine.busyboxImage, ["sh", "-c", "touch /data/file && echo root-writable"])
        writable.readOnlyRootFilesystem = false
        #expect(try await EngineFixture.run(engine, writable).output == "root-writable\n")
    }

    @Test func aReadOnlyMountIsReadableButNotWritableInside() async throws {
        let engine = try await EngineFixture.connect()
        let directory = try TemporaryDirectory(prefix: "mount")
        defer { directory.remove() }
        try "kept\n".write(toFile: directory.child("existing"), atomically: false, encoding: .utf8)
        let script =
            "cat /data/existing; touch /data/new 2>/dev/null && echo wrote || echo refused; (echo x >> /data/existing) 2>/dev/null || true"
        var spec = EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", script])
        spec.mounts = [.init(source: directory.path, target: "/data", readOnly: true)]
        let run = try await EngineFixture.run(engine, spec)
        #expect(run.output.hasPrefix("kept\nrefused\n"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.child("new")))
        #expect(try String(contentsOfFile: directory.child("existing"), encoding: .utf8) == "kept\n")

        var writable = EngineFixture.spec(
            TestContainerEngine.busyboxImage, ["sh", "-c", "touch /data/new && echo wrote"])
        writable.mounts = [.init(source: directory.path, target: "/data", readOnly: false)]
        #expect(try await EngineFixture.run(engine, writable).output == "wrote\n")
        #expect(FileManager.default.fileExists(atPath: directory.child("new")))
    }

    @Test func anIsolatedContainerCannotReachTheHostWhileAnOrdinaryOneCan() async throws {
        let engine = try await EngineFixture.connect()
        let address = try #require(HostAddress.firstNonLoopbackIPv4(), "this machine has no non-loopback IPv4 address")
        let listener = try TCPResponder(body: "reached")
        defer { listener.stop() }
        // busybox-static's wget crashes here; nc connects and prints the reply.
        let fetch = ["sh", "-c", "echo | nc -w 5 \(address) \(listener.port)"]
        let open = try await EngineFixture.run(engine, EngineFixture.spec(TestContainerEngine.busyboxImage, fetch))
        #expect(open.code == 0 && open.output.contains("reached"), "\(open.output)")

        var isolated = EngineFixture.spec(TestContainerEngine.busyboxImage, fetch)
        isolated.networkIsolated = true
        let closed = try await EngineFixture.run(engine, isolated)
        #expect(closed.code != 0 && !closed.output.contains("reached"), "\(closed.output)")
    }
}

@Suite(.serialized, .enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
struct ReadOnlyRootTests {
    @Test func anImageThatWritesOutsideTmpIsRecognisedAndRunsWithoutTheReadOnlyRoot() async throws {
        let engine = try await EngineFixture.connect()
        var spec = EngineFixture.spec(
            TestContainerEngine.busyboxImage, ["sh", "-c", "touch /data/state && echo ready"])
        let refused = try await EngineFixture.run(engine, spec)
        #expect(ReadOnlyRoot.refused(exitCode: refused.code, logs: refused.output), "\(refused)")
        spec.readOnlyRootFilesystem = false
        let retried = try await EngineFixture.run(engine, spec)
        #expect(retried.code == 0 && retried.output == "ready\n")
        #expect(!ReadOnlyRoot.refused(exitCode: retried.code, logs: retried.output))
    }

    @Test func anotherFailureIsNotMistakenForIt() async throws {
        let engine = try await EngineFixture.connect()
        let failed = try await EngineFixture.run(
            engine, EngineFixture.spec(TestContainerEngine.busyboxImage, ["sh", "-c", "echo boom >&2; exit 2"]))
        #expect(failed.code == 2)
        #expect(!ReadOnlyRoot.refused(exitCode: failed.code, logs: failed.output))
    }
}
