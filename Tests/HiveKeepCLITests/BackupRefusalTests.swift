import Foundation
import HiveKeepTestSupport
import Testing

/// What `hivekeep restore` refuses, each time with nothing written: a wrong passphrase, an archive cut anywhere or
/// with a byte changed anywhere, a non-empty installation without --force, a symbolic link planted at a target; and
/// no passphrase on the command line.
@Suite("hivekeep restore refusals", .serialized, .timeLimit(.minutes(15)))
struct BackupRefusalTests {
    static let passphrase = "correct horse battery staple"

    /// A keyring installation with a secret and a file large enough for three stream chunks, and its archive.
    private func makeArchive(_ source: BackupInstallation) async throws -> (path: String, bytes: [UInt8]) {
        #expect(try await source.run(["secret", "setup", "keyring"]).status == 0)
        #expect(try await source.run(["secret", "set", "token"], input: "planted-refusal-value").status == 0)
        let provenance = source.directory.child("data/hivekeep/provenance")
        try FileManager.default.createDirectory(atPath: provenance, withIntermediateDirectories: true)
        let filler = "{\"filler\":\"" + String(repeating: "x", count: 150_000) + "\"}"
        try Data(filler.utf8).write(to: URL(fileURLWithPath: provenance + "/big.json"))
        let path = source.directory.child("backup.hkb")
        let made = try await source.run([
            "backup", path, "--passphrase-file", try source.passphraseFile(Self.passphrase),
        ])
        #expect(made.status == 0, "\(made.error)")
        return (path, Array(try #require(FileManager.default.contents(atPath: path))))
    }

    /// Restores `bytes` into `target` and expects a refusal whose message contains `message`, with no file written.
    private func expectRefused(
        _ bytes: [UInt8], into target: BackupInstallation, passphrase: String = Self.passphrase, _ message: String,
        _ comment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let path = target.directory.child("candidate.hkb")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try target.passphraseFile(passphrase, name: "candidate-passphrase")
        let result = try await target.run(["restore", path, "--passphrase-file", file])
        #expect(result.status != 0, "\(comment): accepted", sourceLocation: sourceLocation)
        #expect(result.error.contains(message), "\(comment): \(result.error)", sourceLocation: sourceLocation)
        #expect(target.files() == [], "\(comment): wrote \(target.files())", sourceLocation: sourceLocation)
    }

    @Test("a wrong or short passphrase, a cut archive and a changed byte are refused with nothing written")
    func damagedArchivesRefused() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        let target = try BackupInstallation()
        defer { for installation in [source, target] { installation.directory.remove() } }
        let archive = try await makeArchive(source)
        let frames = ArchiveLayout.frameStarts(archive.bytes)
        #expect(frames.count == 3, "three chunks: \(frames)")

        try await expectRefused(
            archive.bytes, into: target, passphrase: "wrong horse battery staple", "wrong passphrase", "wrong")
        try await expectRefused(archive.bytes, into: target, passphrase: "short", "at least 12 bytes", "short")
        let cuts: [(Int, String)] = [
            (0, "not a HiveKeep backup"), (5, "not a HiveKeep backup"), (40, "header is incomplete"),
            (62, "holds no data"), (64, "inside a chunk header"), (frames[0] + 100, "inside a chunk"),
            (frames[1], "final chunk is missing"), (frames[2], "final chunk is missing"),
            (frames[2] + 2, "inside a chunk header"), (archive.bytes.count - 1, "inside a chunk"),
        ]
        for (length, message) in cuts {
            try await expectRefused(Array(archive.bytes.prefix(length)), into: target, message, "cut at \(length)")
        }
        let flips: [(Int, String)] = [
            (0, "not a HiveKeep backup"), (9, "format version"), (17, "parameters are refused"),
            (25, "wrong passphrase"), (45, "wrong passphrase"), (61, "wrong passphrase"),
            (frames[0], "impossible length"), (frames[0] + 40, "wrong passphrase"),
            (frames[1] + 1000, "chunk 2 does not authenticate"), (archive.bytes.count - 1, "chunk 3 does not"),
        ]
        for (offset, message) in flips {
            var changed = archive.bytes
            changed[offset] ^= 0x01
            try await expectRefused(changed, into: target, message, "byte \(offset) flipped")
        }
        try await expectRefused(archive.bytes + [0, 0, 0, 0], into: target, "impossible length", "appended bytes")

        // Keyring secrets with no Secret Service to put them in: refused before anything is written.
        let noKeyring = try BackupInstallation(keyring: false)
        defer { noKeyring.directory.remove() }
        try await expectRefused(archive.bytes, into: noKeyring, "needs a Secret Service", "no keyring")

        // The archive itself is sound: it restores, once; a second restore needs --force.
        let file = try target.passphraseFile(Self.passphrase)
        let restored = try await target.run(["restore", archive.path, "--passphrase-file", file])
        #expect(restored.status == 0, "\(restored.error)")
        let written = target.files()
        #expect(written.contains("data/hivekeep/provenance/big.json"))
        let again = try await target.run(["restore", archive.path, "--passphrase-file", file])
        #expect(again.status != 0)
        #expect(again.error.contains("not empty") && again.error.contains("--force"), "\(again.error)")
        #expect(target.files() == written)
        let forced = try await target.run(["restore", archive.path, "--passphrase-file", file, "--force"])
        #expect(forced.status == 0, "\(forced.error)")
        #expect(try await target.run(["secret", "get", "token", "--reveal"]).output == "planted-refusal-value\n")
    }

    @Test("a write that fails midway puts back every file written before it")
    func failedWriteRolledBack() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        let target = try BackupInstallation()
        defer { for installation in [source, target] { installation.directory.remove() } }
        #expect(try await source.run(["secret", "setup", "keyring"]).status == 0)
        let passphrase = try source.passphraseFile(Self.passphrase)
        let archive = source.directory.child("trusting.hkb")
        #expect(try await source.run(["backup", archive, "--passphrase-file", passphrase]).status == 0)
        // A trusted key makes the archive carry config/hivekeep/trusted-keys/, written after config.yaml.
        let keys = source.directory.child("config/hivekeep/trusted-keys")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: source.directory.child("config/hivekeep/signing-public-key.pem"), toPath: keys + "/self.pem")
        #expect(try await source.run(["backup", archive, "--passphrase-file", passphrase, "--force"]).status == 0)

