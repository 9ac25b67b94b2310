import Foundation
import HiveKeepTestSupport
import Testing

/// No restore into an installation while a `hivekeep serve` runs on it (several may: one on TCP, one on the Unix
/// socket); the lock goes with the processes, so the restore proceeds once they have stopped.
@Suite("restore and running servers", .serialized, .timeLimit(.minutes(3)))
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

    @Test("restore is refused while a server runs, writing nothing; two servers share an installation")
    func restoreWaitsForServers() async throws {
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

        let tcp = try await Self.serve(target, port: try RawHTTP.freePort())
        defer { tcp.kill() }
        let socket = target.directory.child("api.sock")
        let onSocket = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--socket", socket],
            environment: target.environment, logDirectory: target.directory.path)
        defer { onSocket.kill() }
        for _ in 0..<500 where !RawHTTP.isListening(.unixSocket(socket)) && onSocket.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(RawHTTP.isListening(.unixSocket(socket)), "\(onSocket.errorOutput)")

        let before = target.files()
        for server in [tcp, onSocket] {
            let refused = try await target.run(["restore", archive, "--passphrase-file", passphrase, "--force"])
            #expect(refused.status != 0)
            #expect(refused.error.contains("hivekeep serve is running on this installation"), "\(refused.error)")
            #expect(target.files() == before)
            server.signal(SIGTERM)
            #expect(try await server.wait(timeout: .seconds(20)) == 0)
        }
        let restored = try await target.run(["restore", archive, "--passphrase-file", passphrase, "--force"])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(try await target.run(["secret", "get", "token", "--reveal"]).output == "instance-planted\n")
    }
}
