import HiveKeepCore

/// Where a ToolHive installation keeps its files (Linux XDG layout):
///
/// - `config.yaml` in `$XDG_CONFIG_HOME/toolhive/` (default `~/.config/toolhive/`);
/// - the encrypted secrets file `secrets_encrypted` in `$XDG_DATA_HOME/toolhive/` (default `~/.local/share/...`);
/// - run configurations `runconfigs/<name>.json` and groups `groups/<name>.json` in `$XDG_STATE_HOME/toolhive/`
///   (default `~/.local/state/toolhive/`).
///
/// `--from DIR` names the home directory of the installation: the three directories are then DIR/.config,
/// DIR/.local/share and DIR/.local/state, whatever the XDG variables say.
public struct ToolHiveLayout: Sendable, Hashable {
    public var configDirectory: String
    public var dataDirectory: String
    public var stateDirectory: String

    public init(configDirectory: String, dataDirectory: String, stateDirectory: String) {
        self.configDirectory = configDirectory
        self.dataDirectory = dataDirectory
        self.stateDirectory = stateDirectory
    }

    /// The layout under the home directory `root`.
    public init(root: String) {
        let home = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.init(
            configDirectory: home + "/.config/toolhive", dataDirectory: home + "/.local/share/toolhive",
            stateDirectory: home + "/.local/state/toolhive")
    }

    /// The layout of this user's installation, from `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_STATE_HOME` and `HOME`
    /// as ToolHive resolves them (relative XDG values are ignored).
    public init(environment: EnvironmentValues) throws {
        func base(_ variable: String, fallback: String) throws -> String {
            if let value = environment[variable], value.hasPrefix("/") { return value }
            guard let home = environment["HOME"], home.hasPrefix("/") else {
                throw HiveKeepError.invalid("cannot find ToolHive's files: set HOME, or give --from DIR")
            }
            return home + "/" + fallback
        }
        self.init(
            configDirectory: try base("XDG_CONFIG_HOME", fallback: ".config") + "/toolhive",
            dataDirectory: try base("XDG_DATA_HOME", fallback: ".local/share") + "/toolhive",
            stateDirectory: try base("XDG_STATE_HOME", fallback: ".local/state") + "/toolhive")
    }

    /// `config.yaml`.
    public var configFile: String { configDirectory + "/config.yaml" }
    /// The encrypted provider's file.
    public var secretsFile: String { dataDirectory + "/secrets_encrypted" }
    /// The directory of run configurations.
    public var runConfigDirectory: String { stateDirectory + "/runconfigs" }
    /// The directory of groups.
    public var groupDirectory: String { stateDirectory + "/groups" }
}
