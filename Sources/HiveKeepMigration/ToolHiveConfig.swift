import HiveKeepCore
import Yams

/// What HiveKeep reads from ToolHive's `config.yaml`: the secrets provider and the global client registrations.
public struct ToolHiveConfig: Sendable, Hashable {
    /// `secrets.provider_type` (`encrypted`, `1password`, `environment`); nil when unset.
    public var providerType: String?
    /// `secrets.setup_completed`.
    public var setupCompleted: Bool
    /// `clients.registered_clients`: clients registered outside any group.
    public var registeredClients: [String]

    public init(providerType: String? = nil, setupCompleted: Bool = false, registeredClients: [String] = []) {
        self.providerType = providerType
        self.setupCompleted = setupCompleted
        self.registeredClients = registeredClients
    }

    /// Parses `config.yaml`; an empty document is the defaults.
    ///
    /// - Throws: `.invalidArgument` when it is not YAML or not a mapping.
    public init(yaml text: String) throws {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw HiveKeepError.invalid("ToolHive's config.yaml is not valid YAML")
        }
        guard let loaded else {
            self.init()
            return
        }
        guard let root = loaded as? [String: Any] else {
            throw HiveKeepError.invalid("ToolHive's config.yaml is not a mapping")
        }
        let secrets = root["secrets"] as? [String: Any] ?? [:]
        let clients = root["clients"] as? [String: Any] ?? [:]
        let provider = (secrets["provider_type"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            // ToolHive rewrites the legacy `basic` to `encrypted` on load.
            providerType: provider == "basic" ? "encrypted" : provider,
            setupCompleted: secrets["setup_completed"] as? Bool ?? (provider != nil),
            registeredClients: (clients["registered_clients"] as? [Any] ?? []).compactMap { $0 as? String })
    }
}
