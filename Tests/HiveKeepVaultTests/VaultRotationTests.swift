import Sodium
import Synchronization
import Testing

@testable import HiveKeepVault

@Suite("vault password rotation")
struct VaultRotationTests {
    /// A password that a test can change, standing in for the keyring entry.
    final class PasswordBox: Sendable {
        let current: Mutex<String>
        init(_ password: String) { current = Mutex(password) }
        func set(_ password: String) { current.withLock { $0 = password } }
        func secure() throws -> SecureBytes { try VaultFixture.secure(current.withLock { $0 }) }
    }

    @Test("after rotation the old password fails, the new one opens the same values and vault id")
    func rotation() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create()
        let vaultID = try #require(vault.vaultID)
        let oldBytes = try fixture.bytes()
        try vault.rotatePassword(to: try VaultFixture.secure(VaultFixture.otherPassword))
        #expect(try fixture.bytes() != oldBytes)
        #expect(throws: VaultError.wrongPassword) { try fixture.vault().read() }
        let reopened = try fixture.vault(password: VaultFixture.otherPassword)
        let contents = try reopened.read()
        #expect(contents.keys == ["alpha", "beta"])
        #expect(VaultFixture.text(contents, "beta") == "second value")
        #expect(reopened.vaultID == vaultID)
        try vault.update { try $0.set("after", try VaultFixture.secure("rotation")) }
        #expect(VaultFixture.text(try reopened.read(), "after") == "rotation")
    }

    @Test("rotating to limits outside the bounds is refused and leaves the file as it was")
    func rotationRefusesWeakLimits() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create()
        let before = try fixture.bytes()
        let weak = Argon2Limits(opsLimit: 1, memLimitBytes: 8 * 1024 * 1024)
        #expect(throws: VaultError.kdfParametersOutOfBounds(passes: 1, memoryKiB: 8 * 1024)) {
            try vault.rotatePassword(to: try VaultFixture.secure("new"), limits: weak)
        }
        #expect(try fixture.bytes() == before)
        #expect(try fixture.vault().read().count == 2)
    }

    @Test("after another object rotates, the next write re-derives once from the password source and uses the new key")
    func otherWriterRotated() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let box = PasswordBox(VaultFixture.password)
        let server = Vault(path: fixture.path, newVaultLimits: .minimumAllowed) { try box.secure() }
        try server.update { try $0.set("before", try VaultFixture.secure("one")) }
        #expect(server.derivationCount == 1)

        try fixture.vault().rotatePassword(to: try VaultFixture.secure(VaultFixture.otherPassword))
        box.set(VaultFixture.otherPassword)
        try server.update { try $0.set("after", try VaultFixture.secure("two")) }
        try server.update { try $0.set("later", try VaultFixture.secure("three")) }
        #expect(server.derivationCount == 2)

        let contents = try fixture.vault(password: VaultFixture.otherPassword).read()
        #expect(contents.keys == ["after", "alpha", "before", "beta", "later"])
        #expect(throws: VaultError.wrongPassword) { try fixture.vault().read() }
    }

    @Test("a writer still holding the old password after a rotation fails with wrong password and writes nothing")
    func staleWriterAfterRotation() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let stale = try fixture.create()
        try fixture.vault().rotatePassword(to: try VaultFixture.secure(VaultFixture.otherPassword))
        let rotated = try fixture.bytes()
        #expect(throws: VaultError.wrongPassword) {
            try stale.update { try $0.set("lost", try VaultFixture.secure("write")) }
        }
        #expect(try fixture.bytes() == rotated)
    }
}
