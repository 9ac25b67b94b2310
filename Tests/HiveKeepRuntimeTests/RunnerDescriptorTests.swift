import Foundation
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepTestSupport
import Testing

/// The built `hivekeep proxy-runner` closes every descriptor it inherited but the secrets pipe it is told about.
@Suite(.serialized, .timeLimit(.minutes(2))) struct RunnerDescriptorTests {
    /// The descriptors of `pid` and whether each is close-on-exec (from /proc/PID/fdinfo: `flags` in octal).
    static func descriptors(of pid: pid_t) -> [Int32: Bool] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        var result: [Int32: Bool] = [:]
        for fd in entries.compactMap(Int32.init) {
            guard let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8),
                let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                let flags = Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
            else { continue }
            result[fd] = flags & 0o2_000_000 != 0
        }
        return result
    }

    @Test("an extra inherited descriptor is closed at once; the secrets pipe stays open until it is read")
    func inheritedDescriptorsAreClosed() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-runner-fds")
        defer { directory.remove() }
        let pipe = try SecretsHandover.makePipe()
        let extra = open("/dev/null", O_RDONLY | O_CLOEXEC)
        #expect(extra >= 0)
        var environment = directory.isolatedEnvironment()
        if let mark = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_RUN"] {
            environment["HIVEKEEP_TEST_RUN"] = mark
        }
        let child = try SpawnedChild.spawn(
            PreparedCommand(
                executable: try TestProducts.executable("hivekeep"),
                arguments: ["proxy-runner", "--secrets-fd", "3", "probe"]),
            environment: try ChildEnvironment(parent: [:], variables: environment),
            options: SpawnOptions(
                standardInput: .null, standardOutput: .null, standardError: .null,
                inheritedDescriptors: [3: pipe.reader, 7: extra], newSession: true))
        close(pipe.reader)
        close(extra)
        defer { child.signal(SIGKILL, group: true) }

        // The runner blocks reading its secrets (nothing is written yet) after it has closed what it inherited.
        var seen: [Int32: Bool] = [:]
        for _ in 0..<500 {
            seen = Self.descriptors(of: child.pid)
            if seen[3] != nil, seen[7] == nil { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(seen[7] == nil, "the extra descriptor is still open: \(seen)")
        #expect(seen[3] == false, "the secrets pipe is missing or close-on-exec: \(seen)")
        // Whatever else is open belongs to the runtime and is close-on-exec: the server inherits none of it.
        let leaking = seen.filter { $0.key > 3 && !$0.value }.keys.sorted()
        #expect(leaking.isEmpty, "descriptors a child would inherit: \(leaking)")

        let secrets = SecretEnvironment()
        try await Blocking.run { try SecretsHandover.write(secrets, to: pipe.writer) }
        close(pipe.writer)
        // No workload named `probe` exists: the runner reads its secrets, then fails to load it and exits.
        let status = await child.waitForExit()
        #expect(status == .exited(1))
        let log = try String(contentsOfFile: directory.child("data/hivekeep/logs/probe.log"), encoding: .utf8)
        #expect(log.contains("cannot load the workload"))
    }
}
