import CSodium

/// Argon2id cost parameters: passes over memory (`opsLimit`) and memory use in bytes (`memLimitBytes`).
///
/// HiveKeep stores these next to the salt (for example in a vault header) and checks them with
/// ``validate(minimum:maximum:)`` before deriving, so a file cannot ask for a weak key or for gigabytes of memory.
public struct Argon2Limits: Sendable, Hashable, CustomStringConvertible {
    /// Number of passes over memory (Argon2 `t`).
    public var opsLimit: Int
    /// Memory to use, in bytes (Argon2 `m` times 1024).
    public var memLimitBytes: Int

    /// Creates limits from explicit values; call ``validate(minimum:maximum:)`` before using values from a file.
    public init(opsLimit: Int, memLimitBytes: Int) {
        self.opsLimit = opsLimit
        self.memLimitBytes = memLimitBytes
    }

    /// libsodium's interactive profile (2 passes, 64 MiB): about 0.1 s on a small server.
    public static var interactive: Argon2Limits {
        Argon2Limits(
            opsLimit: crypto_pwhash_argon2id_opslimit_interactive(),
            memLimitBytes: crypto_pwhash_argon2id_memlimit_interactive()
        )
    }

    /// libsodium's moderate profile (3 passes, 256 MiB): about 0.6 s on a small server.
    public static var moderate: Argon2Limits {
        Argon2Limits(
            opsLimit: crypto_pwhash_argon2id_opslimit_moderate(),
            memLimitBytes: crypto_pwhash_argon2id_memlimit_moderate()
        )
    }

    /// The weakest limits HiveKeep accepts: the OWASP minimum for Argon2id, 2 passes with 19 MiB.
    public static let minimumAllowed = Argon2Limits(opsLimit: 2, memLimitBytes: 19 * 1024 * 1024)

    /// The most expensive limits HiveKeep accepts: 10 passes with 1 GiB.
    public static let maximumAllowed = Argon2Limits(opsLimit: 10, memLimitBytes: 1024 * 1024 * 1024)

    /// Checks that both values lie within `minimum...maximum` and within libsodium's own limits for Argon2id.
    ///
    /// This is cheap and allocates nothing, so it is safe to call on untrusted input before any derivation.
    /// - Throws: ``SodiumError/invalidParameters(_:)`` naming the value that is out of range.
    public func validate(
        minimum: Argon2Limits = .minimumAllowed,
        maximum: Argon2Limits = .maximumAllowed
    ) throws(SodiumError) {
        let opsFloor = max(minimum.opsLimit, crypto_pwhash_argon2id_opslimit_min())
        let opsCeiling = min(maximum.opsLimit, crypto_pwhash_argon2id_opslimit_max())
        guard opsLimit >= opsFloor, opsLimit <= opsCeiling else {
            throw .invalidParameters(
                "Argon2id passes (opsLimit) \(opsLimit) outside the allowed range \(opsFloor)...\(opsCeiling)"
            )
        }
        let memFloor = max(minimum.memLimitBytes, crypto_pwhash_argon2id_memlimit_min())
        let memCeiling = min(maximum.memLimitBytes, crypto_pwhash_argon2id_memlimit_max())
        guard memLimitBytes >= memFloor, memLimitBytes <= memCeiling else {
            throw .invalidParameters(
                "Argon2id memory \(memLimitBytes) bytes outside the allowed range \(memFloor)...\(memCeiling) bytes"
            )
        }
    }

    public var description: String {
        "Argon2id(passes: \(opsLimit), memory: \(memLimitBytes / 1024) KiB)"
    }
}
