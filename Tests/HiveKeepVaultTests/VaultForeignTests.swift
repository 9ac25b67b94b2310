import HiveKeepTestSupport
import Sodium
import Testing

@testable import HiveKeepVault

@Suite("vault files from another vault")
struct VaultForeignTests {
    @Test("a header taken from another vault is detected before deriving, even with the same password")
    func headerFromAnotherVault() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let otherPath = fixture.directory.child("other.vault")
        try fixture.create(["alpha": "mine"])
        try fixture.create(["alpha": "theirs", "extra": "more"], path: otherPath)
        let mine = try fixture.bytes()
        let theirs = try fixture.bytes(otherPath)
        let spliced = Array(theirs[0..<VaultFormat.headerLength]) + mine[VaultFormat.headerLength...]
        try fixture.write(spliced)
        let vault = try fixture.vault()
        #expect(throws: VaultError.headerFromAnotherVault) { try vault.read() }
        #expect(throws: VaultError.headerFromAnotherVault) { try vault.update { $0.removeAll() } }
        #expect(vault.derivationCount == 0)
        #expect(try fixture.bytes() == spliced)
    }

    @Test("a header from another vault with its vault id copied into the body fails as a tampered body")
    func headerAndIDFromAnotherVault() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let otherPath = fixture.directory.child("other.vault")
        try fixture.create(["alpha": "mine-0123456789a"])
        try fixture.create(["alpha": "theirs-abcdefghi"], path: otherPath)
        let mine = try fixture.bytes()
        let theirs = try fixture.bytes(otherPath)
        #expect(mine.count == theirs.count)
        let spliced = Array(theirs[0..<VaultFormat.bodyOffset]) + mine[VaultFormat.bodyOffset...]
        try fixture.write(spliced)
        #expect(throws: VaultError.bodyTampered) { try fixture.vault().read() }
        #expect(try fixture.bytes() == spliced)
    }

    @Test("a vault replaced by a different vault under a running object is refused, not silently adopted")
    func replacedByAnotherVault() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let otherPath = fixture.directory.child("other.vault")
        let vault = try fixture.create(["alpha": "mine"])
        try fixture.create(["alpha": "theirs"], path: otherPath)
        let theirs = try fixture.bytes(otherPath)
        try fixture.write(theirs)
        #expect(throws: VaultError.replacedByAnotherVault) { try vault.read() }
        #expect(throws: VaultError.replacedByAnotherVault) { try vault.update { $0.removeAll() } }
        #expect(try fixture.bytes() == theirs)
        #expect(VaultFixture.text(try fixture.vault().read(), "alpha") == "theirs")
    }
}
