import HiveKeepCore
import Keyring
import Logging
import Sodium

/// Finds the password of ToolHive's encrypted secrets file.
///
/// In this order: `TOOLHIVE_SECRETS_PASSWORD` (an explicit choice wins), ToolHive's keyring entry (service and
/// account `toolhive`, as go-keyring stores it: attributes `service` and `username`), then the prompt the caller
/// gives (the CLI's hidden terminal prompt). A keyring that cannot be reached is skipped, not fatal: the next
/// source is tried. The password is never logged or shown.
public struct ToolHivePassword: Sendable {
    /// The environment variable ToolHive names for the password.
    public static let variable = "TOOLHIVE_SECRETS_PASSWORD"
    /// The keyring attributes of ToolHive's entry.
    public static let keyringAttributes = ["service": "toolhive", "username": "toolhive"]

    /// Where a password came from, for the plan.
    public enum Source: String, Sendable, Hashable {
        case environment = "TOOLHIVE_SECRETS_PASSWORD"
        case keyring = "ToolHive's keyring entry"
        case prompt = "the prompt"
    }

    var environment: EnvironmentValues
    var keyring: Keyring?
    var prompt: (@Sendable () throws -> SecureBytes)?
    var logger: Logger

    /// - Parameters:
    ///   - keyring: nil skips the keyring (no session bus, or a test).
    ///   - prompt: asks a person; nil when there is nobody to ask.
    public init(
        environment: EnvironmentValues, keyring: Keyring?, prompt: (@Sendable () throws -> SecureBytes)?,
        logger: Logger
    ) {
        self.environment = environment
        self.keyring = keyring
        self.prompt = prompt
        self.logger = logger
    }

    /// The password and where it came from.
    ///
    /// - Throws: `.invalidArgument` when no source has one (naming the sources), or what the prompt throws.
    public func find() async throws -> (password: SecureBytes, source: Source) {
        if let value = environment[Self.variable], !value.isEmpty {
            return (try SecureBytes(copying: Array(value.utf8)), .environment)
        }
        if let keyring {
            do {
                let found = try await keyring.lookup(foreign: Self.keyringAttributes) { try SecureBytes(copying: $0) }
                if let found, found.count > 0 { return (found, .keyring) }
            } catch {
                logger.info("ToolHive's keyring entry cannot be read", metadata: ["keyring.error": "\(error)"])
            }
        }
        if let prompt {
            let password = try prompt()
            guard password.count > 0 else { throw HiveKeepError.invalid("the password is empty") }
            return (password, .prompt)
        }
        throw HiveKeepError.invalid(
            "ToolHive's secrets file needs its password: none in \(Self.variable), none in ToolHive's keyring entry "
                + "(service and account 'toolhive'), and no terminal to ask on")
    }
}
