import HiveKeepCore

/// Where one client keeps its configuration file on Linux, and the shape of HiveKeep's entries in it.
public struct ClientFileSpec: Sendable, Hashable {
    /// The directory the relative path starts from.
    public enum Base: Sendable, Hashable {
        /// `$HOME`.
        case home
        /// `$XDG_CONFIG_HOME` when it is an absolute path, otherwise `$HOME/.config` (as Electron apps, Goose and
        /// Zed resolve it on Linux).
        case xdgConfig
    }

    /// The form of the file and of one entry.
    public enum EntryShape: Sendable, Hashable {
        /// JSON with comments: an object under `keyPath` maps workload names to `{<urlKey>: url, "type": …}`;
        /// a nil type omits the field.
        case json(keyPath: [String], urlKey: String, sseType: String?, streamableType: String?)
        /// Goose's YAML: `extensions.<name>` with name, uri, type, enabled, timeout and description.
        case gooseExtensions
        /// Continue's YAML: a sequence `mcpServers` of items with name, type and url, matched on `name`.
        case continueServers

        /// Whether the client sends the `headers` of an entry of `transport`, per its documentation (sources in
        /// ``ClientType/spec``): every JSON client does; Goose only for streamable HTTP extensions (its SSE
        /// extensions have no headers); Continue not at all.
        public func carriesHeaders(_ transport: ClientWorkloadEntry.Transport) -> Bool {
            switch self {
            case .json: true
            case .gooseExtensions: transport == .streamableHTTP
            case .continueServers: false
            }
        }
    }

    public var base: Base
    public var relativePath: String
    public var shape: EntryShape
    /// True when "installed" means the file exists rather than its directory (claude-code's `~/.claude.json`).
    public var installedWhenFileExists: Bool

    init(_ base: Base, _ relativePath: String, _ shape: EntryShape, installedWhenFileExists: Bool = false) {
        self.base = base
        self.relativePath = relativePath
        self.shape = shape
        self.installedWhenFileExists = installedWhenFileExists
    }

    /// The absolute path of the file for the user described by `environment`.
    public func path(in environment: EnvironmentValues) throws -> String {
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw HiveKeepError(.unavailable, "cannot find the home directory: HOME is not an absolute path")
        }
        switch base {
        case .home:
            return "\(home)/\(relativePath)"
        case .xdgConfig:
            if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return "\(xdg)/\(relativePath)" }
            return "\(home)/.config/\(relativePath)"
        }
    }
}
