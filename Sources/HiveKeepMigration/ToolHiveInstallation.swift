import Foundation
import HiveKeepCore

/// A ToolHive installation as read from disk, read-only: nothing here opens a file for writing.
public struct ToolHiveInstallation: Sendable {
    /// One run configuration file: its base name and its bytes (parsed later, by the import path).
    public struct RunConfigFile: Sendable, Hashable {
        public var name: String
        public var bytes: [UInt8]
    }

    /// One group: its name and the clients registered with it.
    public struct GroupFile: Sendable, Hashable {
        public var name: String
        public var registeredClients: [String]
    }

    public var layout: ToolHiveLayout
    public var config: ToolHiveConfig
    /// The encrypted secrets file; nil when absent.
    public var secretsFile: [UInt8]?
    public var runConfigs: [RunConfigFile]
    public var groups: [GroupFile]
    /// Files that could not be read as what they should be, with the reason.
    public var unreadable: [(path: String, reason: String)]

    /// Reads the installation at `layout`.
    ///
    /// - Throws: `.notFound` when none of ToolHive's directories exists; `.invalidArgument` for a `config.yaml`
    ///   that is not YAML.
    public static func read(_ layout: ToolHiveLayout) throws -> ToolHiveInstallation {
        let manager = FileManager.default
        let roots = [layout.configDirectory, layout.dataDirectory, layout.stateDirectory]
        guard roots.contains(where: { manager.fileExists(atPath: $0) }) else {
            throw HiveKeepError.notFound(
                "no ToolHive installation found: none of \(roots.joined(separator: ", ")) exists (give --from HOME)")
        }
        var unreadable: [(path: String, reason: String)] = []
        var config = ToolHiveConfig()
        if let bytes = manager.contents(atPath: layout.configFile) {
            config = try ToolHiveConfig(yaml: String(decoding: bytes, as: UTF8.self))
        }
        let secrets = manager.contents(atPath: layout.secretsFile).map(Array.init)
        var runConfigs: [RunConfigFile] = []
        for file in jsonFiles(in: layout.runConfigDirectory) {
            guard let bytes = manager.contents(atPath: layout.runConfigDirectory + "/" + file) else {
                unreadable.append((layout.runConfigDirectory + "/" + file, "cannot be read"))
                continue
            }
            runConfigs.append(RunConfigFile(name: String(file.dropLast(5)), bytes: Array(bytes)))
        }
        var groups: [GroupFile] = []
        for file in jsonFiles(in: layout.groupDirectory) {
            let path = layout.groupDirectory + "/" + file
            guard let bytes = manager.contents(atPath: path),
                let document = try? JSONDecoder().decode(JSONValue.self, from: bytes),
                case .string(let name)? = document["name"]
            else {
                unreadable.append((path, "is not a ToolHive group ({\"name\": ..., \"registered_clients\": [...]})"))
                continue
            }
            var clients: [String] = []
            if case .array(let values)? = document["registered_clients"] {
                clients = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
            }
            groups.append(GroupFile(name: name, registeredClients: clients))
        }
        return ToolHiveInstallation(
            layout: layout, config: config, secretsFile: secrets, runConfigs: runConfigs, groups: groups,
            unreadable: unreadable)
    }

    private static func jsonFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    }
}
