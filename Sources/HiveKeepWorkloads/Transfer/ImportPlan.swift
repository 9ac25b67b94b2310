import HiveKeepCore

/// What an imported run configuration asks for, shown before it runs: what it runs (a command or package, or a
/// remote server), the host paths it may read and write, its network access, and the secrets it references (names
/// and target variables only, never values).
public struct ImportPlan: Codable, Sendable, Hashable {
    /// The workload's name (the payload's, or the one asked for).
    public var name: String
    /// What runs: a `uvx://`, `npx://` or `exec://` reference (or an image), empty for a remote workload.
    public var command: String
    /// The arguments given to it.
    public var arguments: [String]
    /// The remote server a remote workload connects to.
    public var remoteURL: String?
    /// The server's transport.
    public var transport: String
    /// The proxy port the workload will listen on.
    public var port: Int
    /// Host paths the server may read.
    public var readPaths: [String]
    /// Host paths the server may write.
    public var writePaths: [String]
    /// Its network access, in words.
    public var network: String
    /// The secrets it references: provider key and target variable.
    public var secrets: [SecretReference]
    /// The keyid of the trusted key that signed it; nil when unsigned.
    public var signerKeyID: String?

    enum CodingKeys: String, CodingKey {
        case name, command, arguments
        case remoteURL = "remote_url"
        case transport, port
        case readPaths = "read_paths"
        case writePaths = "write_paths"
        case network, secrets
        case signerKeyID = "signer_keyid"
    }

    /// The plan of `config` (already renamed and given its port).
    public init(config: RunConfig, signerKeyID: String?) {
        name = config.name
        command = config.image
        arguments = config.cmdArgs
        remoteURL = config.remoteURL.flatMap { $0.isEmpty ? nil : $0 }
        transport = config.transport
        port = config.port
        var read = config.permissionProfile?.read ?? []
        var write = config.permissionProfile?.write ?? []
        for mount in config.volumes.compactMap({ try? VolumeMount(parsing: $0) }) {
            if mount.readOnly, !read.contains(mount.stored) { read.append(mount.stored) }
            if !mount.readOnly, !write.contains(mount.stored) { write.append(mount.stored) }
        }
        readPaths = read
        writePaths = write
        network = Self.network(of: config)
        secrets = Self.secrets(of: config)
        self.signerKeyID = signerKeyID
    }

    /// Every secret `config` references: `secrets`, the remote OAuth client secret and bearer token, and the
    /// token-exchange client secret (`token_exchange_config`, and the `tokenexchange` middleware's parameters) when
    /// in reference form.
    static func secrets(of config: RunConfig) -> [SecretReference] {
        var references = config.secrets.compactMap { try? SecretReference(parsing: $0) }
        let fields = [
            config.remoteAuthConfig?.clientSecret, config.remoteAuthConfig?.bearerToken,
            config.tokenExchangeConfig?.clientSecret,
        ]
        let single = fields.compactMap { $0.flatMap { try? SecretReference(parsing: $0) } }
        for reference in single + ExportCheck.middlewareSecretReferences(of: config)
        where !references.contains(reference) {
            references.append(reference)
        }
        return references
    }

    private static func network(of config: RunConfig) -> String {
        if let url = config.remoteURL, !url.isEmpty { return "connects to the remote server \(url)" }
        if config.isolateNetwork == true { return "none: the server runs in a sandbox without network access" }
        let outbound = config.permissionProfile?.network?.outbound
        let hosts = outbound?.allowHost ?? []
        let ports = (outbound?.allowPort ?? []).map(String.init)
        guard !hosts.isEmpty || !ports.isEmpty else { return "unrestricted outbound access" }
        return "outbound access (profile lists hosts \(hosts.joined(separator: ", ")) ports "
            + "\(ports.joined(separator: ", ")), not enforced without network isolation)"
    }

    /// The plan as lines of text for a person to read before the workload runs.
    public var lines: [String] {
        var lines = ["workload:  \(name) (port \(port), \(transport))"]
        if let remoteURL {
            lines.append("remote:    \(remoteURL)")
        } else {
            lines.append("runs:      \(([command] + arguments).joined(separator: " "))")
        }
        lines.append("reads:     " + (readPaths.isEmpty ? "no host paths" : readPaths.joined(separator: ", ")))
        lines.append("writes:    " + (writePaths.isEmpty ? "no host paths" : writePaths.joined(separator: ", ")))
        lines.append("network:   \(network)")
        let secretText = secrets.map { "\($0.name) as \($0.target)" }.joined(separator: ", ")
        lines.append("secrets:   " + (secrets.isEmpty ? "none" : secretText))
        lines.append("signed by: " + (signerKeyID ?? "nobody (unsigned)"))
        return lines
    }
}
