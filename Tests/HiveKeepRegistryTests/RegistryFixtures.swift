import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepStore
import HiveKeepTestSupport
import Logging

/// Fixture files and throwaway services for the registry tests.
enum RegistryFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    /// The real ToolHive registry (79 servers, 23 remote servers).
    static var referencePath: String { directory.appendingPathComponent("toolhive-registry.json").path }

    static func referenceData() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: referencePath)) }

    /// Parses `text` as JSON.
    static func value(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A minimal valid registry with one stdio server named `name`.
    static func minimalRegistry(serverName: String = "demo", image: String = "uvx://mcp-server-time") -> String {
        """
        {"version": "1.0.0", "last_updated": "2026-01-01T00:00:00Z",
         "servers": {"\(serverName)": {"description": "A demonstration server", "image": "\(image)",
           "status": "Active", "tier": "Community", "tools": ["demo_tool"], "transport": "stdio"}},
         "remote_servers": {}}
        """
    }

    /// A registry service over a throwaway directory.
    static func service(_ directory: TemporaryDirectory, fetchOptions: FetchOptions = .init()) throws
        -> (RegistryService, ConfigStore)
    {
        let paths = try HiveKeepPaths(environment: EnvironmentValues(directory.isolatedEnvironment()))
        try paths.createDirectories()
        let config = ConfigStore(path: paths.configFile)
        let logger = Logger(label: "test.registry")
        return (RegistryService(paths: paths, config: config, logger: logger, fetchOptions: fetchOptions), config)
    }

    /// Writes `text` to `name` in `directory` and returns the path.
    static func write(_ text: String, to name: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.child(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
