import Foundation
import HiveKeepCore
import HiveKeepSigning
import HiveKeepTestSupport
import Testing

@Suite("Trust store")
struct TrustStoreTests {
    let directory: TemporaryDirectory
    let store: TrustStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-trust")
        store = TrustStore(directory: directory.child("trusted-keys"))
    }

    @Test("keys are added, listed by name, found by keyid prefix and removed")
    func addListRemove() throws {
        defer { directory.remove() }
        #expect(try store.keys().isEmpty)
        let alice = try TestSigner().publicKey
        let bob = try TestSigner().publicKey
        try store.trust(pem: bob.pem, name: "bob")
        let added = try store.trust(pem: alice.pem, name: "alice")
        #expect(added.path == directory.child("trusted-keys/alice.pem"))
        #expect(try String(contentsOfFile: added.path, encoding: .utf8) == alice.pem)
        #expect(try store.keys().map(\.name) == ["alice", "bob"])
        #expect(try store.keys().map(\.key) == [alice, bob])
        #expect(try store.find(String(bob.keyID.prefix(8)).uppercased()).name == "bob")

        #expect(try store.untrust(alice.keyID).name == "alice")
        #expect(try store.untrust("bob").key == bob)
        #expect(try store.keys().isEmpty)
        #expect(throws: HiveKeepError.self) { try store.untrust("bob") }
    }

    @Test("a key trusted twice, a taken name and a bad name are refused")
    func refusals() throws {
        defer { directory.remove() }
        let key = try TestSigner().publicKey
        try store.trust(pem: key.pem, name: "k")
        let twice = try #require(throws: HiveKeepError.self) { try store.trust(pem: key.pem, name: "again") }
        #expect(twice.code == .alreadyExists)
        #expect(twice.message.contains("as 'k'"))
        let taken = try #require(throws: HiveKeepError.self) {
            try store.trust(pem: try TestSigner().publicKey.pem, name: "k")
        }
        #expect(taken.code == .alreadyExists)
        for name in ["", "../evil", ".hidden", "a/b", String(repeating: "x", count: 65)] {
            let bad = try #require(throws: HiveKeepError.self) { try store.trust(pem: key.pem, name: name) }
            #expect(bad.code == .invalidArgument)
        }
        let short = try #require(throws: HiveKeepError.self) { try store.untrust(String(key.keyID.prefix(4))) }
        #expect(short.code == .notFound)
    }

    @Test("a damaged file in the trust store is reported by path, not skipped")
    func damagedFile() throws {
        defer { directory.remove() }
        try store.trust(pem: try TestSigner().publicKey.pem, name: "good")
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory.child("trusted-keys/bad.pem")))
        let error = try #require(throws: HiveKeepError.self) { try store.keys() }
        #expect(error.code == .corruptState)
        #expect(error.message.contains("bad.pem"))
    }
}
