import Foundation
import HiveKeepCore
import HiveKeepStore
import Logging

/// The registry business rules shared by the REST API and the CLI: one registry, `default`, that is the built-in
/// registry, a custom file or URL, or an MCP Registry API named in `config.yaml` (re-read on every call, so the CLI
/// and a running server agree). Custom documents are checked against the widened registry schema before they are accepted.
public actor RegistryService {
    /// The only registry name.
    public static let defaultName = "default"
    /// How long a document fetched from a URL is used before it is fetched again.
    static let urlCacheLifetime: Duration = .seconds(600)

    let paths: HiveKeepPaths
    let config: ConfigStore
    let logger: Logger
    let fetcher: RegistryFetcher
    let api: RegistryAPIClient
    private var builtinCache: RegistryDocument?
    var urlCache: [String: (document: RegistryDocument, fetched: ContinuousClock.Instant)] = [:]

    public init(paths: HiveKeepPaths, config: ConfigStore, logger: Logger, fetchOptions: FetchOptions = .init()) {
        self.paths = paths
        self.config = config
        self.logger = logger
        self.fetcher = RegistryFetcher(options: fetchOptions, logger: logger)
        self.api = RegistryAPIClient(fetcher: fetcher, logger: logger)
    }

    /// The registries: always exactly one, `default`.
    public func list() async throws -> [RegistrySummary] {
        [try await current().summary]
    }

    /// The summary and full document of the registry `name`.
    public func registry(named name: String) async throws -> (summary: RegistrySummary, document: RegistryDocument) {
        try Self.checkName(name)
        return try await current()
    }

    /// The entry `serverName` of the registry `name`, looked up among local servers first, then remote ones.
    public func server(named serverName: String, in name: String) async throws -> RegistryEntry {
        try Self.checkName(name)
        guard let entry = try await lookup(serverName) else { throw HiveKeepError.notFound("Server not found") }
        return entry
    }

    /// The entry `serverName` of the current registry, or nil: for workloads that name a registry entry. With an
    /// MCP Registry API source, a bare name (`fetch`) is also looked up as `io.github.stacklok/fetch`.
    public func lookup(_ serverName: String) async throws -> RegistryEntry? {
        let (summary, document) = try await current()
        if let entry = Self.entry(serverName, in: document) { return entry }
        guard summary.type == .api, !serverName.contains("/") else { return nil }
        return Self.entry(UpstreamConverter.defaultNamespace + serverName, in: document)
    }

    static func entry(_ name: String, in document: RegistryDocument) -> RegistryEntry? {
        if let server = document.servers[name] { return .image(server) }
        if let server = document.remoteServers[name] { return .remote(server) }
        return nil
    }

    /// Removing registries is not possible: `default` is the only one (400) and any other name does not exist (404).
    public func remove(named name: String) throws {
        try Self.checkName(name)
        throw HiveKeepError.invalid("Cannot remove the default registry")
    }

    static func checkName(_ name: String) throws {
        guard name == defaultName else { throw HiveKeepError.notFound("Registry not found") }
    }

    /// The built-in registry, parsed once.
    func builtin() throws -> RegistryDocument {
        if let builtinCache { return builtinCache }
        let document = try RegistryLoader.builtin()
        builtinCache = document
        return document
    }

    /// The registry in use now, with its summary.
    func current() async throws -> (summary: RegistrySummary, document: RegistryDocument) {
        let settings = try await config.load().registry
        let (type, source) = Self.source(of: settings)
        let document: RegistryDocument
        do {
            switch type {
            case .builtin: document = try builtin()
            case .file: document = try await readFile(source)
            case .url: document = try await cachedURL(source, settings: settings)
            case .api: document = try await cachedAPI(source, settings: settings)
            }
        } catch {
            logger.error(
                "registry cannot be loaded",
                metadata: ["registry.type": "\(type.rawValue)", "registry.source": "\(source)", "error": "\(error)"])
            throw HiveKeepError(.internalError, "Failed to get registry", cause: error)
        }
        let summary = RegistrySummary(
            name: Self.defaultName, version: document.version, lastUpdated: document.lastUpdated,
            serverCount: document.servers.count, type: type, source: source)
        return (summary, document)
    }

    static func source(of settings: HiveKeepConfig.RegistrySettings) -> (RegistrySourceType, String) {
        if let api = settings.apiURL, !api.isEmpty { return (.api, api) }
        if let url = settings.url, !url.isEmpty { return (.url, url) }
        if let path = settings.localPath, !path.isEmpty { return (.file, path) }
        return (.builtin, "")
    }
}
