import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep backup` and `hivekeep restore` with the real binary, libsodium and the test session's keyring.
@Suite("hivekeep backup and restore", .serialized, .timeLimit(.minutes(10)))
struct BackupCommandTests {
    static let passphrase = "correct horse battery staple"

    @Test("keyring provider: restored on a fresh HOME, the same secrets and the same signing key; no value in clear")
    func keyringRoundTrip() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        let target = try BackupInstallation()
        defer { for installation in [source, target] { installation.directory.remove() } }
        let values = ["alpha": "planted-alpha-\(UUID().uuidString)", "beta": "planted-beta-\(UUID().uuidString)"]
        #expect(try await source.run(["secret", "setup", "keyring"]).status == 0)
        for (key, value) in values {
            #expect(try await source.run(["secret", "set", key], input: value).status == 0)
        }
        let archive = source.directory.child("backup.hkb")
        let backup = try await source.run([
            "backup", archive, "--passphrase-file", try source.passphraseFile(Self.passphrase),
        ])
        #expect(backup.status == 0, "\(backup.error)")
        let keyID = try #require(backup.output.split(separator: " ").last.map { String($0.dropLast()) })
        #expect(keyID.count == 64, "backup printed: \(backup.output)")
        let bytes = try #require(FileManager.default.contents(atPath: archive))
        #expect(try FileManager.default.attributesOfItem(atPath: archive)[.posixPermissions] as? Int == 0o600)
        for value in values.values + [Self.passphrase] {
            #expect(bytes.range(of: Data(value.utf8)) == nil, "a secret in clear in the archive")
        }

        let restore = try await target.run([
            "restore", archive, "--passphrase-file", try target.passphraseFile(Self.passphrase),
        ])
        #expect(restore.status == 0, "\(restore.error)")
        #expect(restore.output.contains("verified: signed by \(keyID) (the key inside the archive"))
        #expect(!(restore.output + restore.error + backup.output + backup.error).contains("planted-"))
        #expect(try await target.run(["secret", "list"]).output == "alpha\nbeta\n")
        for (key, value) in values {
            let read = try await target.run(["secret", "get", key, "--reveal"])
            #expect(read.output.trimmingCharacters(in: .newlines) == value)
        }
        let pem = "config/hivekeep/signing-public-key.pem"
        #expect(FileManager.default.contents(atPath: target.directory.child(pem)) != nil)
        #expect(
            FileManager.default.contents(atPath: target.directory.child(pem))
                == FileManager.default.contents(atPath: source.directory.child(pem)))
        // The signing key itself came back into the target's keyring: a backup made there is signed by it.
        let again = try await target.run([
            "backup", target.directory.child("again.hkb"), "--passphrase-file", target.directory.child("passphrase"),
        ])
        #expect(again.status == 0, "\(again.error)")
        #expect(again.output.hasSuffix("signed by \(keyID)\n"), "\(again.output)")
        // Every value the backup read and the restore wrote is audited, by caller; the chains verify.
        let sourceAudit = try await source.run(["secret", "audit"]).output
        #expect(sourceAudit.contains("get alpha keyring ok") && sourceAudit.contains("backup\n"), "\(sourceAudit)")
        let targetAudit = try await target.run(["secret", "audit"]).output
        #expect(targetAudit.contains("create beta keyring ok") && targetAudit.contains("restore\n"), "\(targetAudit)")
        #expect(try await target.run(["secret", "audit", "--verify"]).status == 0)
        // The source keeps its own items (another keyring store id).
        #expect(try await source.run(["secret", "list"]).output == "alpha\nbeta\n")
    }

    @Test("encrypted provider: the vault travels as it is and its password lands in the target's keyring")
    func vaultRoundTrip() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation(extra: ["HIVEKEEP_SECRETS_PASSWORD": "source-vault-password"])
        let target = try BackupInstallation()
        let wrongSource = try BackupInstallation(extra: ["HIVEKEEP_SECRETS_PASSWORD": "not-the-vault-password"])
        defer { for installation in [source, target, wrongSource] { installation.directory.remove() } }
        let planted = "planted-vault-\(UUID().uuidString)"
        #expect(try await source.run(["secret", "setup", "encrypted"]).status == 0)
        #expect(try await source.run(["secret", "set", "token"], input: planted).status == 0)
        let archive = source.directory.child("vault.hkb")
        let passphrase = try source.passphraseFile(Self.passphrase)
        #expect(try await source.run(["backup", archive, "--passphrase-file", passphrase]).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: archive))
        for value in [planted, "source-vault-password"] {
            #expect(bytes.range(of: Data(value.utf8)) == nil)
        }

        // A target whose own explicit password source does not open the vault is refused before any write.
        let refused = try await wrongSource.run(["restore", archive, "--passphrase-file", passphrase])
        #expect(refused.status != 0)
        #expect(refused.error.contains("does not open the backed-up vault"), "\(refused.error)")
        #expect(wrongSource.files() == [])

        let restore = try await target.run(["restore", archive, "--passphrase-file", passphrase])
        #expect(restore.status == 0, "\(restore.error)")
        #expect(target.files().contains("data/hivekeep/secrets.vault"))
        #expect(
            FileManager.default.contents(atPath: target.directory.child("data/hivekeep/secrets.vault"))
                == FileManager.default.contents(atPath: source.directory.child("data/hivekeep/secrets.vault")))
        // No password variable here: the vault opens with the password the restore kept in this keyring.
        let read = try await target.run(["secret", "get", "token", "--reveal"])
        #expect(read.status == 0, "\(read.error)")
        #expect(read.output.trimmingCharacters(in: .newlines) == planted)
    }

    @Test("a binary vault password cannot go to the keyring: refused with nothing written, unless given a file here")
    func binaryVaultPassword() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let holder = try TemporaryDirectory(prefix: "hk-backup-pw")
        defer { holder.remove() }
        let passwordFile = holder.child("vault-password")
        try Data([0xff, 0xfe] + Array("-binary-vault-password".utf8)).write(to: URL(fileURLWithPath: passwordFile))
        chmod(passwordFile, 0o600)
        let withFile = ["HIVEKEEP_SECRETS_PASSWORD_FILE": passwordFile]
        let source = try BackupInstallation(extra: withFile)
        let target = try BackupInstallation()
        let targetWithFile = try BackupInstallation(extra: withFile)
        defer { for installation in [source, target, targetWithFile] { installation.directory.remove() } }
        #expect(try await source.run(["secret", "setup", "encrypted"]).status == 0)
        #expect(try await source.run(["secret", "set", "token"], input: "planted-binary-pw").status == 0)
        let archive = source.directory.child("binary.hkb")
        let passphrase = try source.passphraseFile(Self.passphrase)
        #expect(try await source.run(["backup", archive, "--passphrase-file", passphrase]).status == 0)

        let refused = try await target.run(["restore", archive, "--passphrase-file", passphrase])
        #expect(refused.status != 0)
        #expect(refused.error.contains("not text a keyring item can hold"), "\(refused.error)")
        #expect(target.files() == [])
        let restored = try await targetWithFile.run(["restore", archive, "--passphrase-file", passphrase])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(try await targetWithFile.run(["secret", "get", "token", "--reveal"]).output == "planted-binary-pw\n")
    }

    @Test("the hidden prompt: asked twice by backup (two different answers refused), once by restore")
    func hiddenPrompt() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        let target = try BackupInstallation()
        defer { for installation in [source, target] { installation.directory.remove() } }
        #expect(try await source.run(["secret", "setup", "keyring"]).status == 0)
        #expect(try await source.run(["secret", "set", "token"], input: "planted-prompt-value").status == 0)
        let archive = source.directory.child("prompted.hkb")
        let hivekeep = try TestProducts.executable("hivekeep")
        // util-linux `script` gives the command a terminal. The answers are typed only once each prompt shows in
        // the typescript (and a moment later: the prompt is written just before echo is turned off, which flushes
        // what was typed ahead).
        func onTerminal(_ installation: BackupInstallation, _ command: String, answers: [(String, String)])
            async throws -> (status: Int32, output: String)
        {
            let typescript = installation.directory.child("typescript-\(UUID().uuidString)")
            var feed = ""
            for (prompt, answer) in answers {
                feed += "until grep -qF -- '\(prompt)' '\(typescript)' 2>/dev/null; do sleep 0.05; done; sleep 0.5; "
                feed += "printf '%s\\n' '\(answer)'; "
            }
            let shell = "(\(feed)) | /usr/bin/script -qefc '\(hivekeep) \(command)' '\(typescript)' >/dev/null"
            let tty = try ChildProcess(
                "/bin/sh", ["-c", shell], environment: installation.environment,
                logDirectory: installation.directory.path)
            let status = try await tty.wait(timeout: .seconds(60))
            return (status, (try? String(contentsOfFile: typescript, encoding: .utf8)) ?? "")
        }
        let first = ("Backup passphrase: ", Self.passphrase)
        let differ = try await onTerminal(
            source, "backup \(archive)", answers: [first, ("(again): ", "another passphrase")])
        #expect(differ.status != 0)
        #expect(differ.output.contains("Backup passphrase (again): ") && differ.output.contains("differ"))
        #expect(!FileManager.default.fileExists(atPath: archive))
        let made = try await onTerminal(
            source, "backup \(archive)", answers: [first, ("(again): ", Self.passphrase)])
        #expect(made.status == 0, "\(made.output)")
        #expect(!made.output.contains(Self.passphrase), "the prompt echoed the passphrase")
        let restored = try await onTerminal(target, "restore \(archive)", answers: [first])
        #expect(restored.status == 0, "\(restored.output)")
        #expect(try await target.run(["secret", "get", "token", "--reveal"]).output == "planted-prompt-value\n")
    }
}
