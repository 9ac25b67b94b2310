import HiveKeepCore

/// Where HiveKeep keeps its files, following the XDG Base Directory specification.
///
/// - config: `$XDG_CONFIG_HOME/hivekeep` (default `~/.config/hivekeep`): `config.yaml`, trusted keys.
/// - data: `$XDG_DATA_HOME/hivekeep` (default `~/.local/share/hivekeep`): the vault, run configurations.
/// - state: `$XDG_STATE_HOME/hivekeep` (default `~/.local/state/hivekeep`): logs, audit log, workload status.
public struct HiveKeepPaths: Sendable, Hashable {
    public var configDirectory: String
    public var dataDirectory: String
    public var stateDirectory: String

    public init(configDirectory: String, dataDirectory: String, stateDirectory: String) {
        self.configDirectory = configDirectory
        self.dataDirectory = dataDirectory
        self.stateDirectory = stateDirectory
    }

    /// Resolves the directories from the environment. Relative XDG values are ignored, as the specification says.
    public init(environment: EnvironmentValues) throws {
        func base(_ variable: String, fallback: String) throws -> String {
            if let value = environment[variable], value.hasPrefix("/") { return value }
            guard let home = environment["HOME"], home.hasPrefix("/") else {
                throw HiveKeepError.invalid("cannot find a home directory: set HOME or \(variable) to an absolute path")
            }
            return home + "/" + fallback
        }
        self.configDirectory = try base("XDG_CONFIG_HOME", fallback: ".config") + "/hivekeep"
        self.dataDirectory = try base("XDG_DATA_HOME", fallback: ".local/share") + "/hivekeep"
        self.stateDirectory = try base("XDG_STATE_HOME", fallback: ".local/state") + "/hivekeep"
    }

    /// The path of `config.yaml`.
    public var configFile: String { configDirectory + "/config.yaml" }

    /// Creates the three directories (mode 0700) when they are missing.
    public func createDirectories() throws {
        for directory in [configDirectory, dataDirectory, stateDirectory] {
            try FileSystem.createDirectory(directory, mode: 0o700)
        }
    }
}
