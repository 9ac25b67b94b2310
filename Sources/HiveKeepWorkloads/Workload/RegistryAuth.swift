import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore

/// `container_runtime.registry_auth` of config.yaml: for each image registry, the user name and the *name* of the
/// secret (in the secrets store) that holds the password or token. Never a value.
///
/// ```yaml
/// container_runtime:
///   registry_auth:
///     - registry: ghcr.io
///       username: me
///       password_secret: ghcr-token
/// ```
///
/// An image is matched by its registry host as Docker reads a reference (``registry(ofImage:)``). The secret is read
/// by the workload service when an image workload starts and handed to its runner over the pipe with the workload's
/// own secrets, under ``passwordHandover``; the runner uses it only for a pull, in `X-Registry-Auth`, and never puts
/// it in the container's environment.
public struct RegistryAuth: Sendable, Hashable {
    /// One registry's credentials: who, and which secret holds the password.
    public struct Entry: Sendable, Hashable {
        /// The registry host, `host[:port]`, lower-cased; `docker.io` for Docker Hub.
        public var registry: String
        public var username: String
        /// The name of the secret holding the password or token.
        public var passwordSecret: String

        public init(registry: String, username: String, passwordSecret: String) {
            self.registry = registry
            self.username = username
            self.passwordSecret = passwordSecret
        }

        /// The `serveraddress` the engine is given: Docker Hub's legacy index address, else the host.
        public var serverAddress: String { registry == "docker.io" ? "https://index.docker.io/v1/" : registry }
    }

    /// The setting's name, as messages and documentation spell it.
    public static let settingName = "container_runtime.registry_auth"
    /// The reserved name the password travels under from the service to the runner.
    public static let passwordHandover = "HIVEKEEP_REGISTRY_PASSWORD"

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The entry for the registry `image` is pulled from, if any.
    public func entry(forImage image: String) throws -> Entry? {
        let registry = try Self.registry(ofImage: image)
        return entries.first { $0.registry == registry }
    }

    /// The registry an image reference is pulled from, by Docker's rule: the first path component when it has a `.`
    /// or a `:` or is `localhost` (or has an upper-case letter), else Docker Hub (`docker.io`).
    public static func registry(ofImage image: String) throws -> String {
        normalize(try ImageReference(parsing: image).registry ?? "docker.io")
    }

    /// Lower-cased, with Docker Hub's other names (`index.docker.io`, `registry-1.docker.io`) as `docker.io`.
    static func normalize(_ registry: String) -> String {
        let lowered = registry.lowercased()
        return ["index.docker.io", "registry-1.docker.io"].contains(lowered) ? "docker.io" : lowered
    }

    /// The setting from config.yaml at `paths` (none when the file or the setting is absent).
    /// - Throws: a 400-class ``HiveKeepError`` that says what is wrong with the setting.
    public static func load(paths: HiveKeepPaths) throws -> RegistryAuth {
        try RegistryAuth(containerRuntime: try ConfigFile(path: paths.configFile).load().containerRuntime)
    }

    /// Reads the setting from the `container_runtime` section as written. Unknown keys, missing or empty fields, a
    /// registry that is not `host[:port]` and a registry listed twice are refused, each with its position.
    public init(containerRuntime: JSONValue?) throws {
        guard let section = containerRuntime, section != .null else {
            self.init()
            return
        }
        guard let members = section.objectValue else {
            throw HiveKeepError.invalid("config.yaml: container_runtime must be a mapping")
        }
        guard let list = members["registry_auth"], list != .null else {
            self.init()
            return
        }
        guard let items = list.arrayValue else {
            throw HiveKeepError.invalid(
                "config.yaml: \(Self.settingName) must be a list of {registry, username, password_secret}")
        }
        var entries: [Entry] = []
        for (index, item) in items.enumerated() {
            let entry = try Self.entry(item, at: "config.yaml: \(Self.settingName)[\(index)]")
            if entries.contains(where: { $0.registry == entry.registry }) {
                throw HiveKeepError.invalid(
                    "config.yaml: \(Self.settingName)[\(index)]: registry \(entry.registry) is listed twice")
            }
            entries.append(entry)
        }
        self.init(entries: entries)
    }

    private static let keys = ["registry", "username", "password_secret"]

    /// One entry, checked; errors start with `position`.
    static func entry(_ item: JSONValue, at position: String) throws -> Entry {
        func refuse(_ why: String) -> HiveKeepError { HiveKeepError.invalid("\(position): \(why)") }
        guard let members = item.objectValue else {
            throw refuse("each entry must be a mapping with registry, username and password_secret")
        }
        if let unknown = members.keys.sorted().first(where: { !keys.contains($0) }) {
            let hint =
                unknown == "password"
                ? "; a password is never written here: store it as a secret and give its name in password_secret"
                : ""
            throw refuse("unknown key '\(unknown)' (the keys are registry, username, password_secret)\(hint)")
        }
        func text(_ key: String) throws -> String {
            guard let value = members[key], value != .null else { throw refuse("'\(key)' is missing") }
            guard let text = value.stringValue, !text.isEmpty else {
                throw refuse("'\(key)' must be a non-empty string (quote it in YAML)")
            }
            return text
        }
        let registry = try text("registry")
        guard ImageReference.isRegistry(registry) else {
            throw refuse(
                "'\(registry)' is not a registry host: give host[:port] as in image references (e.g. ghcr.io or "
                    + "registry.example.com:5000), without a scheme or path")
        }
        let username = try text("username")
        guard !username.contains(":"),
            !username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw refuse("'username' must not contain ':' or control characters") }
        let secret = try text("password_secret")
        do {
            try SecretKeyName.validate(secret)
        } catch let error as HiveKeepError {
            throw refuse("'password_secret' is not a secret name: \(error.message)")
        }
        return Entry(registry: normalize(registry), username: username, passwordSecret: secret)
    }
}
