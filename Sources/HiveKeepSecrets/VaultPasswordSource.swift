import HiveKeepCore
import HiveKeepStore
import Keyring
import Sodium

/// Finds the password of the encrypted vault. Explicit sources win, and the first source present decides:
///
/// 1. a file: the one named by `HIVEKEEP_SECRETS_PASSWORD_FILE`, else the systemd credential
///    `$CREDENTIALS_DIRECTORY/hivekeep-secrets-password` when it exists. One trailing newline is stripped; a file
///    accessible by group or others (`mode & 0o077 != 0`) is refused, and so is a missing file named by the variable;
/// 2. the variable `HIVEKEEP_SECRETS_PASSWORD`;
/// 3. the keyring entry HiveKeep keeps for it (kind `vault-password`, this store, key `secrets.vault`).
///
/// There is no fallback past the first source present: a wrong password from a file is an error naming that file
/// (``Origin``), not a reason to try the keyring. The password is never read from a command line and never prompted
/// for here. Callers drop the variables in ``variablesToScrub(from:)`` from their own environment once it is read.
public enum VaultPasswordSource {
    /// Where a password came from; its description names the source, so a wrong-password error can say which.
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        /// A password file (`HIVEKEEP_SECRETS_PASSWORD_FILE` or a systemd credential), by path.
        case file(String)
        /// An environment variable, by name.
        case environment(String)
        /// The vault password entry in the keyring.
        case keyring

        /// Whether the operator configured this source (a file or a variable) rather than HiveKeep keeping it.
        public var isExplicit: Bool {
            self != .keyring
        }

        public var description: String {
            switch self {
            case .file(let path): "the password file \(path)"
            case .environment(let name): "the environment variable \(name)"
            case .keyring: "the vault password entry in the keyring"
            }
        }
    }

    /// A password and where it came from.
    public struct Resolved: Sendable, CustomStringConvertible {
        /// The password bytes.
        public var password: SecureBytes
        /// Its source.
        public var origin: Origin

        public init(password: SecureBytes, origin: Origin) {
            self.password = password
            self.origin = origin
        }

        /// Names the source only, never the password.
        public var description: String { "vault password from \(origin)" }
    }

    /// The variable naming a password file.
    public static let passwordFileVariable = "HIVEKEEP_SECRETS_PASSWORD_FILE"
    /// The variable holding the password itself.
    public static let passwordVariable = "HIVEKEEP_SECRETS_PASSWORD"
    /// systemd's variable for the directory of a service's credentials.
    public static let credentialsDirectoryVariable = "CREDENTIALS_DIRECTORY"
    /// The systemd credential's name (`LoadCredential=hivekeep-secrets-password:...`).
    public static let credentialName = "hivekeep-secrets-password"
    /// The key of the keyring entry.
    public static let keyringKey = "secrets.vault"
    /// The longest password file accepted, in bytes.
    public static let maximumFileSize = 4096
    /// What to tell an operator when no source survives a restart (setting up `encrypted` is then a 400).
    public static let sourcesHint =
        "Give the vault password a source that survives a restart: a file named by \(passwordFileVariable) "
        + "(mode 0600) or a systemd credential \(credentialName) in $\(credentialsDirectoryVariable), "
        + "the variable \(passwordVariable), or a reachable, unlocked keyring to keep it in."

    /// The password from the first source present in `environment`, then `keyring`; nil when none has one.
    ///
    /// - Parameters:
    ///   - environment: A snapshot of the process environment.
    ///   - keyring: The keyring holding the entry, or nil to skip it.
    ///   - storeID: This installation's store id (``KeyringStoreID``).
    /// - Throws: `.invalidArgument` for a refused or missing password file (naming it), `.unavailable` for an
    ///   unreadable file or a keyring that is locked or failing. A keyring that cannot be reached at all (no session
    ///   bus, no Secret Service) has no password: nil.
    public static func resolve(
        environment: EnvironmentValues, keyring: Keyring?, storeID: String
    ) async throws -> Resolved? {
        if let file = explicitFile(environment) {
            let password = try await Blocking.run { try VaultPasswordFile.load(file.path, namedBy: file.variable) }
            return Resolved(password: password, origin: .file(file.path))
        }
        if let value = environment[passwordVariable] {
            return Resolved(password: try VaultPasswordFile.secure(value.utf8), origin: .environment(passwordVariable))
        }
        guard let keyring else {
            return nil
        }
        do {
            let item = keyringItem(storeID: storeID)
            guard let password = try await keyring.lookup(item, { try SecureBytes(copying: $0) }) else {
                return nil
            }
            return Resolved(password: password, origin: .keyring)
        } catch let error as KeyringError where isUnreachable(error) {
            return nil
        } catch {
            throw HiveKeepError.fromKeyring(error)
        }
    }

    /// Keeps `password` in `keyring` as this store's vault password entry, replacing an earlier one.
    ///
    /// - Throws: `.invalidArgument` for an empty password or one that is not UTF-8 text without NUL bytes (what a
    ///   keyring item can hold); `.unavailable` when the keyring cannot be used.
    public static func storeInKeyring(_ password: SecureBytes, keyring: Keyring, storeID: String) async throws {
        guard password.count > 0, password.isKeyringText else {
            throw HiveKeepError.invalid(
                "a vault password kept in the keyring must be non-empty UTF-8 text without NUL bytes")
        }
        do {
            try await keyring.store(
                keyringItem(storeID: storeID), label: "hivekeep: vault password",
                secret: KeyringSecretView(bytes: password))
        } catch {
            throw HiveKeepError.fromKeyring(error)
        }
    }

    /// Whether a vault password will still be found after a restart: an explicit source (file, credential or
    /// variable) is configured, or `keyring` is reachable and unlocked so a password given at setup can be kept.
    public static func hasDurableSource(environment: EnvironmentValues, keyring: Keyring?) async -> Bool {
        if hasExplicitSource(environment: environment) {
            return true
        }
        guard let keyring else {
            return false
        }
        return await keyring.status() == .available
    }

    /// Whether a password file, a systemd credential or the password variable is configured.
    public static func hasExplicitSource(environment: EnvironmentValues) -> Bool {
        explicitFile(environment) != nil || environment[passwordVariable] != nil
    }

    /// The password variables present in `environment`, which a server removes from its own environment once the
    /// password is read so that no child inherits them.
    public static func variablesToScrub(from environment: [String: String]) -> [String] {
        [passwordVariable, passwordFileVariable].filter { environment[$0] != nil }
    }

    /// The keyring item of `storeID`'s vault password.
    public static func keyringItem(storeID: String) -> KeyringItemAttributes {
        KeyringItemAttributes(kind: .vaultPassword, store: storeID, key: keyringKey)
    }

    /// The password file to read, with the variable that named it (nil for the systemd credential).
    private static func explicitFile(_ environment: EnvironmentValues) -> (path: String, variable: String?)? {
        if let path = environment[passwordFileVariable] {
            return (path, passwordFileVariable)
        }
        if let directory = environment[credentialsDirectoryVariable] {
            let path = directory + "/" + credentialName
            if (try? FileSystem.mode(of: path)) != nil {
                return (path, nil)
            }
        }
        return nil
    }

    private static func isUnreachable(_ error: KeyringError) -> Bool {
        switch error {
        case .noSessionBus, .noSecretService: true
        default: false
        }
    }
}
