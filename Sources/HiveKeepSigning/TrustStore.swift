import Foundation
import HiveKeepCore
import HiveKeepStore

/// A public key in the trust store, by the name of its file.
public struct TrustedKey: Sendable, Hashable {
    /// The file name without `.pem`.
    public var name: String
    /// The key.
    public var key: SigningPublicKey
    /// The file's path.
    public var path: String
}

/// The keys whose signatures HiveKeep accepts: `<directory>/<name>.pem`, one PEM public key per file
/// (`$XDG_CONFIG_HOME/hivekeep/trusted-keys`). HiveKeep's own key is trusted without a file (``SigningService``).
///
/// Methods do file I/O and take a `flock`: call them through `Blocking.run` from async code.
public struct TrustStore: Sendable {
    /// The directory of `.pem` files.
    public let directory: String

    /// The trust store in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The trust store of the installation at `paths`.
    public init(paths: HiveKeepPaths) {
        self.init(directory: paths.configDirectory + "/trusted-keys")
    }

    /// The trusted keys, sorted by name; none when the directory does not exist.
    ///
    /// - Throws: `.corruptState` naming the file when one of the `.pem` files is not an Ed25519 public key: a trust
    ///   store that cannot be read whole is not silently read in part.
    public func keys() throws -> [TrustedKey] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch CocoaError.fileReadNoSuchFile {
            return []
        }
        return try names.filter { $0.hasSuffix(".pem") && !$0.hasPrefix(".") }.sorted().map { file in
            let path = directory + "/" + file
            guard let bytes = try FileSystem.readFile(path) else {
                throw HiveKeepError(.corruptState, "trusted key \(path) disappeared while being read")
            }
            do {
                let key = try SigningPublicKey(pem: String(decoding: bytes, as: UTF8.self))
                return TrustedKey(name: String(file.dropLast(4)), key: key, path: path)
            } catch {
                throw HiveKeepError(.corruptState, "trusted key file \(path) is unusable: \(error)", cause: error)
            }
        }
    }

    /// Adds the key in `pem` as `<name>.pem` (0644: a public key is not secret).
    ///
    /// - Throws: `.invalidArgument` for a bad name or key, `.alreadyExists` when the name is taken or the key is
    ///   trusted already (the message gives its name).
    @discardableResult
    public func trust(pem: String, name: String) throws -> TrustedKey {
        let key = try SigningPublicKey(pem: pem)
        try Self.validate(name: name)
        try FileSystem.createDirectory(directory, mode: 0o700)
        return try FileLock(guarding: directory).withLock {
            let existing = try keys()
            if let same = existing.first(where: { $0.key == key }) {
                throw HiveKeepError(.alreadyExists, "key \(key.keyID) is trusted already, as '\(same.name)'")
            }
            if existing.contains(where: { $0.name == name }) {
                throw HiveKeepError(.alreadyExists, "a trusted key named '\(name)' exists already")
            }
            let path = directory + "/" + name + ".pem"
            try AtomicFile.write(Array(key.pem.utf8), to: path, mode: 0o644)
            return TrustedKey(name: name, key: key, path: path)
        }
    }

    /// Removes the key named `keyIDOrName`: a file name, a full key id, or a unique key id prefix of at least 8 hex
    /// digits. Returns what was removed.
    ///
    /// - Throws: `.notFound` when nothing matches, `.invalidArgument` when a prefix matches several keys.
    @discardableResult
    public func untrust(_ keyIDOrName: String) throws -> TrustedKey {
        try FileSystem.createDirectory(directory, mode: 0o700)
        return try FileLock(guarding: directory).withLock {
            let key = try find(keyIDOrName)
            do {
                try FileManager.default.removeItem(atPath: key.path)
            } catch {
                throw HiveKeepError(.unavailable, "cannot remove \(key.path): \(error.localizedDescription)")
            }
            try AtomicFile.syncDirectory(directory)
            return key
        }
    }

    /// The trusted key named `keyIDOrName` (see ``untrust(_:)`` for the forms accepted).
    public func find(_ keyIDOrName: String) throws -> TrustedKey {
        let keys = try keys()
        if let named = keys.first(where: { $0.name == keyIDOrName }) { return named }
        let lowered = keyIDOrName.lowercased()
        let matches = lowered.count >= 8 ? keys.filter { $0.key.keyID.hasPrefix(lowered) } : []
        guard matches.count <= 1 else {
            throw HiveKeepError.invalid(
                "'\(keyIDOrName)' matches \(matches.count) trusted keys; give more of the keyid")
        }
        guard let match = matches.first else {
            throw HiveKeepError.notFound("no trusted key is named '\(keyIDOrName)' or has that keyid")
        }
        return match
    }

    /// A name is 1-64 characters of letters, digits, `.`, `_` and `-`, not starting with `.`.
    static func validate(name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        guard allowed, (1...64).contains(name.utf8.count), !name.hasPrefix(".") else {
            throw HiveKeepError.invalid(
                "invalid trusted key name '\(name)': use 1-64 letters, digits, '.', '_' or '-', not starting with '.'")
        }
    }
}
