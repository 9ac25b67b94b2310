import Foundation
import HiveKeepCore
import Sodium
import Testing

@testable import HiveKeepBackup

/// The archived secrets are checked as the keyring will take them before a restore writes anything, so that a
/// hand-made (yet signed) archive cannot fail halfway through the keyring writes, which have no rollback.
@Suite("backup secret entries")
struct BackupSecretEntryTests {
    private func contents(_ entries: [(BackupManifest.SecretKind, String, [UInt8])]) throws -> BackupContents {
        var contents = try BackupArchiveTests.contents()
        contents.manifest.secrets = try entries.map { kind, key, value in
            BackupManifest.Secret(kind: kind, key: key, size: value.count, sha256: try BackupDigest.sha256(value))
        }
        contents.secrets = try entries.map { try SecureBytes(copying: $0.2) }
        return contents
    }

    private func refusal(_ entries: [(BackupManifest.SecretKind, String, [UInt8])]) throws -> String? {
        let candidate = try contents(entries)
        let error = #expect(throws: HiveKeepError.self) { try BackupRestorer.checkSecretEntries(candidate) }
        return error?.message
    }

    @Test("valid keys, one of each reserved record and text values pass")
    func acceptsWhatABackupWrites() throws {
        try BackupRestorer.checkSecretEntries(
            try contents([
                (.keyringSecret, "github-token", Array("ghp_value".utf8)),
                (.keyringSecret, "päss wörd", Array("ünïcode".utf8)),
                (.keyringSigningKey, "", Array("record".utf8)),
                (.vaultPassword, "", [0xff, 0x00, 0x01]),  // never goes to the keyring as such: checked elsewhere
            ]))
    }

    @Test("a bad key, a repeated key, a value the keyring cannot hold, a second reserved record are refused")
    func refusesWhatTheKeyringWouldReject() throws {
        let planted = "planted-entry-value"
        let cases: [([(BackupManifest.SecretKind, String, [UInt8])], String)] = [
            ([(.keyringSecret, "a,b", Array(planted.utf8))], "bad key"),
            ([(.keyringSecret, "", Array(planted.utf8))], "bad key"),
            ([(.keyringSecret, "k", Array(planted.utf8)), (.keyringSecret, "k", Array(planted.utf8))], "twice"),
            ([(.keyringSecret, "k", Array(planted.utf8) + [0])], "not text a keyring item can hold"),
            ([(.keyringSecret, "k", [0xc3, 0x28])], "not text a keyring item can hold"),
            ([(.keyringSigningKey, "", [0])], "signing key record is not text"),
            ([(.vaultPassword, "", Array(planted.utf8)), (.vaultPassword, "", Array(planted.utf8))], "more than one"),
        ]
        for (entries, expected) in cases {
            let message = try refusal(entries)
            #expect(message?.contains(expected) == true, "\(expected): \(message ?? "accepted")")
            #expect(message?.contains(planted) == false, "no value in the error")
        }
    }

    @Test("a workload name that cannot name a saved workload is refused")
    func workloadNames() throws {
        try BackupRestorer.checkWorkloadNames([
            .init(name: "time", wanted: true), .init(name: "my_server-2.0", wanted: false),
        ])
        for name in [String(repeating: "n", count: 300), "a\u{0}b", "", "old name", "a/b", ".."] {
            let error = #expect(throws: HiveKeepError.self) {
                try BackupRestorer.checkWorkloadNames([.init(name: name, wanted: true)])
            }
            #expect(error?.message.contains("cannot keep") == true, "\(name.prefix(10))")
        }
    }
}
