import HiveKeepCore
import Yams

/// Reads and updates `config.yaml` with blocking calls, safely across processes.
///
/// `update` takes the cross-process lock, re-reads the file under it, applies the change and replaces the file
/// atomically, so two processes updating at once both see their change land. Call it from blocking code only;
/// `ConfigStore` is the async front.
public struct ConfigFile: Sendable {
    /// The path of `config.yaml`.
    public let path: String
    private let lock: FileLock

    public init(path: String) {
        self.path = path
        self.lock = FileLock(guarding: path)
    }

    /// The current configuration; defaults when the file does not exist yet.
    public func load() throws -> HiveKeepConfig {
        guard let bytes = try FileSystem.readFile(path) else { return HiveKeepConfig() }
        return try Self.decode(bytes, path: path)
    }

    /// Applies `change` to the current configuration under the lock and writes the result; returns it.
    @discardableResult
    public func update(_ change: (inout HiveKeepConfig) throws -> Void) throws -> HiveKeepConfig {
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
        return try lock.withLock {
            var config = try load()
            let before = config
            try change(&config)
            let exists = try FileSystem.mode(of: path) != nil
            if config != before || !exists {
                try AtomicFile.write(Array(try Self.encode(config).utf8), to: path, mode: 0o600)
            }
            return config
        }
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> HiveKeepConfig {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HiveKeepError(.corruptState, "\(path) is not UTF-8 text")
        }
        if text.allSatisfy(\.isWhitespace) { return HiveKeepConfig() }
        do {
            let config = try YAMLDecoder().decode(HiveKeepConfig.self, from: text)
            guard config.schemaVersion <= HiveKeepConfig.currentSchemaVersion else {
                throw HiveKeepError(
                    .corruptState,
                    "\(path) has schema_version \(config.schemaVersion), newer than this HiveKeep understands"
                )
            }
            return config
        } catch let error as HiveKeepError {
            throw error
        } catch {
            throw HiveKeepError(.corruptState, "\(path) is not a valid HiveKeep configuration", cause: error)
        }
    }

    static func encode(_ config: HiveKeepConfig) throws -> String {
        "# HiveKeep configuration. Edit with care: HiveKeep rewrites this file.\n"
            + (try YAMLEncoder().encode(config))
    }
}
