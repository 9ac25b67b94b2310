import HiveKeepCore

/// The static credentials a remote workload's proxy sends on every upstream request: `headers` entries and
/// `oauth_config.bearer_token` (`Authorization: Bearer`).
///
/// A value given as a secret reference is read from the secrets provider when the workload starts and handed to the
/// runner with its other secrets (over the pipe, never on a command line), under a reserved name
/// (``secretName(index:)``); the run configuration only ever holds the reference.
public struct UpstreamCredentials: Sendable {
    /// One header: a plain value, or the secret that holds it.
    public enum Value: Sendable, Hashable {
        case plain(String)
        case secret(SecretReference)
        /// `oauth_config.bearer_token`: the secret's value is sent as `Bearer VALUE`.
        case bearer(SecretReference)
    }

    /// The headers in order; `Authorization` from `bearer_token` comes last.
    public var headers: [(name: String, value: Value)]

    /// The name under which the secret of header `index` travels to the runner.
    public static func secretName(index: Int) -> String { "HIVEKEEP_UPSTREAM_HEADER_\(index)" }

    /// The credentials of `config` (none for a local workload).
    /// - Throws: 400 for a malformed entry (no name, a name that is not an HTTP token, a secret value in clear).
    public init(config: RunConfig) throws {
        headers = []
        guard config.remoteURL?.isEmpty == false, let auth = config.remoteAuthConfig else { return }
        for entry in auth.headers?.arrayValue ?? [] {
            guard let fields = entry.objectValue, let name = fields["name"]?.stringValue, Self.isToken(name) else {
                throw HiveKeepError.invalid("each headers entry needs a name that is an HTTP header name")
            }
            switch fields["value"] ?? fields["default"] {
            case .string(let text)?:
                guard case .bool(true)? = fields["secret"] else {
                    headers.append((name, .plain(text)))
                    continue
                }
                throw HiveKeepError.invalid(
                    "headers entry \(name) is secret: give its value as a secret reference {\"name\", \"target\"}")
            case .object(let reference)?:
                guard let secret = reference["name"]?.stringValue, !secret.isEmpty else {
                    throw HiveKeepError.invalid("headers entry \(name): a secret reference needs a name")
                }
                let target = reference["target"]?.stringValue ?? name
                headers.append((name, .secret(SecretReference(name: secret, target: target))))
            default:
                throw HiveKeepError.invalid("headers entry \(name) needs a value (a string or a secret reference)")
            }
        }
        if let stored = auth.bearerToken, !stored.isEmpty {
            headers.append(("Authorization", .bearer(try SecretReference(parsing: stored))))
        }
    }

    /// The secrets to read at start, by the reserved name each travels under.
    public var secretReferences: [(handover: String, reference: SecretReference)] {
        headers.enumerated().compactMap { index, header in
            switch header.value {
            case .plain: return nil
            case .secret(let reference), .bearer(let reference): return (Self.secretName(index: index), reference)
            }
        }
    }

    /// Whether `name` is an RFC 9110 token.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
    }
}
