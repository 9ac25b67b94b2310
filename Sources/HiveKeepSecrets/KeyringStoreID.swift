import Foundation
import HiveKeepStore
import Sodium

/// The id of one HiveKeep installation in a shared keyring: the `store` attribute of every item it keeps there.
///
/// Derived from the installation's config directory, so two installations sharing one login keyring (two users of
/// one desktop session, a test next to a real setup) never see each other's items: lowercase hex of the 16-byte
/// BLAKE2b digest (`crypto_generichash` with a 16-byte output) of the absolute, lexically standardized path's UTF-8
/// bytes. The derivation must never change: items stored under an old id would be lost.
public enum KeyringStoreID {
    /// The store id of the installation whose config directory is `paths.configDirectory`.
    public static func derive(paths: HiveKeepPaths) -> String {
        derive(configDirectory: paths.configDirectory)
    }

    /// The store id of the installation whose config directory is `configDirectory`.
    ///
    /// Relative paths are taken from the current directory; `.`, `..`, repeated and trailing slashes are removed
    /// without touching the file system (symbolic links are not resolved), so spellings of one path agree.
    public static func derive(configDirectory: String) -> String {
        let path = standardized(configDirectory)
        do {
            return hex(try BLAKE2b.hash(Array(path.utf8), outputLength: 16))
        } catch {
            // The output length 16 is within BLAKE2b's 16...64 and no key is given, so the only possible failure is
            // libsodium failing to initialize, after which no HiveKeep secret can be read or written at all.
            fatalError("cannot derive the keyring store id: \(error)")
        }
    }

    /// `path` made absolute and lexically standardized.
    static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var components: [Substring] = []
        for component in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
