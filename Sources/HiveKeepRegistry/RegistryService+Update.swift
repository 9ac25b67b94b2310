import Foundation
import HiveKeepCore
import HiveKeepStore
import Logging

extension RegistryService {
    /// Points the registry `name` at a new source after checking that the source loads and validates; an update
    /// with no source resets to the built-in registry. A failed check changes nothing.
    public func update(named name: String, _ update: RegistryUpdate) async throws -> RegistryUpdateResult {
        try Self.checkName(name)
        let sources = [update.url, update.apiURL, update.localPath].compactMap { $0 }.filter { !$0.isEmpty }
        guard sources.count <= 1 else {
            throw HiveKeepError.invalid("cannot specify more than one registry type (url, api_url, or local_path)")
        }
        let allowPrivate = update.allowPrivateIP
        if let url = update.url, !url.isEmpty {
            let caBundle = try await config.load().registry.caCertPath
            _ = try await fetch(url, allowPrivate: allowPrivate, caBundle: caBundle)
            try await save {
                $0.url = url; $0.allowPrivateIP = allowPrivate ? true : nil
            }
            logger.notice("registry set to a URL", metadata: ["registry.url": "\(url)"])
            return RegistryUpdateResult(type: .url, message: "Successfully set registry URL: \(url)")
        }
        if let path = update.localPath, !path.isEmpty {
            let absolute = Self.absolute(path)
            guard absolute.hasSuffix(".json") else {
                throw HiveKeepError.invalid("local registry file \(absolute) must be a .json file")
            }
            _ = try await readFile(absolute)
            try await save {
                $0.localPath = absolute; $0.allowPrivateIP = allowPrivate ? true : nil
            }
            logger.notice("registry set to a local file", metadata: ["registry.path": "\(absolute)"])
            return RegistryUpdateResult(type: .file, message: "Successfully set local registry file: \(absolute)")
        }
        if let apiURL = update.apiURL, !apiURL.isEmpty {
            let caBundle = try await config.load().registry.caCertPath
            try await api.checkReachable(apiURL, allowPrivate: allowPrivate, caBundle: caBundle)
            urlCache[Self.apiCacheKey(apiURL)] = nil
            try await save {
                $0.apiURL = apiURL; $0.allowPrivateIP = allowPrivate ? true : nil
            }
            logger.notice("registry set to an MCP Registry API", metadata: ["registry.api_url": "\(apiURL)"])
            return RegistryUpdateResult(type: .api, message: "Successfully set registry API URL: \(apiURL)")
        }
        try await save { _ in }
        logger.notice("registry reset to the built-in registry")
        return RegistryUpdateResult(type: .builtin, message: "Registry configuration reset to default")
    }

    /// Clears every source, applies `change` and saves, keeping settings that are not a source (the CA bundle).
    private func save(_ change: @escaping @Sendable (inout HiveKeepConfig.RegistrySettings) -> Void) async throws {
        try await config.update { config in
            var settings = HiveKeepConfig.RegistrySettings(caCertPath: config.registry.caCertPath)
            change(&settings)
            config.registry = settings
        }
    }

    /// `path` made absolute against the working directory, with `~` expanded.
    public static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (full as NSString).standardizingPath
    }
}
