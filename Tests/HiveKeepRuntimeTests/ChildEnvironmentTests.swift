import Foundation
import HiveKeepCore
import HiveKeepRuntime
import Testing

@Suite(.timeLimit(.minutes(2))) struct ChildEnvironmentTests {
    typealias Support = RuntimeTestSupport

    @Test("the child inherits only allowlisted variables: never HiveKeep's own or the parent's secrets")
    func allowlist() async throws {
        var parent = Support.parentEnvironment
        parent["HIVEKEEP_VAULT_PASSWORD"] = "vault-password-value"
        parent["HIVEKEEP_SECRETS_PASSWORD"] = "other-password-value"
        parent["TOOLHIVE_SECRET_API_KEY"] = "toolhive-secret-value"
        parent["AWS_SECRET_ACCESS_KEY"] = "unrelated-secret-value"
        parent["LANG"] = "C.UTF-8"
        parent["LC_TIME"] = "C"
        parent["UV_INDEX_URL"] = "https://index.example/simple"
        let environment = try ChildEnvironment(parent: parent, variables: ["WORKLOAD_SETTING": "on"])
        let child = try SpawnedChild.spawn(
            PreparedCommand(executable: "/usr/bin/env"), environment: environment,
            options: SpawnOptions(standardOutput: .pipe))
        let output = try await Support.readToEnd(child.stdoutReader)
        #expect(await child.waitForExit() == .exited(0))
        let names = Set(output.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
        #expect(names.isSuperset(of: ["PATH", "LANG", "LC_TIME", "UV_INDEX_URL", "WORKLOAD_SETTING"]))
        #expect(!names.contains { $0.hasPrefix("HIVEKEEP_") || $0.hasPrefix("TOOLHIVE_") })
        #expect(!names.contains("AWS_SECRET_ACCESS_KEY"))
        #expect(!output.contains("-value"))
    }

    @Test("a secret handed over through a real pipe reaches the child's environment and not its command line")
    func handoverReachesChild() async throws {
        let secretValue = "s3cr3t-\(UUID().uuidString)"
        let (reader, writer) = try SecretsHandover.makePipe()
        let sent = SecretEnvironment()
        try sent.set("API_TOKEN", copying: Array(secretValue.utf8))
        try sent.set("OTHER_KEY", copying: Array("second".utf8))
        let writing = Task.detached {
            defer { close(writer) }
            try SecretsHandover.write(sent, to: writer)
        }
        let received = try SecretsHandover.read(from: reader)
        close(reader)
        try await writing.value
        #expect(received.names == ["API_TOKEN", "OTHER_KEY"])

        let environment = try Support.environment(["PLAIN": "visible"], secrets: received)
        let child = try SpawnedChild.spawn(
            Support.shell("echo ready; cat >/dev/null"), environment: environment,
            options: SpawnOptions(standardInput: .pipe, standardOutput: .pipe, newSession: true))
        defer { child.signal(SIGKILL, group: true) }
        #expect(try await Support.readLine(child.stdoutReader) == "ready")
        let environ = Support.procEntries(child.pid, "environ")
        let cmdline = Support.procEntries(child.pid, "cmdline")
        close(try #require(child.stdinWriter))
        #expect(await child.waitForExit() == .exited(0))
        #expect(environ.contains("API_TOKEN=\(secretValue)"))
        #expect(environ.contains("OTHER_KEY=second"))
        #expect(environ.contains("PLAIN=visible"))
        #expect(!cmdline.joined(separator: " ").contains(secretValue))
        #expect(!"\(received)".contains(secretValue))
    }

    @Test("a secret wins over a plain variable of the same name")
    func secretOverridesPlain() throws {
        let secrets = SecretEnvironment()
        try secrets.set("TOKEN", copying: Array("secret".utf8))
        let environment = try ChildEnvironment(parent: [:], variables: ["TOKEN": "plain"], secrets: secrets)
        #expect(environment.plain["TOKEN"] == nil)
        #expect(environment.names == ["TOKEN"])
    }

    @Test("invalid variable names and NUL bytes are rejected")
    func invalidVariables() {
        #expect(throws: HiveKeepError.self) { _ = try ChildEnvironment(parent: [:], variables: ["A=B": "x"]) }
        #expect(throws: HiveKeepError.self) { _ = try ChildEnvironment(parent: [:], variables: ["1ABC": "x"]) }
        #expect(throws: HiveKeepError.self) { _ = try ChildEnvironment(parent: [:], variables: ["A": "x\0y"]) }
        #expect(throws: HiveKeepError.self) { try SecretEnvironment().set("S", copying: [0x61, 0, 0x62]) }
    }

    @Test("a truncated or foreign handover stream is rejected")
    func malformedHandover() throws {
        for bytes in [Array("HKS1".utf8) + [0, 0, 0, 1, 0, 0], Array("NOPE".utf8) + [0, 0, 0, 0], []] {
            var ends: [Int32] = [-1, -1]
            try #require(pipe(&ends) == 0)
            _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            close(ends[1])
            #expect(throws: HiveKeepError.self) { _ = try SecretsHandover.read(from: ends[0]) }
            close(ends[0])
        }
    }
}
