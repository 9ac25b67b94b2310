import HiveKeepCore
import HiveKeepStore

/// Decides whether the server's state is usable, for `GET /health`.
public struct HealthCheck: Sendable {
    private let check: @Sendable () async -> String?

    /// A check with a custom probe that returns the reason the server is unusable, or nil when it is fine.
    public init(_ check: @escaping @Sendable () async -> String?) {
        self.check = check
    }

    /// The standard check: the configuration must parse and the state directories must be writable.
    public static func standard(paths: HiveKeepPaths) -> HealthCheck {
        HealthCheck {
            for directory in [paths.configDirectory, paths.dataDirectory, paths.stateDirectory]
            where !FileSystem.isWritableDirectory(directory) {
                return "directory \(directory) is missing or not writable"
            }
            do {
                let file = ConfigFile(path: paths.configFile)
                _ = try await Blocking.run { try file.load() }
            } catch let error as HiveKeepError {
                return error.message
            } catch {
                return "configuration cannot be read"
            }
            return nil
        }
    }

    /// The reason the server is unusable, or nil when it is healthy.
    public func unusableReason() async -> String? {
        await check()
    }
}
