import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep service install|uninstall`: the units it writes pass `systemd-analyze verify` (systemd is installed
/// but not running here; verify works on files offline and checks that every `ExecStart` program exists).
@Suite("hivekeep service", .serialized, .timeLimit(.minutes(3)))
struct ServiceCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Runs a program in the throwaway HOME; `systemd-analyze --user` also needs a runtime directory.
    func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let runtime = directory.child("runtime")
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let process = try ChildProcess(
            executable, arguments, environment: directory.isolatedEnvironment(extra: ["XDG_RUNTIME_DIR": runtime]),
            logDirectory: directory.path)
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output + process.errorOutput)
    }

    static var systemdAnalyze: String? {
        ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("every unit written for --user and --system, with and without --keyring, passes systemd-analyze verify")
    func unitsVerify() async throws {
        defer { directory.remove() }
        guard let analyze = Self.systemdAnalyze else {
            print("skipped: systemd-analyze is not installed (apt-get install systemd)")
            return
        }
        let hivekeep = try TestProducts.executable("hivekeep")
        for (scope, keyring) in [("user", false), ("user", true), ("system", false), ("system", true)] {
            let units = directory.child("\(scope)-\(keyring)")
            let install = try await run(
                hivekeep, ["service", "install", "--\(scope)", "--directory", units] + (keyring ? ["--keyring"] : []))
            #expect(install.status == 0, "\(install.output)")
            let names = try FileManager.default.contentsOfDirectory(atPath: units).sorted()
            var expected = ["hivekeep.service"]
            if keyring { expected.append("hivekeep-keyring.service") }
            if keyring && scope == "system" { expected.append("hivekeep-dbus.service") }
            #expect(names == expected.sorted(), "\(scope) keyring=\(keyring)")
            let paths = names.map { units + "/" + $0 }
            let verify = try await run(analyze, (scope == "user" ? ["--user"] : []) + ["verify"] + paths)
            #expect(verify.status == 0 && verify.output.isEmpty, "\(scope) keyring=\(keyring): \(verify.output)")

            let server = try String(contentsOfFile: units + "/hivekeep.service", encoding: .utf8)
            #expect(server.contains("ExecStart=/") && server.contains("/hivekeep serve\n"))
            // With the keyring the vault password is kept there: systemd must not wait for a credential file.
            #expect(server.contains("LoadCredential=hivekeep-secrets-password:") == !keyring)
            #expect(server.contains("Environment=HIVEKEEP_API_TOKEN_FILE=%d/hivekeep-api-token"))
            #expect(server.contains("Restart=on-failure") && server.contains("NoNewPrivileges=yes"))
            #expect(!server.contains("RestrictNamespaces"), "bubblewrap needs namespaces")
            // Each covers part of /proc with a mount, and bubblewrap's fresh procfs in a user namespace is then refused.
            for directive in ["ProtectKernelTunables", "ProtectKernelLogs"] {
                #expect(!server.contains(directive), "\(directive) breaks bubblewrap's --proc")
            }
            #expect(server.contains("Requires=hivekeep-keyring.service") == keyring)
            #expect(server.contains("ProtectSystem=strict") == (scope == "system"))

            let uninstall = try await run(hivekeep, ["service", "uninstall", "--\(scope)", "--directory", units])
            #expect(uninstall.status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: units).isEmpty)
        }
    }

    @Test("verify would catch a broken unit; --dry-run prints the units and writes nothing")
    func dryRunAndBrokenUnit() async throws {
        defer { directory.remove() }
        let hivekeep = try TestProducts.executable("hivekeep")
        let units = directory.child("dry")
        let dry = try await run(
            hivekeep, ["service", "install", "--system", "--keyring", "--dry-run", "--directory", units])
        #expect(dry.status == 0)
        #expect(dry.output.contains("# hivekeep.service") && dry.output.contains("# hivekeep-keyring.service"))
        #expect(dry.output.contains("# hivekeep-dbus.service"))
        #expect(!FileManager.default.fileExists(atPath: units))
        #expect(try await run(hivekeep, ["service", "install", "--user", "--system"]).status != 0)

        guard let analyze = Self.systemdAnalyze else {
            print("skipped: systemd-analyze is not installed (apt-get install systemd)")
            return
        }
        _ = try await run(hivekeep, ["service", "install", "--system", "--directory", units])
        let path = units + "/hivekeep.service"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let broken = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("ExecStart=") { return "ExecStart=/nonexistent/hivekeep serve" }
            return line == "ProtectHome=read-only" ? "ProtectHome=sometimes" : String(line)
        }
        try broken.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let verify = try await run(analyze, ["verify", path])
        #expect(verify.output.contains("sometimes"), "\(verify.output)")
        #expect(verify.output.contains("/nonexistent/hivekeep"), "\(verify.output)")
    }
}
