import HiveKeepCore

/// The async front of `config.yaml`: serializes writers inside the process and runs the file work (locks, fsync)
/// off the Swift concurrency pool.
public actor ConfigStore {
    private let file: ConfigFile

    public init(path: String) {
        self.file = ConfigFile(path: path)
    }

    /// The path of `config.yaml`.
    public nonisolated var path: String { file.path }

    /// The current configuration.
    public func load() async throws -> HiveKeepConfig {
        let file = self.file
        return try await Blocking.run { try file.load() }
    }

    /// Applies `change` atomically with respect to other writers in this and other processes.
    @discardableResult
    public func update(
        _ change: @escaping @Sendable (inout HiveKeepConfig) throws -> Void
    ) async throws -> HiveKeepConfig {
        let file = self.file
        return try await Blocking.run { try file.update(change) }
    }
}