        // In the target a plain file stands where that directory must go: the write fails after config.yaml.
        let blocker = target.directory.child("config/hivekeep/trusted-keys")
        try FileManager.default.createDirectory(
            atPath: target.directory.child("config/hivekeep"), withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: blocker))
        let failed = try await target.run(["restore", archive, "--passphrase-file", passphrase])
        #expect(failed.status != 0)
        #expect(failed.error.contains("failed while writing and its files were put back"), "\(failed.error)")
        #expect(target.files() == ["config/hivekeep/trusted-keys"], "left behind: \(target.files())")
    }

    @Test("a symbolic link planted where a carried directory goes is refused, with nothing written through it")
    func plantedLinkRefused() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        let target = try BackupInstallation()
        defer { for installation in [source, target] { installation.directory.remove() } }
        let archive = try await makeArchive(source)
        // The archive carries data/hivekeep/provenance/big.json; in the target that directory is a link elsewhere.
        let elsewhere = target.directory.child("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: target.directory.child("data/hivekeep"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: target.directory.child("data/hivekeep/provenance"), withDestinationPath: elsewhere)
        let file = try target.passphraseFile(Self.passphrase)
        let refused = try await target.run(["restore", archive.path, "--passphrase-file", file, "--force"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("does not write through symbolic links"), "\(refused.error)")
        #expect(refused.error.contains("data/hivekeep/provenance"), "\(refused.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere) == [])
        #expect(target.files() == [], "wrote \(target.files())")
    }

    @Test("the passphrase is never an argument; a readable passphrase file is warned about; no terminal, no prompt")
    func passphraseSources() async throws {
        try #require(ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"] != nil, "needs the keyring")
        let source = try BackupInstallation()
        defer { source.directory.remove() }
        #expect(try await source.run(["secret", "setup", "keyring"]).status == 0)
        let archive = source.directory.child("b.hkb")
        for arguments in [
            ["backup", archive, "--passphrase", Self.passphrase], ["restore", archive, "--password", Self.passphrase],
            ["backup", archive, Self.passphrase],
        ] {
            let result = try await source.run(arguments)
            #expect(result.status != 0)
            #expect(result.error.contains("Unknown option") || result.error.contains("Unexpected argument"))
        }
        let noTerminal = try await source.run(["backup", archive], input: Self.passphrase + "\n")
        #expect(noTerminal.status != 0)
        #expect(noTerminal.error.contains("--passphrase-file"), "\(noTerminal.error)")
        #expect(!FileManager.default.fileExists(atPath: archive))

        let readable = try source.passphraseFile(Self.passphrase, name: "shared", mode: 0o644)
        let warned = try await source.run(["backup", archive, "--passphrase-file", readable])
        #expect(warned.status == 0, "\(warned.error)")
        #expect(warned.error.contains("readable by others"))
        let exists = try await source.run(["backup", archive, "--passphrase-file", readable])
        #expect(exists.status != 0 && exists.error.contains("--force"))
    }
}
