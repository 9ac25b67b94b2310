import Foundation
import HiveKeepCore
import HiveKeepSigning
import Sodium
import Testing

@testable import HiveKeepBackup

/// The archive format on its own: what `open` accepts and refuses, with real libsodium and a key made here.
@Suite("backup archive format")
struct BackupArchiveTests {
    static let passphrase = "unit test passphrase"
    /// The weakest limits HiveKeep accepts: fast enough for unit tests.
    static let limits = Argon2Limits.minimumAllowed

    /// Contents listing `files` and one secret, signed by `signer` while the manifest names `named` (default: the
    /// signer).
    static func contents(
        files: [(BackupManifest.Root, String, [UInt8])] = [
            (.config, "config.yaml", Array("schema_version: 1\n".utf8)),
            (.state, "runconfigs/w.json", Array("{}".utf8)),
        ],
        workloads: [BackupManifest.Workload] = [.init(name: "w", wanted: true)],
        secret: String = "planted-unit-secret", signer: SigningKeyPair? = nil, named: SigningKeyPair? = nil
    ) throws -> BackupContents {
        let pair = try signer ?? SigningKeyPair.generate()
        let key = try SigningPublicKey(raw: (named ?? pair).publicKey)
        let value = try SecureBytes(copying: Array(secret.utf8))
        let manifest = BackupManifest(
            formatVersion: 1, createdAt: Date(timeIntervalSince1970: 1_800_000_000), hivekeepVersion: "test",
            secretsProvider: "keyring", signingKey: key.pem,
            files: try files.map {
                .init(root: $0.0, path: $0.1, size: $0.2.count, sha256: try BackupDigest.sha256($0.2))
            },
            secrets: [
                .init(kind: .keyringSecret, key: "token", size: value.count, sha256: try BackupDigest.sha256(value))
            ],
            workloads: workloads)
        let payload = try manifest.jsonBytes()
        let message = DSSE.preAuthenticationEncoding(payloadType: BackupManifest.payloadType, payload: payload)
        let envelope = DSSEEnvelope(
            payloadType: BackupManifest.payloadType, payload: payload,
            signatures: [
                DSSESignature(keyID: try SigningPublicKey(raw: pair.publicKey).keyID, signature: try pair.sign(message))
            ])
        return BackupContents(
            envelope: envelope, manifest: manifest, files: files.map(\.2), secrets: [value], signer: key)
    }

    @Test("a sealed archive opens with its passphrase and gives back the files, the secret and the signer")
    func roundTrip() throws {
        let pair = try SigningKeyPair.generate()
        let archive = try BackupArchive.seal(
            try Self.contents(signer: pair), passphrase: try passphrase(), limits: Self.limits)
        #expect(Array(archive.prefix(8)) == Array("HKBACKUP".utf8))
        #expect(archive.count > BackupHeader.length)
        let opened = try BackupArchive.open(archive, passphrase: try passphrase())
        #expect(opened.signer == (try SigningPublicKey(raw: pair.publicKey)))
        #expect(opened.files == [Array("schema_version: 1\n".utf8), Array("{}".utf8)])
        #expect(opened.secrets.map { $0.withUnsafeBytes { Array($0) } } == [Array("planted-unit-secret".utf8)])
        #expect(opened.manifest.workloads == [.init(name: "w", wanted: true)])
        #expect(Data(archive).range(of: Data("planted-unit-secret".utf8)) == nil)
    }

    @Test("a manifest signed by another key than the one it names is refused")
    func foreignSignatureRefused() throws {
        let contents = try Self.contents(signer: try SigningKeyPair.generate(), named: try SigningKeyPair.generate())
        let archive = try BackupArchive.seal(contents, passphrase: try passphrase(), limits: Self.limits)
        #expect(throws: HiveKeepError.self) { try BackupArchive.open(archive, passphrase: try passphrase()) }
    }

    @Test(
        "a signed manifest naming a path restore must not write is refused",
        arguments: [
            "groups/../../../etc/x.json", "../config.yaml", "runconfigs/.hidden.json", "runconfigs/a/b.json",
            "trusted-keys/evil.json", "api-token", "/etc/passwd",
        ])
    func pathsOutsideTheLayoutRefused(path: String) throws {
        let root: BackupManifest.Root =
            path.hasPrefix("runconfigs") ? .state : path.hasPrefix("trusted") ? .config : .data
        let contents = try Self.contents(files: [(root, path, Array("{}".utf8))])
        let archive = try BackupArchive.seal(contents, passphrase: try passphrase(), limits: Self.limits)
        let error = try #require(throws: HiveKeepError.self) {
            try BackupArchive.open(archive, passphrase: try passphrase())
        }
        #expect(error.message.contains("a file restore will not write"), "\(error)")
    }

    @Test("a workload whose run configuration is not carried (so whose name could be any path) is refused")
    func workloadWithoutConfigRefused() throws {
        let contents = try Self.contents(workloads: [.init(name: "../../escape", wanted: true)])
        let archive = try BackupArchive.seal(contents, passphrase: try passphrase(), limits: Self.limits)
        let error = try #require(throws: HiveKeepError.self) {
            try BackupArchive.open(archive, passphrase: try passphrase())
        }
        #expect(error.message.contains("workload without its run configuration"))
    }

    @Test("a file whose bytes differ from its signed digest is refused")
    func digestMismatchRefused() throws {
        var contents = try Self.contents()
        contents.files[0] = Array("schema_version: 2\n".utf8)
        let archive = try BackupArchive.seal(contents, passphrase: try passphrase(), limits: Self.limits)
        let error = try #require(throws: HiveKeepError.self) {
            try BackupArchive.open(archive, passphrase: try passphrase())
        }
        #expect(error.message.contains("does not match its signed manifest"))
    }

    @Test("a header asking for a weak or huge key derivation is refused before any derivation")
    func limitsChecked() throws {
        let salt = [UInt8](repeating: 1, count: PasswordHash.saltLength)
        let stream = [UInt8](repeating: 2, count: SecretStream.headerLength)
        for limits in [
            Argon2Limits(opsLimit: 1, memLimitBytes: 64 << 20), Argon2Limits(opsLimit: 2, memLimitBytes: 1 << 20),
            Argon2Limits(opsLimit: 3, memLimitBytes: 8 << 30),
        ] {
            let header = BackupHeader(limits: limits, salt: salt, streamHeader: stream).bytes
            #expect(header.count == BackupHeader.length)
            let error = try #require(throws: HiveKeepError.self) { try BackupHeader(parsing: header) }
            #expect(error.message.contains("parameters are refused"))
        }
        let good = BackupHeader(limits: .moderate, salt: salt, streamHeader: stream)
        #expect(try BackupHeader(parsing: good.bytes) == good)
    }

    @Test("a passphrase shorter than 12 bytes is refused")
    func shortPassphrase() throws {
        #expect(throws: HiveKeepError.self) {
            try BackupArchive.seal(try Self.contents(), passphrase: try SecureBytes(copying: Array("short".utf8)))
        }
    }

    private func passphrase() throws -> SecureBytes {
        try SecureBytes(copying: Array(Self.passphrase.utf8))
    }
}
