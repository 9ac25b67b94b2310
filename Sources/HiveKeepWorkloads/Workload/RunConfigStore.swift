import Foundation
import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Saved run configurations: `<state>/runconfigs/<name>.json`, 0600, written atomically and durably, indented with
/// two spaces as ToolHive writes them.
public struct RunConfigStore: Sendable {
    public let directory: String

    public init(paths: HiveKeepPaths) {
        directory = paths.stateDirectory + "/runconfigs"
    }

    func path(of name: String) -> String { "\(directory)/\(name).json" }

    /// The configuration of `name`; `.notFound` when there is none.
    public func load(_ name: String) throws -> RunConfig {
        guard let bytes = try FileSystem.readFile(path(of: name)) else {
            throw HiveKeepError.notFound("run config not found: \(name)")
        }
        do {
            return try JSONDecoder().decode(RunConfig.self, from: Data(bytes))
        } catch {
            throw HiveKeepError(.corruptState, "the run config of workload \(name) is unreadable", cause: error)
        }
    }

    /// Whether `name` has a saved configuration.
    public func exists(_ name: String) -> Bool {
        access(path(of: name), F_OK) == 0
    }

    /// Saves `config` under its name.
    public func save(_ config: RunConfig) throws {
        try FileSystem.createDirectory(directory, mode: 0o700)
        var bytes = Array(try Self.encoder.encode(config))
        bytes.append(UInt8(ascii: "\n"))
        try AtomicFile.write(bytes, to: path(of: config.name), mode: 0o600)
    }

    /// Deletes the configuration of `name`, if any.
    public func remove(_ name: String) {
        unlink(path(of: name))
    }

    /// The names with a saved configuration, sorted: every `<name>.json` whose name can name a workload, including
    /// a name saved before leading dots were refused (temporary files end in `.tmp`, the lock has no `.json`).
    public func names() -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
            .filter { WorkloadName.pathProblem(with: $0) == nil }.sorted()
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
