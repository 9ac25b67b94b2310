import Foundation
import HiveKeepTestSupport
import Testing

/// One `hivekeep serve` per installation (two would both reconcile and start the same workloads), and no restore
/// into an installation whose server runs; the lock goes with the process, so the next server and the restore
/// proceed once it has stopped.
@Suite("one server per installation", .serialized, .timeLimit(.minutes(3)))
struct ServerInstanceTests {
    static let passphrase = "instance-test-passphrase-long-enough"

    /// Starts `hivekeep serve` on `port` for `installation` and waits until it listens.
    static func serve(_ installation: BackupInstallation, port: Int) async throws -> ChildProcess {
        let server = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--port", "\(port)"],
            environment: installation.environment, logDirectory: installation.directory.path)
        for _ in 0..<500 {
            if RawHTTP.isListening(.tcp(port: port)) { return server }
            guard server.isRunning else { throw TestSupportError("serve exited: \(server.errorOutput)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        server.kill()
        throw TestSupportError("serve did not listen: \(server.errorOutput)")
    }

    @Test("a second serve is refused naming the first; restore is refused while it runs; both work once it stopped")
    func oneServerPerInstallation() async throws {
        let password = ["HIVEKEEP_SECRETS_PASSWORD": "instance-test-vault-pw"]
        let source = try BackupInstallation(extra: password, keyring: false)
        let target = try BackupInstallation(extra: password, keyring: false)
        defer { for installation in [source, target] { installation.directory.remove() } }
        #expect(try await source.run(["secret", "setup", "encrypted"]).status == 0)
        #expect(try await source.run(["secret", "set", "token"], input: "instance-planted").status == 0)
        let archive = source.directory.child("instance.hkb")
        let passphrase = try source.passphraseFile(Self.passphrase)
        let backup = try await source.run(["backup", archive, "--passphrase-file", passphrase])
        #expect(backup.status == 0, "\(backup.error)")

        let first = try await Self.serve(target, port: try RawHTTP.freePort())
        defer { first.kill() }
        let secondPort = try RawHTTP.freePort()
        let second = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--port", "\(secondPort)"],
            environment: target.environment, logDirectory: target.directory.path)
        #expect(try await second.wait(timeout: .seconds(30)) != 0)
        #expect(
            second.errorOutput.contains("another hivekeep serve (pid \(first.pid)) is running on this installation"),
            "\(second.errorOutput)")
        #expect(!RawHTTP.isListening(.tcp(port: secondPort)))
        #expect(first.isRunning)

        let before = target.files()
        let refused = try await target.run(["restore", archive, "--passphrase-file", passphrase, "--force"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("hivekeep serve (pid \(first.pid)) is running"), "\(refused.error)")
        #expect(target.files() == before)
        #expect(!target.files().contains("data/hivekeep/secrets.vault"))

        first.signal(SIGTERM)
        #expect(try await first.wait(timeout: .seconds(20)) == 0)
        let restored = try await target.run(["restore", archive, "--passphrase-file", passphrase, "--force"])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(try await target.run(["secret", "get", "token", "--reveal"]).output == "instance-planted\n")
        let next = try await Self.serve(target, port: secondPort)
        next.signal(SIGTERM)
        #expect(try await next.wait(timeout: .seconds(20)) == 0)
    }
}
