import HiveKeepCore
import Sodium

/// Why a vault file could not be opened. Each case is detected without changing the file.
///
/// Messages name the problem and, where useful, lengths or parameters; never a password, key or value.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with the vault magic: it is some other file.
    case notAVault
    /// The file is a vault of a format version this build cannot read.
    case unsupportedVersion(UInt16)
    /// The header's checksum does not match, or a field has a value no writer produces.
    case headerCorrupt
    /// The file ends before the header or the body it announces (`expected` bytes, `actual` present).
    case truncated(expected: Int, actual: Int)
    /// The header asks for Argon2id parameters outside the accepted bounds; refused before deriving.
    case kdfParametersOutOfBounds(passes: Int, memoryKiB: Int)
    /// The password does not match the header's key check.
    case wrongPassword
    /// The key check matches but the body does not authenticate, or bytes follow the body.
    case bodyTampered
    /// The header and the body carry different vault ids: the header was taken from another vault.
    case headerFromAnotherVault
    /// The file is now a different vault (another vault id) than the one this process opened.
    case replacedByAnotherVault
    /// The body authenticates but its map cannot be parsed: a bug in the writer.
    case malformedContents
    /// The file does not exist where an existing vault is required (rotation).
    case missing

    public var description: String {
        switch self {
        case .notAVault: "the file is not a HiveKeep vault"
        case .unsupportedVersion(let version):
            "the vault has format version \(version), which this HiveKeep cannot read"
        case .headerCorrupt: "the vault header is corrupt (checksum mismatch or invalid field)"
        case .truncated(let expected, let actual):
            "the vault file is truncated: \(actual) bytes where at least \(expected) are needed"
        case .kdfParametersOutOfBounds(let passes, let memoryKiB):
            "the vault header asks for Argon2id with \(passes) passes and \(memoryKiB) KiB, outside the accepted "
                + "bounds (2...10 passes, 19 MiB...1 GiB)"
        case .wrongPassword: "wrong vault password"
        case .bodyTampered: "the vault body was modified: it does not authenticate under its header"
        case .headerFromAnotherVault: "the vault header belongs to another vault than the body"
        case .replacedByAnotherVault: "the vault file was replaced by a different vault since this process opened it"
        case .malformedContents: "the vault contents cannot be parsed"
        case .missing: "the vault file does not exist"
        }
    }

    /// The error the upper layers see: `.forbidden` for a wrong password, `.notFound` for a missing vault,
    /// `.corruptState` for everything else; the `VaultError` stays available as the cause.
    public var hiveKeepError: HiveKeepError {
        switch self {
        case .wrongPassword: HiveKeepError(.forbidden, description, cause: self)
        case .missing: HiveKeepError(.notFound, description, cause: self)
        default: HiveKeepError(.corruptState, description, cause: self)
        }
    }

    /// `error` as a `HiveKeepError`: vault and libsodium errors are mapped, others pass through.
    public static func mapped(_ error: any Error) -> any Error {
        switch error {
        case let vault as VaultError: vault.hiveKeepError
        case let sodium as SodiumError: HiveKeepError(.internalError, "cryptographic operation failed", cause: sodium)
        default: error
        }
    }
}
