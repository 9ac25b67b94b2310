import HiveKeepCore
import HiveKeepStore
import Keyring
import Logging
import Sodium

/// The secrets business rules shared by the REST API and the CLI: setting up a provider, and reading and changing
/// secrets through it with capability checks and audit.
///
/// The provider type lives in `config.yaml`; the service re-reads it on every call so a change made by another
/// process (the CLI beside a running server) takes effect. Switching provider never deletes the previous store.
public actor SecretsService {
    /// What the service is built from.
    public struct Dependencies: Sendable {
        public var paths: HiveKeepPaths
        public var config: ConfigStore
        public var environment: EnvironmentValues
        public var keyring: Keyring
        public var audit: AuditLog
        /// Argon2id parameters for a new vault.
        public var kdfLimits: Argon2Limits
        public var logger: Logger
        /// Told of every finished get, list, create, update and delete (metrics); none by default.
        public var observer: SecretsObserver?
        /// The vault password handed to a workload's runner by the process that started it (see
        /// ``SecretsService/vaultPasswordForRunner()``); when set, it is used instead of the configured sources.
        public var vaultPassword: SecureBytes?

        public init(
            paths: HiveKeepPaths,
            config: ConfigStore,
            environment: EnvironmentValues,
            keyring: Keyring,
            audit: AuditLog,
            kdfLimits: Argon2Limits,
            logger: Logger
        ) {
            self.paths = paths
            self.config = config
            self.environment = environment
            self.keyring = keyring
            self.audit = audit
            self.kdfLimits = kdfLimits
            self.logger = logger
        }

        /// The standard dependencies over `paths`.
        public static func standard(paths: HiveKeepPaths, environment: EnvironmentValues, logger: Logger) -> Self {
            Dependencies(
                paths: paths,
                config: ConfigStore(path: paths.configFile),
                environment: environment,
                keyring: Keyring(logger: logger),
                audit: AuditLog(
                    path: paths.stateDirectory + "/audit.jsonl",
                    rotation: (try? LogRotation.configured(
                        prefix: "HIVEKEEP_AUDIT", environment: environment.values, fallback: AuditLog.standardRotation))
                        ?? AuditLog.standardRotation),
                kdfLimits: .interactive,
                logger: logger
            )
        }
    }

    /// The result of a setup request.
    public struct SetupResult: Sendable, Hashable {
        public var type: SecretsProviderType
        /// True when a provider was set up before (of this or another type).
        public var reconfigured: Bool
    }

    /// A provider's type and what it can do.
    public struct ProviderDescription: Sendable, Hashable {
        public var type: SecretsProviderType
        public var capabilities: SecretsCapabilities
    }

    let dependencies: Dependencies
    private var cached: (type: SecretsProviderType, provider: any SecretsProvider)?

    public init(_ dependencies: Dependencies) {
        self.dependencies = dependencies
    }

    /// The path of the vault file.
    public nonisolated var vaultPath: String { dependencies.paths.dataDirectory + "/secrets.vault" }

    /// The id that scopes this installation's keyring items.
    public nonisolated var storeID: String {
        KeyringStoreID.derive(configDirectory: dependencies.paths.configDirectory)
    }

    /// Parses a provider type name as the API and CLI accept it.
    public static func parseType(_ name: String?) throws -> SecretsProviderType {
        let valid = SecretsProviderType.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name, !name.isEmpty else {
            throw HiveKeepError.invalid("provider_type is required (one of: \(valid))")
        }
        if name == "1password" {
            throw HiveKeepError.invalid("HiveKeep does not support the 1password provider (valid types: \(valid))")
        }
        guard let type = SecretsProviderType(rawValue: name) else {
            throw HiveKeepError.invalid("invalid secrets provider type: \(name) (valid types: \(valid))")
        }
        return type
    }

    /// Sets up (or switches to) `type`. For `encrypted`, `password` is used only when no explicit source (password
    /// file, environment variable) exists; it is then stored in the keyring so that it is found after a restart.
    public func setup(type: SecretsProviderType, password: SecureBytes?) async throws -> SetupResult {
        let provider: any SecretsProvider
        switch type {
        case .encrypted: provider = try await setUpVault(password: password)
        case .keyring:
            try await KeyringProvider.checkReachable(keyring: dependencies.keyring)
            provider = KeyringProvider(keyring: dependencies.keyring, storeID: storeID)
        case .environment: provider = EnvironmentProvider(environment: dependencies.environment)
        }
        let previous = try await dependencies.config.load().secrets.providerType
        try await dependencies.config.update { $0.secrets.providerType = type.rawValue }
        try await loadAuditKey(provider, type: type, create: true)
        cached = (type, provider)
        dependencies.logger.notice("secrets provider set up", metadata: ["secrets.provider": "\(type.rawValue)"])
        return SetupResult(type: type, reconfigured: previous != nil)
    }

    /// The configured provider's type and capabilities; `.notFound` when none is set up.
    public func describe() async throws -> ProviderDescription {
        let type = try await configuredType()
        return ProviderDescription(type: type, capabilities: Self.capabilities(of: type))
    }

    /// The capabilities of a provider type, known without building the provider.
    public static func capabilities(of type: SecretsProviderType) -> SecretsCapabilities {
        type == .environment ? .readOnlyUnlisted : .readWrite
    }

    /// The configured provider, built on first use.
    public func provider() async throws -> any SecretsProvider {
        let type = try await configuredType()
        if let cached, cached.type == type { return cached.provider }
        let provider: any SecretsProvider
        switch type {
        case .encrypted: provider = try await openVault()
        case .keyring: provider = KeyringProvider(keyring: dependencies.keyring, storeID: storeID)
        case .environment: provider = EnvironmentProvider(environment: dependencies.environment)
        }
        try await loadAuditKey(provider, type: type, create: true)
        cached = (type, provider)
        return provider
    }

    /// Forgets the built provider so that the next call builds it again (after a password rotation elsewhere).
    public func invalidate() {
        cached = nil
    }

    private func configuredType() async throws -> SecretsProviderType {
        guard let name = try await dependencies.config.load().secrets.providerType else {
            throw HiveKeepError.notFound(
                "the secrets provider is not set up; set it up first (POST /api/v1beta/secrets)")
        }
        guard let type = SecretsProviderType(rawValue: name) else {
            throw HiveKeepError(.corruptState, "config.yaml names an unknown secrets provider type '\(name)'")
        }
        return type
    }
}
