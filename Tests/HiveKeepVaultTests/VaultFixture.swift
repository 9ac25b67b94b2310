import HiveKeepStore
import HiveKeepTestSupport
import Sodium

@testable import HiveKeepVault

/// A temporary directory with a vault path in it, and shortcuts for the vault tests (minimum Argon2id limits).
struct VaultFixture {
    static let password = "correct horse battery staple"
    static let otherPassword = "tr0ub4dor&3"

    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-vault")
        path = directory.child("data/hivekeep/secrets.vault")
    }

    /// A vault object at `path` (this fixture's by default) with a fixed password.
    func vault(password: String = Self.password, path: String? = nil) throws -> Vault {
        Vault(path: path ?? self.path, password: try Self.secure(password), newVaultLimits: .minimumAllowed)
    }

    /// Creates the vault at `path` holding `entries`; returns the object that wrote it.
    @discardableResult
    func create(
        _ entries: [String: String] = ["alpha": "first value", "beta": "second value"],
        password: String = Self.password,
        path: String? = nil
    ) throws -> Vault {
        let vault = try vault(password: password, path: path)
        try vault.update { contents in
            for (key, value) in entries { try contents.set(key, try Self.secure(value)) }
        }
        return vault
    }

    /// The vault file's bytes.
    func bytes(_ path: String? = nil) throws -> [UInt8] {
        guard let bytes = try FileSystem.readFile(path ?? self.path) else { throw TestSupportError("no vault file") }
        return bytes
    }

    /// Replaces the vault file with `bytes` (atomically, keeping mode 0600).
    func write(_ bytes: [UInt8]) throws {
        try AtomicFile.write(bytes, to: path, mode: 0o600)
    }

    /// Writes the vault file with the byte at `offset` inverted; returns the new bytes.
    @discardableResult
    func flipByte(at offset: Int, in original: [UInt8]) throws -> [UInt8] {
        var damaged = original
        damaged[offset] ^= 0xFF
        try write(damaged)
        return damaged
    }

    func remove() { directory.remove() }

    static func secure(_ text: String) throws -> SecureBytes {
        try SecureBytes(copying: Array(text.utf8))
    }

    /// The value of `key` as text, or nil.
    static func text(_ contents: VaultContents, _ key: String) -> String? {
        contents[key].map { value in value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
    }
}
