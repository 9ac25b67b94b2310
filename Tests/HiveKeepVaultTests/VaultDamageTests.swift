import HiveKeepCore
import Sodium
import Testing

@testable import HiveKeepVault

/// Every kind of damage gives its own error, leaves the file untouched, and (where the header decides) is found
/// before any key derivation.
@Suite("damaged vault files")
struct VaultDamageTests {
    @Test("a wrong password is reported as such, by reads and writes, without touching the file")
    func wrongPassword() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let before = try fixture.bytes()
        let vault = try fixture.vault(password: VaultFixture.otherPassword)
        let error = #expect(throws: VaultError.wrongPassword) { try vault.read() }
        #expect(throws: VaultError.wrongPassword) { try vault.update { try $0.set("x", try VaultFixture.secure("y")) } }
        #expect(try fixture.bytes() == before)
        #expect(!String(describing: error).contains(VaultFixture.otherPassword))
        #expect(error?.hiveKeepError.code == .forbidden)
    }

    @Test("a truncated file is reported as truncated at every length, before deriving")
    func truncated() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let original = try fixture.bytes()
        for length in [0, 5, 9, 100, VaultFormat.headerLength - 1, VaultFormat.headerLength + 8, original.count - 1] {
            let cut = Array(original.prefix(length))
            try fixture.write(cut)
            let vault = try fixture.vault()
            let error = #expect(throws: VaultError.self) {
                try vault.update { try $0.set("x", try VaultFixture.secure("y")) }
            }
            guard case .truncated(_, let actual) = error else {
                Issue.record("length \(length): expected truncated, got \(String(describing: error))")
                continue
            }
            #expect(actual == length)
            #expect(try fixture.bytes() == cut)
            #expect(vault.derivationCount == 0)
        }
    }

    @Test("a flipped byte anywhere in the checksummed header is a corrupt header, found before deriving")
    func flippedHeaderByte() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let original = try fixture.bytes()
        for offset in 10..<VaultFormat.headerLength {
            let damaged = try fixture.flipByte(at: offset, in: original)
            let vault = try fixture.vault()
            #expect(throws: VaultError.headerCorrupt, "offset \(offset)") { try vault.read() }
            #expect(throws: VaultError.headerCorrupt) { try vault.update { contents in contents.removeAll() } }
            #expect(vault.derivationCount == 0)
            #expect(try fixture.bytes() == damaged)
        }
    }

    @Test("a flipped byte in the magic is not a vault; in the version, an unsupported version")
    func flippedMagicAndVersion() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let original = try fixture.bytes()
        try fixture.flipByte(at: 2, in: original)
        #expect(throws: VaultError.notAVault) { try fixture.vault().read() }
        var newer = original
        newer[9] = 2
        try fixture.write(newer)
        #expect(throws: VaultError.unsupportedVersion(2)) { try fixture.vault().read() }
        try fixture.write(Array("# not a vault, just some text file\n".utf8))
        #expect(throws: VaultError.notAVault) { try fixture.vault().update { $0.removeAll() } }
        #expect(try fixture.bytes() == Array("# not a vault, just some text file\n".utf8))
    }

    @Test("a flipped byte in the ciphertext, its tag, or bytes appended are a tampered body")
    func flippedBodyByte() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let original = try fixture.bytes()
        for offset in [VaultFormat.bodyOffset, VaultFormat.bodyOffset + 7, original.count - 1] {
            let damaged = try fixture.flipByte(at: offset, in: original)
            let vault = try fixture.vault()
            #expect(throws: VaultError.bodyTampered, "offset \(offset)") { try vault.read() }
            #expect(throws: VaultError.bodyTampered) { try vault.update { $0.removeAll() } }
            #expect(try fixture.bytes() == damaged)
        }
        try fixture.write(original + [0])
        #expect(throws: VaultError.bodyTampered) { try fixture.vault().read() }
    }

    @Test("Argon2id parameters outside the bounds in a header with a valid checksum are refused before deriving")
    func absurdKDFParameters() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        let original = try fixture.bytes()
        let cases: [(passes: UInt32, memoryKiB: UInt32)] = [
            (1_000_000, 19 * 1024), (2, UInt32.max), (11, 64 * 1024), (1, 19 * 1024), (2, 8 * 1024), (0, 0),
        ]
        for (passes, memoryKiB) in cases {
            var header = try VaultHeader.decode(original)
            header.passes = passes
            header.memoryKiB = memoryKiB
            let crafted = try header.encoded() + original[VaultFormat.headerLength...]
            try fixture.write(crafted)
            let vault = try fixture.vault()
            let expected = VaultError.kdfParametersOutOfBounds(passes: Int(passes), memoryKiB: Int(memoryKiB))
            #expect(throws: expected) { try vault.update { $0.removeAll() } }
            #expect(vault.derivationCount == 0)
            #expect(try fixture.bytes() == crafted)
        }
    }
}
