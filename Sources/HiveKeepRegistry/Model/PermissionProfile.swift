/// What a registry server may access when it runs: file system paths and outbound network.
public struct PermissionProfile: Codable, Sendable, Hashable {
    public var network: Network?
    /// Host paths the server may read.
    public var read: [String]?
    /// Host paths the server may write.
    public var write: [String]?
    public var privileged: Bool?

    public init(network: Network? = nil, read: [String]? = nil, write: [String]? = nil, privileged: Bool? = nil) {
        self.network = network
        self.read = read
        self.write = write
        self.privileged = privileged
    }

    /// Network permissions.
    public struct Network: Codable, Sendable, Hashable {
        public var outbound: Outbound?

        public init(outbound: Outbound? = nil) { self.outbound = outbound }
    }

    /// Outbound connections the server may open.
    public struct Outbound: Codable, Sendable, Hashable {
        public var insecureAllowAll: Bool?
        public var allowHost: [String]?
        public var allowPort: [Int]?

        public init(insecureAllowAll: Bool? = nil, allowHost: [String]? = nil, allowPort: [Int]? = nil) {
            self.insecureAllowAll = insecureAllowAll
            self.allowHost = allowHost
            self.allowPort = allowPort
        }

        enum CodingKeys: String, CodingKey {
            case insecureAllowAll = "insecure_allow_all"
            case allowHost = "allow_host"
            case allowPort = "allow_port"
        }
    }
}
