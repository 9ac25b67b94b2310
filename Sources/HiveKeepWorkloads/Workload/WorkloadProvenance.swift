import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepStore
import Sodium

/// Where a workload's server comes from, which decides who may run and manage it: a server from the configured
/// registry, used as the registry describes it, or a run configuration signed by a trusted key, may be run by an
/// operator; anything else (a local command, a package, image or URL not in the registry, arguments, variables,
/// secrets, mounts or sandbox settings the registry does not declare) needs an admin.
///
/// The rule protects secret values: whoever may choose the command (or its arguments) a secret is handed to, and read
/// its logs, can read the secret. So an operator may hand a secret only to a variable the registry declares for that
/// server, and only to the registry's command.
public enum WorkloadProvenance: Sendable, Hashable, CustomStringConvertible {
    /// The registry's server of this name, as the registry describes it.
    case registry(server: String)
    /// A run configuration signed by this trusted key, unchanged since it was imported.
    case signed(keyID: String)
    /// Anything else; the reason names what makes it so.
    case custom(reason: String)

    /// Whether an operator may run, stop, restart, delete it and read its logs.
    public var isOperatorManaged: Bool {
        if case .custom = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .registry(let server): "registry server \(server)"
        case .signed(let keyID): "run configuration signed by \(keyID)"
        case .custom(let reason): reason
        }
    }
}

/// The fields of a run configuration that decide what runs and what it is given; a signed import's digest covers
/// them, so an edit that changes any of them ends the signature's authority.
struct RunDefinition: Encodable {
    var image: String
    var remoteURL: String?
    var cmdArgs: [String]
    var envVars: [String: String]
    var secrets: [String]
    var volumes: [String]
    var permissionProfile: PermissionProfile?
    var isolateNetwork: Bool?
    var transport: String
    var allowLoaderEnv: Bool?
    var sandbox: String?
    var allowInstallScripts: Bool?
    var proxyAuth: String?

    init(_ config: RunConfig) {
        image = config.image
        remoteURL = config.remoteURL
        cmdArgs = config.cmdArgs
        envVars = config.envVars
        secrets = config.secrets.sorted()
        volumes = config.volumes
        permissionProfile = config.permissionProfile
        isolateNetwork = config.isolateNetwork
        transport = config.transport
        allowLoaderEnv = config.allowLoaderEnv
        sandbox = config.sandbox
        allowInstallScripts = config.allowInstallScripts
        proxyAuth = config.proxyAuth
    }

    /// Lowercase hex BLAKE2b-256 of the fields' canonical JSON.
    func digest() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(self)
        return try BLAKE2b.hash(Array(bytes), outputLength: 32).map { String(format: "%02x", $0) }.joined()
    }
}

/// The record of a signed import: `<data>/provenance/<name>.json`, the signer's key id and the digest of what it
/// signed.
struct SignedProvenanceRecord: Codable {
    var keyID: String
    var digest: String

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case digest
    }

    static func path(paths: HiveKeepPaths, name: String) -> String {
        paths.dataDirectory + "/provenance/\(name).json"
    }
}
